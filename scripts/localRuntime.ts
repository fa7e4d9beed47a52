import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities/index.js';
import { connectDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedReferenceData } from '../db/seed.js';
import { startLocalStack, type LocalStack } from '../infra/localStack.js';
import { createWorker, DEFAULT_TASK_QUEUE } from '../worker/createWorker.js';

// The demo and `npm run stack` share this: the three real components, the schema and reference
// data, and a worker running in this process on the default task queue.

export const MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

export interface LocalRuntime {
  stack: LocalStack;
  db: ReturnType<typeof connectDatabase>;
  client: Client;
  taskQueue: string;
  /** Settles when the worker has stopped. */
  workerDone: Promise<void>;
  /** `export` lines for the tdkt CLI, empty when the stack got its default ports. */
  cliEnvironment: string[];
  stop(): Promise<void>;
}

export async function startLocalRuntime(opts: { stateDir?: string; log: (line: string) => void }): Promise<LocalRuntime> {
  const stack = await startLocalStack({ stateDir: opts.stateDir, preferDefaultPorts: true, log: (line) => (/taken|Building|go: /.test(line) ? opts.log(line) : undefined) });
  try {
    const db = connectDatabase(stack.postgres.url);
    const applied = await migrateToLatest(db);
    if (applied.length) opts.log(`database schema created (${applied.join(', ')})`);
    await seedReferenceData(db);
    const mailer = nodemailer.createTransport(stack.mail.smtpUrl);
    // shutdownSignals: [] — stopping is ours (stop() below), in order: worker, connections, components.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const nativeConnection = await NativeConnection.connect({ address: stack.temporal.address });
    const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue: DEFAULT_TASK_QUEUE, activities: createActivities({ db, mailer, mailFrom: MAIL_FROM }) });
    const workerDone = worker.run();
    const connection = await Connection.connect({ address: stack.temporal.address });
    const cliEnvironment = [
      ...(stack.temporal.address === 'localhost:7233' || stack.temporal.address === '127.0.0.1:7233' ? [] : [`export TEMPORAL_ADDRESS=${stack.temporal.address}`]),
      ...(stack.temporal.uiUrl && !/:8233\/?$/.test(stack.temporal.uiUrl) ? [`export TEMPORAL_UI_URL=${stack.temporal.uiUrl}`] : []),
    ];
    let stopping: Promise<void> | undefined;
    return {
      stack,
      db,
      client: new Client({ connection, namespace: 'default' }),
      taskQueue: DEFAULT_TASK_QUEUE,
      workerDone,
      cliEnvironment,
      stop() {
        stopping ??= (async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await workerDone.catch(() => undefined);
          await connection.close();
          await nativeConnection.close();
          mailer.close();
          await db.destroy();
          await stack.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** Resolves on the first Ctrl-C or SIGTERM. */
export function untilInterrupted(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
