import { condition, patched, upsertSearchAttributes } from '@temporalio/workflow';
import { encodePending, type PendingEntry } from '../domain/pendingActors.ts';
import { PENDING_ACTORS, PENDING_ACTORS_PATCH, PENDING_DUE, PENDING_TASKS } from './searchAttributes.ts';

/**
 * Keeps the workflow's pending attributes (domain/pendingActors.ts) equal to its open tasks:
 * `pending` is asked after every activation (a condition adds no command), and the attributes are
 * upserted only when the tasks change, and removed once nothing is pending. Called before the
 * workflow's first await. Workflows started before this existed (the replay fixtures up to v7) do
 * not take the patch and publish nothing; `pendingTasks` asks them instead.
 */
export function publishPendingTasks(pending: () => readonly PendingEntry[]): void {
  if (!patched(PENDING_ACTORS_PATCH)) return;
  const encoded = () => encodePending(pending());
  const keyOf = (a: ReturnType<typeof encoded>) => JSON.stringify([a.tasks, a.due?.getTime()]);
  // Nothing is published until something is pending.
  let published = keyOf(encodePending([]));
  const publish = () => {
    const attributes = encoded();
    published = keyOf(attributes);
    const open = attributes.tasks.length > 0;
    upsertSearchAttributes([
      { key: PENDING_ACTORS, value: open ? attributes.actors : null },
      { key: PENDING_TASKS, value: open ? attributes.tasks : null },
      { key: PENDING_DUE, value: open && attributes.due ? attributes.due : null },
    ]);
  };
  void (async () => {
    for (;;) {
      await condition(() => keyOf(encoded()) !== published);
      publish();
    }
  })();
}
