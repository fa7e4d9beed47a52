import { describe, it, expect } from 'vitest';
import { DB_KTH_2026_RUBRIC, DB_VT_2018_RUBRIC, type Rubric } from '../../domain/rubric.ts';
import { checkSelfScore, selfScoreSchema, type SelfScore } from '../../domain/selfScore.ts';

// TGI's illustrative 2018 score (DOMAIN.md: 95.5): 6.5 points short of 100 on the criteria, +2 for
// a province-recognised initiative, no penalties.
const TGI_CRITERIA: Record<string, number> = {
  A1: 9.5,
  A2: 7,
  A3: 6,
  A4: 4.5,
  A5: 5,
  B1: 5.5,
  B2: 4.5,
  B3: 5,
  B4: 4,
  C1: 4,
  C2: 5.5,
  D1: 5,
  D2: 3.5,
  D3: 3,
  D4: 3,
  E1: 5,
  E2: 5,
  E3: 3.5,
  E4: 2.5,
  E5: 2.5,
};

function tgiScore(overrides: Partial<SelfScore> = {}): SelfScore {
  return selfScoreSchema.parse({
    criteria: { ...TGI_CRITERIA },
    bonus: { T1: 2 },
    evidence: { T1: 'Quyết định số 123/QĐ-UBND công nhận sáng kiến', A3: 'Xã Quài Cang đạt chuẩn nông thôn mới' },
    ...overrides,
  });
}

function problemsOf(rubric: Rubric, score: SelfScore): string[] {
  const check = checkSelfScore(rubric, score);
  return check.ok ? [] : check.problems;
}

/** The schema's problems as "path: message" lines. */
function schemaProblems(input: unknown): string[] {
  const result = selfScoreSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('selfScoreSchema', () => {
  it('defaults bonus, penalties and evidence to empty and leaves total out', () => {
    expect(selfScoreSchema.parse({ criteria: { A1: 10 } })).toEqual({ criteria: { A1: 10 }, bonus: {}, penalties: {}, evidence: {} });
  });

  it('keeps a stated total', () => {
    expect(selfScoreSchema.parse({ criteria: {}, total: 95.5 }).total).toBe(95.5);
  });

  it('normalises evidence notes to NFC without zero-width characters', () => {
    const parsed = selfScoreSchema.parse({ criteria: {}, evidence: { A1: 'Tuần\u200B Giáo'.normalize('NFD') } });
    expect(parsed.evidence.A1).toBe('Tuần Giáo');
  });

  it('refuses evidence notes that are empty (after normalisation) or over 1000 characters', () => {
    expect(schemaProblems({ criteria: {}, evidence: { A1: '' } })).toEqual(['evidence.A1: an evidence note may not be empty']);
    expect(schemaProblems({ criteria: {}, evidence: { A1: '\u200B\uFEFF' } })).toEqual(['evidence.A1: an evidence note may not be empty']);
    expect(schemaProblems({ criteria: {}, evidence: { A1: 'x'.repeat(1000) } })).toEqual([]);
    expect(schemaProblems({ criteria: {}, evidence: { A1: 'x'.repeat(1001) } })).toEqual([
      'evidence.A1: an evidence note is at most 1000 characters',
    ]);
  });

  it('measures an evidence note after normalisation: an NFD note of 1000 letters fits', () => {
    const note = 'ệ'.repeat(1000).normalize('NFD');
    expect(note.length).toBe(3000);
    expect(schemaProblems({ criteria: {}, evidence: { A1: note } })).toEqual([]);
  });

  it.each([
    ['criteria', 9.123],
    ['bonus', 1.005],
    ['penalties', 0.001],
  ])('refuses %s values with more than 2 decimal places', (field, value) => {
    expect(schemaProblems({ criteria: {}, [field]: { A1: value } })).toEqual([
      `${field}.A1: points have at most 2 decimal places (e.g. 9.25, not 9.123)`,
    ]);
  });

  it('accepts values with up to 2 decimal places', () => {
    expect(schemaProblems({ criteria: { A1: 9, A2: 7.5, A3: 6.25 } })).toEqual([]);
  });

  it('refuses negative, infinite, NaN and non-numeric values', () => {
    expect(schemaProblems({ criteria: { A1: -1 } })).toEqual(['criteria.A1: points cannot be negative']);
    expect(schemaProblems({ criteria: { A1: Infinity } })).toHaveLength(1);
    expect(schemaProblems({ criteria: { A1: NaN } })).toHaveLength(1);
    expect(schemaProblems({ criteria: { A1: '9' } })).toHaveLength(1);
    expect(schemaProblems({ criteria: {}, total: -0.5 })).toEqual(['total: points cannot be negative']);
    expect(schemaProblems({ criteria: {}, total: 95.555 })).toEqual(['total: points have at most 2 decimal places (e.g. 9.25, not 9.123)']);
  });

  it('allows at most 60 entries per record', () => {
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`A${i + 1}`, 1]));
    const notes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`A${i + 1}`, 'x']));
    expect(schemaProblems({ criteria: entries(60), bonus: entries(60), penalties: entries(60), evidence: notes(60) })).toEqual([]);
    expect(schemaProblems({ criteria: entries(61) })).toEqual(['criteria: at most 60 entries']);
    expect(schemaProblems({ criteria: {}, bonus: entries(61) })).toEqual(['bonus: at most 60 entries']);
    expect(schemaProblems({ criteria: {}, penalties: entries(61) })).toEqual(['penalties: at most 60 entries']);
    expect(schemaProblems({ criteria: {}, evidence: notes(61) })).toEqual(['evidence: at most 60 entries']);
  });

  it.each(['a1', 'A', 'A123', 'constructor', ' A1', ''])('refuses the key %j (not shaped like a rubric code)', (key) => {
    expect(schemaProblems({ criteria: { [key]: 1 } })).toEqual([
      `criteria.${key}: a rubric code is a capital letter and 1-2 digits, e.g. A1 or T2`,
    ]);
    expect(schemaProblems({ criteria: {}, evidence: { [key]: 'x' } })).toEqual([
      `evidence.${key}: a rubric code is a capital letter and 1-2 digits, e.g. A1 or T2`,
    ]);
  });

  it('requires criteria and refuses unknown fields (strict)', () => {
    expect(schemaProblems({})).toHaveLength(1);
    expect(schemaProblems({})[0]).toMatch(/^criteria: /);
    expect(schemaProblems({ criteria: {}, comment: 'x' })[0]).toMatch(/^: Unrecognized key.*comment/);
  });
});

describe('checkSelfScore', () => {
  it("computes TGI's illustrative 95.5: 93.5 on the criteria + 2 bonus", () => {
    expect(checkSelfScore(DB_VT_2018_RUBRIC, tgiScore())).toEqual({
      ok: true,
      totals: { base: 93.5, bonus: 2, penalties: 0, total: 95.5 },
    });
  });

  it('accepts a stated total that agrees, within 0.005', () => {
    expect(checkSelfScore(DB_VT_2018_RUBRIC, tgiScore({ total: 95.5 })).ok).toBe(true);
  });

  it('takes penalties off the total', () => {
    const check = checkSelfScore(DB_VT_2018_RUBRIC, tgiScore({ penalties: { P1: 1, P2: 2 }, total: 92.5 }));
    expect(check).toEqual({ ok: true, totals: { base: 93.5, bonus: 2, penalties: 3, total: 92.5 } });
  });

  it('accepts full marks with the whole bonus and penalty caps used', () => {
    const full = Object.fromEntries(DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria.map((c) => [c.code, c.max])));
    const check = checkSelfScore(
      DB_VT_2018_RUBRIC,
      selfScoreSchema.parse({ criteria: full, bonus: { T1: 2, T2: 3 }, penalties: { P1: 4, P2: 6 } }),
    );
    expect(check).toEqual({ ok: true, totals: { base: 100, bonus: 5, penalties: 10, total: 95 } });
  });

  it('scores against the 2026 bloc rubric too', () => {
    const score = selfScoreSchema.parse({
      criteria: { A1: 50, B1: 15, C1: 10, D1: 10, E1: 15 },
      bonus: { T2: 3 },
      penalties: { P1: 1 },
      total: 102,
    });
    expect(checkSelfScore(DB_KTH_2026_RUBRIC, score)).toEqual({ ok: true, totals: { base: 100, bonus: 3, penalties: 1, total: 102 } });
  });

  it('adds decimals exactly (no 0.30000000000000004)', () => {
    const score = selfScoreSchema.parse({
      criteria: { ...TGI_CRITERIA, A1: 9.1, A2: 6.2 },
      bonus: { T1: 0.1, T2: 0.2 },
      penalties: { P1: 0.3 },
    });
    const check = checkSelfScore(DB_VT_2018_RUBRIC, score);
    expect(check).toEqual({ ok: true, totals: { base: 92.3, bonus: 0.3, penalties: 0.3, total: 92.3 } });
  });

  it('names a missing criterion with its title', () => {
    const criteria = { ...TGI_CRITERIA };
    delete criteria.A3;
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ criteria }))).toEqual(['criterion A3 (Nông thôn mới) is missing']);
  });

  it('lists every missing criterion, in rubric order', () => {
    expect(problemsOf(DB_KTH_2026_RUBRIC, selfScoreSchema.parse({ criteria: { C1: 10 } }))).toEqual([
      'criterion A1 (Nhiệm vụ chuyên môn) is missing',
      'criterion B1 (Cải cách hành chính và chuyển đổi số) is missing',
      'criterion D1 (Công tác Đảng, đoàn thể) is missing',
      'criterion E1 (Công tác thi đua) is missing',
    ]);
  });

  it('refuses unknown criterion, bonus and penalty codes, including codes of another kind', () => {
    const score = tgiScore({ criteria: { ...TGI_CRITERIA, X9: 1, T1: 2 }, bonus: { T1: 2, T9: 1 }, penalties: { P7: 1, A1: 1 } });
    expect(problemsOf(DB_VT_2018_RUBRIC, score)).toEqual([
      'unknown criterion code X9 (not in rubric DB-VT-2018.1)',
      'unknown criterion code T1 (not in rubric DB-VT-2018.1)',
      'unknown bonus code T9 (not in rubric DB-VT-2018.1)',
      'unknown penalty code P7 (not in rubric DB-VT-2018.1)',
      'unknown penalty code A1 (not in rubric DB-VT-2018.1)',
    ]);
  });

  it('does not count unknown codes in the totals', () => {
    const check = checkSelfScore(DB_VT_2018_RUBRIC, tgiScore({ criteria: { ...TGI_CRITERIA, X9: 50 }, total: 145.5 }));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toContain('the submitted total 145.5 differs from the computed total 95.5 by 50');
  });

  it('refuses a criterion above its maximum', () => {
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ criteria: { ...TGI_CRITERIA, A1: 11 } }))).toEqual(['A1 is 11 but its maximum is 10']);
  });

  it('accepts a criterion exactly at its maximum and refuses 0.01 above it', () => {
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ criteria: { ...TGI_CRITERIA, A1: 10 } }))).toEqual([]);
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ criteria: { ...TGI_CRITERIA, A1: 10.01 } }))).toEqual([
      'A1 is 10.01 but its maximum is 10',
    ]);
  });

  it('refuses a bonus or penalty item above its own maximum', () => {
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ bonus: { T1: 3 } }))).toEqual(['T1 is 3 but its maximum is 2']);
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ penalties: { P2: 10.5 } }))).toEqual([
      'P2 is 10.5 but its maximum is 10',
      'the penalties add up to 10.5 but the penalty cap is 10',
    ]);
  });

  it('refuses a bonus sum above the cap instead of clamping it', () => {
    const rubric: Rubric = { ...DB_VT_2018_RUBRIC, bonus: { ...DB_VT_2018_RUBRIC.bonus, cap: 4 } };
    const check = checkSelfScore(rubric, tgiScore({ bonus: { T1: 2, T2: 3 } }));
    const message = 'the bonus items add up to 5 but the bonus cap is 4';
    expect(check).toEqual({ ok: false, problems: [message], details: [{ code: 'bonusOverCap', sum: 5, cap: 4, message }] });
  });

  it('refuses a penalty sum above the cap instead of clamping it', () => {
    const check = checkSelfScore(DB_VT_2018_RUBRIC, tgiScore({ penalties: { P1: 6, P2: 6 } }));
    const message = 'the penalties add up to 12 but the penalty cap is 10';
    expect(check).toEqual({ ok: false, problems: [message], details: [{ code: 'penaltiesOverCap', sum: 12, cap: 10, message }] });
  });

  it('accepts evidence for criteria, bonus and penalty codes, and refuses it for unknown codes', () => {
    const known = tgiScore({ evidence: { A1: 'x', T2: 'y', P1: 'z' } });
    expect(problemsOf(DB_VT_2018_RUBRIC, known)).toEqual([]);
    const unknown = tgiScore({ evidence: { Z1: 'x', A9: 'y' } });
    expect(problemsOf(DB_VT_2018_RUBRIC, unknown)).toEqual([
      'evidence for unknown code Z1 (not in rubric DB-VT-2018.1)',
      'evidence for unknown code A9 (not in rubric DB-VT-2018.1)',
    ]);
  });

  it('refuses a submitted total that disagrees with the computed one, saying by how much', () => {
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ total: 96 }))).toEqual([
      'the submitted total 96 differs from the computed total 95.5 by 0.5',
    ]);
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ total: 95.51 }))).toEqual([
      'the submitted total 95.51 differs from the computed total 95.5 by 0.01',
    ]);
    expect(problemsOf(DB_VT_2018_RUBRIC, tgiScore({ total: 93.5 }))).toEqual([
      'the submitted total 93.5 differs from the computed total 95.5 by 2',
    ]);
  });

  it('lists every problem at once, one line each', () => {
    const criteria: Record<string, number> = { ...TGI_CRITERIA, A1: 11, Q1: 1 };
    delete criteria.E5;
    const score = tgiScore({ criteria, bonus: { T1: 2, T2: 3.5 }, penalties: { P1: 8, P2: 4 }, evidence: { Z9: 'x' }, total: 90 });
    const problems = problemsOf(DB_VT_2018_RUBRIC, score);
    expect(problems).toEqual([
      'criterion E5 (Tham dự hoạt động cụm) is missing',
      'unknown criterion code Q1 (not in rubric DB-VT-2018.1)',
      'A1 is 11 but its maximum is 10',
      'T2 is 3.5 but its maximum is 3',
      'the bonus items add up to 5.5 but the bonus cap is 5',
      'the penalties add up to 12 but the penalty cap is 10',
      'evidence for unknown code Z9 (not in rubric DB-VT-2018.1)',
      // 93.5 + 1.5 (A1 at 11, not 9.5) − 2.5 (E5 missing) = 92.5 on the criteria, + 5.5 − 12 = 86
      'the submitted total 90 differs from the computed total 86 by 4',
    ]);
    for (const problem of problems) expect(problem).not.toMatch(/\n/);
  });

  it('gives every problem as data too (its code, values and rubric code), in the order of the lines, each with its line', () => {
    const criteria: Record<string, number> = { ...TGI_CRITERIA, A1: 11, Q1: 1 };
    delete criteria.E5;
    const score = tgiScore({ criteria, bonus: { T1: 2, T2: 3.5 }, penalties: { P1: 8, P2: 4 }, evidence: { Z9: 'x' }, total: 90 });
    const check = checkSelfScore(DB_VT_2018_RUBRIC, score);
    if (check.ok) throw new Error('expected problems');
    expect(check.details.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'message')))).toEqual([
      { code: 'missingCriterion', item: 'E5', title: 'Tham dự hoạt động cụm' },
      { code: 'unknownCode', kind: 'criterion', item: 'Q1', version: 'DB-VT-2018.1' },
      { code: 'overMax', item: 'A1', value: 11, max: 10 },
      { code: 'overMax', item: 'T2', value: 3.5, max: 3 },
      { code: 'bonusOverCap', sum: 5.5, cap: 5 },
      { code: 'penaltiesOverCap', sum: 12, cap: 10 },
      { code: 'unknownEvidence', item: 'Z9', version: 'DB-VT-2018.1' },
      { code: 'totalDiffers', given: 90, computed: 86, difference: 4 },
    ]);
    expect(check.details.map((d) => d.message)).toEqual(check.problems);
  });

  it('computes a negative total when penalties outweigh the rest (no clamping at 0)', () => {
    const rubric: Rubric = {
      ...DB_VT_2018_RUBRIC,
      groups: [{ code: 'A', title: 'Nhóm A', criteria: [{ code: 'A1', title: 'x', max: 5 }] }],
    };
    const check = checkSelfScore(rubric, selfScoreSchema.parse({ criteria: { A1: 1 }, penalties: { P1: 3 } }));
    expect(check).toEqual({ ok: true, totals: { base: 1, bonus: 0, penalties: 3, total: -2 } });
  });
});
