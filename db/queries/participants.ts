import { sql, type Kysely } from 'kysely';
import type { Rubric } from '../../domain/rubric.ts';
import type { Database } from '../schema.ts';

// What the participants' web pages read: who a person is, which units they act for, the rounds
// waiting for them and what they did before. Plain reads over a Kysely instance (db first).

export interface PersonRow {
  id: string;
  fullName: string;
  email: string;
}

export async function findPerson(db: Kysely<Database>, id: string): Promise<PersonRow | undefined> {
  const row = await db.selectFrom('person').select(['id', 'full_name', 'email']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, fullName: row.full_name, email: row.email };
}

/** The person with this address (compared without case), if any. */
export async function findPersonByEmail(db: Kysely<Database>, email: string): Promise<PersonRow | undefined> {
  const row = await db
    .selectFrom('person')
    .select(['id', 'full_name', 'email'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('id')
    .executeTakeFirst();
  return row && { id: row.id, fullName: row.full_name, email: row.email };
}

/** Whether the person is the unit's representative in that year (person_role). */
export async function isRepresentative(db: Kysely<Database>, personId: string, unit: string, year: number): Promise<boolean> {
  const row = await db
    .selectFrom('person_role')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('role', '=', 'representative')
    .where('unit_code', '=', unit)
    .where('year', '=', year)
    .executeTakeFirst();
  return row !== undefined;
}

export interface OpenRoundRow {
  roundId: string;
  cycleId: string;
  kind: string;
  unit: string;
  unitName: string;
  clusterName: string;
  year: number;
  deadline: Date;
  closesAt: Date | null;
}

/**
 * The rounds open now (opened, not closed) in the cycles of the clusters whose members the person
 * represents that year, one row per round and unit represented.
 */
export async function openRoundsFor(db: Kysely<Database>, personId: string): Promise<OpenRoundRow[]> {
  const rows = await db
    .selectFrom('round')
    .innerJoin('cycle', 'cycle.id', 'round.cycle_id')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .innerJoin('cluster_membership as m', (j) => j.onRef('m.cluster_code', '=', 'cycle.cluster_code').onRef('m.year', '=', 'cycle.year'))
    .innerJoin('person_role as r', (j) => j.onRef('r.unit_code', '=', 'm.unit_code').onRef('r.year', '=', 'cycle.year'))
    .innerJoin('unit', 'unit.code', 'm.unit_code')
    .select([
      'round.id as roundId',
      'round.cycle_id as cycleId',
      'round.kind',
      'm.unit_code as unit',
      'unit.name as unitName',
      'cluster.name as clusterName',
      'cycle.year',
      'round.deadline',
      'round.closes_at as closesAt',
    ])
    .where('r.person_id', '=', personId)
    .where('r.role', '=', 'representative')
    .where('round.opened_at', 'is not', null)
    .where('round.closed_at', 'is', null)
    .orderBy('round.deadline')
    .orderBy('round.id')
    .orderBy('m.unit_code')
    .execute();
  return rows;
}

export interface PledgeRow {
  cycleId: string;
  unit: string;
  signerId: string;
  signedAt: Date;
  late: boolean;
}

/** The pledges the person signed, the latest first. */
export async function pledgesSignedBy(db: Kysely<Database>, personId: string): Promise<PledgeRow[]> {
  return db
    .selectFrom('pledge')
    .select(['cycle_id as cycleId', 'unit_code as unit', 'signer_id as signerId', 'signed_at as signedAt', 'late'])
    .where('signer_id', '=', personId)
    .orderBy('signed_at', 'desc')
    .execute();
}

/** The unit's pledge in a cycle, if signed. */
export async function pledgeOf(db: Kysely<Database>, cycleId: string, unit: string): Promise<PledgeRow | undefined> {
  return db
    .selectFrom('pledge')
    .select(['cycle_id as cycleId', 'unit_code as unit', 'signer_id as signerId', 'signed_at as signedAt', 'late'])
    .where('cycle_id', '=', cycleId)
    .where('unit_code', '=', unit)
    .executeTakeFirst();
}

export interface ReportVersionRow {
  cycleId: string;
  unit: string;
  period: string;
  version: number;
  submittedBy: string;
  submittedAt: Date;
  late: boolean;
  scoreTotal: string | null;
}

const reportColumns = [
  'cycle_id as cycleId',
  'unit_code as unit',
  'period',
  'version',
  'submitted_by as submittedBy',
  'submitted_at as submittedAt',
  'late',
  'score_total as scoreTotal',
] as const;

/** Every report version the person submitted, the latest first. */
export async function reportsSubmittedBy(db: Kysely<Database>, personId: string): Promise<ReportVersionRow[]> {
  return db
    .selectFrom('report')
    .select(reportColumns)
    .where('submitted_by', '=', personId)
    .orderBy('submitted_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/** The versions of a unit's report for a period, the first first. */
export async function reportVersions(db: Kysely<Database>, cycleId: string, unit: string, period: string): Promise<ReportVersionRow[]> {
  return db
    .selectFrom('report')
    .select(reportColumns)
    .where('cycle_id', '=', cycleId)
    .where('unit_code', '=', unit)
    .where('period', '=', period)
    .orderBy('version')
    .execute();
}

/** The campaigns (phong trào) launched with a cycle. */
export async function campaignsOf(db: Kysely<Database>, cycleId: string): Promise<{ code: string; title: string }[]> {
  return db.selectFrom('campaign').select(['code', 'title']).where('cycle_id', '=', cycleId).orderBy('code').execute();
}

/** The rubric of a cluster-year, if one is recorded. */
export async function rubricOf(db: Kysely<Database>, cluster: string, year: number): Promise<Rubric | undefined> {
  const row = await db
    .selectFrom('rubric')
    .select('definition')
    .where('cluster_code', '=', cluster)
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.definition as Rubric | undefined;
}

/** A cycle's cluster code and name, and the unit's name; undefined when the cycle is not recorded. */
export async function cycleAndUnit(
  db: Kysely<Database>,
  cycleId: string,
  unit: string,
): Promise<{ cluster: string; clusterName: string; year: number; unitName: string } | undefined> {
  const cycle = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select(['cycle.cluster_code as cluster', 'cluster.name as clusterName', 'cycle.year'])
    .where('cycle.id', '=', cycleId)
    .executeTakeFirst();
  if (!cycle) return undefined;
  const unitRow = await db.selectFrom('unit').select('name').where('code', '=', unit).executeTakeFirst();
  return { ...cycle, unitName: unitRow?.name ?? unit };
}

export interface CrossScoreSubmissionRow {
  cycleId: string;
  unit: string;
  version: number;
  submittedAt: Date;
  late: boolean;
}

/** The cross-score versions the person submitted (one row per version, not per sheet), the latest first. */
export async function crossScoresSubmittedBy(db: Kysely<Database>, personId: string): Promise<CrossScoreSubmissionRow[]> {
  return db
    .selectFrom('cross_score')
    .select(['cycle_id as cycleId', 'scorer_unit as unit', 'version', 'submitted_at as submittedAt', 'late'])
    .distinct()
    .where('submitted_by', '=', personId)
    .orderBy('submitted_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/** The ballot rounds the person voted in for a unit, and when (never how: that is not stored with the voter), the latest first. */
export async function ballotsCastBy(db: Kysely<Database>, personId: string): Promise<{ ballotId: string; unit: string; votedAt: Date }[]> {
  return db
    .selectFrom('ballot_voter')
    .select(['ballot_id as ballotId', 'unit_code as unit', 'voted_at as votedAt'])
    .where('voter_id', '=', personId)
    .orderBy('voted_at', 'desc')
    .execute();
}
