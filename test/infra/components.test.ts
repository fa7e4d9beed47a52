import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../infra/localStack.ts';
import { startMailSink } from '../../infra/mailSink.ts';
import { acceptsConnections, freePort } from '../../infra/ports.ts';
import { startEmbeddedPostgres } from '../../infra/postgres.ts';
import { ensureTemporalCli } from '../../infra/temporalCli.ts';
import { startTemporalDevServer } from '../../infra/temporalServer.ts';
import { SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes.ts';

// Starts each real component and checks the behaviour the rest of the project relies on.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-infra-test-'));
  cleanups.push(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function customSearchAttributes(address: string): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('freePort', () => {
  it('returns the preferred port when it is free, another one when it is taken', async () => {
    const preferred = await freePort();
    expect(await freePort(preferred)).toBe(preferred);

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(preferred, '127.0.0.1', resolve));
    try {
      const other = await freePort(preferred);
      expect(other).not.toBe(preferred);
      expect(other).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('embedded Postgres', () => {
  it('answers queries, and a second start on the same persistent data folder keeps the data', async () => {
    const dataDir = path.join(await tempDir(), 'postgres');

    const first = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await query(first.url, "create table pledge (title text); insert into pledge values ('Giao ước thi đua')");
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      expect(await query(second.url, 'select title, upper(title) as upper from pledge')).toEqual([
        { title: 'Giao ước thi đua', upper: 'GIAO ƯỚC THI ĐUA' },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('deletes the data folder of a non-persistent instance at stop', async () => {
    const dataDir = path.join(await tempDir(), 'postgres');
    const postgres = await startEmbeddedPostgres({ dataDir, persistent: false, database: 'other' });
    expect(postgres.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/other$/);
    expect(await query(postgres.url, 'select current_database() as db')).toEqual([{ db: 'other' }]);
    await postgres.stop();
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe('mail sink', () => {
  it('receives a mail with a Vietnamese subject and gives it back decoded, with its headers', async () => {
    const sink = await startMailSink();
    cleanups.push(() => sink.stop());
    const transport = nodemailer.createTransport(sink.smtpUrl);
    cleanups.push(() => Promise.resolve(transport.close()));

    await transport.sendMail({
      from: 'Ban Thi đua – Khen thưởng <tdkt@example.org>',
      to: 'Nguyễn Văn An <an@example.org>, binh@example.org',
      subject: 'Giao ước thi đua năm 2025',
      text: 'Kính gửi các đồng chí,\nĐề nghị ký giao ước thi đua.',
    });
    const [mail] = await sink.waitFor((all) => all.length === 1);

    expect(mail).toMatchObject({
      subject: 'Giao ước thi đua năm 2025',
      from: 'tdkt@example.org',
      to: ['an@example.org', 'binh@example.org'],
      text: expect.stringContaining('Đề nghị ký giao ước thi đua.'),
    });
    expect(mail!.headers['message-id']).toMatch(/^<.+@example\.org>$/);
    expect(mail!.headers['content-type']).toMatch(/^text\/plain; charset=utf-8$/i);
    expect(Number.isNaN(Date.parse(mail!.date))).toBe(false);

    await sink.clear();
    expect(await sink.messages()).toEqual([]);
  });
});

describe('Temporal dev server', () => {
  it('starts from ensureTemporalCli() with every search attribute of the project registered', async () => {
    const cliPath = await ensureTemporalCli();
    const server = await startTemporalDevServer({ cliPath, headless: true });
    cleanups.push(() => server.stop());

    expect(server.namespace).toBe('default');
    expect(server.uiUrl).toBeUndefined();
    const attributes = await customSearchAttributes(server.address);
    for (const { name } of SEARCH_ATTRIBUTES) expect(attributes).toHaveProperty(name);
  });

  it('registers the search attributes missing from a database file made by an older version', async () => {
    const cliPath = await ensureTemporalCli();
    const dbFile = path.join(await tempDir(), 'temporal.db');
    // The CLI applies --search-attribute only when it creates the namespace, i.e. the file.
    const oldPort = await freePort();
    const old = spawn(
      cliPath,
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(oldPort),
        '--db-filename',
        dbFile,
        '--search-attribute',
        'TdktCluster=Keyword',
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(() => Promise.resolve(void old.kill('SIGKILL')));
    await expect
      .poll(() => customSearchAttributes(`127.0.0.1:${oldPort}`).catch(() => ({})), { timeout: 20_000, interval: 200 })
      .toHaveProperty('TdktCluster');
    old.kill('SIGTERM');
    await new Promise((resolve) => old.once('exit', resolve));

    const server = await startTemporalDevServer({ cliPath, dbFile, headless: true });
    cleanups.push(() => server.stop());
    expect(Object.keys(await customSearchAttributes(server.address)).sort()).toEqual(SEARCH_ATTRIBUTES.map((a) => a.name).sort());
  });
});

describe('local stack', () => {
  it('starts the three components on one state folder, stops them all, and tolerates a second stop', async () => {
    const stateDir = path.join(await tempDir(), 'stack');
    const stack = await startLocalStack({ stateDir, preferDefaultPorts: false, headless: true });
    cleanups.push(() => stack.stop());

    expect(await query(stack.postgres.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await stack.mail.messages()).toEqual([]);
    expect(Object.keys(await customSearchAttributes(stack.temporal.address))).toEqual(
      expect.arrayContaining(SEARCH_ATTRIBUTES.map((a) => a.name)),
    );

    await stack.stop();
    await stack.stop();
    const smtpPort = Number(new URL(stack.mail.smtpUrl).port);
    expect(await acceptsConnections(smtpPort)).toBe(false);
    for (const kept of ['temporal.db', 'postgres/PG_VERSION', 'mail']) {
      expect(fs.existsSync(path.join(stateDir, kept))).toBe(true);
    }
  });
});
