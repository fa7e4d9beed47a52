import { describe, expect, it } from 'vitest';
import type { CouncilStatus } from '../../domain/council.ts';
import {
  councilPending,
  cyclePending,
  decodePending,
  encodePending,
  OVERFLOW,
  ROLES,
  roundPending,
  VALUE_BUDGET,
  type PendingEntry,
} from '../../domain/pendingActors.ts';
import type { RoundStatus } from '../../domain/round.ts';

// The open tasks a workflow publishes as search attributes, and how `tdkt pending` reads them back.

const round = (phase: RoundStatus['phase']): RoundStatus => ({
  roundId: 'cycle/DB-VT/2018/pledge',
  kind: 'pledge',
  phase,
  opensAt: '2018-12-01T08:00:00+07:00',
  deadline: '2018-12-20T17:00:00+07:00',
  remindersSent: 0,
  escalated: [],
  units: [
    { unit: 'DBI', unitName: 'UBND huyện Điện Biên', representative: 'dbi.binh', submittedAt: '2018-12-02T01:00:00.000Z' },
    { unit: 'MAN', unitName: 'UBND huyện Mường Ảng', representative: 'man.hoa', deadline: '2018-12-27T10:00:00.000Z' },
    { unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', representative: 'tgi.tuan' },
    { unit: 'MLA', unitName: 'UBND thị xã Mường Lay', representative: 'mla.hung', excused: 'merged into DBI: reform' },
  ],
});

describe('a round’s open tasks', () => {
  it('are the units that have neither submitted nor been excused, each due at its own deadline, while the round is open or late', () => {
    expect(roundPending(round('open'))).toEqual([
      { who: 'man.hoa', unit: 'MAN', task: 'submit', due: '2018-12-27T10:00:00.000Z', since: '2018-12-01T08:00:00+07:00' },
      { who: 'tgi.tuan', unit: 'TGI', task: 'submit', due: '2018-12-20T17:00:00+07:00', since: '2018-12-01T08:00:00+07:00' },
    ]);
    expect(roundPending(round('late'))).toHaveLength(2);
    expect(roundPending(round('scheduled'))).toEqual([]);
    expect(roundPending(round('closed'))).toEqual([]);
  });

  it('encode to short tokens, a list of who must act and the soonest due time, and decode back in UTC', () => {
    const encoded = encodePending(roundPending(round('open')));
    expect(encoded).toEqual({
      actors: ['man.hoa', 'tgi.tuan'],
      tasks: ['man.hoa|MAN|submit|20181227T100000Z|20181201T010000Z', 'tgi.tuan|TGI|submit|20181220T100000Z|20181201T010000Z'],
      due: new Date('2018-12-20T10:00:00.000Z'),
    });
    expect(decodePending(encoded.tasks)).toEqual([
      { who: 'man.hoa', unit: 'MAN', task: 'submit', due: '2018-12-27T10:00:00.000Z', since: '2018-12-01T01:00:00.000Z' },
      { who: 'tgi.tuan', unit: 'TGI', task: 'submit', due: '2018-12-20T10:00:00.000Z', since: '2018-12-01T01:00:00.000Z' },
    ]);
    expect(encodePending([])).toEqual({ actors: [], tasks: [] });
  });
});

describe('a council’s open tasks', () => {
  const council = (over: Partial<CouncilStatus>): CouncilStatus => ({
    councilId: 'council/DIEN-BIEN/2018',
    province: 'Điện Biên',
    year: 2018,
    phase: 'collecting',
    calendar: {
      submitBy: '2019-01-10T17:00:00+07:00',
      remindBefore: [],
      sessionAt: '2019-01-15T08:00:00+07:00',
      sessionLength: 'PT2H',
      complaintWindow: 'P10D',
    } as unknown as CouncilStatus['calendar'],
    expected: ['DB-VT', 'DB-VC'],
    submissions: [],
    missing: ['DB-VC'],
    appraisal: { 'DB-VT:flag:DBI': { status: 'pending' }, 'DB-VT:certificate:MAN': { status: 'accepted', by: 'snv.ha' } },
    sessions: [],
    members: ['hd.a', 'hd.b'],
    chair: 'hd.chutich',
    voted: [],
    ...over,
  });

  it('name roles, not people, for the clusters’ chairs and the secretariat, and round-trip through the tokens', () => {
    const entries = councilPending(council({}));
    expect(entries).toEqual([
      { who: ROLES.chairOf('DB-VC'), task: 'submission', due: '2019-01-10T17:00:00+07:00' },
      { who: ROLES.secretariat, task: 'appraisal:DB-VT:flag:DBI', due: '2019-01-15T08:00:00+07:00' },
    ]);
    expect(encodePending(entries).tasks).toEqual([
      '@chair:DB-VC||submission|20190110T100000Z|',
      '@secretariat||appraisal:DB-VT:flag:DBI|20190115T010000Z|',
    ]);
    expect(decodePending(encodePending(entries).tasks)).toEqual([
      { who: '@chair:DB-VC', task: 'submission', due: '2019-01-10T10:00:00.000Z' },
      { who: '@secretariat', task: 'appraisal:DB-VT:flag:DBI', due: '2019-01-15T01:00:00.000Z' },
    ]);
  });

  it('are the votes of the members yet to vote, due at the session’s end, then the chair’s decision', () => {
    const voting = council({
      phase: 'voting',
      missing: [],
      appraisal: {},
      sessions: [{ number: 1, at: '2019-01-15T01:00:00.000Z' }],
      voted: [{ member: 'hd.a', written: false }],
    });
    expect(councilPending(voting)).toEqual([{ who: 'hd.b', task: 'vote', due: '2019-01-15T03:00:00.000Z' }]);
    expect(councilPending({ ...voting, phase: 'decision' })).toEqual([{ who: 'hd.chutich', task: 'decision' }]);
    expect(councilPending({ ...voting, phase: 'closed' })).toEqual([]);
  });
});

describe('a cycle’s own tasks', () => {
  const reps: Record<string, string> = { DBI: 'dbi.binh', MAN: 'man.hoa' };
  const cycle = { chairUnit: 'DBI', deputyUnit: 'MAN', calendar: { conference: { at: '2019-02-01T01:00:00.000Z' } } };

  it('are the flag decision of whichever of the chair and the deputy has not decided, the amendment, and the giấy khen', () => {
    const leaders = { deadline: '2019-01-05T10:00:00.000Z', chair: 'TGI' };
    expect(cyclePending({ ...cycle, phase: 'leaders-decide', scoring: { leaders } }, (u) => reps[u])).toEqual([
      { who: 'man.hoa', unit: 'MAN', task: 'flag-deputy', due: '2019-01-05T10:00:00.000Z' },
    ]);
    expect(cyclePending({ ...cycle, phase: 'revision' }, (u) => reps[u])).toEqual([{ who: 'dbi.binh', unit: 'DBI', task: 'amend' }]);
    expect(cyclePending({ ...cycle, phase: 'conference', yearEnd: {} }, () => undefined)).toEqual([
      { who: ROLES.representative, unit: 'DBI', task: 'certificates', due: '2019-02-01T01:00:00.000Z' },
    ]);
    expect(cyclePending({ ...cycle, phase: 'conference', yearEnd: { certificates: [] } }, (u) => reps[u])).toEqual([]);
    expect(cyclePending({ ...cycle, phase: 'nominated' }, (u) => reps[u])).toEqual([]);
  });
});

describe('a list too long for one attribute value', () => {
  it('is published as the overflow token, which the reader takes as "ask the workflow"', () => {
    const many: PendingEntry[] = Array.from({ length: 40 }, (_, i) => ({
      who: `member.${String(i).padStart(2, '0')}-with-a-long-person-id`,
      task: 'vote',
      due: '2019-01-15T03:00:00.000Z',
    }));
    const encoded = encodePending(many);
    expect(JSON.stringify(many.map((e) => `${e.who}||vote|20190115T030000Z|`)).length).toBeGreaterThan(VALUE_BUDGET);
    expect(encoded.tasks).toEqual([OVERFLOW]);
    expect(decodePending(encoded.tasks)).toBeUndefined();
    // The shorter list of who must act still fits, so `TdktPendingActors = '<id>'` keeps finding them.
    expect(encoded.actors).toHaveLength(40);
    expect(encodePending(many.slice(0, 5)).tasks).toHaveLength(5);
  });
});
