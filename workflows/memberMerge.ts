import { getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { mergeSchema, type Merge } from '../domain/conference.ts';
import { checkMerge } from '../domain/yearEnd.ts';
import { RECORDING } from './activityOptions.ts';
import { refuseIf } from './refusal.ts';
import { memberMergedSignal, recordMergeUpdate } from './messages.ts';

// A member merged into another unit while the year runs (DOMAIN.md "2025 reform"). The secretariat
// records it on the cycle; the cycle records the link and mails everyone concerned, tells each of
// its rounds (open ones close the unit's task or hand it to the successor, closed ones keep what
// they have), and leaves the unit out of the rounds still to come. Nothing the unit submitted is
// touched; next year's membership and rotation read the link from Postgres.

const acts = proxyActivities<Activities>(RECORDING);

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
          await getExternalWorkflowHandle(workflowId).signal(memberMergedSignal, {
            unit: merge.unit,
            into: merge.into,
            handling: merge.openTasks,
            reason: merge.reason,
            ...(successorRepresentative ? { representative: successorRepresentative } : {}),
          });
          told.push(workflowId);
        } catch {
          // A round that has ended keeps what it recorded; there is nothing to tell it.
        }
      }
      return { rounds: told };
    },
    {
      validator: (input) =>
        refuseIf(
          checkMerge(
            { cycleId: ctx.cycleId, members: ctx.members(), secretariat: ctx.secretariat(), closed: ctx.closed(), merging: [...merging] },
            input,
            Date.now(),
          ),
        ),
    },
  );
}
