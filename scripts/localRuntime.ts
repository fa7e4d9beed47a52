import { DefaultLogger, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedReferenceData } from '../db/seed.ts';
import { linkKeysFromEnvOrState } from '../infra/linkKeys.ts';
import { startLocalStack, type LocalStack } from '../infra/localStack.ts';
import type { LinkSettings } from '../activities/mail/links.ts';
import { loadWebConfig } from '../web/config.ts';
import { startWebServer, type RunningWeb } from '../web/server.ts';
import { DEFAULT_TASK_QUEUE } from '../worker/createWorker.ts';
import { DEFAULT_MAIL_FROM, DEFAULT_WEB_BASE_URL } from '../worker/config.ts';
import { connectClient, startInProcessWorker, type InProcessWorker } from '../worker/inProcess.ts';
import { parseLinkKeys } from '../taskLinks/taskLink.ts';
import { createMailer } from '../infra/mailer.ts';

// The demo and `npm run stack` share this: the three real components, the schema and reference
// data, a worker running in this process on the default task queue (unless asked not to: the
// bench runs its worker in a process of its own) and, when asked, the participants' web server
// (on port 8080 when free).

export interface LocalRuntime extends Omit<InProcessWorker, 'close' | 'worker'> {
  stack: LocalStack;
  /** `export` lines for the tdkt CLI, empty when the stack got its default ports. */
  cliEnvironment: string[];
  /** The web server's base URL and the task-link keys the worker signs with (the web server needs the same). */
  links: LinkSettings;
  /** The web server, when started (`web: true`); `baseUrl` is what links point to. */
  web?: RunningWeb & { baseUrl: string };
  stop(): Promise<void>;
}

export async function startLocalRuntime(opts: {
  stateDir?: string;
  log: (line: string) => void;
  web?: boolean;
  /** `false`: no worker in this process, only the client and the database pool (default true). */
  worker?: boolean;
}): Promise<LocalRuntime> {
  const stack = await startLocalStack({
    stateDir: opts.stateDir,
    preferDefaultPorts: true,
    web: opts.web,
    log: (line) => (/taken|left behind|stale|Building|go: /.test(line) ? opts.log(line) : undefined),
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
    // The links' key and the web pages' address are settled before the worker starts: its mails carry them.
    const linkKeys = await linkKeysFromEnvOrState(opts.stateDir);
    const webPort = stack.webPort;
    const webConfig =
      webPort === undefined
        ? undefined
        : loadWebConfig({
            TEMPORAL_ADDRESS: stack.temporal.address,
            DATABASE_URL: stack.postgres.url,
            SMTP_URL: stack.mail.smtpUrl,
            MAIL_FROM: DEFAULT_MAIL_FROM,
            WEB_BASE_URL: `http://localhost:${webPort}`,
            TDKT_LINK_KEYS: linkKeys,
            // A local stack is for trials: the console's start page takes compressed and JSON calendars (the demo's secretariat starts its years so).
            TDKT_WEB_ALLOW_TEST_CALENDAR: 'true',
          });
    // The links the mails carry point at this web server when it runs, else at WEB_BASE_URL (default localhost:8080).
    const links: LinkSettings = {
      baseUrl: webConfig?.WEB_BASE_URL ?? (process.env.WEB_BASE_URL || DEFAULT_WEB_BASE_URL),
      keys: parseLinkKeys(linkKeys),
    };
    // shutdownSignals: [] — stopping is ours (stop() below), in order: web, worker, connections, components.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const worker =
      opts.worker === false
        ? await connectClient({ temporalAddress: stack.temporal.address, databaseUrl: stack.postgres.url, taskQueue: DEFAULT_TASK_QUEUE })
        : await startInProcessWorker({
            temporalAddress: stack.temporal.address,
            databaseUrl: stack.postgres.url,
            smtpUrl: stack.mail.smtpUrl,
            mailFrom: DEFAULT_MAIL_FROM,
            taskQueue: DEFAULT_TASK_QUEUE,
            links,
          });
    let web: LocalRuntime['web'];
    let closeWeb = async () => {};
    if (webConfig) {
      const mailer = createMailer(webConfig.SMTP_URL);
      try {
        const log = pino({ level: 'warn' }, pino.destination(2));
        const running = await startWebServer(
          { db: worker.db, temporal: worker.client, config: webConfig, mailer, log },
          { port: webConfig.WEB_PORT },
        );
        web = { ...running, baseUrl: webConfig.WEB_BASE_URL };
        closeWeb = async () => {
          await running.close();
          mailer.close();
        };
      } catch (error) {
        mailer.close();
        await worker.close();
        throw error;
      }
    }
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
      ...(web ? { web } : {}),
      stop() {
        stopping ??= closeWeb()
          .catch((error: unknown) => opts.log(`the web server did not stop cleanly: ${String(error)}`))
          .then(() => worker.close())
          .finally(() => stack.stop());
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
