import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import { startOutboxCourier } from '../activities/outboxCourier.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ConfigError, loadWorkerConfig } from './config.ts';
import { createWorker } from './createWorker.ts';
import { createLogger, SdkPinoLogger } from './logging.ts';
import { createMailer } from '../infra/mailer.ts';
import { connectTemporal } from '../client/temporalConnection.ts';

// `npm run worker`: the production entry. Configuration comes from the environment (README), the
// schema is migrated at start, and SIGINT/SIGTERM drain the worker before it exits.

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  Runtime.install({
    // shutdownSignals: [] — the handlers below drain the worker and log it; the SDK's own would race them.
    shutdownSignals: [],
    // The SDK's lines, its core's (forwarded) and the workflows' and activities' go to the same log as ours.
    logger: new SdkPinoLogger(log),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(config.WORKER_METRICS_ADDRESS ? { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } : {}),
    },
  });

  const db = connectDatabase(config.DATABASE_URL);
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  const mailer = createMailer(config.SMTP_URL);
  const connection = await NativeConnection.connect(config.temporal.connection);
  // Activities reach other workflows too (a cycle's submission starts or signals its council).
  const clientConnection = await connectTemporal(config.temporal.connection);
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(config.TDKT_WORKFLOW_BUNDLE ? { workflowBundlePath: config.TDKT_WORKFLOW_BUNDLE } : {}),
    ...(config.WORKER_MAX_CACHED_WORKFLOWS === undefined ? {} : { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }),
    activities: createActivities({
      db,
      mailer,
      mailFrom: config.MAIL_FROM,
      temporal,
      links: { baseUrl: config.WEB_BASE_URL, keys: config.TDKT_LINK_KEYS },
    }),
  });

  // Mails the mail server did not take when written are sent from here once it is back.
  const courier = startOutboxCourier({ db, mailer, mailFrom: config.MAIL_FROM }, { log: (message, fields) => log.info(fields, message) });

  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing the tasks in hand');
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  log.info(
    {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      // Whether they are used, never the API key or the TLS files' contents.
      tls: Boolean(config.temporal.connection.tls),
      apiKey: config.temporal.connection.apiKey !== undefined,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...(config.WORKER_METRICS_ADDRESS ? { metrics: `http://${config.WORKER_METRICS_ADDRESS}/metrics` } : {}),
      webBaseUrl: config.WEB_BASE_URL,
      // The key ids only: the secrets are never logged.
      linkKeys: config.TDKT_LINK_KEYS.map((k) => k.id),
    },
    'worker running',
  );
  try {
    await worker.run();
  } finally {
    await courier.stop();
    await connection.close();
    await clientConnection.close();
    mailer.close();
    await db.destroy();
  }
  log.info('worker stopped');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error('worker failed:', error);
  process.exit(1);
});
