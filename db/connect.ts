import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// Postgres returns `date` columns as JS Dates in the server's zone by default; the domain wants
// calendar days as text (2018-03-31), so parse them as plain strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export function connectDatabase(url: string, poolSize = 5): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: poolSize }) }),
  });
}
