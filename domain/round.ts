import { z } from 'zod';
import { closesAt, type RoundCalendar } from './calendar.js';
import { personId, unitCode } from './ids.js';
import { Rejection, type Refusal } from './rejections.js';
import { formatVietnamTime } from './time.js';

// The spine of the year (DESIGN.md "rounds"): collect one submission from each participating unit
// by a deadline. This file holds the round's pure state and the rules a submission must pass; the
// round workflow keeps the state, asks these rules in its Update validator, and drives the clock.

export const ROUND_KINDS = {
  pledge: { title: 'Ký kết giao ước thi đua', noun: 'giao ước thi đua' },
} as const;
export type RoundKind = keyof typeof ROUND_KINDS;

export interface Participant {
  unit: string;
  unitName: string;
  /** The person who acts for the unit in this cluster-year. */
  representative: string;
}

export interface RoundSetup {
  roundId: string;
  cycleId: string;
  cluster: string;
  year: number;
  kind: RoundKind;
  calendar: RoundCalendar;
  participants: Participant[];
  /** Everyone the cycle knows (representatives, chair and deputy units' people, secretariat). */
  people: string[];
  /** Who is told when units are still missing at the deadline. */
  secretariat: string[];
}

export const submissionSchema = z
  .object({ unit: unitCode, actor: personId })
  .strict();
export type Submission = z.infer<typeof submissionSchema>;

export interface Received {
  unit: string;
  actor: string;
  at: number;
  late: boolean;
}

export interface RoundState {
  setup: RoundSetup;
  /** Set once the opening is recorded: submissions before it would have no round to belong to. */
  opened: boolean;
  received: Record<string, Received>;
  /** Set once the round stops taking submissions, before the closing is recorded. */
  closed: boolean;
  remindersSent: number;
  escalated: string[];
}

export function newRoundState(setup: RoundSetup): RoundState {
  return { setup, opened: false, received: {}, closed: false, remindersSent: 0, escalated: [] };
}

export function isLate(state: RoundState, now: number): boolean {
  return now > Date.parse(state.setup.calendar.deadline);
}

export function pendingUnits(state: RoundState): string[] {
  return state.setup.participants.map((p) => p.unit).filter((unit) => !state.received[unit]);
}

export function allReceived(state: RoundState): boolean {
  return pendingUnits(state).length === 0;
}

/** Why this submission may not enter the round now, or undefined when it may. */
export function checkSubmission(state: RoundState, input: unknown, now: number): Refusal | undefined {
  const parsed = submissionSchema.safeParse(input);
  if (!parsed.success) {
    return { code: Rejection.InvalidInput, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') };
  }
  const { unit, actor } = parsed.data;
  const { setup } = state;
  const noun = ROUND_KINDS[setup.kind].noun;
  const opensAt = Date.parse(setup.calendar.opensAt);
  if (!state.opened && !state.closed) {
    return { code: Rejection.RoundNotOpen, message: `the ${setup.kind} round of ${setup.cycleId} is not open yet (it opens at ${formatVietnamTime(opensAt)})` };
  }
  const late = setup.calendar.late;
  if (!state.closed && late.mode === 'refuse' && isLate(state, now)) {
    return { code: Rejection.RoundClosed, message: `the ${setup.kind} deadline of ${setup.cycleId} passed at ${formatVietnamTime(Date.parse(setup.calendar.deadline))} and this round refuses late submissions` };
  }
  // Submissions are taken up to and including the closing instant, under either late policy.
  if (state.closed || now > closesAt(setup.calendar)) {
    return { code: Rejection.RoundClosed, message: `the ${setup.kind} round of ${setup.cycleId} is closed (${noun}: no more submissions)` };
  }
  const participant = setup.participants.find((p) => p.unit === unit);
  if (!participant) {
    return { code: Rejection.NotAMember, message: `unit ${unit} is not a member of cluster ${setup.cluster} in ${setup.year}; members: ${setup.participants.map((p) => p.unit).join(', ')}` };
  }
  if (!setup.people.includes(actor)) {
    return { code: Rejection.UnknownPerson, message: `${actor} is not a person registered for cluster ${setup.cluster} in ${setup.year}` };
  }
  if (participant.representative !== actor) {
    return { code: Rejection.NotAuthorised, message: `${actor} is not the representative of ${unit} (${participant.unitName}) in ${setup.year}; only ${participant.representative} may act for it` };
  }
  const earlier = state.received[unit];
  if (earlier) {
    return { code: Rejection.Duplicate, message: `${unit} already submitted its ${noun} at ${formatVietnamTime(earlier.at)} (by ${earlier.actor})` };
  }
  return undefined;
}

/** Records an accepted submission; call only after checkSubmission returned undefined. */
export function receive(state: RoundState, submission: Submission, now: number): Received {
  const received = { unit: submission.unit, actor: submission.actor, at: now, late: isLate(state, now) };
  state.received[submission.unit] = received;
  return received;
}

export type RoundPhase = 'scheduled' | 'open' | 'late' | 'closed';

export function roundPhase(state: RoundState, now: number): RoundPhase {
  if (state.closed) return 'closed';
  if (!state.opened) return 'scheduled';
  return isLate(state, now) ? 'late' : 'open';
}

export interface RoundStatus {
  roundId: string;
  kind: RoundKind;
  phase: RoundPhase;
  opensAt: string;
  deadline: string;
  closesAt: string;
  remindersSent: number;
  escalated: string[];
  units: { unit: string; unitName: string; representative: string; submittedAt?: string; by?: string; late?: boolean }[];
}

export function roundStatus(state: RoundState, now: number): RoundStatus {
  const { setup } = state;
  return {
    roundId: setup.roundId,
    kind: setup.kind,
    phase: roundPhase(state, now),
    opensAt: setup.calendar.opensAt,
    deadline: setup.calendar.deadline,
    closesAt: new Date(closesAt(setup.calendar)).toISOString(),
    remindersSent: state.remindersSent,
    escalated: state.escalated,
    units: setup.participants.map((p) => {
      const got = state.received[p.unit];
      return {
        unit: p.unit,
        unitName: p.unitName,
        representative: p.representative,
        ...(got ? { submittedAt: new Date(got.at).toISOString(), by: got.actor, late: got.late } : {}),
      };
    }),
  };
}

export interface RoundResult {
  roundId: string;
  kind: RoundKind;
  submitted: Received[];
  missing: string[];
  remindersSent: number;
  escalated: string[];
}
