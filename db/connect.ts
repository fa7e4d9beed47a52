import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// Postgres returns `date` columns as JS Dates in the server's zone by default; the domain wants
// calendar days as text (2018-03-31), so parse them as plain strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * A pooled connection. An idle connection that the server drops (a restart, or Ctrl-C reaching
 * the local PostgreSQL first) is reported, not thrown: the pool opens a new one when next needed.
 * Ten connections by default: the worker runs many activities at once (each a transaction, then
 * its mails), and five made concurrent submissions queue for a connection in the bench.
 */
export function connectDatabase(url: string, opts: { poolSize?: number; onIdleError?: (error: Error) => void } = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  pool.on('error', opts.onIdleError ?? ((error) => process.stderr.write(`database: idle connection lost (${error.message})\n`)));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
