import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../activities/index.ts';
import { startOutboxCourier } from '../activities/outboxCourier.ts';
import type { LinkSettings } from '../activities/mail/links.ts';
import { connectDatabase } from '../db/connect.ts';
import { createWorker } from './createWorker.ts';
import { createMailer } from '../infra/mailer.ts';
import { connectTemporal } from '../client/temporalConnection.ts';

// A worker running inside another program (the demo, the local stack, a test file), with the
// client that program drives it by. The caller installs the Temporal Runtime first if it wants
// other logging or signal handling than the SDK's defaults.

export interface InProcessWorker {
  client: Client;
  db: ReturnType<typeof connectDatabase>;
  taskQueue: string;
  worker: Worker;
  /** Settles when the worker has stopped. */
  done: Promise<void>;
  /** Drains the worker, stops the outbox's courier, then closes the connections, the mailer and the database pool. */
  close(): Promise<void>;
}

/**
 * What a program that drives a worker running elsewhere needs: the client and the database pool.
 * `done` never settles (there is no worker here to stop).
 */
export async function connectClient(opts: {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
}): Promise<Omit<InProcessWorker, 'worker'>> {
  const db = connectDatabase(opts.databaseUrl);
  const connection = await connectTemporal({ address: opts.temporalAddress });
  return {
    client: new Client({ connection, namespace: 'default' }),
    db,
    taskQueue: opts.taskQueue,
    done: new Promise<void>(() => {}),
    async close() {
      await connection.close();
      await db.destroy();
    },
  };
}

export async function startInProcessWorker(opts: {
  temporalAddress: string;
  databaseUrl: string;
  smtpUrl: string;
  mailFrom: string;
  taskQueue: string;
  /** The web server's base URL and the keys that sign the mails' task links. */
  links: LinkSettings;
  /** Lets a test change activities (e.g. fail a first attempt) while they keep their real effects. */
  wrap?: (real: Activities) => Activities;
  /** The workflows already bundled (a test run bundles them once); absent: bundled here. */
  workflowBundlePath?: string;
}): Promise<InProcessWorker> {
  const db = connectDatabase(opts.databaseUrl);
  const mailer = createMailer(opts.smtpUrl);
  const nativeConnection = await NativeConnection.connect({ address: opts.temporalAddress });
  const connection = await connectTemporal({ address: opts.temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const activities = createActivities({ db, mailer, mailFrom: opts.mailFrom, temporal: client, links: opts.links });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: opts.taskQueue,
    activities: opts.wrap ? opts.wrap(activities) : activities,
    ...(opts.workflowBundlePath ? { workflowBundlePath: opts.workflowBundlePath } : {}),
  });
  const done = worker.run();
  const courier = startOutboxCourier({ db, mailer, mailFrom: opts.mailFrom });
  let closing: Promise<void> | undefined;
  return {
    client,
    db,
    taskQueue: opts.taskQueue,
    worker,
    done,
    close() {
      closing ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await done.catch(() => undefined);
        await courier.stop();
        await connection.close();
        await nativeConnection.close();
        mailer.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
