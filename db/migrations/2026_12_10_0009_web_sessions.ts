import type { Kysely } from 'kysely';

// The participants' web pages: sessions, the single-use sign-in links mailed to people, and the
// sign-in requests counted for the rate limit. Tokens are kept as SHA-256 digests only, so a copy
// of the database signs no one in; the requests keep digests of the address and the client too.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('web_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_session_person').on('web_session').column('person_id').execute();

  await db.schema
    .createTable('sign_in_token')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('sign_in_request')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_request_address').on('sign_in_request').columns(['address_hash', 'requested_at']).execute();
  await db.schema.createIndex('sign_in_request_client').on('sign_in_request').columns(['client_hash', 'requested_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_request').execute();
  await db.schema.dropTable('sign_in_token').execute();
  await db.schema.dropTable('web_session').execute();
}
