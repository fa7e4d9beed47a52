import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

// A worker in a process of its own, so that its resident memory is the worker's alone: in the
// bench's process it would also count the web server, the mail sink's store and the simulated
// participants. Linux reports the process's peak (VmHWM), read before it stops.

export interface WorkerProcess {
  pid: number;
  /** The process's peak resident memory so far, in bytes (null where /proc does not exist). */
  peakRssBytes(): number | null;
  /** SIGTERM (the worker drains), then SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: no drain. Resolves once the process is gone. */
  kill(): Promise<void>;
}

/** VmHWM of a running process, from /proc/<pid>/status. */
export function peakRssOf(pid: number): number | null {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `script` with this Node and resolves once a line of its output contains `ready`. Its
 * warnings and errors, and anything on stderr, are passed to `log`.
 */
export async function startWorkerProcess(opts: {
  script: string;
  args?: string[];
  env: Record<string, string>;
  ready: string;
  log: (line: string) => void;
  /** Every line of its stdout, as it comes (its log, for a test that reads it). */
  stdout?: (line: string) => void;
  timeoutMs?: number;
  /** What its lines are labelled with in `log` (default "worker"). */
  label?: string;
}): Promise<WorkerProcess> {
  const label = opts.label ?? 'worker';
  const child = spawn(process.execPath, [opts.script, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`)),
  );
  // A worker outliving the program that started it would keep taking its tasks.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const quoted = (line: string) => opts.log(`[${label} ${child.pid}] ${line.slice(0, 500)}`);
  readline.createInterface({ input: child.stderr }).on('line', quoted);
  const ready = new Promise<void>((resolve) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      opts.stdout?.(line);
      if (line.includes(opts.ready)) resolve();
      // pino's JSON (level 40 is warn), LOG_FORMAT=pretty's lines ("…Z INFO  …") or the SDK's own
      // ("[INFO] …"): warnings and errors only.
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level ? Number(level) >= 40 : !/\[(INFO|DEBUG|TRACE)\]|^\S+Z (INFO|DEBUG|TRACE) /.test(line)) quoted(line);
    });
  });
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready'),
    exited,
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`not ready after ${timeoutMs / 1000} s`), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the ${label} process (${opts.script}) ${outcome}`);
  }
  const pid = child.pid!;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  let stopping: Promise<void> | undefined;
  return {
    pid,
    peakRssBytes: () => peakRssOf(pid),
    stop() {
      stopping ??= (async () => {
        if (gone()) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
  };
}
