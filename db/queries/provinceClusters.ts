import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// A province's clusters and the years its cycles ran, for the console's filters and exports, and
// the names of the people and units its pages show beside their codes.

export interface ClusterName {
  code: string;
  name: string;
}

/** The province's clusters, by code. */
export function clustersOfProvince(db: Kysely<Database>, province: string): Promise<ClusterName[]> {
  return db.selectFrom('cluster').select(['code', 'name']).where('province', '=', province).orderBy('code').execute();
}

/** The years in which at least one of the province's clusters has a recorded cycle, newest first. */
export async function cycleYearsOfProvince(db: Kysely<Database>, province: string): Promise<number[]> {
  const rows = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select('cycle.year')
    .distinct()
    .where('cluster.province', '=', province)
    .orderBy('cycle.year', 'desc')
    .execute();
  return rows.map((r) => r.year);
}

/** The province's clusters that have a recorded cycle in the year, by code. */
export async function clustersWithCycle(db: Kysely<Database>, province: string, year: number): Promise<string[]> {
  const rows = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select('cycle.cluster_code')
    .where('cluster.province', '=', province)
    .where('cycle.year', '=', year)
    .orderBy('cycle.cluster_code')
    .execute();
  return rows.map((r) => r.cluster_code);
}

/** Full names of the given people and units (codes that are neither are left out). */
export async function namesOf(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const [people, units] = await Promise.all([
    db.selectFrom('person').select(['id as code', 'full_name as name']).where('id', 'in', codes).execute(),
    db.selectFrom('unit').select(['code', 'name']).where('code', 'in', codes).execute(),
  ]);
  return new Map([...people, ...units].map((r) => [r.code, r.name]));
}
