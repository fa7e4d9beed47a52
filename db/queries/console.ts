import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Who may open the secretariat's and administrators' console, and for which province: read from
// person_role (any year), never from the request.

export type ConsoleRole = 'secretariat' | 'council_secretary' | 'administrator';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['secretariat', 'council_secretary', 'administrator'];

export interface ConsoleStanding {
  province: string;
  roles: ConsoleRole[];
}

/** The person's console roles, by province (alphabetical); empty for everyone else. */
export async function consoleStandingsOf(db: Kysely<Database>, personId: string): Promise<ConsoleStanding[]> {
  const rows = await db
    .selectFrom('person_role')
    .select(['province', 'role'])
    .distinct()
    .where('person_id', '=', personId)
    .where('role', 'in', CONSOLE_ROLES)
    .where('province', 'is not', null)
    .orderBy('province')
    .orderBy('role')
    .execute();
  const byProvince = new Map<string, ConsoleRole[]>();
  for (const r of rows) {
    const roles = byProvince.get(r.province!) ?? [];
    roles.push(r.role as ConsoleRole);
    byProvince.set(r.province!, roles);
  }
  return [...byProvince].map(([province, roles]) => ({ province, roles }));
}

/** The province a cycle's cluster belongs to, if the cycle is recorded. */
export async function provinceOfCycle(db: Kysely<Database>, cycleId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select('cluster.province')
    .where('cycle.id', '=', cycleId)
    .executeTakeFirst();
  return row?.province;
}

/** The province of a cluster, if it is known. */
export async function provinceOfCluster(db: Kysely<Database>, cluster: string): Promise<string | undefined> {
  const row = await db.selectFrom('cluster').select('province').where('code', '=', cluster).executeTakeFirst();
  return row?.province;
}
