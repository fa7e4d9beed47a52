import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { recordMerge } from '../../client/yearEndOperations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import { cliChecks, stackEnv, tdktWith } from '../support/cli.ts';
import { copyClusterWithOwnUnits, fastCycle, refusal, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// The administrators' commands as they run them — `tdkt cycle list`, `tdkt pending`, `tdkt audit`
// and `tdkt history` — on a cycle that had a refused submission, an activity that failed and was
// retried, and a member merged away.

let h: Harness;
let env: NodeJS.ProcessEnv;
const tdkt = tdktWith(() => env);
const { ok, refused } = cliChecks(tdkt);
/** Cycles whose first recorded submission fails once, as a database outage would. */
const flaky = new Set<string>();

beforeAll(async () => {
  h = await startHarness((real) => ({
    ...real,
    recordSubmission: async (input) => {
      if (flaky.delete(input.cycleId)) throw new Error('simulated outage: the database did not answer');
      return real.recordSubmission(input);
    },
  }));
  env = stackEnv(h.taskQueue);
});
afterAll(async () => {
  await h?.close();
});

/** Visibility is eventually consistent: asks until `check` passes or 10 s have gone. */
async function eventually(args: string[], check: (stdout: string) => boolean): Promise<string> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    last = await ok(...args);
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

describe('tdkt cycle list, pending, audit and history', () => {
  it('answers what runs, what waits for whom, who changed what and what happened', async () => {
    const { cluster, unit, rep } = await copyClusterWithOwnUnits(h.db);
    const id = cycleId(cluster, 2018);
    const pledge = roundId(id, 'pledge');
    flaky.add(id);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 15_000, 300, { reporting: false, conference: true }));
    await waitOpen(h.client, pledge);

    expect((await refusal(signPledge(h.client, { cycleId: id, unit: unit('TGI'), signer: rep('DBI') }))).exitCode).toBe(
      ExitCode.notAuthorised,
    );
    await signPledge(h.client, { cycleId: id, unit: unit('TGI'), signer: rep('TGI') });
    await signPledge(h.client, { cycleId: id, unit: unit('DBI'), signer: rep('DBI') });
    const today = vietnamIsoDate(Date.now());
    await recordMerge(h.client, {
      cycleId: id,
      merge: {
        actor: 'snv.ha',
        unit: unit('MLA'),
        into: unit('DBP'),
        on: today,
        openTasks: 'close',
        reason: 'Nghị quyết 1661/NQ-UBTVQH15 sắp xếp đơn vị hành chính',
      },
    });

    const listed = await eventually(['cycle', 'list', '--cluster', cluster], (out) => out.includes(id));
    expect(listed).toMatch(new RegExp(`${id}\\s+pledges\\s+running`));
    const asJson = JSON.parse(
      await eventually(['--json', 'cycle', 'list', '--cluster', cluster, '--year', '2018', '--status', 'running'], (out) =>
        out.includes(id),
      ),
    ) as { cycleId: string; phase: string; webUi: string }[];
    expect(asJson).toEqual([
      expect.objectContaining({ cycleId: id, phase: 'pledges', webUi: expect.stringContaining(encodeURIComponent(id)) }),
    ]);
    expect(await ok('cycle', 'list', '--cluster', cluster, '--phase', 'handed-over')).toContain('no cycle matches');
    await refused(ExitCode.usage, '--phase must be one of', 'cycle', 'list', '--phase', 'sleeping');
    await refused(ExitCode.usage, '--status must be one of', 'cycle', 'list', '--status', 'asleep');

    // MAN and DBP still owe their pledge; MLA's was closed by the merge.
    const pending = JSON.parse(await ok('--json', 'pending', '--cluster', cluster)) as {
      unit: string;
      who: string;
      task: string;
      workflowId: string;
      due: string;
    }[];
    expect(pending.map((t) => [t.unit, t.who, t.task, t.workflowId]).sort()).toEqual([
      [unit('DBP'), rep('DBP'), 'pledge', pledge],
      [unit('MAN'), rep('MAN'), 'pledge', pledge],
    ]);
    expect(pending.every((t) => !Number.isNaN(Date.parse(t.due)))).toBe(true);
    const mine = await ok('pending', '--person', rep('MAN'));
    expect(mine).toContain(unit('MAN'));
    expect(mine).not.toContain(unit('DBP'));
    expect(mine).toContain('tdkt pledge sign');
    expect(await ok('pending', '--unit', unit('TGI'), '--cluster', cluster)).toContain('nothing is waiting for anyone');
    await refused(ExitCode.usage, 'a person id is', 'pending', '--person', 'MAN HOA');

    // The audit log says who merged MLA away and why, and that the first pledge went in after a retry.
    const audit = await ok('audit', '--cycle', id, '--action', 'unit.merged');
    expect(audit).toContain('snv.ha');
    expect(audit).toContain('Nghị quyết 1661/NQ-UBTVQH15');
    const aboutTgi = JSON.parse(await ok('--json', 'audit', '--cycle', id, '--unit', unit('TGI'))) as { action: string; actor: string }[];
    expect(aboutTgi.map((e) => e.action)).toContain('pledge.signed');
    await refused(ExitCode.unknownCycle, 'unknown cycle cycle/NO-SUCH/2018', 'audit', '--cycle', 'cycle/NO-SUCH/2018');
    await refused(ExitCode.usage, '--action: an action name', 'audit', '--cycle', id, '--action', "x'; drop table audit_event");

    // The pledge round's history: the first signature recorded after a retry, the merge, and no refused attempt.
    const history = await ok('history', pledge, '--lang', 'en');
    expect(history).toContain(`submit by ${rep('TGI')}`);
    expect(history).toMatch(/attempt 2/);
    expect(history).toContain('simulated outage');
    expect(history).toContain('memberMerged');
    expect(history).not.toContain(`submit by ${rep('DBI')} — ${unit('TGI')}`);
    expect(history).toContain('Temporal Web UI: ');
    const vietnamese = await ok('history', id, '--lang', 'vi');
    expect(vietnamese).toContain('Cập nhật được chấp nhận: recordMerge do snv.ha');

    // The export has the pledges, the merge and the audit log, from Postgres.
    const exported = JSON.parse(await ok('export', '--cluster', cluster, '--year', '2018', '--format', 'json')) as {
      sections: Record<string, Record<string, unknown>[]>;
    };
    expect(exported.sections.pledges!.map((p) => p.unit).sort()).toEqual([unit('DBI'), unit('TGI')]);
    expect(exported.sections.merges).toEqual([
      expect.objectContaining({ unit: unit('MLA'), into: unit('DBP'), open_tasks: 'close', recorded_by: 'snv.ha' }),
    ]);
    expect(exported.sections.audit!.map((e) => e.action)).toEqual(
      expect.arrayContaining(['cycle.started', 'pledge.signed', 'unit.merged']),
    );

    // A pledge-only year with its conference may have ended by now; only a running one is stopped.
    const handle = h.client.workflow.getHandle(id);
    if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
  }, 90_000);
});
