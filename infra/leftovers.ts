import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { cacheDir } from './cacheDir.ts';
import { processStart, stopProcess } from './processes.ts';

// A stack killed with SIGKILL (the OOM killer, `kill -9`) or by a signal it does not handle (SIGHUP
// from a closed terminal) runs no code on its way out, and its components keep running. A process
// cannot be made to die with its parent portably (Linux's PR_SET_PDEATHSIG is out of Node's reach,
// and a watchdog process can be killed the same way), so the one shape that always works is this:
// every long-lived process a stack starts is recorded in a ledger, a folder of small JSON files,
// and the next start stops what a dead owner left behind before it takes the ports and data folders
// back. A persistent stack keeps its ledger in its state folder; runs on temporary folders (the
// demo, the test run) keep theirs under the cache folder, where the next start finds them.

/** A process an earlier start may have left running. */
interface ProcessRecord {
  /** For the log line: "the Temporal dev server". */
  label: string;
  pid: number;
  /** `processStart(pid)` when recorded: a pid the OS gave to another process since is never signalled. */
  started: string;
  /** What shuts it down cleanly (PostgreSQL's fast shutdown is SIGINT). */
  stopSignal: NodeJS.Signals;
}

/** The process that keeps a ledger, and the temporary folders to delete once it is gone. */
interface Owner {
  pid: number;
  started: string;
  remove?: string[];
}

export interface ProcessLedger {
  /** The ledger's folder; components write their output there (`<name>.log`), not to our pipes. */
  dir: string;
  /** Records the process `pid` as component `name` (a file name) while it runs. */
  record(name: string, label: string, pid: number, stopSignal?: NodeJS.Signals): void;
  /** The component stopped (or died): nothing to clean up any more. */
  forget(name: string): void;
  /** After a clean stop: the ledger is released (records of components that did not stop stay for the next start). */
  close(): Promise<void>;
}

const OWNER_FILE = 'owner.json';
/** How long a leftover gets to shut down cleanly before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * The ledger of the stack on `stateDir`. Fails when a stack that is still running holds it; otherwise
 * stops whatever the ledger says an earlier, killed stack left running (one log line each).
 */
export async function claimStateFolder(stateDir: string, log: (line: string) => void): Promise<ProcessLedger> {
  const dir = path.join(stateDir, 'processes');
  await fsp.mkdir(dir, { recursive: true });
  const ownerFile = path.join(dir, OWNER_FILE);
  // 'wx' creates the file only if it does not exist, so two stacks started at once cannot both claim it.
  for (let attempt = 1; ; attempt++) {
    try {
      fs.writeFileSync(ownerFile, JSON.stringify(thisProcess()), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 2) throw error;
    }
    const owner = readJson<Owner>(ownerFile);
    if (owner && isRunning(owner)) {
      throw new Error(
        `The state folder ${stateDir} is in use by a stack that is still running (process ${owner.pid}): stop it first (Ctrl-C where it runs, or kill ${owner.pid}), or give another state folder.`,
      );
    }
    await fsp.rm(ownerFile, { force: true });
  }
  await stopLeftovers(dir, log);
  return ledger(dir, () => fsp.rm(ownerFile, { force: true }));
}

/**
 * Stops what runs on temporary folders left under the cache folder when their process is gone (a
 * killed demo or test run), and deletes their temporary folders; runs still going are left alone.
 * Every start does this first, so that a killed demo's servers do not keep the usual ports.
 */
export async function stopOrphanedRuns(log: (line: string) => void): Promise<void> {
  const runs = runsDir();
  for (const name of fs.existsSync(runs) ? await fsp.readdir(runs) : []) {
    const dir = path.join(runs, name);
    const owner = readJson<Owner>(path.join(dir, OWNER_FILE));
    // No owner file yet: a run writing it right now.
    if (!owner || isRunning(owner)) continue;
    await stopLeftovers(dir, log);
    for (const folder of owner.remove ?? []) await fsp.rm(folder, { recursive: true, force: true });
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A ledger under the cache folder for a run on temporary folders. `remove`: those folders, which a
 * later run deletes should this one be killed.
 */
export async function claimTemporaryRun(remove: string[]): Promise<ProcessLedger> {
  await fsp.mkdir(runsDir(), { recursive: true });
  const dir = await fsp.mkdtemp(path.join(runsDir(), `${process.pid}-`));
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ ...thisProcess(), remove } satisfies Owner));
  return ledger(dir, async () => {
    // A component that did not stop keeps the run's folder, and a later run stops it once we are gone.
    if (recordFiles(dir).length === 0) await fsp.rm(dir, { recursive: true, force: true });
  });
}

function runsDir(): string {
  return path.join(cacheDir(), 'runs');
}

function ledger(dir: string, close: () => Promise<void>): ProcessLedger {
  return {
    dir,
    record(name, label, pid, stopSignal = 'SIGTERM') {
      const started = processStart(pid);
      if (started === undefined) return; // Already gone: its own start fails and says why.
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ label, pid, started, stopSignal } satisfies ProcessRecord));
    },
    forget(name) {
      fs.rmSync(path.join(dir, `${name}.json`), { force: true });
    },
    close,
  };
}

/** Stops, in parallel, every recorded process that still runs; the records go either way. */
async function stopLeftovers(dir: string, log: (line: string) => void): Promise<void> {
  await Promise.all(
    recordFiles(dir).map(async (file) => {
      const record = readJson<ProcessRecord>(path.join(dir, file));
      if (record) {
        const stopped = await stopProcess(record.pid, record.started, record.stopSignal, STOP_GRACE_MS).catch((error: Error) => {
          throw new Error(`Could not stop ${record.label} (pid ${record.pid}) left running by an earlier start: ${error.message}`);
        });
        if (stopped) log(`Stopped ${record.label} (pid ${record.pid}), left behind by an earlier start that was killed.`);
      }
      await fsp.rm(path.join(dir, file), { force: true });
    }),
  );
}

function recordFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((file) => file.endsWith('.json') && file !== OWNER_FILE);
}

function thisProcess(): Owner {
  return { pid: process.pid, started: processStart(process.pid)! };
}

function isRunning(owner: Owner): boolean {
  return processStart(owner.pid) === owner.started;
}

/** `undefined` for a missing file or a half-written one (its writer was killed mid-write). */
function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
