import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { claimStateFolder } from '../../infra/leftovers.ts';
import { connectMailSink } from '../../infra/mailSink.ts';
import { freePorts } from '../../infra/ports.ts';
import { startEmbeddedPostgres } from '../../infra/postgres.ts';
import { processStart, stopProcess } from '../../infra/processes.ts';
import { ensureTemporalCli } from '../../infra/temporalCli.ts';
import { waitUntil } from '../../infra/waitUntil.ts';

// The local stack killed with SIGKILL (as the OOM killer or `kill -9` would): its servers outlive it,
// and the next start must stop them and come back on the same ports and state by itself. Real
// processes on loopback; every child this file starts is killed in afterEach, whatever happened.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 90_000;
const COMPONENTS = ['temporal', 'postgres', 'maildev'] as const;

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

interface Recorded {
  pid: number;
  started: string;
  stopSignal: NodeJS.Signals;
}

const children: ChildProcess[] = [];
/** Every server a start in this file recorded: stopped after each test should one be left (only if still that process). */
const recorded: Recorded[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const record of recorded.splice(0)) await stopProcess(record.pid, record.started, record.stopSignal, 5_000);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-leftovers-test-'));
  cleanups.push(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of every child: its own cache folder (so runs of other people are never touched), our Temporal CLI. */
async function childEnv(cache: string): Promise<NodeJS.ProcessEnv> {
  return { ...process.env, TDKT_CACHE_DIR: cache, TEMPORAL_CLI_PATH: await ensureTemporalCli() };
}

function startNode(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the child's output matches `pattern`; fails at once, with that output, if it exits first. */
async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<string> {
  await waitUntil(`output matching ${String(pattern)}`, () => Promise.resolve(pattern.test(started.output()) || undefined), {
    timeoutMs,
    abort: () =>
      started.child.exitCode !== null || started.child.signalCode !== null
        ? new Error(`The process exited (${started.child.exitCode ?? started.child.signalCode}) with:\n${started.output()}`)
        : undefined,
  });
  return started.output();
}

/** `npm run stack`'s own script on `stateDir`, once it printed its addresses. */
async function startStack(stateDir: string, env: NodeJS.ProcessEnv) {
  const started = startNode(['scripts/stack.ts', '--state-dir', stateDir], env);
  const output = await waitForOutput(started, /Press Ctrl-C to stop\./);
  const line = (label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(output)![1]!;
  const addresses = {
    temporal: line('Temporal'),
    temporalUi: line('Temporal Web UI'),
    postgres: line('PostgreSQL'),
    smtp: line('Mail \\(SMTP\\)'),
    inbox: line('Mail inbox'),
    web: line('Web pages'),
  };
  return { ...started, addresses, records: recordsIn(path.join(stateDir, 'processes')) };
}

/** The process records of a ledger folder, by component; each is kept for afterEach. */
function recordsIn(dir: string): Record<string, Recorded> {
  const records: Record<string, Recorded> = {};
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (file.endsWith('.json') && file !== 'owner.json') {
      const record = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Recorded;
      records[file.slice(0, -'.json'.length)] = record;
      recorded.push(record);
    }
  }
  return records;
}

const isRunning = (record: Recorded) => processStart(record.pid) === record.started;

async function killHard(started: Started): Promise<void> {
  started.child.kill('SIGKILL');
  await started.exited;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function withTemporal<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await use(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

describe('npm run stack killed with SIGKILL', () => {
  it('is found by the next start, which stops its leftovers and comes back on the same ports, rows, workflows and mails', async () => {
    const dir = await tempDir();
    const stateDir = path.join(dir, 'stack');
    const env = await childEnv(path.join(dir, 'cache'));
    // Ports of "an earlier start", free ones: the usual ports may be held by someone's stack on this machine.
    const [temporal, temporalUi, postgres, smtp, mailWeb, web] = await freePorts(Array.from({ length: 6 }, () => undefined));
    await fsp.mkdir(stateDir, { recursive: true });
    await fsp.writeFile(path.join(stateDir, 'ports.json'), JSON.stringify({ temporal, temporalUi, postgres, smtp, mailWeb, web }));

    const first = await startStack(stateDir, env);
    expect(first.addresses).toMatchObject({ temporal: `127.0.0.1:${temporal}`, smtp: `smtp://127.0.0.1:${smtp}` });
    expect(Object.keys(first.records).sort()).toEqual([...COMPONENTS].sort());
    const note = `written before kill -9 (${process.pid})`;
    await query(first.addresses.postgres, 'create table leftovers_probe (note text not null)');
    await query(first.addresses.postgres, 'insert into leftovers_probe values ($1)', [note]);
    // No worker polls this task queue: the workflow stays running, as a cycle waiting for its worker would.
    const workflowId = `leftovers-probe-${process.pid}`;
    await withTemporal(first.addresses.temporal, (client) =>
      client.workflow.start('leftoversProbe', { taskQueue: 'leftovers-probe', workflowId, args: [] }),
    );
    const transport = nodemailer.createTransport(first.addresses.smtp);
    await transport.sendMail({ from: 'tdkt@example.org', to: 'an@example.org', subject: 'Trước kill -9', text: note });
    transport.close();

    await killHard(first);
    // The premise: the stack's servers outlive it.
    for (const name of COMPONENTS) expect(isRunning(first.records[name]!), `${name} outlives the stack`).toBe(true);

    // A start while they run on the folder: it stops them, one line each, and takes the same ports.
    const second = await startStack(stateDir, env);
    for (const name of COMPONENTS) {
      const { pid } = first.records[name]!;
      expect(second.output()).toMatch(new RegExp(`^Stopped .*\\(pid ${pid}\\), left behind by an earlier start that was killed\\.$`, 'm'));
      expect(isRunning(first.records[name]!), `the first start's ${name} is gone`).toBe(false);
    }
    expect(second.output()).not.toMatch(/is taken/);
    expect(second.addresses).toEqual(first.addresses);
    expect(await query(second.addresses.postgres, 'select note from leftovers_probe')).toEqual([{ note }]);
    const description = await withTemporal(second.addresses.temporal, (client) => client.workflow.getHandle(workflowId).describe());
    expect(description.status.name).toBe('RUNNING');
    const mails = await connectMailSink(second.addresses.inbox).messages();
    expect(mails.map((mail) => mail.subject)).toEqual(['Trước kill -9']);

    // A third start on a folder a running stack holds fails in one line, and leaves that stack alone.
    const third = startNode(['scripts/stack.ts', '--state-dir', stateDir], env);
    expect(await third.exited).toBe(1);
    expect(third.output()).toContain(
      `stack failed: The state folder ${stateDir} is in use by a stack that is still running (process ${second.child.pid})`,
    );
    expect(third.output()).not.toMatch(/^\s+at /m);
    expect(await query(second.addresses.postgres, 'select count(*)::int as n from leftovers_probe')).toEqual([{ n: 1 }]);

    // Ctrl-C stops everything it started and leaves no record behind.
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    for (const name of COMPONENTS) expect(isRunning(second.records[name]!), `${name} stopped with the stack`).toBe(false);
    expect(recordsIn(path.join(stateDir, 'processes'))).toEqual({});
  });
});

/** A run of the local stack on temporary folders (the demo's and the test run's shape), as a script. */
const TEMPORARY_RUN = `
import { startLocalStack } from ${JSON.stringify(path.join(ROOT, 'infra/localStack.ts'))};
const stack = await startLocalStack({ preferDefaultPorts: false, headless: true, log: (line) => console.log(line) });
console.log('ready ' + stack.postgres.url);
process.once('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
`;

/** The run folders under `cache`: their owner (its pid and temporary folders) and process records. */
function runsIn(cache: string): { owner: { pid: number; remove: string[] }; records: Record<string, Recorded> }[] {
  const runs = path.join(cache, 'runs');
  return fs.readdirSync(runs).map((name) => ({
    owner: JSON.parse(fs.readFileSync(path.join(runs, name, 'owner.json'), 'utf8')) as { pid: number; remove: string[] },
    records: recordsIn(path.join(runs, name)),
  }));
}

describe('a run on temporary folders (the demo, the test run) killed with SIGKILL', () => {
  it('has its servers stopped and its folders deleted by the next run, while runs still going are left alone', async () => {
    const cache = path.join(await tempDir(), 'cache');
    const env = await childEnv(cache);
    const startRun = async () => {
      const run = startNode(['--input-type=module', '-e', TEMPORARY_RUN], env);
      const url = /^ready (\S+)$/m.exec(await waitForOutput(run, /^ready /m))![1]!;
      const mine = runsIn(cache).find(({ owner }) => owner.pid === run.child.pid)!;
      return { ...run, url, ...mine };
    };

    const killed = await startRun();
    const alive = await startRun();
    expect(alive.output()).not.toMatch(/left behind/);
    expect(Object.keys(killed.records).sort()).toEqual([...COMPONENTS].sort());
    await killHard(killed);
    for (const name of COMPONENTS) expect(isRunning(killed.records[name]!), `${name} outlives its run`).toBe(true);

    const next = await startRun();
    for (const name of COMPONENTS) {
      expect(next.output()).toContain(`(pid ${killed.records[name]!.pid}), left behind by an earlier start that was killed.`);
      expect(isRunning(killed.records[name]!), `the killed run's ${name} is gone`).toBe(false);
    }
    expect(next.output().match(/left behind/g)).toHaveLength(COMPONENTS.length);
    for (const folder of killed.owner.remove) expect(fs.existsSync(folder), `${folder} is deleted`).toBe(false);
    expect(
      runsIn(cache)
        .map(({ owner }) => owner.pid)
        .sort(),
    ).toEqual([alive.child.pid, next.child.pid].sort());
    for (const name of COMPONENTS) expect(isRunning(alive.records[name]!), `the running run's ${name} is left alone`).toBe(true);
    expect(await query(alive.url, 'select 1 as one')).toEqual([{ one: 1 }]);

    for (const run of [alive, next]) {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      for (const folder of run.owner.remove) expect(fs.existsSync(folder)).toBe(false);
    }
    expect(fs.readdirSync(path.join(cache, 'runs'))).toEqual([]);
  });
});

/** A process that starts PostgreSQL on `dataDir` with a row in it, without a ledger: killed, it leaves an unrecorded server. */
const UNRECORDED_POSTGRES = (dataDir: string) => `
import pg from 'pg';
import { startEmbeddedPostgres } from ${JSON.stringify(path.join(ROOT, 'infra/postgres.ts'))};
const postgres = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true });
const client = new pg.Client({ connectionString: postgres.url });
await client.connect();
await client.query('create table kept (n int); insert into kept values (7)');
await client.end();
console.log('ready ' + postgres.url);
`;

describe("PostgreSQL's postmaster.pid left by a server that was killed", () => {
  it('names a server still running on the folder, which a stack stops; a pid now used by another program is a stale lock, removed', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'postgres');
    // Killed before its stack could record its server (or by the code from before the ledger).
    const owner = startNode(['--input-type=module', '-e', UNRECORDED_POSTGRES(dataDir)], process.env);
    const url = /^ready (\S+)$/m.exec(await waitForOutput(owner, /^ready /m))![1]!;
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const orphan: Recorded = { pid, started: processStart(pid)!, stopSignal: 'SIGINT' };
    recorded.push(orphan);
    await killHard(owner);
    expect(isRunning(orphan)).toBe(true);

    // Outside a stack, nothing tells whose server it is: the start says which one to stop.
    await expect(startEmbeddedPostgres({ dataDir, persistent: true })).rejects.toThrow(
      new RegExp(`^PostgreSQL \\(pid ${pid}\\) is already running on the data folder ${dataDir}: stop it`),
    );
    expect(await query(url, 'select n from kept')).toEqual([{ n: 7 }]);

    // A stack's own state folder (claimed: no running stack holds it): the server is a leftover, stopped.
    const ledger = await claimStateFolder(path.join(dir, 'state'), () => {});
    cleanups.push(() => ledger.close());
    const lines: string[] = [];
    const second = await startEmbeddedPostgres({ dataDir, persistent: true, ledger, log: (line) => lines.push(line) });
    cleanups.push(() => second.stop());
    expect(lines).toContain(`Stopped PostgreSQL (pid ${pid}), left behind by an earlier start that was killed.`);
    expect(isRunning(orphan)).toBe(false);
    expect(await query(second.url, 'select n from kept')).toEqual([{ n: 7 }]);
    await second.stop();

    // What a killed server leaves, naming a pid that some other program has now.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(other);
    await fsp.writeFile(path.join(dataDir, 'postmaster.pid'), `${other.pid}\n${dataDir}\n1796304086\n5432\n\n127.0.0.1\n`);
    lines.length = 0;
    const third = await startEmbeddedPostgres({ dataDir, persistent: true, log: (line) => lines.push(line) });
    cleanups.push(() => third.stop());
    expect(lines).toContain(`[postgres] removed a stale postmaster.pid (its pid ${other.pid} now belongs to another program)`);
    expect(await query(third.url, 'select n from kept')).toEqual([{ n: 7 }]);
  });
});
