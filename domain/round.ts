import { z } from 'zod';
import { castSchema, type BallotItems } from './ballot.ts';
import { closesAt, type ExtensionLimit, type RoundCalendar } from './calendar.ts';
import { checkCrossScore } from './crossScore.ts';
import { parseIsoDuration } from './duration.ts';
import { personId, unitCode } from './ids.ts';
import { issueList, type Refusal, Rejection } from './rejections.ts';
import { checkReportContent, REPORT_PERIODS, type ReportPeriod } from './report.ts';
import type { Rubric } from './rubric.ts';
import type { ScoreTotals } from './selfScore.ts';
import type { MemberMerged } from './conference.ts';
import { findTextProblem, normaliseText, storableText } from './text.ts';
import { formatVietnamTime } from './time.ts';

// The spine of the year (DESIGN.md "rounds"): collect a submission from each participating unit
// by a deadline. This file holds the round's pure state, the rules a submission or an extension
// must pass, and the round's agenda (which reminder or escalation is due, when to wake, when to
// close); the round workflow keeps the state, asks these rules in its Update validators, and
// drives the clock.

/** How the mails word a round: what is submitted, the verb, and the round's activity ("Vòng …", "Mời …"). */
export interface RoundWording {
  /** What is submitted: "giao ước thi đua", "báo cáo sơ kết 6 tháng". */
  noun: string;
  /** The act of submitting it: "ký", "nộp". */
  verb: string;
  /**
   * The round's activity with its object, as in "Vòng …", "Mời …", "Kết quả …": "ký kết giao ước
   * thi đua", "bỏ phiếu bình xét". Its own phrase rather than a verb before `noun`, which would say
   * "bỏ phiếu phiếu bầu" or "chấm điểm chéo phiếu chấm điểm chéo".
   */
  round: string;
}

/**
 * What each kind of round is, in one place. Read by the round's own refusals (`label`, `noun`), the
 * round's mails (`mail`, `command`, `keepsVersions` for the receipts' keys), `tdkt pending` (`task`,
 * `command`) and `tdkt history` (`submitted`). A report round's words name its period and a ballot
 * round's its number: see roundLabel, and the mails' reportWording.
 */
export interface RoundKindInfo {
  /** The round's Vietnamese title. */
  title: string;
  /** What is submitted, in the refusals. */
  noun: string;
  /** What the round is called in messages ("pledge", "cross-score"; "H1 report" and "ballot 2" with their qualifier). */
  label: string;
  /** What `tdkt pending` says is awaited. */
  task: string;
  /** The tdkt command that submits to the round. */
  command: string;
  /** Whether a unit may submit again until the deadline, every version kept (the latest counts). */
  keepsVersions: boolean;
  /** The mails' words. */
  mail: RoundWording;
  /** A submission in `tdkt history`, after the unit's code; `{period}` is the report's period. */
  submitted: { en: string; vi: string };
}

export const ROUND_KINDS = {
  pledge: {
    title: 'Ký kết giao ước thi đua',
    noun: 'giao ước thi đua',
    label: 'pledge',
    task: 'pledge',
    command: 'tdkt pledge sign',
    keepsVersions: false,
    mail: { noun: 'giao ước thi đua', verb: 'ký', round: 'ký kết giao ước thi đua' },
    submitted: { en: 'signed the pledge', vi: 'ký giao ước thi đua' },
  },
  report: {
    title: 'Báo cáo',
    noun: 'báo cáo',
    label: 'report',
    task: 'report',
    command: 'tdkt report submit',
    keepsVersions: true,
    mail: { noun: 'báo cáo', verb: 'nộp', round: 'nộp báo cáo' },
    submitted: { en: 'submitted its {period} report', vi: 'nộp báo cáo {period}' },
  },
  score: {
    title: 'Chấm điểm chéo',
    noun: 'phiếu chấm điểm chéo',
    label: 'cross-score',
    task: 'cross-scores',
    command: 'tdkt score submit',
    keepsVersions: true,
    mail: { noun: 'phiếu chấm điểm chéo', verb: 'nộp', round: 'chấm điểm chéo' },
    submitted: { en: 'submitted its cross-scores', vi: 'nộp phiếu chấm điểm chéo' },
  },
  ballot: {
    title: 'Bỏ phiếu bình xét',
    noun: 'phiếu bầu',
    label: 'ballot',
    task: 'ballot',
    command: 'tdkt ballot cast',
    keepsVersions: false,
    mail: { noun: 'phiếu bầu bình xét', verb: 'bỏ', round: 'bỏ phiếu bình xét' },
    // A ballot is secret: the history says only that the unit voted.
    submitted: { en: 'submitted', vi: 'đã nộp' },
  },
} as const satisfies Record<string, RoundKindInfo>;
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
  /** Report rounds: the period reported on. */
  period?: ReportPeriod;
  /** Year-end report and cross-score rounds: the rubric the scores are checked against. */
  rubric?: Rubric;
  /** Ballot rounds: the round's number, what it votes on, and the ballot box's public key to seal ballots with. */
  ballot?: { number: number; items: BallotItems; publicKey: string };
  calendar: RoundCalendar;
  /** How late deadlines may move (absent in rounds started before limits: a year after opening). */
  extensionLimit?: ExtensionLimit;
  participants: Participant[];
  /** Everyone the cycle knows (representatives, chair and deputy units' people, secretariat). */
  people: string[];
  /** Who is told when units are still missing at the deadline, and who may extend deadlines. */
  secretariat: string[];
}

/**
 * What a round is called in messages: "pledge", "H1 report", "cross-score", "ballot 2"; as `tdkt
 * pending` says what is awaited with `form` 'task' ("cross-scores").
 */
export function roundLabel(
  setup: { kind: RoundKind; period?: string; ballot?: { number: number } },
  form: 'label' | 'task' = 'label',
): string {
  if (setup.kind === 'report') return `${setup.period} report`;
  if (setup.kind === 'ballot') return `ballot ${setup.ballot?.number ?? 1}`;
  return ROUND_KINDS[setup.kind][form];
}

/** The Vietnamese name of what is submitted: "giao ước thi đua", "báo cáo sơ kết 6 tháng"… */
export function roundNoun(setup: Pick<RoundSetup, 'kind' | 'period'>): string {
  return setup.kind === 'report' && setup.period ? REPORT_PERIODS[setup.period].toLocaleLowerCase('vi') : ROUND_KINDS[setup.kind].noun;
}

/** Where a human action came from, for the audit log: the web pages or the tdkt CLI (absent in older histories: the CLI). */
export const CHANNELS = ['web', 'cli'] as const;
export type Channel = (typeof CHANNELS)[number];

export const submissionSchema = z
  .object({ unit: unitCode, actor: personId, content: z.unknown().optional(), channel: z.enum(CHANNELS).optional() })
  .strict();
export type Submission = z.infer<typeof submissionSchema>;

export interface Received {
  unit: string;
  actor: string;
  at: number;
  late: boolean;
  /** 1 for the first submission; a report re-submitted replaces the earlier version, which is kept. */
  version: number;
  /** Points off for lateness, from the late policy (0 when on time). */
  penalty: number;
  /** Year-end reports: the self-score's totals as the system computed them. */
  totals?: ScoreTotals;
}

export const extensionSchema = z
  .object({
    actor: personId,
    units: z.union([z.literal('all'), z.array(unitCode).min(1).max(50)]),
    until: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2018-07-20T17:00:00+07:00' }),
    reason: z
      .string()
      .max(5000)
      .superRefine(storableText('multi'))
      .transform(normaliseText)
      .pipe(z.string().min(5, 'give a reason of at least 5 characters').max(1000)),
  })
  .strict();
export type Extension = z.infer<typeof extensionSchema>;

export interface RoundState {
  setup: RoundSetup;
  /** Set once the opening is recorded: submissions before it would have no round to belong to. */
  opened: boolean;
  received: Record<string, Received>;
  /** Deadlines moved by extensions, per unit (ms). */
  deadlines: Record<string, number>;
  /** Reminders sent per unit, and how many of the calendar's reminders are behind it. */
  reminders: Record<string, { sent: number; scheduleDone: number }>;
  /** Units escalated at their current deadline. */
  escalatedUnits: string[];
  /** Escalations per unit so far: a unit escalated again after an extension gets the next number. */
  escalations: Record<string, number>;
  /** Set once the round stops taking submissions, before the closing is recorded. */
  closed: boolean;
  /** Bumped on every accepted submission or extension, so the workflow wakes to re-plan. */
  changes: number;
  // Kept for rounds started before per-unit deadlines (their workflow code still reads them).
  remindersSent: number;
  escalated: string[];
  /** Units merged away while the round was open, whose task was closed (not transferred); absent in rounds from before merges. */
  excused?: Record<string, { into: string; reason: string }>;
  /**
   * Submissions accepted by the validator whose recording has not finished yet, per unit. They do
   * not count as received until they are recorded, and a second one for the unit waits for them.
   */
  recording?: Record<string, Received>;
}

export function newRoundState(setup: RoundSetup): RoundState {
  return {
    setup,
    opened: false,
    received: {},
    deadlines: {},
    reminders: {},
    escalatedUnits: [],
    escalations: {},
    closed: false,
    changes: 0,
    remindersSent: 0,
    escalated: [],
  };
}

export function deadlineOf(state: RoundState, unit: string): number {
  return state.deadlines[unit] ?? Date.parse(state.setup.calendar.deadline);
}

/** When the unit can no longer submit: its deadline, or the end of its grace period (moved with the deadline). */
export function closesAtOf(state: RoundState, unit: string): number {
  const { calendar } = state.setup;
  const grace = closesAt(calendar) - Date.parse(calendar.deadline);
  return deadlineOf(state, unit) + grace;
}

export function isLate(state: RoundState, now: number, unit?: string): boolean {
  return now > (unit === undefined ? Date.parse(state.setup.calendar.deadline) : deadlineOf(state, unit));
}

/** The units the round still expects something from: everyone but those whose task was closed by a merge. */
function expectedUnits(state: RoundState): string[] {
  return state.setup.participants.map((p) => p.unit).filter((unit) => !state.excused?.[unit]);
}

export function pendingUnits(state: RoundState): string[] {
  return expectedUnits(state).filter((unit) => !state.received[unit]);
}

export function allReceived(state: RoundState): boolean {
  return pendingUnits(state).length === 0;
}

/** Why this submission may not enter the round now, or undefined when it may. */
export function checkSubmission(state: RoundState, input: unknown, now: number): Refusal | undefined {
  const parsed = submissionSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const { unit, actor, content } = parsed.data;
  const { setup } = state;
  const label = roundLabel(setup);
  const noun = roundNoun(setup);
  if (!state.opened && !state.closed) {
    return {
      code: Rejection.RoundNotOpen,
      message: `the ${label} round of ${setup.cycleId} is not open yet (it opens at ${formatVietnamTime(Date.parse(setup.calendar.opensAt))})`,
    };
  }
  if (state.closed) {
    return { code: Rejection.RoundClosed, message: `the ${label} round of ${setup.cycleId} is closed (${noun}: no more submissions)` };
  }
  const participant = setup.participants.find((p) => p.unit === unit);
  if (!participant) {
    return {
      code: Rejection.NotAMember,
      message: `unit ${unit} is not a member of cluster ${setup.cluster} in ${setup.year}; members: ${setup.participants.map((p) => p.unit).join(', ')}`,
    };
  }
  const excused = state.excused?.[unit];
  if (excused)
    return {
      code: Rejection.RoundClosed,
      message: `${unit} was merged into ${excused.into}; its ${noun} in this round is closed (${excused.reason})`,
    };
  // Before the general closing check: under "refuse" the unit's closing is its deadline, and the
  // refusal should say why.
  if (setup.calendar.late.mode === 'refuse' && isLate(state, now, unit)) {
    return {
      code: Rejection.RoundClosed,
      message: `the ${label} deadline of ${setup.cycleId} for ${unit} passed at ${formatVietnamTime(deadlineOf(state, unit))} and this round refuses late submissions`,
    };
  }
  if (now > closesAtOf(state, unit)) {
    return { code: Rejection.RoundClosed, message: `the ${label} round of ${setup.cycleId} is closed (${noun}: no more submissions)` };
  }
  if (!setup.people.includes(actor)) {
    return { code: Rejection.UnknownPerson, message: `${actor} is not a person registered for cluster ${setup.cluster} in ${setup.year}` };
  }
  if (participant.representative !== actor) {
    return {
      code: Rejection.NotAuthorised,
      message: `${actor} is not the representative of ${unit} (${participant.unitName}) in ${setup.year}; only ${participant.representative} may act for it`,
    };
  }
  // Text PostgreSQL cannot store (NUL, a broken character, control characters) is refused here,
  // before it enters the history: accepted, it would fail the recording activity for ever.
  const unstorable = findTextProblem(content);
  if (unstorable) return { code: Rejection.InvalidInput, message: `the ${label} of ${unit} cannot be accepted: ${unstorable}` };
  const inFlight = state.recording?.[unit];
  if (inFlight)
    return {
      code: Rejection.Duplicate,
      message: `the ${noun} of ${unit} sent at ${formatVietnamTime(inFlight.at)} (by ${inFlight.actor}) is still being recorded; wait for its answer before sending another`,
    };
  const earlier = state.received[unit];
  if (setup.kind === 'pledge') {
    if (content !== undefined) return { code: Rejection.InvalidInput, message: 'a pledge carries no content' };
    if (earlier)
      return {
        code: Rejection.Duplicate,
        message: `${unit} already submitted its ${noun} at ${formatVietnamTime(earlier.at)} (by ${earlier.actor})`,
      };
    return undefined;
  }
  if (setup.kind === 'ballot') {
    // Who voted is public (and refused a second time); what they chose is sealed and checked at the count.
    if (earlier)
      return {
        code: Rejection.Duplicate,
        message: `${unit} already voted in ${label} at ${formatVietnamTime(earlier.at)}; a ballot cannot be changed`,
      };
    const cast = castSchema.safeParse(input);
    if (!cast.success)
      return {
        code: Rejection.InvalidInput,
        message: `not a sealed ballot: ${issueList(cast.error, 'input')} (seal the choices with tdkt ballot cast)`,
      };
    return undefined;
  }
  if (setup.kind === 'score') {
    if (!setup.rubric) return { code: Rejection.InvalidInput, message: `no rubric is set for ${setup.cycleId}` };
    const check = checkCrossScore(
      setup.rubric,
      setup.participants.map((p) => p.unit),
      unit,
      content,
    );
    if (!check.ok)
      return { code: Rejection.InvalidInput, message: `the cross-scores of ${unit} are not valid: ${check.problems.join('; ')}` };
    return undefined;
  }
  const report = checkReportContent(setup.period!, content, setup.rubric);
  if (!report.ok) return { code: Rejection.InvalidInput, message: `the ${label} of ${unit} is not valid: ${report.problems.join('; ')}` };
  return undefined;
}

/**
 * Records an accepted submission at once, counted before it is stored; call only after
 * checkSubmission returned undefined. Rounds that started before `startRecording` existed replay
 * with this.
 */
export function receive(state: RoundState, submission: Submission, now: number): Received {
  const received = receiptOf(state, submission, now);
  state.received[submission.unit] = received;
  state.changes++;
  return received;
}

/**
 * A submission the validator accepted, on its way to the database: held aside, so it does not
 * count (for the closing, the status or the result) until `finishRecording`; `abandonRecording`
 * drops it when it could not be stored. Call only after checkSubmission returned undefined.
 */
export function startRecording(state: RoundState, submission: Submission, now: number): Received {
  const received = receiptOf(state, submission, now);
  state.recording = { ...state.recording, [submission.unit]: received };
  return received;
}

/** The submission is stored: it now counts. */
export function finishRecording(state: RoundState, received: Received): void {
  state.received[received.unit] = received;
  delete state.recording?.[received.unit];
  state.changes++;
}

/** The submission could not be stored: the unit is as it was before it was sent. */
export function abandonRecording(state: RoundState, unit: string): void {
  delete state.recording?.[unit];
}

/**
 * Takes back a submission counted by `receive` whose recording failed: the unit's earlier version
 * (or nothing) counts again.
 */
export function withdrawReceived(state: RoundState, unit: string, earlier: Received | undefined): void {
  if (earlier) state.received[unit] = earlier;
  else delete state.received[unit];
  state.changes++;
}

function receiptOf(state: RoundState, submission: Submission, now: number): Received {
  const { setup } = state;
  const late = isLate(state, now, submission.unit);
  const { late: policy } = setup.calendar;
  const report = setup.kind === 'report' ? checkReportContent(setup.period!, submission.content, setup.rubric) : undefined;
  return {
    unit: submission.unit,
    actor: submission.actor,
    at: now,
    late,
    version: (state.received[submission.unit]?.version ?? 0) + 1,
    penalty: late && policy.mode === 'accept' ? policy.penaltyPoints : 0,
    ...(report?.ok && report.totals ? { totals: report.totals } : {}),
  };
}

/** Why the secretariat may not extend this deadline now, or undefined when it may. */
export function checkExtension(state: RoundState, input: unknown, now: number): Refusal | undefined {
  const parsed = extensionSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const { actor, units, until } = parsed.data;
  const { setup } = state;
  if (!setup.secretariat.includes(actor)) {
    return {
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${setup.secretariat.join(', ')}) may extend a deadline; ${actor} may not`,
    };
  }
  if (state.closed) return { code: Rejection.RoundClosed, message: `the ${roundLabel(setup)} round of ${setup.cycleId} is closed` };
  const members = setup.participants.map((p) => p.unit);
  const targets = units === 'all' ? members : units;
  const strangers = targets.filter((u) => !members.includes(u));
  if (strangers.length)
    return { code: Rejection.NotAMember, message: `not members of cluster ${setup.cluster} in ${setup.year}: ${strangers.join(', ')}` };
  const untilMs = Date.parse(until);
  if (untilMs <= now) return { code: Rejection.InvalidInput, message: `the new deadline ${formatVietnamTime(untilMs)} has already passed` };
  const latest = latestDeadline(state);
  if (untilMs > latest.deadline) {
    return {
      code: Rejection.InvalidInput,
      message: `the new deadline ${formatVietnamTime(untilMs)} is too late: the ${roundLabel(setup)} round of ${setup.cycleId} must close by ${formatVietnamTime(latest.closeBy)} (${latest.before}), so the latest deadline allowed is ${formatVietnamTime(latest.deadline)}`,
    };
  }
  const notLater = targets.filter((u) => untilMs <= deadlineOf(state, u));
  if (notLater.length)
    return {
      code: Rejection.InvalidInput,
      message: `the new deadline must come after the current one; it does not for ${notLater.map((u) => `${u} (${formatVietnamTime(deadlineOf(state, u))})`).join(', ')}`,
    };
  return undefined;
}

const YEAR_MS = 365 * 86_400_000;

/** The latest deadline an extension may set: the round's closing (deadline plus grace) stays within its limit. */
function latestDeadline(state: RoundState): { deadline: number; closeBy: number; before: string } {
  const { calendar, extensionLimit } = state.setup;
  const closeBy = extensionLimit ? Date.parse(extensionLimit.closeBy) : Date.parse(calendar.opensAt) + YEAR_MS;
  const grace = closesAt(calendar) - Date.parse(calendar.deadline);
  return { deadline: closeBy - (Number.isFinite(grace) ? grace : 0), closeBy, before: extensionLimit?.before ?? 'a year after it opened' };
}

/** Moves the deadlines (and with them the reminders and the grace period); call after checkExtension. */
export function applyExtension(state: RoundState, extension: Extension, now: number): string[] {
  const units = extension.units === 'all' ? state.setup.participants.map((p) => p.unit) : [...new Set(extension.units)];
  for (const unit of units) {
    state.deadlines[unit] = Date.parse(extension.until);
    // Reminders already behind the new schedule are not sent again; the rest follow the new deadline.
    const entry = (state.reminders[unit] ??= { sent: 0, scheduleDone: 0 });
    entry.scheduleDone = reminderOffsets(state).filter((offset) => deadlineOf(state, unit) - offset <= now).length;
    state.escalatedUnits = state.escalatedUnits.filter((u) => u !== unit);
  }
  state.changes++;
  return units;
}

/** The calendar's reminder offsets before the deadline, the earliest reminder first. */
function reminderOffsets(state: RoundState): number[] {
  return state.setup.calendar.remindBefore.map((d) => parseIsoDuration(d) ?? 0).sort((a, b) => b - a);
}

export interface DueNotices {
  /** Units to remind now, each with its reminder number (counted per unit). */
  reminders: { unit: string; seq: number }[];
  /** Units whose deadline has passed without a submission. */
  escalations: string[];
}

/** What the round must send now: reminders whose time has come, escalations at passed deadlines. */
export function dueNotices(state: RoundState, now: number): DueNotices {
  const offsets = reminderOffsets(state);
  const reminders: DueNotices['reminders'] = [];
  const escalations: string[] = [];
  for (const unit of pendingUnits(state)) {
    const deadline = deadlineOf(state, unit);
    const entry = state.reminders[unit] ?? { sent: 0, scheduleDone: 0 };
    const due = offsets.filter((offset) => deadline - offset <= now).length;
    if (now < deadline && due > entry.scheduleDone) reminders.push({ unit, seq: entry.sent + 1 });
    if (now >= deadline && !state.escalatedUnits.includes(unit)) escalations.push(unit);
  }
  return { reminders, escalations };
}

/** Marks the reminders sent (all reminders due at once count as one). */
export function markReminded(state: RoundState, reminded: { unit: string }[], now: number): void {
  const offsets = reminderOffsets(state);
  for (const { unit } of reminded) {
    const entry = (state.reminders[unit] ??= { sent: 0, scheduleDone: 0 });
    entry.sent++;
    entry.scheduleDone = offsets.filter((offset) => deadlineOf(state, unit) - offset <= now).length;
  }
}

/** Marks the units escalated; returns each with its escalation number (counted per unit). */
export function markEscalated(state: RoundState, units: string[]): { unit: string; seq: number }[] {
  state.escalatedUnits.push(...units);
  const numbered = units.map((unit) => ({ unit, seq: (state.escalations[unit] = (state.escalations[unit] ?? 0) + 1) }));
  for (const unit of units) if (!state.escalated.includes(unit)) state.escalated.push(unit);
  return numbered;
}

/**
 * Whether the round is over: every unit past the end of its grace period, or everyone in and —
 * for reports, which may be re-submitted until the deadline — every deadline passed.
 */
export function shouldClose(state: RoundState, now: number): boolean {
  const units = expectedUnits(state);
  if (units.every((u) => now > closesAtOf(state, u))) return true;
  if (!allReceived(state)) return false;
  return !ROUND_KINDS[state.setup.kind].keepsVersions || units.every((u) => now > deadlineOf(state, u));
}

/** The next instant the round has something to do by the clock (a reminder, a deadline, the close). */
export function nextWakeUp(state: RoundState, now: number): number {
  const offsets = reminderOffsets(state);
  const times: number[] = [];
  for (const unit of expectedUnits(state)) {
    const deadline = deadlineOf(state, unit);
    times.push(closesAtOf(state, unit) + 1, deadline + 1);
    if (!state.received[unit]) times.push(deadline, ...offsets.map((offset) => deadline - offset));
  }
  const future = times.filter((t) => t > now);
  return future.length ? Math.min(...future) : now;
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
  period?: ReportPeriod;
  phase: RoundPhase;
  opensAt: string;
  deadline: string;
  /** Absent when the round waits for everyone. */
  closesAt?: string;
  /** Ballot rounds: the number, what is voted on, and the key to seal a ballot with. */
  ballot?: RoundSetup['ballot'];
  remindersSent: number;
  escalated: string[];
  units: {
    unit: string;
    unitName: string;
    representative: string;
    excused?: string;
    deadline?: string;
    submittedAt?: string;
    by?: string;
    late?: boolean;
    version?: number;
    penalty?: number;
    total?: number;
  }[];
}

export function roundStatus(state: RoundState, now: number): RoundStatus {
  const { setup } = state;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    roundId: setup.roundId,
    kind: setup.kind,
    ...(setup.period ? { period: setup.period } : {}),
    phase: roundPhase(state, now),
    opensAt: setup.calendar.opensAt,
    deadline: setup.calendar.deadline,
    ...(Number.isFinite(closesAt(setup.calendar)) ? { closesAt: iso(closesAt(setup.calendar)) } : {}),
    ...(setup.ballot ? { ballot: setup.ballot } : {}),
    remindersSent: Math.max(state.remindersSent, ...Object.values(state.reminders).map((r) => r.sent), 0),
    escalated: state.escalated,
    units: setup.participants.map((p) => {
      const got = state.received[p.unit];
      return {
        unit: p.unit,
        unitName: p.unitName,
        representative: p.representative,
        ...(state.excused?.[p.unit] ? { excused: `merged into ${state.excused[p.unit]!.into}: ${state.excused[p.unit]!.reason}` } : {}),
        ...(state.deadlines[p.unit] !== undefined ? { deadline: iso(state.deadlines[p.unit]!) } : {}),
        ...(got
          ? {
              submittedAt: iso(got.at),
              by: got.actor,
              late: got.late,
              version: got.version,
              penalty: got.penalty,
              ...(got.totals ? { total: got.totals.total } : {}),
            }
          : {}),
      };
    }),
  };
}

/**
 * A member merged away while the round is open (DOMAIN.md "2025 reform"): with `close` the round
 * stops expecting anything from it; with `transfer` the successor's representative acts for it.
 * What it already submitted stays. Returns false when the unit is not in the round or the round
 * is closed (nothing to change).
 */
export function applyMerge(state: RoundState, merged: MemberMerged): boolean {
  const participant = state.setup.participants.find((p) => p.unit === merged.unit);
  if (!participant || state.closed || state.excused?.[merged.unit]) return false;
  if (merged.handling === 'transfer' && merged.representative) {
    participant.representative = merged.representative;
    if (!state.setup.people.includes(merged.representative)) state.setup.people.push(merged.representative);
  } else {
    state.excused = { ...state.excused, [merged.unit]: { into: merged.into, reason: merged.reason } };
  }
  state.changes++;
  return true;
}

export interface RoundResult {
  roundId: string;
  kind: RoundKind;
  period?: ReportPeriod;
  submitted: Received[];
  missing: string[];
  remindersSent: number;
  escalated: string[];
  /** Units merged away while the round was open, whose task was closed. */
  excused?: string[];
}
