import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

// The bench's baseline: a bare Temporal workflow, the twin of one of the project's workflow runs.
// It takes `updates` Updates (each checked by a validator, as the project's are) and runs
// `activities` no-op activities: one inside each Update's handler (as a submission's recording
// does) while there are activities to spare, the rest before it finishes. No PostgreSQL, no
// mail, no domain rules: what Temporal itself costs for the same traffic.

export interface BaselineInput {
  updates: number;
  activities: number;
}

export const baselineSubmit = defineUpdate<{ unit: string }, [{ unit: string }]>('baselineSubmit');

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function baselineTwin(input: BaselineInput): Promise<number> {
  const received = new Set<string>();
  let spent = 0;
  setHandler(
    baselineSubmit,
    async ({ unit }) => {
      received.add(unit);
      if (spent < input.activities) {
        spent++;
        await noop();
      }
      return { unit };
    },
    {
      validator: ({ unit }: { unit: string }) => {
        if (!unit || received.has(unit)) throw new Error(`no submission expected from ${unit}`);
      },
    },
  );
  await condition(() => received.size >= input.updates);
  while (spent < input.activities) {
    spent++;
    await noop();
  }
  await condition(allHandlersFinished);
  return received.size;
}
