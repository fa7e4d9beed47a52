import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { locateTemporalCli } from '../infra/temporalCli.ts';

// How long a person waits for `tdkt --json cycle status <id>`, beside Temporal's own CLI describing
// the same workflow (`temporal workflow describe`): each a fresh process, as typed in a terminal,
// one after the other. The status asks Temporal more than describe does (the namespace, the
// workflow, then the cycle's status query and each open round's), so it cannot match it; what it
// shows is the cost of starting tdkt, which every command pays.

const run = promisify(execFile);
const TDKT = fileURLToPath(new URL('../bin/tdkt', import.meta.url));

export interface CliTiming {
  command: string;
  runs: number;
  /** Median wall time of the runs, ms. */
  medianMs: number;
}

export interface CliPair {
  workflowId: string;
  tdkt: CliTiming;
  /** Absent when no Temporal CLI was found (TEMPORAL_CLI_PATH, PATH, or the copy `npm run provision` builds). */
  temporal?: CliTiming;
}

/** The median of `runs` timed runs (ms), after one untimed run that fills the caches (Node's compile cache, the OS's files). */
async function medianMs(file: string, args: string[], env: NodeJS.ProcessEnv, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    await run(file, args, { env, timeout: 30_000 });
    if (i > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

/** `tdkt --json cycle status` and `temporal workflow describe` on the running cycle `workflowId`, `runs` times each. */
export async function timeCliPair(opts: {
  workflowId: string;
  temporalAddress: string;
  namespace?: string;
  runs?: number;
}): Promise<CliPair> {
  const runs = opts.runs ?? 5;
  const namespace = opts.namespace ?? 'default';
  const env = { ...process.env, TEMPORAL_ADDRESS: opts.temporalAddress, TEMPORAL_NAMESPACE: namespace };
  const tdktArgs = ['--json', 'cycle', 'status', opts.workflowId];
  const tdkt = { command: `tdkt ${tdktArgs.join(' ')}`, runs, medianMs: await medianMs(TDKT, tdktArgs, env, runs) };
  const temporalCli = locateTemporalCli();
  if (!temporalCli) return { workflowId: opts.workflowId, tdkt };
  const describeArgs = [
    'workflow',
    'describe',
    '--workflow-id',
    opts.workflowId,
    '--address',
    opts.temporalAddress,
    '--namespace',
    namespace,
  ];
  return {
    workflowId: opts.workflowId,
    tdkt,
    temporal: { command: `temporal ${describeArgs.join(' ')}`, runs, medianMs: await medianMs(temporalCli, describeArgs, env, runs) },
  };
}
