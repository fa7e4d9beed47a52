import { describe, it, expect } from 'vitest';
import {
  ballotCalendarSchema,
  ballotRoundCalendar,
  closesAt,
  extensionLimit,
  compressedCalendar,
  cycleCalendarSchema,
  defaultCalendar,
  latePolicySchema,
  nextYearCalendar,
  reminderTimes,
  reportRoundCalendarSchema,
  roundCalendarSchema,
  type BallotCalendar,
  type CycleCalendar,
  type ReportRoundCalendar,
  type RoundCalendar,
} from '../../domain/calendar.ts';
import { formatIsoDuration, parseIsoDuration } from '../../domain/duration.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2018-01-15T01:00:00Z');

/** A valid calendar to break one field at a time. */
function validCalendar(): CycleCalendar {
  return structuredClone(defaultCalendar(2018));
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = cycleCalendarSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('defaultCalendar', () => {
  it('is accepted by cycleCalendarSchema', () => {
    const result = cycleCalendarSchema.safeParse(defaultCalendar(2018));
    expect(result.success).toBe(true);
  });

  it('is the real year: launched 15 January, pledges due 31 March 17:00, grace to 15 April (Vietnam time)', () => {
    const calendar = defaultCalendar(2018);
    expect(Date.parse(calendar.launchAt)).toBe(Date.parse('2018-01-15T01:00:00Z'));
    expect(Date.parse(calendar.pledge.opensAt)).toBe(Date.parse(calendar.launchAt));
    expect(Date.parse(calendar.pledge.deadline)).toBe(Date.parse('2018-03-31T10:00:00Z'));
    expect(calendar.pledge.late).toEqual({ mode: 'accept', graceUntil: '2018-04-15T17:00:00+07:00', penaltyPoints: 0 });
    expect(calendar.pledge.remindBefore).toEqual(['P7D', 'P1D']);
  });

  it.each([2000, 2024, 2100])('is valid for %d, a leap year or not', (forYear) => {
    expect(cycleCalendarSchema.safeParse(defaultCalendar(forYear)).success).toBe(true);
    expect(defaultCalendar(forYear).pledge.deadline.startsWith(`${forYear}-03-31`)).toBe(true);
  });
});

describe('compressedCalendar', () => {
  it.each([4000, 8000, 16_000, 60_000, 2 * HOUR])('is accepted by cycleCalendarSchema for a %d ms round', (roundMs) => {
    const result = cycleCalendarSchema.safeParse(compressedCalendar(START, roundMs));
    expect(result.success).toBe(true);
  });

  it('opens at the start, is due roundMs later and takes late pledges for another half', () => {
    const calendar = compressedCalendar(START, 8000);
    expect(Date.parse(calendar.launchAt)).toBe(START);
    expect(Date.parse(calendar.pledge.opensAt)).toBe(START);
    expect(Date.parse(calendar.pledge.deadline)).toBe(START + 8000);
    expect(calendar.pledge.late.mode).toBe('accept');
    expect(closesAt(calendar.pledge)).toBe(START + 12_000);
  });

  it('writes its instants with a zone (UTC)', () => {
    const calendar = compressedCalendar(START, 8000);
    expect(calendar.launchAt).toMatch(/Z$/);
    expect(calendar.pledge.deadline).toMatch(/Z$/);
  });

  it('puts reminders at half and a quarter of the round before the deadline (8 s round)', () => {
    const calendar = compressedCalendar(START, 8000);
    expect(calendar.pledge.remindBefore).toEqual(['PT4S', 'PT2S']);
    expect(reminderTimes(calendar.pledge).map((r) => r.at)).toEqual([START + 4000, START + 6000]);
  });

  it('puts reminders at half and a quarter of a two-hour round', () => {
    expect(compressedCalendar(START, 2 * HOUR).pledge.remindBefore).toEqual(['PT1H', 'PT30M']);
  });

  // `tdkt cycle start --compress PT1S` passes 1000 ms: half of it is formatted as PT1S (rounded
  // up from 0.5 s), which puts the first reminder at the opening instant, which the schema refuses.
  it('is accepted by cycleCalendarSchema for a one-second round', () => {
    expect(issuesOf(compressedCalendar(START, 1000))).toEqual([]);
  });

  // The doc comment promises reminders at half and a quarter of the round; a quarter of 6 s is
  // 1.5 s, but formatIsoDuration rounds it to PT2S.
  it('puts the quarter reminder exactly a quarter of a 6 s round before the deadline', () => {
    const calendar = compressedCalendar(START, 6000);
    expect(reminderTimes(calendar.pledge).map((r) => r.at)).toEqual([START + 3000, START + 4500]);
  });
});

describe('cycleCalendarSchema refusals', () => {
  it('refuses a deadline before opensAt', () => {
    const calendar = validCalendar();
    calendar.pledge.deadline = '2018-01-10T17:00:00+07:00';
    calendar.pledge.remindBefore = [];
    calendar.pledge.late = { mode: 'refuse' };
    expect(issuesOf(calendar)).toEqual([{ path: 'pledge.deadline', message: 'the deadline must come after opensAt' }]);
  });

  it('refuses a deadline equal to opensAt', () => {
    const calendar = validCalendar();
    calendar.pledge.deadline = calendar.pledge.opensAt;
    calendar.pledge.remindBefore = [];
    expect(issuesOf(calendar).map((i) => i.path)).toContain('pledge.deadline');
  });

  it('compares instants, not strings: the same moment in another zone is still equal', () => {
    const calendar = validCalendar();
    calendar.pledge.deadline = '2018-01-15T01:00:00Z'; // = opensAt 08:00 +07:00
    calendar.pledge.remindBefore = [];
    expect(issuesOf(calendar).map((i) => i.path)).toContain('pledge.deadline');
  });

  it('refuses a reminder that would fall before the round opens, naming which one', () => {
    const calendar = validCalendar();
    calendar.pledge.remindBefore = ['P7D', 'P100D', 'P1D'];
    expect(issuesOf(calendar)).toEqual([
      { path: 'pledge.remindBefore.1', message: 'a reminder P100D before the deadline would fall before the round opens' },
    ]);
  });

  it('refuses a reminder falling exactly at the opening', () => {
    const calendar = validCalendar();
    const span = Date.parse(calendar.pledge.deadline) - Date.parse(calendar.pledge.opensAt);
    calendar.pledge.remindBefore = [`PT${span / 1000}S`];
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['pledge.remindBefore.0']);
  });

  it('accepts a reminder one second after the opening', () => {
    const calendar = validCalendar();
    const span = Date.parse(calendar.pledge.deadline) - Date.parse(calendar.pledge.opensAt);
    calendar.pledge.remindBefore = [`PT${span / 1000 - 1}S`];
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('refuses a reminder given in months or with junk', () => {
    for (const bad of ['P1M', 'P1Y', 'one week', '-P1D']) {
      const calendar = validCalendar();
      calendar.pledge.remindBefore = [bad];
      expect(
        issuesOf(calendar).map((i) => i.path),
        bad,
      ).toEqual(['pledge.remindBefore.0']);
    }
  });

  it('refuses graceUntil before the deadline', () => {
    const calendar = validCalendar();
    calendar.pledge.late = { mode: 'accept', graceUntil: '2018-03-30T17:00:00+07:00', penaltyPoints: 0 };
    expect(issuesOf(calendar)).toEqual([{ path: 'pledge.late.graceUntil', message: 'graceUntil must come after the deadline' }]);
  });

  it('refuses graceUntil equal to the deadline', () => {
    const calendar = validCalendar();
    calendar.pledge.late = { mode: 'accept', graceUntil: calendar.pledge.deadline, penaltyPoints: 0 };
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['pledge.late.graceUntil']);
  });

  it('refuses the pledge round opening before the launch', () => {
    const calendar = validCalendar();
    calendar.pledge.opensAt = '2018-01-14T08:00:00+07:00';
    expect(issuesOf(calendar)).toEqual([
      { path: 'pledge.opensAt', message: 'the pledge round cannot open before the campaigns are launched' },
    ]);
  });

  it('accepts the pledge round opening after the launch', () => {
    const calendar = validCalendar();
    calendar.pledge.opensAt = '2018-01-20T08:00:00+07:00';
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('refuses an unknown key at the top level', () => {
    const result = cycleCalendarSchema.safeParse({ ...validCalendar(), reportAt: '2018-06-30T17:00:00+07:00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('refuses an unknown key in the round', () => {
    const calendar = validCalendar();
    const result = cycleCalendarSchema.safeParse({ ...calendar, pledge: { ...calendar.pledge, remindAfter: ['P1D'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.code)).toContain('unrecognized_keys');
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('pledge');
  });

  it.each(['2018-03-31T17:00:00', '2018-03-31', '31/03/2018 17:00', 'tomorrow'])(
    'refuses a deadline %j without a zone or not a date-time',
    (deadline) => {
      const calendar = validCalendar();
      calendar.pledge.deadline = deadline;
      const issues = issuesOf(calendar);
      expect(issues.map((i) => i.path)).toContain('pledge.deadline');
      expect(issues.find((i) => i.path === 'pledge.deadline')?.message).toContain('with a zone');
    },
  );

  it('refuses a launchAt without a zone', () => {
    const calendar = validCalendar();
    calendar.launchAt = '2018-01-15T08:00:00';
    const issues = issuesOf(calendar);
    expect(issues.find((i) => i.path === 'launchAt')?.message).toContain('with a zone');
  });

  it('refuses a graceUntil without a zone', () => {
    const calendar = validCalendar();
    calendar.pledge.late = { mode: 'accept', graceUntil: '2018-04-15T17:00:00', penaltyPoints: 0 };
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['pledge.late.graceUntil']);
  });

  it('accepts UTC (Z) and explicit offsets', () => {
    const calendar = validCalendar();
    calendar.launchAt = '2018-01-15T01:00:00Z';
    calendar.pledge.opensAt = '2018-01-15T01:00:00.000Z';
    calendar.pledge.deadline = '2018-03-31T10:00:00+00:00';
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('accepts 10 reminders and refuses 11', () => {
    const ten = validCalendar();
    ten.pledge.remindBefore = Array.from({ length: 10 }, (_, i) => `P${i + 1}D`);
    expect(issuesOf(ten)).toEqual([]);

    const eleven = validCalendar();
    eleven.pledge.remindBefore = Array.from({ length: 11 }, (_, i) => `P${i + 1}D`);
    const issues = issuesOf(eleven);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toEqual({ path: 'pledge.remindBefore', message: 'at most 10 reminders per round' });
  });

  it('refuses an unknown late mode', () => {
    const base = validCalendar();
    const issues = issuesOf({ ...base, pledge: { ...base.pledge, late: { mode: 'ignore' } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toMatch(/^pledge\.late/);
  });

  it('refuses an accept policy without graceUntil', () => {
    expect(latePolicySchema.safeParse({ mode: 'accept' }).success).toBe(false);
    expect(latePolicySchema.safeParse({ mode: 'refuse' }).success).toBe(true);
  });

  it('refuses missing fields and non-objects', () => {
    expect(cycleCalendarSchema.safeParse({}).success).toBe(false);
    expect(cycleCalendarSchema.safeParse(null).success).toBe(false);
    expect(cycleCalendarSchema.safeParse('P7D').success).toBe(false);
    const noLaunch: Partial<CycleCalendar> = validCalendar();
    delete noLaunch.launchAt;
    expect(issuesOf(noLaunch).map((i) => i.path)).toEqual(['launchAt']);
  });

  it('reports several independent problems of one round together', () => {
    const calendar = validCalendar();
    calendar.pledge.remindBefore = ['P100D'];
    calendar.pledge.late = { mode: 'accept', graceUntil: '2018-03-01T00:00:00+07:00', penaltyPoints: 0 };
    expect(
      issuesOf(calendar)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['pledge.late.graceUntil', 'pledge.remindBefore.0']);
  });
});

describe('reminderTimes', () => {
  const round = (remindBefore: string[]): RoundCalendar => ({
    opensAt: '2018-01-15T08:00:00+07:00',
    deadline: '2018-03-31T17:00:00+07:00',
    remindBefore,
    late: { mode: 'refuse' },
  });
  const deadline = Date.parse('2018-03-31T17:00:00+07:00');

  it('orders unsorted reminders by when they fall and numbers them from 1', () => {
    expect(reminderTimes(round(['PT1H', 'P7D', 'P1D']))).toEqual([
      { seq: 1, at: deadline - 7 * DAY },
      { seq: 2, at: deadline - DAY },
      { seq: 3, at: deadline - HOUR },
    ]);
  });

  it('gives the default calendar its week-before and day-before reminders', () => {
    const times = reminderTimes(defaultCalendar(2018).pledge);
    expect(times.map((t) => new Date(t.at).toISOString())).toEqual(['2018-03-24T10:00:00.000Z', '2018-03-30T10:00:00.000Z']);
    expect(times.map((t) => t.seq)).toEqual([1, 2]);
  });

  it('gives no reminders for an empty list', () => {
    expect(reminderTimes(round([]))).toEqual([]);
  });

  it('treats weeks and days alike', () => {
    expect(reminderTimes(round(['P1W', 'P7D'])).map((t) => t.at)).toEqual([deadline - 7 * DAY, deadline - 7 * DAY]);
  });

  it('does not reorder the calendar it is given', () => {
    const input = round(['PT1H', 'P7D']);
    reminderTimes(input);
    expect(input.remindBefore).toEqual(['PT1H', 'P7D']);
  });

  it('agrees with parseIsoDuration', () => {
    const [only] = reminderTimes(round(['P1DT12H']));
    expect(only?.at).toBe(deadline - parseIsoDuration('P1DT12H')!);
  });
});

describe('closesAt', () => {
  it('is graceUntil when late pledges are accepted', () => {
    expect(closesAt(defaultCalendar(2018).pledge)).toBe(Date.parse('2018-04-15T17:00:00+07:00'));
  });

  it('is the deadline when late pledges are refused', () => {
    const pledge: RoundCalendar = { ...defaultCalendar(2018).pledge, late: { mode: 'refuse' } };
    expect(closesAt(pledge)).toBe(Date.parse('2018-03-31T17:00:00+07:00'));
  });
});

describe('roundCalendarSchema', () => {
  it('is strict on its own', () => {
    const pledge = defaultCalendar(2018).pledge;
    expect(roundCalendarSchema.safeParse(pledge).success).toBe(true);
    expect(roundCalendarSchema.safeParse({ ...pledge, extra: 1 }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Reporting rounds and the late penalty.

/** The default calendar's report round of a period, to reuse under another period or change. */
function reportRound(period: 'H1' | 'YEAR'): ReportRoundCalendar {
  return structuredClone(defaultCalendar(2018).reporting!.find((r) => r.period === period)!);
}

const withReporting = (reporting: unknown[]): unknown => ({ ...validCalendar(), reporting });

describe('defaultCalendar: reporting', () => {
  it('has the H1 and YEAR report rounds, each with reminders a week and a day before and a 1-point late penalty', () => {
    expect(defaultCalendar(2018).reporting).toEqual([
      {
        period: 'H1',
        opensAt: '2018-06-15T08:00:00+07:00',
        deadline: '2018-07-10T17:00:00+07:00',
        remindBefore: ['P7D', 'P1D'],
        late: { mode: 'accept', graceUntil: '2018-07-20T17:00:00+07:00', penaltyPoints: 1 },
      },
      {
        period: 'YEAR',
        opensAt: '2018-10-15T08:00:00+07:00',
        deadline: '2018-11-15T17:00:00+07:00',
        remindBefore: ['P7D', 'P1D'],
        late: { mode: 'accept', graceUntil: '2018-11-25T17:00:00+07:00', penaltyPoints: 1 },
      },
    ]);
  });

  it('puts the report deadlines and closings at 17:00 Vietnam time (10:00 UTC)', () => {
    const [h1, year] = defaultCalendar(2018).reporting!;
    expect(Date.parse(h1!.deadline)).toBe(Date.parse('2018-07-10T10:00:00Z'));
    expect(closesAt(h1!)).toBe(Date.parse('2018-07-20T10:00:00Z'));
    expect(Date.parse(year!.deadline)).toBe(Date.parse('2018-11-15T10:00:00Z'));
    expect(closesAt(year!)).toBe(Date.parse('2018-11-25T10:00:00Z'));
  });

  it('takes no points off a late pledge', () => {
    expect(defaultCalendar(2018).pledge.late).toMatchObject({ penaltyPoints: 0 });
  });

  it('orders the rounds: pledges close before H1 opens, H1 closes before YEAR opens', () => {
    const calendar = defaultCalendar(2018);
    const [h1, year] = calendar.reporting!;
    expect(closesAt(calendar.pledge)).toBeLessThan(Date.parse(h1!.opensAt));
    expect(closesAt(h1!)).toBeLessThan(Date.parse(year!.opensAt));
  });

  it.each([2000, 2018, 2024, 2100])('parses unchanged with cycleCalendarSchema for %d, reporting included', (forYear) => {
    const calendar = defaultCalendar(forYear);
    expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
    expect(calendar.reporting?.map((r) => r.deadline.slice(0, 10))).toEqual([`${forYear}-07-10`, `${forYear}-11-15`]);
  });

  it('gives each report round a calendar reportRoundCalendarSchema accepts', () => {
    for (const round of defaultCalendar(2018).reporting!) expect(reportRoundCalendarSchema.parse(round)).toEqual(round);
  });
});

describe('compressedCalendar: reporting', () => {
  const R = 8000;

  it('chains the pledge, H1 and YEAR rounds, each lasting roundMs, the next opening 1.5 × roundMs after the previous one opened', () => {
    const calendar = compressedCalendar(START, R);
    expect(calendar.reporting?.map((r) => r.period)).toEqual(['H1', 'YEAR']);
    const [h1, year] = calendar.reporting!;
    expect(
      [calendar.pledge, h1!, year!].map((round) => [
        Date.parse(round.opensAt) - START,
        Date.parse(round.deadline) - START,
        closesAt(round) - START,
      ]),
    ).toEqual([
      [0, R, 1.5 * R],
      [1.5 * R, 2.5 * R, 3 * R],
      [3 * R, 4 * R, 4.5 * R],
    ]);
  });

  it('never lets two rounds overlap: each opens when the previous one closes', () => {
    const calendar = compressedCalendar(START, R);
    const [h1, year] = calendar.reporting!;
    expect(Date.parse(h1!.opensAt)).toBe(closesAt(calendar.pledge));
    expect(Date.parse(year!.opensAt)).toBe(closesAt(h1!));
  });

  it('charges 1 point for a late report and none for a late pledge', () => {
    const calendar = compressedCalendar(START, R);
    expect(calendar.pledge.late).toMatchObject({ mode: 'accept', penaltyPoints: 0 });
    for (const round of calendar.reporting!) expect(round.late, round.period).toMatchObject({ mode: 'accept', penaltyPoints: 1 });
  });

  it("gives the report rounds the pledge round's reminders", () => {
    for (const round of compressedCalendar(START, R).reporting!) {
      expect(round.remindBefore).toEqual(['PT4S', 'PT2S']);
      expect(reminderTimes(round).map((t) => t.at - Date.parse(round.opensAt))).toEqual([4000, 6000]);
    }
  });

  it('includes reporting by default and leaves it out with { reporting: false }', () => {
    // The default is the whole year (see 'compressedCalendar: the whole year by default').
    expect(compressedCalendar(START, R)).toEqual(
      compressedCalendar(START, R, { reporting: true, scoring: true, council: true, conference: true }),
    );
    expect(compressedCalendar(START, R).reporting).toEqual(compressedCalendar(START, R, { reporting: true }).reporting);
    const pledgeOnly = compressedCalendar(START, R, { reporting: false });
    expect(pledgeOnly).not.toHaveProperty('reporting');
    expect(pledgeOnly.pledge).toEqual(compressedCalendar(START, R).pledge);
    expect(cycleCalendarSchema.parse(pledgeOnly)).toEqual(pledgeOnly);
  });

  it.each([1000, 4000, 6000, 8000, 60_000, 2 * HOUR, DAY])(
    'parses unchanged with cycleCalendarSchema, reporting included, for a %d ms round',
    (roundMs) => {
      const calendar = compressedCalendar(START, roundMs);
      expect(issuesOf(calendar)).toEqual([]);
      expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
    },
  );
});

describe('cycleCalendarSchema: reporting', () => {
  it('accepts a calendar without reporting (cycles started before reporting existed)', () => {
    // Such cycles had no scoring or ballot either; scoring without reporting is refused (see below).
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.reporting;
    delete calendar.scoring;
    delete calendar.ballot;
    delete calendar.council;
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('accepts H1 and YEAR in either order', () => {
    expect(issuesOf(withReporting([reportRound('YEAR'), reportRound('H1')]))).toEqual([]);
  });

  it('accepts the quarterly reports as well: Q1, H1, Q3 and YEAR', () => {
    const q1 = {
      ...reportRound('H1'),
      period: 'Q1',
      opensAt: '2018-04-01T08:00:00+07:00',
      deadline: '2018-04-10T17:00:00+07:00',
      late: { mode: 'refuse' },
    };
    const q3 = {
      ...reportRound('H1'),
      period: 'Q3',
      opensAt: '2018-09-15T08:00:00+07:00',
      deadline: '2018-10-10T17:00:00+07:00',
      late: { mode: 'accept', graceUntil: '2018-10-12T17:00:00+07:00' },
    };
    expect(issuesOf(withReporting([q1, reportRound('H1'), q3, reportRound('YEAR')]))).toEqual([]);
  });

  it('refuses reporting without H1', () => {
    expect(issuesOf(withReporting([reportRound('YEAR')]))).toEqual([
      { path: 'reporting', message: 'the reporting periods must include H1' },
    ]);
  });

  it('refuses reporting without YEAR', () => {
    expect(issuesOf(withReporting([reportRound('H1')]))).toEqual([
      { path: 'reporting', message: 'the reporting periods must include YEAR' },
    ]);
  });

  it('refuses reporting without YEAR even when the quarterly reports are there', () => {
    const q1 = { ...reportRound('H1'), period: 'Q1' };
    const q3 = { ...reportRound('H1'), period: 'Q3' };
    expect(issuesOf(withReporting([q1, reportRound('H1'), q3]))).toEqual([
      { path: 'reporting', message: 'the reporting periods must include YEAR' },
    ]);
  });

  it('refuses an empty reporting list, naming both missing periods', () => {
    expect(issuesOf(withReporting([]))).toEqual([
      { path: 'reporting', message: 'the reporting periods must include H1' },
      { path: 'reporting', message: 'the reporting periods must include YEAR' },
    ]);
  });

  it.each(['H1', 'YEAR'] as const)('refuses %s given twice', (period) => {
    expect(issuesOf(withReporting([reportRound('H1'), reportRound('YEAR'), reportRound(period)]))).toEqual([
      { path: 'reporting', message: 'each reporting period may appear once' },
    ]);
  });

  it('refuses a quarterly period given twice', () => {
    const q1 = { ...reportRound('H1'), period: 'Q1' };
    expect(issuesOf(withReporting([q1, reportRound('H1'), q1, reportRound('YEAR')]))).toEqual([
      { path: 'reporting', message: 'each reporting period may appear once' },
    ]);
  });

  it('refuses more than 4 report rounds', () => {
    const all = ['Q1', 'H1', 'Q3', 'YEAR'].map((period) => ({ ...reportRound('H1'), period }));
    const issues = issuesOf(withReporting([...all, reportRound('H1')]));
    expect(issues.map((i) => i.path)).toEqual(['reporting']);
    expect(issues[0]?.message).toMatch(/4/);
  });

  it.each(['Q2', 'Q4', 'H2', 'year', '', undefined])('refuses the unknown period %j, naming the field', (period) => {
    const issues = issuesOf(withReporting([{ ...reportRound('H1'), period }, reportRound('YEAR')]));
    expect(issues.map((i) => i.path)).toContain('reporting.0.period');
    expect(issues.find((i) => i.path === 'reporting.0.period')?.message).toContain('"H1"');
  });

  it('refuses a report round without a period', () => {
    const { period, ...rest } = reportRound('H1');
    expect(period).toBe('H1');
    expect(issuesOf(withReporting([rest, reportRound('YEAR')])).map((i) => i.path)).toContain('reporting.0.period');
  });

  it('refuses an unknown key in a report round', () => {
    const result = cycleCalendarSchema.safeParse(withReporting([{ ...reportRound('H1'), rubric: 'DB-VT-2018.1' }, reportRound('YEAR')]));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.code, i.path.join('.')])).toContainEqual(['unrecognized_keys', 'reporting.0']);
  });

  it('refuses a report round that is not an object, and reporting that is not a list', () => {
    expect(issuesOf(withReporting(['H1', reportRound('YEAR')])).map((i) => i.path)).toEqual(['reporting.0']);
    expect(issuesOf({ ...validCalendar(), reporting: reportRound('H1') }).map((i) => i.path)).toEqual(['reporting']);
  });

  it("checks each report round's order like the pledge round's, naming the round by index", () => {
    const h1 = reportRound('H1');
    h1.deadline = '2018-06-14T17:00:00+07:00';
    h1.remindBefore = [];
    const year = reportRound('YEAR');
    year.late = { mode: 'accept', graceUntil: '2018-11-15T16:00:00+07:00', penaltyPoints: 1 };
    expect(issuesOf(withReporting([h1, year]))).toEqual([
      { path: 'reporting.0.deadline', message: 'the deadline must come after opensAt' },
      { path: 'reporting.1.late.graceUntil', message: 'graceUntil must come after the deadline' },
    ]);
  });

  it('refuses a report reminder falling before its round opens', () => {
    const year = reportRound('YEAR');
    year.remindBefore = ['P1D', 'P40D'];
    expect(issuesOf(withReporting([reportRound('H1'), year]))).toEqual([
      { path: 'reporting.1.remindBefore.1', message: 'a reminder P40D before the deadline would fall before the round opens' },
    ]);
  });

  it('refuses a report deadline without a zone', () => {
    const h1 = reportRound('H1');
    h1.deadline = '2018-07-10T17:00:00';
    const issues = issuesOf(withReporting([h1, reportRound('YEAR')]));
    expect(issues.map((i) => i.path)).toEqual(['reporting.0.deadline']);
    expect(issues[0]?.message).toContain('with a zone');
  });

  it('accepts a report round that refuses late reports', () => {
    const h1 = reportRound('H1');
    h1.late = { mode: 'refuse' };
    expect(issuesOf(withReporting([h1, reportRound('YEAR')]))).toEqual([]);
  });

  it('reports a problem of the pledge round and of the reporting list together', () => {
    const calendar = validCalendar();
    calendar.pledge.opensAt = '2018-01-14T08:00:00+07:00';
    calendar.reporting = [reportRound('H1')];
    expect(
      issuesOf(calendar)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['pledge.opensAt', 'reporting']);
  });
});

describe('reportRoundCalendarSchema', () => {
  it('accepts each of the four periods', () => {
    for (const period of ['Q1', 'H1', 'Q3', 'YEAR'])
      expect(reportRoundCalendarSchema.safeParse({ ...reportRound('H1'), period }).success, period).toBe(true);
  });

  it('requires the period, which roundCalendarSchema refuses as an unknown key', () => {
    const h1 = reportRound('H1');
    const { period, ...round } = h1;
    expect(period).toBe('H1');
    expect(reportRoundCalendarSchema.safeParse(round).success).toBe(false);
    expect(roundCalendarSchema.safeParse(round).success).toBe(true);
    expect(roundCalendarSchema.safeParse(h1).success).toBe(false);
  });
});

describe('latePolicySchema: penaltyPoints', () => {
  const GRACE = '2018-04-15T17:00:00+07:00';

  it('defaults to 0 points when not given', () => {
    expect(latePolicySchema.parse({ mode: 'accept', graceUntil: GRACE })).toEqual({ mode: 'accept', graceUntil: GRACE, penaltyPoints: 0 });
  });

  it('fills in the default inside a calendar, so calendars written before penalties still parse', () => {
    const calendar = validCalendar();
    const parsed = cycleCalendarSchema.parse({ ...calendar, pledge: { ...calendar.pledge, late: { mode: 'accept', graceUntil: GRACE } } });
    expect(parsed.pledge.late).toEqual({ mode: 'accept', graceUntil: GRACE, penaltyPoints: 0 });
  });

  it.each([0, 0.5, 1, 2.5, 10])('accepts %d points', (penaltyPoints) => {
    expect(latePolicySchema.parse({ mode: 'accept', graceUntil: GRACE, penaltyPoints })).toMatchObject({ penaltyPoints });
  });

  it.each([-1, -0.01, 10.01, 11, Number.NaN, Number.POSITIVE_INFINITY, '1', null])('refuses %j points', (penaltyPoints) => {
    expect(latePolicySchema.safeParse({ mode: 'accept', graceUntil: GRACE, penaltyPoints }).success).toBe(false);
  });

  it('names the field of the round it is in', () => {
    const h1 = reportRound('H1');
    h1.late = { mode: 'accept', graceUntil: '2018-07-20T17:00:00+07:00', penaltyPoints: 11 };
    expect(issuesOf(withReporting([h1, reportRound('YEAR')])).map((i) => i.path)).toEqual(['reporting.0.late.penaltyPoints']);
    const calendar = validCalendar();
    calendar.pledge.late = { mode: 'accept', graceUntil: GRACE, penaltyPoints: -1 };
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['pledge.late.penaltyPoints']);
  });

  it('has no penalty under the refuse-late policy', () => {
    expect(latePolicySchema.safeParse({ mode: 'refuse', penaltyPoints: 1 }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-scoring, the ballot, and the "wait" late policy.

describe('latePolicySchema and closesAt: wait', () => {
  it('accepts the wait mode with nothing else', () => {
    expect(latePolicySchema.parse({ mode: 'wait' })).toEqual({ mode: 'wait' });
    expect(latePolicySchema.safeParse({ mode: 'wait', graceUntil: '2018-12-03T17:00:00+07:00' }).success).toBe(false);
    expect(latePolicySchema.safeParse({ mode: 'wait', penaltyPoints: 0 }).success).toBe(false);
  });

  it('never closes a round that waits for everyone', () => {
    const scoring: RoundCalendar = { ...defaultCalendar(2018).scoring!, late: { mode: 'wait' } };
    expect(closesAt(scoring)).toBe(Number.POSITIVE_INFINITY);
  });

  it('still gives a waiting round its reminders before the deadline', () => {
    const scoring: RoundCalendar = { ...defaultCalendar(2018).scoring!, late: { mode: 'wait' } };
    expect(reminderTimes(scoring).map((t) => new Date(t.at).toISOString())).toEqual([
      '2018-11-30T10:00:00.000Z',
      '2018-12-01T10:00:00.000Z',
    ]);
  });
});

/** A valid ballot calendar to break one field at a time. */
function ballot(overrides: Partial<BallotCalendar> = {}): BallotCalendar {
  return { opensAt: '2018-12-05T08:00:00+07:00', duration: 'P1D', remindBefore: ['PT4H'], ...overrides };
}

function ballotIssues(input: unknown): { path: string; message: string }[] {
  const result = ballotCalendarSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('ballotCalendarSchema', () => {
  it("accepts the default calendar's ballot unchanged", () => {
    expect(ballotCalendarSchema.parse(defaultCalendar(2018).ballot)).toEqual(defaultCalendar(2018).ballot);
    expect(ballotIssues(ballot())).toEqual([]);
  });

  it('accepts no reminders and up to 10, and refuses 11', () => {
    expect(ballotIssues(ballot({ remindBefore: [] }))).toEqual([]);
    const ten = Array.from({ length: 10 }, (_, i) => `PT${i + 1}H`);
    expect(ballotIssues(ballot({ remindBefore: ten }))).toEqual([]);
    expect(ballotIssues(ballot({ remindBefore: [...ten, 'PT11H'] }))).toEqual([
      { path: 'remindBefore', message: 'at most 10 reminders per round' },
    ]);
  });

  it('refuses a round of no length', () => {
    expect(ballotIssues(ballot({ duration: 'PT0S', remindBefore: [] }))).toEqual([
      { path: 'duration', message: 'a ballot round must last longer than 0' },
    ]);
  });

  it.each(['P1M', 'P1Y', 'one day', '-P1D', '', 'P'])('refuses the duration %j', (duration) => {
    const issues = ballotIssues(ballot({ duration, remindBefore: [] }));
    expect(issues.map((i) => i.path)).toContain('duration');
  });

  it('refuses a reminder as long as the round or longer, naming which one', () => {
    expect(ballotIssues(ballot({ remindBefore: ['PT4H', 'P1D', 'P2D'] }))).toEqual([
      { path: 'remindBefore.1', message: 'a reminder P1D before the end would fall before the ballot opens' },
      { path: 'remindBefore.2', message: 'a reminder P2D before the end would fall before the ballot opens' },
    ]);
  });

  it('accepts a reminder one second short of the round', () => {
    expect(ballotIssues(ballot({ remindBefore: ['PT23H59M59S'] }))).toEqual([]);
  });

  it('refuses a reminder that is not a duration', () => {
    expect(ballotIssues(ballot({ remindBefore: ['tomorrow'] })).map((i) => i.path)).toContain('remindBefore.0');
  });

  it('refuses an opening without a zone', () => {
    const issues = ballotIssues(ballot({ opensAt: '2018-12-05T08:00:00' }));
    expect(issues.map((i) => i.path)).toEqual(['opensAt']);
    expect(issues[0]?.message).toContain('with a zone');
  });

  it('refuses a late policy or a deadline: ballots are not taken late (strict)', () => {
    expect(ballotCalendarSchema.safeParse({ ...ballot(), late: { mode: 'refuse' } }).success).toBe(false);
    expect(ballotCalendarSchema.safeParse({ ...ballot(), deadline: '2018-12-06T08:00:00+07:00' }).success).toBe(false);
  });

  it('requires every field', () => {
    for (const key of ['opensAt', 'duration', 'remindBefore'] as const) {
      const input: Partial<BallotCalendar> = ballot();
      delete input[key];
      expect(
        ballotIssues(input).map((i) => i.path),
        key,
      ).toContain(key);
    }
  });
});

describe('ballotRoundCalendar', () => {
  const opens = Date.parse('2018-12-05T01:00:00Z');

  it("makes a round opening at the given instant and lasting the ballot's duration, late ballots refused", () => {
    expect(ballotRoundCalendar(ballot(), opens)).toEqual({
      opensAt: '2018-12-05T01:00:00.000Z',
      deadline: '2018-12-06T01:00:00.000Z',
      remindBefore: ['PT4H'],
      late: { mode: 'refuse' },
    });
  });

  it('closes at its deadline and reminds as the ballot calendar says', () => {
    const round = ballotRoundCalendar(ballot({ remindBefore: ['PT4H', 'PT1H'] }), opens);
    expect(closesAt(round)).toBe(opens + DAY);
    expect(reminderTimes(round).map((t) => t.at)).toEqual([opens + DAY - 4 * HOUR, opens + DAY - HOUR]);
  });

  it('makes a second round from when the first ended, just as long', () => {
    const first = ballotRoundCalendar(ballot(), opens);
    const second = ballotRoundCalendar(ballot(), closesAt(first));
    expect(Date.parse(second.opensAt)).toBe(opens + DAY);
    expect(Date.parse(second.deadline)).toBe(opens + 2 * DAY);
  });

  it('makes rounds that roundCalendarSchema accepts, for the default and the compressed calendars', () => {
    expect(roundCalendarSchema.parse(ballotRoundCalendar(ballot(), opens))).toEqual(ballotRoundCalendar(ballot(), opens));
    const compressed = compressedCalendar(START, 8000);
    const round = ballotRoundCalendar(compressed.ballot!, Date.parse(compressed.ballot!.opensAt));
    expect(roundCalendarSchema.safeParse(round).success).toBe(true);
    expect(Date.parse(round.deadline) - Date.parse(round.opensAt)).toBe(8000);
  });

  it('keeps milliseconds of a compressed ballot', () => {
    const round = ballotRoundCalendar(ballot({ duration: 'PT1.5S', remindBefore: ['PT0.75S'] }), opens + 250);
    expect(round.opensAt).toBe('2018-12-05T01:00:00.250Z');
    expect(round.deadline).toBe('2018-12-05T01:00:01.750Z');
  });
});

describe('cycleCalendarSchema: scoring and ballot', () => {
  it('accepts a calendar with neither (cycles started before scoring existed)', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.scoring;
    delete calendar.ballot;
    delete calendar.council;
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('refuses scoring without a ballot', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.ballot;
    delete calendar.council;
    expect(issuesOf(calendar)).toEqual([{ path: 'ballot', message: 'scoring and ballot come together: give both or neither' }]);
  });

  it('refuses a ballot without scoring', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.scoring;
    expect(issuesOf(calendar)).toEqual([{ path: 'scoring', message: 'scoring and ballot come together: give both or neither' }]);
  });

  it('refuses scoring without the reporting periods', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.reporting;
    expect(issuesOf(calendar)).toEqual([{ path: 'scoring', message: 'scoring needs the reporting periods (the year-end self-score)' }]);
  });

  it('refuses a ballot opening before the cross-score round closes (its grace period included)', () => {
    const calendar = validCalendar();
    // After the deadline (2 December 17:00) but inside the grace period (to 3 December 17:00).
    calendar.ballot!.opensAt = '2018-12-03T08:00:00+07:00';
    expect(issuesOf(calendar)).toEqual([{ path: 'ballot.opensAt', message: 'the ballot must open after the cross-score round closes' }]);
  });

  it('refuses a ballot opening exactly when the cross-score round closes, and accepts one a second later', () => {
    const calendar = validCalendar();
    calendar.ballot!.opensAt = '2018-12-03T17:00:00+07:00';
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['ballot.opensAt']);
    calendar.ballot!.opensAt = '2018-12-03T17:00:01+07:00';
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('compares instants: the closing in another zone is still the closing', () => {
    const calendar = validCalendar();
    calendar.ballot!.opensAt = '2018-12-03T10:00:00Z'; // = 17:00 +07:00, the end of the grace period
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['ballot.opensAt']);
  });

  it('lets the ballot open right after the deadline when late scores are refused', () => {
    const calendar = validCalendar();
    calendar.scoring!.late = { mode: 'refuse' };
    calendar.ballot!.opensAt = '2018-12-02T17:00:01+07:00';
    expect(issuesOf(calendar)).toEqual([]);
    calendar.ballot!.opensAt = '2018-12-02T17:00:00+07:00';
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['ballot.opensAt']);
  });

  // Under "wait" the round closes only when every scorer has scored: the ballot cannot be dated
  // after that, so its date is not checked against the round.
  it("does not check the ballot's date when the cross-score round waits for missing scorers", () => {
    const calendar = validCalendar();
    calendar.scoring!.late = { mode: 'wait' };
    calendar.ballot!.opensAt = '2018-12-05T08:00:00+07:00';
    expect(issuesOf(calendar)).toEqual([]);
    calendar.ballot!.opensAt = '2018-11-30T08:00:00+07:00';
    expect(issuesOf(calendar)).toEqual([]);
  });

  it("checks the cross-score round's own order like any round's", () => {
    const calendar = validCalendar();
    calendar.scoring!.deadline = '2018-11-25T17:00:00+07:00';
    calendar.scoring!.remindBefore = [];
    calendar.scoring!.late = { mode: 'refuse' };
    expect(issuesOf(calendar)).toEqual([{ path: 'scoring.deadline', message: 'the deadline must come after opensAt' }]);
  });

  it('checks the ballot calendar inside the cycle calendar, naming the field', () => {
    const calendar = validCalendar();
    calendar.ballot!.remindBefore = ['P1D'];
    expect(issuesOf(calendar)).toEqual([
      { path: 'ballot.remindBefore.0', message: 'a reminder P1D before the end would fall before the ballot opens' },
    ]);
  });

  it('refuses an unknown key in the scoring round or the ballot', () => {
    const calendar = validCalendar();
    expect(issuesOf({ ...calendar, scoring: { ...calendar.scoring, rubric: 'DB-VT-2018.1' } }).map((i) => i.path)).toContain('scoring');
    expect(issuesOf({ ...calendar, ballot: { ...calendar.ballot, rounds: 2 } }).map((i) => i.path)).toContain('ballot');
  });

  it('reports a missing ballot and a missing reporting list together', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.ballot;
    delete calendar.reporting;
    delete calendar.council;
    expect(
      issuesOf(calendar)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['ballot', 'scoring']);
  });
});

describe('defaultCalendar: scoring and ballot', () => {
  it("scores from 26 November to 2 December 17:00, a day's grace, no points off", () => {
    expect(defaultCalendar(2018).scoring).toEqual({
      opensAt: '2018-11-26T08:00:00+07:00',
      deadline: '2018-12-02T17:00:00+07:00',
      remindBefore: ['P2D', 'P1D'],
      late: { mode: 'accept', graceUntil: '2018-12-03T17:00:00+07:00', penaltyPoints: 0 },
    });
  });

  it('holds the ballot on 5 December, a day per round, reminding 4 hours before the end', () => {
    expect(defaultCalendar(2018).ballot).toEqual({ opensAt: '2018-12-05T08:00:00+07:00', duration: 'P1D', remindBefore: ['PT4H'] });
  });

  it('orders them: YEAR closes before scoring opens, scoring closes before the ballot opens, both rounds of the ballot end before 10 December', () => {
    const calendar = defaultCalendar(2018);
    const year = calendar.reporting!.find((r) => r.period === 'YEAR')!;
    expect(closesAt(year)).toBeLessThan(Date.parse(calendar.scoring!.opensAt));
    expect(closesAt(calendar.scoring!)).toBeLessThan(Date.parse(calendar.ballot!.opensAt));
    const first = ballotRoundCalendar(calendar.ballot!, Date.parse(calendar.ballot!.opensAt));
    const second = ballotRoundCalendar(calendar.ballot!, closesAt(first));
    // DOMAIN.md step 6: the submission to the province is due before 10 December.
    expect(closesAt(second)).toBeLessThan(Date.parse('2018-12-10T00:00:00+07:00'));
  });

  it.each([2000, 2018, 2024, 2100])('passes cycleCalendarSchema unchanged for %d, scoring and ballot included', (forYear) => {
    const calendar = defaultCalendar(forYear);
    expect(issuesOf(calendar)).toEqual([]);
    expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
    expect(calendar.scoring?.deadline.slice(0, 10)).toBe(`${forYear}-12-02`);
    expect(calendar.ballot?.opensAt.slice(0, 10)).toBe(`${forYear}-12-05`);
  });
});

describe('compressedCalendar: scoring and ballot', () => {
  const R = 8000;

  it("opens the cross-score round at 4.5 × roundMs, when YEAR closes, lasting roundMs with half a round's grace and no points off", () => {
    const calendar = compressedCalendar(START, R);
    const scoring = calendar.scoring!;
    expect([Date.parse(scoring.opensAt) - START, Date.parse(scoring.deadline) - START, closesAt(scoring) - START]).toEqual([
      4.5 * R,
      5.5 * R,
      6 * R,
    ]);
    expect(Date.parse(scoring.opensAt)).toBe(closesAt(calendar.reporting!.find((r) => r.period === 'YEAR')!));
    expect(scoring.late).toEqual({ mode: 'accept', graceUntil: new Date(START + 6 * R).toISOString(), penaltyPoints: 0 });
    expect(scoring.remindBefore).toEqual(['PT4S', 'PT2S']);
  });

  it('opens the ballot at 7 × roundMs, a round after scoring closes, each ballot round lasting roundMs', () => {
    const calendar = compressedCalendar(START, R);
    expect(calendar.ballot).toEqual({ opensAt: new Date(START + 7 * R).toISOString(), duration: 'PT8S', remindBefore: ['PT4S'] });
    expect(Date.parse(calendar.ballot!.opensAt) - closesAt(calendar.scoring!)).toBe(R);
  });

  it('includes scoring and the ballot by default and with { reporting: true, scoring: true }', () => {
    const calendar = compressedCalendar(START, R, { reporting: true, scoring: true });
    expect(calendar).toHaveProperty('scoring');
    expect(calendar).toHaveProperty('ballot');
    expect(compressedCalendar(START, R).scoring).toEqual(calendar.scoring);
    expect(compressedCalendar(START, R).ballot).toEqual(calendar.ballot);
  });

  it('leaves scoring and the ballot out with { reporting: true, scoring: false }, keeping reporting', () => {
    const calendar = compressedCalendar(START, R, { reporting: true, scoring: false });
    expect(calendar).not.toHaveProperty('scoring');
    expect(calendar).not.toHaveProperty('ballot');
    expect(calendar.reporting).toEqual(compressedCalendar(START, R).reporting);
    expect(issuesOf(calendar)).toEqual([]);
  });

  // test/support/fixtures.ts's fastCycle passes { reporting: true } for a reporting-only cycle.
  it('leaves scoring and the ballot out with { reporting: true } alone', () => {
    const calendar = compressedCalendar(START, R, { reporting: true });
    expect(calendar).not.toHaveProperty('scoring');
    expect(calendar).not.toHaveProperty('ballot');
    expect(calendar).toHaveProperty('reporting');
  });

  it('leaves scoring and the ballot out with { reporting: false }, even when scoring is asked for', () => {
    for (const opts of [{ reporting: false }, { reporting: false, scoring: true }]) {
      const calendar = compressedCalendar(START, R, opts);
      expect(calendar, JSON.stringify(opts)).not.toHaveProperty('scoring');
      expect(calendar, JSON.stringify(opts)).not.toHaveProperty('ballot');
      expect(calendar, JSON.stringify(opts)).not.toHaveProperty('reporting');
      expect(issuesOf(calendar)).toEqual([]);
    }
  });

  it.each([1000, 4000, 6000, 8000, 60_000, 2 * HOUR, DAY])(
    'passes cycleCalendarSchema unchanged, scoring and ballot included, for a %d ms round',
    (roundMs) => {
      const calendar = compressedCalendar(START, roundMs);
      expect(issuesOf(calendar)).toEqual([]);
      expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
      const ballotRound = ballotRoundCalendar(calendar.ballot!, Date.parse(calendar.ballot!.opensAt));
      expect(Date.parse(ballotRound.deadline) - Date.parse(ballotRound.opensAt)).toBe(roundMs);
      expect(reminderTimes(ballotRound).map((t) => t.at - Date.parse(ballotRound.opensAt))).toEqual([roundMs / 2]);
    },
  );
});

describe('cycleCalendarSchema: the council', () => {
  it('takes the default council calendar: submissions by 10 December, the session after them', () => {
    const calendar = defaultCalendar(2018);
    expect(calendar.council).toMatchObject({
      submitBy: '2018-12-10T17:00:00+07:00',
      sessionAt: '2018-12-18T08:00:00+07:00',
      complaintWindow: 'P30D',
    });
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('refuses a council without the cluster ballot, and a session before the submission deadline', () => {
    const calendar: Partial<CycleCalendar> = defaultCalendar(2018);
    delete calendar.scoring;
    delete calendar.ballot;
    expect(issuesOf(calendar)).toEqual([
      { path: 'council', message: 'the council takes the nominations of the cluster ballot: give scoring and ballot too' },
    ]);
    const early = { ...defaultCalendar(2018), council: { ...defaultCalendar(2018).council!, sessionAt: '2018-12-01T08:00:00+07:00' } };
    expect(issuesOf(early).map((i) => i.path)).toEqual(['council.sessionAt']);
  });

  it('compresses the council after the ballot when asked: submissions by 10 × roundMs, the session half a round later', () => {
    const R = 8000;
    const calendar = compressedCalendar(START, R, { reporting: true, scoring: true, council: true });
    expect(Date.parse(calendar.council!.submitBy) - START).toBe(10 * R);
    expect(Date.parse(calendar.council!.sessionAt) - START).toBe(10.5 * R);
    expect(issuesOf(calendar)).toEqual([]);
    expect(compressedCalendar(START, R, { reporting: true, scoring: true }).council).toBeUndefined();
  });
});

/** Every date-time string of a calendar, by its dotted path, in the order they are written. */
function instantsOf(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((inner, i) => instantsOf(inner, path ? `${path}.${i}` : String(i)));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => instantsOf(inner, path ? `${path}.${key}` : key));
  return [];
}

/** Every other string or number of a calendar (durations, periods, modes, points), by its path. */
function nonInstantsOf(value: unknown, path = ''): [string, unknown][] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? [] : [[path, value]];
  if (Array.isArray(value)) return value.flatMap((inner, i) => nonInstantsOf(inner, path ? `${path}.${i}` : String(i)));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => nonInstantsOf(inner, path ? `${path}.${key}` : key));
  return [[path, value]];
}

/** The default calendar cut down to the steps named, the conference kept. */
function upTo(last: 'pledge' | 'reporting' | 'ballot' | 'council'): Partial<CycleCalendar> {
  const calendar: Partial<CycleCalendar> = validCalendar();
  if (last !== 'council') delete calendar.council;
  if (last === 'reporting' || last === 'pledge') {
    delete calendar.scoring;
    delete calendar.ballot;
  }
  if (last === 'pledge') delete calendar.reporting;
  return calendar;
}

describe('cycleCalendarSchema: the conference', () => {
  it("accepts the default calendar's conference, and a calendar without one (cycles started before the conference existed)", () => {
    expect(validCalendar().conference).toEqual({ at: '2019-01-15T08:00:00+07:00' });
    expect(issuesOf(validCalendar())).toEqual([]);
    const without: Partial<CycleCalendar> = validCalendar();
    delete without.conference;
    expect(issuesOf(without)).toEqual([]);
  });

  it.each([
    ['council', '2018-12-18T08:00:00+07:00', 'the conference must come after the council session'],
    ['ballot', '2018-12-05T08:00:00+07:00', 'the conference must come after the ballot opens'],
    ['reporting', '2018-11-15T17:00:00+07:00', 'the conference must come after the last reporting deadline'],
    ['pledge', '2018-03-31T17:00:00+07:00', 'the conference must come after the pledge deadline'],
  ] as const)('refuses a conference no later than the last step, with %s the last: at it, or before it', (last, lastAt, message) => {
    const at = upTo(last);
    at.conference = { at: lastAt };
    expect(issuesOf(at)).toEqual([{ path: 'conference.at', message }]);
    const before = upTo(last);
    before.conference = { at: new Date(Date.parse(lastAt) - DAY).toISOString() };
    expect(issuesOf(before)).toEqual([{ path: 'conference.at', message }]);
  });

  it.each([
    ['council', '2018-12-18T08:00:00+07:00'],
    ['ballot', '2018-12-05T08:00:00+07:00'],
    ['reporting', '2018-11-15T17:00:00+07:00'],
    ['pledge', '2018-03-31T17:00:00+07:00'],
  ] as const)('accepts a conference a second after the last step, with %s the last, written in UTC', (last, lastAt) => {
    const calendar = upTo(last);
    calendar.conference = { at: new Date(Date.parse(lastAt) + 1000).toISOString() };
    expect(issuesOf(calendar)).toEqual([]);
  });

  it('goes by the council session even when the conference comes after the ballot (the council is the last step)', () => {
    const calendar = validCalendar();
    calendar.conference = { at: '2018-12-12T08:00:00+07:00' };
    expect(issuesOf(calendar)).toEqual([{ path: 'conference.at', message: 'the conference must come after the council session' }]);
  });

  it('takes the latest reporting deadline, whatever the order of the rounds', () => {
    const calendar = upTo('reporting');
    calendar.reporting = [...calendar.reporting!].reverse();
    calendar.conference = { at: '2018-08-01T08:00:00+07:00' }; // after H1, before YEAR
    expect(issuesOf(calendar)).toEqual([{ path: 'conference.at', message: 'the conference must come after the last reporting deadline' }]);
  });

  it("refuses a conference after a calendar year from the launch (next year's campaigns would be launched before it), and accepts one at it", () => {
    const late = validCalendar();
    late.conference = { at: '2019-01-15T08:00:01+07:00' };
    expect(issuesOf(late)).toEqual([
      { path: 'conference.at', message: "next year's campaigns would be launched (launchAt + 1 year) before the conference" },
    ]);
    const atLaunch = validCalendar();
    atLaunch.conference = { at: '2019-01-15T01:00:00Z' };
    expect(issuesOf(atLaunch)).toEqual([]);
  });

  it('refuses a yearLength that launches next year before the conference, and accepts one launching at it', () => {
    const short = validCalendar();
    short.conference = { at: '2019-01-15T08:00:00+07:00', yearLength: 'P364D' };
    expect(issuesOf(short)).toEqual([
      { path: 'conference.yearLength', message: "next year's campaigns would be launched (launchAt + yearLength) before the conference" },
    ]);
    const exact = validCalendar();
    exact.conference = { at: '2019-01-15T08:00:00+07:00', yearLength: 'P365D' };
    expect(issuesOf(exact)).toEqual([]);
  });

  it('lets a yearLength launch next year later than a calendar year would', () => {
    const calendar = validCalendar();
    calendar.conference = { at: '2019-02-01T08:00:00+07:00', yearLength: 'P400D' };
    expect(issuesOf(calendar)).toEqual([]);
  });

  it.each(['P0D', 'PT0S', 'P0W'])('refuses the yearLength %j: a year must last longer than 0', (yearLength) => {
    const calendar = validCalendar();
    calendar.conference = { at: '2019-01-15T08:00:00+07:00', yearLength };
    expect(issuesOf(calendar)).toEqual([{ path: 'conference.yearLength', message: 'a year must last longer than 0' }]);
  });

  it.each(['P1Y', 'P12M', '-P365D', 'one year', '', 'P'])('refuses the yearLength %j as a duration', (yearLength) => {
    const calendar = validCalendar();
    calendar.conference = { at: '2019-01-15T08:00:00+07:00', yearLength };
    expect(issuesOf(calendar).map((i) => i.path)).toEqual(['conference.yearLength']);
    expect(issuesOf(calendar)[0]?.message).toMatch(/^expected an ISO 8601 duration/);
  });

  it.each(['2019-01-15T08:00:00', '2019-01-15', 'at the conference'])(
    'refuses the conference at %j, without a zone or not a date-time',
    (at) => {
      const calendar = validCalendar();
      calendar.conference = { at };
      expect(issuesOf(calendar).map((i) => i.path)).toEqual(['conference.at']);
    },
  );

  it('refuses a conference without its date, an unknown key in it, and a conference that is not an object', () => {
    expect(issuesOf({ ...validCalendar(), conference: {} }).map((i) => i.path)).toEqual(['conference.at']);
    const extra = cycleCalendarSchema.safeParse({ ...validCalendar(), conference: { at: '2019-01-15T08:00:00+07:00', chair: 'DBI' } });
    expect(extra.error?.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['unrecognized_keys', 'conference']]);
    expect(issuesOf({ ...validCalendar(), conference: '2019-01-15T08:00:00+07:00' }).map((i) => i.path)).toEqual(['conference']);
  });

  it('reports a conference too early and a year too short together', () => {
    const calendar = validCalendar();
    calendar.conference = { at: '2018-12-01T08:00:00+07:00', yearLength: 'P1D' };
    expect(issuesOf(calendar)).toEqual([
      { path: 'conference.at', message: 'the conference must come after the council session' },
      { path: 'conference.yearLength', message: "next year's campaigns would be launched (launchAt + yearLength) before the conference" },
    ]);
  });
});

describe('defaultCalendar: the conference', () => {
  it("holds the conference on 15 January N+1 at 08:00, the moment next year's campaigns are launched", () => {
    const calendar = defaultCalendar(2018);
    expect(calendar.conference).toEqual({ at: '2019-01-15T08:00:00+07:00' });
    expect(calendar.conference!.at).toBe(defaultCalendar(2019).launchAt);
  });

  it.each([2000, 2018, 2023, 2024, 2099])("moves %d's calendar on to exactly the next year's default", (forYear) => {
    expect(nextYearCalendar(defaultCalendar(forYear))).toEqual(defaultCalendar(forYear + 1));
  });

  it('chains year after year: 2018 → 2019 → 2020 → 2021', () => {
    let calendar = defaultCalendar(2018);
    for (const forYear of [2019, 2020, 2021]) {
      calendar = nextYearCalendar(calendar);
      expect(calendar).toEqual(defaultCalendar(forYear));
      expect(issuesOf(calendar)).toEqual([]);
    }
  });
});

describe('nextYearCalendar: a calendar year', () => {
  it('keeps the local wall time and the offset as written', () => {
    const next = nextYearCalendar(defaultCalendar(2018));
    expect(next.council!.submitBy).toBe('2019-12-10T17:00:00+07:00');
    expect(next.launchAt).toBe('2019-01-15T08:00:00+07:00');
    expect(next.conference!.at).toBe('2020-01-15T08:00:00+07:00');
  });

  it('keeps UTC (Z) strings as written, milliseconds included, and other offsets', () => {
    const calendar = validCalendar();
    calendar.launchAt = '2018-01-15T01:00:00Z';
    calendar.pledge.opensAt = '2018-01-15T01:00:00.250Z';
    calendar.pledge.deadline = '2018-03-31T12:00:00-05:00';
    const next = nextYearCalendar(calendar);
    expect([next.launchAt, next.pledge.opensAt, next.pledge.deadline]).toEqual([
      '2019-01-15T01:00:00Z',
      '2019-01-15T01:00:00.250Z',
      '2019-03-31T12:00:00-05:00',
    ]);
    expect(issuesOf(next)).toEqual([]);
  });

  it('moves 29 February to 28 February, and 28 February into a leap year stays the 28th', () => {
    const leap = defaultCalendar(2024);
    leap.pledge.deadline = '2024-02-29T17:00:00+07:00';
    expect(nextYearCalendar(leap).pledge.deadline).toBe('2025-02-28T17:00:00+07:00');
    const beforeLeap = defaultCalendar(2023);
    beforeLeap.pledge.deadline = '2023-02-28T17:00:00+07:00';
    expect(nextYearCalendar(beforeLeap).pledge.deadline).toBe('2024-02-28T17:00:00+07:00');
    const century = defaultCalendar(2096);
    century.pledge.deadline = '2096-02-29T17:00:00Z';
    expect(nextYearCalendar(century).pledge.deadline).toBe('2097-02-28T17:00:00Z');
  });

  it('moves every instant, at any depth, by one year and changes nothing else', () => {
    const calendar = defaultCalendar(2018);
    const next = nextYearCalendar(calendar);
    const before = instantsOf(calendar);
    expect(before.map(([path]) => path)).toEqual([
      'launchAt',
      'pledge.opensAt',
      'pledge.deadline',
      'pledge.late.graceUntil',
      'reporting.0.opensAt',
      'reporting.0.deadline',
      'reporting.0.late.graceUntil',
      'reporting.1.opensAt',
      'reporting.1.deadline',
      'reporting.1.late.graceUntil',
      'scoring.opensAt',
      'scoring.deadline',
      'scoring.late.graceUntil',
      'ballot.opensAt',
      'council.submitBy',
      'council.sessionAt',
      'conference.at',
    ]);
    expect(instantsOf(next)).toEqual(before.map(([path, at]) => [path, at.replace(/^\d{4}/, (y) => String(Number(y) + 1))]));
    expect(nonInstantsOf(next)).toEqual(nonInstantsOf(calendar));
  });

  it('treats a calendar without a conference as a calendar year, and adds none', () => {
    const calendar: Partial<CycleCalendar> = validCalendar();
    delete calendar.conference;
    const next = nextYearCalendar(calendar as CycleCalendar);
    expect(next).not.toHaveProperty('conference');
    const expected: Partial<CycleCalendar> = defaultCalendar(2019);
    delete expected.conference;
    expect(next).toEqual(expected);
  });

  it('moves the quarterly rounds and keeps refuse and wait policies', () => {
    const calendar = validCalendar();
    calendar.reporting = [
      {
        period: 'Q1',
        opensAt: '2018-04-01T08:00:00+07:00',
        deadline: '2018-04-10T17:00:00+07:00',
        remindBefore: ['P1D'],
        late: { mode: 'refuse' },
      },
      ...calendar.reporting!,
    ];
    calendar.scoring!.late = { mode: 'wait' };
    const next = nextYearCalendar(calendar);
    expect(next.reporting![0]).toEqual({
      period: 'Q1',
      opensAt: '2019-04-01T08:00:00+07:00',
      deadline: '2019-04-10T17:00:00+07:00',
      remindBefore: ['P1D'],
      late: { mode: 'refuse' },
    });
    expect(next.scoring!.late).toEqual({ mode: 'wait' });
    expect(issuesOf(next)).toEqual([]);
  });

  it('reparses unchanged with cycleCalendarSchema, and leaves the calendar it is given alone', () => {
    const calendar = defaultCalendar(2018);
    const copy = structuredClone(calendar);
    const next = nextYearCalendar(calendar);
    expect(cycleCalendarSchema.parse(next)).toEqual(next);
    expect(calendar).toEqual(copy);
  });
});

describe('nextYearCalendar: a yearLength', () => {
  const R = 8000;

  it('moves every instant by yearLength, written in UTC, durations, periods and modes unchanged', () => {
    const calendar = compressedCalendar(START, R, { reporting: true, scoring: true, council: true, conference: true });
    const length = parseIsoDuration(calendar.conference!.yearLength!)!;
    expect(length).toBe(13 * R);
    const next = nextYearCalendar(calendar);
    const before = instantsOf(calendar);
    expect(before).toHaveLength(17);
    expect(instantsOf(next)).toEqual(before.map(([path, at]) => [path, new Date(Date.parse(at) + length).toISOString()]));
    expect(nonInstantsOf(next)).toEqual(nonInstantsOf(calendar));
    expect(next.conference!.yearLength).toBe('PT1M44S');
  });

  it('writes offset strings in UTC once moved', () => {
    const calendar = validCalendar();
    calendar.conference = { at: '2019-01-15T08:00:00+07:00', yearLength: 'P365D' };
    const next = nextYearCalendar(calendar);
    expect(next.launchAt).toBe('2019-01-15T01:00:00.000Z');
    expect(next.council!.submitBy).toBe('2019-12-10T10:00:00.000Z');
    expect(next.conference).toEqual({ at: '2020-01-15T01:00:00.000Z', yearLength: 'P365D' });
    expect(issuesOf(next)).toEqual([]);
  });

  it('moves a calendar on to the same calendar started a year later, and chains', () => {
    const opts = { reporting: true, scoring: true, council: true, conference: true };
    let calendar = compressedCalendar(START, R, opts);
    for (let n = 1; n <= 3; n += 1) {
      calendar = nextYearCalendar(calendar);
      expect(calendar).toEqual(compressedCalendar(START + n * 13 * R, R, opts));
      expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
    }
  });

  it('launches next year when the yearLength says, not a calendar year on', () => {
    const calendar = validCalendar();
    calendar.conference = { at: '2019-01-15T08:00:00+07:00', yearLength: 'P400D' };
    expect(Date.parse(nextYearCalendar(calendar).launchAt) - Date.parse(calendar.launchAt)).toBe(400 * DAY);
  });
});

describe('compressedCalendar: the conference', () => {
  const R = 8000;

  it.each([
    [{ reporting: true, scoring: true, council: true, conference: true }, 12, 'council.sessionAt'],
    [{ reporting: true, scoring: true, conference: true }, 11, 'ballot.opensAt'],
    [{ reporting: true, scoring: false, conference: true }, 5, 'reporting.1.deadline'],
    [{ reporting: true, conference: true }, 5, 'reporting.1.deadline'],
    [{ reporting: false, conference: true }, 2, 'pledge.deadline'],
    // The council and scoring only come with reporting: without it the pledge is the last step.
    [{ reporting: false, scoring: true, council: true, conference: true }, 2, 'pledge.deadline'],
  ])('with %j, holds the conference at %d × roundMs, after %s, and starts next year a round later', (opts, rounds, lastStep) => {
    const calendar = compressedCalendar(START, R, opts);
    expect(calendar.conference).toEqual({
      at: new Date(START + rounds * R).toISOString(),
      yearLength: formatIsoDuration((rounds + 1) * R),
    });
    const at = Date.parse(calendar.conference!.at);
    const last = Object.fromEntries(instantsOf(calendar).filter(([path]) => path !== 'conference.at'));
    expect(at).toBeGreaterThan(Date.parse(last[lastStep]!));
    // Every step of the year closes by the conference, grace periods included (the council session starts before it).
    for (const [path, instant] of Object.entries(last))
      if (!path.startsWith('council.')) expect(Date.parse(instant)).toBeLessThanOrEqual(at);
    expect(START + parseIsoDuration(calendar.conference!.yearLength!)!).toBeGreaterThanOrEqual(at);
    expect(issuesOf(calendar)).toEqual([]);
    const next = nextYearCalendar(calendar);
    expect(Date.parse(next.launchAt)).toBe(START + (rounds + 1) * R);
    expect(issuesOf(next)).toEqual([]);
  });

  it.each([1000, 4000, 6000, 60_000, 2 * HOUR, DAY])(
    'passes cycleCalendarSchema unchanged, conference and next year included, for a %d ms round',
    (roundMs) => {
      const calendar = compressedCalendar(START, roundMs, { reporting: true, scoring: true, council: true, conference: true });
      expect(cycleCalendarSchema.parse(calendar)).toEqual(calendar);
      const next = nextYearCalendar(calendar);
      expect(cycleCalendarSchema.parse(next)).toEqual(next);
    },
  );

  it('has no conference without the option, or with it false: the calendars of before', () => {
    expect(Object.keys(compressedCalendar(START, R, { reporting: true, scoring: true }))).toEqual([
      'launchAt',
      'pledge',
      'reporting',
      'scoring',
      'ballot',
    ]);
    expect(Object.keys(compressedCalendar(START, R, { reporting: true, scoring: true, council: true }))).toEqual([
      'launchAt',
      'pledge',
      'reporting',
      'scoring',
      'ballot',
      'council',
    ]);
    expect(Object.keys(compressedCalendar(START, R, { reporting: true }))).toEqual(['launchAt', 'pledge', 'reporting']);
    expect(Object.keys(compressedCalendar(START, R, { reporting: false }))).toEqual(['launchAt', 'pledge']);
    expect(compressedCalendar(START, R, { reporting: true, scoring: true, council: true, conference: false })).toStrictEqual(
      compressedCalendar(START, R, { reporting: true, scoring: true, council: true }),
    );
  });

  it('leaves the rest of the calendar as it was without the option', () => {
    const opts = { reporting: true, scoring: true, council: true };
    const withConference: Partial<CycleCalendar> = compressedCalendar(START, R, { ...opts, conference: true });
    delete withConference.conference;
    expect(withConference).toStrictEqual(compressedCalendar(START, R, opts));
  });

  it('is exactly the calendar of before for the pledge alone', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(compressedCalendar(START, R, { reporting: false })).toStrictEqual({
      launchAt: iso(START),
      pledge: {
        opensAt: iso(START),
        deadline: iso(START + R),
        remindBefore: ['PT4S', 'PT2S'],
        late: { mode: 'accept', graceUntil: iso(START + 1.5 * R), penaltyPoints: 0 },
      },
    });
  });
});

describe('extensionLimit', () => {
  const year = defaultCalendar(2018);

  it('bounds each round by the next step of the year that waits for it', () => {
    expect(extensionLimit(year, 'pledge')).toEqual({ closeBy: '2018-06-15T08:00:00+07:00', before: 'the reporting periods open' });
    expect(extensionLimit(year, 'report')).toEqual({ closeBy: '2018-11-26T08:00:00+07:00', before: 'the cross-score round opens' });
    expect(extensionLimit(year, 'score')).toEqual({ closeBy: '2018-12-05T08:00:00+07:00', before: 'the ballot opens' });
    expect(extensionLimit(year, 'ballot')).toEqual({
      closeBy: '2018-12-10T17:00:00+07:00',
      before: "the clusters' submissions to the council are due",
    });
  });

  it('takes the earliest reporting period for the pledge round, whatever their order in the calendar', () => {
    const reporting = [...year.reporting!].reverse();
    expect(extensionLimit({ ...year, reporting }, 'pledge').closeBy).toBe('2018-06-15T08:00:00+07:00');
  });

  it("falls back to the conference, then to next year's launch", () => {
    const pledgeAndConference: CycleCalendar = { launchAt: year.launchAt, pledge: year.pledge, conference: year.conference! };
    expect(extensionLimit(pledgeAndConference, 'pledge')).toEqual({
      closeBy: '2019-01-15T08:00:00+07:00',
      before: 'the year-end conference',
    });
    const pledgeOnly: CycleCalendar = { launchAt: year.launchAt, pledge: year.pledge };
    expect(extensionLimit(pledgeOnly, 'pledge')).toEqual({
      closeBy: '2019-01-15T08:00:00+07:00',
      before: "next year's campaigns are launched",
    });
  });

  it('leaves a squeezed calendar room to extend its report rounds', () => {
    const squeezed = compressedCalendar(Date.parse('2026-12-02T00:00:00Z'), 60_000, {
      reporting: true,
      scoring: true,
      council: true,
      conference: true,
    });
    const h1 = squeezed.reporting![0]!;
    const grace = closesAt(h1) - Date.parse(h1.deadline);
    expect(Date.parse(extensionLimit(squeezed, 'report').closeBy) - grace).toBeGreaterThan(Date.parse(h1.deadline));
  });
});

describe('compressedCalendar: the whole year by default', () => {
  it('gives reporting, scoring, the ballot, the council and the conference without options, as tdkt cycle start --compress uses it', () => {
    const calendar = compressedCalendar(START, 8000);
    expect(Object.keys(calendar)).toEqual(['launchAt', 'pledge', 'reporting', 'scoring', 'ballot', 'council', 'conference']);
    expect(issuesOf(calendar)).toEqual([]);
    expect(Date.parse(calendar.conference!.at)).toBeGreaterThan(Date.parse(calendar.council!.sessionAt));
  });
});
