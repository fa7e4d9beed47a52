import { sql, type Kysely } from 'kysely';

// A revocation (quyết định thu hồi) is a decision of its own: numbered from the same sequence as
// the decisions, rendered as a document, and kept with who revoked and why. The council's event
// log becomes append-only like the audit log: who revoked an award and why must not be editable.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table document drop constraint document_kind_check`.execute(db);
  await sql`alter table document add constraint document_kind_check check (kind in ('submission', 'minutes', 'decision', 'revocation'))`.execute(
    db,
  );

  await db.schema
    .createTable('revocation')
    .addColumn('council_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('decision_number', 'text', (c) => c.notNull())
    .addColumn('nominations', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('revoked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('document.id'))
    .addPrimaryKeyConstraint('revocation_pk', ['council_id', 'key'])
    .execute();

  // Awards revoked before this migration keep their reason; who revoked them is in council_event.
  await db.schema.alterTable('award').addColumn('revoked_by', 'text').addColumn('revocation_number', 'text').execute();

  await sql`
    create function council_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'council_event is append-only';
    end $$`.execute(db);
  await sql`
    create trigger council_event_append_only before update or delete on council_event
    for each row execute function council_event_append_only()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger council_event_append_only on council_event`.execute(db);
  await sql`drop function council_event_append_only`.execute(db);
  await db.schema.alterTable('award').dropColumn('revoked_by').dropColumn('revocation_number').execute();
  await db.schema.dropTable('revocation').execute();
  await sql`alter table document drop constraint document_kind_check`.execute(db);
  await sql`alter table document add constraint document_kind_check check (kind in ('submission', 'minutes', 'decision'))`.execute(db);
}
