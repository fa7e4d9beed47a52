import { describe, expect, it } from 'vitest';
import { cycleId } from '../../domain/ids.ts';
import { Rejection } from '../../domain/rejections.ts';
import {
  checkCertificates,
  checkMerge,
  checkRotationExcuse,
  checkRotationOverride,
  type MergeState,
  type YearEndState,
} from '../../domain/yearEnd.ts';

// The rules of the cycle's year-end Updates (the chair's giấy khen, the secretariat's rotation
// instructions) and of its merge Update: each refusal with its code and message, and the accepted case.

const CYCLE = cycleId('DB-VT', 2018);
const CHAIR = 'dbi.binh';
const SECRETARIAT = 'snv.ha';
const STARTING = { code: Rejection.RoundNotOpen, message: `${CYCLE} is still being set up; try again in a moment` };

const yearEnd = (changes: Partial<YearEndState> = {}): YearEndState => ({
  cycleId: CYCLE,
  hasConference: true,
  chairRepresentative: CHAIR,
  secretariat: [SECRETARIAT],
  ...changes,
});
const certificates = (actor = CHAIR) => ({
  actor,
  certificates: [
    {
      recipient: 'Trường Tiểu học Quài Cang',
      kind: 'collective',
      unit: 'TGI',
      achievement: 'Hoàn thành xuất sắc nhiệm vụ năm học 2017-2018',
    },
  ],
});
const override = (actor = SECRETARIAT) => ({ actor, chair: 'MAN', deputy: 'MLA', reason: 'Hội đồng thống nhất tại Thông báo 5/TB-HĐTĐKT' });
const excuse = (actor = SECRETARIAT) => ({ actor, unit: 'DBP', reason: 'Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT' });

describe('the year-end Updates: when they are taken', () => {
  const checks = [
    ['checkCertificates', (s: YearEndState) => checkCertificates(s, certificates())],
    ['checkRotationOverride', (s: YearEndState) => checkRotationOverride(s, override())],
    ['checkRotationExcuse', (s: YearEndState) => checkRotationExcuse(s, excuse())],
  ] as const;

  for (const [name, check] of checks) {
    it(`${name}: takes it from the cycle's setup until the conference`, () => {
      expect(check(yearEnd())).toBeUndefined();
    });

    it(`${name}: refuses without a conference in the calendar, before the setup, and after the conference`, () => {
      expect(check(yearEnd({ hasConference: false }))).toEqual({
        code: Rejection.RoundNotOpen,
        message: `${CYCLE} has no year-end conference in its calendar`,
      });
      expect(check(yearEnd({ chairRepresentative: undefined, secretariat: [] }))).toEqual(STARTING);
      expect(check(yearEnd({ conference: { heldAt: '2019-01-10T01:00:00.000Z' } }))).toEqual({
        code: Rejection.RoundClosed,
        message: `the conference of ${CYCLE} was held at 2019-01-10T01:00:00.000Z; the year is closed`,
      });
    });
  }
});

describe('checkCertificates', () => {
  it('refuses malformed input before anything else', () => {
    expect(checkCertificates(yearEnd({ hasConference: false }), { actor: CHAIR })).toEqual({
      code: Rejection.InvalidInput,
      message: 'certificates: Invalid input: expected array, received undefined',
    });
  });

  it('refuses anyone but the chair’s representative', () => {
    expect(checkCertificates(yearEnd(), certificates(SECRETARIAT))).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the chair's representative (${CHAIR}) records the cluster's giấy khen; ${SECRETARIAT} may not`,
    });
  });

  it('refuses a second list, naming the numbers of the first (or none)', () => {
    expect(checkCertificates(yearEnd({ certificates: ['01/GK-DB-VT/2018'] }), certificates())).toEqual({
      code: Rejection.Duplicate,
      message: `the giấy khen of ${CYCLE} are already recorded (01/GK-DB-VT/2018)`,
    });
    expect(checkCertificates(yearEnd({ certificates: [] }), certificates())?.message).toBe(
      `the giấy khen of ${CYCLE} are already recorded (none)`,
    );
  });
});

describe('checkRotationOverride and checkRotationExcuse', () => {
  it('refuse malformed input', () => {
    expect(checkRotationOverride(yearEnd(), { ...override(), reason: 'ngắn' })).toEqual({
      code: Rejection.InvalidInput,
      message: 'reason: give a reason of at least 10 characters',
    });
    expect(checkRotationExcuse(yearEnd(), { ...excuse(), unit: 'dbp' })?.code).toBe(Rejection.InvalidInput);
  });

  it('refuse anyone but the secretariat', () => {
    const refusal = {
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${SECRETARIAT}) instructs the rotation; ${CHAIR} may not`,
    };
    expect(checkRotationOverride(yearEnd(), override(CHAIR))).toEqual(refusal);
    expect(checkRotationExcuse(yearEnd(), excuse(CHAIR))).toEqual(refusal);
  });
});

describe('checkMerge', () => {
  const NOW = Date.parse('2018-11-27T03:00:00Z');
  const state = (changes: Partial<MergeState> = {}): MergeState => ({
    cycleId: CYCLE,
    members: ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'],
    secretariat: [SECRETARIAT],
    closed: false,
    merging: [],
    ...changes,
  });
  const merge = (changes: Record<string, unknown> = {}) => ({
    actor: SECRETARIAT,
    unit: 'MLA',
    into: 'DBP',
    on: '2018-11-27',
    openTasks: 'transfer',
    reason: 'Nghị quyết 1661/NQ-UBTVQH15',
    ...changes,
  });

  it('takes the secretariat’s merge of a member on or after the day it takes effect', () => {
    expect(checkMerge(state(), merge(), NOW)).toBeUndefined();
    expect(checkMerge(state(), merge({ on: '2018-07-01', openTasks: 'close' }), NOW)).toBeUndefined();
  });

  it('refuses malformed input', () => {
    expect(checkMerge(state(), merge({ into: 'MLA' }), NOW)).toEqual({
      code: Rejection.InvalidInput,
      message: 'into: a unit cannot be merged into itself',
    });
    expect(checkMerge(state(), merge({ on: '2018-02-30' }), NOW)?.message).toBe('on: not a date of the calendar');
  });

  it('says the cycle is still being set up until its members are known', () => {
    expect(checkMerge(state({ members: undefined, secretariat: [] }), merge(), NOW)).toEqual(STARTING);
  });

  it('refuses anyone but the secretariat', () => {
    expect(checkMerge(state(), merge({ actor: CHAIR }), NOW)).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${SECRETARIAT}) records a merge; ${CHAIR} may not`,
    });
  });

  it('refuses once the year is closed', () => {
    expect(checkMerge(state({ closed: true }), merge(), NOW)).toEqual({
      code: Rejection.RoundClosed,
      message: `the year of ${CYCLE} is closed; record the merge on next year's cycle`,
    });
  });

  it('refuses a merge recorded already', () => {
    expect(checkMerge(state({ merging: ['MLA'] }), merge(), NOW)).toEqual({
      code: Rejection.Duplicate,
      message: 'the merge of MLA is already recorded',
    });
  });

  it('refuses a unit that is not (or no longer) a member', () => {
    expect(checkMerge(state({ members: ['TGI', 'DBI'] }), merge(), NOW)).toEqual({
      code: Rejection.NotAMember,
      message: `MLA is not (or no longer) a member of ${CYCLE}; members: TGI, DBI`,
    });
  });

  it('refuses a merge that takes effect later (the day in Vietnam time)', () => {
    expect(checkMerge(state(), merge({ on: '2018-11-28' }), NOW)).toEqual({
      code: Rejection.InvalidInput,
      message: 'the merge takes effect on 2018-11-28, which has not come yet; record it on that day or later',
    });
    // 17:00 UTC is already the next day in Vietnam (UTC+7).
    expect(checkMerge(state(), merge({ on: '2018-11-28' }), Date.parse('2018-11-27T17:00:00Z'))).toBeUndefined();
  });
});
