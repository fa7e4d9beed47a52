import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../activities/index.ts';

export const DEFAULT_TASK_QUEUE = 'tdkt';

/** The workflows' entry point: the only workflowsPath (DESIGN.md); index.js beside this file's .js when it runs from dist/ (npm run build). */
export const WORKFLOWS_PATH = fileURLToPath(
  new URL(`../workflows/index.${import.meta.url.endsWith('.js') ? 'js' : 'ts'}`, import.meta.url),
);

/**
 * The worker for our workflows and the given activities; the demo, the stack, tests and
 * worker/main.ts share it. Bundling the workflows takes seconds, so a test run bundles them once
 * (`bundleWorkflowCode` over WORKFLOWS_PATH) and passes the bundle's file to every worker it starts.
 */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  workflowBundlePath?: string;
  /** Absent: the SDK's default (see WORKER_MAX_CACHED_WORKFLOWS in worker/config.ts). */
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    activities: opts.activities,
    ...(opts.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: opts.maxCachedWorkflows }),
  });
}
