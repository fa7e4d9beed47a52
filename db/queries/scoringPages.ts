import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What the cross-score and ballot pages read: a scorer's versions of its sheets, and whether (not
// how) a unit voted in a ballot round. Plain reads over a Kysely instance (db first).

export interface CrossScoreVersion {
  version: number;
  submittedBy: string;
  submittedAt: Date;
  late: boolean;
  /** Per target unit: the criteria's points and their total. */
  sheets: Record<string, { criteria: Record<string, number>; total: number }>;
}

/** Every version of a unit's cross-scores in a cycle, the first first. */
export async function crossScoreVersions(db: Kysely<Database>, cycleId: string, scorer: string): Promise<CrossScoreVersion[]> {
  const rows = await db
    .selectFrom('cross_score')
    .select(['version', 'target_unit', 'submitted_by', 'submitted_at', 'late', 'criteria', 'total'])
    .where('cycle_id', '=', cycleId)
    .where('scorer_unit', '=', scorer)
    .orderBy('version')
    .orderBy('target_unit')
    .execute();
  const versions = new Map<number, CrossScoreVersion>();
  for (const row of rows) {
    let version = versions.get(row.version);
    if (!version) {
      version = { version: row.version, submittedBy: row.submitted_by, submittedAt: row.submitted_at, late: row.late, sheets: {} };
      versions.set(row.version, version);
    }
    version.sheets[row.target_unit] = { criteria: row.criteria as Record<string, number>, total: Number(row.total) };
  }
  return [...versions.values()];
}

/** Who voted for the unit in a ballot round and when (never what: that is not stored with the voter); undefined if it has not voted. */
export async function ballotVoteOf(
  db: Kysely<Database>,
  ballotId: string,
  unit: string,
): Promise<{ voterId: string; votedAt: Date } | undefined> {
  const row = await db
    .selectFrom('ballot_voter')
    .select(['voter_id', 'voted_at'])
    .where('ballot_id', '=', ballotId)
    .where('unit_code', '=', unit)
    .executeTakeFirst();
  return row && { voterId: row.voter_id, votedAt: row.voted_at };
}
