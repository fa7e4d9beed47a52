import { cycleCalendarSchema, type CycleCalendar } from '../domain/calendar.ts';
import { cycleInputSchema, defaultCampaigns, type CycleInput } from '../domain/cycle.ts';
import { issueList } from '../domain/rejections.ts';
import { findTextProblem } from '../domain/text.ts';
import { CliError, ExitCode } from './exitCodes.ts';

// What starting a cluster's year takes, checked the same way for `tdkt cycle start` and the
// console's start page: a calendar given as JSON (a file, a form's text area), and the cycle's
// input with the default campaigns.

/** The most a calendar's JSON may weigh: a calendar is a few hundred bytes. */
export const MAX_CALENDAR_BYTES = 100_000;

/** A calendar given as JSON (already parsed): refused, as `what` ("the calendar file x.json"), unless it is a valid one. */
export function calendarFromJson(json: unknown, what: string): CycleCalendar {
  // JSON escapes (\u0000) get past a check of the raw text.
  const problem = findTextProblem(json);
  if (problem) throw new CliError(ExitCode.usage, `${what} cannot be sent: ${problem}`, 'InvalidInput');
  const parsed = cycleCalendarSchema.safeParse(json);
  if (!parsed.success)
    throw new CliError(ExitCode.usage, `${what} is not a valid calendar: ${issueList(parsed.error, 'value')}`, 'InvalidInput');
  return parsed.data;
}

/** A calendar given as JSON text, as the console's text area sends it. */
export function calendarFromText(text: string, what: string): CycleCalendar {
  if (Buffer.byteLength(text) > MAX_CALENDAR_BYTES)
    throw new CliError(
      ExitCode.usage,
      `${what} is larger than ${MAX_CALENDAR_BYTES} bytes: a calendar is a few hundred bytes of JSON`,
      'InvalidInput',
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(ExitCode.usage, `${what} is not JSON: ${(error as Error).message}`, 'InvalidInput');
  }
  return calendarFromJson(json, what);
}

/** The input of a cluster's year: the cluster, the year, the calendar and the default campaigns (DOMAIN.md step 1). */
export function cycleStartInput(cluster: string, forYear: number, calendar: CycleCalendar): CycleInput {
  if (!calendar.reporting)
    throw new CliError(
      ExitCode.usage,
      'the calendar has no reporting periods: give at least H1 (sơ kết) and YEAR (tổng kết) under "reporting"',
      'InvalidInput',
    );
  const parsed = cycleInputSchema.safeParse({ cluster, year: forYear, calendar, campaigns: defaultCampaigns(forYear) });
  if (!parsed.success) throw new CliError(ExitCode.usage, `invalid cycle: ${issueList(parsed.error, 'value')}`, 'InvalidInput');
  return parsed.data;
}
