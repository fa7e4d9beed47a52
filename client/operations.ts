import {
  Client,
  isGrpcServiceError,
  NamespaceNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/client';
import type { CycleInput } from '../domain/cycle.ts';
import { PHASES } from '../domain/cycle.ts';
import { ballotRoundName, cycleId as cycleIdOf, reportRoundName, roundId } from '../domain/ids.ts';
import type { RejectionCode } from '../domain/rejections.ts';
import type { ReportPeriod } from '../domain/report.ts';
import type { Channel, Extension, Received, RoundStatus, Submission } from '../domain/round.ts';
import type { annualCycle, CycleStatus } from '../workflows/annualCycle.ts';
import { cycleStatusQuery } from '../workflows/messages.ts';
import { extendUpdate, roundStatusQuery, submitUpdate } from '../workflows/messages.ts';
import { adjustScoreUpdate, decideFlagUpdate, recordVetoUpdate } from '../workflows/messages.ts';
import { sealBallot } from '../ballotBox/seal.ts';
import { checkChoices, largestChoices, type BallotChoices, type BallotItems, type LeadersDecision } from '../domain/ballot.ts';
import type { TableRow } from '../domain/consolidation.ts';
import type { Adjustment, Veto } from '../domain/scoringActions.ts';
import { CLUSTER, PHASE, YEAR } from '../workflows/searchAttributes.ts';
import { formatVietnamTime } from '../domain/time.ts';
import type { ClientConfig } from './config.ts';
import { CliError, ExitCode, REJECTION_EXIT } from './exitCodes.ts';
import { connectTemporal } from './temporalConnection.ts';

// What the secretariat and the participants do, as functions over a Temporal client. The CLI, the
// demo and the tests all go through these, so they see the same checks and the same errors.

export async function connectClient(config: Pick<ClientConfig, 'temporal'>): Promise<Client> {
  const { connection: options, namespace } = config.temporal;
  try {
    const connection = await connectTemporal({ ...options, connectTimeout: '5s' });
    // Connecting alone proves little: a server that is not Temporal passes it (its "unimplemented"
    // is taken for an old Temporal), and a missing namespace shows only at the first call. Asking
    // for the namespace checks both, so every command can say so in one line before it acts.
    await connection.withDeadline(Date.now() + 5_000, () => connection.workflowService.describeNamespace({ namespace }));
    return new Client({ connection, namespace });
  } catch (error) {
    throw temporalUnreachable(config, error);
  }
}

// The gRPC status codes the CLI tells apart (grpc-js is not a dependency of ours, only of Temporal's client).
const status = { UNKNOWN: 2, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** A Temporal that cannot be used — not reachable, not Temporal, or without the namespace — as a one-line CliError (exit code 11). */
export function temporalUnreachable(config: Pick<ClientConfig, 'temporal'>, error: unknown): CliError {
  const { address, namespace, addressFrom, namespaceFrom } = config.temporal;
  const grpc = grpcCause(error);
  if (error instanceof NamespaceNotFoundError || grpc?.code === status.NOT_FOUND) {
    return new CliError(
      ExitCode.unreachable,
      `Temporal at ${address} has no namespace "${namespace}": is ${namespaceFrom} right (or create it: temporal operator namespace create ${namespace})?`,
      'Unreachable',
    );
  }
  const notTemporal =
    grpc && ([status.UNIMPLEMENTED, status.INTERNAL, status.UNKNOWN] as number[]).includes(grpc.code)
      ? ' — is something other than Temporal listening there?'
      : '';
  return new CliError(
    ExitCode.unreachable,
    `cannot reach Temporal at ${address} (${causeChain(error)})${notTemporal}; is the stack running (npm run stack), or is ${addressFrom} right?`,
    'Unreachable',
  );
}

/** The gRPC error under a Temporal client error, if there is one. */
function grpcCause(error: unknown): { code: number } | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (isGrpcServiceError(e)) return e;
  return undefined;
}

/** Whether an error from a call is Temporal itself failing to answer (not a refusal): said as exit code 11 rather than as an unexpected error. */
export function isTemporalUnreachable(error: unknown): boolean {
  const grpc = grpcCause(error);
  return (
    error instanceof NamespaceNotFoundError ||
    (grpc !== undefined && ([status.UNAVAILABLE, status.UNIMPLEMENTED, status.DEADLINE_EXCEEDED] as number[]).includes(grpc.code))
  );
}

/** An error and its causes on one line, e.g. "ServiceError: Failed to describe workflow: 14 UNAVAILABLE: No connection established". */
export function causeChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 5; e = e instanceof Error ? e.cause : undefined) {
    parts.push(
      e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : typeof e === 'string' ? e : JSON.stringify(e),
    );
  }
  return parts.join(': ');
}

export interface Started {
  cycleId: string;
  runId: string;
  /** The phase reached while we waited; `starting` if no worker took the cycle up in time. */
  phase: string;
}

/** Starts a cluster's year; refuses a second start of the same cluster-year; waits briefly for set-up. */
export async function startCycle(client: Client, taskQueue: string, input: CycleInput, waitMs = 15_000): Promise<Started> {
  const workflowId = cycleIdOf(input.cluster, input.year);
  let handle;
  try {
    handle = await client.workflow.start<typeof annualCycle>('annualCycle', {
      taskQueue,
      workflowId,
      args: [input],
      // A failed start (say, membership not yet recorded) may be retried; a running or finished year may not.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'FAIL',
      // Set at the start too (the workflow sets them again), so `cycle list --cluster` and
      // `pending --cluster` find a cycle even before a worker has taken it up.
      typedSearchAttributes: [
        { key: CLUSTER, value: input.cluster },
        { key: YEAR, value: input.year },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      const existing = await client.workflow.getHandle(workflowId).describe();
      throw new CliError(
        ExitCode.alreadyStarted,
        `the ${input.year} cycle of ${input.cluster} was already started at ${formatVietnamTime(existing.startTime.getTime())} (${workflowId}, now ${existing.status.name.toLowerCase()}); a cluster-year has one cycle`,
      );
    }
    throw error;
  }
  const started = Date.now();
  const deadline = started + waitMs;
  for (;;) {
    const description = await handle.describe();
    const phase = description.typedSearchAttributes.get(PHASE) ?? PHASES.starting;
    if (description.status.name === 'FAILED') {
      const reason = await handle.result().then(
        () => 'unknown',
        (error: unknown) => rootCause(error),
      );
      throw new CliError(ExitCode.cycleFailed, `the cycle ${workflowId} could not start: ${reason}`);
    }
    if (phase !== PHASES.starting || description.status.name !== 'RUNNING')
      return { cycleId: workflowId, runId: handle.firstExecutionRunId, phase };
    // Nobody polls the queue at all: no need to wait out the deadline to say so.
    const unpolled = Date.now() > started + 1000 && waitingForWorker(description) && !(await hasWorkflowPollers(client, taskQueue));
    if (unpolled || Date.now() > deadline) {
      const taskQueue = waitingForWorker(description);
      if (taskQueue) throw new CliError(ExitCode.noWorker, `the cycle ${noWorkerMessage(workflowId, taskQueue)}`, 'NoWorker');
      return { cycleId: workflowId, runId: handle.firstExecutionRunId, phase };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED (the proto package is not a dependency of ours).
const WORKFLOW_TASK_SCHEDULED = 1;

/**
 * The task queue a running workflow waits on when no worker has ever taken it up, else undefined.
 * Temporal's own record says so: its history holds only "started" and "workflow task scheduled",
 * and that task is still only scheduled (a worker that polled it would have started it).
 */
export function waitingForWorker(description: WorkflowExecutionDescription): string | undefined {
  const pending = description.raw.pendingWorkflowTask;
  const neverTaken =
    description.status.name === 'RUNNING' && description.historyLength <= 2 && Number(pending?.state) === Number(WORKFLOW_TASK_SCHEDULED);
  return neverTaken ? description.taskQueue : undefined;
}

// temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW.
const WORKFLOW_TASK_QUEUE = 1;

/** Whether a worker has polled `taskQueue` for workflow tasks lately (Temporal lists the pollers of the last minutes). */
async function hasWorkflowPollers(client: Client, taskQueue: string): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: WORKFLOW_TASK_QUEUE,
  });
  return pollers.length > 0;
}

/** What to do about a workflow no worker has picked up. */
export function noWorkerMessage(workflowId: string, taskQueue: string): string {
  return `${workflowId} is registered but not picked up by any worker: no worker runs on task queue "${taskQueue}". Start one (npm run worker with TEMPORAL_TASK_QUEUE=${taskQueue}, or npm run stack for the local stack); it proceeds as soon as one runs`;
}

/** The innermost cause's message: "unknown cluster X" rather than "Activity task failed". */
function rootCause(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return inner instanceof Error ? inner.message : String(inner);
}

/** A unit's representative signs the pledge, through the round's Update (validated before it is recorded). */
export async function signPledge(
  client: Client,
  args: { cycleId: string; unit: string; signer: string; channel?: Channel; requestId?: string },
): Promise<Received> {
  const submission: Submission = { unit: args.unit, actor: args.signer, ...(args.channel ? { channel: args.channel } : {}) };
  return submit(client, args.cycleId, 'pledge', submission, args.requestId);
}

/** A unit's representative submits (or re-submits) its report for a period. */
export async function submitReport(
  client: Client,
  args: { cycleId: string; unit: string; period: ReportPeriod; submitter: string; content: unknown; channel?: Channel; requestId?: string },
): Promise<Received> {
  return submit(
    client,
    args.cycleId,
    reportRoundName(args.period),
    { unit: args.unit, actor: args.submitter, content: args.content, ...(args.channel ? { channel: args.channel } : {}) },
    args.requestId,
  );
}

/** The secretariat moves the deadline of a round (`pledge` or `report-<period>`) for some units or all. */
export async function extendDeadline(
  client: Client,
  args: { cycleId: string; round: string; extension: Extension; requestId?: string },
): Promise<{ units: string[]; until: string }> {
  return update(client, args.cycleId, args.round, (handle) =>
    handle.executeUpdate(extendUpdate, { args: [args.extension], ...(args.requestId ? { updateId: args.requestId } : {}) }),
  );
}

/** A unit's representative submits (or re-submits before the deadline) its cross-scores of every other member. */
export async function submitScores(
  client: Client,
  args: { cycleId: string; unit: string; scorer: string; content: unknown; channel?: Channel; requestId?: string },
): Promise<Received> {
  return submit(
    client,
    args.cycleId,
    'score',
    { unit: args.unit, actor: args.scorer, content: args.content, ...(args.channel ? { channel: args.channel } : {}) },
    args.requestId,
  );
}

/** The ballot round now open (or the last one): its number, what is voted on, and its phase. */
export async function currentBallot(
  client: Client,
  ofCycle: string,
): Promise<RoundStatus & { ballot: NonNullable<RoundStatus['ballot']> }> {
  // The cycle's own status only: its rounds' are not needed here, and each closed round would answer
  // by replaying its whole history on a worker (casting a ballot took seconds so, under load).
  const { cycle } = await cycleStatus(client, ofCycle, { rounds: false });
  const latest = cycle.scoring?.ballots.at(-1);
  if (!latest) throw new CliError(ExitCode.roundNotOpen, `no ballot has opened in ${ofCycle} yet (phase: ${cycle.phase})`, 'RoundNotOpen');
  const status = await client.workflow.getHandle(latest.workflowId).query(roundStatusQuery);
  return status as RoundStatus & { ballot: NonNullable<RoundStatus['ballot']> };
}

/**
 * The latest ballot round's number, nominees and sealing key, as the cycle publishes them. Asking the
 * ballot round instead would wait behind the other members' casts: a query reaches a workflow only
 * between its workflow tasks, and a round taking a stream of ballots has few such moments (casts
 * waited up to 2 s so in the bench). Cycles whose ballot opened before the cycle published the key
 * are asked the round's status.
 */
async function latestBallot(client: Client, ofCycle: string): Promise<{ number: number; items: BallotItems; publicKey: string }> {
  const { cycle } = await cycleStatus(client, ofCycle, { rounds: false });
  const latest = cycle.scoring?.ballots.at(-1);
  if (latest?.publicKey) return { number: latest.number, items: latest.items, publicKey: latest.publicKey };
  return (await currentBallot(client, ofCycle)).ballot;
}

/**
 * A member's secret ballot: checked against the round's nominees here (so a mistake is told at
 * once), sealed with the ballot box's key, and cast. Temporal's history sees only the envelope.
 * It goes to the round the voter names (`round`), and only if that round is the one open; without
 * a round named it goes to round 1 only, so a vote never lands in a round the voter did not mean.
 */
export async function castBallot(
  client: Client,
  args: { cycleId: string; unit: string; voter: string; choices: BallotChoices; round?: number; channel?: Channel; requestId?: string },
): Promise<Received & { ballot: number }> {
  const open = await latestBallot(client, args.cycleId);
  const refusal = wrongRound(args.cycleId, open.number, args.round);
  if (refusal) throw refusal;
  const problem = checkChoices(open.items, args.choices);
  if (problem) throw new CliError(ExitCode.usage, `ballot ${open.number} of ${args.cycleId}: ${problem}`, 'InvalidInput');
  const sealed = sealBallot(open.publicKey, args.choices, largestChoices(open.items));
  const receipt = await submit(
    client,
    args.cycleId,
    ballotRoundName(open.number),
    { unit: args.unit, actor: args.voter, content: { sealed }, ...(args.channel ? { channel: args.channel } : {}) },
    args.requestId,
  );
  return { ...receipt, ballot: open.number };
}

/** Why a ballot meant for `round` (or, unnamed, for round 1) may not go to the latest round, `latest`. */
function wrongRound(cycleId: string, latest: number, round: number | undefined): CliError | undefined {
  if (round === undefined) {
    return latest === 1
      ? undefined
      : new CliError(
          ExitCode.usage,
          `ballot round ${latest} of ${cycleId} is the one open now: pass --round ${latest} to vote in it`,
          'InvalidInput',
        );
  }
  if (round === latest) return undefined;
  return round < latest
    ? new CliError(
        ExitCode.roundClosed,
        `ballot round ${round} of ${cycleId} is closed; round ${latest} is the one open now (--round ${latest})`,
        'RoundClosed',
      )
    : new CliError(
        ExitCode.roundNotOpen,
        `ballot round ${round} of ${cycleId} has not opened; round ${latest} is the latest (--round ${latest})`,
        'RoundNotOpen',
      );
}

/** The chair or the secretariat adjusts a unit's consolidated score, with a written reason. */
export async function adjustScore(
  client: Client,
  args: { cycleId: string; adjustment: Adjustment; requestId?: string },
): Promise<TableRow> {
  return cycleUpdate(client, args.cycleId, (handle) =>
    handle.executeUpdate(adjustScoreUpdate, { args: [args.adjustment], ...(args.requestId ? { updateId: args.requestId } : {}) }),
  );
}

/** The secretariat records a veto input for a unit. */
export async function recordVeto(
  client: Client,
  args: { cycleId: string; veto: Veto; requestId?: string },
): Promise<{ unit: string; vetoes: number }> {
  return cycleUpdate(client, args.cycleId, (handle) =>
    handle.executeUpdate(recordVetoUpdate, { args: [args.veto], ...(args.requestId ? { updateId: args.requestId } : {}) }),
  );
}

/** The chair or the deputy names the flag nominee after an undecided ballot. */
export async function decideFlag(
  client: Client,
  args: { cycleId: string; decision: LeadersDecision; requestId?: string },
): Promise<{ agreed: boolean; flag?: string }> {
  return cycleUpdate(client, args.cycleId, (handle) =>
    handle.executeUpdate(decideFlagUpdate, { args: [args.decision], ...(args.requestId ? { updateId: args.requestId } : {}) }),
  );
}

/**
 * What is not open yet when a workflow has no handler for an Update: workflows register an
 * Update's handler only when its step begins (a submission is amendable once the council returns
 * it), and Temporal then answers "No registered handler for update". Said as "not open yet" (5).
 */
const NOT_OPEN_YET: Record<string, (workflowId: string) => string> = {
  amendSubmission: (id) => `the council has returned nothing for amendment in ${id}: a submission is amended after the council returns it`,
  adjustScore: (id) => `scoring has not begun in ${id}: adjustments are taken once the consolidated table exists`,
  recordVeto: (id) => `veto inputs are not open yet in ${id}`,
  decideFlag: (id) => `the chair and deputy's flag decision is not open in ${id}: it follows a ballot that leaves the flag undecided`,
  recordCertificates: (id) => `the year's end is not open yet in ${id}: giấy khen are recorded after the council's decision`,
  overrideRotation: (id) => `the year's end is not open yet in ${id}: the rotation is set after the council's decision`,
  excuseFromRotation: (id) => `the year's end is not open yet in ${id}: the rotation is set after the council's decision`,
};

/** A refused Update as the CLI reports it: the validator's message, with its exit code. */
function refusalOf(error: unknown, workflowId: string): CliError | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  // Refused by the validator (the failure itself), or by an activity of the handler (inside an ActivityFailure).
  const failure =
    error.cause instanceof ApplicationFailure
      ? error.cause
      : error.cause?.cause instanceof ApplicationFailure
        ? error.cause.cause
        : undefined;
  if (!failure) return undefined;
  const unregistered = /^No registered handler for update: (\S+)/.exec(failure.message)?.[1];
  if (unregistered)
    return new CliError(
      ExitCode.roundNotOpen,
      NOT_OPEN_YET[unregistered]?.(workflowId) ?? `${unregistered} is not open yet in ${workflowId}`,
      'RoundNotOpen',
    );
  const code = failure.type as RejectionCode;
  return new CliError(REJECTION_EXIT[code] ?? ExitCode.failure, failure.message, code);
}

/**
 * Runs a query or an Update on a workflow that is not a round (a cycle, a council), turning a
 * refusal, an unknown id and an ended workflow into CliErrors with their exit codes.
 */
export async function onWorkflow<T>(
  client: Client,
  workflowId: string,
  what: string,
  run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
): Promise<T> {
  try {
    return await run(client.workflow.getHandle(workflowId));
  } catch (error) {
    const refusal = refusalOf(error, workflowId);
    if (refusal) throw refusal;
    const described = await describeOrUndefined(client, workflowId);
    if (!described)
      throw new CliError(
        ExitCode.unknownCycle,
        `unknown ${what} ${workflowId}: no such workflow${what === 'cycle' ? ' (start it with tdkt cycle start)' : ''}`,
      );
    if (described.status.name !== 'RUNNING')
      throw new CliError(
        ExitCode.roundClosed,
        `the ${what} ${workflowId} has ended (${described.status.name.toLowerCase()})`,
        'RoundClosed',
      );
    throw error;
  }
}

function cycleUpdate<T>(
  client: Client,
  ofCycle: string,
  run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
): Promise<T> {
  return onWorkflow(client, ofCycle, 'cycle', run);
}

async function submit(client: Client, ofCycle: string, kind: string, submission: Submission, requestId?: string): Promise<Received> {
  // The update id makes a retried call (same --request-id) return the first outcome instead of acting twice.
  return update(client, ofCycle, kind, (handle) =>
    handle.executeUpdate(submitUpdate, { args: [submission], ...(requestId ? { updateId: requestId } : {}) }),
  );
}

/** Runs an Update on a round and turns every way it can fail into a CliError with its exit code. */
async function update<T>(
  client: Client,
  ofCycle: string,
  kind: string,
  run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
): Promise<T> {
  const handle = client.workflow.getHandle(roundId(ofCycle, kind));
  try {
    return await run(handle);
  } catch (error) {
    throw refusalOf(error, handle.workflowId) ?? (await explainMissingRound(client, ofCycle, kind, error));
  }
}

/**
 * An update that did not reach a running round (no such workflow, or it has completed): say whether
 * the cycle is unknown, or the round not open yet or closed. Any other error is returned as it is.
 */
async function explainMissingRound(client: Client, ofCycle: string, kind: string, original: unknown): Promise<unknown> {
  const round = await describeOrUndefined(client, roundId(ofCycle, kind));
  if (round && round.status.name !== 'RUNNING')
    return new CliError(
      ExitCode.roundClosed,
      `the ${kind} round of ${ofCycle} is closed (since ${round.closeTime?.toISOString() ?? 'its end'})`,
      'RoundClosed',
    );
  const cycle = await describeOrUndefined(client, ofCycle);
  if (!cycle) return new CliError(ExitCode.unknownCycle, `unknown cycle ${ofCycle}: no such workflow (start it with tdkt cycle start)`);
  if (!round)
    return new CliError(
      ExitCode.roundNotOpen,
      `the ${kind} round of ${ofCycle} has not started yet (the cycle is ${cycle.status.name.toLowerCase()})`,
      'RoundNotOpen',
    );
  return original;
}

async function describeOrUndefined(client: Client, workflowId: string) {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export interface CycleReport {
  cycle: CycleStatus;
  execution: { status: string; startTime: string; closeTime?: string };
  rounds: RoundStatus[];
}

/**
 * The cycle's phase and, for each round opened so far, who has submitted and who is pending
 * (`rounds: false`: the cycle's status alone, `rounds` empty).
 */
export async function cycleStatus(client: Client, ofCycle: string, opts: { rounds?: boolean } = {}): Promise<CycleReport> {
  const handle = client.workflow.getHandle(ofCycle);
  const description = await describeOrUndefined(client, ofCycle);
  if (!description) throw new CliError(ExitCode.unknownCycle, `unknown cycle ${ofCycle}: no such workflow`);
  // Its status query would wait for a worker that is not there.
  const taskQueue = waitingForWorker(description);
  if (taskQueue) throw new CliError(ExitCode.noWorker, `the cycle ${noWorkerMessage(ofCycle, taskQueue)}`, 'NoWorker');
  const cycle = await handle.query(cycleStatusQuery);
  // The cycle lists a round as it starts it: for a moment the round's workflow does not exist yet, and is left out until it does.
  const queried = await Promise.all(
    (opts.rounds === false ? [] : cycle.rounds).map((r) =>
      client.workflow
        .getHandle(r.workflowId)
        .query(roundStatusQuery)
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return undefined;
          throw error;
        }),
    ),
  );
  const rounds = queried.filter((r) => r !== undefined);
  return {
    cycle,
    execution: {
      status: description.status.name,
      startTime: description.startTime.toISOString(),
      ...(description.closeTime ? { closeTime: description.closeTime.toISOString() } : {}),
    },
    rounds,
  };
}

/** A round's status (who submitted, each unit's deadline), or undefined when its workflow does not exist (not started yet). */
export async function roundStatus(client: Client, workflowId: string): Promise<RoundStatus | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query(roundStatusQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
