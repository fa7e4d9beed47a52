import { ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { closesAt, reminderTimes } from '../domain/calendar.js';
import { allReceived, checkSubmission, newRoundState, pendingUnits, receive, roundStatus, type Received, type RoundResult, type RoundSetup, type RoundStatus, type Submission } from '../domain/round.js';
import { RECORDING } from './activityOptions.js';
import { sleepUntil, waitUntil } from './clock.js';

// One round (DESIGN.md "The spine: rounds") as a child workflow of the cycle, with the id
// `<cycle id>/<kind>`: it opens on the calendar's date, takes one submission per unit by Update,
// reminds whoever is missing, escalates to the secretariat at the deadline, takes late submissions
// as the late policy says, then closes and records the gap.

/** A unit's submission. The validator refuses it before it enters history when it breaks a rule. */
export const submitUpdate = defineUpdate<Received, [Submission]>('submit');
export const roundStatusQuery = defineQuery<RoundStatus>('roundStatus');

const acts = proxyActivities<Activities>(RECORDING);

export async function round(setup: RoundSetup): Promise<RoundResult> {
  const state = newRoundState(setup);
  const ref = { roundId: setup.roundId, cycleId: setup.cycleId, kind: setup.kind };
  const deadline = Date.parse(setup.calendar.deadline);
  const everyoneIn = () => allReceived(state);

  setHandler(roundStatusQuery, () => roundStatus(state, Date.now()));
  setHandler(
    submitUpdate,
    async (submission) => {
      // Marked received before the first await, so a second update for the unit that arrives while
      // this one is being recorded is refused by the validator as a duplicate.
      const received = receive(state, submission, Date.now());
      await acts.recordSubmission({ ...ref, ...received });
      return received;
    },
    {
      validator: (submission) => {
        const refusal = checkSubmission(state, submission, Date.now());
        if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
      },
    },
  );

  await sleepUntil(Date.parse(setup.calendar.opensAt));
  await acts.openRound({ ...ref, calendar: setup.calendar, units: setup.participants.map((p) => p.unit), at: Date.now() });
  state.opened = true;

  for (const reminder of reminderTimes(setup.calendar)) {
    if (await waitUntil(everyoneIn, reminder.at)) break;
    if (Date.now() >= deadline) break;
    await acts.sendReminders({ ...ref, seq: reminder.seq, units: pendingUnits(state), deadline, at: Date.now() });
    state.remindersSent = reminder.seq;
  }

  if (!(await waitUntil(everyoneIn, deadline))) {
    state.escalated = pendingUnits(state);
    await acts.escalate({ ...ref, units: state.escalated, deadline, closesAt: closesAt(setup.calendar), at: Date.now() });
    if (setup.calendar.late.mode === 'accept') await waitUntil(everyoneIn, closesAt(setup.calendar));
  }

  state.closed = true;
  // Submissions accepted just before closing are still being recorded; the result must count them.
  await condition(allHandlersFinished);
  const submitted = Object.values(state.received).sort((a, b) => a.at - b.at);
  const missing = pendingUnits(state);
  await acts.closeRound({ ...ref, submitted, missing, at: Date.now() });
  return { roundId: setup.roundId, kind: setup.kind, submitted, missing, remindersSent: state.remindersSent, escalated: state.escalated };
}
