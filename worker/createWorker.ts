import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../activities/index.ts';

export const DEFAULT_TASK_QUEUE = 'tdkt';

/**
 * Modules the workflows' V8 context loads once and shares: the SDK otherwise gives every running
 * workflow its own instance of every module it imports (its module cache is per workflow), and
 * `zod` alone is 3 MB of heap a workflow. zod keeps no per-workflow state (the project never
 * touches its global registry or configuration), so sharing it is safe; the project's own modules
 * stay per workflow.
 */
export const PRELOADED_MODULES = ['zod'];

/** The workflows' entry point: the only workflowsPath (DESIGN.md). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

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
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: PRELOADED_MODULES } }),
    activities: opts.activities,
    ...(opts.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: opts.maxCachedWorkflows }),
  });
}
