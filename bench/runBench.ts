import os from 'node:os';
import type { Client } from '@temporalio/client';
import { connectDatabase } from '../db/connect.ts';
import { provinceCode } from '../domain/council.ts';
import type { MailReader } from '../infra/mailSink.ts';
import { cycleId } from '../domain/ids.ts';
import { runBaseline } from './baseline.ts';
import { timeCliPair, type CliPair } from './cliTiming.ts';
import { historyStats, percentiles, rowCounts, rowsAdded, runShapes, sampleRss, type HistoryStats, type Percentiles } from './measure.ts';
import { peakRssOf } from './workerProcess.ts';
import { runProjectCycles, type PhaseTiming } from './projectRun.ts';
import { BENCH_YEAR, createSyntheticProvince } from './syntheticProvince.ts';
import { webActor } from './webActor.ts';

// The bench's core (`npm run bench` is scripts/bench.ts around it; a test runs it at a tiny
// size): given a running Temporal, PostgreSQL and worker (and, optionally, the mail sink and the
// web server), it runs the project's compressed cycle of synthetic provinces, then the bare
// baseline with the same traffic, and returns the figures of both.

export interface BenchRuntime {
  client: Client;
  /** The bench reads PostgreSQL through a pool of its own: the worker's pool is what is measured. */
  databaseUrl: string;
  /** The task queue the project's worker polls. */
  taskQueue: string;
  /** The project's worker's process, started for this run (its peak RSS is read from it); absent: the worker runs in this process. */
  workerPid?: number;
  temporalAddress: string;
  /** With both, a first cluster's representatives act through the web pages, from their mails' links. */
  mail?: MailReader;
  webBaseUrl?: string;
}

export interface BenchOptions {
  provinces: number;
  clusters: number;
  members: number;
  /** Simulated participants acting at once. */
  concurrency: number;
  /** The compressed calendar's round length; default: long enough for every unit to act at the bench's pace. */
  roundMs?: number;
}

/**
 * The round length that leaves every unit time to act in each round: at least 15 s, 100 ms per unit
 * (the participants act at about 25 submissions a second, so a round's work takes 40 % of it).
 */
export function defaultRoundMs(units: number): number {
  return Math.max(15_000, units * 100);
}

export interface SideFigures {
  /** The participants' active time: each phase from its first action to its last result, summed (ms). */
  wallMs: number;
  updates: number;
  activities: number;
  updatesPerSec: number;
  activitiesPerSec: number;
  latencyMs: Percentiles;
  /** The worker process's peak resident memory (null where it cannot be read). */
  rssPeakMiB: number | null;
  history: HistoryStats;
  phases: PhaseTiming[];
}

export interface BenchResult {
  when: string;
  machine: { cores: number; loadAverage: { atStart: number[]; atEnd: number[] }; node: string };
  size: { provinces: number; clusters: number; members: number; units: number; concurrency: number; roundMs: number };
  project: SideFigures & {
    /** The cycles from the first start to the last hand-over: the compressed calendar's length, mostly (ms). */
    cycleWallMs: number;
    rowsPerUnit: number;
    rowsByTable: Record<string, number>;
    mailsPerUnit: number;
    slowestWebPost: { what: string; ms: number } | null;
    pendingTasks: { ms: number; tasks: number };
    refusals: { count: number; first: string[] };
    /** Submissions tried again after a failure that was not a refusal. */
    retries: number;
  };
  baseline: SideFigures & { totalMs: number };
  /** `tdkt --json cycle status` and `temporal workflow describe` on a running cycle, 5 runs each; null when it could not be measured (the log says why). */
  cli: CliPair | null;
  /** Project ÷ baseline. */
  ratios: { wall: number; updatesPerSec: number; activitiesPerSec: number; p50: number; p95: number; p99: number };
  targets: { name: string; target: string; value: string; met: boolean }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const perSec = (n: number, ms: number) => round2(ms > 0 ? (n * 1000) / ms : 0);
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

export async function runBench(rt: BenchRuntime, opts: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const db = connectDatabase(rt.databaseUrl, { poolSize: 4 });
  try {
    return await measured(rt, db, opts, log);
  } finally {
    await db.destroy();
  }
}

async function measured(
  rt: BenchRuntime,
  db: ReturnType<typeof connectDatabase>,
  opts: BenchOptions,
  log: (line: string) => void,
): Promise<BenchResult> {
  const loadAtStart = os.loadavg().map(round2);
  const units = opts.provinces * opts.clusters * opts.members;
  const roundMs = opts.roundMs ?? defaultRoundMs(units);
  const rowsBefore = await rowCounts(db);
  const provinces = [];
  for (let p = 0; p < opts.provinces; p++) provinces.push(await createSyntheticProvince(db, opts));
  log(`${opts.provinces} synthetic province(s) of ${opts.clusters} clusters × ${opts.members} members: ${units} member units`);

  const rss = rt.workerPid === undefined ? sampleRss() : undefined;
  const project = await runProjectCycles({
    client: rt.client,
    db,
    taskQueue: rt.taskQueue,
    provinces,
    roundMs,
    concurrency: opts.concurrency,
    ...(rt.mail && rt.webBaseUrl ? { web: webActor({ mail: rt.mail, baseUrl: rt.webBaseUrl }) } : {}),
    log,
  });
  const projectRss = rss ? rss.stop() : peakRssOf(rt.workerPid!);
  // Timed while the worker still runs: the status asks the cycle and its rounds through it.
  const cli = await timeCli(rt, cycleId(provinces[0]!.clusters[0]!.code, BENCH_YEAR + 1), log);
  // The hand-over started next year's cycles (a compressed year away): they are not the bench's.
  const prefixes = [
    ...provinces.map((p) => `cycle/${p.clusters[0]!.code.split('-')[0]}-`),
    ...provinces.map((p) => `council/${provinceCode(p.name)}/`),
  ];
  await terminateRunning(rt.client, prefixes);
  const runs = await runShapes(rt.client, prefixes);
  const rows = rowsAdded(rowsBefore, await rowCounts(db));
  log(`project: ${runs.length} workflow runs, ${Object.values(rows).reduce((a, b) => a + b, 0)} rows added`);

  const baseline = await runBaseline({ client: rt.client, temporalAddress: rt.temporalAddress, runs, concurrency: opts.concurrency, log });
  const baselineRuns = await runShapes(rt.client, [baseline.prefix]);

  const side = (phases: PhaseTiming[], latencies: number[], history: HistoryStats, rssBytes: number | null): SideFigures => {
    const wallMs = phases.reduce((s, p) => s + p.spanMs, 0);
    return {
      wallMs,
      updates: history.updates,
      activities: history.activities,
      updatesPerSec: perSec(history.updates, wallMs),
      activitiesPerSec: perSec(history.activities, wallMs),
      latencyMs: percentiles(latencies),
      rssPeakMiB: rssBytes === null ? null : mib(rssBytes),
      history,
      phases,
    };
  };
  const p = side(project.phases, project.latencies, historyStats(runs), projectRss);
  const b = side(baseline.phases, baseline.latencies, historyStats(baselineRuns), baseline.rssPeakBytes);
  const ratio = (x: number, y: number) => round2(y > 0 ? x / y : 0);
  const ratios = {
    wall: ratio(p.wallMs, b.wallMs),
    updatesPerSec: ratio(p.updatesPerSec, b.updatesPerSec),
    activitiesPerSec: ratio(p.activitiesPerSec, b.activitiesPerSec),
    p50: ratio(p.latencyMs.p50, b.latencyMs.p50),
    p95: ratio(p.latencyMs.p95, b.latencyMs.p95),
    p99: ratio(p.latencyMs.p99, b.latencyMs.p99),
  };
  const slowestWebPost = project.webPosts.reduce<{ what: string; ms: number } | null>((a, w) => (!a || w.ms > a.ms ? w : a), null);
  const completed = project.refusals.length === 0;
  return {
    when: new Date().toISOString(),
    machine: {
      cores: os.availableParallelism(),
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map(round2) },
      node: process.version,
    },
    size: { provinces: opts.provinces, clusters: opts.clusters, members: opts.members, units, concurrency: opts.concurrency, roundMs },
    project: {
      ...p,
      cycleWallMs: project.cycleWallMs,
      rowsPerUnit: round2(Object.values(rows).reduce((a, n) => a + n, 0) / units),
      rowsByTable: rows,
      mailsPerUnit: round2((rows.email_outbox ?? 0) / units),
      slowestWebPost,
      pendingTasks: project.pendingTasks,
      refusals: { count: project.refusals.length, first: project.refusals.slice(0, 5) },
      retries: project.retries,
    },
    baseline: { ...b, totalMs: baseline.totalMs },
    cli,
    ratios,
    targets: [
      { name: 'wall time', target: '≤ 1.25× baseline', value: `${ratios.wall}×`, met: ratios.wall <= 1.25 },
      { name: 'p99 latency', target: '≤ 2× baseline', value: `${ratios.p99}×`, met: ratios.p99 <= 2 },
      {
        name: 'every unit acted, every cycle handed over',
        target: 'no refusal',
        value: `${project.refusals.length} refused`,
        met: completed,
      },
      {
        name: 'worker RSS peak',
        target: '≤ 1024 MiB',
        value: p.rssPeakMiB === null ? 'not measured' : `${p.rssPeakMiB} MiB`,
        met: p.rssPeakMiB !== null && p.rssPeakMiB <= 1024,
      },
      {
        name: 'largest history',
        target: '≤ 2,000 events',
        value: `${p.history.eventsMax} (${p.history.largest})`,
        met: p.history.eventsMax <= 2000,
      },
    ],
  };
}

/** The CLI pair on `workflowId` (next year's cycle, which the hand-over started: running, with a worker to answer its status). */
async function timeCli(rt: BenchRuntime, workflowId: string, log: (line: string) => void): Promise<CliPair | null> {
  try {
    const pair = await timeCliPair({ workflowId, temporalAddress: rt.temporalAddress, namespace: rt.client.options.namespace });
    log(
      `CLI on ${workflowId}: ${pair.tdkt.medianMs} ms for tdkt cycle status, ${pair.temporal ? `${pair.temporal.medianMs} ms` : 'no Temporal CLI'} for temporal workflow describe`,
    );
    return pair;
  } catch (error) {
    log(`CLI not timed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return null;
  }
}

/** Ends what still runs under the prefixes (next year's cycles the hand-over started, and their rounds). */
export async function terminateRunning(client: Client, prefixes: string[]): Promise<void> {
  for (const prefix of prefixes)
    for await (const w of client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'` }))
      await client.workflow
        .getHandle(w.workflowId, w.runId)
        .terminate('the bench is over')
        .catch(() => undefined);
}
