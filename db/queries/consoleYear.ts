import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What the console's year pages read from PostgreSQL: the province's clusters with their cycle of
// a year, the years that have cycles, the council of a province-year, and a cycle's cluster.

export interface ClusterYear {
  code: string;
  name: string;
  kind: 'cluster' | 'bloc';
  /** The cluster's cycle of the year, as last recorded; absent when the year was not started. */
  cycle?: { id: string; phase: string; startedAt: Date };
}

/** Every cluster and bloc of the province, by name, each with its cycle of `year` when there is one. */
export async function clustersOfYear(db: Kysely<Database>, province: string, year: number): Promise<ClusterYear[]> {
  const rows = await db
    .selectFrom('cluster')
    .leftJoin('cycle', (join) => join.onRef('cycle.cluster_code', '=', 'cluster.code').on('cycle.year', '=', year))
    .select(['cluster.code', 'cluster.name', 'cluster.kind', 'cycle.id as cycleId', 'cycle.phase', 'cycle.started_at'])
    .where('cluster.province', '=', province)
    .orderBy('cluster.name')
    .orderBy('cluster.code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    ...(r.cycleId ? { cycle: { id: r.cycleId, phase: r.phase!, startedAt: r.started_at! } } : {}),
  }));
}

/** The council of the province-year as last recorded, when it has begun. */
export async function councilOfYear(db: Kysely<Database>, id: string): Promise<{ id: string; phase: string; startedAt: Date } | undefined> {
  const row = await db.selectFrom('council').select(['id', 'phase', 'started_at']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, phase: row.phase, startedAt: row.started_at };
}

/** A cluster of the province (its code and name), or undefined when the code is not one of the province's. */
export async function clusterInProvince(
  db: Kysely<Database>,
  province: string,
  code: string,
): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('cluster').select(['code', 'name']).where('code', '=', code).where('province', '=', province).executeTakeFirst();
}

/** The cycle's cluster (code and name) and year, when the cycle is recorded. */
export async function cycleHeading(
  db: Kysely<Database>,
  cycleId: string,
): Promise<{ cluster: string; clusterName: string; year: number; phase: string } | undefined> {
  const row = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select(['cluster.code', 'cluster.name', 'cycle.year', 'cycle.phase'])
    .where('cycle.id', '=', cycleId)
    .executeTakeFirst();
  return row && { cluster: row.code, clusterName: row.name, year: row.year, phase: row.phase };
}

/** The cluster's members in `year`, in rotation order: the units an extension or a veto may name. */
export async function membersOfYear(db: Kysely<Database>, cluster: string, year: number): Promise<{ code: string; name: string }[]> {
  return db
    .selectFrom('cluster_membership')
    .innerJoin('unit', 'unit.code', 'cluster_membership.unit_code')
    .select(['unit.code', 'unit.name'])
    .where('cluster_membership.cluster_code', '=', cluster)
    .where('cluster_membership.year', '=', year)
    .orderBy('cluster_membership.rotation_order')
    .execute();
}

export interface VetoRow {
  unit: string;
  source: string;
  reference: string;
  description: string;
  recordedBy: string;
  recordedAt: Date;
}

/** The veto inputs recorded for the cycle, the latest first. */
export async function vetoesOf(db: Kysely<Database>, cycleId: string): Promise<VetoRow[]> {
  const rows = await db.selectFrom('veto').selectAll().where('cycle_id', '=', cycleId).orderBy('recorded_at', 'desc').execute();
  return rows.map((r) => ({
    unit: r.unit_code,
    source: r.source,
    reference: r.reference,
    description: r.description,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}
