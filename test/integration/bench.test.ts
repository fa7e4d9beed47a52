import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatResult } from '../../bench/report.ts';
import { runBench, type BenchResult } from '../../bench/runBench.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// `npm run bench` at the smallest size, so that it cannot rot: one cluster of three members
// through the whole compressed year (on the run's servers and this file's worker, without the web
// pages), then the baseline. Its figures are checked for presence and sense, never for speed.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the bench at a tiny size', () => {
  it(
    'runs a province of one cluster × three members to the hand-over and the baseline with the same traffic',
    { timeout: 240_000 },
    async () => {
      const lines: string[] = [];
      const result = JSON.parse(
        JSON.stringify(
          await runBench(
            { client: h.client, databaseUrl: inject('databaseUrl'), taskQueue: h.taskQueue, temporalAddress: inject('temporalAddress') },
            { provinces: 1, clusters: 1, members: 3, concurrency: 3, roundMs: 5_000 },
            (line) => lines.push(line),
          ),
        ),
      ) as BenchResult;
      const { project, baseline } = result;

      expect(result.size).toMatchObject({ units: 3, clusters: 1, members: 3 });
      expect(result.machine.cores).toBeGreaterThan(0);
      expect(result.machine.loadAverage.atStart).toHaveLength(3);
      // Every unit acted in the five rounds, every cycle handed over.
      expect(project.refusals.count).toBe(0);
      expect(project.phases.map((p) => p.phase)).toEqual([
        'pledge',
        'report-H1',
        'report-YEAR',
        'score',
        'ballot-1',
        'council appraisal',
        'council attendance',
        'council vote',
        'council decision',
      ]);
      expect(project.latencyMs.count).toBe(15);
      expect(project.latencyMs.p50).toBeGreaterThan(0);
      expect(project.latencyMs.p99).toBeGreaterThanOrEqual(project.latencyMs.p50);
      // 15 submissions, and the council's appraisals, attendance, 15 votes and the decision.
      expect(project.updates).toBeGreaterThanOrEqual(15 + 1 + 15 + 1 + 1);
      expect(project.activities).toBeGreaterThan(project.updates);
      expect(project.history.runs).toBeGreaterThanOrEqual(1 + 5 + 1);
      expect(project.history.eventsMax).toBeGreaterThan(project.history.eventsMean);
      expect(project.rowsPerUnit).toBeGreaterThan(5);
      expect(project.rowsByTable.pledge).toBe(3);
      expect(project.mailsPerUnit).toBeGreaterThan(0);
      expect(project.pendingTasks.tasks).toBeGreaterThanOrEqual(3);
      expect(project.slowestWebPost).toBeNull();
      expect(project.cycleWallMs).toBeGreaterThan(project.wallMs);
      // The baseline: one twin per run, the same Updates and activities.
      expect(baseline.history.runs).toBe(project.history.runs);
      expect(baseline.updates).toBe(project.updates);
      expect(baseline.activities).toBe(project.activities);
      expect(baseline.latencyMs.count).toBe(project.updates);
      // The baseline's worker runs in a process of its own: its peak is read from it (Linux /proc).
      expect(baseline.rssPeakMiB).toBeGreaterThan(50);
      expect(result.ratios.wall).toBeGreaterThan(0);
      expect(result.targets.map((t) => t.name)).toHaveLength(5);
      expect(lines.some((l) => l.startsWith('pledge: 3/3'))).toBe(true);
      // tdkt's status and Temporal's describe, timed on next year's cycle (the run's Temporal CLI is there to compare with).
      expect(result.cli).toMatchObject({
        workflowId: expect.stringMatching(/^cycle\/.+\/2019$/),
        tdkt: { command: expect.stringContaining('tdkt --json cycle status cycle/'), runs: 5 },
        temporal: { command: expect.stringContaining('temporal workflow describe --workflow-id cycle/'), runs: 5 },
      });
      expect(result.cli!.tdkt.medianMs).toBeGreaterThan(0);
      expect(result.cli!.temporal!.medianMs).toBeGreaterThan(0);
      expect(formatResult(result)).toContain(`for \`tdkt --json cycle status\``);
    },
  );
});

describe('npm run bench with bad arguments', () => {
  // Refused before anything starts: one line saying what is wrong, the help text, exit code 2.
  it.each([
    [['--units', '0'], '--units must be a whole number from 3 to 100000 (got 0)'],
    [['--members', '2'], '--members must be a whole number from 3 to 40 (got 2)'],
    [['--provinces', '35'], '--provinces must be a whole number from 1 to 34 (got 35)'],
    [['--concurrency', 'nhiều'], '--concurrency must be a whole number from 1 to 200 (got nhiều)'],
    [['--worker-cache', '1'], '--worker-cache must be a whole number from 2 to 100000 (got 1)'],
    [['--round-ms', '1e9'], '--round-ms must be a whole number from 2000 to 3600000 (got 1e9)'],
    [['--nope'], "Unknown option '--nope'"],
  ])('%j', (argv, message) => {
    const run = spawnSync(process.execPath, ['scripts/bench.ts', ...argv], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(run.stderr).toContain('npm run bench [-- options]');
    expect(run.stdout).toBe('');
  });
});
