import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

// What the bench measures besides the participants' own timings: latency percentiles, the
// worker's resident memory, the workflows' histories (events, Updates, activities) and the rows
// PostgreSQL holds.

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of `values` (ms), rounded to 0.1 ms. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0) };
}

/** Samples this process's RSS (the worker runs in it) every `everyMs`; `stop` returns the peak in bytes. */
export function sampleRss(everyMs = 250): { peak(): number; stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export interface RunShape {
  workflowId: string;
  runId: string;
  type: string;
  events: number;
  updates: number;
  activities: number;
}

export interface HistoryStats {
  runs: number;
  eventsMax: number;
  eventsMean: number;
  largest: string;
  updates: number;
  activities: number;
}

/**
 * Every run (continued runs included) of the workflows whose ids start with one of `prefixes`,
 * with its history's size, Updates accepted and activities scheduled.
 */
export async function runShapes(client: Client, prefixes: readonly string[], concurrency = 8): Promise<RunShape[]> {
  const found: { workflowId: string; runId: string; type: string }[] = [];
  for (const prefix of prefixes)
    for await (const w of client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}'` }))
      found.push({ workflowId: w.workflowId, runId: w.runId, type: w.type });
  return mapConcurrently(found, concurrency, async (run) => {
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const events = history.events ?? [];
    return {
      ...run,
      events: events.length,
      updates: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
      activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    };
  });
}

export function historyStats(runs: readonly RunShape[]): HistoryStats {
  const largest = runs.reduce<RunShape | undefined>((a, b) => (!a || b.events > a.events ? b : a), undefined);
  return {
    runs: runs.length,
    eventsMax: largest?.events ?? 0,
    eventsMean: runs.length ? Math.round((runs.reduce((s, r) => s + r.events, 0) / runs.length) * 10) / 10 : 0,
    largest: largest ? `${largest.workflowId} (${largest.type})` : '',
    updates: runs.reduce((s, r) => s + r.updates, 0),
    activities: runs.reduce((s, r) => s + r.activities, 0),
  };
}

/** Exact row counts of every table of the schema (the migrations' own tables left out). */
export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(result.rows[0]!.n);
  }
  return counts;
}

/** The rows added between two rowCounts, by table (tables that did not grow left out). */
export function rowsAdded(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([table, n]) => [table, n - (before[table] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

/** `work` over `items`, at most `limit` at a time, results in order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}
