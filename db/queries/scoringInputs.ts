import type { Kysely } from 'kysely';
import { LATE_PENALTY_ITEM, type ScoringInputs } from '../../domain/consolidation.ts';
import { roundId } from '../../domain/ids.ts';
import { rubricSchema } from '../../domain/rubric.ts';
import type { SelfScore } from '../../domain/selfScore.ts';
import type { Database } from '../schema.ts';
import { loadMembers } from './cycleContext.ts';

// The raw data every consolidated score is computed from, read back from Postgres: the latest
// cross-score sheets, the year-end self-scores' bonus and declared penalties, the rounds' late
// penalties, the adjustments and the veto inputs. The consolidation activity and `tdkt explain`
// both start here, so what is explained is what was published.

export async function loadScoringInputs(db: Kysely<Database>, cycleId: string): Promise<ScoringInputs> {
  const cycle = await db.selectFrom('cycle').select(['cluster_code', 'year']).where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) throw new Error(`cycle ${cycleId} is not recorded in the database`);
  const rubricRow = await db
    .selectFrom('rubric')
    .select('definition')
    .where('cluster_code', '=', cycle.cluster_code)
    .where('year', '=', cycle.year)
    .executeTakeFirst();
  if (!rubricRow) throw new Error(`no rubric is recorded for ${cycle.cluster_code} ${cycle.year}`);
  const rubric = rubricSchema.parse(rubricRow.definition);
  const scoreRound = await db
    .selectFrom('round')
    .select(['missing_units', 'opened_at'])
    .where('id', '=', roundId(cycleId, 'score'))
    .executeTakeFirst();
  // A member merged away before the cross-scores opened was left out of them, and so of the table.
  const everyMember = (await loadMembers(db, cycle.cluster_code, cycle.year)).map((m) => m.code);
  const mergedAway = scoreRound?.opened_at
    ? (
        await db
          .selectFrom('unit_link')
          .select('predecessor_code')
          .where('predecessor_code', 'in', everyMember)
          .where('recorded_at', '<=', scoreRound.opened_at)
          .execute()
      ).map((l) => l.predecessor_code)
    : [];
  const members = everyMember.filter((unit) => !mergedAway.includes(unit));

  // The latest version of each scorer's sheet for each target.
  const sheets = await db
    .selectFrom('cross_score')
    .distinctOn(['scorer_unit', 'target_unit'])
    .select(['scorer_unit', 'target_unit', 'criteria'])
    .where('cycle_id', '=', cycleId)
    .orderBy('scorer_unit')
    .orderBy('target_unit')
    .orderBy('version', 'desc')
    .execute();

  // Each unit's current report per period: its late penalty, and for YEAR its self-score.
  const reports = await db
    .selectFrom('report')
    .distinctOn(['unit_code', 'period'])
    .select(['unit_code', 'period', 'late_penalty', 'self_score'])
    .where('cycle_id', '=', cycleId)
    .orderBy('unit_code')
    .orderBy('period')
    .orderBy('version', 'desc')
    .execute();
  const bonus: ScoringInputs['bonus'] = {};
  const penalties: ScoringInputs['penalties'] = [];
  for (const report of reports) {
    const late = Number(report.late_penalty);
    if (late > 0)
      penalties.push({ unit: report.unit_code, code: LATE_PENALTY_ITEM, points: late, reason: `${report.period} report filed late` });
    const selfScore = report.self_score as SelfScore | null;
    if (report.period !== 'YEAR' || !selfScore) continue;
    bonus[report.unit_code] = selfScore.bonus ?? {};
    for (const [code, points] of Object.entries(selfScore.penalties ?? {})) {
      // Late reports are counted from the rounds' records; a declared P1 would count them twice.
      if (code !== LATE_PENALTY_ITEM && points > 0)
        penalties.push({ unit: report.unit_code, code, points, reason: 'declared in the year-end self-score' });
    }
  }

  const adjustments = await db.selectFrom('score_adjustment').selectAll().where('cycle_id', '=', cycleId).orderBy('adjusted_at').execute();
  const vetoes = await db.selectFrom('veto').selectAll().where('cycle_id', '=', cycleId).orderBy('recorded_at').execute();
  return {
    rubric,
    members,
    sheets: sheets.map((s) => ({ scorer: s.scorer_unit, target: s.target_unit, criteria: s.criteria as Record<string, number> })),
    excludedScorers: (scoreRound?.missing_units ?? []).map((unit) => ({ unit, reason: 'did not score by the deadline (policy: exclude)' })),
    bonus,
    penalties,
    adjustments: adjustments.map((a) => ({
      unit: a.unit_code,
      points: Number(a.points),
      reason: a.reason,
      by: a.adjusted_by,
      at: a.adjusted_at.toISOString(),
    })),
    vetoes: vetoes.map((v) => ({
      unit: v.unit_code,
      source: v.source,
      reference: v.reference,
      description: v.description,
      by: v.recorded_by,
      at: v.recorded_at.toISOString(),
    })),
  };
}

/** A unit's row of the published (consolidated) table, if the table has been published. */
export function findPublishedScore(db: Kysely<Database>, cycleId: string, unit: string) {
  return db.selectFrom('score_consolidation').selectAll().where('cycle_id', '=', cycleId).where('unit_code', '=', unit).executeTakeFirst();
}
