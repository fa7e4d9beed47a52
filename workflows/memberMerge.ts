import { ApplicationFailure, defineUpdate, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { mergeSchema, type Merge } from '../domain/conference.js';
import { issueList, Rejection } from '../domain/rejections.js';
import { vietnamIsoDate } from '../domain/time.js';
import { RECORDING } from './activityOptions.js';
import { memberMergedSignal } from './round.js';

// A member merged into another unit while the year runs (DOMAIN.md "2025 reform"). The secretariat
// records it on the cycle; the cycle records the link and mails everyone concerned, tells each of
// its rounds (open ones close the unit's task or hand it to the successor, closed ones keep what
// they have), and leaves the unit out of the rounds still to come. Nothing the unit submitted is
// touched; next year's membership and rotation read the link from Postgres.

export const recordMergeUpdate = defineUpdate<{ rounds: string[] }, [Merge]>('recordMerge');

const acts = proxyActivities<Activities>(RECORDING);

function refuse(message: string, code: string): never {
  throw ApplicationFailure.nonRetryable(message, code);
}

export function handleMerges(ctx: {
  cycleId: string;
  /** The cycle's members now; undefined until its setup is loaded. */
  members: () => string[] | undefined;
  secretariat: () => string[];
  /** Whether the year is over (the conference held): merges then go to next year's cycle. */
  closed: () => boolean;
  rounds: () => string[];
  onMerged: (merge: Merge) => void;
}): void {
  const merging = new Set<string>();
  setHandler(
    recordMergeUpdate,
    async (input) => {
      const merge = mergeSchema.parse(input);
      merging.add(merge.unit);
      // Recorded first: when the successor is unknown the merge fails here and the cycle is unchanged.
      let successorRepresentative: string | undefined;
      try {
        ({ successorRepresentative } = await acts.recordMerge({ cycleId: ctx.cycleId, merge, openRounds: ctx.rounds(), at: Date.now() }));
      } catch (error) {
        merging.delete(merge.unit);
        throw error;
      }
      // Then left out of the rounds to come, and every round opened so far (even one that opened meanwhile) is told.
      ctx.onMerged(merge);
      const rounds = ctx.rounds();
      const told: string[] = [];
      for (const workflowId of rounds) {
        try {
          await getExternalWorkflowHandle(workflowId).signal(memberMergedSignal, { unit: merge.unit, into: merge.into, handling: merge.openTasks, reason: merge.reason, ...(successorRepresentative ? { representative: successorRepresentative } : {}) });
          told.push(workflowId);
        } catch {
          // A round that has ended keeps what it recorded; there is nothing to tell it.
        }
      }
      return { rounds: told };
    },
    {
      validator: (input) => {
        const parsed = mergeSchema.safeParse(input);
        if (!parsed.success) refuse(issueList(parsed.error, 'merge'), Rejection.InvalidInput);
        const merge = parsed.data;
        const members = ctx.members();
        if (!members) refuse(`${ctx.cycleId} is still being set up; try again in a moment`, Rejection.RoundNotOpen);
        if (!ctx.secretariat().includes(merge.actor)) refuse(`only the secretariat (${ctx.secretariat().join(', ')}) records a merge; ${merge.actor} may not`, Rejection.NotAuthorised);
        if (ctx.closed()) refuse(`the year of ${ctx.cycleId} is closed; record the merge on next year's cycle`, Rejection.RoundClosed);
        if (merging.has(merge.unit)) refuse(`the merge of ${merge.unit} is already recorded`, Rejection.Duplicate);
        if (!members.includes(merge.unit)) refuse(`${merge.unit} is not (or no longer) a member of ${ctx.cycleId}; members: ${members.join(', ')}`, Rejection.NotAMember);
        if (merge.on > vietnamIsoDate(Date.now())) refuse(`the merge takes effect on ${merge.on}, which has not come yet; record it on that day or later`, Rejection.InvalidInput);
      },
    },
  );
}
