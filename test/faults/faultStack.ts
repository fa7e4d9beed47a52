import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { startWorkerProcess, type WorkerProcess as RunningWorker } from '../../bench/workerProcess.ts';
import { connectDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedReferenceData } from '../../db/seed.ts';
import { newLinkKeys } from '../../infra/linkKeys.ts';
import { startMailSink, type MailSink } from '../../infra/mailSink.ts';
import { freePorts } from '../../infra/ports.ts';
import { startEmbeddedPostgres, type PostgresHandle } from '../../infra/postgres.ts';
import { locateTemporalCli, missingTemporalCliMessage } from '../../infra/temporalCli.ts';
import { startTemporalDevServer, type DevServer } from '../../infra/temporalServer.ts';

// The fault suite's own components: a Temporal dev server on a database file, a PostgreSQL on a
// data folder and a mail sink, each on a port fixed for the file's run, so that it can be stopped and
// started again where it was (the mail sink is; PostgreSQL and Temporal are kept on disk for the same
// faults, to come); the run's shared servers of globalSetup are never stopped. The worker is the
// production entry (worker/main.ts) as a child process, so that it can be killed.

const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));
const WORKER_READY_MS = 60_000;
export const TASK_QUEUE = 'faults';

export interface WorkerProcess {
  /** Starts the worker and resolves once it polls (its "worker running" line). */
  start(): Promise<void>;
  /** SIGKILL: no drain, no goodbye; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the production shutdown); used at the end. */
  stop(): Promise<void>;
  /** How many times it has been started. */
  starts(): number;
}

export interface FaultStack {
  client: Client;
  db: ReturnType<typeof connectDatabase>;
  databaseUrl: string;
  temporalAddress: string;
  mail: MailSink;
  worker: WorkerProcess;
  sink: { stop(): Promise<void>; start(): Promise<void> };
  close(): Promise<void>;
}

export async function startFaultStack(log: (line: string) => void): Promise<FaultStack> {
  const cliPath = locateTemporalCli();
  if (!cliPath) throw new Error(missingTemporalCliMessage());
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-faults-'));
  const [temporalPort, pgPort, smtpPort, mailWebPort] = await freePorts([undefined, undefined, undefined, undefined]);
  const dbFile = path.join(dir, 'temporal.sqlite');
  const startTemporal = () => startTemporalDevServer({ cliPath, port: temporalPort, dbFile, headless: true });
  const startPostgres = () => startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, persistent: true });
  // A mail folder of its own: maildev reads back the mails it stored when it starts again on it.
  const startSink = () => startMailSink({ smtpPort, webPort: mailWebPort, mailDir: path.join(dir, 'mail') });

  const temporal: DevServer = await startTemporal();
  const postgres: PostgresHandle = await startPostgres();
  let mail: MailSink = await startSink();
  const db = connectDatabase(postgres.url, { poolSize: 4 });
  await migrateToLatest(db);
  await seedReferenceData(db);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });

  const env = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATABASE_URL: postgres.url,
    SMTP_URL: mail.smtpUrl,
    WEB_BASE_URL: 'http://localhost:8080',
    TDKT_LINK_KEYS: newLinkKeys('faults'),
    // "worker running" is logged at info: it tells the worker polls (startWorkerProcess passes on warnings and errors only).
    LOG_LEVEL: 'info',
    // Bundled once for the test run: a restart after a kill loads it rather than bundling for seconds.
    TDKT_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
  };
  const worker = workerProcess(env, log);

  const stack: FaultStack = {
    client,
    db,
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    get mail() {
      return mail;
    },
    worker,
    sink: {
      stop: () => mail.stop(),
      start: async () => {
        mail = await startSink();
      },
    },
    async close() {
      await worker.stop();
      await connection.close();
      await db.destroy();
      await Promise.allSettled([temporal.stop(), postgres.stop(), mail.stop()]);
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** The production worker in a process of its own, started again after each kill, on the test run's bundled workflows. */
function workerProcess(env: Record<string, string>, log: (line: string) => void): WorkerProcess {
  let current: RunningWorker | undefined;
  let starts = 0;
  return {
    async start() {
      starts++;
      current = await startWorkerProcess({ script: WORKER_MAIN, env, ready: '"worker running"', log, timeoutMs: WORKER_READY_MS });
    },
    kill: async () => current?.kill(),
    stop: async () => current?.stop(),
    starts: () => starts,
  };
}
