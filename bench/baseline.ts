import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type { BaselineInput, baselineTwin } from './baselineWorkflow.ts';
import { baselineSubmit } from './baselineWorkflow.ts';
import { ROUNDS, type PhaseTiming } from './projectRun.ts';
import { mapConcurrently, type RunShape } from './measure.ts';
import { startWorkerProcess } from './workerProcess.ts';
import { waitUntil } from '../infra/waitUntil.ts';

// The baseline's run: one bare twin (bench/baselineWorkflow.ts) per workflow run of the project,
// on a worker and task queue of its own in a process of its own (bench/baselineWorker.ts), on the
// same dev server. Each twin gets
// its run's number of Updates and activities; the Updates are sent phase by phase (the twins of
// the pledge rounds together, then those of the H1 reports…) at the participants' concurrency, as
// the project's were.

export interface BaselineResult {
  /** What the twins' workflow ids start with, to read their histories. */
  prefix: string;
  workflows: number;
  phases: PhaseTiming[];
  /** Update call → its result (ms). */
  latencies: number[];
  /** Workflow start → every twin completed (ms). */
  totalMs: number;
  /** The baseline worker's peak resident memory (bytes; null where /proc does not exist). */
  rssPeakBytes: number | null;
}

/** The phase a project run's Updates belong to: its round's name, or the council, or the cycle. */
export function phaseOf(run: RunShape): string {
  if (run.type === 'councilSession') return 'council';
  if (run.type === 'round') return run.workflowId.split('/').at(-1)!;
  return run.type;
}

export async function runBaseline(opts: {
  client: Client;
  temporalAddress: string;
  runs: RunShape[];
  concurrency: number;
  log: (line: string) => void;
}): Promise<BaselineResult> {
  const { client, log } = opts;
  const taskQueue = `bench-baseline-${randomUUID()}`;
  // Bundled here, as the project's workflows are before its worker starts: neither worker pays for webpack.
  const bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tdkt-bench-baseline-'));
  const bundle = path.join(bundleDir, 'baseline.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./baselineWorkflow.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  await fs.writeFile(bundle, code);
  const worker = await startWorkerProcess({
    script: fileURLToPath(new URL('./baselineWorker.ts', import.meta.url)),
    args: [taskQueue, bundle],
    env: { TEMPORAL_ADDRESS: opts.temporalAddress },
    ready: 'baseline worker running',
    log,
  });
  try {
    const began = performance.now();
    const twins = await mapConcurrently(opts.runs, opts.concurrency, async (run, i) => {
      const input: BaselineInput = { updates: run.updates, activities: run.activities };
      const handle = await client.workflow.start<typeof baselineTwin>('baselineTwin', {
        taskQueue,
        workflowId: `bench-baseline/${taskQueue}/${i}`,
        args: [input],
      });
      return { run, handle };
    });
    // Each twin runs its first workflow task before the first Update, as the project's rounds are
    // open before their participants act: else the first phase's Updates queue behind every twin's start.
    await mapConcurrently(twins, opts.concurrency, ({ handle }) =>
      waitUntil(
        `baseline twin ${handle.workflowId} to start`,
        async () => ((await handle.describe()).historyLength >= 4 ? true : undefined),
        { timeoutMs: 120_000, intervalMs: 100 },
      ),
    );
    log(`baseline: ${twins.length} twin workflows started`);
    const phases: PhaseTiming[] = [];
    const latencies: number[] = [];
    // In the project's order: the rounds as the year runs them, then the council.
    const projectOrder: string[] = [...ROUNDS, 'council'];
    const order = (phase: string) => (projectOrder.includes(phase) ? projectOrder.indexOf(phase) : projectOrder.length);
    const inOrder = [...new Set(twins.map((t) => phaseOf(t.run)))].sort((a, b) => order(a) - order(b));
    for (const phase of inOrder) {
      const updates = twins
        .filter((t) => phaseOf(t.run) === phase)
        .flatMap((t) => Array.from({ length: t.run.updates }, (_, k) => ({ handle: t.handle, unit: `U${k}` })));
      if (!updates.length) continue;
      const t0 = performance.now();
      await mapConcurrently(updates, opts.concurrency, async ({ handle, unit }) => {
        const called = performance.now();
        await handle.executeUpdate(baselineSubmit, { args: [{ unit }] });
        latencies.push(performance.now() - called);
      });
      phases.push({ phase, actions: updates.length, refused: 0, spanMs: Math.round(performance.now() - t0) });
      log(`baseline ${phase}: ${updates.length} Updates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await mapConcurrently(twins, opts.concurrency, (t) => t.handle.result());
    return {
      prefix: `bench-baseline/${taskQueue}/`,
      workflows: twins.length,
      phases,
      latencies,
      totalMs: Math.round(performance.now() - began),
      rssPeakBytes: worker.peakRssBytes(),
    };
  } finally {
    await worker.stop();
    await fs.rm(bundleDir, { recursive: true, force: true });
  }
}
