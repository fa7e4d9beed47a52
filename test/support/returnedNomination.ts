import { appraise, councilStatus } from '../../client/councilOperations.ts';
import { castBallot } from '../../client/operations.ts';
import { councilId } from '../../domain/council.ts';
import { roundId } from '../../domain/ids.ts';
import { copySeedProvince, REPS, waitForPhase, waitOpen } from './fixtures.ts';
import type { Harness } from './harness.ts';
import { MEMBERS, startScoredCycle } from './scoredCycle.ts';

// A nomination the council's secretariat returned at appraisal, reached fast: a province of its own
// with one cluster that runs a year (a copy of the low-land cluster: chair DBI, deputy MAN), a
// compressed year up to its submission (flag TGI; certificates DBI and DBP), then the secretariat
// accepts TGI's flag and returns DBP's certificate with `reason`. The cycle is then in revision;
// the council's session is 10 minutes after the ballot opens, so the chair may amend until 10
// minutes after that (the mail's link expires then).

export const SECRETARIAT = 'snv.ha';
const ROUND_MS = 2500;
const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };

export interface ReturnedNomination {
  province: string;
  /** The cluster's code. */
  cluster: string;
  cycle: string;
  council: string;
  /** The nomination returned: `<cluster>:certificate:DBP`. */
  returned: string;
}

export async function runToReturnedNomination(h: Harness, reason: string): Promise<ReturnedNomination> {
  const copy = await copySeedProvince(h.db);
  const cluster = copy.lowland;
  const council = councilId(copy.province, 2018);
  const returned = `${cluster}:certificate:DBP`;
  // Only this cluster has a cycle: the council expects it alone.
  const cycle = await startScoredCycle(h, cluster, {
    roundMs: ROUND_MS,
    bases: BASES,
    ballotDuration: 'PT15S',
    council: { submitByMs: 16_000, sessionMs: 10 * 60_000, sessionLength: 'PT10M' },
  });
  const ballot = await waitOpen(h.client, roundId(cycle, 'ballot-1'), 60_000);
  const { flag, certificates } = ballot.ballot!.items;
  // All five vote: the round closes at once.
  for (const unit of MEMBERS)
    await castBallot(h.client, {
      cycleId: cycle,
      unit,
      voter: REPS[unit],
      choices: { flag: flag[0]!, certificates: Object.fromEntries(certificates.map((c) => [c, 'for'])) },
    });
  await waitForPhase(h.client, cycle, 'submitted', 60_000);
  // The first submission starts the council; its appraisal waits for its setup (members, secretariat).
  for (let i = 0; !(await councilStatus(h.client, council).catch(() => undefined))?.chair && i < 100; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await appraise(h.client, { councilId: council, appraisal: { actor: SECRETARIAT, nomination: `${cluster}:flag:TGI`, verdict: 'accept' } });
  await appraise(h.client, { councilId: council, appraisal: { actor: SECRETARIAT, nomination: returned, verdict: 'return', reason } });
  await waitForPhase(h.client, cycle, 'revision', 60_000);
  return { province: copy.province, cluster, cycle, council, returned };
}
