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
