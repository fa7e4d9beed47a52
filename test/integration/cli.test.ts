import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { cycleStatusQuery } from '../../workflows/messages.ts';
import { roundStatusQuery } from '../../workflows/messages.ts';
import { copySeedCluster, fastCycle, REPS, waitForRound } from '../support/fixtures.ts';
import { scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// The tdkt command as an operator runs it: a real process, its output and its exit code.

let h: Harness;
let env: NodeJS.ProcessEnv;

const tdkt = tdktWith(() => env);
const scratch = scratchFolders('tdkt-cli-');
const scratchDir = () => scratch.make();

beforeAll(async () => {
  h = await startHarness();
  env = stackEnv(h.taskQueue);
});
afterAll(async () => {
  await h?.close();
  scratch.removeAll();
});

// The tests are independent (each its own cluster copy or none): they run side by side.
describe.concurrent('tdkt', () => {
  it('starts a cycle, refuses a second start, signs, refuses bad signatures and reports status', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const started = await tdkt('--json', 'cycle', 'start', '--cluster', cluster, '--year', '2018', '--compress', 'PT1M');
    expect(started.code).toBe(ExitCode.ok);
    const startedCycle = JSON.parse(started.stdout);
    expect(startedCycle).toMatchObject({ cycleId: id, webUi: expect.stringContaining(encodeURIComponent(id)) });
    // --compress gives the whole year, so a cycle started so reaches its end: the council and the conference too.
    expect(Object.keys(startedCycle.calendar)).toEqual(['launchAt', 'pledge', 'reporting', 'scoring', 'ballot', 'council', 'conference']);
    expect((await h.client.workflow.getHandle(id).query(cycleStatusQuery)).calendar).toMatchObject({
      council: expect.any(Object),
      conference: expect.any(Object),
    });

    const again = await tdkt('cycle', 'start', '--cluster', cluster, '--year', '2018', '--compress', 'PT1M');
    expect(again.code).toBe(ExitCode.alreadyStarted);
    expect(again.stderr).toContain(`the 2018 cycle of ${cluster} was already started`);

    await waitForRound(h.client, cluster, 'open');
    const signed = await tdkt('pledge', 'sign', '--cycle', id, '--unit', 'DBI', '--signer', REPS.DBI);
    expect(signed.code).toBe(ExitCode.ok);
    expect(signed.stdout).toMatch(new RegExp(`^DBI signed the pledge of ${id} at `));
    // The audit log says it came through the CLI (the web pages record 'web').
    const audit = await h.db
      .selectFrom('audit_event')
      .select('details')
      .where('key', '=', `${roundId(id, 'pledge')}:submitted:DBI`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ channel: 'cli' });

    const cases: [string[], number, string][] = [
      [['--unit', 'DBI', '--signer', REPS.DBI], ExitCode.duplicate, 'DBI already submitted'],
      [['--unit', 'MAN', '--signer', REPS.DBI], ExitCode.notAuthorised, 'dbi.binh is not the representative of MAN'],
      [['--unit', 'MAN', '--signer', 'nobody.here'], ExitCode.unknownPerson, 'nobody.here is not a person registered'],
      [['--unit', 'STP', '--signer', 'stp.duc'], ExitCode.notAMember, 'unit STP is not a member'],
    ];
    for (const [args, code, message] of cases) {
      const result = await tdkt('pledge', 'sign', '--cycle', id, ...args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr).toContain(message);
    }
    const asJson = await tdkt('--json', 'pledge', 'sign', '--cycle', id, '--unit', 'DBI', '--signer', REPS.DBI);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ reason: 'Duplicate', exitCode: ExitCode.duplicate });

    const status = await tdkt('--json', 'cycle', 'status', id);
    expect(status.code).toBe(ExitCode.ok);
    const report = JSON.parse(status.stdout);
    expect(report.cycle).toMatchObject({ cycleId: id, phase: 'pledges', chairUnit: 'DBI', deputyUnit: 'MAN' });
    expect(report.rounds[0].units.find((u: { unit: string }) => u.unit === 'DBI')).toMatchObject({ by: REPS.DBI, late: false });
    const text = await tdkt('cycle', 'status', id);
    expect(text.stdout).toContain('submitted 1/5; pending: TGI, MAN, DBP, MLA');
    await h.client.workflow.getHandle(id).terminate('test done');
  });

  it('submits reports from JSON and Markdown files and extends a deadline', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    // The H1 round is open for 12 s: three tdkt processes must fit in it on a loaded machine (6 s did not, once).
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 12_000, 300, { reporting: true }));
    await waitForRound(h.client, cluster, 'open');
    for (const [unit, signer] of Object.entries(REPS)) await signPledge(h.client, { cycleId: id, unit, signer });
    const dir = scratchDir();
    const markdown = path.join(dir, 'so-ket.md');
    writeFileSync(markdown, '# Sơ kết 6 tháng\n\nThu ngân sách đạt 55% dự toán.');
    const json = path.join(dir, 'so-ket.json');
    writeFileSync(json, JSON.stringify({ narrative: 'Sơ kết 6 tháng, bản sửa.', figures: { 'thu ngân sách (%)': 56 } }));

    let opened = '';
    for (let i = 0; i < 300 && opened !== 'open'; i++) {
      opened = await h.client.workflow
        .getHandle(roundId(id, 'report-H1'))
        .query(roundStatusQuery)
        .then(
          (s) => s.phase,
          () => '',
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const first = await tdkt('pledge', 'sign', '--cycle', id, '--unit', 'DBI', '--signer', REPS.DBI);
    expect(first.code).toBe(ExitCode.roundClosed);
    const md = await tdkt(
      'report',
      'submit',
      '--cycle',
      id,
      '--unit',
      'DBI',
      '--period',
      'H1',
      '--submitter',
      REPS.DBI,
      '--file',
      markdown,
    );
    expect(md.code, md.stderr).toBe(ExitCode.ok);
    expect(md.stdout).toContain(`DBI submitted its H1 report of ${id}`);
    const again = await tdkt(
      '--json',
      'report',
      'submit',
      '--cycle',
      id,
      '--unit',
      'DBI',
      '--period',
      'H1',
      '--submitter',
      REPS.DBI,
      '--file',
      json,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ unit: 'DBI', version: 2, late: false });
    const extend = await tdkt(
      'round',
      'extend',
      '--cycle',
      id,
      '--round',
      'H1',
      '--unit',
      'MLA',
      'TGI',
      '--until',
      new Date(Date.now() + 60_000).toISOString(),
      '--reason',
      'Sạt lở đường giao thông',
      '--by',
      'snv.ha',
    );
    expect(extend.code, extend.stderr).toBe(ExitCode.ok);
    expect(extend.stdout).toContain('for MLA, TGI is now');
    const notSecretariat = await tdkt(
      'round',
      'extend',
      '--cycle',
      id,
      '--round',
      'H1',
      '--all',
      '--until',
      new Date(Date.now() + 90_000).toISOString(),
      '--reason',
      'Không có lý do',
      '--by',
      REPS.DBI,
    );
    expect(notSecretariat.code).toBe(ExitCode.notAuthorised);
    const status = await tdkt('cycle', 'status', id);
    expect(status.stdout).toMatch(/report H1 round: (open|late)/);
    const report = JSON.parse((await tdkt('--json', 'cycle', 'status', id)).stdout);
    const h1 = report.rounds.find((r: { period?: string }) => r.period === 'H1');
    expect(h1.units.find((u: { unit: string }) => u.unit === 'DBI')).toMatchObject({ version: 2, late: false });
    expect(h1.units.find((u: { unit: string }) => u.unit === 'MLA')).toMatchObject({ deadline: expect.any(String) });
    await h.client.workflow.getHandle(id).terminate('test done');
  });

  it('refuses bad input with exit code 2 and a message that says what is wrong', async () => {
    const dir = scratchDir();
    const junk = path.join(dir, 'junk.json');
    writeFileSync(junk, 'hình bầu cua tôm cá');
    const backwards = path.join(dir, 'backwards.json');
    writeFileSync(
      backwards,
      JSON.stringify({
        launchAt: '2018-01-15T08:00:00+07:00',
        pledge: { opensAt: '2018-01-15T08:00:00+07:00', deadline: '2018-01-01T08:00:00+07:00', remindBefore: [], late: { mode: 'refuse' } },
      }),
    );
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, `{"x":"${'a'.repeat(200_000)}"}`);
    const report = path.join(dir, 'report.pdf');
    writeFileSync(report, 'not a report');

    const cases: [string[], string][] = [
      [['cycle', 'start', '--cluster', 'DB-VT', '--year', '18'], 'expected a four-digit year'],
      [['cycle', 'start', '--cluster', 'db vt', '--year', '2018'], 'a cluster code is'],
      [['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', junk], 'is not JSON'],
      [
        ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', backwards],
        'pledge.deadline: the deadline must come after opensAt',
      ],
      [['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', huge], 'is too large: the limit is 100,000 bytes'],
      [
        ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', path.join(dir, 'missing.json')],
        'cannot read the calendar file',
      ],
      [['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', junk, '--compress', 'PT1M'], 'cannot be used with option'],
      [['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--compress', 'soon'], 'expected an ISO 8601 duration'],
      [['cycle', 'status', 'DB-VT-2018'], 'a cycle id looks like cycle/<CLUSTER>/<YEAR>'],
      [['pledge', 'sign', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI'], "required option '--signer <person>' not specified"],
      [['pledge', 'sign', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI', '--signer', REPS.DBI, '--request-id', 'a b'], '--request-id'],
      [['frobnicate'], "unknown command 'frobnicate'"],
      [
        ['report', 'submit', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI', '--period', 'H2', '--submitter', REPS.DBI, '--file', junk],
        '--period must be one of Q1, H1, Q3, YEAR',
      ],
      [
        ['report', 'submit', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI', '--period', 'H1', '--submitter', REPS.DBI, '--file', huge],
        'the limit is 65,536 bytes',
      ],
      [
        ['report', 'submit', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI', '--period', 'H1', '--submitter', REPS.DBI, '--file', junk],
        'is not JSON',
      ],
      [
        ['report', 'submit', '--cycle', 'cycle/DB-VT/2018', '--unit', 'DBI', '--period', 'H1', '--submitter', REPS.DBI, '--file', report],
        'must be .json, .md or .txt',
      ],
      [
        [
          'round',
          'extend',
          '--cycle',
          'cycle/DB-VT/2018',
          '--round',
          'H1',
          '--until',
          '2018-07-20T17:00:00+07:00',
          '--reason',
          'Mưa lũ kéo dài',
          '--by',
          'snv.ha',
        ],
        'give either --all or --unit',
      ],
      [
        [
          'round',
          'extend',
          '--cycle',
          'cycle/DB-VT/2018',
          '--round',
          'H1',
          '--all',
          '--until',
          'next week',
          '--reason',
          'Mưa lũ kéo dài',
          '--by',
          'snv.ha',
        ],
        'until: expected an ISO 8601 date-time',
      ],
      [
        [
          'round',
          'extend',
          '--cycle',
          'cycle/DB-VT/2018',
          '--round',
          'H1',
          '--all',
          '--until',
          '2018-07-20T17:00:00+07:00',
          '--reason',
          '\u200b\u200b',
          '--by',
          'snv.ha',
        ],
        'give a reason of at least 5 characters',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await tdkt(...args);
      expect(result.code, args.join(' ')).toBe(ExitCode.usage);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
  });

  it('finds Temporal by a profile of TEMPORAL_CONFIG_FILE, the variables over it, and never prints the API key', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 600_000));
    const address = inject('temporalAddress');
    const apiKey = `tdkt-key-${randomBytes(12).toString('hex')}`;
    const profiles = path.join(scratchDir(), 'temporal.toml');
    writeFileSync(
      profiles,
      `[profile.default]
address = "127.0.0.1:1"

[profile.tests]
address = "${address}"
namespace = "default"

[profile.ghost]
address = "${address}"
namespace = "no-such-namespace"

[profile.junk]
address = "not an address"

# An API key turns TLS on, which the test server does not speak: this profile turns it off again.
[profile.keyed]
address = "${address}"
api_key = "${apiKey}"
[profile.keyed.tls]
disabled = true
`,
    );
    // No TEMPORAL_ADDRESS unless a case sets it: the profile says where Temporal is.
    const withoutAddress = Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'TEMPORAL_ADDRESS'));
    const status = (vars: Record<string, string>) =>
      tdktWith(() => ({ ...withoutAddress, TEMPORAL_CONFIG_FILE: profiles, ...vars }))('--json', 'cycle', 'status', id);

    const viaProfile = await status({ TEMPORAL_PROFILE: 'tests' });
    expect(viaProfile.code, viaProfile.stderr).toBe(ExitCode.ok);
    expect(JSON.parse(viaProfile.stdout)).toMatchObject({ cycle: { cycleId: id, cluster } });

    // The profile's namespace is the one asked for; TEMPORAL_NAMESPACE goes over it.
    const ghost = await status({ TEMPORAL_PROFILE: 'ghost' });
    expect(ghost.code).toBe(ExitCode.unreachable);
    expect(ghost.stderr).toContain(`has no namespace "no-such-namespace": is namespace in profile "ghost" of ${profiles} right`);
    expect((await status({ TEMPORAL_PROFILE: 'ghost', TEMPORAL_NAMESPACE: 'default' })).code).toBe(ExitCode.ok);

    // No TEMPORAL_PROFILE: the default profile; TEMPORAL_ADDRESS goes over its address.
    const nowhere = await status({});
    expect(nowhere.code).toBe(ExitCode.unreachable);
    expect(nowhere.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    expect(nowhere.stderr).toContain(`is address in profile "default" of ${profiles} right?`);
    expect((await status({ TEMPORAL_ADDRESS: address })).code).toBe(ExitCode.ok);

    const junk = await status({ TEMPORAL_PROFILE: 'junk' });
    expect(junk.code).toBe(ExitCode.usage);
    expect(junk.stderr).toContain(`address in profile "junk" of ${profiles}: expected host:port`);
    expect((await status({ TEMPORAL_PROFILE: 'junk', TEMPORAL_ADDRESS: address })).code).toBe(ExitCode.ok);

    // The key goes with the calls and never into the output, whether the server answers or TLS (which the key
    // brings when nothing turns it off) fails on the test server.
    const keyed = await status({ TEMPORAL_PROFILE: 'keyed' });
    expect(keyed.code, keyed.stderr).toBe(ExitCode.ok);
    const keyedTls = await status({ TEMPORAL_PROFILE: 'keyed', TEMPORAL_TLS: 'true' });
    expect(keyedTls.code).toBe(ExitCode.unreachable);
    expect(keyedTls.stderr).toContain(`cannot reach Temporal at ${address}`);
    for (const run of [keyed, keyedTls]) expect(`${run.stdout}${run.stderr}`).not.toContain(apiKey);
    await h.client.workflow.getHandle(id).terminate('test done');
  });

  it('says which cycle is unknown, and when Temporal cannot be reached', async () => {
    const unknown = await tdkt('cycle', 'status', 'cycle/NOWHERE/2018');
    expect(unknown.code).toBe(ExitCode.unknownCycle);
    expect(unknown.stderr).toContain('unknown cycle cycle/NOWHERE/2018');

    // Runners of their own: the shared environment stays as it is for the tests running alongside.
    const unreachable = await tdktWith(() => ({ ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' }))('cycle', 'status', 'cycle/DB-VT/2018');
    const malformed = await tdktWith(() => ({ ...env, TEMPORAL_ADDRESS: 'not an address' }))('cycle', 'status', 'cycle/DB-VT/2018');
    expect(unreachable.code).toBe(ExitCode.unreachable);
    expect(unreachable.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    expect(malformed.code).toBe(ExitCode.usage);
    expect(malformed.stderr).toContain('TEMPORAL_ADDRESS: expected host:port');
  });
});
