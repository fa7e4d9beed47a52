import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, inject } from 'vitest';

// Running the tdkt command as an operator does: a real process, its output and its exit code.

const run = promisify(execFile);
const TDKT = path.resolve('bin/tdkt');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment that points tdkt at the test run's servers and a harness's task queue. */
export function stackEnv(taskQueue: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: inject('databaseUrl'),
  };
}

/** A tdkt runner with the environment `env()` gives at call time (set in beforeAll). */
export function tdktWith(env: () => NodeJS.ProcessEnv): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await run(TDKT, args, { env: env() });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as CliResult;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

/** Temporary folders for input files; `removeAll` in afterAll. */
export function scratchFolders(prefix: string): { make(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Assertions on a runner's commands: one that must succeed (its stdout), one that must be refused. */
export function cliChecks(tdkt: (...args: string[]) => Promise<CliResult>) {
  return {
    async ok(...args: string[]): Promise<string> {
      const result = await tdkt(...args);
      expect(result.code, `tdkt ${args.join(' ')}\n${result.stderr}`).toBe(0);
      return result.stdout;
    },
    /** Refused with `code` and a message (on stderr) containing `message`. */
    async refused(code: number, message: string, ...args: string[]): Promise<void> {
      const result = await tdkt(...args);
      expect(result.code, `tdkt ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(code);
      expect(result.stderr, args.join(' ')).toContain(message);
    },
  };
}
