import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { RECORDING } from './activityOptions.ts';

// What the secretariat's yearly Schedule (`tdkt schedule create`) starts each year, with the id
// `next-cycle/<cluster>-<time>`: the cluster's latest year hands over and next year's cycle starts,
// once it is due. The conference of that year may be doing the same at the same moment; the
// activity makes sure there is one hand-over and one cycle either way.

export interface ScheduledStartInput {
  cluster: string;
}

const acts = proxyActivities<Activities>(RECORDING);

export async function scheduledCycleStart(input: ScheduledStartInput): Promise<Awaited<ReturnType<Activities['startScheduledCycle']>>> {
  return acts.startScheduledCycle({ cluster: input.cluster, at: Date.now() });
}
