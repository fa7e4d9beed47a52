import type { Kysely } from 'kysely';
import {
  CLUSTERS,
  COUNCIL,
  emailOf,
  LEADERSHIP,
  MEMBERSHIPS,
  OFFICE_STAFF,
  PEOPLE,
  PROVINCE,
  RUBRICS,
  SECRETARIAT,
  UNITS,
} from './referenceData.ts';
import type { Database } from './schema.ts';

/** Loads the reference data; safe to run on every start (existing rows are left as they are). */
export async function seedReferenceData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('unit')
      .values(UNITS.map((u) => ({ code: u.code, name: u.name, kind: u.kind, province: PROVINCE, dissolved_on: null })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await tx
      .insertInto('cluster')
      .values(CLUSTERS.map((c) => ({ code: c.code, name: c.name, kind: c.kind, province: PROVINCE })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const memberships = MEMBERSHIPS.flatMap((m) =>
      m.years.flatMap((year) =>
        m.units.map((unit, i) => ({
          cluster_code: m.cluster,
          year,
          unit_code: unit,
          rotation_order: i + 1,
          never_chair: m.neverChair.includes(unit),
        })),
      ),
    );
    await tx
      .insertInto('cluster_membership')
      .values(memberships)
      .onConflict((oc) => oc.columns(['cluster_code', 'year', 'unit_code']).doNothing())
      .execute();
    await tx
      .insertInto('cluster_leadership')
      .values(LEADERSHIP.map((l) => ({ cluster_code: l.cluster, year: l.year, chair_unit: l.chair, deputy_unit: l.deputy })))
      .onConflict((oc) => oc.columns(['cluster_code', 'year']).doNothing())
      .execute();
    await tx
      .insertInto('person')
      .values([
        ...PEOPLE.map((p) => ({ id: p.id, full_name: p.fullName, email: emailOf(p.id), unit_code: p.unit })),
        ...[COUNCIL.chair, ...COUNCIL.members, ...OFFICE_STAFF].map((p) => ({
          id: p.id,
          full_name: p.fullName,
          email: emailOf(p.id),
          unit_code: null,
        })),
      ])
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const roles = [
      ...PEOPLE.flatMap((p) =>
        p.representsIn.map((year) => ({ person_id: p.id, role: 'representative' as const, unit_code: p.unit, province: null, year })),
      ),
      ...SECRETARIAT.flatMap((s) =>
        s.years.map((year) => ({ person_id: s.person, role: 'secretariat' as const, unit_code: null, province: PROVINCE, year })),
      ),
      ...OFFICE_STAFF.flatMap((s) =>
        s.years.map((year) => ({ person_id: s.id, role: s.role, unit_code: null, province: s.province, year })),
      ),
      { person_id: COUNCIL.chair.id, role: 'council_chair' as const, unit_code: null, province: PROVINCE, year: COUNCIL.year },
      ...COUNCIL.members.map((m) => ({
        person_id: m.id,
        role: 'council_member' as const,
        unit_code: null,
        province: PROVINCE,
        year: COUNCIL.year,
      })),
    ];
    await tx
      .insertInto('person_role')
      .values(roles)
      .onConflict((oc) => oc.doNothing())
      .execute();
    await tx
      .insertInto('rubric')
      .values(
        RUBRICS.map((r) => ({ cluster_code: r.cluster, year: r.year, version: r.rubric.version, definition: JSON.stringify(r.rubric) })),
      )
      .onConflict((oc) => oc.columns(['cluster_code', 'year']).doNothing())
      .execute();
  });
}
