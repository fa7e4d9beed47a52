import { describe, expect, it } from 'vitest';
import {
  amendmentSchema,
  appraisalSchema,
  atLeast,
  attendanceSchema,
  awardAmount,
  checkQuorum,
  councilCalendarSchema,
  councilId,
  councilRulesSchema,
  councilVoteSchema,
  decisionActionSchema,
  decisionNumber,
  DEFAULT_COUNCIL_RULES,
  nominationId,
  provinceCode,
  rescheduleSchema,
  tallyCouncil,
  type CouncilVote,
} from '../../domain/council.ts';

// The provincial council's rules (DOMAIN.md "Council", "Decision", "Amounts"): quorum and
// attendance, thresholds over ALL members, amounts, ids, and the inputs' checks.

describe('ids', () => {
  it('codes a province without diacritics, đ included', () => {
    expect(provinceCode('Điện Biên')).toBe('DIEN-BIEN');
    expect(provinceCode('Bà Rịa – Vũng Tàu')).toBe('BA-RIA-VUNG-TAU');
    expect(provinceCode('Tỉnh thử 0A1B2C')).toBe('TINH-THU-0A1B2C');
    expect(councilId('Điện Biên', 2018)).toBe('council/DIEN-BIEN/2018');
  });

  it('names a nomination by cluster, award and unit, and a decision by its number', () => {
    expect(nominationId({ cluster: 'DB-VT', award: 'flag', unit: 'TGI' })).toBe('DB-VT:flag:TGI');
    expect(decisionNumber(123)).toBe('123/QĐ-UBND');
  });
});

describe('amounts (NĐ 152/2025, multiples of the base salary 2,340,000 đồng)', () => {
  it('gives the provincial flag 8× and a certificate 3×', () => {
    expect(awardAmount('flag')).toBe(18_720_000);
    expect(awardAmount('certificate')).toBe(7_020_000);
  });
});

describe('atLeast', () => {
  it('counts whole people, without floating-point noise', () => {
    expect(atLeast(0.8, 15)).toBe(12); // 0.8 × 15 = 12.000000000000002 in floating point
    expect(atLeast(2 / 3, 15)).toBe(10);
    expect(atLeast(2 / 3, 14)).toBe(10); // 9.33… → 10
    expect(atLeast(0.9, 15)).toBe(14); // 13.5 → 14
    expect(atLeast(1, 15)).toBe(15);
  });
});

describe('checkQuorum', () => {
  const rules = DEFAULT_COUNCIL_RULES;

  it('needs 12 of 15 for an award session (80% attendance is above the 2/3 quorum)', () => {
    expect(checkQuorum(rules, 15, 12)).toEqual({ ok: true, present: 12, members: 15, needed: 12 });
    expect(checkQuorum(rules, 15, 15).ok).toBe(true);
  });

  it('says "no quorum" below 2/3, and names the attendance rule between 2/3 and 80%', () => {
    expect(checkQuorum(rules, 15, 9)).toEqual({
      ok: false,
      present: 9,
      members: 15,
      needed: 12,
      reason: 'no quorum: 9 of 15 members present, at least 10 needed',
    });
    expect(checkQuorum(rules, 15, 11)).toEqual({
      ok: false,
      present: 11,
      members: 15,
      needed: 12,
      reason: 'an award session needs 12 of 15 members present (80%); 11 came',
    });
    expect(checkQuorum(rules, 15, 0).ok).toBe(false);
  });

  it('follows configured shares', () => {
    const lenient = councilRulesSchema.parse({ quorum: 0.5, awardAttendance: 0.5 });
    expect(checkQuorum(lenient, 10, 5).ok).toBe(true);
    expect(checkQuorum(lenient, 10, 4).ok).toBe(false);
  });
});

describe('tallyCouncil', () => {
  const nominations = [
    { cluster: 'DB-VT', award: 'flag' as const, unit: 'TGI' },
    { cluster: 'DB-VT', award: 'certificate' as const, unit: 'DBI' },
  ];
  const ballots = (votes: CouncilVote[][], written: boolean[] = []) =>
    votes.map(([flag, cert], i) => ({ votes: { 'DB-VT:flag:TGI': flag!, 'DB-VT:certificate:DBI': cert! }, written: written[i] ?? false }));

  it('rejects 11 of 15 even when 12 are present: 92% of those present, 73% of all', () => {
    const twelve = ballots([...Array(11).fill(['approve', 'approve']), ['approve', 'reject']]);
    const [flag, certificate] = tallyCouncil(nominations, twelve, 15, DEFAULT_COUNCIL_RULES);
    expect(flag).toEqual({
      nomination: 'DB-VT:flag:TGI',
      award: 'flag',
      for: 12,
      against: 0,
      abstain: 0,
      notVoted: 3,
      written: 0,
      needed: 12,
      approved: true,
    });
    expect(certificate).toEqual({
      nomination: 'DB-VT:certificate:DBI',
      award: 'certificate',
      for: 11,
      against: 1,
      abstain: 0,
      notVoted: 3,
      written: 0,
      needed: 12,
      approved: false,
    });
  });

  it('counts written votes of absent members towards the threshold, and says how many', () => {
    const votes = ballots([...Array(12).fill(['approve', 'abstain'])], [...Array(10).fill(false), true, true]);
    const [flag, certificate] = tallyCouncil(nominations, votes, 15, DEFAULT_COUNCIL_RULES);
    expect(flag).toMatchObject({ for: 12, written: 2, approved: true });
    expect(certificate).toMatchObject({ for: 0, abstain: 12, written: 0, approved: false });
  });

  it('counts a nomination a ballot leaves out as not voted', () => {
    const [flag] = tallyCouncil(nominations, [{ votes: {}, written: false }], 15, DEFAULT_COUNCIL_RULES);
    expect(flag).toMatchObject({ for: 0, notVoted: 15 });
  });

  it('uses the threshold of each award kind', () => {
    const rules = councilRulesSchema.parse({ thresholds: { flag: 0.9, certificate: 0.5 } });
    const counts = tallyCouncil(nominations, ballots([...Array(13).fill(['approve', 'approve'])]), 15, rules);
    expect(counts.map((c) => [c.needed, c.approved])).toEqual([
      [14, false],
      [8, true],
    ]);
  });
});

describe('input checks', () => {
  it('takes an appraisal: accept as it is, a return only with a reason', () => {
    expect(appraisalSchema.safeParse({ actor: 'snv.ha', nomination: 'DB-VT:flag:TGI', verdict: 'accept' }).success).toBe(true);
    expect(appraisalSchema.safeParse({ actor: 'snv.ha', nomination: 'DB-VT:flag:TGI', verdict: 'return' }).error?.issues[0]?.message).toBe(
      'returning a nomination needs a reason of at least 10 characters',
    );
    expect(appraisalSchema.safeParse({ actor: 'snv.ha', nomination: 'DB-VT:medal:TGI', verdict: 'accept' }).success).toBe(false);
    expect(appraisalSchema.safeParse({ actor: 'snv.ha', nomination: 'DB-VT:flag:TGI', verdict: 'maybe' }).success).toBe(false);
  });

  it('takes a decision: approve as it is, return and revoke only with a reason', () => {
    expect(decisionActionSchema.safeParse({ actor: 'ubnd.chutich', action: 'approve' }).success).toBe(true);
    expect(decisionActionSchema.safeParse({ actor: 'ubnd.chutich', action: 'revoke', reason: 'ngắn' }).success).toBe(false);
    expect(
      decisionActionSchema.safeParse({
        actor: 'ubnd.chutich',
        action: 'revoke',
        reason: 'Khiếu nại được xác minh là đúng',
        nominations: ['DB-VT:flag:TGI'],
      }).success,
    ).toBe(true);
    expect(decisionActionSchema.safeParse({ actor: 'ubnd.chutich', action: 'sign' }).success).toBe(false);
  });

  it('takes a vote with a written flag defaulting to false, and refuses unknown vote values and extra fields', () => {
    expect(councilVoteSchema.parse({ actor: 'hd.pho1', votes: { 'DB-VT:flag:TGI': 'approve' } })).toEqual({
      actor: 'hd.pho1',
      votes: { 'DB-VT:flag:TGI': 'approve' },
      written: false,
    });
    expect(councilVoteSchema.safeParse({ actor: 'hd.pho1', votes: { 'DB-VT:flag:TGI': 'yes' } }).success).toBe(false);
    expect(councilVoteSchema.safeParse({ actor: 'hd.pho1', votes: {}, proxy: 'hd.pho2' }).success).toBe(false);
  });

  it('takes attendance, a rescheduled time and an amendment only in their shape', () => {
    expect(attendanceSchema.safeParse({ actor: 'snv.ha', present: ['hd.pho1'] }).success).toBe(true);
    expect(attendanceSchema.safeParse({ actor: 'snv.ha', present: 'hd.pho1' }).success).toBe(false);
    expect(rescheduleSchema.safeParse({ actor: 'snv.ha', at: 'next Tuesday' }).success).toBe(false);
    expect(amendmentSchema.parse({ actor: 'dbi.binh', note: 'Đã bổ sung xác nhận' })).toEqual({
      actor: 'dbi.binh',
      note: 'Đã bổ sung xác nhận',
      withdraw: [],
    });
    expect(amendmentSchema.safeParse({ actor: 'dbi.binh', note: 'ngắn' }).success).toBe(false);
  });

  it('refuses a council calendar whose session comes before the submission deadline', () => {
    const calendar = {
      submitBy: '2018-12-10T17:00:00+07:00',
      remindBefore: ['P1D'],
      sessionAt: '2018-12-18T08:00:00+07:00',
      sessionLength: 'P2D',
      complaintWindow: 'P30D',
    };
    expect(councilCalendarSchema.safeParse(calendar).success).toBe(true);
    expect(councilCalendarSchema.safeParse({ ...calendar, sessionAt: '2018-12-09T08:00:00+07:00' }).error?.issues[0]?.message).toBe(
      'the session must come after the submission deadline',
    );
    expect(councilCalendarSchema.safeParse({ ...calendar, sessionLength: 'PT0S' }).success).toBe(false);
  });
});
