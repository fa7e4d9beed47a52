import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendAudit } from '../../activities/audit.ts';
import { EXIT_CODE_MEANINGS, ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId } from '../../domain/ids.ts';
import { freePort } from '../../infra/ports.ts';
import { copySeedCluster, fastCycle, REPS, startStandaloneRound, waitForRound } from '../support/fixtures.ts';
import { recordCounts } from '../support/recordCounts.ts';
import { scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { HOSTILE_CASES, HTML_REASON, type HostileCase, type HostileFile, type HostileWorld } from '../support/hostileCases.ts';

// Every row of test/support/hostileCases.ts through the real tdkt process against the test run's
// servers: its exit code, one line on stderr with no stack trace, and with --json one JSON object
// on stdout; the refused rows leave no row and no outbox mail in the cycles they went to, and the
// accepted ones (spam, links) are quarantined. Then what the rows cannot say alone: every documented exit code has a row, the
// README's table is the source's, a cycle no worker picked up shows in `pending` and `cycle list`,
// and stored text reaches `tdkt audit` escaped.

let h: Harness;
let world: Omit<HostileWorld, 'file'>;
const hangUp: Server = createServer((socket) => socket.destroy());
const dying: Server[] = [];
let before: Record<string, number>;
/** The refused rows that tdkt stopped before it reached Temporal (the rest were stopped behind it). */
const stoppedByTdkt = new Set<string>();

/**
 * A Temporal that dies mid-call: a proxy to the test run's server that lets a client's first gRPC
 * call through (tdkt's check of the namespace) and, when the second one starts (an HTTP/2 HEADERS
 * frame on the client's side), closes every connection and stops listening.
 */
async function dyingTemporal(): Promise<string> {
  const [host, port] = inject('temporalAddress').split(':');
  const sockets: Socket[] = [];
  let calls = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(port), host);
    sockets.push(client, upstream);
    // The client's bytes as HTTP/2 frames (after the 24-byte preface): 9-byte header, length first, type 1 = HEADERS.
    let pending = Buffer.alloc(0);
    let skip = 24;
    client.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      let forward = 0;
      for (;;) {
        if (skip > 0) {
          const taken = Math.min(skip, pending.length - forward);
          skip -= taken;
          forward += taken;
          if (skip > 0) break;
        }
        if (pending.length - forward < 9) break;
        if (pending[forward + 3] === 1 && ++calls > 1) {
          upstream.write(pending.subarray(0, forward));
          for (const socket of sockets) socket.destroy();
          server.close();
          return;
        }
        skip = 9 + pending.readUIntBE(forward, 3);
      }
      upstream.write(pending.subarray(0, forward));
      pending = pending.subarray(forward);
    });
    upstream.on('data', (data) => client.write(data));
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => undefined);
      a.on('close', () => b.destroy());
    }
  });
  dying.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const scratch = scratchFolders('tdkt-hostile-');
const code = () => `H-${randomBytes(4).toString('hex').toUpperCase()}`;

/** A cycle of a copy of the seed cluster whose pledge round is open for the whole file's run. */
async function openCycle(): Promise<string> {
  const cluster = await copySeedCluster(h.db);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 300_000));
  await waitForRound(h.client, cluster, 'open');
  return cycleId(cluster, 2018);
}

beforeAll(async () => {
  h = await startHarness();
  await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
  const open = {
    opensAt: new Date().toISOString(),
    deadline: new Date(Date.now() + 600_000).toISOString(),
    remindBefore: [],
    late: { mode: 'refuse' as const },
  };
  const [running, ended, reporting, scoring, quarantine] = await Promise.all([
    openCycle(),
    openCycle(),
    startStandaloneRound(h, 'report', open),
    startStandaloneRound(h, 'score', open),
    startStandaloneRound(h, 'report', open),
  ]);
  const dyingServers = await Promise.all(
    Array.from({ length: HOSTILE_CASES.filter((row) => row.name.includes('while Temporal dies')).length }, dyingTemporal),
  );
  await signPledge(h.client, { cycleId: running, unit: 'DBI', signer: REPS.DBI });
  await h.client.workflow.getHandle(ended).terminate('the hostile cases need an ended cycle');
  // A council whose id does not match its input fails at once: a workflow at a cycle id that is not a cycle.
  const notACycle = cycleId(code(), 2018);
  await h.client.workflow
    .start('councilSession', { taskQueue: h.taskQueue, workflowId: notACycle, args: [{ province: 'X', year: 2018 }] })
    .then((w) => w.result())
    .catch(() => undefined);
  const noWorkerQueue = `no-worker-${randomBytes(4).toString('hex')}`;
  const registeredCluster = code();
  // Registered as `cycle start` does it, without waiting: no worker polls that queue, so it says so at once.
  await expect(startCycle(h.client, noWorkerQueue, fastCycle(registeredCluster, 60_000), 0)).rejects.toMatchObject({
    exitCode: ExitCode.noWorker,
  });
  world = {
    running,
    ended,
    notACycle,
    unknownCluster: code(),
    freshCluster: code,
    noWorkerQueue,
    registeredCluster,
    httpServer: new URL(inject('mailWebUrl')).host,
    hangUpServer: `127.0.0.1:${(hangUp.address() as AddressInfo).port}`,
    closedPort: `127.0.0.1:${await freePort()}`,
    dyingServer: () => dyingServers.shift()!,
    reporting: reporting.cycleId,
    scoring: scoring.cycleId,
    quarantine: quarantine.cycleId,
  };
  before = await recordCounts(h.db, refusedCycles());
}, 90_000);

/** The cycles the refused rows go to: nothing may be added there. */
const refusedCycles = () => [world.running, world.ended, world.reporting, world.scoring];
afterAll(async () => {
  await h?.close();
  hangUp.close();
  for (const server of dying) server.close();
  scratch.removeAll();
});

function makeFile(at: string, file: HostileFile): void {
  if ('text' in file) writeFileSync(at, file.text);
  else if ('directory' in file) mkdirSync(at);
  else execFileSync('mkfifo', [at]);
}

/** Runs a row with --json: the message is on stderr either way, and stdout then holds the JSON. */
async function run(row: HostileCase, override: Record<string, string> = {}) {
  const dir = scratch.make();
  for (const [name, file] of Object.entries(row.files ?? {})) makeFile(path.join(dir, name), file);
  const w: HostileWorld = { ...world, file: (name) => path.join(dir, name) };
  const env = { ...stackEnv(h.taskQueue), ...row.env?.(w), ...override };
  return tdktWith(() => env)('--json', ...row.args(w));
}

// The rows are independent processes; several run at once (some wait out a connection that never answers).
describe.concurrent('tdkt with hostile input (test/support/hostileCases.ts)', () => {
  it.each(HOSTILE_CASES.map((row) => [row.name, row] as const))('%s', { timeout: 60_000 }, async (_, row) => {
    const result = await run(row);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(row.exitCode);
    if (row.exitCode === ExitCode.ok) {
      expect(result.stdout).toContain(row.message);
      return;
    }
    // A usage error found by the argument parser adds where to look: the one line of usage.
    const lines = result.stderr
      .trimEnd()
      .replace(/\n\(run with --help for usage\)$/, '')
      .split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toContain(row.message);
    expect(result.stdout.trimEnd().split('\n'), result.stdout).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: expect.stringContaining(row.message),
      reason: expect.any(String),
      exitCode: row.exitCode,
    });
    // Which layer stopped it: tdkt itself when it ends the same with Temporal out of reach (it never asked).
    if (row.exitCode === ExitCode.unreachable) return;
    const offline = await run(row, { TEMPORAL_ADDRESS: world.closedPort });
    if (offline.code === row.exitCode && offline.stderr.includes(row.message)) stoppedByTdkt.add(row.name);
  });
});

describe('what the hostile rows left behind', () => {
  it('added no row and no outbox mail to the cycles the refused rows went to', async () => {
    expect(await recordCounts(h.db, refusedCycles())).toEqual(before);
  });

  it('quarantined every accepted report with its fragments', async () => {
    const rows = await h.db
      .selectFrom('report_quarantine')
      .select(['unit_code', 'fragments'])
      .where('cycle_id', '=', world.quarantine)
      .orderBy('unit_code')
      .execute();
    expect(rows).toEqual([
      { unit_code: 'DBI', fragments: ['bầu cua', 'tôm cá'] },
      { unit_code: 'DBP', fragments: ['bầucua', 'tômcá'] },
      { unit_code: 'MAN', fragments: ['bâu cua', 'tôm ca'] },
      { unit_code: 'MLA', fragments: ['https://nhacai.vn/dang-ky'] },
      { unit_code: 'TGI', fragments: ['bầu cua', 'tôm cá'] },
    ]);
  });

  it('mails an accepted reason with HTML escaped in the HTML part, as typed in the text part, with no CR or LF in a subject', async () => {
    const [notice] = await h.db
      .selectFrom('email_outbox')
      .select(['subject', 'html_body', 'text_body'])
      .where('cycle_id', '=', world.quarantine)
      .where('person_id', '=', REPS.TGI)
      .where('key', 'like', '%:extension:%')
      .execute();
    expect(notice?.html_body).toContain('Mưa lũ &lt;b&gt;kéo dài&lt;/b&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; sạt lở');
    expect(notice?.html_body).not.toMatch(/<b>kéo|<script>alert/);
    expect(notice?.text_body).toContain(HTML_REASON);
    const subjects = await h.db
      .selectFrom('email_outbox')
      .select('subject')
      .where('cycle_id', 'in', [...refusedCycles(), world.quarantine])
      .execute();
    expect(subjects.length).toBeGreaterThan(0);
    for (const { subject } of subjects) expect(subject).not.toMatch(/[\r\n]/);
  });

  it('counts its rows by the layer that stopped them, and has a case for every documented exit code', () => {
    const refused = HOSTILE_CASES.filter((row) => row.exitCode !== ExitCode.ok);
    const down = refused.filter((row) => row.exitCode === ExitCode.unreachable).length;
    const quarantined = HOSTILE_CASES.filter((row) => row.accepted).length;
    console.log(
      `CLI corpus: ${HOSTILE_CASES.length} rows; ${stoppedByTdkt.size} stopped by tdkt itself, ` +
        `${refused.length - stoppedByTdkt.size - down} by the workflows behind it (validators, unknown or closed workflows), ` +
        `${down} a component down (exit code 11); ${quarantined} accepted (spam and links quarantined, HTML mailed escaped)`,
    );
    expect(stoppedByTdkt.size).toBeGreaterThan(0);
    expect(refused.length - stoppedByTdkt.size - down).toBeGreaterThan(0);
    expect(new Set(HOSTILE_CASES.map((row) => row.name)).size).toBe(HOSTILE_CASES.length);
    expect([...new Set(HOSTILE_CASES.map((row) => row.exitCode))].sort((a, b) => a - b)).toEqual(Object.values(ExitCode));
  });
});

describe.concurrent('tdkt beside the hostile rows', () => {
  it("keeps the README's exit-code table the source's", () => {
    // The table under "| code | meaning |", to its first blank line (other tables have numbered rows too).
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('| code | meaning |')).split('\n\n')[0]!;
    const rows = [...table.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map(([, c, meaning]) => [Number(c), meaning]);
    expect(rows).toEqual(Object.entries(EXIT_CODE_MEANINGS).map(([c, meaning]) => [Number(c), meaning]));
  });

  it('shows a cycle no worker has picked up in cycle list and pending, in text and JSON', async () => {
    const tdkt = tdktWith(() => stackEnv(h.taskQueue));
    const id = cycleId(world.registeredCluster, 2018);
    const listed = await tdkt('cycle', 'list', '--cluster', world.registeredCluster);
    expect(listed.stdout).toContain(`not picked up by any worker (task queue ${world.noWorkerQueue})`);
    expect(JSON.parse((await tdkt('--json', 'cycle', 'list', '--cluster', world.registeredCluster)).stdout)).toEqual([
      expect.objectContaining({
        cycleId: id,
        status: 'running',
        notPickedUp: { taskQueue: world.noWorkerQueue, status: 'not picked up by any worker' },
      }),
    ]);
    const pending = await tdkt('pending', '--cluster', world.registeredCluster);
    expect(pending.stdout).toMatch(new RegExp(`an administrator +not picked up by any worker +${id}`));
    expect(JSON.parse((await tdkt('--json', 'pending', '--cluster', world.registeredCluster)).stdout)).toEqual([
      {
        workflowId: id,
        task: 'not picked up by any worker',
        who: 'an administrator',
        command: `npm run worker (TEMPORAL_TASK_QUEUE=${world.noWorkerQueue})`,
      },
    ]);
  });

  it('prints a stored reason with a line break on one audit row, and stored escape sequences escaped', async () => {
    const tdkt = tdktWith(() => stackEnv(h.taskQueue));
    // A reason may hold line breaks (it is multi-line text); escape sequences are refused on the way
    // in (a row above), so one stored before that check is written straight into the audit log.
    const forged = 'Mưa lũ\n13:31:00 ngày 02/12/2026  dbi.binh  score.adjusted  TGI  giả';
    const extended = await tdkt(
      'round',
      'extend',
      '--cycle',
      world.running,
      '--round',
      'pledge',
      '--unit',
      'TGI',
      '--until',
      new Date(Date.now() + 900_000).toISOString(),
      '--reason',
      forged,
      '--by',
      'snv.ha',
    );
    expect(extended.code, extended.stderr).toBe(ExitCode.ok);
    await appendAudit(h.db, {
      key: `${world.running}:hostile-escape`,
      cycleId: world.running,
      actor: 'snv.ha',
      action: 'round.extended',
      subject: 'TGI',
      details: { reason: '\u001b[31mđỏ\u001b[0m' },
      occurredAt: new Date(),
    });
    const audit = await tdkt('audit', '--cycle', world.running, '--action', 'round.extended');
    expect(audit.code, audit.stderr).toBe(ExitCode.ok);
    expect(audit.stdout).not.toContain('\u001b');
    const lines = audit.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain('Mưa lũ\\n13:31:00 ngày 02/12/2026  dbi.binh  score.adjusted  TGI  giả');
    expect(lines[3]).toContain('\\u001b[31mđỏ\\u001b[0m');
    expect(lines[4]).toBe('2 event(s); --json for every detail');
  });
});
