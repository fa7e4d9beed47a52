import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedReferenceData } from '../db/seed.ts';
import { linkKeysFromEnvOrState } from '../infra/linkKeys.ts';
import { startLocalStack, type LocalStack } from '../infra/localStack.ts';
import type { LinkSettings } from '../activities/mail/links.ts';
import { DEFAULT_TASK_QUEUE } from '../worker/createWorker.ts';
import { DEFAULT_MAIL_FROM, DEFAULT_WEB_BASE_URL } from '../worker/config.ts';
import { startInProcessWorker, type InProcessWorker } from '../worker/inProcess.ts';

// The demo and `npm run stack` share this: the three real components, the schema and reference
// data, and a worker running in this process on the default task queue.

export interface LocalRuntime extends Omit<InProcessWorker, 'close'> {
  stack: LocalStack;
  /** `export` lines for the tdkt CLI, empty when the stack got its default ports. */
  cliEnvironment: string[];
  /** The web server's base URL and the task-link keys the worker signs with (the web server needs the same). */
  links: LinkSettings;
  stop(): Promise<void>;
}

export async function startLocalRuntime(opts: { stateDir?: string; log: (line: string) => void }): Promise<LocalRuntime> {
  const stack = await startLocalStack({
    stateDir: opts.stateDir,
    preferDefaultPorts: true,
    log: (line) => (/taken|Building|go: /.test(line) ? opts.log(line) : undefined),
  });
  try {
    const db = connectDatabase(stack.postgres.url);
    try {
      const applied = await migrateToLatest(db);
      if (applied.length) opts.log(`database schema created (${applied.join(', ')})`);
      await seedReferenceData(db);
    } finally {
      await db.destroy();
    }
    // The links the mails carry: WEB_BASE_URL and TDKT_LINK_KEYS when set, else the local web
    // server and a key kept in the state directory (one for this run when there is none).
    const links: LinkSettings = {
      baseUrl: process.env.WEB_BASE_URL || DEFAULT_WEB_BASE_URL,
      keys: linkKeysFromEnvOrState(opts.stateDir),
    };
    // shutdownSignals: [] — stopping is ours (stop() below), in order: worker, connections, components.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const worker = await startInProcessWorker({
      temporalAddress: stack.temporal.address,
      databaseUrl: stack.postgres.url,
      smtpUrl: stack.mail.smtpUrl,
      mailFrom: DEFAULT_MAIL_FROM,
      taskQueue: DEFAULT_TASK_QUEUE,
      links,
    });
    const cliEnvironment = [
      ...(/:7233$/.test(stack.temporal.address) ? [] : [`export TEMPORAL_ADDRESS=${stack.temporal.address}`]),
      ...(stack.temporal.uiUrl && !/:8233\/?$/.test(stack.temporal.uiUrl) ? [`export TEMPORAL_UI_URL=${stack.temporal.uiUrl}`] : []),
      ...(/:5433\/tdkt$/.test(stack.postgres.url) ? [] : [`export DATABASE_URL='${stack.postgres.url}'`]),
    ];
    let stopping: Promise<void> | undefined;
    return {
      ...worker,
      stack,
      cliEnvironment,
      links,
      stop() {
        stopping ??= worker.close().finally(() => stack.stop());
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
