import { representativeOf, type CycleContext } from '../db/queries/cycleContext.ts';
import { REPORT_PERIODS, type ReportPeriod } from '../domain/report.ts';
import { closesAt, type ExtensionLimit, type RoundCalendar } from '../domain/calendar.ts';
import { ROUND_KINDS, type Received, type RoundKind } from '../domain/round.ts';
import { reportWording, submissionReceipt, type Wording } from './mail/templates.ts';
import { taskLinkUrl, type LinkSettings } from './mail/links.ts';
import type { OutgoingMail } from './outbox.ts';

// What every round's mails share: how the round names what is submitted, the link to submit it by, and
// the receipt for an accepted submission.

export interface RoundRef {
  roundId: string;
  cycleId: string;
  kind: RoundKind;
  period?: ReportPeriod;
}

export function wordingOf(ref: RoundRef): Wording {
  // A report's words name its period ("nộp báo cáo sơ kết 6 tháng").
  if (ref.kind === 'report' && ref.period) return reportWording(REPORT_PERIODS[ref.period]);
  // (A report round always has its period; one without fell back to the pledge's words, and still does.)
  return ref.kind === 'report' ? ROUND_KINDS.pledge.mail : ROUND_KINDS[ref.kind].mail;
}

/** What a round's activities need to know when a unit's task closes: its calendar and how far extensions may go. */
export interface RoundClosing {
  calendar: RoundCalendar;
  extensionLimit?: ExtensionLimit;
}

/** How long an "escalate and wait" round stays open past a deadline when nothing else bounds it (and an activity of an older round, told no calendar, assumes). */
const WAIT_AFTER_DEADLINE = 30 * 86_400_000;

/**
 * Until when a unit whose deadline is `deadline` can still submit, so until when its task link is
 * honoured: the deadline plus the calendar's grace period (none when late submissions are
 * refused), moved with the deadline by an extension; a round that waits for everyone is bounded
 * by the step that follows it in the cycle (its extension limit), else 30 days after the deadline.
 */
export function unitClosing(closing: RoundClosing | undefined, deadline: number): number {
  if (!closing) return deadline + WAIT_AFTER_DEADLINE;
  const grace = closesAt(closing.calendar) - Date.parse(closing.calendar.deadline);
  if (Number.isFinite(grace)) return deadline + grace;
  return closing.extensionLimit ? Math.max(Date.parse(closing.extensionLimit.closeBy), deadline) : deadline + WAIT_AFTER_DEADLINE;
}

/** The representative's personal link to a round (`/t/<token>`), for the unit it acts for, valid until `expiresAt`. */
export function roundTaskLink(links: LinkSettings, ref: RoundRef, unit: string, personId: string, expiresAt: number): string {
  return taskLinkUrl(links, { person: personId, role: 'representative', task: ref.roundId, unit, expiresAt });
}

/** The receipt to the unit's representative for an accepted submission (version-keyed for reports). */
export function receiptFor(ctx: CycleContext, input: RoundRef & Received): OutgoingMail {
  const to = representativeOf(ctx, input.unit);
  const mail = submissionReceipt({
    recipientName: to.fullName,
    clusterName: ctx.clusterName,
    year: ctx.year,
    w: wordingOf(input),
    unitName: ctx.unitNames.get(input.unit) ?? input.unit,
    at: input.at,
    late: input.late,
    version: input.version,
    penalty: input.penalty,
    ...(input.totals ? { total: input.totals.total } : {}),
  });
  const key = ROUND_KINDS[input.kind].keepsVersions
    ? `${input.roundId}:receipt:${input.unit}:v${input.version}`
    : `${input.roundId}:receipt:${input.unit}`;
  return { key, cycleId: input.cycleId, to, mail };
}
