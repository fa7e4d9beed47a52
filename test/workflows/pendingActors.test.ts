import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingTasks } from '../../client/adminOperations.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { PENDING_ACTORS, PENDING_ACTORS_PATCH, PENDING_DUE, PENDING_TASKS } from '../../workflows/searchAttributes.ts';
import { copySeedCluster, fastCycle, REPS, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// An open round publishes who has yet to submit as search attributes (domain/pendingActors.ts),
// so that `tdkt pending` is one visibility query; it removes them when it closes. What the round
// holds is read with describe (its current state); what the visibility query finds, with polls
// (visibility is eventually consistent).

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** An ISO time as the tokens write it: basic ISO 8601, UTC, to the second. */
const basic = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** What the tokens give back: the time to the second. */
const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

async function listed(query: string): Promise<{ workflowId: string; changes: unknown[] }[]> {
  const found = [];
  for await (const w of h.client.workflow.list({ query }))
    found.push({ workflowId: w.workflowId, changes: (w.searchAttributes.TemporalChangeVersion ?? []) as unknown[] });
  return found;
}

describe('the pending attributes of a round', () => {
  it('name each unit yet to submit with its representative, deadline and opening, shrink as they submit, and go when the round closes', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const pledgeRound = roundId(id, 'pledge');
    const input = fastCycle(cluster, 30_000);
    await startCycle(h.client, h.taskQueue, input);
    const opened = await waitForRound(h.client, cluster, 'open');
    const { deadline, opensAt } = input.calendar.pledge;
    const token = (unit: keyof typeof REPS) => `${REPS[unit]}|${unit}|submit|${basic(deadline)}|${basic(opensAt)}`;
    const published = async () => {
      const { typedSearchAttributes: sa } = await h.client.workflow.getHandle(pledgeRound).describe();
      return { actors: sa.get(PENDING_ACTORS), tasks: sa.get(PENDING_TASKS), due: sa.get(PENDING_DUE)?.toISOString() };
    };

    const everyone = opened.units.map((u) => u.unit as keyof typeof REPS);
    expect(everyone.sort()).toEqual(Object.keys(REPS).sort());
    await expect.poll(published, { timeout: 10_000 }).toEqual({
      actors: opened.units.map((u) => u.representative),
      tasks: opened.units.map((u) => token(u.unit as keyof typeof REPS)),
      due: new Date(deadline).toISOString(),
    });
    // Visibility finds the round by who must act; the round lists the patch it publishes under.
    await expect
      .poll(() => listed(`TdktPendingActors = '${REPS.MLA}' AND WorkflowId = '${pledgeRound}'`), { timeout: 15_000, interval: 200 })
      .toEqual([{ workflowId: pledgeRound, changes: expect.arrayContaining([PENDING_ACTORS_PATCH]) }]);

    for (const unit of ['DBI', 'MAN', 'DBP', 'TGI'] as const) await signPledge(h.client, { cycleId: id, unit, signer: REPS[unit] });
    await expect.poll(published, { timeout: 10_000 }).toMatchObject({ actors: [REPS.MLA], tasks: [token('MLA')] });
    // `tdkt pending` reads it from the one visibility query, in the shape it always had.
    await expect
      .poll(() => pendingTasks(h.client, { cluster }), { timeout: 15_000, interval: 200 })
      .toEqual([
        {
          workflowId: pledgeRound,
          task: 'pledge',
          unit: 'MLA',
          who: REPS.MLA,
          since: toSecond(opensAt),
          due: toSecond(deadline),
          command: `tdkt pledge sign --cycle ${id} --unit MLA`,
        },
      ]);
    expect(await pendingTasks(h.client, { cluster, person: REPS.DBI })).toEqual([]);

    await signPledge(h.client, { cycleId: id, unit: 'MLA', signer: REPS.MLA });
    const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
    expect(result.pledges.missing).toEqual([]);
    expect(await published()).toEqual({ actors: undefined, tasks: undefined, due: undefined });
    await expect
      .poll(() => listed(`TdktPendingActors IS NOT NULL AND WorkflowId = '${pledgeRound}'`), { timeout: 15_000, interval: 200 })
      .toEqual([]);
    expect(await pendingTasks(h.client, { cluster })).toEqual([]);
  });
});
