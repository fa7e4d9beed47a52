import { shownTime } from './cliLang.ts';
import type { Kysely } from 'kysely';
import { findUnitName, isCycleRecorded } from '../db/queries/cycleContext.ts';
import { findPublishedScore, loadScoringInputs } from '../db/queries/scoringInputs.ts';
import type { Database } from '../db/schema.ts';
import { consolidate, type Consolidation, type UnitScore } from '../domain/consolidation.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { screen, tableLines } from './format.ts';

// `tdkt explain`: recomputes a unit's consolidated score from the raw data stored in Postgres —
// the scorers' sheets, the self-score's bonus, the rounds' penalties, the adjustments and the
// vetoes — shows every step, and says whether it matches the published table.

export interface Explanation {
  cycleId: string;
  unitName: string;
  consolidation: Pick<Consolidation, 'formulaVersion' | 'rubricVersion' | 'excludedScorers' | 'tiedForFirst'>;
  score: UnitScore;
  members: number;
  published?: { rank: number; total: number; final: boolean; computedAt: string; formulaVersion: string };
  /** Whether the recomputation gives the published rank and total. */
  matchesPublished: boolean;
}

export async function explainUnit(db: Kysely<Database>, cycleId: string, unit: string): Promise<Explanation> {
  if (!(await isCycleRecorded(db, cycleId)))
    throw new CliError(ExitCode.unknownCycle, `unknown cycle ${cycleId}: nothing is recorded for it in the database`);
  const inputs = await loadScoringInputs(db, cycleId);
  if (!inputs.members.includes(unit))
    throw new CliError(ExitCode.notAMember, `${unit} is not a member of ${cycleId}; members: ${inputs.members.join(', ')}`);
  const published = await findPublishedScore(db, cycleId, unit);
  if (!published && inputs.sheets.length === 0)
    throw new CliError(ExitCode.roundNotOpen, `${cycleId} has no cross-scores yet: nothing to explain`, 'RoundNotOpen');
  const consolidation = consolidate(inputs);
  const score = consolidation.units.find((u) => u.unit === unit)!;
  const unitName = await findUnitName(db, unit);
  return {
    cycleId,
    unitName,
    consolidation: {
      formulaVersion: consolidation.formulaVersion,
      rubricVersion: consolidation.rubricVersion,
      excludedScorers: consolidation.excludedScorers,
      tiedForFirst: consolidation.tiedForFirst,
    },
    score,
    members: inputs.members.length,
    ...(published
      ? {
          published: {
            rank: published.rank,
            total: Number(published.total),
            final: published.final,
            computedAt: published.computed_at.toISOString(),
            formulaVersion: published.formula_version,
          },
        }
      : {}),
    matchesPublished: published ? published.rank === score.rank && Number(published.total) === score.total : false,
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function formatExplanation(e: Explanation, rubricTitles: Map<string, { title: string; max: number }>): string {
  const { score: s, consolidation: c } = e;
  const scorers = s.scorers.map((x) => x.scorer);
  const criteria = [...rubricTitles.entries()].filter(([code]) => code in s.criterionMeans);
  const lines = [
    `${e.unitName} (${s.unit}) in ${e.cycleId}: rank ${s.rank} of ${e.members}, total ${s.total}`,
    `formula ${c.formulaVersion}, rubric ${c.rubricVersion}`,
    e.published
      ? `published: rank ${e.published.rank}, total ${e.published.total} (${e.published.final ? 'final' : 'draft'}, computed ${shownTime(Date.parse(e.published.computedAt))}) — ${e.matchesPublished ? 'the recomputation from the stored raw data matches' : 'THE RECOMPUTATION DIFFERS: the raw data changed after publication'}`
      : 'not published yet: the table is consolidated when the cross-score round closes',
    '',
    `1. Cross-scores by ${scorers.length} scorer(s)${c.excludedScorers.length ? `; left out: ${c.excludedScorers.map((x) => `${x.unit} (${x.reason})`).join(', ')}` : ''}:`,
    ...tableLines(
      ['CRITERION', 'MAX', ...scorers, 'MEAN'],
      [
        ...criteria.map(([code, r]) => [
          `${code} ${r.title}`,
          String(r.max),
          ...s.scorers.map((x) => String(x.criteria[code] ?? '—')),
          String(s.criterionMeans[code]),
        ]),
        ['TOTAL', '', ...s.scorers.map((x) => String(x.total)), String(s.base)],
      ],
    ),
    `   base = mean of the scorers' totals, rounded to 0.01: ${s.base}`,
    `   group scores (the tie-break order): ${s.groups.map((g) => `${g.code} ${g.score}`).join(', ')}`,
    '',
    `2. Bonus (from the year-end self-score): ${s.bonus.items.length ? s.bonus.items.map((i) => `${i.code} ${i.reason ?? ''} ${i.points}`).join('; ') : 'none'} → sum ${s.bonus.sum}, cap ${s.bonus.cap}, counted +${s.bonus.applied}`,
    `3. Penalties: ${s.penalties.items.length ? s.penalties.items.map((i) => `${i.code} ${i.reason ?? ''} ${i.points}`).join('; ') : 'none'} → sum ${s.penalties.sum}, cap ${s.penalties.cap}, counted -${s.penalties.applied}`,
    `4. Adjustments: ${s.adjustments.length ? s.adjustments.map((a) => `${signed(a.points)} by ${a.by} at ${shownTime(Date.parse(a.at))}: ${a.reason}`).join('; ') : 'none'}`,
    `   total = ${s.base} + ${s.bonus.applied} - ${s.penalties.applied}${s.adjustmentSum ? ` ${s.adjustmentSum > 0 ? '+' : '-'} ${Math.abs(s.adjustmentSum)}` : ''} = ${s.total}`,
    '',
    `5. Eligibility: ${s.eligibleForFirst ? 'no veto input; may rank first and receive the flag' : `may not rank first or receive the flag: ${s.vetoes.map((v) => `${v.source} ${v.reference} — ${v.description} (recorded by ${v.by})`).join('; ')}`}`,
    `6. Rank ${s.rank}: ${s.tieBreak.length ? s.tieBreak.join('; ') : 'no other unit has the same total'}${c.tiedForFirst.includes(s.unit) ? ' (tied for first: the cluster ballot decides)' : ''}`,
    ...s.notes.map((n) => `   note: ${n}`),
  ];
  return screen(lines);
}
