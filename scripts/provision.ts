import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { chromiumVersion, ensureChromium } from '../infra/chromium.ts';
import { startMailSink } from '../infra/mailSink.ts';
import { startEmbeddedPostgres } from '../infra/postgres.ts';
import { ensureTemporalCli } from '../infra/temporalCli.ts';
import { startTemporalDevServer } from '../infra/temporalServer.ts';

// Gets the components ready before anything times out on them: CI runs this before the tests
// so that the first-time 3-minute build of the Temporal CLI and the 30-second install of
// Chromium (for the browser tests) happen here, visibly, and a component that cannot start is
// reported by name rather than as a test timeout. Each check starts the component for real,
// then stops it.

const indent = (line: string) => console.log(`    ${line}`);

async function timed<T>(run: () => Promise<T>): Promise<[T, string]> {
  const start = performance.now();
  const result = await run();
  return [result, `${((performance.now() - start) / 1000).toFixed(1)} s`];
}

async function provision(): Promise<void> {
  const [cliPath, cliTime] = await timed(() => ensureTemporalCli({ log: indent }));
  const { stdout } = await promisify(execFile)(cliPath, ['--version']);
  console.log(`Temporal CLI   ${stdout.trim()} at ${cliPath} (${cliTime})`);

  const [chromiumPath, chromiumTime] = await timed(() => ensureChromium({ log: indent }));
  const [, launchTime] = await timed(async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<p>ok</p>');
      await page.textContent('p');
    } finally {
      await browser.close();
    }
  });
  console.log(
    `Chromium       ${await chromiumVersion(chromiumPath)} at ${chromiumPath} (${chromiumTime}), started and stopped (${launchTime})`,
  );

  const [, temporalTime] = await timed(async () => {
    const server = await startTemporalDevServer({ cliPath, headless: true });
    await server.stop();
  });
  console.log(`Temporal       dev server started and stopped (${temporalTime})`);

  const tempDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-provision-'));
  try {
    const [version, postgresTime] = await timed(async () => {
      const postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'postgres'), persistent: false });
      try {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        const { rows } = await client.query<{ server_version: string }>('show server_version');
        await client.end();
        return rows[0]?.server_version;
      } finally {
        await postgres.stop();
      }
    });
    console.log(`PostgreSQL     ${version} initialised, started and stopped (${postgresTime})`);
  } finally {
    await fsp.rm(tempDir, { recursive: true, force: true });
  }

  const [, mailTime] = await timed(async () => {
    const mail = await startMailSink();
    await mail.stop();
  });
  console.log(`Mail sink      maildev started and stopped (${mailTime})`);
}

provision().catch((error: unknown) => {
  console.error(`Provisioning failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
