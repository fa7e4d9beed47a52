import { sql, type Kysely } from 'kysely';

// The provincial council: its sessions per province-year, the clusters' submissions (every
// version), the secretariat's appraisal and late vetoes, attendance, the members' votes, the
// counts, the chair's decision with its number, the awards, and the documents (tờ trình, biên
// bản, quyết định) as printable HTML.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('council')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('document')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('submission', 'minutes', 'decision')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('cycle_id', 'text', (c) => c.references('cycle.id'))
    .addColumn('council_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('council_submission')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('council_id', 'text', (c) => c.notNull())
    .addColumn('nominations', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('document_id', 'text', (c) => c.notNull().references('document.id'))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_submission_pk', ['cycle_id', 'version'])
    .execute();

  // Every council step, with who did it: appraisals, vetoes, attendance, failed sessions, votes, results, decisions.
  await db.schema
    .createTable('council_event')
    .addColumn('council_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_event_pk', ['council_id', 'key'])
    .execute();

  await db.schema
    .createTable('council_vote')
    .addColumn('council_id', 'text', (c) => c.notNull())
    .addColumn('session', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('written', 'boolean', (c) => c.notNull())
    .addColumn('votes', 'jsonb', (c) => c.notNull())
    .addColumn('voted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_vote_pk', ['council_id', 'session', 'member_id'])
    .execute();

  await sql`create sequence decision_number_seq start with 101`.execute(db);
  await db.schema
    .createTable('decision')
    .addColumn('council_id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('approved', 'partly-revoked', 'revoked')`))
    .addColumn('approved_by', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('document.id'))
    .execute();

  await db.schema
    .createTable('award')
    .addColumn('council_id', 'text', (c) => c.notNull())
    .addColumn('nomination', 'text', (c) => c.notNull())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('award', 'text', (c) => c.notNull().check(sql`award in ('flag', 'certificate')`))
    .addColumn('amount_vnd', 'bigint', (c) => c.notNull())
    .addColumn('decision_number', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .addPrimaryKeyConstraint('award_pk', ['council_id', 'nomination'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['award', 'decision', 'council_vote', 'council_event', 'council_submission', 'document', 'council'])
    await db.schema.dropTable(table).execute();
  await sql`drop sequence decision_number_seq`.execute(db);
}
