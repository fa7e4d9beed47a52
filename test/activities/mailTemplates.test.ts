import { describe, expect, it } from 'vitest';
import { renderDecision, renderMinutes, renderRevocation, renderSubmission } from '../../activities/documents.ts';
import { conferenceHeld, handoverNotice, mergeNotice } from '../../activities/mail/conferenceMails.ts';
import {
  awardNotice,
  councilReminder,
  decisionNotice,
  nominationReturned,
  proposalReturned,
  revocationNotice,
  sessionFailed,
} from '../../activities/mail/councilMails.ts';
import { adjustmentNotice, consolidatedTableMail, leadersAsked, outcomeMail, tableLines } from '../../activities/mail/scoringMails.ts';
import {
  campaignLaunched,
  extensionNotice,
  lateSubmissionNotice,
  quarantineNotice,
  reportWording,
  roundClosed,
  roundEscalation,
  roundInvitation,
  roundReminder,
  submissionReceipt,
  type RenderedMail,
  type Wording,
} from '../../activities/mail/templates.ts';
import { consolidate, tableOf, vietnameseNotes, type Consolidation } from '../../domain/consolidation.ts';
import { REPORT_PERIODS } from '../../domain/report.ts';
import { ROUND_KINDS } from '../../domain/round.ts';
import { roundTaskLink, unitClosing, wordingOf } from '../../activities/roundMail.ts';
import { documentUrl, taskPageUrl } from '../../activities/mail/links.ts';
import { parseLinkKeys, verifyTaskLink } from '../../taskLinks/taskLink.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { headerValue } from '../../domain/text.ts';

// Mail text is Vietnamese in both parts, and every interpolated value is escaped in the HTML part:
// names and titles come from reference data and participants and must never become markup.

const greeting = { recipientName: 'Quàng Văn Bình', clusterName: 'Cụm thi đua vùng thấp', year: 2018 };
/** A personal task link as a mail template is given it (activities/mail/links.ts makes the real ones). */
const LINK = 'https://tdkt.example.gov.vn/t/eyJwIjoxfQ.k1.c2ln';
// The mails' words of each round kind are written once, in the round-kind descriptor.
const PLEDGE = ROUND_KINDS.pledge.mail;
const SCORE = ROUND_KINDS.score.mail;
const BALLOT = ROUND_KINDS.ballot.mail;

describe('mail templates', () => {
  it('write the same Vietnamese content in the plain-text and the HTML part', () => {
    const mail = submissionReceipt({
      ...greeting,
      w: PLEDGE,
      unitName: 'UBND huyện Điện Biên',
      at: Date.parse('2018-03-01T02:00:00Z'),
      late: false,
      version: 1,
      penalty: 0,
    });
    expect(mail.subject).toBe('[Cụm thi đua vùng thấp] Đã nhận giao ước thi đua của UBND huyện Điện Biên');
    expect(mail.text).toContain(
      'Hệ thống đã ghi nhận giao ước thi đua năm 2018 của UBND huyện Điện Biên, ký lúc 09:00:00 ngày 01/03/2018.',
    );
    expect(mail.html).toContain(
      'Hệ thống đã ghi nhận giao ước thi đua năm 2018 của UBND huyện Điện Biên, ký lúc 09:00:00 ngày 01/03/2018.',
    );
    expect(mail.html).toContain('<html lang="vi">');
    expect(mail.html).toContain('<meta charset="utf-8">');
  });

  it('escape hostile values in the HTML part and leave the plain text as written', () => {
    const hostile = '<script>alert("hình bầu cua")</script> & co';
    const mail = campaignLaunched({
      ...greeting,
      recipientName: hostile,
      campaigns: [{ code: 'X', title: '<img src=x onerror=alert(1)>' }],
      pledgeDeadline: Date.parse('2018-03-31T10:00:00Z'),
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;hình bầu cua&quot;)&lt;/script&gt; &amp; co');
    expect(mail.html).toContain('<li>&lt;img src=x onerror=alert(1)&gt;</li>');
    expect(mail.text).toContain(`Kính gửi ${hostile},`);
    expect(mail.html).toContain('<strong>17:00:00 ngày 31/03/2018</strong>');
  });

  it('list the missing units in an escalation', () => {
    const mail = roundEscalation({
      ...greeting,
      w: PLEDGE,
      missing: [{ code: 'MLA', name: 'UBND thị xã Mường Lay' }],
      deadline: Date.parse('2018-03-31T10:00:00Z'),
      closesAt: Date.parse('2018-04-15T10:00:00Z'),
    });
    expect(mail.subject).toBe('[Cụm thi đua vùng thấp] Quá hạn ký giao ước thi đua: 1 đơn vị chưa ký');
    expect(mail.text).toContain('  - UBND thị xã Mường Lay (MLA)');
    expect(mail.html).toContain('<li>UBND thị xã Mường Lay (MLA)</li>');
  });

  it('cannot smuggle a header through a subject', () => {
    const mail = submissionReceipt({
      ...greeting,
      w: PLEDGE,
      unitName: 'X\r\nBcc: victim@example.org',
      at: 0,
      late: false,
      version: 1,
      penalty: 0,
    });
    expect(() => headerValue(mail.subject)).toThrow('may not contain CR or LF');
  });
});

// Wording: every mail of every round kind, the council's and the year end's, and the Vietnamese
// documents, read without a word or two-word phrase said twice in a row ("Mời bỏ phiếu phiếu
// bầu…") and without the English of the CLI's tie-break notes.

/**
 * The first word or two-word phrase repeated back to back within a sentence or clause of `text`,
 * or undefined. A command's option and its value ("--cycle cycle/DB-VT/2018") are different words.
 */
function doubled(text: string): string | undefined {
  for (const clause of text.toLocaleLowerCase('vi').split(/[.;:!?]\s|\n/)) {
    const words = clause
      .split(/\s+/)
      .map((w) => w.replace(/^[,()[\]"«»]+|[,()[\]"«».:;]+$/g, ''))
      .filter((w) => /\p{L}/u.test(w));
    for (let i = 0; i + 1 < words.length; i++) {
      if (words[i] === words[i + 1]) return `${words[i]} ${words[i + 1]}`;
      if (words[i] === words[i + 2] && words[i + 1] === words[i + 3]) return words.slice(i, i + 4).join(' ');
    }
  }
  return undefined;
}

/** The words of an HTML document, without its markup. */
const textOf = (htmlText: string) =>
  htmlText
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, '\n')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
const ENGLISH = /\b(tied|with|every|group|ballot|decides|ahead|behind|veto|against|cross-scores)\b/i;

const WORDINGS: [string, Wording][] = [
  ['pledge', PLEDGE],
  ['score', SCORE],
  ['ballot', BALLOT],
  ...Object.entries(REPORT_PERIODS).map(([period, title]) => [`report ${period}`, reportWording(title)] as [string, Wording]),
];
const AT = Date.parse('2018-11-20T02:00:00Z');
const units = [
  { code: 'MLA', name: 'UBND thị xã Mường Lay' },
  { code: 'DBP', name: 'UBND thành phố Điện Biên Phủ' },
];
const NAMES = new Map([
  ['TGI', 'UBND huyện Tuần Giáo'],
  ['DBI', 'UBND huyện Điện Biên'],
  ['MAN', 'UBND huyện Mường Ảng'],
  ['DBP', 'UBND thành phố Điện Biên Phủ'],
  ['MLA', 'UBND thị xã Mường Lay'],
  ['NPO', 'UBND huyện Nậm Pồ'],
]);

function roundMails(w: Wording): RenderedMail[] {
  const unit = { ...greeting, w, unitName: 'UBND huyện Điện Biên' };
  return [
    roundInvitation({ ...unit, deadline: AT, link: LINK }),
    submissionReceipt({ ...unit, at: AT, late: false, version: 1, penalty: 0 }),
    submissionReceipt({ ...unit, at: AT, late: true, version: 2, penalty: 1, total: 95.5 }),
    roundReminder({ ...unit, seq: 1, deadline: AT, link: LINK }),
    ...[null, AT, AT + 86_400_000].map((closesAt) => roundEscalation({ ...greeting, w, missing: units, deadline: AT, closesAt })),
    roundClosed({ ...greeting, w, submitted: 3, total: 5, late: units.slice(0, 1), missing: units.slice(1) }),
    lateSubmissionNotice({ ...unit, unitCode: 'DBI', at: AT, deadline: AT - 1000, penalty: 1 }),
    quarantineNotice({ ...unit, unitCode: 'DBI', version: 2, fragments: ['hình bầu cua tôm cá'] }),
    extensionNotice({ ...unit, until: AT, reason: 'Mưa lũ làm gián đoạn giao thông', link: LINK }),
  ];
}

/**
 * A table with every kind of note: TGI and DBI tied in every group (the ballot decides), MAN tied
 * with them but vetoed, DBP and MLA tied on total but split by group A, NPO with no cross-scores.
 */
function tiedConsolidation(): Consolidation {
  const max = Object.fromEntries(DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria.map((c) => [c.code, c.max])));
  const short = (code: string, points: number) => ({ ...max, [code]: max[code]! - points });
  const criteria: Record<string, Record<string, number>> = {
    TGI: max,
    DBI: max,
    MAN: max,
    DBP: short('A1', 2),
    MLA: { ...short('A1', 1), B1: max.B1! - 1 },
  };
  const members = [...NAMES.keys()];
  const sheets = Object.keys(criteria).flatMap((target) =>
    members.filter((s) => s !== target && s !== 'NPO').map((scorer) => ({ scorer, target, criteria: criteria[target]! })),
  );
  return consolidate({
    rubric: DB_VT_2018_RUBRIC,
    members,
    sheets,
    excludedScorers: [{ unit: 'NPO', reason: 'did not score' }],
    bonus: {},
    penalties: [],
    adjustments: [],
    vetoes: [
      {
        unit: 'MAN',
        source: 'police',
        reference: 'Công văn 45/CAT-PV01',
        description: 'Vi phạm trật tự',
        by: 'snv.ha',
        at: new Date(AT).toISOString(),
      },
    ],
  });
}

describe('the wording of mails and documents', () => {
  it('says no word or two-word phrase twice in a row in any round mail of any round kind', () => {
    const checked = WORDINGS.flatMap(([kind, w]) => roundMails(w).map((mail) => ({ kind, mail })));
    expect(checked).toHaveLength(WORDINGS.length * 11);
    for (const { kind, mail } of checked) {
      expect(doubled(mail.subject), `${kind}: ${mail.subject}`).toBeUndefined();
      expect(doubled(mail.text), `${kind}: ${mail.text}`).toBeUndefined();
    }
    expect(roundInvitation({ ...greeting, w: BALLOT, unitName: 'UBND huyện Điện Biên', deadline: AT, link: LINK }).subject).toBe(
      '[Cụm thi đua vùng thấp] Mời bỏ phiếu bình xét năm 2018',
    );
    expect(
      roundInvitation({
        ...greeting,
        w: reportWording(REPORT_PERIODS.YEAR),
        unitName: 'UBND huyện Điện Biên',
        deadline: AT,
        link: LINK,
      }).subject,
    ).toBe('[Cụm thi đua vùng thấp] Mời nộp báo cáo tổng kết năm 2018');
    expect(roundClosed({ ...greeting, w: SCORE, submitted: 5, total: 5, late: [], missing: [] }).text).toContain(
      'Vòng chấm điểm chéo năm 2018 đã đóng: 5/5 đơn vị đã nộp.',
    );
  });

  it('writes the tie-break and the notes of the scoring minutes in Vietnamese, each kind of tie', () => {
    const consolidation = tiedConsolidation();
    const lines = tableLines(tableOf(consolidation), NAMES, vietnameseNotes(consolidation));
    const minutes = lines.join('\n');
    expect(minutes).toContain('bằng điểm DBI (100) ở mọi nhóm tiêu chí: cụm bỏ phiếu quyết định');
    expect(minutes).toContain('TGI xếp trên vì MAN có thông tin vi phạm');
    expect(minutes).toContain('nhóm A: 33 so với 34, nên xếp dưới MLA');
    expect(minutes).toContain('có thông tin vi phạm từ Công an (Công văn 45/CAT-PV01)');
    expect(minutes).toContain('không nhận được phiếu chấm chéo nào cho đơn vị');
    expect(minutes).not.toMatch(ENGLISH);
    const mails = [
      consolidatedTableMail({
        ...greeting,
        table: tableOf(consolidation),
        names: NAMES,
        notes: vietnameseNotes(consolidation),
        ballotOpensAt: AT,
        link: LINK,
      }),
      outcomeMail({
        ...greeting,
        ranking: lines,
        nominations: ['Cờ thi đua của UBND tỉnh: UBND huyện Tuần Giáo (TGI)'],
        minutes: [minutes],
      }),
    ];
    expect(mails[0]!.text).toContain(`Trang bảng tổng hợp và điều chỉnh điểm:\n${LINK}`);
    for (const mail of mails) {
      expect(mail.text).not.toContain('tdkt ');
      expect(mail.text).not.toMatch(ENGLISH);
      expect(doubled(mail.subject)).toBeUndefined();
      expect(doubled(mail.text), mail.text).toBeUndefined();
    }
    // The CLI keeps its English notes.
    expect(consolidation.units.find((u) => u.unit === 'TGI')!.tieBreak).toContain(
      'tied with DBI at 100 in every group: the cluster ballot decides',
    );
  });

  it('says nothing twice in a row in the council, scoring and year-end mails and in the council documents', () => {
    const council = { recipientName: 'Lò Văn Mến', clusterName: 'Hội đồng Thi đua – Khen thưởng tỉnh Điện Biên', year: 2018 };
    const awarded = [{ award: 'flag' as const, unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', clusterName: 'Cụm thi đua vùng thấp' }];
    const mails: RenderedMail[] = [
      campaignLaunched({ ...greeting, campaigns: [{ code: 'C1', title: 'Thi đua xây dựng nông thôn mới' }], pledgeDeadline: AT }),
      councilReminder({ ...greeting, seq: 1, submitBy: AT, link: LINK }),
      nominationReturned({
        ...greeting,
        nomination: 'DB-VT:certificate:DBP',
        reason: 'Thiếu xác nhận của cơ quan thuế',
        link: LINK,
      }),
      sessionFailed({
        ...council,
        session: 1,
        reason: 'không đủ thành viên',
        link: 'https://tdkt.example.gov.vn/task?wf=council%2FDIEN-BIEN%2F2018',
      }),
      proposalReturned({ ...council, reason: 'Đề nghị họp lại', link: 'https://tdkt.example.gov.vn/task?wf=council%2FDIEN-BIEN%2F2018' }),
      awardNotice({ ...greeting, unitName: 'UBND huyện Tuần Giáo', award: 'flag', number: '101/QĐ-UBND', date: '20/12/2018' }),
      decisionNotice({
        ...council,
        number: '101/QĐ-UBND',
        date: '20/12/2018',
        awarded: ['Cờ thi đua của UBND tỉnh: UBND huyện Tuần Giáo'],
        notAwarded: [],
        documentUrl: 'https://tdkt.example.gov.vn/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh',
      }),
      revocationNotice({
        ...council,
        number: '102/QĐ-UBND',
        decisionNumber: '101/QĐ-UBND',
        revoked: [{ award: 'flag', unitName: 'UBND huyện Tuần Giáo' }],
        reason: 'Phát hiện vi phạm sau khi khen thưởng',
        documentUrl: 'https://tdkt.example.gov.vn/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh-thu-hoi-102',
      }),
      adjustmentNotice({
        ...greeting,
        unitName: 'UBND thị xã Mường Lay',
        points: 0.5,
        reason: 'Bổ sung minh chứng',
        by: 'dbi.binh',
        total: 88.5,
      }),
      leadersAsked({ ...greeting, candidates: units, deadline: AT, link: LINK }),
      conferenceHeld({
        ...greeting,
        heldAt: AT,
        chairName: 'UBND huyện Điện Biên',
        awards: ['Cờ thi đua của UBND tỉnh: UBND huyện Tuần Giáo'],
        certificates: [],
      }),
      handoverNotice({
        ...greeting,
        nextYear: 2019,
        fromChair: 'UBND huyện Điện Biên',
        toChair: 'UBND huyện Mường Ảng',
        toDeputy: 'UBND thị xã Mường Lay',
        skipped: [],
      }),
      mergeNotice({
        ...greeting,
        unitName: 'UBND thị xã Mường Lay',
        intoName: 'UBND thành phố Điện Biên Phủ',
        on: '2018-07-01',
        handling: 'transfer',
        reason: 'Nghị quyết 1661/NQ-UBTVQH15',
        rounds: ['cycle/DB-VT/2018/report-H1'],
      }),
    ];
    for (const mail of mails) {
      expect(doubled(mail.subject), mail.subject).toBeUndefined();
      expect(doubled(mail.text), mail.text).toBeUndefined();
    }
    const documents = [
      renderSubmission({
        clusterName: 'Cụm thi đua vùng thấp',
        chairUnitName: 'UBND huyện Điện Biên',
        province: 'Điện Biên',
        year: 2018,
        version: 2,
        note: 'Đã bổ sung xác nhận',
        nominations: [
          { award: 'flag', unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', rank: 1, total: 95.5, report: 'Thu ngân sách vượt 12%' },
        ],
        at: AT,
      }),
      renderMinutes({
        province: 'Điện Biên',
        year: 2018,
        session: 1,
        at: AT,
        members: 15,
        present: ['hd.pho1'],
        counts: [
          {
            nomination: 'DB-VT:flag:TGI',
            award: 'flag',
            for: 12,
            against: 1,
            abstain: 0,
            notVoted: 2,
            written: 1,
            needed: 12,
            approved: true,
            unitName: 'UBND huyện Tuần Giáo',
            clusterName: 'Cụm thi đua vùng thấp',
          },
        ],
      }),
      renderDecision({ province: 'Điện Biên', year: 2018, number: '101/QĐ-UBND', date: '20/12/2018', chairName: 'Lê Thành Đô', awarded }),
      renderRevocation({
        province: 'Điện Biên',
        year: 2018,
        number: '102/QĐ-UBND',
        date: '22/12/2018',
        decisionNumber: '101/QĐ-UBND',
        decisionDate: '20/12/2018',
        chairName: 'Lê Thành Đô',
        reason: 'Phát hiện vi phạm',
        revoked: awarded,
      }),
    ];
    for (const doc of documents) expect(doubled(textOf(doc.html)), doc.title).toBeUndefined();
  });

  it('finds a doubled word or phrase when there is one', () => {
    expect(doubled('Mời bỏ phiếu phiếu bầu bình xét')).toBe('phiếu phiếu');
    expect(doubled('Vòng chấm điểm chéo chấm điểm năm')).toBeUndefined();
    expect(doubled('Vòng chấm điểm chấm điểm năm')).toBe('chấm điểm chấm điểm');
    expect(doubled('Vòng ký kết đã đóng: 3/5 đơn vị đã ký.\nKý muộn:')).toBeUndefined();
    expect(doubled('tdkt explain --cycle cycle/DB-VT/2018')).toBeUndefined();
  });
});

describe('the round mails read the round kinds', () => {
  it('word each round from the round kinds', () => {
    const cycle = 'cycle/DB-VT/2018';
    const invitation = (ref: Parameters<typeof wordingOf>[0]) =>
      roundInvitation({ ...greeting, w: wordingOf(ref), unitName: 'UBND huyện Điện Biên', deadline: AT, link: LINK });
    const reminder = (ref: Parameters<typeof wordingOf>[0]) =>
      roundReminder({ ...greeting, w: wordingOf(ref), unitName: 'UBND huyện Điện Biên', seq: 2, deadline: AT, link: LINK });

    const pledge = { roundId: `${cycle}/pledge`, cycleId: cycle, kind: 'pledge' } as const;
    expect(invitation(pledge).subject).toBe('[Cụm thi đua vùng thấp] Mời ký kết giao ước thi đua năm 2018');
    expect(invitation(pledge).text).toContain(
      'Vòng ký kết giao ước thi đua năm 2018 đã mở. Đề nghị UBND huyện Điện Biên ký giao ước thi đua trước 09:00:00 ngày 20/11/2018.',
    );
    expect(invitation(pledge).text).toContain(
      `Để ký giao ước thi đua, mở đường dẫn riêng của đơn vị (không chuyển tiếp thư này):\n${LINK}`,
    );
    expect(invitation(pledge).html).toContain(`<a href="${LINK}">${LINK}</a>`);
    expect(reminder(pledge).text).toContain(`Để ký giao ước thi đua, mở đường dẫn riêng của đơn vị:\n${LINK}`);
    expect(reminder(pledge).subject).toBe('[Cụm thi đua vùng thấp] Nhắc lần 2: UBND huyện Điện Biên chưa ký giao ước thi đua');

    const score = { roundId: `${cycle}/score`, cycleId: cycle, kind: 'score' } as const;
    expect(invitation(score).subject).toBe('[Cụm thi đua vùng thấp] Mời chấm điểm chéo năm 2018');
    expect(invitation(score).html).toContain(
      'Vòng chấm điểm chéo năm 2018 đã mở. Đề nghị UBND huyện Điện Biên nộp phiếu chấm điểm chéo trước <strong>09:00:00 ngày 20/11/2018</strong>.',
    );
    expect(reminder(score).subject).toBe('[Cụm thi đua vùng thấp] Nhắc lần 2: UBND huyện Điện Biên chưa nộp phiếu chấm điểm chéo');

    const ballot = { roundId: `${cycle}/ballot-1`, cycleId: cycle, kind: 'ballot' } as const;
    expect(invitation(ballot).subject).toBe('[Cụm thi đua vùng thấp] Mời bỏ phiếu bình xét năm 2018');
    expect(invitation(ballot).text).toContain('Đề nghị UBND huyện Điện Biên bỏ phiếu bầu bình xét trước 09:00:00 ngày 20/11/2018.');
    expect(reminder(ballot).subject).toBe('[Cụm thi đua vùng thấp] Nhắc lần 2: UBND huyện Điện Biên chưa bỏ phiếu bầu bình xét');

    const h1 = { roundId: `${cycle}/report-H1`, cycleId: cycle, kind: 'report', period: 'H1' } as const;
    expect(invitation(h1).subject).toBe('[Cụm thi đua vùng thấp] Mời nộp báo cáo sơ kết 6 tháng năm 2018');
    expect(invitation(h1).text).toContain('Đề nghị UBND huyện Điện Biên nộp báo cáo sơ kết 6 tháng trước 09:00:00 ngày 20/11/2018.');
    const year = { roundId: `${cycle}/report-YEAR`, cycleId: cycle, kind: 'report', period: 'YEAR' } as const;
    expect(reminder(year).text).toContain('UBND huyện Điện Biên chưa nộp báo cáo tổng kết năm 2018. Thời hạn: 09:00:00 ngày 20/11/2018.');
  });

  it("give each round's personal link, valid until the unit's task closes", () => {
    const keys = parseLinkKeys(`k1:${Buffer.alloc(32, 7).toString('base64url')}`);
    const links = { baseUrl: 'https://tdkt.example.gov.vn/', keys };
    const ballot = { roundId: 'cycle/DB-VT/2018/ballot-2', cycleId: 'cycle/DB-VT/2018', kind: 'ballot' } as const;
    const url = roundTaskLink(links, ballot, 'DBI', 'dbi.binh', AT);
    expect(url).toMatch(/^https:\/\/tdkt\.example\.gov\.vn\/t\/[\w-]+\.k1\.[\w-]+$/);
    expect(verifyTaskLink(url.split('/t/')[1]!, keys, AT - 1)).toEqual({
      ok: true,
      claim: { person: 'dbi.binh', role: 'representative', task: 'cycle/DB-VT/2018/ballot-2', unit: 'DBI', expiresAt: AT },
    });
    expect(verifyTaskLink(url.split('/t/')[1]!, keys, AT)).toMatchObject({ ok: false, reason: 'expired' });

    const round = (late: object) => ({ opensAt: '2018-03-01T00:00:00Z', deadline: '2018-03-31T00:00:00Z', remindBefore: [], late });
    const deadline = Date.parse('2018-03-31T00:00:00Z');
    const day = 86_400_000;
    // Late submissions taken for 5 days: the grace period follows the unit's (extended) deadline.
    const accept = round({ mode: 'accept', graceUntil: '2018-04-05T00:00:00Z', penaltyPoints: 0 }) as never;
    expect(unitClosing({ calendar: accept }, deadline)).toBe(deadline + 5 * day);
    expect(unitClosing({ calendar: accept }, deadline + 10 * day)).toBe(deadline + 15 * day);
    expect(unitClosing({ calendar: round({ mode: 'refuse' }) as never }, deadline)).toBe(deadline);
    // Escalate and wait: the next step of the cycle, else 30 days.
    const wait = round({ mode: 'wait' }) as never;
    expect(unitClosing({ calendar: wait, extensionLimit: { closeBy: '2018-05-01T00:00:00Z', before: 'the ballot opens' } }, deadline)).toBe(
      Date.parse('2018-05-01T00:00:00Z'),
    );
    expect(unitClosing({ calendar: wait }, deadline)).toBe(deadline + 30 * day);
    expect(unitClosing(undefined, deadline)).toBe(deadline + 30 * day);

    expect(taskPageUrl(links, 'council/DIEN-BIEN/2018')).toBe('https://tdkt.example.gov.vn/task?wf=council%2FDIEN-BIEN%2F2018');
    expect(documentUrl(links, 'council/DIEN-BIEN/2018/quyet-dinh')).toBe(
      'https://tdkt.example.gov.vn/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh',
    );
  });

  it('ask for no command in any mail: the links are plain URLs in the text and links in the HTML', () => {
    const council = { recipientName: 'Lò Văn Mến', clusterName: 'Hội đồng Thi đua – Khen thưởng tỉnh Điện Biên', year: 2018 };
    const page = 'https://tdkt.example.gov.vn/task?wf=council%2FDIEN-BIEN%2F2018';
    const doc = 'https://tdkt.example.gov.vn/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh';
    const linked: [RenderedMail, string][] = [
      ...WORDINGS.flatMap(([, w]) => {
        const unit = { ...greeting, w, unitName: 'UBND huyện Điện Biên' };
        return [
          [roundInvitation({ ...unit, deadline: AT, link: LINK }), LINK],
          [roundReminder({ ...unit, seq: 1, deadline: AT, link: LINK }), LINK],
          [extensionNotice({ ...unit, until: AT, reason: 'Mưa lũ', link: LINK }), LINK],
        ] as [RenderedMail, string][];
      }),
      [leadersAsked({ ...greeting, candidates: units, deadline: AT, link: LINK }), LINK],
      [councilReminder({ ...greeting, seq: 1, submitBy: AT, link: LINK }), LINK],
      [nominationReturned({ ...greeting, nomination: 'DB-VT:certificate:DBP', reason: 'Thiếu xác nhận', link: LINK }), LINK],
      [sessionFailed({ ...council, session: 1, reason: 'không đủ thành viên', link: page }), page],
      [proposalReturned({ ...council, reason: 'Đề nghị họp lại', link: page }), page],
      [decisionNotice({ ...council, number: '101/QĐ-UBND', date: '20/12/2018', awarded: [], notAwarded: [], documentUrl: doc }), doc],
      [
        revocationNotice({
          ...council,
          number: '102/QĐ-UBND',
          decisionNumber: '101/QĐ-UBND',
          revoked: [{ award: 'flag', unitName: 'UBND huyện Tuần Giáo' }],
          reason: 'Vi phạm',
          documentUrl: doc,
        }),
        doc,
      ],
    ];
    for (const [mail, url] of linked) {
      expect(mail.text, mail.subject).toContain(`\n${url}\n`);
      expect(mail.html, mail.subject).toContain(`<a href="${url.replaceAll('&', '&amp;')}">`);
      expect(mail.text + mail.html, mail.subject).not.toContain('tdkt ');
    }
  });
});
