import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMailSink, type MailSink } from './mailSink.ts';
import { freePorts } from './ports.ts';
import { startEmbeddedPostgres, type PostgresHandle } from './postgres.ts';
import { ensureTemporalCli } from './temporalCli.ts';
import { startTemporalDevServer, type DevServer } from './temporalServer.ts';

export interface LocalStack {
  temporal: DevServer;
  postgres: PostgresHandle;
  mail: MailSink;
  /** Stops every component even if some fail to stop; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The ports a developer expects (Temporal's own defaults, maildev's defaults, and 5433
 * rather than 5432 so that a system PostgreSQL can keep its port).
 */
const DEFAULT_PORTS = { temporal: 7233, temporalUi: 8233, postgres: 5433, smtp: 1025, mailWeb: 1080 } as const;
type PortName = keyof typeof DEFAULT_PORTS;

/**
 * Starts Temporal, PostgreSQL and the mail sink side by side. With `stateDir`, workflows,
 * rows and mails survive restarts (that folder is reused as it is); without it,
 * everything lives in a temporary folder deleted at stop.
 */
export async function startLocalStack(opts: {
  stateDir?: string;
  /** Use the usual ports when free (else free ones, with a log line); otherwise free ports only. */
  preferDefaultPorts: boolean;
  headless?: boolean;
  log?: (line: string) => void;
}): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const cliPath = await ensureTemporalCli({ log });
  const persistent = opts.stateDir !== undefined;
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-stack-'));
  await fsp.mkdir(stateDir, { recursive: true });
  const removeTemporaryState = async () => {
    if (!persistent) await fsp.rm(stateDir, { recursive: true, force: true });
  };

  const ports = await choosePorts(opts.preferDefaultPorts, opts.headless ?? false, log);
  const started: { name: string; stop(): Promise<void> }[] = [];
  const track =
    <T extends { stop(): Promise<void> }>(name: string) =>
    (component: T) => {
      started.push({ name, stop: () => component.stop() });
      return component;
    };
  const [temporal, postgres, mail] = await Promise.allSettled([
    startTemporalDevServer({
      cliPath,
      port: ports.temporal,
      uiPort: ports.temporalUi,
      headless: opts.headless,
      dbFile: persistent ? path.join(stateDir, 'temporal.db') : undefined,
      log,
    }).then(track('Temporal')),
    startEmbeddedPostgres({ dataDir: path.join(stateDir, 'postgres'), port: ports.postgres, persistent, log }).then(track('PostgreSQL')),
    startMailSink({ smtpPort: ports.smtp, webPort: ports.mailWeb, mailDir: path.join(stateDir, 'mail'), log }).then(track('mail sink')),
  ]);

  if (temporal.status === 'rejected' || postgres.status === 'rejected' || mail.status === 'rejected') {
    const failures = [temporal, postgres, mail].flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    await stopAll(started, log).catch((error: Error) => log(error.message));
    await removeTemporaryState();
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, `The local stack could not start:\n${failures.map((f) => `- ${String(f)}`).join('\n')}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    temporal: temporal.value,
    postgres: postgres.value,
    mail: mail.value,
    stop() {
      stopping ??= stopAll(started, log).finally(removeTemporaryState);
      return stopping;
    },
  };
}

/** All ports are chosen together so that no two components get the same free port. */
async function choosePorts(
  preferDefaults: boolean,
  headless: boolean,
  log: (line: string) => void,
): Promise<Partial<Record<PortName, number>>> {
  const names = (Object.keys(DEFAULT_PORTS) as PortName[]).filter((name) => !(headless && name === 'temporalUi'));
  const chosen = await freePorts(names.map((name) => (preferDefaults ? DEFAULT_PORTS[name] : undefined)));
  const ports: Partial<Record<PortName, number>> = {};
  names.forEach((name, i) => {
    ports[name] = chosen[i];
    if (preferDefaults && chosen[i] !== DEFAULT_PORTS[name]) {
      log(`Port ${DEFAULT_PORTS[name]} (${name}) is taken; using ${chosen[i]} instead.`);
    }
  });
  return ports;
}

/** Stops everything in parallel, then reports every failure at once. */
async function stopAll(components: { name: string; stop(): Promise<void> }[], log: (line: string) => void): Promise<void> {
  const results = await Promise.allSettled(components.map((component) => component.stop()));
  const failures = results.flatMap((result, i) =>
    result.status === 'rejected' ? [`${components[i]!.name}: ${String(result.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(`Some components did not stop cleanly:\n- ${failures.join('\n- ')}`);
  log('Local stack stopped.');
}
