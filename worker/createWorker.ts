import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';

export const DEFAULT_TASK_QUEUE = 'tdkt';

/** The worker for our workflows and the given activities; the demo, the stack, tests and worker/main.ts share it. */
export async function createWorker(opts: { connection: NativeConnection; namespace: string; taskQueue: string; activities: Activities }): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    activities: opts.activities,
  });
}
