import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startWorkerProcess } from '../../bench/workerProcess.ts';
import { connectTemporal } from '../../client/temporalConnection.ts';
import { ConfigError, loadWorkerConfig } from '../../worker/config.ts';
import { eventually } from '../support/fixtures.ts';

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

const SECRET = Buffer.alloc(32, 9).toString('base64url');
const KEYS = `new:${SECRET},old:${Buffer.alloc(32, 8).toString('base64url')}`;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tdkt-worker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        'TEMPORAL_ADDRESS: expected host:port, e.g. localhost:7233',
        'DATABASE_URL: missing',
        'TDKT_LINK_KEYS: missing',
        expect.stringMatching(/^SMTP_URL: expected a smtp:\/\/ or smtps:\/\/ URL/),
        expect.stringMatching(/^MAIL_FROM: expected an address/),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
  });

  it('takes defaults for Temporal and the web base URL and treats empty variables as unset', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/tdkt',
      SMTP_URL: 'smtp://mail:25',
      TEMPORAL_ADDRESS: '',
      WEB_BASE_URL: '',
      TDKT_LINK_KEYS: KEYS,
    });
    expect(config).toMatchObject({
      temporal: { address: 'localhost:7233', namespace: 'default', connection: { address: 'localhost:7233' } },
      TEMPORAL_TASK_QUEUE: 'tdkt',
      MAIL_FROM: 'Thi đua – Khen thưởng <tdkt@example.org>',
      WEB_BASE_URL: 'http://localhost:8080',
    });
    expect(config.TDKT_LINK_KEYS.map((k) => k.id)).toEqual(['new', 'old']);
  });

  it('refuses a workflow bundle that is not a file and a cache size that is not a whole number', () => {
    const base = { DATABASE_URL: 'postgres://u:p@db:5432/tdkt', SMTP_URL: 'smtp://mail:25', TDKT_LINK_KEYS: KEYS };
    expect(() =>
      loadWorkerConfig({ ...base, TDKT_WORKFLOW_BUNDLE: '/nonexistent/workflows.js', WORKER_MAX_CACHED_WORKFLOWS: 'many' }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^WORKER_MAX_CACHED_WORKFLOWS: expected a whole number from 0 to 100000/),
          expect.stringMatching(/^TDKT_WORKFLOW_BUNDLE: expected a file made by `npm run bundle-workflows -- FILE`/),
        ],
      }),
    );
    expect(() => loadWorkerConfig({ ...base, TDKT_WORKFLOW_BUNDLE: '/tmp' })).toThrow(/TDKT_WORKFLOW_BUNDLE: expected a file/);
    expect(() => loadWorkerConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '2.5' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS: expected a whole number/,
    );
    expect(loadWorkerConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '300' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(300);
  });

  it('refuses a metrics address that is not an IP address and port, and a log format other than json or pretty', () => {
    const base = { DATABASE_URL: 'postgres://u:p@db:5432/tdkt', SMTP_URL: 'smtp://mail:25', TDKT_LINK_KEYS: KEYS };
    expect(() => loadWorkerConfig({ ...base, WORKER_METRICS_ADDRESS: 'localhost:9464', LOG_FORMAT: 'yaml' })).toThrow(
      expect.objectContaining({
        problems: [
          'LOG_FORMAT: expected json or pretty',
          'WORKER_METRICS_ADDRESS: expected an IP address and port to listen on, e.g. 0.0.0.0:9464 or 127.0.0.1:9464',
        ],
      }),
    );
    for (const bad of [
      '9464',
      '127.0.0.1',
      '127.0.0.1:0',
      '127.0.0.1:65536',
      '256.1.1.1:9464',
      '::1:9464',
      'http://127.0.0.1:9464/metrics',
    ])
      expect(() => loadWorkerConfig({ ...base, WORKER_METRICS_ADDRESS: bad }), bad).toThrow(
        /WORKER_METRICS_ADDRESS: expected an IP address/,
      );
    for (const good of ['0.0.0.0:9464', '127.0.0.1:9464', '[::]:9464', '[::1]:65535'])
      expect(loadWorkerConfig({ ...base, WORKER_METRICS_ADDRESS: good }).WORKER_METRICS_ADDRESS).toBe(good);
    expect(loadWorkerConfig({ ...base, LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    const defaults = loadWorkerConfig(base);
    expect(defaults.LOG_FORMAT).toBe('json');
    expect(defaults.WORKER_METRICS_ADDRESS).toBeUndefined();
  });

  it('refuses a bad web base URL or link keys, never repeating a secret', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadWorkerConfig({ DATABASE_URL: 'postgres://u:p@db:5432/tdkt', SMTP_URL: 'smtp://mail:25', ...env });
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    expect(problemsOf({ WEB_BASE_URL: 'javascript:alert(1)', TDKT_LINK_KEYS: KEYS })).toEqual([
      expect.stringMatching(/^WEB_BASE_URL: expected a http:\/\/ or https:\/\/ URL/),
    ]);
    const short = 'c2hvcnQtc2VjcmV0';
    for (const keys of [`k1:${short}`, short, `k1:${SECRET},k1:${SECRET}`]) {
      const problems = problemsOf({ TDKT_LINK_KEYS: keys });
      expect(problems).toEqual([expect.stringMatching(/^TDKT_LINK_KEYS: .*expected id:secret/)]);
      expect(problems.join('\n')).not.toContain(short);
      expect(problems.join('\n')).not.toContain(SECRET);
    }
  });

  it('refuses to start with a bad environment: exit code 2 and the list of problems', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: 'nowhere', SMTP_URL: 'smtp://127.0.0.1:1025' });
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toContain('invalid worker configuration:\n  - TEMPORAL_ADDRESS: expected host:port');
    expect(worker.output()).toContain('  - DATABASE_URL: missing');
    const noProfile = startWorker({ TEMPORAL_CONFIG_FILE: path.join(scratch, 'absent.toml'), DATABASE_URL: 'postgres://u:p@db/tdkt' });
    expect(await noProfile.exited).toBe(2);
    expect(noProfile.output()).toContain(
      `invalid worker configuration:\n  - TEMPORAL_CONFIG_FILE: cannot read ${path.join(scratch, 'absent.toml')}`,
    );
  });

  it('runs against the real servers and stops cleanly on SIGTERM', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: inject('databaseUrl'),
      SMTP_URL: inject('smtpUrl'),
      TDKT_LINK_KEYS: inject('linkKeys'),
      TEMPORAL_TASK_QUEUE: 'worker-test',
    });
    const deadline = Date.now() + 30_000;
    while (!worker.output().includes('worker running') && Date.now() < deadline) {
      if (worker.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.output()).toContain('worker running');
    // The key ids are logged, never the secrets.
    expect(worker.output()).not.toContain(inject('linkKeys').split(':')[1]);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('worker stopped');
  });

  it('finds Temporal by a profile of TEMPORAL_CONFIG_FILE, its API key never logged', { timeout: 120_000 }, async () => {
    const apiKey = `tdkt-key-${Buffer.alloc(12, 5).toString('hex')}`;
    const profiles = path.join(scratch, 'temporal.toml');
    // The API key would turn TLS on, which the test server does not speak.
    writeFileSync(
      profiles,
      `[profile.worker]\naddress = "${inject('temporalAddress')}"\nnamespace = "default"\napi_key = "${apiKey}"\n[profile.worker.tls]\ndisabled = true\n`,
    );
    const logged: string[] = [];
    const worker = await startWorkerProcess({
      script: 'worker/main.ts',
      env: {
        // Empty is unset: the profile alone says where Temporal is.
        TEMPORAL_ADDRESS: '',
        TEMPORAL_NAMESPACE: '',
        TEMPORAL_CONFIG_FILE: profiles,
        TEMPORAL_PROFILE: 'worker',
        TEMPORAL_TASK_QUEUE: 'worker-profile-test',
        DATABASE_URL: inject('databaseUrl'),
        SMTP_URL: inject('smtpUrl'),
        TDKT_LINK_KEYS: inject('linkKeys'),
        TDKT_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        LOG_LEVEL: 'info',
      },
      ready: '"worker running"',
      log: (line) => logged.push(line),
      timeoutMs: 60_000,
    });
    // Polling the test run's Temporal, as this process (the SDK's identity is pid@host), not whatever answers on the default address.
    const connection = await connectTemporal({ address: inject('temporalAddress') });
    try {
      const pollers = await eventually(
        'the worker polls its task queue',
        async () =>
          (
            await connection.workflowService.describeTaskQueue({
              namespace: 'default',
              taskQueue: { name: 'worker-profile-test' },
              // temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
              taskQueueType: 1,
            })
          ).pollers,
        (found) => found.some((poller) => poller.identity?.startsWith(`${worker.pid}@`)),
      );
      expect(pollers.map((poller) => poller.identity)).toContainEqual(expect.stringMatching(new RegExp(`^${worker.pid}@`)));
    } finally {
      await connection.close();
      await worker.stop();
    }
    expect(logged.join('\n')).not.toContain(apiKey);
  });
});
