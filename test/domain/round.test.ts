import { describe, it, expect } from 'vitest';
import { defaultCalendar, type RoundCalendar } from '../../domain/calendar.js';
import { cycleId, roundId } from '../../domain/ids.js';
import { Rejection } from '../../domain/rejections.js';
import {
  allReceived,
  checkSubmission,
  isLate,
  newRoundState,
  pendingUnits,
  receive,
  ROUND_KINDS,
  roundPhase,
  roundStatus,
  submissionSchema,
  type RoundSetup,
  type RoundState,
} from '../../domain/round.js';

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
      message: 'the pledge deadline of cycle/DB-VT/2018 passed at 17:00:00 ngày 31/03/2018 and this round refuses late submissions',
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
});

describe('receive and isLate', () => {
  it('records the submission with its time and actor, on time before the deadline', () => {
    const state = openState();
    const got = receive(state, sign('DBI'), DURING);
    expect(got).toEqual({ unit: 'DBI', actor: 'dbi.binh', at: DURING, late: false });
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
    expect(receive(openState(), sign('MLA'), AFTER_DEADLINE)).toEqual({ unit: 'MLA', actor: 'mla.hung', at: AFTER_DEADLINE, late: true });
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
    state.received.XYZ = { unit: 'XYZ', actor: 'x.y', at: DURING, late: false };
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
    expect(byUnit.DBI).toEqual({ unit: 'DBI', unitName: 'Huyện Điện Biên', representative: 'dbi.binh', submittedAt: '2018-02-01T03:04:05.678Z', by: 'dbi.binh', late: false });
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
});
