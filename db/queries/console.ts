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

/**
 * The person's console roles, by province: the province of their latest appointment first (staff
 * move between provinces; the console opens on where they serve now), then alphabetical. Empty for
 * everyone else.
 */
export async function consoleStandingsOf(db: Kysely<Database>, personId: string): Promise<ConsoleStanding[]> {
  const rows = await db
    .selectFrom('person_role')
    .select(['province', 'role', (eb) => eb.fn.max('year').as('latest')])
    .where('person_id', '=', personId)
    .where('role', 'in', CONSOLE_ROLES)
    .where('province', 'is not', null)
    .groupBy(['province', 'role'])
    .execute();
  const byProvince = new Map<string, { roles: ConsoleRole[]; latest: number }>();
  for (const r of rows) {
    const standing = byProvince.get(r.province!) ?? { roles: [], latest: 0 };
    standing.roles.push(r.role as ConsoleRole);
    standing.latest = Math.max(standing.latest, Number(r.latest));
    byProvince.set(r.province!, standing);
  }
  return [...byProvince]
    .sort(([a, x], [b, y]) => y.latest - x.latest || (a < b ? -1 : a > b ? 1 : 0))
    .map(([province, { roles }]) => ({ province, roles: roles.sort() }));
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

/** The province of a council session, if it is recorded. */
export async function provinceOfCouncil(db: Kysely<Database>, councilId: string): Promise<string | undefined> {
  const row = await db.selectFrom('council').select('province').where('id', '=', councilId).executeTakeFirst();
  return row?.province;
}
