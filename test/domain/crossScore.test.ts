import { describe, it, expect } from 'vitest';
import { checkCrossScore, crossScoreSchema } from '../../domain/crossScore.ts';
import { DB_KTH_2026_RUBRIC, DB_VT_2018_RUBRIC, criterionCodes, type Rubric } from '../../domain/rubric.ts';
import { TGI_SELF_SCORE } from '../support/selfScores.ts';

// The five seed units of the DB-VT cluster, in rotation order.
const MEMBERS = ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'];

/** Full marks on every criterion of the rubric. */
function fullMarks(rubric: Rubric = DB_VT_2018_RUBRIC): Record<string, number> {
  return Object.fromEntries(rubric.groups.flatMap((g) => g.criteria.map((c) => [c.code, c.max])));
}

/** TGI's illustrative 93.5 on the criteria (DOMAIN.md: 95.5 with its +2 bonus). */
const TGI_CRITERIA: Record<string, number> = TGI_SELF_SCORE.criteria;

/** Full marks less `off` on A1, so a sheet's total is 100 − off. */
function sheetTotalling(total: number): { criteria: Record<string, number> } {
  return { criteria: { ...fullMarks(), A1: 10 - (100 - total) } };
}

/** DBI's sheets for the other four members. */
function dbiSheets(): Record<string, { criteria: Record<string, number> }> {
  return { TGI: { criteria: { ...TGI_CRITERIA } }, MAN: sheetTotalling(95), DBP: sheetTotalling(92), MLA: sheetTotalling(90.5) };
}

function problemsOf(content: unknown, scorer = 'DBI', members: readonly string[] = MEMBERS, rubric: Rubric = DB_VT_2018_RUBRIC): string[] {
  const check = checkCrossScore(rubric, members, scorer, content);
  return check.ok ? [] : check.problems;
}

describe('checkCrossScore: accepted sheets', () => {
  it('accepts one full sheet for every other member and gives each total', () => {
    const check = checkCrossScore(DB_VT_2018_RUBRIC, MEMBERS, 'DBI', { sheets: dbiSheets() });
    expect(check).toEqual({ ok: true, sheets: dbiSheets(), totals: { TGI: 93.5, MAN: 95, DBP: 92, MLA: 90.5 } });
  });

  it('gives full marks a total of 100 and zeros a total of 0', () => {
    const zeros = Object.fromEntries(criterionCodes(DB_VT_2018_RUBRIC).map((c) => [c, 0]));
    const check = checkCrossScore(DB_VT_2018_RUBRIC, ['TGI', 'DBI', 'MAN'], 'TGI', {
      sheets: { DBI: { criteria: fullMarks() }, MAN: { criteria: zeros } },
    });
    expect(check.ok && check.totals).toEqual({ DBI: 100, MAN: 0 });
  });

  it('adds decimals exactly (no 0.30000000000000004)', () => {
    const criteria = { ...fullMarks(), A1: 0.1, A2: 0.2, A3: 0.01 };
    const check = checkCrossScore(DB_VT_2018_RUBRIC, ['TGI', 'DBI'], 'TGI', { sheets: { DBI: { criteria } } });
    // 100 − 10 − 8 − 7 + 0.1 + 0.2 + 0.01
    expect(check.ok && check.totals).toEqual({ DBI: 75.31 });
  });

  it('accepts a criterion exactly at its maximum and refuses 0.01 above it', () => {
    const atMax = { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, A1: 10 } } };
    expect(problemsOf({ sheets: atMax })).toEqual([]);
    const above = { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, A1: 10.01 } } };
    expect(problemsOf({ sheets: above })).toEqual(['TGI: A1 is 10.01 but its maximum is 10']);
  });

  it('scores against the 2026 bloc rubric too', () => {
    const check = checkCrossScore(DB_KTH_2026_RUBRIC, ['TGI', 'DBI'], 'TGI', {
      sheets: { DBI: { criteria: { A1: 45.5, B1: 15, C1: 9, D1: 10, E1: 12.25 } } },
    });
    expect(check).toEqual({
      ok: true,
      sheets: { DBI: { criteria: { A1: 45.5, B1: 15, C1: 9, D1: 10, E1: 12.25 } } },
      totals: { DBI: 91.75 },
    });
  });

  it('needs no sheets from the only member of a cluster', () => {
    expect(checkCrossScore(DB_VT_2018_RUBRIC, ['TGI'], 'TGI', { sheets: {} })).toEqual({ ok: true, sheets: {}, totals: {} });
  });
});

describe('checkCrossScore: refusals', () => {
  it('refuses a sheet for the scorer itself', () => {
    expect(problemsOf({ sheets: { ...dbiSheets(), DBI: sheetTotalling(100) } })).toEqual([
      'DBI may not score itself: cross-scores are for the other members only',
    ]);
  });

  it('refuses a sheet for a unit outside the cluster, naming the members', () => {
    expect(problemsOf({ sheets: { ...dbiSheets(), MCH: sheetTotalling(99) } })).toEqual([
      'MCH is not a member of the cluster this year; members: TGI, DBI, MAN, DBP, MLA',
    ]);
  });

  it("does not check the criteria of a stranger's sheet (the sheet is refused as a whole)", () => {
    expect(problemsOf({ sheets: { ...dbiSheets(), MCH: { criteria: { A1: 99, X9: 1 } } } })).toEqual([
      'MCH is not a member of the cluster this year; members: TGI, DBI, MAN, DBP, MLA',
    ]);
  });

  it('lists every other member without a sheet, in rotation order', () => {
    const sheets = dbiSheets();
    delete sheets.MLA;
    delete sheets.TGI;
    expect(problemsOf({ sheets })).toEqual(['no sheet for TGI, MLA: every other member must be scored']);
  });

  it('refuses an empty submission when there are others to score', () => {
    expect(problemsOf({ sheets: {} })).toEqual(['no sheet for TGI, MAN, DBP, MLA: every other member must be scored']);
  });

  it('names a criterion left unscored with its title', () => {
    const criteria = { ...TGI_CRITERIA };
    delete criteria.A3;
    expect(problemsOf({ sheets: { ...dbiSheets(), TGI: { criteria } } })).toEqual(['TGI: criterion A3 (Nông thôn mới) is not scored']);
  });

  it('refuses criterion codes that are not in the rubric, bonus and penalty codes included', () => {
    // Bonus and penalties are not cross-scored: a scorer cannot add or take them away.
    const criteria = { ...TGI_CRITERIA, X9: 1, T1: 2, P1: 1 };
    expect(problemsOf({ sheets: { ...dbiSheets(), TGI: { criteria } } })).toEqual([
      'TGI: unknown criterion X9 (not in rubric DB-VT-2018.1)',
      'TGI: unknown criterion T1 (not in rubric DB-VT-2018.1)',
      'TGI: unknown criterion P1 (not in rubric DB-VT-2018.1)',
    ]);
  });

  it('lists every problem at once, sheet by sheet, in rotation order', () => {
    const tgi: Record<string, number> = { ...TGI_CRITERIA, A1: 11, Q1: 1 };
    delete tgi.E5;
    const sheets: Record<string, unknown> = {
      TGI: { criteria: tgi },
      DBI: sheetTotalling(100),
      MAN: { criteria: { ...fullMarks(), C2: 6.5 } },
      MCH: sheetTotalling(90),
    };
    expect(problemsOf({ sheets })).toEqual([
      'DBI may not score itself: cross-scores are for the other members only',
      'MCH is not a member of the cluster this year; members: TGI, DBI, MAN, DBP, MLA',
      'no sheet for DBP, MLA: every other member must be scored',
      'TGI: unknown criterion Q1 (not in rubric DB-VT-2018.1)',
      'TGI: A1 is 11 but its maximum is 10',
      'TGI: criterion E5 (Tham dự hoạt động cụm) is not scored',
      'MAN: C2 is 6.5 but its maximum is 6',
    ]);
  });

  it('gives every problem as data too: its code, the sheet, the criterion and the values, each with its line', () => {
    const detailsOf = (content: unknown) => {
      const check = checkCrossScore(DB_VT_2018_RUBRIC, MEMBERS, 'DBI', content);
      if (check.ok) throw new Error('expected problems');
      expect(check.details.map((d) => d.message)).toEqual(check.problems);
      return check.details.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'message')));
    };
    const tgi: Record<string, number> = { ...TGI_CRITERIA, A1: 11, Q1: 1 };
    delete tgi.E5;
    expect(
      detailsOf({ sheets: { TGI: { criteria: tgi }, DBI: sheetTotalling(100), MAN: dbiSheets().MAN, MCH: sheetTotalling(90) } }),
    ).toEqual([
      { code: 'selfScoring', unit: 'DBI' },
      { code: 'notMember', unit: 'MCH', members: MEMBERS },
      { code: 'missingSheets', units: ['DBP', 'MLA'] },
      { code: 'unknownCode', kind: 'criterion', unit: 'TGI', item: 'Q1', version: 'DB-VT-2018.1' },
      { code: 'overMax', unit: 'TGI', item: 'A1', value: 11, max: 10 },
      { code: 'missingCriterion', unit: 'TGI', item: 'E5', title: 'Tham dự hoạt động cụm' },
    ]);
    const score = (value: unknown) => ({ sheets: { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, A1: value } } } });
    expect(detailsOf(score(-1))).toEqual([{ code: 'pointsNegative', unit: 'TGI', item: 'A1', path: 'sheets.TGI.criteria.A1' }]);
    expect(detailsOf(score(9.125))).toEqual([{ code: 'pointsDecimals', unit: 'TGI', item: 'A1', path: 'sheets.TGI.criteria.A1' }]);
    expect(detailsOf(score('9'))).toEqual([{ code: 'schema', path: 'sheets.TGI.criteria.A1' }]);
  });

  it('gives no totals when anything is wrong', () => {
    const check = checkCrossScore(DB_VT_2018_RUBRIC, MEMBERS, 'DBI', { sheets: { ...dbiSheets(), DBI: sheetTotalling(100) } });
    expect(check.ok).toBe(false);
    expect(check).not.toHaveProperty('totals');
  });

  it.each([
    ['negative', -1, 'sheets.TGI.criteria.A1: points cannot be negative'],
    ['with 3 decimals', 9.125, 'sheets.TGI.criteria.A1: points have at most 2 decimal places (e.g. 9.25, not 9.123)'],
  ])('refuses a %s score before looking at the rubric', (_what, value, problem) => {
    expect(problemsOf({ sheets: { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, A1: value } } } })).toEqual([problem]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '9', null])('refuses the score %j', (value) => {
    const problems = problemsOf({ sheets: { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, A1: value } } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^sheets\.TGI\.criteria\.A1: /);
  });

  it('refuses a criterion key not shaped like a rubric code', () => {
    expect(problemsOf({ sheets: { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA, a1: 1 } } } })).toEqual([
      'sheets.TGI.criteria.a1: a rubric code is a capital letter and 1-2 digits, e.g. A1 or T2',
    ]);
  });

  it('refuses a sheet keyed by something that is not a unit code', () => {
    const problems = problemsOf({ sheets: { ...dbiSheets(), tgi: sheetTotalling(90) } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^sheets\.tgi: /);
  });

  it.each([null, 'TGI 93.5', [], 42, {}, { sheets: [] }, { sheets: { TGI: 93.5 } }])('refuses the junk %j, saying where', (content) => {
    const problems = problemsOf(content);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^[\w.]+: /);
  });

  it('refuses unknown keys at the top and in a sheet (strict)', () => {
    expect(problemsOf({ sheets: dbiSheets(), total: 371 })[0]).toMatch(/^scores: Unrecognized key.*total/);
    const sheets = { ...dbiSheets(), TGI: { criteria: { ...TGI_CRITERIA }, bonus: { T1: 2 } } };
    expect(problemsOf({ sheets })[0]).toMatch(/^sheets\.TGI: Unrecognized key.*bonus/);
  });
});

describe('crossScoreSchema', () => {
  const sheets = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`U${String(i).padStart(2, '0')}`, { criteria: { A1: 1 } }]));

  it('accepts at most 50 sheets', () => {
    expect(crossScoreSchema.safeParse({ sheets: sheets(50) }).success).toBe(true);
    const result = crossScoreSchema.safeParse({ sheets: sheets(51) });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['sheets', 'at most 50 sheets']]);
  });

  it('parses a valid submission unchanged', () => {
    expect(crossScoreSchema.parse({ sheets: dbiSheets() })).toEqual({ sheets: dbiSheets() });
  });

  it('requires sheets and criteria', () => {
    expect(crossScoreSchema.safeParse({}).success).toBe(false);
    expect(crossScoreSchema.safeParse({ sheets: { TGI: {} } }).success).toBe(false);
  });
});
