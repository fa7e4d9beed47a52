import { describe, it, expect } from 'vitest';
import {
  consolidate,
  FORMULA_VERSION,
  LATE_PENALTY_ITEM,
  meanPoints,
  tableOf,
  type Consolidation,
  type ScoringInputs,
  type SheetInput,
  type UnitScore,
  type VetoInput,
} from '../../domain/consolidation.ts';
import { DB_VT_2018_RUBRIC, sumPoints, type Rubric } from '../../domain/rubric.ts';

// The five seed units of the DB-VT cluster, in rotation order.
const MEMBERS = ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'];

const MAX: Record<string, number> = Object.fromEntries(DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria.map((c) => [c.code, c.max])));

/** Full marks less the given shortfalls: a sheet whose total is 100 − the shortfalls. */
function shortOf(shortfalls: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(MAX).map(([code, max]) => [code, sumPoints([max, -(shortfalls[code] ?? 0)])]));
}

/** Full marks less what it takes from A1 to total `total` (90 ≤ total ≤ 100). */
function totalling(total: number): Record<string, number> {
  return { ...MAX, A1: sumPoints([total, -90]) };
}

// What the scorers agree on, on average: DOMAIN.md's illustrative scores before bonus and
// penalties (TGI 93.5 + 2 bonus = 95.5; MLA 89 − 1 late penalty = 88).
const CONSENSUS: Record<string, Record<string, number>> = {
  TGI: shortOf({ A1: 1, A2: 1, A3: 1, B1: 0.5, B2: 0.5, C2: 0.5, D2: 0.5, E3: 0.5, E4: 0.5, E5: 0.5 }), // 93.5
  DBI: shortOf({ A1: 1.5, A2: 1, B1: 1, C2: 0.5, D1: 1, E1: 1, E2: 1 }), // 93
  MAN: shortOf({ A1: 2, A2: 2, B1: 1.5, C2: 1, D2: 1, E1: 1, E2: 1 }), // 90.5
  DBP: shortOf({ A1: 2, A3: 1, B1: 1, C2: 1, D1: 1, E1: 1, E5: 1 }), // 92
  MLA: shortOf({ A1: 3, A2: 2, B1: 1, B2: 1, C2: 1, D1: 1, E1: 1, E3: 1 }), // 89
};

// The k-th scorer of a unit (the other members in rotation order) departs from the consensus by
// DELTAS[k]: the scorers disagree, but per criterion the departures cancel, so every mean is the
// consensus and the sheet totals are the consensus −0.5, +1, −1, +0.5.
const DELTAS: Record<string, number>[] = [{ A1: -1, B1: 0.5 }, { A1: 1 }, { B1: -0.5, C2: -0.5 }, { C2: 0.5 }];

function depart(criteria: Record<string, number>, delta: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(criteria).map(([code, v]) => [code, sumPoints([v, delta[code] ?? 0])]));
}

/** Every member scores every other member, departing from `consensus` as DELTAS says. */
function sheetsFor(consensus: Record<string, Record<string, number>>, members = MEMBERS): SheetInput[] {
  return members.flatMap((target) =>
    members.filter((m) => m !== target).map((scorer, k) => ({ scorer, target, criteria: depart(consensus[target]!, DELTAS[k]!) })),
  );
}

const LATE_H1 = { unit: 'MLA', code: 'P1', points: 1, reason: 'H1 report filed late' };

function inputs(overrides: Partial<ScoringInputs> = {}, consensus: Record<string, Record<string, number>> = CONSENSUS): ScoringInputs {
  return {
    rubric: DB_VT_2018_RUBRIC,
    members: [...MEMBERS],
    sheets: sheetsFor(consensus),
    excludedScorers: [],
    bonus: { TGI: { T1: 2 } },
    penalties: [LATE_H1],
    adjustments: [],
    vetoes: [],
    ...overrides,
  };
}

function unit(result: Consolidation, code: string): UnitScore {
  const found = result.units.find((u) => u.unit === code);
  if (!found) throw new Error(`no ${code} in the consolidation`);
  return found;
}

const ranks = (result: Consolidation) => result.units.map((u) => [u.unit, u.rank, u.total]);

const VETO: VetoInput = {
  unit: 'TGI',
  source: 'Công an tỉnh',
  reference: 'CV 1234/CAT-PV01',
  description: 'Vi phạm trật tự an toàn giao thông nghiêm trọng',
  by: 'snv.tdkt',
  at: '2018-12-04T09:00:00+07:00',
};

describe('meanPoints', () => {
  it('is 0 for no values', () => {
    expect(meanPoints([])).toBe(0);
  });

  it('rounds to 0.01: 90, 90, 90.01 → 90 (90.0033…)', () => {
    expect(meanPoints([90, 90, 90.01])).toBe(90);
  });

  it('rounds half up: 90.01, 90.02 → 90.02 (90.015)', () => {
    expect(meanPoints([90.01, 90.02])).toBe(90.02);
    expect(meanPoints([89.99, 90])).toBe(90);
    expect(meanPoints([0.01, 0.02])).toBe(0.02);
  });

  it('rounds 2/3 of a hundredth up and 1/3 down', () => {
    expect(meanPoints([90.01, 90.01, 90.02])).toBe(90.01);
    expect(meanPoints([90.01, 90.02, 90.02])).toBe(90.02);
    expect(meanPoints([93, 94.5, 92.5])).toBe(93.33);
  });

  it('carries no binary noise: 0.1 and 0.2 average to 0.15', () => {
    expect(meanPoints([0.1, 0.2])).toBe(0.15);
    expect(meanPoints([0.1, 0.2, 0.3])).toBe(0.2);
  });

  it('is the value itself for one value', () => {
    expect(meanPoints([93.57])).toBe(93.57);
  });
});

describe('consolidate: DOMAIN.md illustrative scores', () => {
  const result = consolidate(inputs());

  it('carries the formula and rubric versions', () => {
    expect(FORMULA_VERSION).toBe('TDKT-CONS-1');
    expect(result.formulaVersion).toBe('TDKT-CONS-1');
    expect(result.rubricVersion).toBe('DB-VT-2018.1');
  });

  it('ranks TGI 95.5, DBI 93.0, DBP 92.0, MAN 90.5, MLA 88.0, one to five, with no tie', () => {
    expect(ranks(result)).toEqual([
      ['TGI', 1, 95.5],
      ['DBI', 2, 93],
      ['DBP', 3, 92],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    expect(result.tiedForFirst).toEqual([]);
    for (const u of result.units) {
      expect(u.tieBreak, u.unit).toEqual([]);
      expect(u.notes, u.unit).toEqual([]);
      expect(u.eligibleForFirst, u.unit).toBe(true);
    }
  });

  it("keeps each scorer's sheet and total, the scorers in rotation order, never the unit itself", () => {
    const tgi = unit(result, 'TGI');
    expect(tgi.scorers.map((s) => [s.scorer, s.total])).toEqual([
      ['DBI', 93],
      ['MAN', 94.5],
      ['DBP', 92.5],
      ['MLA', 94],
    ]);
    expect(tgi.scorers[1]!.criteria).toEqual({ ...CONSENSUS.TGI, A1: 10 });
    const totals = (code: string) => unit(result, code).scorers.map((s) => [s.scorer, s.total]);
    expect(totals('DBI')).toEqual([
      ['TGI', 92.5],
      ['MAN', 94],
      ['DBP', 92],
      ['MLA', 93.5],
    ]);
    expect(totals('DBP')).toEqual([
      ['TGI', 91.5],
      ['DBI', 93],
      ['MAN', 91],
      ['MLA', 92.5],
    ]);
    expect(totals('MAN')).toEqual([
      ['TGI', 90],
      ['DBI', 91.5],
      ['DBP', 89.5],
      ['MLA', 91],
    ]);
    expect(totals('MLA')).toEqual([
      ['TGI', 88.5],
      ['DBI', 90],
      ['MAN', 88],
      ['DBP', 89.5],
    ]);
  });

  it("gives each criterion the scorers' mean, where the disagreements cancel", () => {
    for (const code of MEMBERS) expect(unit(result, code).criterionMeans, code).toEqual(CONSENSUS[code]);
    expect(unit(result, 'TGI').criterionMeans).toMatchObject({ A1: 9, A2: 7, A3: 6, B1: 5.5, C2: 5.5, E5: 2.5 });
  });

  it("gives each group the mean of the scorers' group sums, in rubric order", () => {
    const groups = (code: string) => unit(result, code).groups.map((g) => [g.code, g.score]);
    expect(groups('TGI')).toEqual([
      ['A', 32],
      ['B', 19],
      ['C', 9.5],
      ['D', 14.5],
      ['E', 18.5],
    ]);
    expect(groups('DBI')).toEqual([
      ['A', 32.5],
      ['B', 19],
      ['C', 9.5],
      ['D', 14],
      ['E', 18],
    ]);
    expect(groups('DBP')).toEqual([
      ['A', 32],
      ['B', 19],
      ['C', 9],
      ['D', 14],
      ['E', 18],
    ]);
    expect(groups('MAN')).toEqual([
      ['A', 31],
      ['B', 18.5],
      ['C', 9],
      ['D', 14],
      ['E', 18],
    ]);
    expect(groups('MLA')).toEqual([
      ['A', 30],
      ['B', 18],
      ['C', 9],
      ['D', 14],
      ['E', 18],
    ]);
  });

  it('takes the base as the mean of the sheet totals', () => {
    expect(result.units.map((u) => [u.unit, u.base])).toEqual([
      ['TGI', 93.5],
      ['DBI', 93],
      ['DBP', 92],
      ['MAN', 90.5],
      ['MLA', 89],
    ]);
  });

  it("adds TGI's +2 for a province-recognised initiative (T1), titled", () => {
    expect(unit(result, 'TGI').bonus).toEqual({
      items: [{ code: 'T1', points: 2, reason: 'Sáng kiến được tỉnh công nhận' }],
      sum: 2,
      cap: 5,
      applied: 2,
    });
    expect(unit(result, 'DBI').bonus).toEqual({ items: [], sum: 0, cap: 5, applied: 0 });
  });

  it("takes MLA's late H1 report off (P1), with the reason", () => {
    expect(LATE_PENALTY_ITEM).toBe('P1');
    expect(unit(result, 'MLA').penalties).toEqual({
      items: [{ code: 'P1', points: 1, reason: 'H1 report filed late' }],
      sum: 1,
      cap: 10,
      applied: 1,
    });
    expect(unit(result, 'TGI').penalties).toEqual({ items: [], sum: 0, cap: 10, applied: 0 });
  });

  it('reads sheets in any order: the result is the same when they come reversed', () => {
    expect(consolidate(inputs({ sheets: sheetsFor(CONSENSUS).reverse() }))).toEqual(result);
  });
});

describe('consolidate: base, bonus, penalties and adjustments', () => {
  it('leaves out a sheet a scorer gave itself', () => {
    const sheets = [...sheetsFor(CONSENSUS), { scorer: 'TGI', target: 'TGI', criteria: { ...MAX } }];
    const tgi = unit(consolidate(inputs({ sheets })), 'TGI');
    expect(tgi.scorers.map((s) => s.scorer)).toEqual(['DBI', 'MAN', 'DBP', 'MLA']);
    expect(tgi.base).toBe(93.5);
    expect(tgi.total).toBe(95.5);
  });

  it('leaves out a scorer that did not score: the base is the mean of the others, rounded', () => {
    const sheets = sheetsFor(CONSENSUS).filter((s) => s.scorer !== 'MLA');
    const result = consolidate(inputs({ sheets, excludedScorers: [{ unit: 'MLA', reason: 'did not score by the deadline' }] }));
    const tgi = unit(result, 'TGI');
    expect(tgi.scorers.map((s) => [s.scorer, s.total])).toEqual([
      ['DBI', 93],
      ['MAN', 94.5],
      ['DBP', 92.5],
    ]);
    // (93 + 94.5 + 92.5) / 3 = 93.333…
    expect(tgi.base).toBe(93.33);
    expect(tgi.total).toBe(95.33);
    // MLA is still scored by the others.
    expect(unit(result, 'MLA').base).toBe(89);
    expect(result.excludedScorers).toEqual([{ unit: 'MLA', reason: 'did not score by the deadline' }]);
  });

  it('rounds the base half up to 0.01: 90, 90, 90.01 → 90', () => {
    const sheets = ['DBI', 'MAN', 'DBP'].map((scorer, i) => ({ scorer, target: 'TGI', criteria: totalling([90, 90, 90.01][i]!) }));
    const tgi = unit(consolidate(inputs({ sheets, bonus: {}, penalties: [] })), 'TGI');
    expect(tgi.scorers.map((s) => s.total)).toEqual([90, 90, 90.01]);
    expect(tgi.base).toBe(90);
    expect(tgi.criterionMeans.A1).toBe(0);
    expect(tgi.groups[0]).toEqual({ code: 'A', score: 25 });
    expect(tgi.total).toBe(90);
  });

  it('rounds the base half up to 0.01: 90.01, 90.02 → 90.02 (90.015)', () => {
    const sheets = [
      { scorer: 'DBI', target: 'TGI', criteria: totalling(90.01) },
      { scorer: 'MAN', target: 'TGI', criteria: totalling(90.02) },
    ];
    const tgi = unit(consolidate(inputs({ sheets, bonus: {}, penalties: [] })), 'TGI');
    expect(tgi.base).toBe(90.02);
    expect(tgi.criterionMeans.A1).toBe(0.02);
    expect(tgi.groups[0]).toEqual({ code: 'A', score: 25.02 });
  });

  it('caps the bonus: the items and their sum are kept, the cap is what counts', () => {
    const rubric: Rubric = { ...DB_VT_2018_RUBRIC, bonus: { ...DB_VT_2018_RUBRIC.bonus, cap: 4 } };
    const tgi = unit(consolidate(inputs({ rubric, bonus: { TGI: { T1: 2, T2: 3 } } })), 'TGI');
    expect(tgi.bonus).toEqual({
      items: [
        { code: 'T1', points: 2, reason: 'Sáng kiến được tỉnh công nhận' },
        { code: 'T2', points: 3, reason: 'Khen thưởng cấp trên' },
      ],
      sum: 5,
      cap: 4,
      applied: 4,
    });
    expect(tgi.total).toBe(97.5);
  });

  it('applies a bonus exactly at the cap in full', () => {
    const tgi = unit(consolidate(inputs({ bonus: { TGI: { T1: 2, T2: 3 } } })), 'TGI');
    expect(tgi.bonus).toMatchObject({ sum: 5, cap: 5, applied: 5 });
    expect(tgi.total).toBe(98.5);
  });

  it("counts only the rubric's bonus items, in rubric order, and drops zero claims", () => {
    const tgi = unit(consolidate(inputs({ bonus: { TGI: { T9: 4, T2: 1.5, T1: 0 } } })), 'TGI');
    expect(tgi.bonus).toEqual({ items: [{ code: 'T2', points: 1.5, reason: 'Khen thưởng cấp trên' }], sum: 1.5, cap: 5, applied: 1.5 });
    expect(tgi.total).toBe(95);
  });

  it('caps the penalties at 10, listing every record', () => {
    const penalties = [
      LATE_H1,
      { unit: 'MLA', code: 'P1', points: 1, reason: 'YEAR report filed late' },
      { unit: 'MLA', code: 'P2', points: 4, reason: 'declared in the self-score' },
      { unit: 'MLA', code: 'P2', points: 6, reason: 'declared in the self-score' },
    ];
    const mla = unit(consolidate(inputs({ penalties })), 'MLA');
    expect(mla.penalties).toEqual({
      items: [
        { code: 'P1', points: 1, reason: 'H1 report filed late' },
        { code: 'P1', points: 1, reason: 'YEAR report filed late' },
        { code: 'P2', points: 4, reason: 'declared in the self-score' },
        { code: 'P2', points: 6, reason: 'declared in the self-score' },
      ],
      sum: 12,
      cap: 10,
      applied: 10,
    });
    expect(mla.total).toBe(79);
  });

  it("takes a unit's penalties and bonus off that unit only", () => {
    const result = consolidate(inputs());
    for (const code of ['TGI', 'DBI', 'MAN', 'DBP']) expect(unit(result, code).penalties.applied, code).toBe(0);
    for (const code of ['DBI', 'MAN', 'DBP', 'MLA']) expect(unit(result, code).bonus.applied, code).toBe(0);
  });

  it('adds adjustments, positive and negative, each with its reason, exactly', () => {
    const adjustments = [
      { unit: 'DBI', points: 0.5, reason: 'Bổ sung minh chứng tiêu chí A3 sau khi chấm', by: 'dbi.chair', at: '2018-12-04T08:00:00+07:00' },
      { unit: 'DBI', points: -0.25, reason: 'Sai số liệu thu ngân sách', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
      { unit: 'MAN', points: 0.1, reason: 'Làm tròn', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
      { unit: 'MAN', points: 0.2, reason: 'Làm tròn', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
    ];
    const result = consolidate(inputs({ adjustments }));
    const dbi = unit(result, 'DBI');
    expect(dbi.adjustments).toEqual(adjustments.slice(0, 2));
    expect(dbi.adjustmentSum).toBe(0.25);
    expect(dbi.base).toBe(93);
    expect(dbi.total).toBe(93.25);
    expect(unit(result, 'MAN').adjustmentSum).toBe(0.3);
    expect(unit(result, 'MAN').total).toBe(90.8);
    expect(unit(result, 'TGI')).toMatchObject({ adjustments: [], adjustmentSum: 0, total: 95.5 });
  });

  it('adds adjustments after the caps: they can take a unit past the bonus cap or below the penalty cap', () => {
    const adjustments = [
      { unit: 'TGI', points: 1, reason: 'Khen thưởng đột xuất của Thủ tướng', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
      { unit: 'MLA', points: -2, reason: 'Báo cáo sai sự thật', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
    ];
    const penalties = [LATE_H1, { unit: 'MLA', code: 'P2', points: 10, reason: 'declared in the self-score' }];
    const result = consolidate(inputs({ adjustments, penalties, bonus: { TGI: { T1: 2, T2: 3 } } }));
    // 93.5 + 5 (the whole cap) + 1
    expect(unit(result, 'TGI').total).toBe(99.5);
    // 89 − 10 (the cap, of 11) − 2
    expect(unit(result, 'MLA').total).toBe(77);
  });

  it('re-ranks on the adjusted totals', () => {
    const adjustments = [{ unit: 'DBP', points: 1.5, reason: 'Bổ sung minh chứng', by: 'dbi.chair', at: '2018-12-04T08:00:00+07:00' }];
    expect(ranks(consolidate(inputs({ adjustments })))).toEqual([
      ['TGI', 1, 95.5],
      ['DBP', 2, 93.5],
      ['DBI', 3, 93],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
  });

  it('gives a unit nobody scored a base of 0 and says so, keeping its bonus and penalties', () => {
    const sheets = sheetsFor(CONSENSUS).filter((s) => s.target !== 'MLA');
    const result = consolidate(inputs({ sheets, penalties: [LATE_H1], bonus: { MLA: { T2: 1 } } }));
    const mla = unit(result, 'MLA');
    expect(mla.scorers).toEqual([]);
    expect(mla.base).toBe(0);
    expect(Object.values(mla.criterionMeans).every((v) => v === 0)).toBe(true);
    expect(Object.keys(mla.criterionMeans)).toHaveLength(20);
    expect(mla.groups).toEqual(['A', 'B', 'C', 'D', 'E'].map((code) => ({ code, score: 0 })));
    expect(mla.total).toBe(0);
    expect(mla.notes).toEqual(['no cross-scores were received for this unit: its base is 0']);
    expect(mla.rank).toBe(5);
    // The others are untouched.
    expect(unit(result, 'TGI').notes).toEqual([]);
  });
});

describe('consolidate: ties', () => {
  it('splits DBP = DBI at 93 by group A', () => {
    // DBP: 7 short, but only 2 of them in group A (33 against DBI's 32.5).
    const consensus = { ...CONSENSUS, DBP: shortOf({ A1: 2, B1: 1, C2: 1, D1: 1, E1: 1, E5: 1 }) };
    const result = consolidate(inputs({}, consensus));
    expect(ranks(result)).toEqual([
      ['TGI', 1, 95.5],
      ['DBP', 2, 93],
      ['DBI', 3, 93],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    expect(unit(result, 'DBP').tieBreak).toEqual(['tied with DBI at 93; group A: 33 against 32.5, so ahead of DBI']);
    expect(unit(result, 'DBI').tieBreak).toEqual(['tied with DBP at 93; group A: 32.5 against 33, so behind DBP']);
    expect(unit(result, 'TGI').tieBreak).toEqual([]);
    expect(result.tiedForFirst).toEqual([]);
  });

  it('splits a tie equal in group A by group B', () => {
    const consensus = { ...CONSENSUS, DBP: shortOf({ A1: 1.5, A2: 1, B1: 0.5, C2: 1, D1: 1, E1: 1, E2: 1 }) };
    const result = consolidate(inputs({}, consensus));
    expect(unit(result, 'DBP').groups.slice(0, 2)).toEqual([
      { code: 'A', score: 32.5 },
      { code: 'B', score: 19.5 },
    ]);
    expect(ranks(result).slice(1, 3)).toEqual([
      ['DBP', 2, 93],
      ['DBI', 3, 93],
    ]);
    expect(unit(result, 'DBP').tieBreak).toEqual(['tied with DBI at 93; equal in group A; group B: 19.5 against 19, so ahead of DBI']);
    expect(unit(result, 'DBI').tieBreak).toEqual(['tied with DBP at 93; equal in group A; group B: 19 against 19.5, so behind DBP']);
  });

  it('goes down the cascade as far as it must: equal in A and B, split by C', () => {
    const consensus = { ...CONSENSUS, DBP: shortOf({ A1: 1.5, A2: 1, B1: 1, D1: 1.5, E1: 1, E2: 1 }) };
    const result = consolidate(inputs({}, consensus));
    expect(unit(result, 'DBP').rank).toBe(2);
    expect(unit(result, 'DBI').rank).toBe(3);
    expect(unit(result, 'DBP').tieBreak).toEqual(['tied with DBI at 93; equal in group A, B; group C: 10 against 9.5, so ahead of DBI']);
  });

  it('does not let the group cascade override a higher total', () => {
    // DBP's group A (34) beats everyone's, but its total (91) is lower than DBI's.
    const consensus = { ...CONSENSUS, DBP: shortOf({ A1: 1, B1: 2, C2: 2, D1: 2, E1: 2 }) };
    const result = consolidate(inputs({}, consensus));
    expect(ranks(result).map(([u]) => u)).toEqual(['TGI', 'DBI', 'DBP', 'MAN', 'MLA']);
    expect(unit(result, 'DBP').tieBreak).toEqual([]);
  });

  it('lets two units equal in every group share a rank, the next rank skipped; the ballot decides', () => {
    const consensus = { ...CONSENSUS, DBP: CONSENSUS.DBI! };
    const result = consolidate(inputs({}, consensus));
    expect(ranks(result)).toEqual([
      ['TGI', 1, 95.5],
      ['DBI', 2, 93],
      ['DBP', 2, 93],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    expect(unit(result, 'DBI').tieBreak).toEqual(['tied with DBP at 93 in every group: the cluster ballot decides']);
    expect(unit(result, 'DBP').tieBreak).toEqual(['tied with DBI at 93 in every group: the cluster ballot decides']);
    expect(result.tiedForFirst).toEqual([]);
  });

  it('lists the units tied for first in every group in tiedForFirst, in rotation order', () => {
    // TGI without its bonus, 7 short on other criteria than DBI but with the same group scores.
    const consensus = { ...CONSENSUS, TGI: shortOf({ A1: 1, A3: 1.5, B1: 0.5, B2: 0.5, C2: 0.5, D3: 1, E4: 1, E5: 1 }) };
    const result = consolidate(inputs({ bonus: {} }, consensus));
    expect(unit(result, 'TGI').criterionMeans).not.toEqual(unit(result, 'DBI').criterionMeans);
    expect(unit(result, 'TGI').groups).toEqual(unit(result, 'DBI').groups);
    expect(ranks(result)).toEqual([
      ['TGI', 1, 93],
      ['DBI', 1, 93],
      ['DBP', 3, 92],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    expect(result.tiedForFirst).toEqual(['TGI', 'DBI']);
    expect(unit(result, 'TGI').tieBreak).toEqual(['tied with DBI at 93 in every group: the cluster ballot decides']);
  });

  it('lists each of several units with the same total in its tie-break, in rotation order', () => {
    // DBP split from DBI by group A; MAN brought up to 93 with an adjustment, lower in group A than both.
    const consensus = { ...CONSENSUS, DBP: shortOf({ A1: 2, B1: 1, C2: 1, D1: 1, E1: 1, E5: 1 }) };
    const adjustments = [{ unit: 'MAN', points: 2.5, reason: 'Bổ sung minh chứng', by: 'dbi.chair', at: '2018-12-04T08:00:00+07:00' }];
    const result = consolidate(inputs({ adjustments }, consensus));
    expect(ranks(result)).toEqual([
      ['TGI', 1, 95.5],
      ['DBP', 2, 93],
      ['DBI', 3, 93],
      ['MAN', 4, 93],
      ['MLA', 5, 88],
    ]);
    expect(unit(result, 'DBI').tieBreak).toEqual([
      'tied with MAN at 93; group A: 32.5 against 31, so ahead of MAN',
      'tied with DBP at 93; group A: 32.5 against 33, so behind DBP',
    ]);
  });
});

describe('consolidate: vetoes', () => {
  it('puts the best unit without a veto first and the vetoed leader second', () => {
    const result = consolidate(inputs({ vetoes: [VETO] }));
    expect(ranks(result)).toEqual([
      ['DBI', 1, 93],
      ['TGI', 2, 95.5],
      ['DBP', 3, 92],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    const tgi = unit(result, 'TGI');
    expect(tgi.eligibleForFirst).toBe(false);
    expect(tgi.vetoes).toEqual([VETO]);
    expect(tgi.notes).toEqual(['cannot rank first or receive the flag: veto input from Công an tỉnh (CV 1234/CAT-PV01)']);
    expect(unit(result, 'DBI')).toMatchObject({ eligibleForFirst: true, vetoes: [], notes: [] });
    expect(result.tiedForFirst).toEqual([]);
  });

  it('names every veto source of a unit', () => {
    const tax = { ...VETO, source: 'Cục Thuế tỉnh', reference: 'QĐ 88/QĐ-CT' };
    const tgi = unit(consolidate(inputs({ vetoes: [VETO, tax] })), 'TGI');
    expect(tgi.notes).toEqual([
      'cannot rank first or receive the flag: veto input from Công an tỉnh (CV 1234/CAT-PV01), Cục Thuế tỉnh (QĐ 88/QĐ-CT)',
    ]);
    expect(tgi.rank).toBe(2);
  });

  it('leaves the order alone when the vetoed unit is not the leader', () => {
    const result = consolidate(inputs({ vetoes: [{ ...VETO, unit: 'DBP' }] }));
    expect(ranks(result).map(([u, r]) => [u, r])).toEqual([
      ['TGI', 1],
      ['DBI', 2],
      ['DBP', 3],
      ['MAN', 4],
      ['MLA', 5],
    ]);
    expect(unit(result, 'DBP').eligibleForFirst).toBe(false);
  });

  it('does not let a vetoed unit equal in every group with the eligible leader share first place', () => {
    // TGI (listed first in rotation) ties DBI in every group, but has a veto.
    const consensus = { ...CONSENSUS, TGI: shortOf({ A1: 1, A3: 1.5, B1: 0.5, B2: 0.5, C2: 0.5, D3: 1, E4: 1, E5: 1 }) };
    const result = consolidate(inputs({ bonus: {}, vetoes: [VETO] }, consensus));
    expect(ranks(result)).toEqual([
      ['DBI', 1, 93],
      ['TGI', 2, 93],
      ['DBP', 3, 92],
      ['MAN', 4, 90.5],
      ['MLA', 5, 88],
    ]);
    expect(result.tiedForFirst).toEqual([]);
  });

  it('keeps the vetoed unit off first place even with every unit vetoed but one', () => {
    const vetoes = ['TGI', 'DBI', 'DBP', 'MAN'].map((u) => ({ ...VETO, unit: u }));
    const result = consolidate(inputs({ vetoes }));
    expect(result.units[0]).toMatchObject({ unit: 'MLA', rank: 1, eligibleForFirst: true });
    expect(result.units.filter((u) => u.rank === 1).map((u) => u.unit)).toEqual(['MLA']);
  });

  // A veto bars one unit; it must not split a tie between the units it leaves in contention.
  it('lets two eligible units equal in every group share first place under a vetoed leader', () => {
    const consensus = { ...CONSENSUS, DBP: CONSENSUS.DBI! };
    const result = consolidate(inputs({ vetoes: [VETO] }, consensus));
    expect(unit(result, 'DBI').rank).toBe(1);
    expect(unit(result, 'DBP').rank).toBe(1);
    expect(result.tiedForFirst).toEqual(['DBI', 'DBP']);
    expect(unit(result, 'TGI').rank).toBeGreaterThan(1);
  });

  it('lets the eligible units of a three-way tie share first place when the vetoed one sits between them in rotation', () => {
    // TGI, DBI and MAN equal in every group at 93; DBI (second in rotation) has a veto.
    const tied = shortOf({ A1: 1, A3: 1.5, B1: 0.5, B2: 0.5, C2: 0.5, D3: 1, E4: 1, E5: 1 });
    const consensus = { ...CONSENSUS, TGI: tied, DBI: tied, MAN: tied };
    const result = consolidate(inputs({ bonus: {}, vetoes: [{ ...VETO, unit: 'DBI' }] }, consensus));
    expect(unit(result, 'TGI').rank).toBe(1);
    expect(unit(result, 'MAN').rank).toBe(1);
    expect(unit(result, 'DBI').rank).toBeGreaterThan(1);
    expect(result.tiedForFirst).toEqual(['TGI', 'MAN']);
  });

  it('never ranks a vetoed unit first, even third in a three-way tie at the top', () => {
    const tied = shortOf({ A1: 1, A3: 1.5, B1: 0.5, B2: 0.5, C2: 0.5, D3: 1, E4: 1, E5: 1 });
    const consensus = { ...CONSENSUS, TGI: tied, DBI: tied, MAN: tied };
    const result = consolidate(inputs({ bonus: {}, vetoes: [{ ...VETO, unit: 'MAN' }] }, consensus));
    expect(unit(result, 'TGI').rank).toBe(1);
    expect(unit(result, 'DBI').rank).toBe(1);
    expect(unit(result, 'MAN').rank).toBeGreaterThan(1);
    expect(result.tiedForFirst).toEqual(['TGI', 'DBI']);
  });
});

describe('tableOf', () => {
  it("keeps the published numbers of each unit, in rank order, without the scorers' sheets", () => {
    const adjustments = [
      { unit: 'DBI', points: -0.5, reason: 'Sai số liệu thu ngân sách', by: 'snv.tdkt', at: '2018-12-04T09:00:00+07:00' },
    ];
    const sheets = sheetsFor(CONSENSUS).filter((s) => s.scorer !== 'MLA');
    const excludedScorers = [{ unit: 'MLA', reason: 'did not score by the deadline' }];
    const result = consolidate(inputs({ adjustments, vetoes: [VETO], sheets, excludedScorers }));
    const table = tableOf(result);
    expect(table).toMatchObject({
      formulaVersion: 'TDKT-CONS-1',
      rubricVersion: 'DB-VT-2018.1',
      tiedForFirst: [],
      excludedScorers: ['MLA'],
    });
    expect(table.rows.map((r) => r.unit)).toEqual(result.units.map((u) => u.unit));
    const tgi = table.rows.find((r) => r.unit === 'TGI')!;
    // (93 + 94.5 + 92.5) / 3 = 93.33, + 2
    expect(tgi).toEqual({
      unit: 'TGI',
      rank: 2,
      total: 95.33,
      base: 93.33,
      bonus: 2,
      penalties: 0,
      adjustments: [],
      eligibleForFirst: false,
      tieBreak: [],
      notes: ['cannot rank first or receive the flag: veto input from Công an tỉnh (CV 1234/CAT-PV01)'],
    });
    const dbi = table.rows.find((r) => r.unit === 'DBI')!;
    expect(dbi).toMatchObject({
      rank: 1,
      adjustments: [{ points: -0.5, reason: 'Sai số liệu thu ngân sách', by: 'snv.tdkt' }],
      eligibleForFirst: true,
    });
    expect(JSON.stringify(table)).not.toContain('criteria');
  });
});
