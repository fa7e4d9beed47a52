import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

// Finding a process again from a record made by an earlier run, and stopping it. A pid alone is
// not enough: once a process is gone the OS hands its pid to another one (containers count from
// 1 again at every start), so a record also keeps the process's start time, and a process is
// "the same" only when both match.

/** How often a process that was signalled is checked for. */
const POLL_MS = 100;
/** How long a process that ignored its stop signal gets after SIGKILL. */
const KILL_WAIT_MS = 5_000;

/**
 * The start time of process `pid` as the OS reports it (an opaque string: together with the pid it
 * names one process for good), or `undefined` when no such process runs. A zombie counts as gone.
 */
export function processStart(pid: number): string | undefined {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
    // "pid (name) state ppid … starttime …": the name may hold spaces and parentheses, so the fields
    // are counted from the last ')'; the state is field 3 and the start time (in clock ticks since
    // boot) field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  }
  const line = ps(pid, 'stat=,lstart=');
  return line === undefined || line.startsWith('Z') ? undefined : line.slice(line.indexOf(' ') + 1).trim();
}

/** The command line of process `pid` (arguments joined by spaces), or `undefined` when it is gone. */
export function processCommand(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return undefined;
    }
  }
  return ps(pid, 'args=');
}

/**
 * Stops the process `pid` if it is still the one that started at `started`: `signal`, up to
 * `graceMs` for it to exit, then SIGKILL. Resolves to whether there was anything to stop; rejects
 * when even SIGKILL did not end it (it belongs to a user this process may not signal, or hangs in
 * the kernel).
 */
export async function stopProcess(pid: number, started: string, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
  const alive = () => processStart(pid) === started;
  if (!alive() || !send(pid, signal)) return false;
  if (await exitedWithin(alive, graceMs)) return true;
  send(pid, 'SIGKILL');
  if (await exitedWithin(alive, KILL_WAIT_MS)) return true;
  throw new Error(`process ${pid} did not exit after ${signal} and SIGKILL`);
}

/** `false` when the process was already gone. */
function send(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

async function exitedWithin(alive: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!alive()) return true;
  }
  return false;
}

/** One `ps` column set for one process (systems without /proc, e.g. macOS). */
function ps(pid: number, columns: string): string | undefined {
  try {
    return (
      execFileSync('ps', ['-o', columns, '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    // ps exits with 1 when there is no such process.
    return undefined;
  }
}
