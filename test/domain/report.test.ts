import { describe, it, expect } from 'vitest';
import {
  MAX_REPORT_BYTES,
  REPORT_PERIODS,
  checkReportContent,
  reportContentSchema,
  reportPeriodSchema,
  type ReportPeriod,
} from '../../domain/report.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { checkSelfScore, selfScoreSchema } from '../../domain/selfScore.ts';
import { TGI_SELF_SCORE } from '../support/selfScores.ts';

const NARRATIVE = 'Năm 2018, huyện Tuần Giáo hoàn thành 18/20 chỉ tiêu; thu ngân sách đạt 105% kế hoạch.';

function problemsOf(period: ReportPeriod, content: unknown): string[] {
  const check = checkReportContent(period, content, DB_VT_2018_RUBRIC);
  return check.ok ? [] : check.problems;
}

function problemsWithoutRubric(period: ReportPeriod, content: unknown): string[] {
  const check = checkReportContent(period, content, undefined);
  return check.ok ? [] : check.problems;
}

describe('report periods', () => {
  it('names the four periods in Vietnamese', () => {
    expect(REPORT_PERIODS).toEqual({
      Q1: 'Báo cáo quý I',
      H1: 'Báo cáo sơ kết 6 tháng',
      Q3: 'Báo cáo quý III',
      YEAR: 'Báo cáo tổng kết năm',
    });
  });

  it('accepts exactly the four period keys', () => {
    for (const period of ['Q1', 'H1', 'Q3', 'YEAR']) expect(reportPeriodSchema.parse(period)).toBe(period);
    for (const other of ['Q2', 'Q4', 'year', 'H2', '', 1]) expect(reportPeriodSchema.safeParse(other).success).toBe(false);
  });

  it('refuses an unknown period passed past the type system', () => {
    expect(problemsOf('Q2' as ReportPeriod, { narrative: NARRATIVE })).toEqual([
      'unknown report period Q2; the periods are Q1, H1, Q3, YEAR',
    ]);
  });
});

describe('reportContentSchema', () => {
  it('defaults figures to empty and leaves the self-score out', () => {
    expect(reportContentSchema.parse({ narrative: NARRATIVE })).toEqual({ narrative: NARRATIVE, figures: {} });
  });

  it('normalises the narrative, figure names and text figures to NFC without zero-width characters', () => {
    const parsed = reportContentSchema.parse({
      narrative: `UBND huyện Tuần\u200B Giáo`.normalize('NFD'),
      figures: { ['Thu ngân sách (tỷ đồng)'.normalize('NFD')]: 120.5, 'Nông thôn mới': 'vượt\u200B 5%'.normalize('NFD') },
    });
    expect(parsed.narrative).toBe('UBND huyện Tuần Giáo');
    expect(parsed.figures).toEqual({ 'Thu ngân sách (tỷ đồng)': 120.5, 'Nông thôn mới': 'vượt 5%' });
  });
});

describe('checkReportContent: valid reports', () => {
  it.each(['Q1', 'H1', 'Q3'] as const)('accepts a %s report without a self-score, and gives no totals', (period) => {
    const check = checkReportContent(
      period,
      { narrative: NARRATIVE, figures: { 'Thu ngân sách (%)': 105, 'Xếp loại': 'Tốt' } },
      DB_VT_2018_RUBRIC,
    );
    expect(check).toEqual({ ok: true, content: { narrative: NARRATIVE, figures: { 'Thu ngân sách (%)': 105, 'Xếp loại': 'Tốt' } } });
    expect(check.ok && 'totals' in check).toBe(false);
  });

  it('accepts a periodic report when the cluster-year has no rubric', () => {
    expect(checkReportContent('H1', { narrative: NARRATIVE }, undefined)).toEqual({
      ok: true,
      content: { narrative: NARRATIVE, figures: {} },
    });
  });

  it("accepts TGI's year-end report and computes its totals: 95.5", () => {
    const check = checkReportContent('YEAR', { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE }, DB_VT_2018_RUBRIC);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.totals).toEqual({ base: 93.5, bonus: 2, penalties: 0, total: 95.5 });
    expect(check.content.selfScore).toEqual({ ...TGI_SELF_SCORE, penalties: {} });
  });
});

describe('checkReportContent: size', () => {
  // {"narrative":"…"} is 16 bytes around the narrative.
  const withNarrativeBytes = (narrative: string) => ({ narrative });

  it('refuses a payload over the limit, with both sizes in the message, before anything else', () => {
    const content = withNarrativeBytes('a'.repeat(70_000 - 16));
    expect(new TextEncoder().encode(JSON.stringify(content)).length).toBe(70_000);
    expect(problemsOf('YEAR', content)).toEqual(['the report is 70,000 bytes; the limit is 65,536 bytes']);
  });

  it('measures UTF-8 bytes, not characters: ệ takes 3', () => {
    expect(MAX_REPORT_BYTES).toBe(65_536);
    const atLimit = withNarrativeBytes('ệ'.repeat((65_536 - 16) / 3));
    const over = withNarrativeBytes('ệ'.repeat((65_536 - 16) / 3 + 1));
    // At the limit the size is fine; the narrative is too long for the schema instead.
    expect(problemsOf('H1', atLimit)).toEqual(['narrative: the narrative is at most 20,000 characters']);
    expect(problemsOf('H1', over)).toEqual(['the report is 65,539 bytes; the limit is 65,536 bytes']);
  });

  it('counts the whole payload, figures and self-score included', () => {
    const figures = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Chỉ tiêu ${i}`, 'x'.repeat(1700)]));
    const problems = problemsOf('H1', { narrative: NARRATIVE, figures });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^the report is [\d,]+ bytes; the limit is 65,536 bytes$/);
  });
});

describe('checkReportContent: schema', () => {
  it.each([
    [{ narrative: '' }, 'narrative: the narrative may not be empty or blank'],
    [{ narrative: '\u200B\u200C' }, 'narrative: the narrative may not be empty or blank'],
    [{ narrative: '  \n ' }, 'narrative: the narrative may not be empty or blank'],
    [{ narrative: 'x'.repeat(20_001) }, 'narrative: the narrative is at most 20,000 characters'],
    [{ narrative: NARRATIVE, figures: { ['x'.repeat(101)]: 1 } }, `figures.${'x'.repeat(101)}: a figure name is 1-100 characters`],
    [{ narrative: NARRATIVE, figures: { '': 1 } }, 'figures.: a figure name is 1-100 characters'],
    [{ narrative: NARRATIVE, figures: { '\u200B': 1 } }, 'figures.\u200B: a figure name is 1-100 characters'],
    [{ narrative: NARRATIVE, figures: { a: 'x'.repeat(201) } }, 'figures.a: a figure given as text is at most 200 characters'],
  ])('refuses %#: %s', (content, problem) => {
    expect(problemsOf('H1', content)).toEqual([problem]);
  });

  it('accepts the boundaries: 20,000 characters of narrative, names of 100, text figures of 200, 50 figures', () => {
    expect(problemsOf('H1', { narrative: 'x'.repeat(20_000) })).toEqual([]);
    expect(problemsOf('H1', { narrative: NARRATIVE, figures: { ['x'.repeat(100)]: 'y'.repeat(200) } })).toEqual([]);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i]));
    expect(problemsOf('H1', { narrative: NARRATIVE, figures: fifty })).toEqual([]);
  });

  it('refuses more than 50 figures', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i]));
    expect(problemsOf('H1', { narrative: NARRATIVE, figures: many })).toEqual(['figures: at most 50 figures']);
  });

  it('refuses figures that are neither numbers nor text', () => {
    for (const value of [true, null, [1], { a: 1 }]) {
      const problems = problemsOf('H1', { narrative: NARRATIVE, figures: { a: value } });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^figures\.a: /);
    }
  });

  it('refuses two figure names that differ only in Unicode form (one would be lost)', () => {
    const nfc = 'Thu ngân sách';
    expect(problemsOf('H1', { narrative: NARRATIVE, figures: { [nfc]: 1, [nfc.normalize('NFD')]: 2 } })).toEqual([
      `figures.${nfc.normalize('NFD')}: the figure "${nfc}" is given twice (in different Unicode forms)`,
    ]);
  });

  it('refuses unknown fields and payloads that are not objects', () => {
    expect(problemsOf('H1', { narrative: NARRATIVE, attachment: 'x' })).toEqual(['report: Unrecognized key: "attachment"']);
    for (const content of [null, undefined, 'text', 42, []]) {
      const problems = problemsOf('H1', content);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^report: /);
    }
  });

  it('refuses a missing narrative', () => {
    const problems = problemsOf('H1', { figures: {} });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^narrative: /);
  });

  it('reports a payload that cannot be JSON as a schema problem instead of throwing', () => {
    const problems = problemsOf('H1', { narrative: NARRATIVE, figures: { a: 1n } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^figures\.a: /);
  });

  it('reports self-score schema problems with their path', () => {
    const selfScore = { ...TGI_SELF_SCORE, criteria: { ...TGI_SELF_SCORE.criteria, A1: 9.123 }, total: undefined };
    expect(problemsOf('YEAR', { narrative: NARRATIVE, selfScore })).toEqual([
      'selfScore.criteria.A1: points have at most 2 decimal places (e.g. 9.25, not 9.123)',
    ]);
  });
});

describe('checkReportContent: period rules', () => {
  it('requires a self-score on the year-end report', () => {
    expect(problemsOf('YEAR', { narrative: NARRATIVE })).toEqual(['the year-end report (YEAR) must carry a self-score']);
  });

  it.each(['Q1', 'H1', 'Q3'] as const)('refuses a self-score on the %s report', (period) => {
    expect(problemsOf(period, { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE })).toEqual([
      `only the year-end report (YEAR) carries a self-score, not the ${period} report (${REPORT_PERIODS[period]})`,
    ]);
  });

  it('refuses a year-end report when the cluster-year has no rubric', () => {
    expect(problemsWithoutRubric('YEAR', { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE })).toEqual([
      'the year-end report (YEAR) cannot be checked: no scoring rubric is set for this cluster-year',
    ]);
  });

  it("passes on every problem of the self-score's check against the rubric", () => {
    const criteria: Record<string, number> = { ...TGI_SELF_SCORE.criteria, A1: 11 };
    delete criteria.A3;
    const selfScore = { ...TGI_SELF_SCORE, criteria, total: 96 };
    const expected = checkSelfScore(DB_VT_2018_RUBRIC, selfScoreSchema.parse(selfScore));
    expect(expected.ok).toBe(false);
    expect(problemsOf('YEAR', { narrative: NARRATIVE, selfScore })).toEqual(!expected.ok && expected.problems);
    expect(problemsOf('YEAR', { narrative: NARRATIVE, selfScore })).toEqual([
      'criterion A3 (Nông thôn mới) is missing',
      'A1 is 11 but its maximum is 10',
      // 93.5 + 1.5 (A1 at 11, not 9.5) − 6 (A3 missing) + 2 bonus = 91
      'the submitted total 96 differs from the computed total 91 by 5',
    ]);
  });

  it('lists schema and period problems together', () => {
    expect(problemsWithoutRubric('YEAR', { narrative: '' })).toEqual([
      'narrative: the narrative may not be empty or blank',
      'the year-end report (YEAR) must carry a self-score',
      'the year-end report (YEAR) cannot be checked: no scoring rubric is set for this cluster-year',
    ]);
    expect(problemsOf('H1', { narrative: '', selfScore: TGI_SELF_SCORE })).toEqual([
      'narrative: the narrative may not be empty or blank',
      'only the year-end report (YEAR) carries a self-score, not the H1 report (Báo cáo sơ kết 6 tháng)',
    ]);
  });
});

describe('checkReportContent: problems as data', () => {
  const detailsOf = (period: ReportPeriod, content: unknown, withRubric = true) => {
    const check = checkReportContent(period, content, withRubric ? DB_VT_2018_RUBRIC : undefined);
    if (check.ok) throw new Error('expected problems');
    expect(check.details.map((d) => d.message)).toEqual(check.problems);
    return check.details.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'message')));
  };

  it('gives the narrative, the points and the text problems a code, the field and the values they name', () => {
    const selfScore = { ...TGI_SELF_SCORE, criteria: { ...TGI_SELF_SCORE.criteria, A1: 9.123, A2: -1 }, total: undefined };
    expect(detailsOf('YEAR', { narrative: '  ', selfScore })).toEqual([
      { code: 'narrativeBlank', path: 'narrative' },
      { code: 'pointsDecimals', path: 'selfScore.criteria.A1', item: 'A1' },
      { code: 'pointsNegative', path: 'selfScore.criteria.A2', item: 'A2' },
    ]);
    expect(detailsOf('H1', { narrative: 'x'.repeat(20_001) })).toEqual([{ code: 'narrativeTooLong', path: 'narrative', max: 20_000 }]);
    expect(detailsOf('H1', { narrative: 'Báo cáo\u0007' })).toEqual([
      { code: 'unstorableText', path: 'narrative', kind: 'control', char: 'U+0007', position: 8 },
    ]);
    // Anything else of the payload's shape is told in words only.
    expect(detailsOf('H1', { narrative: NARRATIVE, attachment: 'x' })).toEqual([{ code: 'schema', path: '' }]);
  });

  it("passes on the self-score's problems as data, and gives the size and the period rules a code", () => {
    const criteria: Record<string, number> = { ...TGI_SELF_SCORE.criteria, A1: 11 };
    delete criteria.A3;
    expect(detailsOf('YEAR', { narrative: NARRATIVE, selfScore: { ...TGI_SELF_SCORE, criteria, total: undefined } })).toEqual([
      { code: 'missingCriterion', item: 'A3', title: 'Nông thôn mới' },
      { code: 'overMax', item: 'A1', value: 11, max: 10 },
    ]);
    expect(detailsOf('YEAR', { narrative: 'a'.repeat(70_000) })).toEqual([{ code: 'tooLarge', bytes: 70_016, limit: 65_536 }]);
    expect(detailsOf('YEAR', { narrative: NARRATIVE }, false)).toEqual([{ code: 'selfScoreRequired' }, { code: 'noRubric' }]);
    expect(detailsOf('H1', { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE })).toEqual([
      { code: 'selfScoreNotThisPeriod', period: 'H1' },
    ]);
    expect(detailsOf('Q2' as ReportPeriod, { narrative: NARRATIVE })).toEqual([{ code: 'unknownPeriod', period: 'Q2' }]);
  });
});
