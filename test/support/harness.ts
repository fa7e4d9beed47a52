import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { inject } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { connectDatabase } from '../../db/connect.js';
import { connectMailSink, type MailReader } from '../../infra/mailSink.js';
import { createWorker } from '../../worker/createWorker.js';

// A test file's view of the servers started by globalSetup: a Temporal client, a worker on a task
// queue of its own running the real workflows and activities, the database and the mail sink.

export const MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

export interface Harness {
  client: Client;
  db: ReturnType<typeof connectDatabase>;
  mail: MailReader;
  taskQueue: string;
  worker: Worker;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** `wrap` lets a test change activities (e.g. fail a first attempt) while they keep their real effects. */
export async function startHarness(wrap: (real: Activities) => Activities = (real) => real): Promise<Harness> {
  if (!runtimeInstalled) {
    // Worker state changes at INFO would bury the test output; warnings and errors still show.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const address = inject('temporalAddress');
  const db = connectDatabase(inject('databaseUrl'));
  const mailer = nodemailer.createTransport(inject('smtpUrl'));
  const nativeConnection = await NativeConnection.connect({ address });
  const taskQueue = `test-${randomUUID()}`;
  const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, activities: wrap(createActivities({ db, mailer, mailFrom: MAIL_FROM })) });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection, namespace: 'default' }),
    db,
    mail: connectMailSink(inject('mailWebUrl')),
    taskQueue,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      mailer.close();
      await db.destroy();
    },
  };
}
