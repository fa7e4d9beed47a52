import { describe, it, expect } from 'vitest';
import { defaultCalendar, type RoundCalendar } from '../../domain/calendar.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { Rejection } from '../../domain/rejections.ts';
import type { ReportPeriod } from '../../domain/report.ts';
import {
  abandonRecording,
  allReceived,
  applyExtension,
  checkExtension,
  checkSubmission,
  closesAtOf,
  deadlineOf,
  dueNotices,
  extensionSchema,
  finishRecording,
  isLate,
  markEscalated,
  markReminded,
  newRoundState,
  nextWakeUp,
  pendingUnits,
  receive,
  ROUND_KINDS,
  roundLabel,
  roundPhase,
  roundStatus,
  shouldClose,
  startRecording,
  submissionSchema,
  withdrawReceived,
  type RoundSetup,
  type RoundState,
} from '../../domain/round.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import { TGI_SELF_SCORE } from '../support/selfScores.ts';

// The seed cluster (Điện Biên low-land cluster, 2018) and its representatives.
const REPS = { TGI: 'tgi.tuan', DBI: 'dbi.binh', MAN: 'man.hoa', DBP: 'dbp.lan', MLA: 'mla.hung' } as const;
const UNIT_NAMES = {
  TGI: 'Huyện Tuần Giáo',
  DBI: 'Huyện Điện Biên',
  MAN: 'Huyện Mường Ảng',
  DBP: 'Thành phố Điện Biên Phủ',
  MLA: 'Thị xã Mường Lay',
} as const;
const UNITS = Object.keys(REPS) as (keyof typeof REPS)[];
const SECRETARIAT = 'snv.ha';
const CLUSTER = 'DB-VT';
const CYCLE = cycleId(CLUSTER, 2018);

// defaultCalendar(2018).pledge, in UTC.
const OPENS = Date.parse('2018-01-15T01:00:00Z');
const DEADLINE = Date.parse('2018-03-31T10:00:00Z');
const GRACE_UNTIL = Date.parse('2018-04-15T10:00:00Z');
const DURING = Date.parse('2018-02-01T03:00:00Z');
const AFTER_DEADLINE = Date.parse('2018-04-02T03:00:00Z');

function seedSetup(calendar: RoundCalendar = defaultCalendar(2018).pledge): RoundSetup {
  return {
    roundId: roundId(CYCLE, 'pledge'),
    cycleId: CYCLE,
    cluster: CLUSTER,
    year: 2018,
    kind: 'pledge',
    calendar,
    participants: UNITS.map((unit) => ({ unit, unitName: UNIT_NAMES[unit], representative: REPS[unit] })),
    people: [...Object.values(REPS), SECRETARIAT],
    secretariat: [SECRETARIAT],
  };
}

const refuseLateCalendar = (): RoundCalendar => ({ ...defaultCalendar(2018).pledge, late: { mode: 'refuse' } });

function openState(calendar?: RoundCalendar): RoundState {
  const state = newRoundState(seedSetup(calendar));
  state.opened = true;
  return state;
}

const sign = (unit: keyof typeof REPS) => ({ unit, actor: REPS[unit] });

describe('newRoundState', () => {
  it('starts unopened, unclosed, with nothing received', () => {
    const setup = seedSetup();
    const state = newRoundState(setup);
    expect(state.setup).toBe(setup);
    expect(state.opened).toBe(false);
    expect(state.closed).toBe(false);
    expect(state.received).toEqual({});
    expect(state.remindersSent).toBe(0);
    expect(state.escalated).toEqual([]);
  });

  it('gives each round a state of its own', () => {
    const a = newRoundState(seedSetup());
    const b = newRoundState(seedSetup());
    receive(a, sign('TGI'), DURING);
    a.escalated.push('X');
    expect(b.received).toEqual({});
    expect(b.escalated).toEqual([]);
  });
});

describe('checkSubmission: round timing', () => {
  it('refuses before the round is opened, saying when it opens in Vietnam time', () => {
    const state = newRoundState(seedSetup());
    expect(checkSubmission(state, sign('TGI'), DURING)).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'the pledge round of cycle/DB-VT/2018 is not open yet (it opens at 08:00:00 ngày 15/01/2018)',
    });
  });

  it('refuses while unopened even when the clock is past opensAt (the opening is not recorded yet)', () => {
    const state = newRoundState(seedSetup());
    expect(checkSubmission(state, sign('TGI'), OPENS + 1)?.code).toBe(Rejection.RoundNotOpen);
  });

  it('refuses once the round is marked closed, even before closesAt', () => {
    const state = openState();
    state.closed = true;
    expect(checkSubmission(state, sign('TGI'), DURING)).toEqual({
      code: Rejection.RoundClosed,
      message: 'the pledge round of cycle/DB-VT/2018 is closed (giao ước thi đua: no more submissions)',
    });
  });

  it('says closed, not "not open yet", for a round closed without being opened', () => {
    const state = newRoundState(seedSetup());
    state.closed = true;
    expect(checkSubmission(state, sign('TGI'), DURING)?.code).toBe(Rejection.RoundClosed);
  });

  it('refuses after the grace period ends (now > closesAt)', () => {
    const state = openState();
    expect(checkSubmission(state, sign('TGI'), GRACE_UNTIL + 1)?.code).toBe(Rejection.RoundClosed);
    expect(checkSubmission(state, sign('TGI'), GRACE_UNTIL + 60_000)?.code).toBe(Rejection.RoundClosed);
    expect(checkSubmission(state, sign('TGI'), GRACE_UNTIL + 1)?.message).toContain('is closed');
  });

  it('accepts up to and including the instant the grace period ends', () => {
    expect(checkSubmission(openState(), sign('TGI'), GRACE_UNTIL - 1)).toBeUndefined();
    expect(checkSubmission(openState(), sign('TGI'), GRACE_UNTIL)).toBeUndefined();
  });

  it('accepts late submissions after the deadline under the accept policy', () => {
    expect(checkSubmission(openState(), sign('TGI'), AFTER_DEADLINE)).toBeUndefined();
  });

  it('refuses after the deadline under the refuse-late policy', () => {
    const refusal = checkSubmission(openState(refuseLateCalendar()), sign('TGI'), AFTER_DEADLINE);
    expect(refusal?.code).toBe(Rejection.RoundClosed);
  });

  it('refuses one millisecond after the deadline under the refuse-late policy', () => {
    expect(checkSubmission(openState(refuseLateCalendar()), sign('TGI'), DEADLINE + 1)?.code).toBe(Rejection.RoundClosed);
  });

  it('accepts before and at the deadline instant under the refuse-late policy', () => {
    expect(checkSubmission(openState(refuseLateCalendar()), sign('TGI'), DEADLINE - 1)).toBeUndefined();
    expect(checkSubmission(openState(refuseLateCalendar()), sign('TGI'), DEADLINE)).toBeUndefined();
  });

  it('explains a refuse-late refusal with the deadline and the policy', () => {
    const refusal = checkSubmission(openState(refuseLateCalendar()), sign('TGI'), AFTER_DEADLINE);
    expect(refusal).toEqual({
      code: Rejection.RoundClosed,
      message: 'the pledge deadline of cycle/DB-VT/2018 for TGI passed at 17:00:00 ngày 31/03/2018 and this round refuses late submissions',
    });
  });
});

describe('checkSubmission: who may sign', () => {
  it('accepts each unit signed by its own representative', () => {
    const state = openState();
    for (const unit of UNITS) expect(checkSubmission(state, sign(unit), DURING), unit).toBeUndefined();
  });

  it('refuses a unit that is not a member, listing the members', () => {
    expect(checkSubmission(openState(), { unit: 'XYZ', actor: 'tgi.tuan' }, DURING)).toEqual({
      code: Rejection.NotAMember,
      message: 'unit XYZ is not a member of cluster DB-VT in 2018; members: TGI, DBI, MAN, DBP, MLA',
    });
  });

  it('refuses a person the cycle does not know', () => {
    expect(checkSubmission(openState(), { unit: 'TGI', actor: 'ghost.user' }, DURING)).toEqual({
      code: Rejection.UnknownPerson,
      message: 'ghost.user is not a person registered for cluster DB-VT in 2018',
    });
  });

  it('refuses a representative signing for another unit', () => {
    expect(checkSubmission(openState(), { unit: 'TGI', actor: 'dbi.binh' }, DURING)).toEqual({
      code: Rejection.NotAuthorised,
      message: 'dbi.binh is not the representative of TGI (Huyện Tuần Giáo) in 2018; only tgi.tuan may act for it',
    });
  });

  it('refuses the secretariat signing for a unit', () => {
    expect(checkSubmission(openState(), { unit: 'MLA', actor: SECRETARIAT }, DURING)).toEqual({
      code: Rejection.NotAuthorised,
      message: 'snv.ha is not the representative of MLA (Thị xã Mường Lay) in 2018; only mla.hung may act for it',
    });
  });

  it('checks membership before the person', () => {
    expect(checkSubmission(openState(), { unit: 'XYZ', actor: 'ghost.user' }, DURING)?.code).toBe(Rejection.NotAMember);
  });

  it('checks the round before membership', () => {
    const state = newRoundState(seedSetup());
    expect(checkSubmission(state, { unit: 'XYZ', actor: 'ghost.user' }, DURING)?.code).toBe(Rejection.RoundNotOpen);
  });
});

describe('checkSubmission: duplicates', () => {
  it('refuses a second submission for a unit, saying when and by whom the first came', () => {
    const state = openState();
    const at = Date.parse('2018-02-01T03:04:05Z');
    expect(checkSubmission(state, sign('TGI'), at)).toBeUndefined();
    receive(state, sign('TGI'), at);
    expect(checkSubmission(state, sign('TGI'), at + 1000)).toEqual({
      code: Rejection.Duplicate,
      message: 'TGI already submitted its giao ước thi đua at 10:04:05 ngày 01/02/2018 (by tgi.tuan)',
    });
  });

  it('only refuses the unit that already submitted', () => {
    const state = openState();
    receive(state, sign('TGI'), DURING);
    expect(checkSubmission(state, sign('DBI'), DURING)).toBeUndefined();
  });

  it('reports a wrong signer rather than a duplicate for a unit already in', () => {
    const state = openState();
    receive(state, sign('TGI'), DURING);
    expect(checkSubmission(state, { unit: 'TGI', actor: 'dbi.binh' }, DURING)?.code).toBe(Rejection.NotAuthorised);
  });

  it('reports closed rather than duplicate once the round is closed', () => {
    const state = openState();
    receive(state, sign('TGI'), DURING);
    state.closed = true;
    expect(checkSubmission(state, sign('TGI'), DURING)?.code).toBe(Rejection.RoundClosed);
  });
});

describe('checkSubmission: invalid input', () => {
  const check = (input: unknown) => checkSubmission(openState(), input, DURING);

  it('refuses a missing actor, naming the field', () => {
    const refusal = check({ unit: 'TGI' });
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toMatch(/^actor: /);
  });

  it('refuses a missing unit, naming the field', () => {
    const refusal = check({ actor: 'tgi.tuan' });
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toMatch(/^unit: /);
  });

  it('lists every problem, separated by semicolons', () => {
    const refusal = check({});
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toContain('unit: ');
    expect(refusal?.message).toContain('; actor: ');
  });

  it('refuses extra fields (the schema is strict), naming them', () => {
    const refusal = check({ unit: 'TGI', actor: 'tgi.tuan', late: false });
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toMatch(/^input: /);
    expect(refusal?.message).toContain('late');
  });

  it.each([
    ['a number for the unit', { unit: 42, actor: 'tgi.tuan' }, 'unit'],
    ['an array for the actor', { unit: 'TGI', actor: ['tgi.tuan'] }, 'actor'],
    ['null for the unit', { unit: null, actor: 'tgi.tuan' }, 'unit'],
    ['a lower-case unit', { unit: 'tgi', actor: 'tgi.tuan' }, 'unit'],
    ['an upper-case actor', { unit: 'TGI', actor: 'TGI.TUAN' }, 'actor'],
  ])('refuses %s', (_what, input, field) => {
    const refusal = check(input);
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message.startsWith(`${field}: `)).toBe(true);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'TGI tgi.tuan'],
    ['a number', 7],
    ['an array', ['TGI', 'tgi.tuan']],
  ])('refuses %s as the whole input', (_what, input) => {
    const refusal = check(input);
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toMatch(/^input: /);
  });

  it('refuses a 100 kB string without echoing it back', () => {
    const huge = 'A'.repeat(100_000);
    const refusal = check({ unit: huge, actor: 'tgi.tuan' });
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message).toMatch(/^unit: /);
    expect(refusal!.message.length).toBeLessThan(500);
  });

  it('refuses a 100 kB actor without echoing it back', () => {
    const refusal = check({ unit: 'TGI', actor: `a${'b'.repeat(100_000)}` });
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal!.message.length).toBeLessThan(500);
  });

  it('checks the input before the round: junk before opening is InvalidInput', () => {
    const state = newRoundState(seedSetup());
    expect(checkSubmission(state, { unit: 'TGI' }, DURING)?.code).toBe(Rejection.InvalidInput);
  });

  it('accepts a valid submission and returns undefined', () => {
    expect(check({ unit: 'TGI', actor: 'tgi.tuan' })).toBeUndefined();
  });
});

describe('submissionSchema', () => {
  it('parses a submission', () => {
    expect(submissionSchema.parse({ unit: 'TGI', actor: 'tgi.tuan' })).toEqual({ unit: 'TGI', actor: 'tgi.tuan' });
  });

  it('takes the channel it came through (web or cli), optional for older histories, nothing else', () => {
    expect(submissionSchema.parse({ unit: 'TGI', actor: 'tgi.tuan', channel: 'web' }).channel).toBe('web');
    expect(submissionSchema.safeParse({ unit: 'TGI', actor: 'tgi.tuan', channel: 'email' }).success).toBe(false);
  });
});

describe('receive and isLate', () => {
  it('records the submission with its time and actor, on time before the deadline', () => {
    const state = openState();
    const got = receive(state, sign('DBI'), DURING);
    expect(got).toEqual({ unit: 'DBI', actor: 'dbi.binh', at: DURING, late: false, version: 1, penalty: 0 });
    expect(state.received.DBI).toEqual(got);
  });

  it('is not late at the deadline instant', () => {
    const state = openState();
    expect(isLate(state, DEADLINE)).toBe(false);
    expect(receive(state, sign('TGI'), DEADLINE).late).toBe(false);
  });

  it('is late one millisecond after the deadline', () => {
    const state = openState();
    expect(isLate(state, DEADLINE + 1)).toBe(true);
    expect(receive(state, sign('TGI'), DEADLINE + 1).late).toBe(true);
  });

  it('is late in the grace period', () => {
    expect(receive(openState(), sign('MLA'), AFTER_DEADLINE)).toEqual({
      unit: 'MLA',
      actor: 'mla.hung',
      at: AFTER_DEADLINE,
      late: true,
      version: 1,
      penalty: 0,
    });
  });
});

describe('pendingUnits and allReceived', () => {
  it('lists every unit, in the participants order, before anything arrives', () => {
    const state = openState();
    expect(pendingUnits(state)).toEqual(['TGI', 'DBI', 'MAN', 'DBP', 'MLA']);
    expect(allReceived(state)).toBe(false);
  });

  it('drops units as they submit, keeping the order of the rest', () => {
    const state = openState();
    receive(state, sign('DBI'), DURING);
    receive(state, sign('DBP'), DURING);
    expect(pendingUnits(state)).toEqual(['TGI', 'MAN', 'MLA']);
    expect(allReceived(state)).toBe(false);
  });

  it('counts late submissions as received', () => {
    const state = openState();
    for (const unit of UNITS.slice(0, 4)) receive(state, sign(unit), DURING);
    expect(pendingUnits(state)).toEqual(['MLA']);
    receive(state, sign('MLA'), AFTER_DEADLINE);
    expect(pendingUnits(state)).toEqual([]);
    expect(allReceived(state)).toBe(true);
  });

  it('ignores received entries for units that are not participants', () => {
    const state = openState();
    state.received.XYZ = { unit: 'XYZ', actor: 'x.y', at: DURING, late: false, version: 1, penalty: 0 };
    expect(pendingUnits(state)).toHaveLength(5);
    expect(allReceived(state)).toBe(false);
  });
});

describe('roundPhase', () => {
  it('goes scheduled → open → late → closed', () => {
    const state = newRoundState(seedSetup());
    expect(roundPhase(state, OPENS - 1)).toBe('scheduled');
    state.opened = true;
    expect(roundPhase(state, OPENS)).toBe('open');
    expect(roundPhase(state, DEADLINE)).toBe('open');
    expect(roundPhase(state, DEADLINE + 1)).toBe('late');
    state.closed = true;
    expect(roundPhase(state, GRACE_UNTIL)).toBe('closed');
  });

  it('is scheduled until the opening is recorded, whatever the clock says', () => {
    expect(roundPhase(newRoundState(seedSetup()), AFTER_DEADLINE)).toBe('scheduled');
  });

  it('is closed once closed, even before the deadline', () => {
    const state = openState();
    state.closed = true;
    expect(roundPhase(state, DURING)).toBe('closed');
  });
});

describe('roundStatus', () => {
  it('describes the round and its calendar', () => {
    const state = openState();
    state.remindersSent = 2;
    state.escalated = ['MLA'];
    const status = roundStatus(state, DURING);
    expect(status.roundId).toBe('cycle/DB-VT/2018/pledge');
    expect(status.kind).toBe('pledge');
    expect(status.phase).toBe('open');
    expect(status.opensAt).toBe('2018-01-15T08:00:00+07:00');
    expect(status.deadline).toBe('2018-03-31T17:00:00+07:00');
    expect(status.closesAt).toBe('2018-04-15T10:00:00.000Z');
    expect(status.remindersSent).toBe(2);
    expect(status.escalated).toEqual(['MLA']);
  });

  it('gives the deadline as closesAt under the refuse-late policy', () => {
    expect(roundStatus(openState(refuseLateCalendar()), DURING).closesAt).toBe('2018-03-31T10:00:00.000Z');
  });

  it('lists every unit with its name and representative', () => {
    const status = roundStatus(openState(), DURING);
    expect(status.units.map((u) => u.unit)).toEqual(['TGI', 'DBI', 'MAN', 'DBP', 'MLA']);
    expect(status.units.map((u) => u.representative)).toEqual(['tgi.tuan', 'dbi.binh', 'man.hoa', 'dbp.lan', 'mla.hung']);
    expect(status.units[4]?.unitName).toBe('Thị xã Mường Lay');
  });

  it('gives submittedAt, by and late only for units received', () => {
    const state = openState();
    const onTime = Date.parse('2018-02-01T03:04:05.678Z');
    receive(state, sign('DBI'), onTime);
    receive(state, sign('MLA'), AFTER_DEADLINE);
    const status = roundStatus(state, AFTER_DEADLINE);
    expect(status.phase).toBe('late');

    const byUnit = Object.fromEntries(status.units.map((u) => [u.unit, u]));
    expect(byUnit.DBI).toEqual({
      unit: 'DBI',
      unitName: 'Huyện Điện Biên',
      representative: 'dbi.binh',
      submittedAt: '2018-02-01T03:04:05.678Z',
      by: 'dbi.binh',
      late: false,
      version: 1,
      penalty: 0,
    });
    expect(byUnit.MLA?.submittedAt).toBe(new Date(AFTER_DEADLINE).toISOString());
    expect(byUnit.MLA?.late).toBe(true);
    for (const unit of ['TGI', 'MAN', 'DBP']) {
      expect(byUnit[unit], unit).not.toHaveProperty('submittedAt');
      expect(byUnit[unit], unit).not.toHaveProperty('by');
      expect(byUnit[unit], unit).not.toHaveProperty('late');
    }
  });

  it('reflects the phase at the time asked', () => {
    const state = newRoundState(seedSetup());
    expect(roundStatus(state, DURING).phase).toBe('scheduled');
    state.closed = true;
    expect(roundStatus(state, DURING).phase).toBe('closed');
  });
});

describe('ROUND_KINDS', () => {
  it('names the pledge round in Vietnamese', () => {
    expect(ROUND_KINDS.pledge.title).toBe('Ký kết giao ước thi đua');
    expect(ROUND_KINDS.pledge.noun).toBe('giao ước thi đua');
  });

  it('labels each kind as the messages, tdkt pending and the receipts say it', () => {
    expect(roundLabel({ kind: 'pledge' })).toBe('pledge');
    expect(roundLabel({ kind: 'report', period: 'H1' })).toBe('H1 report');
    expect(roundLabel({ kind: 'score' })).toBe('cross-score');
    expect(roundLabel({ kind: 'score' }, 'task')).toBe('cross-scores');
    expect(roundLabel({ kind: 'ballot' })).toBe('ballot 1');
    expect(roundLabel({ kind: 'ballot', ballot: { number: 2 } }, 'task')).toBe('ballot 2');
    expect(
      Object.entries(ROUND_KINDS)
        .filter(([, k]) => k.keepsVersions)
        .map(([kind]) => kind),
    ).toEqual(['report', 'score']);
    expect(Object.values(ROUND_KINDS).map((k) => k.command)).toEqual([
      'tdkt pledge sign',
      'tdkt report submit',
      'tdkt score submit',
      'tdkt ballot cast',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Report rounds (H1 and YEAR from defaultCalendar(2018).reporting).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// defaultCalendar(2018).reporting, in UTC.
const H1_OPENS = Date.parse('2018-06-15T01:00:00Z');
const H1_DEADLINE = Date.parse('2018-07-10T10:00:00Z');
const H1_GRACE_UNTIL = Date.parse('2018-07-20T10:00:00Z');
const H1_DURING = Date.parse('2018-07-01T03:00:00Z');
const YEAR_DEADLINE = Date.parse('2018-11-15T10:00:00Z');
const YEAR_DURING = Date.parse('2018-11-01T03:00:00Z');

const NARRATIVE = 'Sáu tháng đầu năm 2018, huyện Tuần Giáo hoàn thành 9/10 chỉ tiêu; thu ngân sách đạt 52% kế hoạch.';
const H1_CONTENT = { narrative: NARRATIVE, figures: { 'Thu ngân sách (tỷ đồng)': 60.5 } };
const YEAR_CONTENT = { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE };

/** A report round's calendar as the cycle passes it to the round (the period split off). */
function reportCalendar(period: 'H1' | 'YEAR'): RoundCalendar {
  const round = defaultCalendar(2018).reporting!.find((r) => r.period === period)!;
  return { opensAt: round.opensAt, deadline: round.deadline, remindBefore: round.remindBefore, late: round.late };
}

function reportSetup(period: ReportPeriod, calendar: RoundCalendar, withRubric = period === 'YEAR'): RoundSetup {
  return {
    ...seedSetup(calendar),
    roundId: roundId(CYCLE, `report-${period}`),
    kind: 'report',
    period,
    ...(withRubric ? { rubric: DB_VT_2018_RUBRIC } : {}),
  };
}

function openReport(period: 'H1' | 'YEAR', calendar: RoundCalendar = reportCalendar(period), withRubric = period === 'YEAR'): RoundState {
  const state = newRoundState(reportSetup(period, calendar, withRubric));
  state.opened = true;
  return state;
}

const report = (unit: keyof typeof REPS, content: unknown = H1_CONTENT) => ({ unit, actor: REPS[unit], content });
const yearReport = (unit: keyof typeof REPS, content: unknown = YEAR_CONTENT) => ({ unit, actor: REPS[unit], content });

/** TGI's self-score with some fields replaced. */
const scoreWith = (changes: Record<string, unknown>) => ({ narrative: NARRATIVE, selfScore: { ...TGI_SELF_SCORE, ...changes } });

describe('report rounds: timing and labels', () => {
  it('names the report round and its period in the not-open refusal', () => {
    const state = newRoundState(reportSetup('H1', reportCalendar('H1')));
    expect(checkSubmission(state, report('TGI'), H1_DURING)).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'the H1 report round of cycle/DB-VT/2018 is not open yet (it opens at 08:00:00 ngày 15/06/2018)',
    });
  });

  it('names the report in Vietnamese in the closed refusal', () => {
    const state = openReport('H1');
    expect(checkSubmission(state, report('TGI'), H1_GRACE_UNTIL + 1)).toEqual({
      code: Rejection.RoundClosed,
      message: 'the H1 report round of cycle/DB-VT/2018 is closed (báo cáo sơ kết 6 tháng: no more submissions)',
    });
  });

  it('accepts up to and including the end of the grace period', () => {
    expect(checkSubmission(openReport('H1'), report('TGI'), H1_GRACE_UNTIL)).toBeUndefined();
  });

  it('says who may act for a unit, as for pledges', () => {
    expect(checkSubmission(openReport('H1'), { unit: 'TGI', actor: 'dbi.binh', content: H1_CONTENT }, H1_DURING)?.code).toBe(
      Rejection.NotAuthorised,
    );
  });

  it('checks the signer before the content: a wrong signer with bad content is NotAuthorised', () => {
    expect(checkSubmission(openReport('H1'), { unit: 'TGI', actor: 'dbi.binh', content: 'junk' }, H1_DURING)?.code).toBe(
      Rejection.NotAuthorised,
    );
  });
});

describe('report rounds: receive and re-submission', () => {
  it('records the first report as version 1, on time, without penalty or totals (H1)', () => {
    const state = openReport('H1');
    expect(checkSubmission(state, report('TGI'), H1_DURING)).toBeUndefined();
    const got = receive(state, report('TGI'), H1_DURING);
    expect(got).toEqual({ unit: 'TGI', actor: 'tgi.tuan', at: H1_DURING, late: false, version: 1, penalty: 0 });
    expect(state.received.TGI).toEqual(got);
  });

  it('accepts a re-submission while the round is open and increments the version', () => {
    const state = openReport('H1');
    receive(state, report('TGI'), H1_DURING);
    expect(checkSubmission(state, report('TGI'), H1_DURING + HOUR)).toBeUndefined();
    const second = receive(state, report('TGI'), H1_DURING + HOUR);
    expect(second).toEqual({ unit: 'TGI', actor: 'tgi.tuan', at: H1_DURING + HOUR, late: false, version: 2, penalty: 0 });
    expect(checkSubmission(state, report('TGI'), H1_DEADLINE)).toBeUndefined();
    expect(receive(state, report('TGI'), H1_DEADLINE).version).toBe(3);
    expect(state.received.TGI?.version).toBe(3);
    expect(state.received.TGI?.at).toBe(H1_DEADLINE);
  });

  it('counts versions per unit', () => {
    const state = openReport('H1');
    receive(state, report('TGI'), H1_DURING);
    receive(state, report('TGI'), H1_DURING + 1);
    expect(receive(state, report('DBI'), H1_DURING + 2).version).toBe(1);
    expect(state.received.TGI?.version).toBe(2);
  });

  it('bumps changes on every accepted submission, re-submissions included', () => {
    const state = openReport('H1');
    expect(state.changes).toBe(0);
    receive(state, report('TGI'), H1_DURING);
    receive(state, report('TGI'), H1_DURING + 1);
    expect(state.changes).toBe(2);
  });

  it('marks a report late after the deadline with the penalty points of the late policy (1 in the default calendar)', () => {
    const state = openReport('H1');
    expect(checkSubmission(state, report('MLA'), H1_DEADLINE + 1)).toBeUndefined();
    expect(receive(state, report('MLA'), H1_DEADLINE + 1)).toEqual({
      unit: 'MLA',
      actor: 'mla.hung',
      at: H1_DEADLINE + 1,
      late: true,
      version: 1,
      penalty: 1,
    });
  });

  it("takes the penalty from the round's own policy", () => {
    const calendar: RoundCalendar = {
      ...reportCalendar('H1'),
      late: { mode: 'accept', graceUntil: '2018-07-20T17:00:00+07:00', penaltyPoints: 2.5 },
    };
    const state = openReport('H1', calendar);
    expect(receive(state, report('TGI'), H1_DURING).penalty).toBe(0);
    expect(receive(state, report('DBI'), H1_DEADLINE + 1).penalty).toBe(2.5);
  });

  it('gives no penalty at the deadline instant', () => {
    expect(receive(openReport('H1'), report('TGI'), H1_DEADLINE)).toMatchObject({ late: false, penalty: 0 });
  });

  it('makes a re-submission after the deadline late, with the penalty, as a new version', () => {
    const state = openReport('H1');
    receive(state, report('TGI'), H1_DURING);
    expect(checkSubmission(state, report('TGI'), H1_DEADLINE + DAY)).toBeUndefined();
    expect(receive(state, report('TGI'), H1_DEADLINE + DAY)).toEqual({
      unit: 'TGI',
      actor: 'tgi.tuan',
      at: H1_DEADLINE + DAY,
      late: true,
      version: 2,
      penalty: 1,
    });
  });

  it("refuses a re-submission once the unit's grace period has ended", () => {
    const state = openReport('H1');
    receive(state, report('TGI'), H1_DURING);
    expect(checkSubmission(state, report('TGI'), H1_GRACE_UNTIL + 1)?.code).toBe(Rejection.RoundClosed);
  });

  it('gives a pledge no penalty when late under the default pledge policy (0 points)', () => {
    expect(receive(openState(), sign('TGI'), AFTER_DEADLINE)).toMatchObject({ late: true, penalty: 0 });
  });

  it('shows version and penalty in the status, and the total for YEAR reports', () => {
    const state = openReport('YEAR');
    receive(state, yearReport('TGI'), YEAR_DURING);
    receive(state, yearReport('TGI'), YEAR_DEADLINE + 1);
    const tgi = roundStatus(state, YEAR_DEADLINE + 1).units.find((u) => u.unit === 'TGI');
    expect(tgi).toMatchObject({ version: 2, late: true, penalty: 1, total: 95.5 });
  });
});

describe('report rounds: content', () => {
  it('accepts a YEAR report with a valid self-score and stores the computed totals', () => {
    const state = openReport('YEAR');
    expect(checkSubmission(state, yearReport('TGI'), YEAR_DURING)).toBeUndefined();
    expect(receive(state, yearReport('TGI'), YEAR_DURING)).toEqual({
      unit: 'TGI',
      actor: 'tgi.tuan',
      at: YEAR_DURING,
      late: false,
      version: 1,
      penalty: 0,
      totals: { base: 93.5, bonus: 2, penalties: 0, total: 95.5 },
    });
  });

  it('computes the totals when the unit states none', () => {
    const { total: _omitted, ...withoutTotal } = TGI_SELF_SCORE;
    expect(_omitted).toBe(95.5);
    const content = { narrative: NARRATIVE, selfScore: withoutTotal };
    const state = openReport('YEAR');
    expect(checkSubmission(state, yearReport('TGI', content), YEAR_DURING)).toBeUndefined();
    expect(receive(state, yearReport('TGI', content), YEAR_DURING).totals).toEqual({ base: 93.5, bonus: 2, penalties: 0, total: 95.5 });
  });

  it('refuses a YEAR report without a self-score', () => {
    expect(checkSubmission(openReport('YEAR'), yearReport('TGI', { narrative: NARRATIVE }), YEAR_DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the YEAR report of TGI is not valid: the year-end report (YEAR) must carry a self-score',
    });
  });

  it("refuses a self-score above a criterion's maximum", () => {
    const content = scoreWith({ criteria: { ...TGI_SELF_SCORE.criteria, A1: 11 }, total: undefined });
    expect(checkSubmission(openReport('YEAR'), yearReport('DBI', content), YEAR_DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the YEAR report of DBI is not valid: A1 is 11 but its maximum is 10',
    });
  });

  it('refuses a stated total that differs from the computed one', () => {
    expect(checkSubmission(openReport('YEAR'), yearReport('MAN', scoreWith({ total: 96 })), YEAR_DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the YEAR report of MAN is not valid: the submitted total 96 differs from the computed total 95.5 by 0.5',
    });
  });

  it('lists several problems separated by semicolons', () => {
    const content = scoreWith({ criteria: { ...TGI_SELF_SCORE.criteria, A1: 11 } });
    const refusal = checkSubmission(openReport('YEAR'), yearReport('TGI', content), YEAR_DURING);
    expect(refusal).toEqual({
      code: Rejection.InvalidInput,
      message:
        'the YEAR report of TGI is not valid: A1 is 11 but its maximum is 10; the submitted total 95.5 differs from the computed total 97 by 1.5',
    });
  });

  it('refuses a YEAR report when the round has no rubric', () => {
    const refusal = checkSubmission(openReport('YEAR', reportCalendar('YEAR'), false), yearReport('TGI'), YEAR_DURING);
    expect(refusal).toEqual({
      code: Rejection.InvalidInput,
      message:
        'the YEAR report of TGI is not valid: the year-end report (YEAR) cannot be checked: no scoring rubric is set for this cluster-year',
    });
  });

  it('refuses a self-score in an H1 report', () => {
    expect(checkSubmission(openReport('H1'), report('TGI', { narrative: NARRATIVE, selfScore: TGI_SELF_SCORE }), H1_DURING)).toEqual({
      code: Rejection.InvalidInput,
      message:
        'the H1 report of TGI is not valid: only the year-end report (YEAR) carries a self-score, not the H1 report (Báo cáo sơ kết 6 tháng)',
    });
  });

  it('refuses a report without content or with a blank narrative', () => {
    const none = checkSubmission(openReport('H1'), { unit: 'TGI', actor: 'tgi.tuan' }, H1_DURING);
    expect(none?.code).toBe(Rejection.InvalidInput);
    expect(none?.message).toMatch(/^the H1 report of TGI is not valid: report: /);
    expect(checkSubmission(openReport('H1'), report('TGI', { narrative: ' \u200B ' }), H1_DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the H1 report of TGI is not valid: narrative: the narrative may not be empty or blank',
    });
  });

  it("checks a re-submission's content too, and keeps the earlier version when it is refused", () => {
    const state = openReport('YEAR');
    receive(state, yearReport('TGI'), YEAR_DURING);
    expect(checkSubmission(state, yearReport('TGI', scoreWith({ total: 99 })), YEAR_DURING + 1)?.code).toBe(Rejection.InvalidInput);
    expect(state.received.TGI?.version).toBe(1);
  });

  it('refuses content in a pledge', () => {
    for (const content of [{ narrative: NARRATIVE }, 'text', null, 0]) {
      expect(checkSubmission(openState(), { unit: 'TGI', actor: 'tgi.tuan', content }, DURING), JSON.stringify(content)).toEqual({
        code: Rejection.InvalidInput,
        message: 'a pledge carries no content',
      });
    }
  });

  it('still refuses a second pledge as a duplicate (pledges are not re-submitted)', () => {
    const state = openState();
    receive(state, sign('TGI'), DURING);
    expect(checkSubmission(state, sign('TGI'), AFTER_DEADLINE)?.code).toBe(Rejection.Duplicate);
  });
});

// ---------------------------------------------------------------------------------------------
// Extensions.

const REASON = 'Lũ quét ở huyện Tuần Giáo';
const extend = (units: string[] | 'all', until: string, extra: Record<string, unknown> = {}) => ({
  actor: SECRETARIAT,
  units,
  until,
  reason: REASON,
  ...extra,
});
/** The same instant as `ms`, written in Vietnam's time as the secretariat would. */
const vn = (ms: number) => new Date(ms + 7 * HOUR).toISOString().replace(/\.\d{3}Z$/, '+07:00');

function extended(state: RoundState, units: string[] | 'all', until: number, now: number): string[] {
  const input = extend(units, vn(until));
  expect(checkExtension(state, input, now)).toBeUndefined();
  return applyExtension(state, extensionSchema.parse(input), now);
}

describe('checkExtension: refusals', () => {
  const NEW_DEADLINE = DEADLINE + 10 * DAY;

  it('accepts the secretariat extending members to a later deadline', () => {
    expect(checkExtension(openState(), extend(['TGI', 'DBI'], vn(NEW_DEADLINE)), DURING)).toBeUndefined();
    expect(checkExtension(openState(), extend('all', vn(NEW_DEADLINE)), DURING)).toBeUndefined();
  });

  it('accepts an extension before the round opens', () => {
    expect(checkExtension(newRoundState(seedSetup()), extend(['TGI'], vn(NEW_DEADLINE)), DURING)).toBeUndefined();
  });

  it.each([
    ['a representative', 'tgi.tuan'],
    ['an unknown person', 'ghost.user'],
  ])('refuses %s: only the secretariat may extend', (_who, actor) => {
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), { actor }), DURING)).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the secretariat (snv.ha) may extend a deadline; ${actor} may not`,
    });
  });

  it('refuses once the round is closed', () => {
    const state = openState();
    state.closed = true;
    expect(checkExtension(state, extend(['TGI'], vn(NEW_DEADLINE)), DURING)).toEqual({
      code: Rejection.RoundClosed,
      message: 'the pledge round of cycle/DB-VT/2018 is closed',
    });
  });

  it('names the report round when closed', () => {
    const state = openReport('H1');
    state.closed = true;
    expect(checkExtension(state, extend(['TGI'], vn(H1_DEADLINE + DAY)), H1_DURING)?.message).toBe(
      'the H1 report round of cycle/DB-VT/2018 is closed',
    );
  });

  it('refuses units that are not members, listing every one', () => {
    expect(checkExtension(openState(), extend(['TGI', 'XYZ', 'ABC'], vn(NEW_DEADLINE)), DURING)).toEqual({
      code: Rejection.NotAMember,
      message: 'not members of cluster DB-VT in 2018: XYZ, ABC',
    });
  });

  it('refuses a new deadline that has already passed, or is now', () => {
    const now = DEADLINE + 5 * DAY;
    expect(checkExtension(openState(), extend(['TGI'], vn(DEADLINE + 2 * DAY)), now)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the new deadline 17:00:00 ngày 02/04/2018 has already passed',
    });
    expect(checkExtension(openState(), extend(['TGI'], vn(now)), now)?.code).toBe(Rejection.InvalidInput);
    expect(checkExtension(openState(), extend(['TGI'], vn(now + 1000)), now)).toBeUndefined();
  });

  it('refuses a new deadline not later than the current one, naming the units and their deadlines', () => {
    expect(checkExtension(openState(), extend(['TGI', 'DBI'], vn(DEADLINE - DAY)), DURING)).toEqual({
      code: Rejection.InvalidInput,
      message:
        'the new deadline must come after the current one; it does not for TGI (17:00:00 ngày 31/03/2018), DBI (17:00:00 ngày 31/03/2018)',
    });
    expect(checkExtension(openState(), extend(['TGI'], vn(DEADLINE)), DURING)?.code).toBe(Rejection.InvalidInput);
  });

  it("compares with each unit's current (extended) deadline", () => {
    const state = openState();
    extended(state, ['TGI'], DEADLINE + 20 * DAY, DURING);
    expect(checkExtension(state, extend('all', vn(NEW_DEADLINE)), DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the new deadline must come after the current one; it does not for TGI (17:00:00 ngày 20/04/2018)',
    });
    expect(checkExtension(state, extend(['DBI'], vn(NEW_DEADLINE)), DURING)).toBeUndefined();
  });

  it('refuses a reason shorter than 5 characters', () => {
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), { reason: 'lũ' }), DURING)).toEqual({
      code: Rejection.InvalidInput,
      message: 'reason: give a reason of at least 5 characters',
    });
  });

  it("counts the reason's length after normalisation (zero-width characters and NFD do not count)", () => {
    const padded = { reason: '\u200B\u200B\u200B\u200Blũ' };
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), padded), DURING)?.message).toBe(
      'reason: give a reason of at least 5 characters',
    );
    const nfd = { reason: 'ễễễễ'.normalize('NFD') };
    expect(nfd.reason.length).toBeGreaterThanOrEqual(5);
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), nfd), DURING)?.message).toBe(
      'reason: give a reason of at least 5 characters',
    );
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), { reason: 'Lũ lụt'.normalize('NFD') }), DURING)).toBeUndefined();
  });

  it('normalises the reason it parses', () => {
    expect(extensionSchema.parse(extend(['TGI'], vn(NEW_DEADLINE), { reason: 'Lũ\u200B lụt'.normalize('NFD') })).reason).toBe('Lũ lụt');
  });

  it('refuses a reason over 1000 characters', () => {
    expect(checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), { reason: 'a'.repeat(1000) }), DURING)).toBeUndefined();
    for (const reason of ['a'.repeat(1001), 'a'.repeat(100_000)]) {
      const refusal = checkExtension(openState(), extend(['TGI'], vn(NEW_DEADLINE), { reason }), DURING);
      expect(refusal?.code).toBe(Rejection.InvalidInput);
      expect(refusal?.message).toMatch(/^reason: /);
      expect(refusal!.message.length).toBeLessThan(500);
    }
  });

  it.each([
    ['a date without a zone', { until: '2018-04-10T17:00:00' }, 'until'],
    ['no units', { units: [] }, 'units'],
    ['a lower-case unit', { units: ['tgi'] }, 'units'],
    ['units given as a string other than "all"', { units: 'ALL' }, 'units'],
    ['a missing actor', { actor: undefined }, 'actor'],
  ])('refuses %s as InvalidInput, naming the field', (_what, change, field) => {
    const refusal = checkExtension(openState(), { ...extend(['TGI'], vn(NEW_DEADLINE)), ...change }, DURING);
    expect(refusal?.code).toBe(Rejection.InvalidInput);
    expect(refusal?.message.startsWith(`${field}`)).toBe(true);
  });

  it('refuses extra fields and non-objects', () => {
    expect(checkExtension(openState(), { ...extend(['TGI'], vn(NEW_DEADLINE)), force: true }, DURING)?.code).toBe(Rejection.InvalidInput);
    expect(checkExtension(openState(), null, DURING)?.code).toBe(Rejection.InvalidInput);
  });

  it('checks the input first, then the actor, then the round, then membership, then the dates', () => {
    const closed = openState();
    closed.closed = true;
    expect(checkExtension(closed, { ...extend(['XYZ'], vn(DEADLINE - DAY)), actor: 'tgi.tuan', reason: 'no' }, DURING)?.code).toBe(
      Rejection.InvalidInput,
    );
    expect(checkExtension(closed, { ...extend(['XYZ'], vn(DEADLINE - DAY)), actor: 'tgi.tuan' }, DURING)?.code).toBe(
      Rejection.NotAuthorised,
    );
    expect(checkExtension(closed, extend(['XYZ'], vn(DEADLINE - DAY)), DURING)?.code).toBe(Rejection.RoundClosed);
    expect(checkExtension(openState(), extend(['XYZ'], vn(DURING - DAY)), DURING)?.code).toBe(Rejection.NotAMember);
  });
});

describe('applyExtension', () => {
  const NEW_DEADLINE = DEADLINE + 10 * DAY;
  const GRACE = GRACE_UNTIL - DEADLINE;

  it('moves the deadline and the end of the grace period of the named units only', () => {
    const state = openState();
    expect(extended(state, ['TGI', 'MLA'], NEW_DEADLINE, DURING)).toEqual(['TGI', 'MLA']);
    for (const unit of ['TGI', 'MLA']) {
      expect(deadlineOf(state, unit), unit).toBe(NEW_DEADLINE);
      expect(closesAtOf(state, unit), unit).toBe(NEW_DEADLINE + GRACE);
    }
    for (const unit of ['DBI', 'MAN', 'DBP']) {
      expect(deadlineOf(state, unit), unit).toBe(DEADLINE);
      expect(closesAtOf(state, unit), unit).toBe(GRACE_UNTIL);
    }
    expect(state.deadlines).toEqual({ TGI: NEW_DEADLINE, MLA: NEW_DEADLINE });
  });

  it('moves everyone for "all"', () => {
    const state = openState();
    expect(extended(state, 'all', NEW_DEADLINE, DURING)).toEqual(UNITS);
    for (const unit of UNITS) {
      expect(deadlineOf(state, unit), unit).toBe(NEW_DEADLINE);
      expect(closesAtOf(state, unit), unit).toBe(NEW_DEADLINE + GRACE);
    }
  });

  it('keeps the calendar itself unchanged', () => {
    const state = openState();
    extended(state, 'all', NEW_DEADLINE, DURING);
    expect(state.setup.calendar).toEqual(defaultCalendar(2018).pledge);
  });

  it('moves the closing to the new deadline under the refuse-late policy', () => {
    const state = openState(refuseLateCalendar());
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    expect(closesAtOf(state, 'TGI')).toBe(NEW_DEADLINE);
    expect(closesAtOf(state, 'DBI')).toBe(DEADLINE);
  });

  it('bumps changes', () => {
    const state = openState();
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    expect(state.changes).toBe(1);
  });

  it('lets a unit inside its extension submit on time after the original deadline', () => {
    const state = openState();
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    const now = DEADLINE + 5 * DAY;
    expect(isLate(state, now, 'TGI')).toBe(false);
    expect(isLate(state, now, 'DBI')).toBe(true);
    expect(checkSubmission(state, sign('TGI'), now)).toBeUndefined();
    expect(receive(state, sign('TGI'), now)).toMatchObject({ late: false, penalty: 0 });
    expect(receive(state, sign('DBI'), now)).toMatchObject({ late: true });
  });

  it('spares an extended unit the late penalty of a report round', () => {
    const state = openReport('H1');
    extended(state, ['TGI'], H1_DEADLINE + 3 * DAY, H1_DURING);
    expect(receive(state, report('TGI'), H1_DEADLINE + 2 * DAY)).toMatchObject({ late: false, penalty: 0 });
    expect(receive(state, report('DBI'), H1_DEADLINE + 2 * DAY)).toMatchObject({ late: true, penalty: 1 });
    expect(receive(state, report('MAN'), H1_DEADLINE + 3 * DAY + 1)).toMatchObject({ late: true, penalty: 1 });
    expect(receive(state, report('TGI'), H1_DEADLINE + 3 * DAY + 1)).toMatchObject({ late: true, penalty: 1, version: 2 });
  });

  it("lets an extended unit submit after the others' grace period has ended", () => {
    const state = openState();
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    expect(checkSubmission(state, sign('TGI'), GRACE_UNTIL + DAY)).toBeUndefined();
    expect(checkSubmission(state, sign('DBI'), GRACE_UNTIL + DAY)?.code).toBe(Rejection.RoundClosed);
    expect(checkSubmission(state, sign('TGI'), NEW_DEADLINE + GRACE + 1)?.code).toBe(Rejection.RoundClosed);
  });

  it('under the refuse-late policy, takes the extended unit until its new deadline and refuses the others', () => {
    const state = openState(refuseLateCalendar());
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    expect(checkSubmission(state, sign('TGI'), DEADLINE + DAY)).toBeUndefined();
    expect(checkSubmission(state, sign('DBI'), DEADLINE + DAY)?.code).toBe(Rejection.RoundClosed);
    expect(checkSubmission(state, sign('TGI'), NEW_DEADLINE + 1)?.code).toBe(Rejection.RoundClosed);
  });

  it('names the unit and its extended deadline in the refuse-late refusal', () => {
    const state = openState(refuseLateCalendar());
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    expect(checkSubmission(state, sign('TGI'), NEW_DEADLINE + 1)).toEqual({
      code: Rejection.RoundClosed,
      message: 'the pledge deadline of cycle/DB-VT/2018 for TGI passed at 17:00:00 ngày 10/04/2018 and this round refuses late submissions',
    });
  });

  it('clears the escalation of the extended units only, keeping the record of past escalations', () => {
    const state = openState();
    markEscalated(state, ['TGI', 'DBI']);
    extended(state, ['TGI'], DEADLINE + 10 * DAY, DEADLINE + DAY);
    expect(state.escalatedUnits).toEqual(['DBI']);
    expect(state.escalated).toEqual(['TGI', 'DBI']);
  });

  it('shows the extended deadline per unit in the status', () => {
    const state = openState();
    extended(state, ['TGI'], NEW_DEADLINE, DURING);
    const units = roundStatus(state, DURING).units;
    expect(units.find((u) => u.unit === 'TGI')?.deadline).toBe(new Date(NEW_DEADLINE).toISOString());
    expect(units.find((u) => u.unit === 'DBI')).not.toHaveProperty('deadline');
  });
});

// ---------------------------------------------------------------------------------------------
// The agenda (default pledge calendar: reminders P7D and P1D before 31 March 17:00).

const REMIND_1 = DEADLINE - 7 * DAY;
const REMIND_2 = DEADLINE - DAY;
const everyone = (seq: number, units: readonly string[] = UNITS) => units.map((unit) => ({ unit, seq }));
const nothing = { reminders: [], escalations: [] };

describe('dueNotices, markReminded and markEscalated', () => {
  it('has nothing to send before the first reminder', () => {
    const state = openState();
    expect(dueNotices(state, OPENS)).toEqual(nothing);
    expect(dueNotices(state, REMIND_1 - 1)).toEqual(nothing);
  });

  it('reminds every pending unit with seq 1 a week before the deadline', () => {
    expect(dueNotices(openState(), REMIND_1)).toEqual({ reminders: everyone(1), escalations: [] });
  });

  it('reminds only the units still pending', () => {
    const state = openState();
    receive(state, sign('DBI'), DURING);
    receive(state, sign('MLA'), DURING);
    expect(dueNotices(state, REMIND_1)).toEqual({ reminders: everyone(1, ['TGI', 'MAN', 'DBP']), escalations: [] });
  });

  it('sends nothing again until a day before the deadline, then seq 2', () => {
    const state = openState();
    markReminded(state, dueNotices(state, REMIND_1).reminders, REMIND_1);
    for (const now of [REMIND_1, REMIND_1 + 1, DEADLINE - 3 * DAY, REMIND_2 - 1])
      expect(dueNotices(state, now), new Date(now).toISOString()).toEqual(nothing);
    expect(dueNotices(state, REMIND_2)).toEqual({ reminders: everyone(2), escalations: [] });
    markReminded(state, everyone(2), REMIND_2);
    expect(dueNotices(state, REMIND_2 + HOUR)).toEqual(nothing);
    expect(dueNotices(state, DEADLINE - 1)).toEqual(nothing);
  });

  it('does not remind a unit that submitted between the reminders', () => {
    const state = openState();
    markReminded(state, everyone(1), REMIND_1);
    receive(state, sign('TGI'), REMIND_1 + DAY);
    expect(dueNotices(state, REMIND_2).reminders).toEqual(everyone(2, ['DBI', 'MAN', 'DBP', 'MLA']));
  });

  it('repeats a reminder that was not marked sent', () => {
    const state = openState();
    markReminded(state, [{ unit: 'TGI' }], REMIND_1);
    expect(dueNotices(state, REMIND_1 + HOUR).reminders).toEqual(everyone(1, ['DBI', 'MAN', 'DBP', 'MLA']));
  });

  it('sends one reminder, not two, when it wakes after both reminder times', () => {
    const state = openState();
    expect(dueNotices(state, REMIND_2 + HOUR)).toEqual({ reminders: everyone(1), escalations: [] });
    markReminded(state, everyone(1), REMIND_2 + HOUR);
    expect(dueNotices(state, REMIND_2 + 2 * HOUR)).toEqual(nothing);
  });

  it('escalates the pending units at the deadline, and none before', () => {
    const state = openState();
    markReminded(state, everyone(1), REMIND_1);
    markReminded(state, everyone(2), REMIND_2);
    receive(state, sign('DBI'), DURING);
    receive(state, sign('DBP'), DEADLINE - HOUR);
    expect(dueNotices(state, DEADLINE - 1)).toEqual(nothing);
    expect(dueNotices(state, DEADLINE)).toEqual({ reminders: [], escalations: ['TGI', 'MAN', 'MLA'] });
  });

  it('escalates nobody when everyone is in', () => {
    const state = openState();
    for (const unit of UNITS) receive(state, sign(unit), DURING);
    expect(dueNotices(state, REMIND_1)).toEqual(nothing);
    expect(dueNotices(state, DEADLINE)).toEqual(nothing);
    expect(dueNotices(state, AFTER_DEADLINE)).toEqual(nothing);
  });

  it('sends no reminder after the deadline, only the escalation', () => {
    const state = openState();
    expect(dueNotices(state, DEADLINE + HOUR)).toEqual({ reminders: [], escalations: UNITS });
  });

  it('escalates a unit once: markEscalated stops the repeat', () => {
    const state = openState();
    markEscalated(state, dueNotices(state, DEADLINE).escalations);
    expect(state.escalatedUnits).toEqual(UNITS);
    expect(state.escalated).toEqual(UNITS);
    expect(dueNotices(state, DEADLINE + 1)).toEqual(nothing);
    expect(dueNotices(state, GRACE_UNTIL)).toEqual(nothing);
  });

  it('does not escalate a unit that submits late after being escalated', () => {
    const state = openState();
    markEscalated(state, ['TGI']);
    receive(state, sign('MAN'), AFTER_DEADLINE);
    expect(dueNotices(state, AFTER_DEADLINE + 1).escalations).toEqual(['DBI', 'DBP', 'MLA']);
  });

  it('does not escalate a unit inside its extension at the original deadline', () => {
    const state = openState();
    extended(state, ['TGI'], DEADLINE + 10 * DAY, DURING);
    expect(dueNotices(state, DEADLINE).escalations).toEqual(['DBI', 'MAN', 'DBP', 'MLA']);
  });

  it('after an extension, reminds on the new schedule with the next seq numbers and escalates again at the new deadline', () => {
    const state = openState();
    markReminded(state, everyone(1), REMIND_1);
    markReminded(state, everyone(2), REMIND_2);
    expect(markEscalated(state, dueNotices(state, DEADLINE).escalations)).toContainEqual({ unit: 'TGI', seq: 1 });

    const newDeadline = DEADLINE + 20 * DAY;
    extended(state, ['TGI'], newDeadline, DEADLINE + DAY);
    expect(dueNotices(state, DEADLINE + DAY)).toEqual(nothing);
    expect(dueNotices(state, newDeadline - 7 * DAY - 1)).toEqual(nothing);
    expect(dueNotices(state, newDeadline - 7 * DAY)).toEqual({ reminders: [{ unit: 'TGI', seq: 3 }], escalations: [] });
    markReminded(state, [{ unit: 'TGI' }], newDeadline - 7 * DAY);
    expect(dueNotices(state, newDeadline - 2 * DAY)).toEqual(nothing);
    expect(dueNotices(state, newDeadline - DAY)).toEqual({ reminders: [{ unit: 'TGI', seq: 4 }], escalations: [] });
    markReminded(state, [{ unit: 'TGI' }], newDeadline - DAY);
    expect(dueNotices(state, newDeadline - 1)).toEqual(nothing);
    expect(dueNotices(state, newDeadline)).toEqual({ reminders: [], escalations: ['TGI'] });
    // The second escalation of TGI is numbered 2, so its notice row does not collide with the first.
    expect(markEscalated(state, ['TGI'])).toEqual([{ unit: 'TGI', seq: 2 }]);
    expect(dueNotices(state, newDeadline + 1)).toEqual(nothing);
  });

  it('skips the reminders that fall before the extension is granted', () => {
    const state = openState();
    markReminded(state, everyone(1), REMIND_1);
    // Three days before the deadline, TGI gets two more days: its week-before reminder would fall in the past.
    const newDeadline = DEADLINE + 2 * DAY;
    extended(state, ['TGI'], newDeadline, DEADLINE - 3 * DAY);
    expect(dueNotices(state, DEADLINE - 3 * DAY)).toEqual(nothing);
    expect(dueNotices(state, REMIND_2).reminders).toEqual(everyone(2, ['DBI', 'MAN', 'DBP', 'MLA']));
    markReminded(state, everyone(2, ['DBI', 'MAN', 'DBP', 'MLA']), REMIND_2);
    expect(dueNotices(state, newDeadline - DAY - 1)).toEqual({ reminders: [], escalations: ['DBI', 'MAN', 'DBP', 'MLA'] });
    markEscalated(state, ['DBI', 'MAN', 'DBP', 'MLA']);
    expect(dueNotices(state, newDeadline - DAY)).toEqual({ reminders: [{ unit: 'TGI', seq: 2 }], escalations: [] });
  });

  it('follows the new schedule from seq 1 for a unit extended before any reminder', () => {
    const state = openState();
    const newDeadline = DEADLINE + 30 * DAY;
    extended(state, ['TGI'], newDeadline, DURING);
    expect(dueNotices(state, REMIND_1).reminders).toEqual(everyone(1, ['DBI', 'MAN', 'DBP', 'MLA']));
    expect(dueNotices(state, newDeadline - 7 * DAY).reminders).toContainEqual({ unit: 'TGI', seq: 1 });
  });
});

describe('shouldClose', () => {
  it('closes a pledge round at once when every unit is in', () => {
    const state = openState();
    for (const unit of UNITS.slice(0, 4)) receive(state, sign(unit), DURING);
    expect(shouldClose(state, DURING)).toBe(false);
    receive(state, sign('MLA'), DURING);
    expect(shouldClose(state, DURING)).toBe(true);
  });

  it('keeps a pledge round with units missing open until the grace period has ended', () => {
    const state = openState();
    for (const unit of UNITS.slice(0, 4)) receive(state, sign(unit), DURING);
    for (const now of [DURING, DEADLINE, DEADLINE + 1, GRACE_UNTIL])
      expect(shouldClose(state, now), new Date(now).toISOString()).toBe(false);
    expect(shouldClose(state, GRACE_UNTIL + 1)).toBe(true);
  });

  it("keeps the round open until the last extended unit's grace period has ended", () => {
    const state = openState();
    const newDeadline = DEADLINE + 10 * DAY;
    extended(state, ['TGI'], newDeadline, DURING);
    const tgiCloses = newDeadline + (GRACE_UNTIL - DEADLINE);
    expect(shouldClose(state, GRACE_UNTIL + 1)).toBe(false);
    expect(shouldClose(state, tgiCloses)).toBe(false);
    expect(shouldClose(state, tgiCloses + 1)).toBe(true);
  });

  it('closes at the deadline under the refuse-late policy', () => {
    const state = openState(refuseLateCalendar());
    expect(shouldClose(state, DEADLINE)).toBe(false);
    expect(shouldClose(state, DEADLINE + 1)).toBe(true);
  });

  it('keeps a report round with everyone in open until the deadline has passed (re-submissions)', () => {
    const state = openReport('H1');
    for (const unit of UNITS) receive(state, report(unit), H1_DURING);
    expect(shouldClose(state, H1_DURING)).toBe(false);
    expect(shouldClose(state, H1_DEADLINE)).toBe(false);
    expect(shouldClose(state, H1_DEADLINE + 1)).toBe(true);
  });

  it('keeps a report round with everyone in open until every extended deadline has passed', () => {
    const state = openReport('H1');
    extended(state, ['TGI'], H1_DEADLINE + 3 * DAY, H1_DURING);
    for (const unit of UNITS) receive(state, report(unit), H1_DURING);
    expect(shouldClose(state, H1_DEADLINE + 1)).toBe(false);
    expect(shouldClose(state, H1_DEADLINE + 3 * DAY)).toBe(false);
    expect(shouldClose(state, H1_DEADLINE + 3 * DAY + 1)).toBe(true);
  });

  it('keeps a report round with units missing open through the grace period', () => {
    const state = openReport('H1');
    for (const unit of UNITS.slice(1)) receive(state, report(unit), H1_DURING);
    expect(shouldClose(state, H1_DEADLINE + 1)).toBe(false);
    expect(shouldClose(state, H1_GRACE_UNTIL)).toBe(false);
    expect(shouldClose(state, H1_GRACE_UNTIL + 1)).toBe(true);
  });
});

describe('nextWakeUp', () => {
  it('wakes for the first reminder, then the second, the deadline, just after it, and just after the grace period', () => {
    const state = openState();
    expect(nextWakeUp(state, OPENS)).toBe(REMIND_1);
    expect(nextWakeUp(state, REMIND_1)).toBe(REMIND_2);
    expect(nextWakeUp(state, REMIND_2)).toBe(DEADLINE);
    expect(nextWakeUp(state, DEADLINE)).toBe(DEADLINE + 1);
    expect(nextWakeUp(state, DEADLINE + 1)).toBe(GRACE_UNTIL + 1);
  });

  it('wakes for no reminder or deadline of a unit already in', () => {
    const state = openState();
    for (const unit of UNITS.slice(0, 4)) receive(state, sign(unit), DURING);
    markReminded(state, [{ unit: 'MLA' }], REMIND_1);
    expect(nextWakeUp(state, REMIND_1)).toBe(REMIND_2);
    receive(state, sign('MLA'), REMIND_1 + HOUR);
    // Everyone is in: the pledge round would close; the agenda still names the next instant.
    expect(nextWakeUp(state, REMIND_1 + HOUR)).toBe(DEADLINE + 1);
  });

  it('wakes a report round with everyone in just after the deadline, to close it', () => {
    const state = openReport('H1');
    for (const unit of UNITS) receive(state, report(unit), H1_OPENS + DAY);
    expect(nextWakeUp(state, H1_OPENS + DAY)).toBe(H1_DEADLINE + 1);
  });

  it("follows an extended unit's reminders, deadline and closing", () => {
    const state = openState();
    for (const unit of UNITS.slice(1)) receive(state, sign(unit), DURING);
    const newDeadline = DEADLINE + 20 * DAY;
    extended(state, ['TGI'], newDeadline, DURING);
    const tgiCloses = newDeadline + (GRACE_UNTIL - DEADLINE);
    expect(nextWakeUp(state, DURING)).toBe(DEADLINE + 1); // the others' deadline
    expect(nextWakeUp(state, DEADLINE + 1)).toBe(newDeadline - 7 * DAY);
    expect(nextWakeUp(state, newDeadline - 7 * DAY)).toBe(GRACE_UNTIL + 1); // the others' closing
    expect(nextWakeUp(state, GRACE_UNTIL + 1)).toBe(newDeadline - DAY);
    expect(nextWakeUp(state, newDeadline - DAY)).toBe(newDeadline);
    expect(nextWakeUp(state, newDeadline)).toBe(newDeadline + 1);
    expect(nextWakeUp(state, newDeadline + 1)).toBe(tgiCloses + 1);
  });

  it('is always later than now while the round is not closable', () => {
    const scenarios: [string, () => RoundState, number, number][] = [
      ['pledge, nobody in', () => openState(), OPENS, GRACE_UNTIL + DAY],
      ['pledge, refuse late', () => openState(refuseLateCalendar()), OPENS, DEADLINE + DAY],
      [
        'pledge, extension',
        () => {
          const state = openState();
          extended(state, ['TGI', 'DBI'], DEADLINE + 20 * DAY, DURING);
          receive(state, sign('MAN'), DURING);
          return state;
        },
        OPENS,
        DEADLINE + 40 * DAY,
      ],
      [
        'H1 report, everyone in',
        () => {
          const state = openReport('H1');
          for (const unit of UNITS) receive(state, report(unit), H1_OPENS);
          return state;
        },
        H1_OPENS,
        H1_GRACE_UNTIL + DAY,
      ],
      [
        'H1 report, one extended',
        () => {
          const state = openReport('H1');
          extended(state, ['MLA'], H1_DEADLINE + 5 * DAY, H1_OPENS);
          return state;
        },
        H1_OPENS,
        H1_GRACE_UNTIL + 10 * DAY,
      ],
    ];
    for (const [name, make, from, to] of scenarios) {
      const state = make();
      let checked = 0;
      for (let now = from; now <= to; now += 37 * 60_000) {
        if (shouldClose(state, now)) continue;
        expect(nextWakeUp(state, now), `${name} at ${new Date(now).toISOString()}`).toBeGreaterThan(now);
        checked++;
      }
      expect(checked, name).toBeGreaterThan(0);
    }
  });

  it('drives a whole round: wake, send what is due, sleep until the next instant, close', () => {
    const state = openState();
    const log: string[] = [];
    let now = OPENS;
    for (let steps = 0; !shouldClose(state, now); steps++) {
      expect(steps).toBeLessThan(50);
      const due = dueNotices(state, now);
      if (due.reminders.length) {
        log.push(`${new Date(now).toISOString()} remind ${due.reminders.map((r) => `${r.unit}#${r.seq}`).join(' ')}`);
        markReminded(state, due.reminders, now);
      }
      if (due.escalations.length) {
        log.push(`${new Date(now).toISOString()} escalate ${due.escalations.join(' ')}`);
        markEscalated(state, due.escalations);
      }
      if (due.reminders.length || due.escalations.length) continue;
      const next = nextWakeUp(state, now);
      expect(next).toBeGreaterThan(now);
      if (now < REMIND_2 + HOUR && next > REMIND_2 + HOUR) {
        // DBI signs an hour after the second reminder.
        receive(state, sign('DBI'), REMIND_2 + HOUR);
        now = REMIND_2 + HOUR;
      } else {
        now = next;
      }
    }
    expect(log).toEqual([
      '2018-03-24T10:00:00.000Z remind TGI#1 DBI#1 MAN#1 DBP#1 MLA#1',
      '2018-03-30T10:00:00.000Z remind TGI#2 DBI#2 MAN#2 DBP#2 MLA#2',
      '2018-03-31T10:00:00.000Z escalate TGI MAN DBP MLA',
    ]);
    expect(now).toBe(GRACE_UNTIL + 1);
  });
});

describe('recording a submission: counted only once stored', () => {
  it('holds a submission aside while it is recorded, refuses a second one for the unit meanwhile, and counts it once stored', () => {
    const state = openState();
    const held = startRecording(state, sign('TGI'), DURING);
    expect(held).toMatchObject({ unit: 'TGI', actor: REPS.TGI, version: 1, late: false });
    expect(state.received).toEqual({});
    expect(pendingUnits(state)).toContain('TGI');
    expect(roundStatus(state, DURING).units.find((u) => u.unit === 'TGI')?.submittedAt).toBeUndefined();
    const second = checkSubmission(state, sign('TGI'), DURING + 1000);
    expect(second?.code).toBe(Rejection.Duplicate);
    expect(second?.message).toContain('is still being recorded');
    const changes = state.changes;
    finishRecording(state, held);
    expect(state.received.TGI).toBe(held);
    expect(state.changes).toBe(changes + 1);
    expect(pendingUnits(state)).not.toContain('TGI');
    expect(checkSubmission(state, sign('TGI'), DURING + 2000)?.message).toContain('already submitted');
  });

  it('leaves the unit as it was when the recording fails', () => {
    const state = openState();
    startRecording(state, sign('DBI'), DURING);
    abandonRecording(state, 'DBI');
    expect(state.received).toEqual({});
    expect(checkSubmission(state, sign('DBI'), DURING + 1000)).toBeUndefined();
  });

  it('takes back a submission counted before it was stored (rounds from before), restoring the earlier version', () => {
    const state = openState();
    receive(state, sign('MAN'), DURING);
    withdrawReceived(state, 'MAN', undefined);
    expect(state.received).toEqual({});
    const first = receive(state, sign('MAN'), DURING);
    receive(state, sign('MAN'), DURING + 1000);
    withdrawReceived(state, 'MAN', first);
    expect(state.received.MAN).toBe(first);
  });

  it('refuses text PostgreSQL cannot store in any submission content', () => {
    const state = openState();
    state.setup.kind = 'score';
    expect(checkSubmission(state, { ...sign('TGI'), content: { sheets: { 'DBI\u0000': {} } } }, DURING)).toEqual({
      code: Rejection.InvalidInput,
      message:
        'the cross-score of TGI cannot be accepted: sheets.DBI\\u0000: the name contains a NUL character (U+0000) at position 4, which cannot be stored',
    });
  });
});

describe('checkExtension: the calendar limit', () => {
  const withLimit = (closeBy: number) => {
    const state = openState();
    state.setup.extensionLimit = { closeBy: new Date(closeBy).toISOString(), before: 'the reporting periods open' };
    return state;
  };
  // The pledge round's grace period: 15 days after the deadline.
  const GRACE = GRACE_UNTIL - DEADLINE;

  it('accepts a deadline whose closing still falls by the limit, and refuses one a second later, naming the latest allowed', () => {
    const closeBy = DEADLINE + 30 * DAY;
    expect(checkExtension(withLimit(closeBy), extend(['TGI'], vn(closeBy - GRACE)), DURING)).toBeUndefined();
    const refused = checkExtension(withLimit(closeBy), extend(['TGI'], vn(closeBy - GRACE + 1000)), DURING);
    expect(refused?.code).toBe(Rejection.InvalidInput);
    expect(refused?.message).toContain(
      `must close by ${formatVietnamTime(closeBy)} (the reporting periods open), so the latest deadline allowed is ${formatVietnamTime(closeBy - GRACE)}`,
    );
  });

  it('refuses the year 9999', () => {
    expect(checkExtension(withLimit(DEADLINE + 30 * DAY), extend('all', '9999-12-31T23:59:59+07:00'), DURING)?.message).toContain(
      'is too late',
    );
  });

  it('bounds rounds started before limits to a year after they opened', () => {
    const refused = checkExtension(openState(), extend('all', '9999-12-31T23:59:59+07:00'), DURING);
    expect(refused?.message).toContain('(a year after it opened)');
    expect(checkExtension(openState(), extend('all', vn(OPENS + 300 * DAY)), DURING)).toBeUndefined();
  });
});
