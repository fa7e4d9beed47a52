import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { CONSOLE_ROLES } from './console.ts';

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
 * - The province's console (its secretariat, council secretary and administrators, appointed in any
 *   year): every document of their province.
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
    .where((eb) =>
      eb.or([
        eb.and([eb('r.role', 'in', CONSOLE_ROLES), eb('r.province', '=', province)]),
        eb.and([
          eb('r.role', 'in', ['council_member', 'council_chair', 'secretariat']),
          eb('r.province', '=', province),
          eb('r.year', '=', year),
        ]),
        ...(clusters.length
          ? [
              eb.and([
                eb('r.role', '=', 'representative'),
                eb('r.year', '=', year),
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

/** A document as the console lists it and as its layout needs it: where it comes from, its year, its number. */
export interface DocumentRecord {
  id: string;
  kind: 'submission' | 'minutes' | 'decision' | 'revocation';
  title: string;
  html: string;
  created_at: Date;
  cycle_id: string | null;
  council_id: string | null;
  /** The province of its cluster (a tờ trình) or of its council. */
  province: string;
  /** The emulation year it belongs to (its cycle's or its council's). */
  year: number;
  /** A tờ trình's cluster, and the cluster's chair unit that submits it. */
  cluster_name: string | null;
  chair_unit_name: string | null;
  /** The number a decision or a revocation was given (`123/QĐ-UBND`); the others have none. */
  number: string | null;
}

/** The documents with what says where they come from: their cycle's cluster (and its chair unit), their council, their number. */
function documentsWithOrigin(db: Kysely<Database>) {
  return db
    .selectFrom('document as d')
    .leftJoin('cycle as cy', 'cy.id', 'd.cycle_id')
    .leftJoin('cluster as cl', 'cl.code', 'cy.cluster_code')
    .leftJoin('unit as u', 'u.code', 'cy.chair_unit')
    .leftJoin('council as co', 'co.id', 'd.council_id')
    .leftJoin('decision as de', 'de.document_id', 'd.id')
    .leftJoin('revocation as re', 're.document_id', 'd.id');
}

function documentRecords(db: Kysely<Database>) {
  return documentsWithOrigin(db).select((eb) => [
    'd.id',
    'd.kind',
    'd.title',
    'd.html',
    'd.created_at',
    'd.cycle_id',
    'd.council_id',
    eb.fn.coalesce('cl.province', 'co.province').as('province'),
    eb.fn.coalesce('cy.year', 'co.year').as('year'),
    'cl.name as cluster_name',
    'u.name as chair_unit_name',
    eb.fn.coalesce('de.number', 're.number').as('number'),
  ]);
}

/** A stored document with its origin and number, or undefined when the id is unknown (or of no cycle or council). */
export async function findDocumentRecord(db: Kysely<Database>, id: string): Promise<DocumentRecord | undefined> {
  const row = await documentRecords(db).where('d.id', '=', id).executeTakeFirst();
  return row?.province && row.year !== null ? { ...row, province: row.province, year: row.year } : undefined;
}

/** The province's documents, newest first, optionally of one kind or one emulation year. */
export async function documentsOfProvince(
  db: Kysely<Database>,
  province: string,
  filter: { kind?: DocumentRecord['kind']; year?: number } = {},
): Promise<DocumentRecord[]> {
  let query = documentRecords(db).where((eb) => eb(eb.fn.coalesce('cl.province', 'co.province'), '=', province));
  if (filter.kind) query = query.where('d.kind', '=', filter.kind);
  if (filter.year) query = query.where((eb) => eb(eb.fn.coalesce('cy.year', 'co.year'), '=', filter.year!));
  const rows = await query.orderBy('d.created_at', 'desc').orderBy('d.id').execute();
  return rows.map((r) => ({ ...r, province, year: r.year! }));
}

/** The emulation years the province has documents of, newest first (the console's year filter). */
export async function documentYearsOfProvince(db: Kysely<Database>, province: string): Promise<number[]> {
  const rows = await documentsWithOrigin(db)
    .select((eb) => eb.fn.coalesce('cy.year', 'co.year').as('year'))
    .distinct()
    .where((eb) => eb(eb.fn.coalesce('cl.province', 'co.province'), '=', province))
    .execute();
  return rows
    .map((r) => r.year)
    .filter((y): y is number => y !== null)
    .sort((a, b) => b - a);
}
