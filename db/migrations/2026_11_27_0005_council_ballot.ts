import type { Kysely } from 'kysely';

// The council's members present vote by secret ballot too: a ballot box may belong to a council
// session rather than a cycle (its ballot id then names the council and the session).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ballot_box')
    .alterColumn('cycle_id', (c) => c.dropNotNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ballot_box')
    .alterColumn('cycle_id', (c) => c.setNotNull())
    .execute();
}
