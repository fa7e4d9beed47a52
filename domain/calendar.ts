import { z } from 'zod';
import { councilCalendarSchema } from './council.ts';
import { formatIsoDuration, parseIsoDuration } from './duration.ts';
import { reportPeriodSchema } from './report.ts';

// The cycle's calendar input. Every date and duration a workflow waits on comes from here, never
// from the wall clock or a literal, so a real year and a 20-second demo run the same code.

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2018-03-31T17:00:00+07:00' });
const duration = z
  .string()
  .refine(
    (text) => parseIsoDuration(text) !== undefined,
    'expected an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P7D or PT30S',
  );

export const latePolicySchema = z.discriminatedUnion('mode', [
  // Late submissions are taken (and marked late, with penaltyPoints off the score where the round
  // is scored) until graceUntil, then the round closes.
  z.object({ mode: z.literal('accept'), graceUntil: instant, penaltyPoints: z.number().min(0).max(10).default(0) }).strict(),
  // The round closes at the deadline; later submissions are refused.
  z.object({ mode: z.literal('refuse') }).strict(),
  // Whoever is missing at the deadline is escalated to the secretariat and the round waits for
  // them (the secretariat may extend deadlines meanwhile): the cross-score round's "escalate and
  // wait" policy for missing scorers.
  z.object({ mode: z.literal('wait') }).strict(),
]);

const roundFields = {
  opensAt: instant,
  deadline: instant,
  /** Reminders go to whoever has not submitted, this long before the deadline. */
  remindBefore: z.array(duration).max(10, 'at most 10 reminders per round'),
  late: latePolicySchema,
};

function checkRoundOrder(
  round: { opensAt: string; deadline: string; remindBefore: string[]; late: z.infer<typeof latePolicySchema> },
  ctx: z.RefinementCtx,
): void {
  const opens = Date.parse(round.opensAt);
  const deadline = Date.parse(round.deadline);
  // Order is only checked between valid instants; a malformed one already has its own error.
  if (Number.isNaN(opens) || Number.isNaN(deadline)) return;
  if (!(deadline > opens)) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'the deadline must come after opensAt' });
  round.remindBefore.forEach((before, i) => {
    const at = deadline - (parseIsoDuration(before) ?? 0);
    if (at <= opens)
      ctx.addIssue({
        code: 'custom',
        path: ['remindBefore', i],
        message: `a reminder ${before} before the deadline would fall before the round opens`,
      });
  });
  if (round.late.mode === 'accept' && Date.parse(round.late.graceUntil) <= deadline) {
    ctx.addIssue({ code: 'custom', path: ['late', 'graceUntil'], message: 'graceUntil must come after the deadline' });
  }
}

export const roundCalendarSchema = z.object(roundFields).strict().superRefine(checkRoundOrder);

/** One reporting period's round: Q1, H1 (sơ kết), Q3, or YEAR (tổng kết, with the self-score). */
export const reportRoundCalendarSchema = z
  .object({ period: reportPeriodSchema, ...roundFields })
  .strict()
  .superRefine(checkRoundOrder);

/**
 * The cluster ballot: round 1 opens at opensAt and lasts `duration`; a second round, when one is
 * needed, and then the chair and deputy's decision each get the same time from when the previous
 * step ended. Ballots are not taken late.
 */
export const ballotCalendarSchema = z
  .object({
    opensAt: instant,
    duration,
    remindBefore: z.array(duration).max(10, 'at most 10 reminders per round'),
  })
  .strict()
  .superRefine((ballot, ctx) => {
    const length = parseIsoDuration(ballot.duration) ?? 0;
    if (length <= 0) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'a ballot round must last longer than 0' });
    ballot.remindBefore.forEach((before, i) => {
      if ((parseIsoDuration(before) ?? 0) >= length)
        ctx.addIssue({
          code: 'custom',
          path: ['remindBefore', i],
          message: `a reminder ${before} before the end would fall before the ballot opens`,
        });
    });
  });

export const cycleCalendarSchema = z
  .object({
    /** When the campaigns are launched (phát động phong trào thi đua). */
    launchAt: instant,
    pledge: roundCalendarSchema,
    /**
     * The reporting periods: H1 and YEAR always, Q1 and Q3 where the cluster reports quarterly.
     * Optional only so that cycles started before reporting existed still replay.
     */
    reporting: z.array(reportRoundCalendarSchema).max(4).optional(),
    /**
     * Cross-scoring (chấm chéo). Its late policy is the policy for missing scorers: accept or
     * refuse leave them out of the consolidation when the round closes; wait escalates and waits.
     * Optional only so that cycles started before scoring existed still replay.
     */
    scoring: roundCalendarSchema.optional(),
    /** The cluster ballot; the consolidated table may be adjusted, and vetoes recorded, until it opens. */
    ballot: ballotCalendarSchema.optional(),
    /**
     * The provincial council this cycle submits its nominations to. The first cluster of the
     * province-year to submit starts the council with its own council calendar; the others join.
     */
    council: councilCalendarSchema.optional(),
    /** The year-end conference (hội nghị tổng kết, early N+1): awards handed over, the cluster's giấy khen, the chair rotates and next year's cycle starts. Optional only so that cycles started before the conference existed still replay. */
    conference: z
      .object({
        at: instant,
        /** How far next year's calendar lies from this one. Absent: one calendar year (the real calendar). The demo and tests squeeze a year into minutes with a duration here. */
        yearLength: duration.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((calendar, ctx) => {
    if (calendar.reporting) {
      const periods = calendar.reporting.map((r) => r.period);
      if (new Set(periods).size !== periods.length)
        ctx.addIssue({ code: 'custom', path: ['reporting'], message: 'each reporting period may appear once' });
      for (const required of ['H1', 'YEAR'] as const) {
        if (!periods.includes(required))
          ctx.addIssue({ code: 'custom', path: ['reporting'], message: `the reporting periods must include ${required}` });
      }
    }
    if (Boolean(calendar.scoring) !== Boolean(calendar.ballot)) {
      ctx.addIssue({
        code: 'custom',
        path: [calendar.scoring ? 'ballot' : 'scoring'],
        message: 'scoring and ballot come together: give both or neither',
      });
    }
    if (calendar.council && !calendar.ballot)
      ctx.addIssue({
        code: 'custom',
        path: ['council'],
        message: 'the council takes the nominations of the cluster ballot: give scoring and ballot too',
      });
    if (calendar.scoring && !calendar.reporting)
      ctx.addIssue({ code: 'custom', path: ['scoring'], message: 'scoring needs the reporting periods (the year-end self-score)' });
    if (
      calendar.scoring &&
      calendar.ballot &&
      calendar.scoring.late.mode !== 'wait' &&
      !(Date.parse(calendar.ballot.opensAt) > closesAt(calendar.scoring))
    ) {
      ctx.addIssue({ code: 'custom', path: ['ballot', 'opensAt'], message: 'the ballot must open after the cross-score round closes' });
    }
    if (
      !(Date.parse(calendar.pledge.opensAt) >= Date.parse(calendar.launchAt)) &&
      !Number.isNaN(Date.parse(calendar.pledge.opensAt)) &&
      !Number.isNaN(Date.parse(calendar.launchAt))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['pledge', 'opensAt'],
        message: 'the pledge round cannot open before the campaigns are launched',
      });
    }
    if (calendar.conference) checkConference(calendar, calendar.conference, ctx);
  });

/** The conference comes after the calendar's last step, and next year's launch does not come before it. */
function checkConference(
  calendar: {
    launchAt: string;
    pledge: { deadline: string };
    reporting?: { deadline: string }[] | undefined;
    ballot?: { opensAt: string } | undefined;
    council?: { sessionAt: string } | undefined;
  },
  conference: { at: string; yearLength?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  // Order is only checked between valid instants (a date-time without a zone is not one, though
  // Date.parse reads it in the local zone); a malformed one already has its own error.
  const instantMs = (text: string) => (instant.safeParse(text).success ? Date.parse(text) : Number.NaN);
  const at = instantMs(conference.at);
  // The latest step the calendar has, with its name for the message.
  const [lastMs, lastStep] = calendar.council
    ? [instantMs(calendar.council.sessionAt), 'the council session']
    : calendar.ballot
      ? [instantMs(calendar.ballot.opensAt), 'the ballot opens']
      : calendar.reporting && calendar.reporting.length > 0
        ? [Math.max(...calendar.reporting.map((r) => instantMs(r.deadline))), 'the last reporting deadline']
        : [instantMs(calendar.pledge.deadline), 'the pledge deadline'];
  if (!Number.isNaN(at) && !Number.isNaN(lastMs) && !(at > lastMs)) {
    ctx.addIssue({ code: 'custom', path: ['conference', 'at'], message: `the conference must come after ${lastStep}` });
  }
  if (conference.yearLength !== undefined) {
    const length = parseIsoDuration(conference.yearLength);
    // A malformed duration already has its own error.
    if (length === undefined) return;
    if (length <= 0) {
      ctx.addIssue({ code: 'custom', path: ['conference', 'yearLength'], message: 'a year must last longer than 0' });
      return;
    }
    const nextLaunch = instantMs(calendar.launchAt) + length;
    if (!Number.isNaN(at) && !Number.isNaN(nextLaunch) && nextLaunch < at) {
      ctx.addIssue({
        code: 'custom',
        path: ['conference', 'yearLength'],
        message: "next year's campaigns would be launched (launchAt + yearLength) before the conference",
      });
    }
  } else {
    const nextLaunch = instantMs(shiftCalendarYear(calendar.launchAt));
    if (!Number.isNaN(at) && !Number.isNaN(nextLaunch) && nextLaunch < at) {
      ctx.addIssue({
        code: 'custom',
        path: ['conference', 'at'],
        message: "next year's campaigns would be launched (launchAt + 1 year) before the conference",
      });
    }
  }
}

const DATE_TIME_PARTS = /^(\d{4})-(\d{2})-(\d{2})(T.*)$/;

/**
 * The same local wall time and written offset one calendar year later: 2018-12-10T17:00:00+07:00
 * becomes 2019-12-10T17:00:00+07:00; 29 February becomes 28 February. Text that is not a date-time
 * comes back unchanged.
 */
function shiftCalendarYear(text: string): string {
  const match = DATE_TIME_PARTS.exec(text);
  if (!match) return text;
  const [, yearText, month, dayText, rest] = match as unknown as [string, string, string, string, string];
  const year = Number(yearText) + 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = month === '02' && dayText === '29' && !leap ? '28' : dayText;
  return `${String(year).padStart(4, '0')}-${month}-${day}${rest}`;
}

export type LatePolicy = z.infer<typeof latePolicySchema>;
export type RoundCalendar = z.infer<typeof roundCalendarSchema>;
export type ReportRoundCalendar = z.infer<typeof reportRoundCalendarSchema>;
export type CycleCalendar = z.infer<typeof cycleCalendarSchema>;
export type BallotCalendar = z.infer<typeof ballotCalendarSchema>;

/** The reminders of a round in the order they fall, numbered from 1. */
export function reminderTimes(round: RoundCalendar): { seq: number; at: number }[] {
  const deadline = Date.parse(round.deadline);
  return round.remindBefore
    .map((before) => deadline - (parseIsoDuration(before) ?? 0))
    .sort((a, b) => a - b)
    .map((at, i) => ({ seq: i + 1, at }));
}

/**
 * When the round stops taking submissions at all: the deadline, or the end of the grace period;
 * never (Infinity) for a round that waits for everyone.
 */
export function closesAt(round: RoundCalendar): number {
  if (round.late.mode === 'wait') return Number.POSITIVE_INFINITY;
  return round.late.mode === 'accept' ? Date.parse(round.late.graceUntil) : Date.parse(round.deadline);
}

/** How late a round's deadlines may be moved: the instant its closing may not pass, and what comes then. */
export interface ExtensionLimit {
  /** ISO instant: every unit's closing (its deadline plus the grace period) stays at or before it. */
  closeBy: string;
  /** What starts at that instant and needs the round closed, e.g. "the cross-score round opens". */
  before: string;
}

/**
 * The limit of a round's extensions: the next step of the cycle that waits for the round to close
 * (DOMAIN.md's order of the year), so that an extension can never hold the year up. A calendar
 * without such a step still ends with the year: next year's campaigns.
 */
export function extensionLimit(calendar: CycleCalendar, kind: 'pledge' | 'report' | 'score' | 'ballot'): ExtensionLimit {
  const steps: [string | undefined, string][] = [];
  if (kind === 'pledge')
    steps.push([calendar.reporting?.map((r) => r.opensAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0], 'the reporting periods open']);
  if (kind === 'pledge' || kind === 'report') steps.push([calendar.scoring?.opensAt, 'the cross-score round opens']);
  if (kind === 'score') steps.push([calendar.ballot?.opensAt, 'the ballot opens']);
  steps.push(
    [calendar.council?.submitBy, "the clusters' submissions to the council are due"],
    [calendar.conference?.at, 'the year-end conference'],
  );
  const [closeBy, before] = steps.find(([at]) => at !== undefined) ?? [
    shiftCalendarYear(calendar.launchAt),
    "next year's campaigns are launched",
  ];
  return { closeBy: closeBy!, before };
}

/** The rounds of a ballot: round `n` (from 1) opening at `opensAtMs`, with the ballot calendar's length and reminders. */
export function ballotRoundCalendar(ballot: BallotCalendar, opensAtMs: number): RoundCalendar {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    opensAt: iso(opensAtMs),
    deadline: iso(opensAtMs + (parseIsoDuration(ballot.duration) ?? 0)),
    remindBefore: ballot.remindBefore,
    late: { mode: 'refuse' },
  };
}

/**
 * Next year's calendar, started at the conference: every instant of this one (at any depth) moved
 * on by the conference's yearLength when it gives one (written in UTC), otherwise by one calendar
 * year keeping the local wall time and the offset as written (29 February becomes 28 February).
 * Durations, periods and late modes are unchanged. Pure: it reads no clock.
 */
export function nextYearCalendar(calendar: CycleCalendar): CycleCalendar {
  const length = calendar.conference?.yearLength === undefined ? undefined : parseIsoDuration(calendar.conference.yearLength);
  const shift = (text: string): string =>
    length === undefined ? shiftCalendarYear(text) : new Date(Date.parse(text) + length).toISOString();
  const move = (value: unknown): unknown => {
    if (typeof value === 'string') return instant.safeParse(value).success ? shift(value) : value;
    if (Array.isArray(value)) return value.map(move);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, move(inner)]));
    return value;
  };
  return move(calendar) as CycleCalendar;
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
      late: { mode: 'accept', graceUntil: `${forYear}-04-15T17:00:00+07:00`, penaltyPoints: 0 },
    },
    reporting: [
      {
        period: 'H1',
        opensAt: `${forYear}-06-15T08:00:00+07:00`,
        deadline: `${forYear}-07-10T17:00:00+07:00`,
        remindBefore: ['P7D', 'P1D'],
        late: { mode: 'accept', graceUntil: `${forYear}-07-20T17:00:00+07:00`, penaltyPoints: 1 },
      },
      {
        period: 'YEAR',
        opensAt: `${forYear}-10-15T08:00:00+07:00`,
        deadline: `${forYear}-11-15T17:00:00+07:00`,
        remindBefore: ['P7D', 'P1D'],
        late: { mode: 'accept', graceUntil: `${forYear}-11-25T17:00:00+07:00`, penaltyPoints: 1 },
      },
    ],
    // Cross-scores late in November, the ballot at the meeting in early December: the submission
    // to the province is due before 10 December (DOMAIN.md step 6).
    scoring: {
      opensAt: `${forYear}-11-26T08:00:00+07:00`,
      deadline: `${forYear}-12-02T17:00:00+07:00`,
      remindBefore: ['P2D', 'P1D'],
      late: { mode: 'accept', graceUntil: `${forYear}-12-03T17:00:00+07:00`, penaltyPoints: 0 },
    },
    ballot: { opensAt: `${forYear}-12-05T08:00:00+07:00`, duration: 'P1D', remindBefore: ['PT4H'] },
    // Submissions to the province before 10 December [S]; the council meets in the middle of the month.
    council: {
      submitBy: `${forYear}-12-10T17:00:00+07:00`,
      remindBefore: ['P3D', 'P1D'],
      sessionAt: `${forYear}-12-18T08:00:00+07:00`,
      sessionLength: 'P2D',
      complaintWindow: 'P30D',
    },
    // The year-end conference in mid-January N+1 launches next year's campaigns there and then:
    // next year's launchAt is this very moment.
    conference: { at: `${forYear + 1}-01-15T08:00:00+07:00` },
  };
}

/**
 * The same calendar squeezed into a short stretch from `startMs`, for the demo, tests and trials:
 * each round lasts `roundMs`, reminders fall at half and a quarter of it before the deadline, and
 * late submissions are taken for another half. With `reporting`, the H1 and YEAR report rounds
 * follow the pledge round back to back (late reports cost 1 point); with `scoring` as well, the
 * cross-score round follows them, and the ballot opens `roundMs` after it closes (the time for
 * adjustments and vetoes), each ballot round lasting `roundMs`. With `conference`, the year-end
 * conference follows the last step the calendar has (at 12, 11, 5 or 2 × roundMs with the council,
 * the ballot, reporting or the pledge alone) and next year's calendar starts a round after it.
 * By default it is the whole year, council and conference included, as `tdkt cycle start
 * --compress` gives it: a year that stopped at the ballot could never reach its end.
 */
export function compressedCalendar(
  startMs: number,
  roundMs: number,
  opts: { reporting: boolean; scoring?: boolean; council?: boolean; conference?: boolean } = {
    reporting: true,
    scoring: true,
    council: true,
    conference: true,
  },
): CycleCalendar {
  const iso = (ms: number) => new Date(ms).toISOString();
  const hasScoring = opts.reporting && Boolean(opts.scoring);
  const hasCouncil = hasScoring && Boolean(opts.council);
  // The conference goes by the steps the calendar actually has: the council only comes with scoring and the ballot.
  const conferenceOffset = roundMs * (hasCouncil ? 12 : hasScoring ? 11 : opts.reporting ? 5 : 2);
  const round = (opensAt: number, penaltyPoints: number) => ({
    opensAt: iso(opensAt),
    deadline: iso(opensAt + roundMs),
    remindBefore: [formatIsoDuration(roundMs / 2), formatIsoDuration(roundMs / 4)],
    late: { mode: 'accept' as const, graceUntil: iso(opensAt + roundMs * 1.5), penaltyPoints },
  });
  return {
    launchAt: iso(startMs),
    pledge: round(startMs, 0),
    ...(opts.reporting
      ? {
          reporting: [
            { period: 'H1' as const, ...round(startMs + roundMs * 1.5, 1) },
            { period: 'YEAR' as const, ...round(startMs + roundMs * 3, 1) },
          ],
        }
      : {}),
    ...(hasScoring
      ? {
          scoring: round(startMs + roundMs * 4.5, 0),
          ballot: {
            opensAt: iso(startMs + roundMs * 7),
            duration: formatIsoDuration(roundMs),
            remindBefore: [formatIsoDuration(roundMs / 2)],
          },
        }
      : {}),
    ...(hasCouncil
      ? {
          council: {
            submitBy: iso(startMs + roundMs * 10),
            remindBefore: [formatIsoDuration(roundMs)],
            sessionAt: iso(startMs + roundMs * 10.5),
            sessionLength: formatIsoDuration(roundMs * 3),
            complaintWindow: formatIsoDuration(roundMs * 2),
          },
        }
      : {}),
    ...(opts.conference
      ? { conference: { at: iso(startMs + conferenceOffset), yearLength: formatIsoDuration(conferenceOffset + roundMs) } }
      : {}),
  };
}
