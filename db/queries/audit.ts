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

export interface ProvinceAuditFilter {
  province: string;
  /** The actions shown (`score.adjusted`, `round.extended`, …); at least one. */
  actions: readonly string[];
  /** Only what this person did. */
  actor?: string;
  /** Only this cluster's cycles. */
  cluster?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date;
  to?: Date;
  /** At most this many, the newest. */
  limit: number;
}

/**
 * The audit events of every cycle of a province's clusters, newest first, with the cluster and the
 * actor's name (when the actor is a person): the console's audit page.
 */
export function findProvinceAuditEvents(db: Kysely<Database>, f: ProvinceAuditFilter) {
  let query = db
    .selectFrom('audit_event')
    .innerJoin('cycle', 'cycle.id', 'audit_event.cycle_id')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .leftJoin('person', 'person.id', 'audit_event.actor')
    .select([
      'audit_event.occurred_at',
      'audit_event.actor',
      'person.full_name as actor_name',
      'audit_event.action',
      'audit_event.subject',
      'audit_event.details',
      'audit_event.cycle_id',
      'cluster.code as cluster',
    ])
    .where('cluster.province', '=', f.province)
    .where('audit_event.action', 'in', [...f.actions])
    .orderBy('audit_event.occurred_at', 'desc')
    .orderBy('audit_event.id', 'desc')
    .limit(f.limit);
  if (f.actor) query = query.where('audit_event.actor', '=', f.actor);
  if (f.cluster) query = query.where('cluster.code', '=', f.cluster);
  if (f.from) query = query.where('audit_event.occurred_at', '>=', f.from);
  if (f.to) query = query.where('audit_event.occurred_at', '<', f.to);
  return query.execute();
}
