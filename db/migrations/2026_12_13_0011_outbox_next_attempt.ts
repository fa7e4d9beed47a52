import { sql, type Kysely } from 'kysely';

// A mail the server did not take waits in the outbox for the courier (activities/outboxCourier.ts),
// which tries it again at this time, later after each failure.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('email_outbox').addColumn('next_attempt_at', 'timestamptz').execute();
  // The courier's question every few seconds: the few pending mails due, among every mail ever sent.
  await db.schema
    .createIndex('email_outbox_due')
    .on('email_outbox')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('email_outbox_due').execute();
  await db.schema.alterTable('email_outbox').dropColumn('next_attempt_at').execute();
}
