import { sql, type Kysely } from 'kysely';

// Cluster scoring and the cluster ballot: every cross-score sheet (each version kept), the
// chair's and the secretariat's adjustments with their reasons, veto inputs, the consolidated
// table as published, the ballot boxes (envelopes kept apart from the voters, opened only to
// count), the nominations and the minutes. A round that waits for everyone has no closing time.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('round')
    .alterColumn('closes_at', (c) => c.dropNotNull())
    .execute();

  await db.schema
    .createTable('cross_score')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('scorer_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('target_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
    .addColumn('submitted_by', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addColumn('criteria', 'jsonb', (c) => c.notNull())
    .addColumn('total', 'numeric', (c) => c.notNull())
    .addColumn('rubric_version', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cross_score_pk', ['cycle_id', 'scorer_unit', 'target_unit', 'version'])
    .addCheckConstraint('cross_score_not_self', sql`scorer_unit <> target_unit`)
    .execute();

  await db.schema
    .createTable('score_adjustment')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('adjusted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('points', 'numeric', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('adjusted_by', 'text', (c) => c.notNull().references('person.id'))
    .addPrimaryKeyConstraint('score_adjustment_pk', ['cycle_id', 'unit_code', 'adjusted_at'])
    .execute();

  await db.schema
    .createTable('veto')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('veto_pk', ['cycle_id', 'unit_code', 'source', 'reference'])
    .execute();

  await db.schema
    .createTable('score_consolidation')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('total', 'numeric', (c) => c.notNull())
    .addColumn('eligible_for_first', 'boolean', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('formula_version', 'text', (c) => c.notNull())
    .addColumn('rubric_version', 'text', (c) => c.notNull())
    // Draft while adjustments and vetoes may still change it; final once the ballot opens.
    .addColumn('final', 'boolean', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('score_consolidation_pk', ['cycle_id', 'unit_code'])
    .execute();

  await db.schema
    .createTable('ballot_box')
    .addColumn('ballot_id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    // Destroyed (set to null) once the count is stored: the envelopes in the history can never be opened again.
    .addColumn('private_key', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('counted_at', 'timestamptz')
    .execute();

  // Who voted: public. What was voted: in ballot_envelope until the count, then in ballot_choice,
  // neither of which names the voter.
  await db.schema
    .createTable('ballot_voter')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballot_box.ballot_id'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('voter_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('voted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_voter_pk', ['ballot_id', 'unit_code'])
    .execute();

  await db.schema
    .createTable('ballot_envelope')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballot_box.ballot_id'))
    // A digest of the sealed text: a retried cast finds its envelope without naming the voter.
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_envelope_pk', ['ballot_id', 'digest'])
    .execute();

  await db.schema
    .createTable('ballot_choice')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballot_box.ballot_id'))
    // Shuffled at the count: the position says nothing about who cast it or when.
    .addColumn('position', 'integer', (c) => c.notNull())
    // Null for a spoiled ballot.
    .addColumn('choices', 'jsonb')
    .addPrimaryKeyConstraint('ballot_choice_pk', ['ballot_id', 'position'])
    .execute();

  await db.schema
    .createTable('ballot_result')
    .addColumn('ballot_id', 'text', (c) => c.primaryKey().references('ballot_box.ballot_id'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('tally', 'jsonb', (c) => c.notNull())
    .addColumn('counted_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('nomination')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('award', 'text', (c) => c.notNull().check(sql`award in ('flag', 'certificate')`))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('decided_by', 'text', (c) => c.notNull().check(sql`decided_by in ('ballot', 'chair-and-deputy')`))
    .addColumn('ballot_round', 'integer')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('nomination_pk', ['cycle_id', 'award', 'unit_code'])
    .execute();
  // At most one flag per cluster-year (Luật TĐKT 2022 Art. 26(1)), enforced by the database too.
  await sql`create unique index nomination_one_flag on nomination (cycle_id) where award = 'flag'`.execute(db);

  await db.schema
    .createTable('cluster_minutes')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycle.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scoring', 'ballot')`))
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('cluster_minutes_pk', ['cycle_id', 'kind'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'cluster_minutes',
    'nomination',
    'ballot_result',
    'ballot_choice',
    'ballot_envelope',
    'ballot_voter',
    'ballot_box',
    'score_consolidation',
    'veto',
    'score_adjustment',
    'cross_score',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema
    .alterTable('round')
    .alterColumn('closes_at', (c) => c.setNotNull())
    .execute();
}
