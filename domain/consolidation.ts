import { sumPoints, type Rubric } from './rubric.ts';
import { VETO_SOURCES, type VetoSource } from './scoringActions.ts';

// Consolidation and ranking (DOMAIN.md "Scoring", "Quotas and eligibility"): every published
// number is computed here from the stored raw data, so `tdkt explain` can recompute it and show
// each step. The formula has a version, stored with every result; change the rules only under a
// new version, so results published under an old one still recompute the same.
//
// TDKT-CONS-1:
//   base        = mean of the scorers' sheet totals (scorers that did not score are left out)
//   bonus       = the bonus items of the unit's year-end self-score, summed, capped at the rubric's cap
//   penalties   = the rounds' late penalties (item P1) + the self-score's other penalty items,
//                 summed, capped at the rubric's cap
//   total       = base + bonus − penalties + the adjustments (each with its written reason)
//   means are rounded to 0.01, half up; sums are exact in hundredths.
//   order       = total, highest first; equal totals are split by the group scores (the mean of
//                 the scorers' group sums) in rubric order, A first; a tie that survives every
//                 group goes to the cluster ballot. A unit with a veto input cannot rank first:
//                 the best unit without one takes first place.

export const FORMULA_VERSION = 'TDKT-CONS-1';

/** The penalty item filled from the rounds' records (late reports), never from a self-declaration. */
export const LATE_PENALTY_ITEM = 'P1';

export interface SheetInput {
  scorer: string;
  target: string;
  criteria: Record<string, number>;
}

export interface PenaltyInput {
  unit: string;
  code: string;
  points: number;
  /** Where it comes from: "H1 report filed late", "declared in the self-score". */
  reason: string;
}

export interface AdjustmentInput {
  unit: string;
  /** Positive or negative, at most 2 decimals. */
  points: number;
  reason: string;
  by: string;
  at: string;
}

export interface VetoInput {
  unit: string;
  source: string;
  reference: string;
  description: string;
  by: string;
  at: string;
}

export interface ScoringInputs {
  rubric: Rubric;
  /** Members in rotation order (the order shown for ties the ballot must settle). */
  members: string[];
  /** The latest sheet of each scorer for each target. */
  sheets: SheetInput[];
  /** Scorers left out, with why ("did not score by the deadline"). */
  excludedScorers: { unit: string; reason: string }[];
  /** Bonus items claimed in each unit's year-end self-score (code → points). */
  bonus: Record<string, Record<string, number>>;
  penalties: PenaltyInput[];
  adjustments: AdjustmentInput[];
  vetoes: VetoInput[];
}

export interface CappedItems {
  items: { code: string; points: number; reason?: string }[];
  sum: number;
  cap: number;
  /** What counts: the sum, or the cap when the sum is above it. */
  applied: number;
}

export interface UnitScore {
  unit: string;
  /** Each scorer's sheet for this unit, with its total. */
  scorers: { scorer: string; criteria: Record<string, number>; total: number }[];
  criterionMeans: Record<string, number>;
  groups: { code: string; score: number }[];
  base: number;
  bonus: CappedItems;
  penalties: CappedItems;
  adjustments: AdjustmentInput[];
  adjustmentSum: number;
  total: number;
  vetoes: VetoInput[];
  /** False when a veto input bars the unit from first place and the flag. */
  eligibleForFirst: boolean;
  /** 1 = first; units whose tie only the ballot can settle share a rank. */
  rank: number;
  /** How the unit's place was settled against units with the same total, step by step. */
  tieBreak: string[];
  /** Why the unit stands where it does beyond its score (veto, no cross-scores). */
  notes: string[];
}

export interface Consolidation {
  formulaVersion: string;
  rubricVersion: string;
  units: UnitScore[];
  /** Units tied for first place after every group: the ballot decides between them. */
  tiedForFirst: string[];
  /** Scorers whose sheets are missing, with why: their absence is part of the result. */
  excludedScorers: { unit: string; reason: string }[];
}

/** Mean of values given in points, rounded to 0.01 half up (computed in hundredths). */
export function meanPoints(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const hundredths = values.reduce((sum, v) => sum + Math.round(v * 100), 0);
  return Math.round(hundredths / values.length) / 100;
}

function capped(items: CappedItems['items'], cap: number): CappedItems {
  const sum = sumPoints(items.map((i) => i.points));
  return { items, sum, cap, applied: Math.min(sum, cap) };
}

function scoreUnit(inputs: ScoringInputs, unit: string): Omit<UnitScore, 'rank' | 'tieBreak'> {
  const { rubric } = inputs;
  const criteria = rubric.groups.flatMap((g) => g.criteria);
  const scorers = inputs.sheets
    .filter((s) => s.target === unit && s.scorer !== unit)
    .sort((a, b) => inputs.members.indexOf(a.scorer) - inputs.members.indexOf(b.scorer))
    .map((s) => ({ scorer: s.scorer, criteria: s.criteria, total: sumPoints(criteria.map((c) => s.criteria[c.code] ?? 0)) }));
  const criterionMeans = Object.fromEntries(criteria.map((c) => [c.code, meanPoints(scorers.map((s) => s.criteria[c.code] ?? 0))]));
  const groups = rubric.groups.map((g) => ({
    code: g.code,
    score: meanPoints(scorers.map((s) => sumPoints(g.criteria.map((c) => s.criteria[c.code] ?? 0)))),
  }));
  const base = meanPoints(scorers.map((s) => s.total));

  const claimed = inputs.bonus[unit] ?? {};
  const bonus = capped(
    rubric.bonus.items.filter((i) => claimed[i.code]).map((i) => ({ code: i.code, points: claimed[i.code]!, reason: i.title })),
    rubric.bonus.cap,
  );
  const penalties = capped(
    inputs.penalties.filter((p) => p.unit === unit).map((p) => ({ code: p.code, points: p.points, reason: p.reason })),
    rubric.penalties.cap,
  );
  const adjustments = inputs.adjustments.filter((a) => a.unit === unit);
  const adjustmentSum = sumPoints(adjustments.map((a) => a.points));
  const vetoes = inputs.vetoes.filter((v) => v.unit === unit);
  const notes: string[] = [];
  if (scorers.length === 0) notes.push('no cross-scores were received for this unit: its base is 0');
  if (vetoes.length)
    notes.push(`cannot rank first or receive the flag: veto input from ${vetoes.map((v) => `${v.source} (${v.reference})`).join(', ')}`);
  return {
    unit,
    scorers,
    criterionMeans,
    groups,
    base,
    bonus,
    penalties,
    adjustments,
    adjustmentSum,
    total: sumPoints([base, bonus.applied, -penalties.applied, adjustmentSum]),
    vetoes,
    eligibleForFirst: vetoes.length === 0,
    notes,
  };
}

type Scored = Omit<UnitScore, 'rank' | 'tieBreak'>;

/** Compares two units with equal totals group by group; 0 when every group is equal. */
function compareGroups(a: Scored, b: Scored): number {
  for (let i = 0; i < a.groups.length; i++) {
    const diff = b.groups[i]!.score - a.groups[i]!.score;
    if (diff !== 0) return diff;
  }
  return 0;
}

/** One step of a tie-break against another unit with the same total, in data: rendered in English for the CLI, in Vietnamese for the documents. */
type TieStep = { other: string; total: number } & (
  | { kind: 'veto'; ahead: string; vetoed: string }
  | { kind: 'ballot' }
  | { kind: 'group'; equalBefore: string[]; group: string; score: number; against: number }
);

function tieStepList(unit: Scored, sameTotal: Scored[]): TieStep[] {
  return sameTotal.map((other): TieStep => {
    const base = { other: other.unit, total: unit.total };
    const decisive = unit.groups.findIndex((g, i) => g.score !== other.groups[i]!.score);
    if (decisive === -1) {
      if (unit.eligibleForFirst === other.eligibleForFirst) return { ...base, kind: 'ballot' };
      const [ahead, vetoed] = unit.eligibleForFirst ? [unit.unit, other.unit] : [other.unit, unit.unit];
      return { ...base, kind: 'veto', ahead, vetoed };
    }
    const g = unit.groups[decisive]!;
    return {
      ...base,
      kind: 'group',
      equalBefore: unit.groups.slice(0, decisive).map((x) => x.code),
      group: g.code,
      score: g.score,
      against: other.groups[decisive]!.score,
    };
  });
}

function englishStep(s: TieStep): string {
  if (s.kind === 'veto')
    return `tied with ${s.other} at ${s.total} in every group; ${s.ahead} ranks ahead because ${s.vetoed} has a veto input`;
  if (s.kind === 'ballot') return `tied with ${s.other} at ${s.total} in every group: the cluster ballot decides`;
  return `tied with ${s.other} at ${s.total}${s.equalBefore.length ? `; equal in group ${s.equalBefore.join(', ')}` : ''}; group ${s.group}: ${s.score} against ${s.against}, so ${s.score > s.against ? `ahead of ${s.other}` : `behind ${s.other}`}`;
}

function vietnameseStep(s: TieStep): string {
  if (s.kind === 'veto')
    return `bằng điểm ${s.other} (${s.total}) ở mọi nhóm tiêu chí; ${s.ahead} xếp trên vì ${s.vetoed} có thông tin vi phạm`;
  if (s.kind === 'ballot') return `bằng điểm ${s.other} (${s.total}) ở mọi nhóm tiêu chí: cụm bỏ phiếu quyết định`;
  return `bằng tổng điểm ${s.other} (${s.total})${s.equalBefore.length ? `, bằng điểm nhóm ${s.equalBefore.join(', ')}` : ''}; nhóm ${s.group}: ${s.score} so với ${s.against}, nên xếp ${s.score > s.against ? 'trên' : 'dưới'} ${s.other}`;
}

/** The tie-break steps of `unit` against the others with its total. */
function tieSteps(unit: Scored, sameTotal: Scored[]): string[] {
  return tieStepList(unit, sameTotal).map(englishStep);
}

/**
 * A unit's notes and tie-break steps in Vietnamese, for the minutes (biên bản) and the mails: the
 * same facts as `notes` and `tieBreak`, which stay in English for the CLI.
 */
export function vietnameseNotes(consolidation: Consolidation): Map<string, string[]> {
  return new Map(
    consolidation.units.map((u) => {
      const notes: string[] = [];
      if (u.scorers.length === 0) notes.push('không nhận được phiếu chấm chéo nào cho đơn vị: điểm chấm chéo là 0');
      if (u.vetoes.length)
        notes.push(
          `không được xếp thứ nhất và đề nghị Cờ thi đua: có thông tin vi phạm từ ${u.vetoes.map((v) => `${VETO_SOURCES[v.source as VetoSource] ?? v.source} (${v.reference})`).join(', ')}`,
        );
      const sameTotal = consolidation.units.filter((o) => o.unit !== u.unit && o.total === u.total);
      return [u.unit, [...notes, ...tieStepList(u, sameTotal).map(vietnameseStep)]] as const;
    }),
  );
}

/** Consolidates every member's score and ranks the members (see the formula above). */
export function consolidate(inputs: ScoringInputs): Consolidation {
  const scored = inputs.members.map((unit) => scoreUnit(inputs, unit));
  // Sort by total, then the group cascade; units tied through every group keep rotation order.
  const ordered = [...scored].sort(
    (a, b) => b.total - a.total || compareGroups(a, b) || inputs.members.indexOf(a.unit) - inputs.members.indexOf(b.unit),
  );
  // A vetoed unit cannot be first: the best units without a veto (with any tied with it in every
  // group) move to the top.
  const firstEligible = ordered.find((u) => u.eligibleForFirst);
  if (firstEligible) {
    const top = ordered.filter((u) => u.eligibleForFirst && u.total === firstEligible.total && compareGroups(u, firstEligible) === 0);
    ordered.splice(0, ordered.length, ...top, ...ordered.filter((u) => !top.includes(u)));
  }

  const units: UnitScore[] = [];
  ordered.forEach((unit, i) => {
    const previous = units[i - 1];
    // Units tied in every group share a rank, except that a vetoed unit never shares first place.
    const sharesRank =
      previous !== undefined &&
      previous.total === unit.total &&
      compareGroups(ordered[i - 1]!, unit) === 0 &&
      !(previous.rank === 1 && !unit.eligibleForFirst && previous.eligibleForFirst);
    const sameTotal = scored.filter((o) => o.unit !== unit.unit && o.total === unit.total);
    units.push({ ...unit, rank: sharesRank ? previous.rank : i + 1, tieBreak: tieSteps(unit, sameTotal) });
  });
  const tiedForFirst = units.filter((u) => u.rank === 1).map((u) => u.unit);
  return {
    formulaVersion: FORMULA_VERSION,
    rubricVersion: inputs.rubric.version,
    units,
    tiedForFirst: tiedForFirst.length > 1 ? tiedForFirst : [],
    excludedScorers: inputs.excludedScorers,
  };
}

/** One line of the consolidated table: what the chair, the ballot and the status show. */
export interface TableRow {
  unit: string;
  rank: number;
  total: number;
  base: number;
  bonus: number;
  penalties: number;
  adjustments: { points: number; reason: string; by: string }[];
  eligibleForFirst: boolean;
  tieBreak: string[];
  notes: string[];
}

export interface ConsolidatedTable {
  formulaVersion: string;
  rubricVersion: string;
  rows: TableRow[];
  tiedForFirst: string[];
  excludedScorers: string[];
}

/** The table without the scorers' sheets: small enough for a workflow's state and a status query. */
export function tableOf(consolidation: Consolidation): ConsolidatedTable {
  return {
    formulaVersion: consolidation.formulaVersion,
    rubricVersion: consolidation.rubricVersion,
    tiedForFirst: consolidation.tiedForFirst,
    excludedScorers: consolidation.excludedScorers.map((e) => e.unit),
    rows: consolidation.units.map((u) => ({
      unit: u.unit,
      rank: u.rank,
      total: u.total,
      base: u.base,
      bonus: u.bonus.applied,
      penalties: u.penalties.applied,
      adjustments: u.adjustments.map((a) => ({ points: a.points, reason: a.reason, by: a.by })),
      eligibleForFirst: u.eligibleForFirst,
      tieBreak: u.tieBreak,
      notes: u.notes,
    })),
  };
}
