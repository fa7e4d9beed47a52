import type { Kysely } from 'kysely';
import type { Departure, RotationInput } from '../../domain/rotation.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import type { Database } from '../schema.ts';

// What the year's end reads from Postgres: the cycle with its cluster, the facts next year's
// rotation is computed from, and what the secretariat instructed. The hand-over activities
// (activities/nextYear.ts, activities/conference.ts) and the console's year-end page read the same
// rows through these, so the page shows what the hand-over would record.

/** A cycle with what its year's end needs (cluster name and province, this year's leaders, its calendar and input). */
export async function findYearEndCycle(db: Kysely<Database>, cycleId: string) {
  return db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .select([
      'cycle.id',
      'cycle.cluster_code',
      'cycle.year',
      'cycle.phase',
      'cycle.calendar',
      'cycle.input',
      'cycle.chair_unit',
      'cycle.deputy_unit',
      'cluster.name as cluster_name',
      'cluster.province',
    ])
    .where('cycle.id', '=', cycleId)
    .executeTakeFirst();
}
export type YearEndCycle = NonNullable<Awaited<ReturnType<typeof findYearEndCycle>>>;

/** The secretariat's rotation instructions on a cycle (overrides and excuses), oldest first. */
export function rotationInstructionsOf(db: Kysely<Database>, cycleId: string) {
  return db.selectFrom('rotation_instruction').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
}

/** The stored facts the rotation is computed from: this year's order, who left by `nextLaunch`, the secretariat's instructions. */
export async function rotationFacts(
  db: Kysely<Database>,
  cycle: { id: string; cluster_code: string; year: number; chair_unit: string; deputy_unit: string },
  nextLaunch: number,
): Promise<RotationInput> {
  const members = await db
    .selectFrom('cluster_membership')
    .select(['unit_code', 'rotation_order', 'never_chair'])
    .where('cluster_code', '=', cycle.cluster_code)
    .where('year', '=', cycle.year)
    .execute();
  const units = members.map((m) => m.unit_code);
  const until = vietnamIsoDate(nextLaunch);
  const links = await db
    .selectFrom('unit_link')
    .selectAll()
    .where('predecessor_code', 'in', units)
    .where('effective_on', '<=', until)
    .execute();
  const dissolved = await db
    .selectFrom('unit')
    .select(['code', 'dissolved_on'])
    .where('code', 'in', units)
    .where('dissolved_on', 'is not', null)
    .where('dissolved_on', '<=', until)
    .execute();
  const departures: Departure[] = [
    ...links.map((l) => ({
      unit: l.predecessor_code,
      kind: 'merged' as const,
      into: l.successor_code,
      on: String(l.effective_on),
      reason: l.reason,
    })),
    ...dissolved
      .filter((d) => !links.some((l) => l.predecessor_code === d.code))
      .map((d) => ({ unit: d.code, kind: 'dissolved' as const, on: String(d.dissolved_on), reason: 'dissolved' })),
  ];
  const instructions = await rotationInstructionsOf(db, cycle.id);
  const o = instructions.find((i) => i.kind === 'override');
  return {
    members: members.map((m) => ({ unit: m.unit_code, order: m.rotation_order, neverChair: m.never_chair })),
    chair: cycle.chair_unit,
    deputy: cycle.deputy_unit,
    departures,
    excused: instructions.filter((i) => i.kind === 'excuse').map((i) => ({ unit: i.unit_code!, reason: i.reason })),
    ...(o ? { override: { chair: o.chair_unit!, deputy: o.deputy_unit!, reason: o.reason, by: o.actor } } : {}),
  };
}

/** The hand-over to `toYear` as recorded (once recorded, the rotation no longer changes). */
export function handoverTo(db: Kysely<Database>, cluster: string, toYear: number) {
  return db.selectFrom('handover').selectAll().where('cluster_code', '=', cluster).where('to_year', '=', toYear).executeTakeFirst();
}
