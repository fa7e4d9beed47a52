import { extendDeadline, signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from './fixtures.ts';
import type { Harness } from './harness.ts';

// A cycle whose pledge round has something to show in its history and the audit log: Điện Biên's
// representative signed, and the secretariat (snv.ha) extended Tuần Giáo's deadline with a reason.

export const EXTENSION_REASON = 'Mưa lũ chia cắt đường vào xã, đề nghị gia hạn';

export async function startExtendedPledge(h: Harness): Promise<{ cluster: string; cycle: string; pledge: string }> {
  const cluster = await copySeedCluster(h.db);
  const cycle = cycleId(cluster, 2018);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 120_000));
  const pledge = roundId(cycle, 'pledge');
  const open = await waitOpen(h.client, pledge);
  await signPledge(h.client, { cycleId: cycle, unit: 'DBI', signer: REPS.DBI });
  await extendDeadline(h.client, {
    cycleId: cycle,
    round: 'pledge',
    extension: {
      actor: 'snv.ha',
      units: ['TGI'],
      until: new Date(Date.parse(open.deadline) + 4000).toISOString(),
      reason: EXTENSION_REASON,
    },
  });
  return { cluster, cycle, pledge };
}
