import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { claimStateFolder, claimTemporaryRun, stopOrphanedRuns } from './leftovers.ts';
import { startMailSink, type MailSink } from './mailSink.ts';
import { freePorts } from './ports.ts';
import { startEmbeddedPostgres, type PostgresHandle } from './postgres.ts';
import { ensureTemporalCli } from './temporalCli.ts';
import { startTemporalDevServer, type DevServer } from './temporalServer.ts';

export interface LocalStack {
  temporal: DevServer;
  postgres: PostgresHandle;
  mail: MailSink;
  /** With `web`: the port for the caller's web server, chosen and kept with the others. */
  webPort: number | undefined;
  /** Stops every component even if some fail to stop; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The ports a developer expects (Temporal's own defaults, maildev's defaults, and 5433
 * rather than 5432 so that a system PostgreSQL can keep its port).
 */
const DEFAULT_PORTS = { temporal: 7233, temporalUi: 8233, postgres: 5433, smtp: 1025, mailWeb: 1080, web: 8080 } as const;
type PortName = keyof typeof DEFAULT_PORTS;
type Ports = Partial<Record<PortName, number>>;

/** In the state folder: the ports of the last start, taken again by the next one when free. */
const PORTS_FILE = 'ports.json';

/**
 * Starts Temporal, PostgreSQL and the mail sink side by side. With `stateDir`, workflows,
 * rows and mails survive restarts (that folder is reused as it is), and so do the ports;
 * without it, everything lives in a temporary folder deleted at stop. Either way, what an
 * earlier start that was killed left running is stopped first (see leftovers.ts).
 */
export async function startLocalStack(opts: {
  stateDir?: string;
  /** Use the usual ports when free (else free ones, with a log line); otherwise free ports only. */
  preferDefaultPorts: boolean;
  headless?: boolean;
  /** Also choose a port for a web server the caller starts (`webPort`). */
  web?: boolean;
  /** The Temporal CLI to run; by default `ensureTemporalCli()`, which builds it when missing. */
  cliPath?: string;
  /** A PostgreSQL database to use instead of starting one. */
  postgresUrl?: string;
  log?: (line: string) => void;
}): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const cliPath = opts.cliPath ?? (await ensureTemporalCli({ log }));
  const persistent = opts.stateDir !== undefined;
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-stack-'));
  await fsp.mkdir(stateDir, { recursive: true });
  const removeTemporaryState = async () => {
    if (!persistent) await fsp.rm(stateDir, { recursive: true, force: true });
  };
  const ledger = await stopOrphanedRuns(log)
    .then(() => (persistent ? claimStateFolder(stateDir, log) : claimTemporaryRun([stateDir])))
    .catch(async (error: unknown) => {
      await removeTemporaryState();
      throw error;
    });

  const portsFile = path.join(stateDir, PORTS_FILE);
  const previousPorts = persistent ? readPorts(portsFile) : {};
  const names = (Object.keys(DEFAULT_PORTS) as PortName[]).filter(
    (name) =>
      !(name === 'temporalUi' && opts.headless) &&
      !(name === 'web' && !opts.web) &&
      !(name === 'postgres' && opts.postgresUrl !== undefined),
  );
  const ports = await choosePorts(
    names.map((name) => [name, previousPorts[name] ?? (opts.preferDefaultPorts ? DEFAULT_PORTS[name] : undefined)]),
    log,
  );
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
      ledger,
      log,
    }).then(track('Temporal')),
    opts.postgresUrl !== undefined
      ? Promise.resolve({ url: opts.postgresUrl, stop: async () => {} })
      : startEmbeddedPostgres({ dataDir: path.join(stateDir, 'postgres'), port: ports.postgres, persistent, ledger, log }).then(
          track('PostgreSQL'),
        ),
    startMailSink({ smtpPort: ports.smtp, webPort: ports.mailWeb, mailDir: path.join(stateDir, 'mail'), ledger, log }).then(
      track('mail sink'),
    ),
  ]);

  const release = () => ledger.close().finally(removeTemporaryState);
  if (temporal.status === 'rejected' || postgres.status === 'rejected' || mail.status === 'rejected') {
    const failures = [temporal, postgres, mail].flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    await stopAll(started, log).catch((error: Error) => log(error.message));
    await release();
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, `The local stack could not start:\n${failures.map((f) => `- ${String(f)}`).join('\n')}`);
  }
  if (persistent) await fsp.writeFile(portsFile, `${JSON.stringify({ ...previousPorts, ...ports }, null, 2)}\n`);

  let stopping: Promise<void> | undefined;
  return {
    temporal: temporal.value,
    postgres: postgres.value,
    mail: mail.value,
    webPort: ports.web,
    stop() {
      stopping ??= stopAll(started, log).finally(release);
      return stopping;
    },
  };
}

/**
 * One port per name, the preferred one when free; all are chosen together so that no two
 * components get the same free port.
 */
async function choosePorts(preferred: [PortName, number | undefined][], log: (line: string) => void): Promise<Ports> {
  const chosen = await freePorts(preferred.map(([, port]) => port));
  const ports: Ports = {};
  preferred.forEach(([name, port], i) => {
    ports[name] = chosen[i];
    if (port !== undefined && chosen[i] !== port) log(`Port ${port} (${name}) is taken; using ${chosen[i]} instead.`);
  });
  return ports;
}

/** The ports file of an earlier start; none when missing or unreadable (a start killed while writing it). */
function readPorts(file: string): Ports {
  try {
    const ports = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(ports).filter(([name, port]) => name in DEFAULT_PORTS && Number.isInteger(port)));
  } catch {
    return {};
  }
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
