import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// The audit log as `tdkt audit` and `tdkt export` read it: who did what to a cycle and why.

/** A cycle's audit events, oldest first; with `actionPrefix`, only the actions that start with it (`score.adjusted`, `rotation`). */
export function findAuditEvents(db: Kysely<Database>, opts: { cycleId: string; actionPrefix?: string }) {
  let query = db
    .selectFrom('audit_event')
    .select(['occurred_at', 'actor', 'action', 'subject', 'details'])
    .where('cycle_id', '=', opts.cycleId)
    .orderBy('occurred_at')
    .orderBy('id');
  if (opts.actionPrefix) query = query.where('action', 'like', `${opts.actionPrefix}%`);
  return query.execute();
}
