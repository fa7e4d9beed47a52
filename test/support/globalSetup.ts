import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { seedReferenceData } from '../../db/seed.js';
import { startMailSink } from '../../infra/mailSink.js';
import { startEmbeddedPostgres } from '../../infra/postgres.js';
import { locateTemporalCli, missingTemporalCliMessage } from '../../infra/temporalCli.js';
import { startTemporalDevServer } from '../../infra/temporalServer.js';

// One Temporal dev server, one embedded Postgres and one mail sink for the whole run; each test
// file gets its own task queue and its own cycles on them. A missing Temporal CLI fails the run
// with how to get one: tests never skip.

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    smtpUrl: string;
    mailWebUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = locateTemporalCli();
  if (!cliPath) throw new Error(missingTemporalCliMessage());
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tdkt-test-pg-'));
  const [temporal, postgres, mail] = await Promise.all([
    startTemporalDevServer({ cliPath, headless: true }),
    process.env.DATABASE_URL ? Promise.resolve({ url: process.env.DATABASE_URL, stop: async () => {} }) : startEmbeddedPostgres({ dataDir, persistent: false }),
    startMailSink(),
  ]);
  const db = connectDatabase(postgres.url);
  await migrateToLatest(db);
  await seedReferenceData(db);
  await db.destroy();

  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', postgres.url);
  project.provide('smtpUrl', mail.smtpUrl);
  project.provide('mailWebUrl', mail.webUrl);

  return async () => {
    await Promise.allSettled([temporal.stop(), postgres.stop(), mail.stop()]);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
