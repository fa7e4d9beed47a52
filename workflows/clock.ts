import { condition, sleep } from '@temporalio/workflow';

// Waiting on calendar instants. Date.now() inside a workflow is Temporal's deterministic clock.

export async function sleepUntil(at: number): Promise<void> {
  const ms = at - Date.now();
  if (ms > 0) await sleep(ms);
}

/** Waits until `done()` holds or the instant passes; true when `done()` holds. */
export async function waitUntil(done: () => boolean, at: number): Promise<boolean> {
  const ms = at - Date.now();
  if (done() || ms <= 0) return done();
  return condition(done, ms);
}
