import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { COUNCIL, PROVINCE } from '../db/referenceData.ts';
import { DB_VT_2018_RUBRIC } from '../domain/rubric.ts';

// The reference data of a synthetic province for the bench: C clusters of M member units, each
// unit with its representative, every cluster with its leadership (the first two units chair and
// deputise) and the seed's rubric, and the province's council and secretariat (the seed's
// people, given roles in this province too, as test/support/fixtures.ts copySeedProvince does).
// Codes carry a random tag, so every bench run has cycles and a council of its own on a shared
// Temporal and PostgreSQL.

export const BENCH_YEAR = 2018;

export interface SyntheticCluster {
  code: string;
  /** Member units in rotation order, each with its representative. */
  members: { unit: string; rep: string }[];
}

export interface SyntheticProvince {
  name: string;
  clusters: SyntheticCluster[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export async function createSyntheticProvince(
  db: Kysely<Database>,
  opts: { clusters: number; members: number },
): Promise<SyntheticProvince> {
  const tag = `B${randomBytes(2).toString('hex').toUpperCase()}`;
  const name = `Tỉnh bench ${tag}`;
  const width = String(opts.clusters).length;
  const clusters: SyntheticCluster[] = Array.from({ length: opts.clusters }, (_, c) => {
    const code = `${tag}-C${pad(c + 1, width)}`;
    return {
      code,
      members: Array.from({ length: opts.members }, (_, m) => {
        const unit = `${code}U${pad(m + 1, 2)}`;
        return { unit, rep: unit.toLowerCase().replace('-', '.') };
      }),
    };
  });
  const units = clusters.flatMap((c) => c.members);
  await db.transaction().execute(async (tx) => {
    // In chunks: PostgreSQL takes at most 65,535 parameters in one statement.
    const insertAll = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
    };
    await insertAll(units, (chunk) =>
      tx
        .insertInto('unit')
        .values(chunk.map((u) => ({ code: u.unit, name: `Đơn vị ${u.unit}`, kind: 'district', province: name, dissolved_on: null })))
        .execute(),
    );
    await tx
      .insertInto('cluster')
      .values(clusters.map((c) => ({ code: c.code, name: `Cụm thi đua ${c.code}`, kind: 'cluster' as const, province: name })))
      .execute();
    await insertAll(
      clusters.flatMap((c) =>
        c.members.map((m, i) => ({ cluster_code: c.code, year: BENCH_YEAR, unit_code: m.unit, rotation_order: i + 1, never_chair: false })),
      ),
      (chunk) => tx.insertInto('cluster_membership').values(chunk).execute(),
    );
    await tx
      .insertInto('cluster_leadership')
      .values(
        clusters.map((c) => ({ cluster_code: c.code, year: BENCH_YEAR, chair_unit: c.members[0]!.unit, deputy_unit: c.members[1]!.unit })),
      )
      .execute();
    await tx
      .insertInto('rubric')
      .values(
        clusters.map((c) => ({
          cluster_code: c.code,
          year: BENCH_YEAR,
          version: DB_VT_2018_RUBRIC.version,
          definition: JSON.stringify(DB_VT_2018_RUBRIC),
        })),
      )
      .execute();
    await insertAll(units, (chunk) =>
      tx
        .insertInto('person')
        .values(chunk.map((u) => ({ id: u.rep, full_name: `Đại diện ${u.unit}`, email: `${u.rep}@example.org`, unit_code: u.unit })))
        .execute(),
    );
    await insertAll(units, (chunk) =>
      tx
        .insertInto('person_role')
        .values(
          chunk.map((u) => ({ person_id: u.rep, role: 'representative' as const, unit_code: u.unit, province: null, year: BENCH_YEAR })),
        )
        .execute(),
    );
    // The council and the secretariat of the seed province serve this one too (their roles, not new people).
    const roles = await tx
      .selectFrom('person_role')
      .selectAll()
      .where('province', '=', PROVINCE)
      .where('year', '=', COUNCIL.year)
      .where('role', 'in', ['secretariat', 'council_chair', 'council_member'])
      .execute();
    await tx
      .insertInto('person_role')
      .values(roles.map((r) => ({ ...r, province: name })))
      .execute();
  });
  return { name, clusters };
}
