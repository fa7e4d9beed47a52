import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { ConfigError, loadWorkerConfig } from '../../worker/config.ts';

// `npm run worker`: configuration checked at start with every problem listed at once, and a
// clean stop on SIGTERM.

function startWorker(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['worker/main.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('worker configuration', () => {
  it('lists every missing or malformed value in one error', () => {
    const error = (() => {
      try {
        loadWorkerConfig({ TEMPORAL_ADDRESS: 'localhost', SMTP_URL: 'http://mail', MAIL_FROM: 'no address', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        'TEMPORAL_ADDRESS: expected host:port, e.g. localhost:7233',
        'DATABASE_URL: missing',
        expect.stringMatching(/^SMTP_URL: expected a smtp:\/\/ or smtps:\/\/ URL/),
        expect.stringMatching(/^MAIL_FROM: expected an address/),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
  });

  it('takes defaults for Temporal and treats empty variables as unset', () => {
    const config = loadWorkerConfig({ DATABASE_URL: 'postgres://u:p@db:5432/tdkt', SMTP_URL: 'smtp://mail:25', TEMPORAL_ADDRESS: '' });
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'tdkt',
      MAIL_FROM: 'Thi đua – Khen thưởng <tdkt@example.org>',
    });
  });

  it('refuses to start with a bad environment: exit code 2 and the list of problems', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: 'nowhere', SMTP_URL: 'smtp://127.0.0.1:1025' });
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toContain('invalid worker configuration:\n  - TEMPORAL_ADDRESS: expected host:port');
    expect(worker.output()).toContain('  - DATABASE_URL: missing');
  });

  it('runs against the real servers and stops cleanly on SIGTERM', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: inject('databaseUrl'),
      SMTP_URL: inject('smtpUrl'),
      TEMPORAL_TASK_QUEUE: 'worker-test',
    });
    const deadline = Date.now() + 30_000;
    while (!worker.output().includes('worker running') && Date.now() < deadline) {
      if (worker.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.output()).toContain('worker running');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('worker stopped');
  });
});
