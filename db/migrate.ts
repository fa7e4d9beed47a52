import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as core from './migrations/2026_11_27_0001_core.ts';
import * as reporting from './migrations/2026_11_27_0002_reporting.ts';
import * as scoring from './migrations/2026_11_27_0003_scoring.ts';
import * as council from './migrations/2026_11_27_0004_council.ts';
import * as councilBallot from './migrations/2026_11_27_0005_council_ballot.ts';
import * as conference from './migrations/2026_11_27_0006_conference.ts';
import * as revocation from './migrations/2026_11_27_0007_revocation.ts';
import * as excusalBeforeOpening from './migrations/2026_12_02_0008_excusal_before_opening.ts';
import * as webSessions from './migrations/2026_12_10_0009_web_sessions.ts';
import * as consoleRoles from './migrations/2026_12_12_0010_console_roles.ts';
import * as outboxNextAttempt from './migrations/2026_12_13_0011_outbox_next_attempt.ts';
import type { Database } from './schema.ts';

// Migrations are listed here explicitly rather than read from the folder, so they work the same
// under Node, vitest and a bundle. Add a new one at the end; never edit one that has shipped.
const MIGRATIONS: Record<string, Migration> = {
  '2026_11_27_0001_core': core,
  '2026_11_27_0002_reporting': reporting,
  '2026_11_27_0003_scoring': scoring,
  '2026_11_27_0004_council': council,
  '2026_11_27_0005_council_ballot': councilBallot,
  '2026_11_27_0006_conference': conference,
  '2026_11_27_0007_revocation': revocation,
  '2026_12_02_0008_excusal_before_opening': excusalBeforeOpening,
  '2026_12_10_0009_web_sessions': webSessions,
  '2026_12_12_0010_console_roles': consoleRoles,
  '2026_12_13_0011_outbox_next_attempt': outboxNextAttempt,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
