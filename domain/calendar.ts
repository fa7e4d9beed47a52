import { z } from 'zod';
import { formatIsoDuration, parseIsoDuration } from './duration.js';

// The cycle's calendar input. Every date and duration a workflow waits on comes from here, never
// from the wall clock or a literal, so a real year and a 20-second demo run the same code.

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2018-03-31T17:00:00+07:00' });
const duration = z
  .string()
  .refine((text) => parseIsoDuration(text) !== undefined, 'expected an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P7D or PT30S');

export const latePolicySchema = z.discriminatedUnion('mode', [
  // Late submissions are taken (and marked late) until graceUntil, then the round closes.
  z.object({ mode: z.literal('accept'), graceUntil: instant }).strict(),
  // The round closes at the deadline; later submissions are refused.
  z.object({ mode: z.literal('refuse') }).strict(),
]);

export const roundCalendarSchema = z
  .object({
    opensAt: instant,
    deadline: instant,
    /** Reminders go to whoever has not submitted, this long before the deadline. */
    remindBefore: z.array(duration).max(10, 'at most 10 reminders per round'),
    late: latePolicySchema,
  })
  .strict()
  .superRefine((round, ctx) => {
    const opens = Date.parse(round.opensAt);
    const deadline = Date.parse(round.deadline);
    // Order is only checked between valid instants; a malformed one already has its own error.
    if (Number.isNaN(opens) || Number.isNaN(deadline)) return;
    if (!(deadline > opens)) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'the deadline must come after opensAt' });
    round.remindBefore.forEach((before, i) => {
      const at = deadline - (parseIsoDuration(before) ?? 0);
      if (at <= opens) ctx.addIssue({ code: 'custom', path: ['remindBefore', i], message: `a reminder ${before} before the deadline would fall before the round opens` });
    });
    if (round.late.mode === 'accept' && Date.parse(round.late.graceUntil) <= deadline) {
      ctx.addIssue({ code: 'custom', path: ['late', 'graceUntil'], message: 'graceUntil must come after the deadline' });
    }
  });

export const cycleCalendarSchema = z
  .object({
    /** When the campaigns are launched (phát động phong trào thi đua). */
    launchAt: instant,
    pledge: roundCalendarSchema,
  })
  .strict()
  .superRefine((calendar, ctx) => {
    if (!(Date.parse(calendar.pledge.opensAt) >= Date.parse(calendar.launchAt)) && !Number.isNaN(Date.parse(calendar.pledge.opensAt)) && !Number.isNaN(Date.parse(calendar.launchAt))) {
      ctx.addIssue({ code: 'custom', path: ['pledge', 'opensAt'], message: 'the pledge round cannot open before the campaigns are launched' });
    }
  });

export type LatePolicy = z.infer<typeof latePolicySchema>;
export type RoundCalendar = z.infer<typeof roundCalendarSchema>;
export type CycleCalendar = z.infer<typeof cycleCalendarSchema>;

/** The reminders of a round in the order they fall, numbered from 1. */
export function reminderTimes(round: RoundCalendar): { seq: number; at: number }[] {
  const deadline = Date.parse(round.deadline);
  return round.remindBefore
    .map((before) => deadline - (parseIsoDuration(before) ?? 0))
    .sort((a, b) => a - b)
    .map((at, i) => ({ seq: i + 1, at }));
}

/** When the round stops taking submissions at all: the deadline, or the end of the grace period. */
export function closesAt(round: RoundCalendar): number {
  return round.late.mode === 'accept' ? Date.parse(round.late.graceUntil) : Date.parse(round.deadline);
}

/**
 * A real year's calendar when none is given: campaigns launched mid-January, pledges due at the
 * end of the first quarter (DOMAIN.md step 2), reminders a week and a day before, two weeks' grace.
 * Times are Vietnam's (UTC+07:00).
 */
export function defaultCalendar(forYear: number): CycleCalendar {
  return {
    launchAt: `${forYear}-01-15T08:00:00+07:00`,
    pledge: {
      opensAt: `${forYear}-01-15T08:00:00+07:00`,
      deadline: `${forYear}-03-31T17:00:00+07:00`,
      remindBefore: ['P7D', 'P1D'],
      late: { mode: 'accept', graceUntil: `${forYear}-04-15T17:00:00+07:00` },
    },
  };
}

/**
 * The same calendar squeezed into a short stretch from `startMs`, for the demo, tests and trials:
 * the pledge round lasts `roundMs`, reminders fall at half and a quarter of it before the deadline,
 * and late pledges are taken for another half.
 */
export function compressedCalendar(startMs: number, roundMs: number): CycleCalendar {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    launchAt: iso(startMs),
    pledge: {
      opensAt: iso(startMs),
      deadline: iso(startMs + roundMs),
      remindBefore: [formatIsoDuration(roundMs / 2), formatIsoDuration(roundMs / 4)],
      late: { mode: 'accept', graceUntil: iso(startMs + roundMs * 1.5) },
    },
  };
}
