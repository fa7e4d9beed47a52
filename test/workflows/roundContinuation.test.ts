import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReport } from '../../client/operations.ts';
import type { RoundResult } from '../../domain/round.ts';
import type { round } from '../../workflows/round.ts';
import { REPS, standaloneReportRound, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// A round's history grows with every submission and re-submission. Past its history limit the
// round continues as a new run with its state; here the limit is set low so that one round runs
// through several runs, and nothing accepted before a continuation is lost.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a round past its history limit', () => {
  it('continues as a new run, keeps every submission, and closes once', async () => {
    const now = Date.now();
    const calendar = {
      opensAt: new Date(now + 500).toISOString(),
      deadline: new Date(now + 15_000).toISOString(),
      remindBefore: [],
      late: { mode: 'refuse' as const },
    };
    const input = await standaloneReportRound(h.db, calendar, { historyLimit: 40 });
    const { cycleId: id, roundId: workflowId } = input;
    const handle = await h.client.workflow.start<typeof round>('round', { taskQueue: h.taskQueue, workflowId, args: [input] });
    await waitOpen(h.client, workflowId);

    for (let version = 1; version <= 6; version++) {
      const receipt = await submitReport(h.client, {
        cycleId: id,
        unit: 'DBI',
        period: 'H1',
        submitter: REPS.DBI,
        content: { narrative: `Sơ kết 6 tháng, bản ${version}.` },
      });
      expect(receipt.version).toBe(version);
    }
    for (const unit of ['TGI', 'MAN', 'DBP', 'MLA'] as const)
      await submitReport(h.client, {
        cycleId: id,
        unit,
        period: 'H1',
        submitter: REPS[unit],
        content: { narrative: `Sơ kết 6 tháng của ${unit}.` },
      });

    const result: RoundResult = await handle.result();
    expect(result.missing).toEqual([]);
    expect(result.submitted.map((s) => [s.unit, s.version]).sort()).toEqual([
      ['DBI', 6],
      ['DBP', 1],
      ['MAN', 1],
      ['MLA', 1],
      ['TGI', 1],
    ]);

    // Several runs, each kept near the limit, the earlier ones continued as new.
    // Visibility is eventually consistent: ask until the last run is listed as completed.
    let runs: { runId: string; status: string }[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 200))) {
      runs = [];
      for await (const w of h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
        runs.push({ runId: w.runId, status: w.status.name });
      if (runs.length >= 2 && runs.some((r) => r.status === 'COMPLETED')) break;
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((r) => r.status === 'CONTINUED_AS_NEW').length).toBe(runs.length - 1);
    for (const run of runs) {
      const history = await h.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(40 + 20);
    }

    // Every version is recorded, and the round was opened and closed once.
    expect(
      await h.db.selectFrom('report').select('version').where('cycle_id', '=', id).where('unit_code', '=', 'DBI').execute(),
    ).toHaveLength(6);
    const recorded = await h.db
      .selectFrom('round')
      .select(['opened_at', 'closed_at', 'missing_units'])
      .where('id', '=', workflowId)
      .execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.closed_at).not.toBeNull();
    expect(
      await h.db
        .selectFrom('audit_event')
        .select('id')
        .where('subject', '=', workflowId)
        .where('action', 'in', ['round.opened', 'round.closed'])
        .execute(),
    ).toHaveLength(2);
  }, 60_000);
});
