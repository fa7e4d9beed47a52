import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { closesAt, reminderTimes } from '../domain/calendar.ts';
import {
  abandonRecording,
  allReceived,
  applyExtension,
  applyMerge,
  checkExtension,
  checkSubmission,
  closesAtOf,
  deadlineOf,
  dueNotices,
  extensionSchema,
  finishRecording,
  markEscalated,
  markReminded,
  newRoundState,
  nextWakeUp,
  pendingUnits,
  receive,
  roundStatus,
  shouldClose,
  startRecording,
  withdrawReceived,
  type Received,
  type RoundResult,
  type RoundSetup,
  type RoundState,
} from '../domain/round.ts';

import { roundPending } from '../domain/pendingActors.ts';
import { Rejection } from '../domain/rejections.ts';
import { RECORDING } from './activityOptions.ts';
import { sleepUntil, waitUntil } from './clock.ts';
import { publishPendingTasks } from './pendingActors.ts';
import { refuseIf } from './refusal.ts';
import { submitUpdate, extendUpdate, roundStatusQuery, memberMergedSignal } from './messages.ts';

// One round (DESIGN.md "The spine: rounds") as a child workflow of the cycle, with the id
// `<cycle id>/<kind>` (`…/pledge`, `…/report-H1`, `…/score`, `…/ballot-1`): it opens on the calendar's date, takes
// submissions by Update, reminds whoever is missing, escalates to the secretariat at each unit's
// deadline, lets the secretariat extend deadlines, takes late submissions as the late policy
// says, then closes and records the gap.

const acts = proxyActivities<Activities>(RECORDING);

/**
 * A round's history grows with every submission, re-submission and extension, without a bound the
 * calendar sets (a report may be re-submitted until its deadline). Past this many events the round
 * continues as a new run, carrying its state, so no run comes near Temporal's limits; a full cycle's
 * rounds stay far below it (about 150 events).
 */
export const ROUND_HISTORY_LIMIT = 1500;

/** What a round's next run starts with: its setup, and the state its previous run carried over. */
export type RoundInput = RoundSetup & { carried?: Omit<RoundState, 'setup'>; historyLimit?: number };

export async function round(input: RoundInput): Promise<RoundResult> {
  const { carried, historyLimit = ROUND_HISTORY_LIMIT, ...setup } = input;
  const state: RoundState = carried ? { ...carried, setup } : newRoundState(setup);
  const ref = { roundId: setup.roundId, cycleId: setup.cycleId, kind: setup.kind, ...(setup.period ? { period: setup.period } : {}) };
  // When each unit's task closes, so that its mails' task links expire then (an activity input: replay-safe).
  const closing = { calendar: setup.calendar, ...(setup.extensionLimit ? { extensionLimit: setup.extensionLimit } : {}) };

  setHandler(roundStatusQuery, () => roundStatus(state, Date.now()));
  // Who has yet to submit, for `tdkt pending` (removed once the round closes).
  publishPendingTasks(() => roundPending(roundStatus(state, Date.now())));
  setHandler(
    submitUpdate,
    async (submission) => {
      const record = (received: Received) =>
        acts.recordSubmission({
          ...ref,
          ...received,
          ...(submission.content !== undefined ? { content: submission.content } : {}),
          ...(submission.channel ? { channel: submission.channel } : {}),
          ...(setup.kind === 'report' ? { rubricVersion: setup.rubric?.version ?? null } : {}),
        });
      if (patched('recorded-before-counted')) {
        // Held aside before the first await, so a second update for the unit that arrives while this
        // one is being recorded is refused; counted only once it is stored.
        const received = startRecording(state, submission, Date.now());
        try {
          await record(received);
        } catch (error) {
          abandonRecording(state, submission.unit);
          throw notRecorded(error);
        }
        finishRecording(state, received);
        return received;
      }
      // Rounds from before: counted before it is stored, and taken back when it cannot be.
      const earlier = state.received[submission.unit];
      const received = receive(state, submission, Date.now());
      try {
        await record(received);
      } catch (error) {
        withdrawReceived(state, submission.unit, earlier);
        throw notRecorded(error);
      }
      return received;
    },
    {
      validator: (submission) => refuseIf(checkSubmission(state, submission, Date.now())),
    },
  );
  setHandler(
    extendUpdate,
    async (extension) => {
      const parsed = extensionSchema.parse(extension);
      const units = applyExtension(state, parsed, Date.now());
      await acts.recordExtension({
        ...ref,
        units,
        until: parsed.until,
        reason: parsed.reason,
        grantedBy: parsed.actor,
        closing,
        at: Date.now(),
      });
      return { units, until: parsed.until };
    },
    {
      validator: (extension) => refuseIf(checkExtension(state, extension, Date.now())),
    },
  );

  setHandler(memberMergedSignal, async (merged) => {
    if (!applyMerge(state, merged)) return;
    try {
      await acts.recordExcusal({
        roundId: setup.roundId,
        unit: merged.unit,
        into: merged.into,
        handling: merged.handling,
        reason: merged.reason,
        at: Date.now(),
      });
    } catch (error) {
      // Only a failure no retry can cure gets here; the merge itself is the cycle's record
      // (unit_link), and a failed signal handler would fail the whole round.
      log.error('the excusal of a merged unit could not be recorded', {
        unit: merged.unit,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });

  // A continued run was opened by its first run.
  if (!state.opened) {
    await sleepUntil(Date.parse(setup.calendar.opensAt));
    // A unit merged away (its task closed) before the round opened is not invited.
    await acts.openRound({
      ...ref,
      calendar: setup.calendar,
      ...(setup.extensionLimit ? { extensionLimit: setup.extensionLimit } : {}),
      units: setup.participants.map((p) => p.unit).filter((unit) => !state.excused?.[unit]),
      at: Date.now(),
    });
    state.opened = true;
    // The workflow's logger (replay-safe: silent while replaying, nothing in history); each line names the round's run.
    log.info('round opened', { kind: setup.kind });
  }

  if (patched('round-agenda')) await followAgenda(state, ref, closing, historyLimit);
  else await followFixedSchedule(state, ref, closing);

  state.closed = true;
  // Submissions accepted just before closing are still being recorded; the result must count them.
  await condition(allHandlersFinished);
  const submitted = Object.values(state.received).sort((a, b) => a.at - b.at);
  const missing = pendingUnits(state);
  await acts.closeRound({ ...ref, submitted, missing, at: Date.now() });
  log.info('round closed', { kind: setup.kind, submitted: submitted.length, missing: missing.length });
  const excused = Object.keys(state.excused ?? {});
  return {
    ...ref,
    submitted,
    missing,
    remindersSent: roundStatus(state, Date.now()).remindersSent,
    escalated: state.escalated,
    ...(excused.length ? { excused } : {}),
  };
}

type RoundRef = Pick<RoundSetup, 'roundId' | 'cycleId' | 'kind' | 'period'>;
type RoundClosing = Pick<RoundSetup, 'calendar' | 'extensionLimit'>;

/**
 * A submission whose recording failed for good (the activity fails at once only on what no retry
 * can cure, activities/failures.ts): the caller is told why, as a refusal of its input.
 */
function notRecorded(error: unknown): ApplicationFailure {
  const cause =
    error instanceof ActivityFailure && error.cause ? error.cause.message : error instanceof Error ? error.message : String(error);
  return ApplicationFailure.nonRetryable(`nothing was recorded: ${cause}; correct it and send it again`, Rejection.InvalidInput);
}

/**
 * Per-unit deadlines (extensions): at every step, send what is due, then sleep until the next
 * reminder, deadline or closing, or until a submission or an extension changes the plan.
 */
async function followAgenda(state: RoundState, ref: RoundRef, closing: RoundClosing, historyLimit: number): Promise<void> {
  while (!shouldClose(state, Date.now())) {
    if (workflowInfo().historyLength >= historyLimit) {
      // Everything accepted so far is recorded before the state moves to the next run.
      await condition(allHandlersFinished);
      const { setup, ...carried } = state;
      await continueAsNew<typeof round>({ ...setup, carried, historyLimit });
    }
    const due = dueNotices(state, Date.now());
    if (due.reminders.length) {
      await acts.sendUnitReminders({
        ...ref,
        reminders: due.reminders.map((r) => ({ ...r, deadline: deadlineOf(state, r.unit) })),
        closing,
        at: Date.now(),
      });
      markReminded(state, due.reminders, Date.now());
    }
    if (due.escalations.length) {
      const escalations = markEscalated(state, due.escalations);
      await acts.escalate({
        ...ref,
        escalations,
        deadline: Math.max(...due.escalations.map((u) => deadlineOf(state, u))),
        closesAt: Math.max(...due.escalations.map((u) => closesAtOf(state, u))),
        at: Date.now(),
      });
    }
    if (due.reminders.length || due.escalations.length) continue;
    const changes = state.changes;
    const wake = nextWakeUp(state, Date.now());
    // A round that waits for everyone has nothing left on the clock once its deadlines passed.
    if (Number.isFinite(wake)) await condition(() => state.changes !== changes, Math.max(1, wake - Date.now()));
    else await condition(() => state.changes !== changes);
  }
}

/** The schedule of rounds started before extensions existed; kept so that they replay unchanged. */
async function followFixedSchedule(state: RoundState, ref: RoundRef, closing: RoundClosing): Promise<void> {
  const { calendar } = state.setup;
  const deadline = Date.parse(calendar.deadline);
  const everyoneIn = () => allReceived(state);
  for (const reminder of reminderTimes(calendar)) {
    if (await waitUntil(everyoneIn, reminder.at)) break;
    if (Date.now() >= deadline) break;
    await acts.sendReminders({ ...ref, seq: reminder.seq, units: pendingUnits(state), deadline, closing, at: Date.now() });
    state.remindersSent = reminder.seq;
  }
  if (!(await waitUntil(everyoneIn, deadline))) {
    state.escalated = pendingUnits(state);
    await acts.escalate({
      ...ref,
      escalations: state.escalated.map((unit) => ({ unit, seq: 1 })),
      deadline,
      closesAt: closesAt(calendar),
      at: Date.now(),
    });
    if (calendar.late.mode === 'accept') await waitUntil(everyoneIn, closesAt(calendar));
  }
}
