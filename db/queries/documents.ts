import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// The printable documents (tờ trình, biên bản, quyết định) as stored when they were made.

/** A stored document by its id (`cycle/DB-VT/2018/to-trinh-v1`, `council/DIEN-BIEN/2018/quyet-dinh`…), or undefined. */
export async function findDocument(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('document')
    .select(['id', 'kind', 'title', 'html', 'cycle_id', 'council_id', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Who may read a stored document (the web server's rule, one place): the people of the council
 * it belongs to, and of the clusters it concerns, in that year.
 * - The council of the document's province-year: its members and chair (person_role
 *   council_member, council_chair) and the province's secretariat (secretariat).
 * - The clusters concerned: a tờ trình's own cluster; for the council's documents (biên bản,
 *   quyết định, quyết định thu hồi) every cluster that submitted to that council. Their units'
 *   representatives may read it (the cluster's chair is its chair unit's representative).
 * Anyone else may not, whatever link they hold.
 */
export async function mayReadDocument(
  db: Kysely<Database>,
  personId: string,
  doc: { cycle_id: string | null; council_id: string | null },
): Promise<boolean> {
  let where: { province: string; year: number; clusters: string[] } | undefined;
  if (doc.cycle_id) {
    const cycle = await db
      .selectFrom('cycle')
      .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
      .select(['cycle.cluster_code as cluster', 'cycle.year', 'cluster.province'])
      .where('cycle.id', '=', doc.cycle_id)
      .executeTakeFirst();
    if (cycle) where = { province: cycle.province, year: cycle.year, clusters: [cycle.cluster] };
  } else if (doc.council_id) {
    const council = await db.selectFrom('council').select(['province', 'year']).where('id', '=', doc.council_id).executeTakeFirst();
    const clusters = await db
      .selectFrom('council_submission')
      .innerJoin('cycle', 'cycle.id', 'council_submission.cycle_id')
      .select('cycle.cluster_code')
      .distinct()
      .where('council_submission.council_id', '=', doc.council_id)
      .execute();
    if (council) where = { ...council, clusters: clusters.map((c) => c.cluster_code) };
  }
  if (!where) return false;
  const { province, year, clusters } = where;
  const row = await db
    .selectFrom('person_role as r')
    .select('r.person_id')
    .where('r.person_id', '=', personId)
    .where('r.year', '=', year)
    .where((eb) =>
      eb.or([
        eb.and([eb('r.role', 'in', ['council_member', 'council_chair', 'secretariat']), eb('r.province', '=', province)]),
        ...(clusters.length
          ? [
              eb.and([
                eb('r.role', '=', 'representative'),
                eb(
                  'r.unit_code',
                  'in',
                  eb
                    .selectFrom('cluster_membership as m')
                    .select('m.unit_code')
                    .where('m.cluster_code', 'in', clusters)
                    .where('m.year', '=', year),
                ),
              ]),
            ]
          : []),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
