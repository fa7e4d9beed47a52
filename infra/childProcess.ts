import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { ProcessLedger } from './leftovers.ts';

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
 * Starts a long-running helper process (Temporal dev server, maildev). The process is sent
 * SIGTERM when ours exits (normally, by an uncaught error or process.exit; a signal we do
 * not handle kills us without notice), so a failed test run or demo does not leave servers
 * holding ports.
 *
 * With `recordIn`, the process is recorded in that ledger (as `name`, described as `label`) so that
 * a later start stops it should ours be killed, and its output goes to `<ledger>/<name>.log` rather than
 * to a pipe: when a killed parent's end of a pipe closes, the next line written to it kills a Go
 * program (the Temporal CLI exits on EPIPE from stdout or stderr) or a Node one (an unhandled
 * EPIPE), at some random moment. With a file, a killed stack's components all keep running, the
 * same way, until the next start stops them cleanly. Without `recordIn`, every output line goes to
 * `log` prefixed with `name`.
 */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  opts: { log: (line: string) => void; env?: NodeJS.ProcessEnv; recordIn?: { ledger: ProcessLedger; label: string } },
): Child {
  const outputFile = opts.recordIn && path.join(opts.recordIn.ledger.dir, `${name}.log`);
  const output = outputFile ? fs.openSync(outputFile, 'w') : 'pipe';
  const child = spawn(command, args, { stdio: ['ignore', output, output], env: opts.env ?? process.env });
  if (typeof output === 'number') fs.closeSync(output);
  if (opts.recordIn && child.pid !== undefined) opts.recordIn.ledger.record(name, opts.recordIn.label, child.pid);

  const tail: string[] = [];
  let stopRequested = false;
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    // What a server says while we stop it (dropped connections, cancelled polls) is noise.
    if (!stopRequested) opts.log(`[${name}] ${line}`);
  };
  if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', onLine);

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
  }).then(() => opts.recordIn?.ledger.forget(name));

  // Only synchronous work is possible in an 'exit' listener: sending the signal is enough.
  const killOnParentExit = () => child.kill('SIGTERM');
  process.on('exit', killOnParentExit);
  void exited.then(() => process.off('exit', killOnParentExit));

  return {
    exitStatus: () => status,
    recentOutput: () => (outputFile ? lastLines(outputFile) : tail.join('\n')),
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

function lastLines(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
  } catch {
    return '';
  }
}
