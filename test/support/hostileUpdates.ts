import { sampleScoreSheets } from '../../db/referenceData.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { Rejection, type RejectionCode } from '../../domain/rejections.ts';
import { REPS } from './fixtures.ts';

// Hostile Updates, as data: what a client holding Temporal credentials could send straight to the
// running workflows, bypassing the checks of the CLI and the web pages. Each row names the workflow
// it goes to, the Update and its payload, and the refusal its validator must answer with (the
// failure's type and a fragment of its message). test/workflows/hostileUpdates.test.ts sends every
// row and checks that nothing entered history as accepted and no row or mail was added.

/** The workflows the rows go to, made once by the test before the rows run. */
export type UpdateTarget =
  /** The pledge round of a running cycle (with scoring in its calendar); DBP has signed. */
  | 'pledge'
  /** That cycle itself: its veto input. */
  | 'cycle'
  /** A report round (H1) on its own, open. */
  | 'report'
  /** A cross-score round on its own, open, on the seed's rubric. */
  | 'score'
  /** A pledge round that refuses late submissions, whose deadline passed for DBI (the others extended). */
  | 'closed';

export interface HostileUpdate {
  name: string;
  target: UpdateTarget;
  update: 'submit' | 'extend' | 'recordVeto';
  payload: unknown;
  rejection: RejectionCode;
  message: string;
}

const SPAM = 'hình bầu cua tôm cá';
const HUGE = 'x'.repeat(300_000);
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const MEMBERS = ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'];
/** DBI's valid cross-score sheets, for rows that break one thing in them. */
const sheets = () => sampleScoreSheets('DBI', MEMBERS, { TGI: 95, MAN: 90, DBP: 92, MLA: 88 }).sheets;
const withSheet = (target: string, criteria: Record<string, unknown>) => ({
  unit: 'DBI',
  actor: REPS.DBI,
  content: { sheets: { ...sheets(), [target]: { criteria: { ...sheets()[target]!.criteria, ...criteria } } } },
});
const report = (content: unknown, unit = 'DBI', actor: string = REPS.DBI) => ({ unit, actor, content });
const extension = (fields: Record<string, unknown>) => ({
  actor: 'snv.ha',
  units: ['TGI'],
  until: '2018-01-01T00:00:00+07:00',
  reason: 'Mưa lũ làm gián đoạn giao thông',
  ...fields,
});
const veto = (fields: Record<string, unknown>) => ({
  actor: 'snv.ha',
  unit: 'MLA',
  source: 'tax',
  reference: 'Công văn 12/CT-TTHT',
  description: 'Chậm nộp thuế kéo dài',
  ...fields,
});

const { InvalidInput, NotAMember, UnknownPerson, NotAuthorised, Duplicate, RoundClosed } = Rejection;

export const HOSTILE_UPDATES: HostileUpdate[] = [
  // Wrong types and shapes.
  {
    name: 'a string for a submission',
    target: 'pledge',
    update: 'submit',
    payload: 'DBI',
    rejection: InvalidInput,
    message: 'input: Invalid input',
  },
  {
    name: 'null for a submission',
    target: 'pledge',
    update: 'submit',
    payload: null,
    rejection: InvalidInput,
    message: 'input: Invalid input',
  },
  {
    name: 'an array for a submission',
    target: 'pledge',
    update: 'submit',
    payload: [],
    rejection: InvalidInput,
    message: 'input: Invalid input',
  },
  {
    name: 'a number for a unit',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 42, actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: Invalid input',
  },
  {
    name: 'no actor',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN' },
    rejection: InvalidInput,
    message: 'actor: Invalid input',
  },
  {
    name: 'no unit',
    target: 'pledge',
    update: 'submit',
    payload: { actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: Invalid input',
  },
  {
    name: 'an extra field',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: REPS.MAN, approvedBy: 'snv.ha' },
    rejection: InvalidInput,
    message: 'approvedBy',
  },
  {
    name: 'a channel that does not exist',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: REPS.MAN, channel: 'email' },
    rejection: InvalidInput,
    message: 'channel: Invalid option',
  },
  {
    name: 'content on a pledge',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: REPS.MAN, content: { narrative: 'ký' } },
    rejection: InvalidInput,
    message: 'a pledge carries no content',
  },
  {
    name: 'a huge actor',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: HUGE },
    rejection: InvalidInput,
    message: 'actor: a person id is',
  },
  {
    name: 'a huge unit',
    target: 'pledge',
    update: 'submit',
    payload: { unit: HUGE, actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: a unit code is',
  },

  // Who acts.
  {
    name: "another unit's representative",
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: REPS.DBI },
    rejection: NotAuthorised,
    message: 'dbi.binh is not the representative of MAN',
  },
  {
    name: "a unit of the province's other cluster",
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MCH', actor: 'mch.ly' },
    rejection: NotAMember,
    message: 'unit MCH is not a member',
  },
  {
    name: "the other cluster's representative for a member",
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'mch.ly' },
    rejection: UnknownPerson,
    message: 'mch.ly is not a person registered',
  },
  {
    name: 'a unit of the provincial departments',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'STP', actor: 'stp.duc' },
    rejection: NotAMember,
    message: 'unit STP is not a member',
  },
  {
    name: "another province's secretariat as the signer",
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'lc.thuy' },
    rejection: UnknownPerson,
    message: 'lc.thuy is not a person registered',
  },
  {
    name: 'a person nobody registered',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'ghost.person' },
    rejection: UnknownPerson,
    message: 'ghost.person',
  },
  {
    name: 'a second signature',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'DBP', actor: REPS.DBP },
    rejection: Duplicate,
    message: 'DBP already submitted',
  },

  // Junk in the identifiers.
  {
    name: 'the spam as a unit',
    target: 'pledge',
    update: 'submit',
    payload: { unit: SPAM, actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: a unit code is',
  },
  {
    name: 'a zero-width space in a unit',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'M\u200bAN', actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: a unit code is',
  },
  {
    name: 'a right-to-left override in an actor',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'man.hoa\u202e' },
    rejection: InvalidInput,
    message: 'actor: a person id is',
  },
  {
    name: 'an actor in NFD',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'lường.hoa'.normalize('NFD') },
    rejection: InvalidInput,
    message: 'actor: a person id is',
  },
  {
    name: 'SQL in an actor',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: "man.hoa'; DELETE FROM pledge; --" },
    rejection: InvalidInput,
    message: 'actor: a person id is',
  },
  {
    name: 'a script tag as a unit',
    target: 'pledge',
    update: 'submit',
    payload: { unit: '<script>alert(1)</script>', actor: REPS.MAN },
    rejection: InvalidInput,
    message: 'unit: a unit code is',
  },
  {
    name: 'a mail header smuggled into an actor',
    target: 'pledge',
    update: 'submit',
    payload: { unit: 'MAN', actor: 'man.hoa\r\nBcc: all@example.org' },
    rejection: InvalidInput,
    message: 'actor: a person id is',
  },

  // Extensions.
  {
    name: 'an extension with no reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: undefined }),
    rejection: InvalidInput,
    message: 'reason: Invalid input',
  },
  {
    name: 'an extension with a short reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: 'mưa', until: inAnHour() }),
    rejection: InvalidInput,
    message: 'at least 5 characters',
  },
  {
    name: 'an extension until a date that is not one',
    target: 'pledge',
    update: 'extend',
    payload: extension({ until: 'ngày mai' }),
    rejection: InvalidInput,
    message: 'until: expected an ISO 8601 date-time with a zone',
  },
  {
    name: 'an extension to the year 9999',
    target: 'pledge',
    update: 'extend',
    payload: extension({ until: '9999-12-31T23:59:59+07:00' }),
    rejection: InvalidInput,
    message: 'the latest deadline allowed is',
  },
  {
    name: 'an extension into the past',
    target: 'pledge',
    update: 'extend',
    payload: extension({ until: '2000-01-01T00:00:00+07:00' }),
    rejection: InvalidInput,
    message: 'has already passed',
  },
  {
    name: 'an extension by a member',
    target: 'pledge',
    update: 'extend',
    payload: extension({ actor: REPS.DBI, until: inAnHour() }),
    rejection: NotAuthorised,
    message: 'dbi.binh',
  },
  {
    name: "an extension by another province's secretariat",
    target: 'pledge',
    update: 'extend',
    payload: extension({ actor: 'lc.thuy', until: inAnHour() }),
    rejection: NotAuthorised,
    message: 'lc.thuy',
  },
  {
    name: 'an extension for a unit of another cluster',
    target: 'pledge',
    update: 'extend',
    payload: extension({ units: ['MCH'], until: inAnHour() }),
    rejection: NotAMember,
    message: 'MCH',
  },
  {
    name: 'an extension for no unit',
    target: 'pledge',
    update: 'extend',
    payload: extension({ units: [], until: inAnHour() }),
    rejection: InvalidInput,
    message: 'units',
  },
  {
    name: 'an extension for the spam',
    target: 'pledge',
    update: 'extend',
    payload: extension({ units: [SPAM], until: inAnHour() }),
    rejection: InvalidInput,
    message: 'a unit code is',
  },
  {
    name: 'an escape sequence in a reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: 'Mưa lũ \u001b[2J kéo dài', until: inAnHour() }),
    rejection: InvalidInput,
    message: 'control character (U+001B)',
  },
  {
    name: 'a right-to-left override in a reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: 'Mưa lũ \u202ekéo dài', until: inAnHour() }),
    rejection: InvalidInput,
    message: 'bidirectional control character (U+202E)',
  },
  {
    name: 'an isolate in a reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: 'Mưa lũ \u2067kéo dài\u2069', until: inAnHour() }),
    rejection: InvalidInput,
    message: 'bidirectional control character (U+2067)',
  },
  {
    name: 'a huge reason',
    target: 'pledge',
    update: 'extend',
    payload: extension({ reason: HUGE, until: inAnHour() }),
    rejection: InvalidInput,
    message: 'reason',
  },
  {
    name: 'an extra field in an extension',
    target: 'pledge',
    update: 'extend',
    payload: extension({ until: inAnHour(), penaltyPoints: 0 }),
    rejection: InvalidInput,
    message: 'penaltyPoints',
  },

  // Reports.
  {
    name: 'a number for a report',
    target: 'report',
    update: 'submit',
    payload: report(42),
    rejection: InvalidInput,
    message: 'is not valid',
  },
  {
    name: 'a report with no content',
    target: 'report',
    update: 'submit',
    payload: report(undefined),
    rejection: InvalidInput,
    message: 'is not valid',
  },
  {
    name: 'a report with a NUL character',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết\u0000' }),
    rejection: InvalidInput,
    message: 'narrative: contains a NUL character',
  },
  {
    name: 'a report with a broken character',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết \ud800 6 tháng' }),
    rejection: InvalidInput,
    message: 'unpaired surrogate U+D800',
  },
  {
    name: 'a report with an override in its narrative',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Thu ngân sách đạt \u202e%55' }),
    rejection: InvalidInput,
    message: 'narrative: contains a bidirectional control character (U+202E)',
  },
  {
    name: 'a figure that is neither a number nor text',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng', figures: { 'thu ngân sách (%)': { value: 55 } } }),
    rejection: InvalidInput,
    message: 'thu ngân sách (%)',
  },
  {
    name: 'a narrative of zero-width characters only',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: '\u200b\u200c\u200d\ufeff \u2060' }),
    rejection: InvalidInput,
    message: 'the narrative may not be empty or blank',
  },
  {
    name: 'a figure named on two lines',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng', figures: { 'thu ngân\r\nsách': 55 } }),
    rejection: InvalidInput,
    message: 'must be one line',
  },
  {
    name: 'a narrative over 64 KiB',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết '.repeat(20_000) }),
    rejection: InvalidInput,
    message: 'the limit is 65,536 bytes',
  },
  {
    name: 'a figure given as text of 500 characters',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng', figures: { 'thu ngân sách (%)': 'đạt '.repeat(125) } }),
    rejection: InvalidInput,
    message: 'at most 200 characters',
  },
  {
    name: 'a report with 51 figures',
    target: 'report',
    update: 'submit',
    payload: report({
      narrative: 'Sơ kết 6 tháng',
      figures: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`chỉ tiêu ${i}`, i])),
    }),
    rejection: InvalidInput,
    message: 'at most 50 figures',
  },
  {
    name: 'an extra field in a report',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng', approved: true }),
    rejection: InvalidInput,
    message: 'approved',
  },
  {
    name: 'a report of another unit',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng' }, 'MAN', REPS.DBI),
    rejection: NotAuthorised,
    message: 'dbi.binh is not the representative of MAN',
  },
  {
    name: "a report by the other cluster's representative",
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết 6 tháng' }, 'MCH', 'mch.ly'),
    rejection: NotAMember,
    message: 'unit MCH is not a member',
  },
  {
    name: 'a payload of 150,000 values',
    target: 'report',
    update: 'submit',
    payload: report({ narrative: 'Sơ kết', list: Array.from({ length: 150_000 }, () => 1) }),
    rejection: InvalidInput,
    message: 'more than 100,000 values',
  },

  // Cross-scores.
  {
    name: 'sheets that are a string',
    target: 'score',
    update: 'submit',
    payload: report({ sheets: 'all 10' }),
    rejection: InvalidInput,
    message: 'not valid',
  },
  {
    name: 'cross-scores with no content',
    target: 'score',
    update: 'submit',
    payload: report(undefined),
    rejection: InvalidInput,
    message: 'not valid',
  },
  {
    name: 'a score out of range',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { A1: 999 }),
    rejection: InvalidInput,
    message: 'A1',
  },
  {
    name: 'a negative score',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { A1: -1 }),
    rejection: InvalidInput,
    message: 'A1',
  },
  {
    name: 'a score in words',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { A1: 'mười' }),
    rejection: InvalidInput,
    message: 'A1',
  },
  {
    name: 'a score as a numeric string',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { A1: '9.5' }),
    rejection: InvalidInput,
    message: 'A1',
  },
  {
    name: 'an unknown criterion',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { Z9: 5 }),
    rejection: InvalidInput,
    message: 'Z9',
  },
  {
    name: 'a criterion named with the spam',
    target: 'score',
    update: 'submit',
    payload: withSheet('TGI', { [SPAM]: 5 }),
    rejection: InvalidInput,
    message: SPAM,
  },
  {
    name: 'a sheet for the scorer itself',
    target: 'score',
    update: 'submit',
    payload: { unit: 'DBI', actor: REPS.DBI, content: { sheets: { ...sheets(), DBI: sheets().TGI } } },
    rejection: InvalidInput,
    message: 'DBI',
  },
  {
    name: 'a sheet missing',
    target: 'score',
    update: 'submit',
    payload: { unit: 'DBI', actor: REPS.DBI, content: { sheets: { TGI: sheets().TGI } } },
    rejection: InvalidInput,
    message: 'MAN',
  },
  {
    name: 'a sheet for a unit of another cluster',
    target: 'score',
    update: 'submit',
    payload: { unit: 'DBI', actor: REPS.DBI, content: { sheets: { ...sheets(), MCH: sheets().TGI } } },
    rejection: InvalidInput,
    message: 'MCH',
  },
  {
    name: 'cross-scores by the wrong representative',
    target: 'score',
    update: 'submit',
    payload: { ...withSheet('TGI', {}), actor: REPS.MAN },
    rejection: NotAuthorised,
    message: 'man.hoa is not the representative of DBI',
  },
  {
    name: 'every criterion of the rubric missing from a sheet',
    target: 'score',
    update: 'submit',
    payload: { unit: 'DBI', actor: REPS.DBI, content: { sheets: { ...sheets(), TGI: { criteria: {} } } } },
    rejection: InvalidInput,
    message: DB_VT_2018_RUBRIC.groups[0]!.criteria[0]!.code,
  },

  // A closed round.
  {
    name: 'a signature after the deadline of a round that refuses late ones',
    target: 'closed',
    update: 'submit',
    payload: { unit: 'DBI', actor: REPS.DBI },
    rejection: RoundClosed,
    message: 'refuses late submissions',
  },

  // Veto inputs to the cycle.
  {
    name: 'a veto by a member',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ actor: REPS.DBI }),
    rejection: NotAuthorised,
    message: 'only the secretariat',
  },
  {
    name: "a veto by another province's secretariat",
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ actor: 'lc.thuy' }),
    rejection: NotAuthorised,
    message: 'lc.thuy may not',
  },
  {
    name: 'a veto from an unknown source',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ source: 'rumour' }),
    rejection: InvalidInput,
    message: 'source',
  },
  {
    name: 'a veto on a unit of another cluster',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ unit: 'MCH' }),
    rejection: NotAMember,
    message: 'MCH',
  },
  {
    name: 'a veto reference on two lines',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ reference: 'Công văn 12\r\nBcc: all@example.org' }),
    rejection: InvalidInput,
    message: 'reference: must be one line',
  },
  {
    name: 'a veto with a huge description',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ description: HUGE }),
    rejection: InvalidInput,
    message: 'description',
  },
  {
    name: 'a veto with no reference',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ reference: undefined }),
    rejection: InvalidInput,
    message: 'reference',
  },
  {
    name: 'a veto with an extra field',
    target: 'cycle',
    update: 'recordVeto',
    payload: veto({ points: -100 }),
    rejection: InvalidInput,
    message: 'points',
  },
];
