import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientConfig, workflowUiLink } from '../../client/config.ts';
import { ExitCode } from '../../client/exitCodes.ts';
import type { TimelineEntry } from '../../client/historyTimeline.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { stackEnv, tdktWith } from '../support/cli.ts';
import { copySeedCluster, fastCycle, REPS, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// `tdkt history` as an administrator runs it, on a pledge round with one signature.

let h: Harness;
const tdkt = tdktWith(() => stackEnv(h.taskQueue));

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('tdkt history', () => {
  it('tells who signed in either language, as text or JSON, ending with the Web UI link; refuses unknown and malformed ids', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 3000));
    await waitForRound(h.client, cluster, 'open');
    await signPledge(h.client, { cycleId: id, unit: 'DBI', signer: REPS.DBI });
    const round = roundId(id, 'pledge');
    const link = `Temporal Web UI: ${workflowUiLink(loadClientConfig(stackEnv(h.taskQueue)), round)}`;

    const en = await tdkt('history', round, '--lang', 'en');
    expect(en.code, en.stderr).toBe(ExitCode.ok);
    expect(en.stdout).toMatch(new RegExp(`^History of ${round} \\(round, (running|completed)\\)`));
    expect(en.stdout).toMatch(/\d\d:\d\d:\d\d {2}Workflow started: round /);
    expect(en.stdout).toContain('Update accepted: submit by dbi.binh — DBI signed the pledge');
    expect(en.stdout).toContain('openRound — round opened (pledge, 5 units), invitations mailed');
    expect(en.stdout.trimEnd().split('\n').at(-1)).toBe(link);

    const vi = await tdkt('history', round, '--lang', 'vi');
    expect(vi.stdout).toMatch(new RegExp(`^Diễn biến của ${round} \\(round, (đang chạy|đã xong)\\)`));
    expect(vi.stdout).toContain('Cập nhật được chấp nhận: submit do dbi.binh — DBI ký giao ước thi đua');
    expect(vi.stdout.trimEnd().split('\n').at(-1)).toBe(link);

    const asJson = await tdkt('--json', 'history', round);
    expect(asJson.code, asJson.stderr).toBe(ExitCode.ok);
    const parsed = JSON.parse(asJson.stdout) as { workflowId: string; webUi: string; entries: TimelineEntry[] };
    expect(parsed).toMatchObject({ workflowId: round, webUi: link.replace('Temporal Web UI: ', '') });
    expect(parsed.entries[0]!.kind).toBe('started');
    expect(parsed.entries.find((e) => e.kind === 'update-accepted')).toMatchObject({
      actor: 'dbi.binh',
      details: { update: 'submit', unit: 'DBI' },
    });

    const limited = await tdkt('history', round, '--lang', 'en', '--limit', '2');
    expect(limited.stdout).toMatch(/… \d+ earlier entries not shown/);
    expect(limited.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d {2}/.test(l))).toHaveLength(2);

    const cycle = await tdkt('history', id, '--lang', 'en');
    expect(cycle.stdout).toContain(`Child workflow started: ${round} (round)`);

    const unknown = await tdkt('history', `cycle/${cluster}/2019/pledge`);
    expect(unknown.code).toBe(ExitCode.unknownCycle);
    expect(unknown.stderr).toContain(`unknown workflow cycle/${cluster}/2019/pledge`);

    const malformed = await tdkt('history', `cycle/${cluster} /2018`);
    expect(malformed.code).toBe(ExitCode.usage);
    expect(malformed.stderr).toContain('printable characters without spaces');
    expect((await tdkt('history', round, '--lang', 'fr')).code).toBe(ExitCode.usage);
  });
});
