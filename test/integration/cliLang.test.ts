import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { stackEnv, tdktWith } from '../support/cli.ts';
import { copySeedCluster, fastCycle, REPS, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// The CLI's language: --lang on any command, else TDKT_LANG, else the locale (LANG=vi_VN.UTF-8);
// `tdkt history` and `tdkt cycle status` and a refusal's headline in Vietnamese or English, the
// times in the one format of domain/time.ts; a bad language is refused with exit code 2.

let h: Harness;
let env: NodeJS.ProcessEnv = {};
const tdkt = tdktWith(() => env);
let cycle: string;

beforeAll(async () => {
  h = await startHarness();
  const cluster = await copySeedCluster(h.db);
  cycle = cycleId(cluster, 2018);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 60_000));
  await waitForRound(h.client, cluster, 'open');
  await signPledge(h.client, { cycleId: cycle, unit: 'DBI', signer: REPS.DBI });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The test run's environment without any language setting, plus `extra`. */
function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = stackEnv(h.taskQueue);
  for (const name of ['TDKT_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG']) delete base[name];
  return { ...base, ...extra };
}

describe('tdkt --lang', () => {
  it('speaks Vietnamese with --lang vi, TDKT_LANG=vi or a Vietnamese locale, English otherwise', async () => {
    const pledge = roundId(cycle, 'pledge');
    env = envWith({});
    const en = await tdkt('cycle', 'status', cycle);
    expect(en.code, en.stderr).toBe(ExitCode.ok);
    expect(en.stdout).toContain('UNIT  NAME');
    expect(en.stdout).toMatch(/pledge round: open {3}opens \d\d:\d\d:\d\d on \d\d\/\d\d\/\d{4}/);

    for (const [extra, args] of [
      [{}, ['--lang', 'vi', 'cycle', 'status', cycle]],
      [{}, ['cycle', 'status', cycle, '--lang', 'vi']],
      [{ TDKT_LANG: 'vi' }, ['cycle', 'status', cycle]],
      [{ LANG: 'vi_VN.UTF-8' }, ['cycle', 'status', cycle]],
    ] as const) {
      env = envWith(extra);
      const vi = await tdkt(...args);
      expect(vi.code, vi.stderr).toBe(ExitCode.ok);
      expect(vi.stdout, JSON.stringify(extra)).toContain('ĐƠN VỊ');
      expect(vi.stdout).toMatch(/vòng pledge: open {3}mở \d\d:\d\d:\d\d ngày \d\d\/\d\d\/\d{4}/);
      expect(vi.stdout).toContain('đã nộp 1/5; chưa nộp:');
    }
    // --lang wins over the environment, both ways.
    env = envWith({ LANG: 'vi_VN.UTF-8' });
    expect((await tdkt('--lang', 'en', 'cycle', 'status', cycle)).stdout).toContain('submitted 1/5; pending:');
    env = envWith({ TDKT_LANG: 'en', LANG: 'vi_VN.UTF-8' });
    expect((await tdkt('cycle', 'status', cycle)).stdout).toContain('submitted 1/5');

    // The history, as `tdkt history` told it before (its own --lang still works after the id).
    env = envWith({ LANG: 'vi_VN.UTF-8' });
    expect((await tdkt('history', pledge)).stdout).toMatch(new RegExp(`^Diễn biến của ${pledge}`));
    expect((await tdkt('history', pledge, '--lang', 'en')).stdout).toMatch(new RegExp(`^History of ${pledge}`));

    // A refusal's headline: Vietnamese before the detail, which stays as the workflow wrote it.
    const twice = await tdkt('pledge', 'sign', '--cycle', cycle, '--unit', 'DBI', '--signer', REPS.DBI);
    expect(twice.code).toBe(ExitCode.duplicate);
    expect(twice.stderr).toMatch(/^tdkt: Đã thực hiện rồi — DBI already/);
    env = envWith({});
    const twiceEn = await tdkt('pledge', 'sign', '--cycle', cycle, '--unit', 'DBI', '--signer', REPS.DBI);
    expect(twiceEn.stderr).toMatch(/^tdkt: DBI already/);
  });

  it('refuses a language it does not speak, on the line or in TDKT_LANG, with exit code 2', async () => {
    env = envWith({});
    const bad = await tdkt('--lang', 'fr', 'cycle', 'status', cycle);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toContain('--lang must be one of en, vi');
    env = envWith({ TDKT_LANG: 'klingon' });
    const badEnv = await tdkt('cycle', 'status', cycle);
    expect(badEnv.code).toBe(ExitCode.usage);
    expect(badEnv.stderr).toContain('TDKT_LANG must be one of en, vi');
    expect(badEnv.stdout).toBe('');
  });
});
