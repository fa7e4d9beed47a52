import { sql } from 'kysely';
import type { connectDatabase } from '../../db/connect.ts';

type Db = ReturnType<typeof connectDatabase>;

// What a refused input must leave as it was: every row a human action can write for a cycle (its
// submissions, extensions, scoring inputs, audit events) and every mail in the outbox for it, as
// counts per table. The hostile corpora take it before and after each row and compare.

const BY_CYCLE = [
  'pledge',
  'report',
  'report_quarantine',
  'cross_score',
  'score_adjustment',
  'veto',
  'audit_event',
  'email_outbox',
] as const;

/** Row counts per table for the cycles `cycleIds` (round extensions by their rounds' ids). */
export async function recordCounts(db: Db, cycleIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of BY_CYCLE) {
    const row = await db
      .selectFrom(table)
      .select(sql<string>`count(*)`.as('n'))
      .where('cycle_id', 'in', cycleIds)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const extensions = await db
    .selectFrom('round_extension')
    .select(sql<string>`count(*)`.as('n'))
    .where((eb) => eb.or(cycleIds.map((id) => eb('round_id', 'like', `${id}/%`))))
    .executeTakeFirstOrThrow();
  counts.round_extension = Number(extensions.n);
  return counts;
}
