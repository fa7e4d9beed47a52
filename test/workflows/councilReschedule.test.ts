import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilStatus, reschedule } from '../../client/councilOperations.ts';
import { councilId } from '../../domain/council.ts';
import type { ClusterSubmission } from '../../domain/council.ts';
import type { councilSession } from '../../workflows/councilSession.ts';
import { copySeedProvince } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// A reschedule that arrives while the council is still recording its 'rescheduling' phase (the
// phase is already shown, so the Update is accepted) must not be lost: the next session opens at
// the new time. The harness holds that recording at a gate until the reschedule has been taken.

const SECRETARIAT = 'snv.ha';

const gate: { council?: string; held: number; open?: Promise<void>; release?: () => void } = { held: 0 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness((real) => ({
    ...real,
    recordCouncilPhase: async (input) => {
      if (input.councilId === gate.council && input.phase === 'rescheduling') {
        gate.held++;
        await gate.open;
      }
      return real.recordCouncilPhase(input);
    },
  }));
});
afterAll(async () => {
  gate.release?.();
  await h?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    if ((last = await probe()) !== undefined) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the council rescheduled while it records the rescheduling phase', () => {
  it('opens the next session at the new time', { timeout: 120_000 }, async () => {
    const { province, lowland } = await copySeedProvince(h.db);
    const council = councilId(province, 2018);
    gate.council = council;
    gate.open = new Promise((resolve) => (gate.release = resolve));
    const now = Date.now();
    // No cluster has a cycle in this copy of the province, so nobody is expected and the session comes at once.
    const calendar = {
      submitBy: new Date(now + 1000).toISOString(),
      remindBefore: [],
      sessionAt: new Date(now + 2000).toISOString(),
      sessionLength: 'PT2S',
      complaintWindow: 'PT5S',
    };
    const submission: ClusterSubmission = {
      cycleId: `cycle/${lowland}/2018`,
      cluster: lowland,
      version: 1,
      nominations: [{ award: 'flag', unit: 'TGI' }],
      documentId: `${council}/test`,
      at: now,
    };
    await h.client.workflow.signalWithStart<typeof councilSession, [ClusterSubmission]>('councilSession', {
      workflowId: council,
      taskQueue: h.taskQueue,
      args: [{ province, year: 2018, calendar }],
      signal: 'submitToCouncil',
      signalArgs: [submission],
    });

    // Session 1 ends without attendance: no quorum. The phase shows 'rescheduling' while its recording is held.
    await until('the rescheduling phase to be recorded', async () =>
      gate.held > 0 && (await councilStatus(h.client, council)).phase === 'rescheduling' ? true : undefined,
    );
    const at = new Date(Date.now() + 1500).toISOString();
    expect(await reschedule(h.client, { councilId: council, reschedule: { actor: SECRETARIAT, at } })).toEqual({ number: 2, at });
    gate.release!();

    const status = await until(
      'session 2 to open',
      async () => {
        const s = await councilStatus(h.client, council);
        return s.sessions.length === 2 ? s : undefined;
      },
      20_000,
    );
    expect(status.sessions[1]).toMatchObject({ number: 2, at: new Date(Date.parse(at)).toISOString() });
    await h.client.workflow.getHandle(council).terminate('test done');
  });
});
