import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedReferenceData } from '../../db/seed.ts';
import { newLinkKeys } from '../../infra/linkKeys.ts';
import { startLocalStack } from '../../infra/localStack.ts';
import { locateTemporalCli, missingTemporalCliMessage } from '../../infra/temporalCli.ts';
import { bundleWorkflowsTo } from '../../worker/bundle.ts';

// One Temporal dev server, one embedded Postgres and one mail sink for the whole run; each test
// file gets its own task queue and its own cycles on them. A missing Temporal CLI fails the run
// with how to get one: tests never skip. They are the local stack on temporary folders, so a run
// that was killed (kill -9, the OOM killer) has its servers stopped by the next one.

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    smtpUrl: string;
    mailWebUrl: string;
    /** The workflows bundled once for the run: every test file's worker and the replay test load this file. */
    workflowBundlePath: string;
    /** TDKT_LINK_KEYS of the run (one key made for it, or the environment's): tests verify the mails' links with it. */
    linkKeys: string;
    /** WEB_BASE_URL of the run: the mails' links start with it. */
    webBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = locateTemporalCli();
  if (!cliPath) throw new Error(missingTemporalCliMessage());
  const bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tdkt-test-bundle-'));
  const workflowBundlePath = path.join(bundleDir, 'workflows.js');
  const [{ temporal, postgres, mail, stop }] = await Promise.all([
    startLocalStack({
      cliPath,
      preferDefaultPorts: false,
      headless: true,
      postgresUrl: process.env.DATABASE_URL || undefined,
      log: (line) => (/left behind|stale/.test(line) ? console.log(line) : undefined),
    }),
    bundleWorkflowsTo(workflowBundlePath),
  ]);
  const db = connectDatabase(postgres.url);
  await migrateToLatest(db);
  await seedReferenceData(db);
  await db.destroy();

  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', postgres.url);
  project.provide('smtpUrl', mail.smtpUrl);
  project.provide('mailWebUrl', mail.webUrl);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('linkKeys', process.env.TDKT_LINK_KEYS || newLinkKeys('test'));
  project.provide('webBaseUrl', process.env.WEB_BASE_URL || 'http://localhost:8080');

  return async () => {
    await stop();
    await fs.rm(bundleDir, { recursive: true, force: true });
  };
}
