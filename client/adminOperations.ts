import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { parseIsoDuration } from '../domain/duration.ts';
import { provinceCode } from '../domain/council.ts';
import { PHASES } from '../domain/cycle.ts';
import { splitRoundId } from '../domain/ids.ts';
import { ROUND_KINDS, roundLabel } from '../domain/round.ts';
import { councilStatusQuery } from '../workflows/councilHandlers.ts';
import { roundStatusQuery } from '../workflows/round.ts';
import { CLUSTER, PHASE, YEAR } from '../workflows/searchAttributes.ts';
import { cycleStatus, waitingForWorker } from './operations.ts';

// What administrators ask without reading code: which cycles run, in which phase, and what is
// waiting for whom. Cycles are found through Temporal's visibility (typed search attributes);
// the open tasks are read from each running workflow's status query.

export const EXECUTION_STATUSES = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  terminated: 'Terminated',
  cancelled: 'Canceled',
  'timed-out': 'TimedOut',
  'continued-as-new': 'ContinuedAsNew',
} as const;
export type ExecutionStatusName = keyof typeof EXECUTION_STATUSES;

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

/** Cycles matching every given filter, newest first. Filters are checked by the caller: they go into a visibility query. */
export async function listCycles(
  client: Client,
  filters: { year?: number; cluster?: string; phase?: string; status?: ExecutionStatusName },
): Promise<CycleListing[]> {
  const clauses = [`WorkflowType = 'annualCycle'`];
  if (filters.year !== undefined) clauses.push(`${YEAR.name} = ${filters.year}`);
  if (filters.cluster) clauses.push(`${CLUSTER.name} = '${filters.cluster}'`);
  if (filters.phase) clauses.push(`${PHASE.name} = '${filters.phase}'`);
  if (filters.status) clauses.push(`ExecutionStatus = '${EXECUTION_STATUSES[filters.status]}'`);
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

/** The running workflows of a type, of the given clusters only when `clusters` is given (none: nothing). */
async function runningOf(client: Client, type: string, clusters?: readonly string[]): Promise<string[]> {
  if (clusters && clusters.length === 0) return [];
  const ids: string[] = [];
  const ofClusters = clusters ? ` AND (${clusters.map((c) => `${CLUSTER.name} = '${c}'`).join(' OR ')})` : '';
  const query = `WorkflowType = '${type}' AND ExecutionStatus = 'Running'${ofClusters}`;
  for await (const w of client.workflow.list({ query })) ids.push(w.workflowId);
  return ids;
}

/**
 * A workflow that ended between the listing and the query has nothing pending; one whose worker
 * is down cannot answer, and must not hold up the whole list (each look is bounded).
 */
async function orNothing<T>(client: Client, look: () => Promise<T>): Promise<T | undefined> {
  return client.withDeadline(Date.now() + 5_000, look).catch(() => undefined);
}

async function roundTasks(client: Client, workflowId: string): Promise<PendingTask[]> {
  const round = await orNothing(client, () => client.workflow.getHandle(workflowId).query(roundStatusQuery));
  if (!round || (round.phase !== 'open' && round.phase !== 'late')) return [];
  const cycleId = splitRoundId(workflowId)?.cycleId ?? workflowId;
  const task = roundLabel(round, 'task');
  const { command } = ROUND_KINDS[round.kind];
  return round.units
    .filter((u) => !u.submittedAt && !u.excused)
    .map((u) => ({
      workflowId,
      task,
      unit: u.unit,
      who: u.representative,
      since: round.opensAt,
      due: u.deadline ?? round.deadline,
      command: `${command} --cycle ${cycleId}${round.ballot ? ` --round ${round.ballot.number}` : ''} --unit ${u.unit}`,
    }));
}

async function councilTasks(client: Client, councilId: string): Promise<PendingTask[]> {
  const council = await orNothing(client, () => client.workflow.getHandle(councilId).query(councilStatusQuery));
  if (!council) return [];
  const tasks: PendingTask[] = [];
  const session = council.sessions.at(-1);
  const sessionEnd = session
    ? new Date(Date.parse(session.at) + (parseIsoDuration(council.calendar.sessionLength) ?? 0)).toISOString()
    : undefined;
  if (council.phase === 'collecting') {
    for (const cluster of council.missing)
      tasks.push({
        workflowId: councilId,
        task: 'submission (tờ trình)',
        who: `the chair of ${cluster}`,
        due: council.calendar.submitBy,
        command: `(the cycle of ${cluster} submits once its ballot is done)`,
      });
  }
  for (const [nomination, verdict] of Object.entries(council.appraisal)) {
    if (verdict.status === 'pending')
      tasks.push({
        workflowId: councilId,
        task: `appraisal of ${nomination}`,
        who: 'the secretariat',
        due: council.calendar.sessionAt,
        command: `tdkt council appraise --council ${councilId} --nomination ${nomination}`,
      });
  }
  if (council.phase === 'session')
    tasks.push({
      workflowId: councilId,
      task: 'attendance of the session',
      who: 'the secretariat',
      ...(session ? { due: session.at } : {}),
      command: `tdkt council attendance --council ${councilId}`,
    });
  if (council.phase === 'rescheduling')
    tasks.push({
      workflowId: councilId,
      task: 'a new session date',
      who: 'the secretariat',
      command: `tdkt council reschedule --council ${councilId}`,
    });
  if (council.phase === 'voting') {
    const voted = new Set(council.voted.map((v) => v.member));
    for (const member of council.members.filter((m) => !voted.has(m)))
      tasks.push({
        workflowId: councilId,
        task: 'council vote',
        who: member,
        ...(sessionEnd ? { due: sessionEnd } : {}),
        command: `tdkt council vote --council ${councilId} --member ${member}`,
      });
  }
  if (council.phase === 'decision')
    tasks.push({
      workflowId: councilId,
      task: 'decision',
      who: council.chair,
      command: `tdkt decision approve|return --council ${councilId}`,
    });
  return tasks;
}

/** The cycle's own tasks: the flag decision, an amendment, the giấy khen before the conference. */
async function cycleTasks(client: Client, cycleId: string): Promise<PendingTask[]> {
  const taskQueue = await unpickedQueue(client, cycleId);
  if (taskQueue)
    return [
      { workflowId: cycleId, task: NOT_PICKED_UP, who: 'an administrator', command: `npm run worker (TEMPORAL_TASK_QUEUE=${taskQueue})` },
    ];
  const report = await orNothing(client, () => cycleStatus(client, cycleId));
  if (!report) return [];
  const { cycle } = report;
  const repOf = (unit: string | undefined) =>
    report.rounds.flatMap((r) => r.units).find((u) => u.unit === unit)?.representative ?? `the representative of ${unit}`;
  const tasks: PendingTask[] = [];
  const leaders = cycle.scoring?.leaders;
  if (cycle.phase === PHASES.leadersDecide && leaders) {
    for (const [role, unit, said] of [
      ['chair', cycle.chairUnit, leaders.chair],
      ['deputy', cycle.deputyUnit, leaders.deputy],
    ] as const) {
      if (!said)
        tasks.push({
          workflowId: cycleId,
          task: `the flag decision (${role})`,
          unit: unit!,
          who: repOf(unit),
          due: leaders.deadline,
          command: `tdkt ballot decide --cycle ${cycleId}`,
        });
    }
  }
  if (cycle.phase === PHASES.revision)
    tasks.push({
      workflowId: cycleId,
      task: 'amend the returned submission',
      unit: cycle.chairUnit!,
      who: repOf(cycle.chairUnit),
      command: `tdkt submission amend --cycle ${cycleId}`,
    });
  if (cycle.phase === PHASES.conference && cycle.calendar.conference && !cycle.yearEnd?.certificates) {
    tasks.push({
      workflowId: cycleId,
      task: "the cluster's giấy khen (or none)",
      unit: cycle.chairUnit!,
      who: repOf(cycle.chairUnit),
      due: cycle.calendar.conference.at,
      command: `tdkt conference certificates --cycle ${cycleId}`,
    });
  }
  return tasks;
}

/** One province's part of the namespace: its clusters' rounds and cycles, and its own councils. */
export interface ProvinceScope {
  /** The province's name as the cluster table has it (`Điện Biên`); its councils are `council/<code>/<year>`. */
  name: string;
  clusters: readonly string[];
}

/**
 * Every open task across the running rounds, councils and cycles, soonest due first; with a
 * province, only that province's (the console shows one province to its staff).
 */
export async function pendingTasks(
  client: Client,
  filter: { person?: string; unit?: string; cluster?: string; province?: ProvinceScope } = {},
): Promise<PendingTask[]> {
  const clusters = filter.cluster ? [filter.cluster] : filter.province?.clusters;
  const councilPrefix = filter.province ? `council/${provinceCode(filter.province.name)}/` : '';
  // Councils are the province's, not a cluster's: with a cluster given, they are left out.
  const [rounds, councils, cycles] = await Promise.all([
    runningOf(client, 'round', clusters),
    filter.cluster ? [] : runningOf(client, 'councilSession').then((ids) => ids.filter((id) => id.startsWith(councilPrefix))),
    runningOf(client, 'annualCycle', clusters),
  ]);
  const all = (
    await Promise.all([
      ...rounds.map((id) => roundTasks(client, id)),
      ...councils.map((id) => councilTasks(client, id)),
      ...cycles.map((id) => cycleTasks(client, id)),
    ])
  ).flat();
  return all
    .filter((t) => (!filter.person || t.who === filter.person) && (!filter.unit || t.unit === filter.unit))
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.workflowId.localeCompare(b.workflowId));
}
