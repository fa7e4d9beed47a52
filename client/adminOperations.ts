import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { provinceCode } from '../domain/council.ts';
import { PHASES } from '../domain/cycle.ts';
import { splitRoundId } from '../domain/ids.ts';
import { ROUND_KINDS, roundLabel } from '../domain/round.ts';
import { councilPending, cyclePending, decodePending, ROLES, roundPending, type PendingEntry } from '../domain/pendingActors.ts';
import { councilStatusQuery } from '../workflows/messages.ts';
import { roundStatusQuery } from '../workflows/messages.ts';
import { CLUSTER, PENDING_ACTORS_PATCH, PENDING_TASKS, PHASE, YEAR } from '../workflows/searchAttributes.ts';
import { cycleStatus, waitingForWorker } from './operations.ts';

// What administrators ask without reading code: which cycles run, in which phase, and what is
// waiting for whom. Cycles are found through Temporal's visibility (typed search attributes);
// the open tasks are read from each running workflow's status query.

export interface CycleListing {
  cycleId: string;
  cluster?: string;
  year?: number;
  phase?: string;
  status: string;
  startTime: string;
  closeTime?: string;
  /** Present, with the task queue it waits on, when the cycle is running but no worker has ever picked it up. */
  notPickedUp?: { taskQueue: string; status: typeof NOT_PICKED_UP };
}

/** How `cycle list` and `pending` name a running cycle that no worker has picked up. */
export const NOT_PICKED_UP = 'not picked up by any worker' as const;

/** Whether a running cycle is waiting for a worker (Temporal's record of it, see waitingForWorker): its task queue, or undefined. */
async function unpickedQueue(client: Client, workflowId: string): Promise<string | undefined> {
  const description = await client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  return description && waitingForWorker(description);
}

/**
 * Cycles matching every given filter, newest first. Filters are checked by the caller: they go into
 * a visibility query (`status` as Temporal names it: Running, TimedOut…).
 */
export async function listCycles(
  client: Client,
  filters: { year?: number; cluster?: string; phase?: string; status?: string },
): Promise<CycleListing[]> {
  const clauses = [`WorkflowType = 'annualCycle'`];
  if (filters.year !== undefined) clauses.push(`${YEAR.name} = ${filters.year}`);
  if (filters.cluster) clauses.push(`${CLUSTER.name} = '${filters.cluster}'`);
  if (filters.phase) clauses.push(`${PHASE.name} = '${filters.phase}'`);
  if (filters.status) clauses.push(`ExecutionStatus = '${filters.status}'`);
  const found: CycleListing[] = [];
  for await (const w of client.workflow.list({ query: clauses.join(' AND ') })) found.push(listing(w));
  // Only a running cycle without a phase can be one no worker has taken up (the workflow sets its phase first).
  const unpicked = await Promise.all(
    found.map((c) =>
      c.status === 'running' && (!c.phase || c.phase === PHASES.starting) ? unpickedQueue(client, c.cycleId) : Promise.resolve(undefined),
    ),
  );
  return found
    .map((c, i) => (unpicked[i] ? { ...c, notPickedUp: { taskQueue: unpicked[i], status: NOT_PICKED_UP } } : c))
    .sort((a, b) => b.startTime.localeCompare(a.startTime));
}

function listing(w: WorkflowExecutionInfo): CycleListing {
  const cluster = w.typedSearchAttributes.get(CLUSTER);
  const year = w.typedSearchAttributes.get(YEAR);
  const phase = w.typedSearchAttributes.get(PHASE);
  return {
    cycleId: w.workflowId,
    ...(cluster ? { cluster } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(phase ? { phase } : {}),
    status: w.status.name.toLowerCase(),
    startTime: w.startTime.toISOString(),
    ...(w.closeTime ? { closeTime: w.closeTime.toISOString() } : {}),
  };
}

export interface PendingTask {
  /** The workflow that waits: a round, a council or a cycle. */
  workflowId: string;
  /** What is awaited, e.g. "H1 report", "ballot 1", "council vote", "decision". */
  task: string;
  /** The unit it is awaited for, when it is a unit's task. */
  unit?: string;
  /** Who must act: a person id, or a role when the workflow knows only the role. */
  who: string;
  /** ISO time it has waited since (a round's opening); absent when the workflow does not say. */
  since?: string;
  /** ISO time it is due; absent when nothing in the calendar bounds it. */
  due?: string;
  /** The command that does it. */
  command: string;
}

/** The types of workflow that hold open tasks. */
const WITH_TASKS = ['round', 'councilSession', 'annualCycle'] as const;

/**
 * A workflow that ended between the listing and the query has nothing pending; one whose worker
 * is down cannot answer, and must not hold up the whole list (each look is bounded).
 */
async function orNothing<T>(client: Client, look: () => Promise<T>): Promise<T | undefined> {
  return client.withDeadline(Date.now() + 5_000, look).catch(() => undefined);
}

/** Who must act, as people read it: a person id as it is, a role (domain/pendingActors.ts ROLES) in words. */
function whoReads(who: string, unit: string | undefined): string {
  if (who === ROLES.secretariat) return 'the secretariat';
  if (who === ROLES.representative) return `the representative of ${unit}`;
  if (who.startsWith(ROLES.chairOf(''))) return `the chair of ${who.slice(ROLES.chairOf('').length)}`;
  return who;
}

/** What a task code (domain/pendingActors.ts) asks, and the command that does it: [task, command]. */
function taskReads(workflowId: string, { who, unit, task }: PendingEntry): [string, string] {
  const round = splitRoundId(workflowId);
  if (task === 'submit' && round) {
    const ballot = round.ballot !== undefined ? { number: round.ballot } : undefined;
    const label = roundLabel(
      { kind: round.kind, ...(round.period ? { period: round.period } : {}), ...(ballot ? { ballot } : {}) },
      'task',
    );
    return [
      label,
      `${ROUND_KINDS[round.kind].command} --cycle ${round.cycleId}${ballot ? ` --round ${ballot.number}` : ''} --unit ${unit}`,
    ];
  }
  const [code, nomination] = task.split(/:(.*)/s) as [string, string | undefined];
  const council = `--council ${workflowId}`;
  const cycle = `--cycle ${workflowId}`;
  const reads: Record<string, [string, string]> = {
    submission: ['submission (tờ trình)', `(the cycle of ${who.slice(ROLES.chairOf('').length)} submits once its ballot is done)`],
    appraisal: [`appraisal of ${nomination}`, `tdkt council appraise ${council} --nomination ${nomination}`],
    attendance: ['attendance of the session', `tdkt council attendance ${council}`],
    reschedule: ['a new session date', `tdkt council reschedule ${council}`],
    vote: ['council vote', `tdkt council vote ${council} --member ${who}`],
    decision: ['decision', `tdkt decision approve|return ${council}`],
    'flag-chair': ['the flag decision (chair)', `tdkt ballot decide ${cycle}`],
    'flag-deputy': ['the flag decision (deputy)', `tdkt ballot decide ${cycle}`],
    amend: ['amend the returned submission', `tdkt submission amend ${cycle}`],
    certificates: ["the cluster's giấy khen (or none)", `tdkt conference certificates ${cycle}`],
  };
  // A code from a newer worker than this client is shown as it is.
  return reads[code] ?? [task, ''];
}

/** An open task as a workflow published it, as people read it. */
function describeTask(workflowId: string, entry: PendingEntry): PendingTask {
  const { who, unit, due, since } = entry;
  const [task, command] = taskReads(workflowId, entry);
  return {
    workflowId,
    task,
    ...(unit ? { unit } : {}),
    who: whoReads(who, unit),
    ...(since ? { since } : {}),
    ...(due ? { due } : {}),
    command,
  };
}

/**
 * A workflow's open tasks asked of the workflow itself: for workflows that publish none (started
 * before the pending attributes existed: no 'pending-actors-search-attribute' among their
 * TemporalChangeVersion), or whose list did not fit an attribute (OVERFLOW).
 */
async function askedTasks(client: Client, type: string, workflowId: string): Promise<PendingEntry[]> {
  const handle = client.workflow.getHandle(workflowId);
  if (type === 'round') {
    const round = await orNothing(client, () => handle.query(roundStatusQuery));
    return round ? roundPending(round) : [];
  }
  if (type === 'councilSession') {
    const council = await orNothing(client, () => handle.query(councilStatusQuery));
    return council ? councilPending(council) : [];
  }
  const report = await orNothing(client, () => cycleStatus(client, workflowId));
  if (!report) return [];
  const units = report.rounds.flatMap((r) => r.units);
  return cyclePending(report.cycle, (unit) => units.find((u) => u.unit === unit)?.representative);
}

/** The open tasks of one listed workflow: from its attributes, or else asked of it (see askedTasks). */
async function tasksOf(client: Client, w: WorkflowExecutionInfo): Promise<PendingTask[]> {
  const type = w.type;
  const publishes = ((w.searchAttributes.TemporalChangeVersion ?? []) as unknown[]).includes(PENDING_ACTORS_PATCH);
  const phase = w.typedSearchAttributes.get(PHASE);
  if (!publishes && type === 'annualCycle' && (!phase || phase === PHASES.starting)) {
    // A cycle no worker has taken up has run no code at all (nor set its phase): Temporal's record of it says so.
    const taskQueue = await unpickedQueue(client, w.workflowId);
    if (taskQueue)
      return [
        {
          workflowId: w.workflowId,
          task: NOT_PICKED_UP,
          who: 'an administrator',
          command: `npm run worker (TEMPORAL_TASK_QUEUE=${taskQueue})`,
        },
      ];
  }
  const published = publishes ? decodePending(w.typedSearchAttributes.get(PENDING_TASKS) ?? []) : undefined;
  const entries = published ?? (await askedTasks(client, type, w.workflowId));
  return entries.map((entry) => describeTask(w.workflowId, entry));
}

/** One province's part of the namespace: its clusters' rounds and cycles, and its own councils. */
export interface ProvinceScope {
  /** The province's name as the cluster table has it (`Điện Biên`); its councils are `council/<code>/<year>`. */
  name: string;
  clusters: readonly string[];
}

/**
 * Every open task across the running rounds, councils and cycles, soonest due first; with a
 * province, only that province's (the console shows one province to its staff). One visibility
 * query lists the running workflows with the open tasks they publish (workflows/pendingActors.ts);
 * only those that cannot say (see tasksOf) are asked one by one.
 */
export async function pendingTasks(
  client: Client,
  filter: { person?: string; unit?: string; cluster?: string; province?: ProvinceScope } = {},
): Promise<PendingTask[]> {
  const clusters = filter.cluster ? [filter.cluster] : filter.province?.clusters;
  if (clusters && clusters.length === 0) return [];
  const councilPrefix = filter.province ? `council/${provinceCode(filter.province.name)}/` : '';
  const types = `WorkflowType IN (${WITH_TASKS.map((t) => `'${t}'`).join(', ')})`;
  // Councils are the province's, not a cluster's (they carry no cluster): with a cluster given they are left out.
  const ofClusters = clusters ? ` AND (${clusters.map((c) => `${CLUSTER.name} = '${c}'`).join(' OR ')})` : '';
  const listed: WorkflowExecutionInfo[] = [];
  for await (const w of client.workflow.list({ query: `${types} AND ExecutionStatus = 'Running'${ofClusters}` }))
    if (w.type !== 'councilSession' || w.workflowId.startsWith(councilPrefix)) listed.push(w);
  const all = (await Promise.all(listed.map((w) => tasksOf(client, w)))).flat();
  return all
    .filter((t) => (!filter.person || t.who === filter.person) && (!filter.unit || t.unit === filter.unit))
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.workflowId.localeCompare(b.workflowId));
}
