import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { copySeedCluster, eventually, fastCycle, REPS, startStandaloneRound, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { HOSTILE_UPDATES, type HostileUpdate, type UpdateTarget } from '../support/hostileUpdates.ts';
import { recordCounts } from '../support/recordCounts.ts';

// Every row of test/support/hostileUpdates.ts sent straight to a running workflow with the Temporal
// client, as a hostile client holding credentials would (no CLI or web check in between): each is
// refused by the Update's validator with its Rejection code and message, so it never enters the
// workflow's history as accepted, and no row or outbox mail is added for the cycles.

let h: Harness;
const workflowOf = {} as Record<UpdateTarget, string>;
let cycles: string[] = [];
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  h = await startHarness();
  const open = { opensAt: iso(Date.now()), deadline: iso(Date.now() + 600_000), remindBefore: [], late: { mode: 'refuse' as const } };
  const cluster = await copySeedCluster(h.db);
  const running = cycleId(cluster, 2018);
  // Scoring in the calendar, so that the cycle takes veto inputs; the pledge round lasts the whole file.
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 600_000, 300, { reporting: true, scoring: true }));
  const [report, score, closed] = await Promise.all([
    startStandaloneRound(h, 'report', open),
    startStandaloneRound(h, 'score', open),
    startStandaloneRound(h, 'pledge', { ...open, deadline: iso(Date.now() + 6_000) }),
    waitForRound(h.client, cluster, 'open'),
  ]);
  await signPledge(h.client, { cycleId: running, unit: 'DBP', signer: REPS.DBP });
  // The closed round: every unit but DBI is given an hour, and DBI's deadline passes (its escalation recorded).
  await h.client.workflow.getHandle(closed.roundId).executeUpdate('extend', {
    args: [{ actor: 'snv.ha', units: ['TGI', 'MAN', 'DBP', 'MLA'], until: iso(Date.now() + 3_600_000), reason: 'Mưa lũ kéo dài' }],
  });
  await eventually(
    'the escalation of DBI in the closed round',
    () =>
      h.db.selectFrom('round_notice').select('unit_code').where('round_id', '=', closed.roundId).where('kind', '=', 'escalation').execute(),
    (rows) => rows.length === 1,
  );
  Object.assign(workflowOf, {
    pledge: roundId(running, 'pledge'),
    cycle: running,
    report: report.roundId,
    score: score.roundId,
    closed: closed.roundId,
  });
  cycles = [running, report.cycleId, score.cycleId, closed.cycleId];
}, 90_000);
afterAll(async () => {
  for (const id of cycles)
    await h?.client.workflow
      .getHandle(id)
      .terminate('the hostile Updates are done')
      .catch(() => undefined);
  for (const id of Object.values(workflowOf))
    await h?.client.workflow
      .getHandle(id)
      .terminate('done')
      .catch(() => undefined);
  await h?.close();
});

/** How many Updates a workflow's history holds as accepted. */
async function acceptedUpdates(workflowId: string): Promise<number> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

/** The failure an Update ends with (anything but a validator's refusal fails the test). */
async function refusalOf(row: HostileUpdate): Promise<{ type: string | undefined; message: string }> {
  const error = await h.client.workflow
    .getHandle(workflowOf[row.target])
    .executeUpdate(row.update, { args: [row.payload], updateId: randomUUID() })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refused Update, got ${String(error)}`);
  const cause = error.cause as { type?: string; message: string } | undefined;
  return { type: cause?.type, message: cause?.message ?? '' };
}

// One at a time: each row's check of the tables and histories must see only what that row did.
describe('hostile Updates sent straight to the workflows (test/support/hostileUpdates.ts)', () => {
  it.each(HOSTILE_UPDATES.map((row) => [row.name, row] as const))('%s', { timeout: 30_000 }, async (_, row) => {
    const before = await recordCounts(h.db, cycles);
    const acceptedBefore = await acceptedUpdates(workflowOf[row.target]);
    const refused = await refusalOf(row);
    expect(refused.type, refused.message).toBe(row.rejection);
    expect(refused.message).toContain(row.message);
    expect(refused.message.length, 'a refusal says why in a few lines, not the whole payload back').toBeLessThan(2_000);
    expect(await acceptedUpdates(workflowOf[row.target])).toBe(acceptedBefore);
    expect(await recordCounts(h.db, cycles)).toEqual(before);
  });

  it('has its rows named once each, and counts them by target', () => {
    expect(new Set(HOSTILE_UPDATES.map((row) => row.name)).size).toBe(HOSTILE_UPDATES.length);
    const perTarget = Object.fromEntries(
      (['pledge', 'cycle', 'report', 'score', 'closed'] as const).map((t) => [t, HOSTILE_UPDATES.filter((r) => r.target === t).length]),
    );
    console.log(`Update validator corpus: ${HOSTILE_UPDATES.length} rows, all stopped by a validator`, perTarget);
    expect(Object.values(perTarget).every((n) => n > 0)).toBe(true);
  });
});
