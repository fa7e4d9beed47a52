import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { startWorkerProcess, type WorkerProcess as RunningProcess } from '../../bench/workerProcess.ts';
import { connectDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedReferenceData } from '../../db/seed.ts';
import { newLinkKeys } from '../../infra/linkKeys.ts';
import { startMailSink, type MailSink } from '../../infra/mailSink.ts';
import { freePorts } from '../../infra/ports.ts';
import { startEmbeddedPostgres, type PostgresHandle } from '../../infra/postgres.ts';
import { locateTemporalCli, missingTemporalCliMessage } from '../../infra/temporalCli.ts';
import { startTemporalDevServer, type DevServer } from '../../infra/temporalServer.ts';
import { connectTemporal } from '../../client/temporalConnection.ts';

// The fault suite's own components: a Temporal dev server on a database file, a PostgreSQL on a
// data folder and a mail sink, each on a port fixed for the file's run, so that each can be stopped
// and started again where it was, on what it had stored; the run's shared servers of globalSetup are
// never stopped. The worker and the web server are the production entries (worker/main.ts,
// web/main.ts) as child processes, so that they can be killed.

const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));
const WEB_MAIN = fileURLToPath(new URL('../../web/main.ts', import.meta.url));
const READY_MS = 60_000;
export const TASK_QUEUE = 'faults';

export interface ChildProcess {
  /** Starts it and resolves once it is ready (the worker polls, the web server listens). */
  start(): Promise<void>;
  /** SIGKILL: no drain, no goodbye; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the production shutdown); used at the end. */
  stop(): Promise<void>;
  /** How many times it has been started. */
  starts(): number;
}

/** A component that can be stopped and started again on the same port and stored state. */
export interface Restartable {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface FaultStack {
  client: Client;
  db: ReturnType<typeof connectDatabase>;
  databaseUrl: string;
  temporalAddress: string;
  mail: MailSink;
  worker: ChildProcess;
  /** The participants' web server, not started with the stack (the runs that use it start it). */
  web: ChildProcess & { baseUrl: string };
  sink: Restartable;
  temporal: Restartable;
  postgres: Restartable;
  close(): Promise<void>;
}

export async function startFaultStack(log: (line: string) => void): Promise<FaultStack> {
  const cliPath = locateTemporalCli();
  if (!cliPath) throw new Error(missingTemporalCliMessage());
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-faults-'));
  const [temporalPort, pgPort, smtpPort, mailWebPort, webPort] = await freePorts([undefined, undefined, undefined, undefined, undefined]);
  const dbFile = path.join(dir, 'temporal.sqlite');
  const startTemporal = () => startTemporalDevServer({ cliPath, port: temporalPort, dbFile, headless: true });
  const startPostgres = () => startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, persistent: true });
  // A mail folder of its own: maildev reads back the mails it stored when it starts again on it.
  const startSink = () => startMailSink({ smtpPort, webPort: mailWebPort, mailDir: path.join(dir, 'mail') });

  let temporal: DevServer = await startTemporal();
  let postgres: PostgresHandle = await startPostgres();
  let mail: MailSink = await startSink();
  const db = connectDatabase(postgres.url, { poolSize: 4 });
  await migrateToLatest(db);
  await seedReferenceData(db);
  const connection = await connectTemporal({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });

  const baseUrl = `http://localhost:${webPort}`;
  const env = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATABASE_URL: postgres.url,
    SMTP_URL: mail.smtpUrl,
    WEB_BASE_URL: baseUrl,
    TDKT_LINK_KEYS: newLinkKeys('faults'),
    // "worker running" and "web server running" are logged at info: they tell the process is ready (startWorkerProcess passes on warnings and errors only).
    LOG_LEVEL: 'info',
  };
  // Bundled once for the test run: a restart after a kill loads it rather than bundling for seconds.
  const worker = childProcess(
    {
      label: 'worker',
      script: WORKER_MAIN,
      ready: '"worker running"',
      env: { ...env, TDKT_WORKFLOW_BUNDLE: inject('workflowBundlePath') },
    },
    log,
  );
  const web = childProcess({ label: 'web', script: WEB_MAIN, ready: '"web server running"', env }, log);

  const stack: FaultStack = {
    client,
    db,
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    get mail() {
      return mail;
    },
    worker,
    web: Object.assign(web, { baseUrl }),
    sink: {
      stop: () => mail.stop(),
      start: async () => {
        mail = await startSink();
      },
    },
    temporal: {
      stop: () => temporal.stop(),
      start: async () => {
        temporal = await startTemporal();
      },
    },
    postgres: {
      stop: () => postgres.stop(),
      start: async () => {
        postgres = await startPostgres();
      },
    },
    async close() {
      await Promise.allSettled([worker.stop(), web.stop()]);
      await connection.close();
      await db.destroy();
      await Promise.allSettled([temporal.stop(), postgres.stop(), mail.stop()]);
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** A production entry in a process of its own, started again after each kill. */
function childProcess(
  opts: { label: string; script: string; ready: string; env: Record<string, string> },
  log: (line: string) => void,
): ChildProcess {
  let current: RunningProcess | undefined;
  let starts = 0;
  return {
    async start() {
      starts++;
      current = await startWorkerProcess({ ...opts, log, timeoutMs: READY_MS });
    },
    kill: async () => current?.kill(),
    stop: async () => current?.stop(),
    starts: () => starts,
  };
}
