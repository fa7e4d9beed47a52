import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** How many output lines are kept to explain a process that died. */
const TAIL_LINES = 30;
/** How long a process gets to shut down cleanly after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

export interface Child {
  /** `undefined` while the process runs. */
  exitStatus(): ExitStatus | undefined;
  /** The last lines of stdout and stderr, for error messages. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a long-running helper process (Temporal dev server, maildev) whose every
 * output line goes to `log` prefixed with `name`. The process is sent SIGTERM when ours
 * exits (normally, by an uncaught error or process.exit; a signal we do not handle kills
 * us without notice), so a failed test run or demo does not leave servers holding ports.
 */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  opts: { log: (line: string) => void; env?: NodeJS.ProcessEnv },
): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });

  const tail: string[] = [];
  let stopRequested = false;
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    // What a server says while we stop it (dropped connections, cancelled polls) is noise.
    if (!stopRequested) opts.log(`[${name}] ${line}`);
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);

  let status: ExitStatus | undefined;
  // 'close' rather than 'exit': it comes after the output is drained, so the tail is complete.
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      status ??= { code: null, signal: null, error };
      resolve();
    });
    child.once('close', (code, signal) => {
      status ??= { code, signal };
      resolve();
    });
  });

  // Only synchronous work is possible in an 'exit' listener: sending the signal is enough.
  const killOnParentExit = () => child.kill('SIGTERM');
  process.on('exit', killOnParentExit);
  void exited.then(() => process.off('exit', killOnParentExit));

  return {
    exitStatus: () => status,
    recentOutput: () => tail.join('\n'),
    async stop() {
      if (status) return;
      stopRequested = true;
      child.kill('SIGTERM');
      const forceKill = setTimeout(() => {
        opts.log(`[${name}] did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM; killing it`);
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(forceKill);
    },
  };
}

/** "exited with code 1" / "was killed by SIGKILL" / "could not be started: spawn x ENOENT". */
export function describeExit(status: ExitStatus): string {
  if (status.error) return `could not be started: ${status.error.message}`;
  if (status.signal) return `was killed by ${status.signal}`;
  return `exited with code ${status.code}`;
}
