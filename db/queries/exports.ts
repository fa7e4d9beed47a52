import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { findAuditEvents } from './audit.ts';

// What `tdkt export` reads of a cluster's year. Explicit column lists throughout: a column added to
// a table later is not exported until someone decides it should be (report.narrative is the
// reason). Nothing that could tie a ballot to a voter is read: ballots are the stored counts only;
// ballot_choice, ballot_envelope and ballot_voter are not queried here.

/** The cycle of a cluster-year, or undefined when none was ever recorded. */
export function findCycle(db: Kysely<Database>, opts: { cluster: string; year: number }) {
  return db
    .selectFrom('cycle')
    .select(['id', 'year', 'chair_unit', 'deputy_unit'])
    .where('cluster_code', '=', opts.cluster)
    .where('year', '=', opts.year)
    .executeTakeFirst();
}

/** Every record of the cycle the export shows, one list per table, in the export's order. */
export async function findYearRecords(db: Kysely<Database>, opts: { cycleId: string; cluster: string; year: number }) {
  const { cycleId } = opts;
  const members = (
    await db
      .selectFrom('cluster_membership')
      .select('unit_code')
      .where('cluster_code', '=', opts.cluster)
      .where('year', '=', opts.year)
      .execute()
  ).map((m) => m.unit_code);

  const [
    pledges,
    reports,
    extensions,
    scores,
    crossScores,
    adjustments,
    vetoes,
    ballots,
    nominations,
    decisions,
    certificates,
    handover,
    launch,
    merges,
    excusals,
    audit,
  ] = await Promise.all([
    db
      .selectFrom('pledge')
      .select(['unit_code', 'signer_id', 'signed_at', 'late'])
      .where('cycle_id', '=', cycleId)
      .orderBy('signed_at')
      .orderBy('unit_code')
      .execute(),
    db
      .selectFrom('report')
      .select([
        'unit_code',
        'period',
        'version',
        'submitted_by',
        'submitted_at',
        'late',
        'late_penalty',
        'score_total',
        'quarantined',
        'rubric_version',
      ])
      .where('cycle_id', '=', cycleId)
      .orderBy('period')
      .orderBy('unit_code')
      .orderBy('version')
      .execute(),
    db
      .selectFrom('round_extension as e')
      .innerJoin('round as r', 'r.id', 'e.round_id')
      .select(['r.id as round_id', 'e.unit_code', 'e.until', 'e.reason', 'e.granted_by', 'e.granted_at'])
      .where('r.cycle_id', '=', cycleId)
      .orderBy('e.granted_at')
      .orderBy('e.unit_code')
      .execute(),
    db
      .selectFrom('score_consolidation')
      .select(['rank', 'unit_code', 'total', 'detail', 'eligible_for_first', 'formula_version', 'rubric_version', 'final', 'computed_at'])
      .where('cycle_id', '=', cycleId)
      .orderBy('rank')
      .orderBy('unit_code')
      .execute(),
    db
      .selectFrom('cross_score')
      .select(['scorer_unit', 'target_unit', 'version', 'total', 'late', 'submitted_by', 'submitted_at', 'rubric_version'])
      .where('cycle_id', '=', cycleId)
      .orderBy('scorer_unit')
      .orderBy('target_unit')
      .orderBy('version')
      .execute(),
    db
      .selectFrom('score_adjustment')
      .select(['unit_code', 'points', 'reason', 'adjusted_by', 'adjusted_at'])
      .where('cycle_id', '=', cycleId)
      .orderBy('adjusted_at')
      .execute(),
    db
      .selectFrom('veto')
      .select(['unit_code', 'source', 'reference', 'description', 'recorded_by', 'recorded_at'])
      .where('cycle_id', '=', cycleId)
      .orderBy('recorded_at')
      .execute(),
    db.selectFrom('ballot_result').select(['number', 'tally', 'counted_at']).where('cycle_id', '=', cycleId).orderBy('number').execute(),
    db
      .selectFrom('nomination')
      .select(['award', 'unit_code', 'decided_by', 'ballot_round', 'recorded_at'])
      .where('cycle_id', '=', cycleId)
      .orderBy('award', 'desc')
      .orderBy('unit_code')
      .execute(),
    db
      .selectFrom('award as a')
      .leftJoin('decision as d', 'd.council_id', 'a.council_id')
      .select([
        'a.council_id',
        'a.decision_number',
        'd.decided_on',
        'd.status',
        'a.award',
        'a.unit_code',
        'a.amount_vnd',
        'a.revoked_at',
        'a.revoked_by',
        'a.revoked_reason',
        'a.revocation_number',
        'a.handed_over_at',
      ])
      .where('a.cycle_id', '=', cycleId)
      .orderBy('a.award', 'desc')
      .orderBy('a.unit_code')
      .execute(),
    db
      .selectFrom('cluster_certificate')
      .select(['number', 'recipient', 'recipient_kind', 'unit_code', 'achievement', 'amount_vnd', 'signed_by_unit', 'issued_at'])
      .where('cycle_id', '=', cycleId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('handover')
      .select(['to_chair', 'to_deputy', 'policy', 'rotation', 'recorded_by', 'recorded_at'])
      .where('from_cycle_id', '=', cycleId)
      .executeTakeFirst(),
    db.selectFrom('cycle_launch').select(['cycle_id', 'started_by', 'started_at']).where('from_cycle_id', '=', cycleId).executeTakeFirst(),
    // A unit is merged away once (unit_link_one_successor), whichever year it takes effect: the
    // merge of a member is part of the year that member was in.
    members.length
      ? db
          .selectFrom('unit_link')
          .select(['predecessor_code', 'successor_code', 'effective_on', 'open_tasks', 'reason', 'recorded_by', 'recorded_at'])
          .where('predecessor_code', 'in', members)
          .orderBy('effective_on')
          .orderBy('predecessor_code')
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom('round_excusal as x')
      .innerJoin('round as r', 'r.id', 'x.round_id')
      .select(['r.id as round_id', 'x.unit_code', 'x.handled', 'x.successor_code', 'x.reason', 'x.at'])
      .where('r.cycle_id', '=', cycleId)
      .orderBy('x.at')
      .orderBy('x.unit_code')
      .execute(),
    findAuditEvents(db, { cycleId }),
  ]);
  return {
    pledges,
    reports,
    extensions,
    scores,
    crossScores,
    adjustments,
    vetoes,
    ballots,
    nominations,
    decisions,
    certificates,
    handover,
    launch,
    merges,
    excusals,
    audit,
  };
}
