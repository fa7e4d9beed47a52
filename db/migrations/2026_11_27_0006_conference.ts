import { sql, type Kysely } from 'kysely';

// The year-end conference and what follows it (DOMAIN.md step 10): awards handed over, the
// cluster's own certificates (giấy khen), the secretariat's instructions for the rotation, the
// hand-over to next year's chair and deputy, and which path started next year's cycle. Also: a
// cycle keeps its whole input (next year's is derived from it), a merge records how the merged
// unit's open tasks were handled, and a round records the units it excused.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cycle').addColumn('input', 'jsonb').execute();
  await db.schema.alterTable('award').addColumn('handed_over_at', 'timestamptz').execute();

  await db.schema
    .alterTable('unit_link')
    .addColumn('open_tasks', 'text', (c) =>
      c
        .notNull()
        .defaultTo('close')
        .check(sql`open_tasks in ('close', 'transfer')`),
    )
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'timestamptz')
    .execute();
  // A unit is merged away once: a second merge of the same unit would make its successor ambiguous.
  await db.schema.createIndex('unit_link_one_successor').on('unit_link').column('predecessor_code').unique().execute();

  await db.schema
    .createTable('round_excusal')
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('handled', 'text', (c) => c.notNull().check(sql`handled in ('close', 'transfer')`))
    .addColumn('successor_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_excusal_pk', ['round_id', 'unit_code'])
    .execute();

  await db.schema
    .createTable('conference')
    .addColumn('cycle_id', 'text', (c) => c.primaryKey().references('cycle.id'))
    .addColumn('held_at', 'timestamptz', (c) => c.notNull())
    .addColumn('chair_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('awards_handed_over', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cluster_certificate')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull().check(sql`recipient_kind in ('collective', 'household', 'individual')`))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('achievement', 'text', (c) => c.notNull())
    .addColumn('amount_vnd', 'bigint', (c) => c.notNull())
    .addColumn('signed_by_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('cluster_certificate_pk', ['cycle_id', 'seq'])
    .execute();

  await db.schema
    .createTable('rotation_instruction')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('override', 'excuse')`))
    .addColumn('unit_code', 'text', (c) => c.references('unit.code'))
    .addColumn('chair_unit', 'text', (c) => c.references('unit.code'))
    .addColumn('deputy_unit', 'text', (c) => c.references('unit.code'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index rotation_one_override on rotation_instruction (cycle_id) where kind = 'override'`.execute(db);
  await sql`create unique index rotation_one_excuse on rotation_instruction (cycle_id, unit_code) where kind = 'excuse'`.execute(db);

  await db.schema
    .createTable('handover')
    .addColumn('cluster_code', 'text', (c) => c.notNull().references('cluster.code'))
    .addColumn('to_year', 'integer', (c) => c.notNull())
    .addColumn('from_cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('from_chair', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('from_deputy', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('to_chair', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('to_deputy', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('policy', 'text', (c) => c.notNull().check(sql`policy in ('default', 'override')`))
    .addColumn('rotation', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().check(sql`recorded_by in ('handover', 'schedule')`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('handover_pk', ['cluster_code', 'to_year'])
    .execute();

  // One row per cycle started for the next year, by whichever path got there first.
  await db.schema
    .createTable('cycle_launch')
    .addColumn('cycle_id', 'text', (c) => c.primaryKey())
    .addColumn('from_cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('started_by', 'text', (c) => c.notNull().check(sql`started_by in ('handover', 'schedule')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['cycle_launch', 'handover', 'rotation_instruction', 'cluster_certificate', 'conference', 'round_excusal'])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('unit_link_one_successor').execute();
  await db.schema.alterTable('unit_link').dropColumn('open_tasks').dropColumn('recorded_by').dropColumn('recorded_at').execute();
  await db.schema.alterTable('award').dropColumn('handed_over_at').execute();
  await db.schema.alterTable('cycle').dropColumn('input').execute();
}
