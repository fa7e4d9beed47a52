import { sql, type Kysely } from 'kysely';

// The first schema: reference data (units, clusters, versioned membership, people and roles), the
// cycle's records (cycles, campaigns, rounds, pledges, notices), the mail outbox and the audit log.
// Migrations take Kysely<any> on purpose: they run against whatever the schema was before them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('dissolved_on', 'date')
    .execute();

  await db.schema
    .createTable('unit_link')
    .addColumn('predecessor_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('successor_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('effective_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_link_pk', ['predecessor_code', 'successor_code'])
    .execute();

  await db.schema
    .createTable('cluster')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('cluster', 'bloc')`))
    .execute();

  await db.schema
    .createTable('cluster_membership')
    .addColumn('cluster_code', 'text', (c) => c.notNull().references('cluster.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('rotation_order', 'integer', (c) => c.notNull())
    .addColumn('never_chair', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('cluster_membership_pk', ['cluster_code', 'year', 'unit_code'])
    .execute();

  await db.schema
    .createTable('cluster_leadership')
    .addColumn('cluster_code', 'text', (c) => c.notNull().references('cluster.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('chair_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('deputy_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addPrimaryKeyConstraint('cluster_leadership_pk', ['cluster_code', 'year'])
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.references('unit.code'))
    .execute();

  await db.schema
    .createTable('person_role')
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('representative', 'secretariat', 'council_member', 'council_chair')`))
    .addColumn('unit_code', 'text', (c) => c.references('unit.code'))
    .addColumn('province', 'text')
    .addColumn('year', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index person_role_unique on person_role (person_id, role, coalesce(unit_code, ''), coalesce(province, ''), year)`.execute(
    db,
  );
  // One representative per unit and year: the round's "who may sign" rests on it.
  await sql`create unique index person_role_one_representative on person_role (unit_code, year) where role = 'representative'`.execute(db);

  await db.schema
    .createTable('cycle')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cluster_code', 'text', (c) => c.notNull().references('cluster.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('calendar', 'jsonb', (c) => c.notNull())
    .addColumn('chair_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('deputy_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('cycle_cluster_year', ['cluster_code', 'year'])
    .execute();

  await db.schema
    .createTable('campaign')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('launched_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_pk', ['cycle_id', 'code'])
    .execute();

  await db.schema
    .createTable('round')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('missing_units', sql`text[]`)
    .execute();

  await db.schema
    .createTable('pledge')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('signer_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('pledge_pk', ['cycle_id', 'unit_code'])
    .execute();

  await db.schema
    .createTable('round_notice')
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reminder', 'escalation')`))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_notice_pk', ['round_id', 'kind', 'seq', 'unit_code'])
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('cycle_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('audit_event_cycle').on('audit_event').columns(['cycle_id', 'occurred_at']).execute();
  // The audit log is append-only: history that can be edited proves nothing in a dispute.
  await sql`
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only';
    end $$`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_event',
    'email_outbox',
    'round_notice',
    'pledge',
    'round',
    'campaign',
    'cycle',
    'person_role',
    'person',
    'cluster_leadership',
    'cluster_membership',
    'cluster',
    'unit_link',
    'unit',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function audit_event_append_only`.execute(db);
}
