import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatResult, formatScale, markdownTable } from '../bench/report.ts';
import { runBench, type BenchOptions, type BenchResult } from '../bench/runBench.ts';
import { startWorkerProcess } from '../bench/workerProcess.ts';
import { bundleWorkflowsTo } from '../worker/bundle.ts';
import { startLocalRuntime } from './localRuntime.ts';

// `npm run bench`: what the cycle costs on top of Temporal itself. Starts the local runtime the
// demo uses (Temporal dev server, embedded PostgreSQL, mail sink and the web server in this
// process; the worker, the production one, in a process of its own so that its memory is
// measured alone, started afresh for each size), runs a synthetic province's compressed year and
// the bare baseline (bench/runBench.ts), prints both with their ratios and writes the figures as
// JSON into bench-results/ (named by date and commit).

const HELP = `npm run bench [-- options]

Runs a compressed full cycle of a synthetic province (C clusters × M members) against a real
Temporal dev server, PostgreSQL and mail sink, with simulated participants acting at once, then
bare Temporal workflows with the same Updates and activities, and prints both with their ratios.

  --clusters C      clusters per province (default 10)
  --members M       member units per cluster (default 8)
  --provinces P     provinces, each with its own council (default 1; with --units, one per ten clusters)
  --units N         shortcut: N units in all, in clusters of M members and provinces of about ten
                    clusters, as Vietnam's are (e.g. --units 1000 → 13 provinces × 10 clusters × 8)
  --concurrency K   participants acting at once (default 8)
  --round-ms MS     the compressed calendar's round length (default: 100 ms per unit, at least 15 s)
  --worker-cache N  the worker's WORKER_MAX_CACHED_WORKFLOWS (default: the worker's own default)
  --scale           runs 80, 240, 480 and 1,000 units (as --units) one after the other and prints how they grow
  --out DIR         where the JSON goes (default bench-results)`;

const OPTIONS = {
  clusters: { type: 'string', default: '10' },
  members: { type: 'string', default: '8' },
  provinces: { type: 'string' },
  units: { type: 'string' },
  concurrency: { type: 'string', default: '8' },
  'round-ms': { type: 'string' },
  'worker-cache': { type: 'string' },
  scale: { type: 'boolean', default: false },
  out: { type: 'string', default: 'bench-results' },
  help: { type: 'boolean', default: false },
} as const;

/** The arguments, or exit code 2 with the help text: an unknown option is said in one line, not as a stack trace. */
function parsedArgs() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exit(2);
  }
}
const args = parsedArgs();
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

function count(name: string, text: string | undefined, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max} (got ${text})\n\n${HELP}`);
    process.exit(2);
  }
  return n;
}

const members = count('members', args.members, 3, 40);
const base = {
  members,
  concurrency: count('concurrency', args.concurrency, 1, 200),
  ...(args['round-ms'] ? { roundMs: count('round-ms', args['round-ms'], 2_000, 3_600_000) } : {}),
};
const workerCache = args['worker-cache'] === undefined ? undefined : count('worker-cache', args['worker-cache'], 2, 100_000);
const provincesGiven = args.provinces === undefined ? undefined : count('provinces', args.provinces, 1, 34);
/**
 * N units as a country has them: provinces of about ten clusters (a province's council votes on
 * every nomination of its clusters, so one province of 125 clusters would be no real one).
 */
function sizeOf(units: number): BenchOptions {
  const clusters = Math.max(1, Math.ceil(units / members));
  const provinces = provincesGiven ?? Math.min(34, Math.ceil(clusters / 10));
  return { ...base, provinces, clusters: Math.ceil(clusters / provinces) };
}
const sizes: BenchOptions[] = args.scale
  ? [80, 240, 480, 1_000].map(sizeOf)
  : [
      args.units
        ? sizeOf(count('units', args.units, 3, 100_000))
        : { ...base, provinces: provincesGiven ?? 1, clusters: count('clusters', args.clusters, 1, 1_000) },
    ];

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);

/** The commit measured, `-dirty` when the work tree has changes. */
function commit(): string {
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  // Read before the run: a long run may outlive the work tree it started from.
  const measured = commit();
  log('starting Temporal dev server, embedded PostgreSQL, the mail sink and the web server…');
  const rt = await startLocalRuntime({ log, web: true, worker: false });
  const bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tdkt-bench-'));
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  const stop = async () => {
    await worker?.stop();
    await rt.stop();
    await fs.rm(bundleDir, { recursive: true, force: true });
  };
  // Ctrl-C stops the servers this run started, rather than leaving them holding the ports.
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  const results: BenchResult[] = [];
  try {
    const bundle = path.join(bundleDir, 'workflows.js');
    await bundleWorkflowsTo(bundle);
    for (const size of sizes) {
      log(`── ${size.provinces * size.clusters * size.members} member units`);
      worker = await startWorkerProcess({
        script: fileURLToPath(new URL('../worker/main.ts', import.meta.url)),
        env: {
          TEMPORAL_ADDRESS: rt.stack.temporal.address,
          TEMPORAL_TASK_QUEUE: rt.taskQueue,
          DATABASE_URL: rt.stack.postgres.url,
          SMTP_URL: rt.stack.mail.smtpUrl,
          WEB_BASE_URL: rt.links.baseUrl,
          TDKT_LINK_KEYS: rt.links.keys.map((k) => `${k.id}:${k.secret.toString('base64url')}`).join(','),
          TDKT_WORKFLOW_BUNDLE: bundle,
          ...(workerCache === undefined ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(workerCache) }),
          LOG_LEVEL: 'info',
        },
        ready: 'worker running',
        log,
      });
      const result = await runBench(
        {
          client: rt.client,
          databaseUrl: rt.stack.postgres.url,
          taskQueue: rt.taskQueue,
          workerPid: worker.pid,
          temporalAddress: rt.stack.temporal.address,
          mail: rt.stack.mail,
          webBaseUrl: rt.web!.baseUrl,
        },
        size,
        log,
      );
      await worker.stop();
      console.log(formatResult(result));
      results.push(result);
    }
  } finally {
    log('stopping…');
    await stop();
  }
  if (args.scale) console.log(`How it grows:\n${formatScale(results)}\n`);
  const name = `${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}-${measured}${args.scale ? '-scale' : ''}.json`;
  await fs.mkdir(args.out, { recursive: true });
  const file = path.join(args.out, name);
  await fs.writeFile(
    file,
    `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), results }, null, 2)}\n`,
  );
  console.log(`Figures written to ${file}\n\nFor the README's Performance table:\n\n${markdownTable(results.at(-1)!)}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
