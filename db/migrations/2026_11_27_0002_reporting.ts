import { sql, type Kysely } from 'kysely';

// Reporting through the year: the rubric of each cluster-year, every version of every report (a
// re-submission replaces the current version and keeps the earlier ones), the quarantine of
// suspicious text for the secretariat, and deadline extensions.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rubric')
    .addColumn('cluster_code', 'text', (c) => c.notNull().references('cluster.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('rubric_pk', ['cluster_code', 'year'])
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('submitted_by', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addColumn('late_penalty', 'numeric', (c) => c.notNull())
    // The text exactly as received, and the normalised text (NFC, no zero-width characters) used everywhere else.
    .addColumn('narrative_raw', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('self_score', 'jsonb')
    .addColumn('score_total', 'numeric')
    .addColumn('rubric_version', 'text')
    .addColumn('quarantined', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_pk', ['cycle_id', 'unit_code', 'period', 'version'])
    .execute();

  await db.schema
    .createTable('report_quarantine')
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('fragments', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'released', 'rejected')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_quarantine_pk', ['cycle_id', 'unit_code', 'period', 'version'])
    .addForeignKeyConstraint('report_quarantine_report', ['cycle_id', 'unit_code', 'period', 'version'], 'report', [
      'cycle_id',
      'unit_code',
      'period',
      'version',
    ])
    .execute();

  await db.schema
    .createTable('round_extension')
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull().references('person.id'))
    .addPrimaryKeyConstraint('round_extension_pk', ['round_id', 'unit_code', 'granted_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['round_extension', 'report_quarantine', 'report', 'rubric']) await db.schema.dropTable(table).execute();
}
