import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What an activity needs to word its mails: names and addresses from the reference data, looked up
// when the activity runs, so workflows carry only codes and ids (and no personal data).

/** A person mail goes to, as the reference data records them. */
export interface Recipient {
  id: string;
  email: string;
  fullName: string;
}

export interface CycleContext {
  cycleId: string;
  cluster: string;
  clusterName: string;
  province: string;
  year: number;
  unitNames: Map<string, string>;
  representatives: Map<string, Recipient>;
  chairUnit: string;
  secretariat: Recipient[];
}

export async function loadCycleContext(db: Kysely<Database>, cycleId: string): Promise<CycleContext> {
  const cycle = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select(['cycle.id', 'cycle.cluster_code', 'cycle.year', 'cycle.chair_unit', 'cluster.name', 'cluster.province'])
    .where('cycle.id', '=', cycleId)
    .executeTakeFirstOrThrow(() => new Error(`cycle ${cycleId} is not recorded in the database`));
  // Every recorded submission reads this first: the two lookups go out together.
  const [members, secretariat] = await Promise.all([
    loadMembers(db, cycle.cluster_code, cycle.year),
    loadSecretariat(db, cycle.province, cycle.year),
  ]);
  const representatives = new Map<string, Recipient>();
  for (const m of members) {
    if (m.personId && m.email && m.full_name) representatives.set(m.code, { id: m.personId, email: m.email, fullName: m.full_name });
  }
  return {
    cycleId,
    cluster: cycle.cluster_code,
    clusterName: cycle.name,
    province: cycle.province,
    year: cycle.year,
    unitNames: new Map(members.map((m) => [m.code, m.name])),
    representatives,
    chairUnit: cycle.chair_unit,
    secretariat,
  };
}

/** Whether anything is recorded for the cycle: it is in the database once its workflow has set it up. */
export async function isCycleRecorded(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  return (await db.selectFrom('cycle').select('id').where('id', '=', cycleId).executeTakeFirst()) !== undefined;
}

/** A unit's name from the reference data; throws when the unit is unknown. */
export async function findUnitName(db: Kysely<Database>, code: string): Promise<string> {
  return (await db.selectFrom('unit').select('name').where('code', '=', code).executeTakeFirstOrThrow()).name;
}

/** The cluster's members for the year in rotation order, each with its representative (if recorded). */
export function loadMembers(db: Kysely<Database>, cluster: string, year: number) {
  return db
    .selectFrom('cluster_membership as m')
    .innerJoin('unit as u', 'u.code', 'm.unit_code')
    .leftJoin('person_role as r', (join) =>
      join.onRef('r.unit_code', '=', 'm.unit_code').onRef('r.year', '=', 'm.year').on('r.role', '=', 'representative'),
    )
    .leftJoin('person as p', 'p.id', 'r.person_id')
    .select(['u.code', 'u.name', 'p.id as personId', 'p.email', 'p.full_name'])
    .where('m.cluster_code', '=', cluster)
    .where('m.year', '=', year)
    .orderBy('m.rotation_order')
    .execute();
}

export async function loadSecretariat(
  db: Kysely<Database>,
  province: string,
  year: number,
  roles: readonly ('secretariat' | 'council_secretary')[] = ['secretariat'],
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('person_role as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.email', 'p.full_name'])
    .distinct()
    .where('r.role', 'in', roles)
    .where('r.province', '=', province)
    .where('r.year', '=', year)
    .orderBy('p.id')
    .execute();
  return rows.map((s) => ({ id: s.id, email: s.email, fullName: s.full_name }));
}

export function representativeOf(ctx: CycleContext, unit: string): Recipient {
  const person = ctx.representatives.get(unit);
  if (!person) throw new Error(`unit ${unit} has no representative in ${ctx.year}`);
  return person;
}

export function unitsNamed(ctx: CycleContext, units: string[]): { code: string; name: string }[] {
  return units.map((code) => ({ code, name: ctx.unitNames.get(code) ?? code }));
}
