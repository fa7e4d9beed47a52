import { sampleScoreSheets } from '../../db/referenceData.ts';

// Hostile form posts to the web pages, as data: what a signed-in person of the seed data (DBI's
// representative, dbi.binh, with a valid CSRF token unless the row says otherwise) sends through
// the web server's HTTP interface, the status it must answer with and a fragment of the page.
// test/web/hostileWeb.test.ts posts every row and checks that no row or mail was added (or, for
// the accepted rows, that the report is stored escaped-on-output and quarantined when it should be).

/** The rounds the rows post to, made once by the test. */
export interface HostileWebWorld {
  /** The pledge round of a running cycle; DBI has signed. */
  pledge: string;
  /** A report round (H1) on its own, open; nothing submitted. */
  report: string;
  /** A cross-score round on its own, open; nothing submitted. */
  score: string;
  /** A report round (H1) on its own, open, for the accepted rows. */
  accepting: string;
  /** A report round (H1) on its own that has closed (its workflow completed); nothing submitted. */
  closed: string;
}

export interface HostileWebCase {
  name: string;
  path: '/task/pledge' | '/task/report' | '/task/score';
  form: (w: HostileWebWorld) => Record<string, string>;
  /** The CSRF token sent: the page's (default), none, or one made up. */
  csrf?: 'missing' | 'forged';
  /** Stopped behind the web server, by the round (its Update validator, or a round that has ended), rather than by the web server's own checks. */
  byWorkflow?: true;
  /** The report is stored (and quarantined when `quarantined` says so): these go to `accepting`. */
  accepted?: { quarantined: string[] };
  status: number;
  /** A fragment of the page's text. */
  message: string;
}

const SPAM = 'hình bầu cua tôm cá';
const FORBIDDEN = 'Bạn không phải người đại diện';
const NO_TASK = 'Không có nhiệm vụ này';
const pledge = (w: HostileWebWorld, unit = 'DBI') => ({ wf: w.pledge, unit });
const report = (w: HostileWebWorld, narrative: string, unit = 'DBI') => ({ wf: w.report, unit, narrative });
const accepted = (w: HostileWebWorld, narrative: string) => ({ wf: w.accepting, unit: 'DBI', narrative });

/** DBI's cross-scores as the score page's fields (`s.<unit>.<criterion>`), with some fields changed or added. */
export function scoreForm(w: HostileWebWorld, change: Record<string, string> = {}, unit = 'DBI'): Record<string, string> {
  const { sheets } = sampleScoreSheets('DBI', ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'], { TGI: 95, MAN: 90, DBP: 92, MLA: 88 });
  const fields = Object.entries(sheets).flatMap(([target, sheet]) =>
    Object.entries(sheet.criteria).map(([code, value]): [string, string] => [`s.${target}.${code}`, String(value)]),
  );
  const values: Record<string, string> = Object.fromEntries(fields);
  return { wf: w.score, unit, ...values, ...change };
}

export const HOSTILE_WEB_CASES: HostileWebCase[] = [
  // Other people's tasks, forged units and rounds.
  { name: "another unit's pledge", path: '/task/pledge', form: (w) => pledge(w, 'MAN'), status: 403, message: FORBIDDEN },
  { name: "a unit of the province's other cluster", path: '/task/pledge', form: (w) => pledge(w, 'MCH'), status: 403, message: FORBIDDEN },
  { name: 'a provincial department as the unit', path: '/task/pledge', form: (w) => pledge(w, 'STP'), status: 403, message: FORBIDDEN },
  { name: 'no unit', path: '/task/pledge', form: (w) => ({ wf: w.pledge }), status: 400, message: NO_TASK },
  { name: 'the seed spam as the unit', path: '/task/pledge', form: (w) => pledge(w, SPAM), status: 400, message: NO_TASK },
  {
    name: 'a script tag as the unit',
    path: '/task/pledge',
    form: (w) => pledge(w, '<script>alert(1)</script>'),
    status: 400,
    message: NO_TASK,
  },
  { name: 'a zero-width space in the unit', path: '/task/pledge', form: (w) => pledge(w, 'D\u200bBI'), status: 400, message: NO_TASK },
  { name: 'a unit in lower case', path: '/task/pledge', form: (w) => pledge(w, 'dbi'), status: 400, message: NO_TASK },
  { name: 'no round', path: '/task/pledge', form: () => ({ unit: 'DBI' }), status: 404, message: NO_TASK },
  {
    name: 'SQL as the round',
    path: '/task/pledge',
    form: () => ({ wf: "cycle/DB-VT/2018/pledge'; DELETE FROM pledge; --", unit: 'DBI' }),
    status: 404,
    message: NO_TASK,
  },
  {
    name: 'a round of a cycle that was never started',
    path: '/task/pledge',
    form: () => ({ wf: 'cycle/DB-VC/2018/pledge', unit: 'DBI' }),
    status: 409,
    message: 'Vòng này chưa mở',
  },
  {
    name: 'a report round sent to the pledge form',
    path: '/task/pledge',
    form: (w) => ({ wf: w.report, unit: 'DBI' }),
    status: 400,
    message: NO_TASK,
  },
  {
    name: 'a second signature',
    path: '/task/pledge',
    form: (w) => pledge(w),
    byWorkflow: true,
    status: 409,
    message: 'DBI already submitted',
  },
  {
    name: 'a signer forged in a field of its own',
    path: '/task/pledge',
    form: (w) => ({ ...pledge(w), signer: 'man.hoa', actor: 'man.hoa', person: 'man.hoa' }),
    byWorkflow: true,
    status: 409,
    message: '(by dbi.binh)',
  },
  {
    name: 'no CSRF token',
    path: '/task/pledge',
    csrf: 'missing',
    form: (w) => pledge(w, 'MAN'),
    status: 403,
    message: 'Biểu mẫu này không còn hợp lệ',
  },
  {
    name: 'a made-up CSRF token',
    path: '/task/pledge',
    csrf: 'forged',
    form: (w) => pledge(w, 'MAN'),
    status: 403,
    message: 'Biểu mẫu này không còn hợp lệ',
  },
  {
    name: 'a form over 256 KiB',
    path: '/task/pledge',
    form: (w) => ({ ...pledge(w), pad: 'x'.repeat(300_000) }),
    status: 413,
    message: 'vượt quá giới hạn 256 KiB',
  },

  // Reports: junk, oversized, invisible and direction-changing text.
  {
    name: "another unit's report",
    path: '/task/report',
    form: (w) => report(w, 'Sơ kết 6 tháng.', 'MAN'),
    status: 403,
    message: FORBIDDEN,
  },
  {
    name: 'an empty narrative',
    path: '/task/report',
    form: (w) => report(w, ''),
    status: 400,
    message: 'Nội dung báo cáo không được để trống',
  },
  {
    name: 'a narrative of zero-width characters',
    path: '/task/report',
    form: (w) => report(w, '\u200b\u200c\u200d\ufeff'),
    status: 400,
    message: 'Nội dung báo cáo không được để trống',
  },
  {
    name: 'a narrative with a NUL character',
    path: '/task/report',
    form: (w) => report(w, 'Sơ kết\u0000 6 tháng'),
    status: 400,
    message: 'Có một ký tự không lưu được (U+0000) ở vị trí 7',
  },
  {
    name: 'a narrative with an escape sequence',
    path: '/task/report',
    form: (w) => report(w, 'Sơ kết \u001b[2J6 tháng'),
    status: 400,
    message: 'Có một ký tự không lưu được (U+001B)',
  },
  {
    name: 'a narrative with a right-to-left override',
    path: '/task/report',
    form: (w) => report(w, 'Thu ngân sách đạt \u202e%55'),
    status: 400,
    message: 'Có một ký tự không lưu được (U+202E) ở vị trí 19',
  },
  {
    name: 'a narrative with an isolate',
    path: '/task/report',
    form: (w) => report(w, 'Sơ kết \u2067ẩn\u2069 6 tháng'),
    status: 400,
    message: 'Có một ký tự không lưu được (U+2067)',
  },
  {
    name: 'a narrative of 21,000 characters',
    path: '/task/report',
    form: (w) => report(w, 'Sơ kết '.repeat(3_000)),
    status: 400,
    message: 'Nội dung báo cáo dài tối đa 20.000 ký tự',
  },
  {
    name: 'a narrative over 256 KiB',
    path: '/task/report',
    form: (w) => report(w, 'x'.repeat(300_000)),
    status: 413,
    message: 'vượt quá giới hạn 256 KiB',
  },
  {
    name: 'a script tag and a forged unit in a report',
    path: '/task/report',
    form: (w) => report(w, '<script>alert(1)</script>', 'MAN'),
    status: 403,
    message: FORBIDDEN,
  },

  {
    name: 'a report to a closed round',
    path: '/task/report',
    form: (w) => ({ ...report(w, 'Sơ kết 6 tháng.'), wf: w.closed }),
    byWorkflow: true,
    status: 409,
    message: 'Vòng đã đóng',
  },

  // Cross-scores: out of range, not numbers, unknown criteria, sheets that may not be there.
  {
    name: 'a score in words',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': 'mười' }),
    status: 400,
    message: 'Hãy nhập một số',
  },
  {
    name: 'a negative score',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': '-1' }),
    status: 400,
    message: 'Hãy nhập một số',
  },
  {
    name: 'a score in exponent notation',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': '1e1' }),
    status: 400,
    message: 'Hãy nhập một số',
  },
  {
    name: 'a zero-width space in a score',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': '9\u200b.5' }),
    status: 400,
    message: 'Hãy nhập một số',
  },
  {
    name: 'a script tag as a score',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': '<script>alert(1)</script>' }),
    status: 400,
    message: 'Hãy nhập một số',
  },
  {
    name: 'a score over its maximum',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.TGI.A1': '999' }),
    status: 400,
    message: 'A1 được chấm 999 điểm, vượt quá mức tối đa 10 điểm',
  },
  { name: 'an unknown criterion', path: '/task/score', form: (w) => scoreForm(w, { 's.TGI.Z9': '5' }), status: 400, message: 'Z9' },
  {
    name: 'a sheet for the scorer itself',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.DBI.A1': '5' }),
    status: 400,
    message: 'DBI không tự chấm điểm đơn vị mình',
  },
  {
    name: 'a sheet for a unit of another cluster',
    path: '/task/score',
    form: (w) => scoreForm(w, { 's.MCH.A1': '5' }),
    status: 400,
    message: 'MCH',
  },
  {
    name: 'a sheet missing',
    path: '/task/score',
    form: (w) => ({ wf: w.score, unit: 'DBI', 's.TGI.A1': '5' }),
    status: 400,
    message: 'Chưa chấm tiêu chí A2 (Thu ngân sách)',
  },
  { name: "another unit's cross-scores", path: '/task/score', form: (w) => scoreForm(w, {}, 'MAN'), status: 403, message: FORBIDDEN },

  // Accepted: HTML is literal text (shown escaped); spam and links are quarantined for the secretariat.
  {
    name: 'HTML and script in a narrative',
    path: '/task/report',
    form: (w) => accepted(w, 'Sơ kết <b>đậm</b> <script>alert("x")</script> <img src=x onerror=alert(1)>'),
    accepted: { quarantined: [] },
    status: 200,
    message: 'phiên bản 1',
  },
  {
    name: 'the seed spam in a narrative',
    path: '/task/report',
    form: (w) => accepted(w, `Sơ kết 6 tháng. Xem ${SPAM}.`),
    accepted: { quarantined: ['bầu cua', 'tôm cá'] },
    status: 200,
    message: 'phiên bản 2',
  },
  {
    name: 'the seed spam half stripped',
    path: '/task/report',
    form: (w) => accepted(w, 'Sơ kết 6 tháng. Xem hình bâu cua tôm ca.'),
    accepted: { quarantined: ['bâu cua', 'tôm ca'] },
    status: 200,
    message: 'phiên bản 3',
  },
  {
    name: 'the seed spam in NFD with zero-width joiners',
    path: '/task/report',
    form: (w) => accepted(w, `Sơ kết. Xem hình bầu\u200dcua tôm cá.`.normalize('NFD')),
    accepted: { quarantined: ['bầucua', 'tôm cá'] },
    status: 200,
    message: 'phiên bản 4',
  },
  {
    name: 'a link in a narrative',
    path: '/task/report',
    form: (w) => accepted(w, 'Chi tiết tại www.nhacai.vn/khuyen-mai'),
    accepted: { quarantined: ['www.nhacai.vn/khuyen-mai'] },
    status: 200,
    message: 'phiên bản 5',
  },
];
