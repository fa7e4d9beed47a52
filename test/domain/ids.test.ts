import { describe, it, expect } from 'vitest';
import {
  ballotRoundName,
  clusterCode,
  councilBallotId,
  councilSessionId,
  cycleId,
  cycleIdPrefix,
  cycleIdSchema,
  isCouncilId,
  nextCycleScheduleId,
  parseCycleId,
  personId,
  reportRoundName,
  roundId,
  roundIdPrefix,
  roundNameIn,
  splitRoundId,
  unitCode,
  workflowOwner,
  year,
} from '../../domain/ids.ts';

describe('cycleId and parseCycleId', () => {
  it('builds cycle/<cluster>/<year>', () => {
    expect(cycleId('DB-VT', 2018)).toBe('cycle/DB-VT/2018');
  });

  it.each([
    ['DB-VT', 2018],
    ['T-1A2B3C4D', 2018],
    ['AB', 2000],
    ['CUM_1', 2100],
    ['A234567890123456', 2018], // 16 characters: the longest code
  ])('round-trips cluster %s, year %d', (cluster, forYear) => {
    expect(parseCycleId(cycleId(cluster, forYear))).toEqual({ cluster, year: forYear });
  });

  it('returns the year as a number', () => {
    expect(typeof parseCycleId('cycle/DB-VT/2018')?.year).toBe('number');
  });

  it.each([
    ['cycle/db-vt/2018', 'a lower-case cluster'],
    ['cycle/Db-VT/2018', 'a mixed-case cluster'],
    ['cycle/A2345678901234567/2018', 'a 17-character cluster code'],
    ['cycle/A/2018', 'a one-character cluster code'],
    ['cycle/1DB/2018', 'a cluster starting with a digit'],
    ['cycle/-DB/2018', 'a cluster starting with a dash'],
    ['cycle/DB-VT/18', 'a two-digit year'],
    ['cycle/DB-VT/20180', 'a five-digit year'],
    ['cycle/DB-VT/', 'no year'],
    ['cycle//2018', 'no cluster'],
    ['cycle/DB-VT/2018/pledge', 'a round id, not a cycle id'],
    ['Cycle/DB-VT/2018', 'a capitalised prefix'],
    ['round/DB-VT/2018', 'the wrong prefix'],
    [' cycle/DB-VT/2018', 'leading space'],
    ['cycle/DB-VT/2018\n', 'a trailing newline'],
    ['cycle/DB VT/2018', 'a space in the cluster'],
    ['cycle/ĐB-VT/2018', 'a non-ASCII cluster'],
    ['hình bầu cua tôm cá', 'the seed spam phrase'],
    ['', 'the empty string'],
  ])('refuses %j (%s)', (id) => {
    expect(parseCycleId(id)).toBeUndefined();
  });
});

describe('cycleIdSchema', () => {
  it('accepts a cycle id', () => {
    expect(cycleIdSchema.safeParse('cycle/DB-VT/2018').success).toBe(true);
  });

  it('refuses junk with the example in its message', () => {
    const result = cycleIdSchema.safeParse('hình bầu cua tôm cá');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('cycle/DB-VT/2018');
  });

  it('refuses a non-string', () => {
    expect(cycleIdSchema.safeParse(2018).success).toBe(false);
  });
});

describe('roundId', () => {
  it('nests the round under its cycle', () => {
    expect(roundId(cycleId('DB-VT', 2018), 'pledge')).toBe('cycle/DB-VT/2018/pledge');
  });

  it('is not itself a cycle id', () => {
    expect(parseCycleId(roundId('cycle/DB-VT/2018', 'pledge'))).toBeUndefined();
  });
});

describe('unitCode', () => {
  it.each(['TGI', 'DBI', 'MAN', 'DBP', 'MLA', 'AB', 'A1', 'A_B-C', 'A234567890123456'])('accepts %s', (code) => {
    expect(unitCode.safeParse(code).success).toBe(true);
  });

  it.each(['', 'A', 'tgi', 'Tgi', '1AB', '_AB', '-AB', 'A2345678901234567', 'DB I', 'ĐBI', 'DBI\n', 'DB.I', 'DB/I'])(
    'refuses %j',
    (code) => {
      expect(unitCode.safeParse(code).success).toBe(false);
    },
  );

  it('explains the format in its message', () => {
    const result = unitCode.safeParse('tgi');
    expect(result.error?.issues[0]?.message).toContain('2-16 upper-case letters');
  });

  it('refuses non-strings', () => {
    expect(unitCode.safeParse(42).success).toBe(false);
    expect(unitCode.safeParse(null).success).toBe(false);
  });
});

describe('clusterCode', () => {
  it.each(['DB-VT', 'T-1A2B3C4D', 'AB'])('accepts %s', (code) => {
    expect(clusterCode.safeParse(code).success).toBe(true);
  });

  it.each(['db-vt', 'D', 'A2345678901234567', 'hình bầu cua tôm cá'])('refuses %j', (code) => {
    expect(clusterCode.safeParse(code).success).toBe(false);
  });
});

describe('personId', () => {
  it.each(['tgi.tuan', 'dbi.binh', 'man.hoa', 'dbp.lan', 'mla.hung', 'snv.ha', 'dbi.lo-van-hung', 'a_b', 'ab', `a${'b'.repeat(47)}`])(
    'accepts %s',
    (id) => {
      expect(personId.safeParse(id).success).toBe(true);
    },
  );

  it.each([
    '',
    'a',
    'TGI.tuan',
    'Tgi.tuan',
    '1tgi',
    '.tgi',
    '-tgi',
    `a${'b'.repeat(48)}`,
    'tgi tuan',
    'tgi.tuấn',
    'tgi@tuan',
    'tgi.tuan\n',
    'hình bầu cua tôm cá',
  ])('refuses %j', (id) => {
    expect(personId.safeParse(id).success).toBe(false);
  });

  it('explains the format in its message', () => {
    expect(personId.safeParse('TGI').error?.issues[0]?.message).toContain('lower-case');
  });
});

describe('year', () => {
  it.each([2000, 2018, 2100])('accepts %d', (y) => {
    expect(year.safeParse(y).success).toBe(true);
  });

  it('refuses 1999 and 2101 with their own messages', () => {
    expect(year.safeParse(1999).error?.issues[0]?.message).toBe('the year must be 2000 or later');
    expect(year.safeParse(2101).error?.issues[0]?.message).toBe('the year must be 2100 or earlier');
  });

  it.each([2018.5, '2018', Number.NaN, null])('refuses %j', (y) => {
    expect(year.safeParse(y).success).toBe(false);
  });
});

describe('round ids', () => {
  it.each([
    [roundId('cycle/DB-VT/2018', 'pledge'), { cycleId: 'cycle/DB-VT/2018', name: 'pledge', kind: 'pledge' }],
    [roundId('cycle/DB-VT/2018', 'score'), { cycleId: 'cycle/DB-VT/2018', name: 'score', kind: 'score' }],
    [roundId('cycle/DB-VT/2018', reportRoundName('H1')), { cycleId: 'cycle/DB-VT/2018', name: 'report-H1', kind: 'report', period: 'H1' }],
    [
      roundId('cycle/DB-VT/2018', reportRoundName('YEAR')),
      { cycleId: 'cycle/DB-VT/2018', name: 'report-YEAR', kind: 'report', period: 'YEAR' },
    ],
    [roundId('cycle/DB-VT/2018', ballotRoundName(2)), { cycleId: 'cycle/DB-VT/2018', name: 'ballot-2', kind: 'ballot', ballot: 2 }],
  ])('takes %s apart', (id, parts) => {
    expect(splitRoundId(id)).toEqual(parts);
  });

  it('builds the names the workflows use', () => {
    expect(roundId('cycle/DB-VT/2018', reportRoundName('Q3'))).toBe('cycle/DB-VT/2018/report-Q3');
    expect(roundId('cycle/DB-VT/2018', ballotRoundName(1))).toBe('cycle/DB-VT/2018/ballot-1');
  });

  it.each([
    'cycle/DB-VT/2018',
    'council/DIEN-BIEN/2018',
    'pledge',
    'cycle/DB-VT/2018/ballot-',
    'cycle/DB-VT/2018/ballot-x',
    'cycle/DB-VT/2018/report-',
    'cycle/DB-VT/2018/pledges',
    'next-cycle/DB-VT',
  ])('%s is not a round id', (id) => {
    expect(splitRoundId(id)).toBeUndefined();
  });
});

describe('id prefixes', () => {
  it("gives what every cycle id of a cluster starts with, and no other cluster's", () => {
    expect(cycleIdPrefix('DB-VT')).toBe('cycle/DB-VT/');
    expect(cycleId('DB-VT', 2018).startsWith(cycleIdPrefix('DB-VT'))).toBe(true);
    expect(cycleId('DB-VT2', 2018).startsWith(cycleIdPrefix('DB-VT'))).toBe(false);
  });

  it("gives what every round id of a cycle starts with, and no other cycle's", () => {
    expect(roundIdPrefix('cycle/DB-VT/2018')).toBe('cycle/DB-VT/2018/');
    for (const name of ['pledge', reportRoundName('H1'), 'score', ballotRoundName(3)])
      expect(roundId('cycle/DB-VT/2018', name).startsWith(roundIdPrefix('cycle/DB-VT/2018'))).toBe(true);
    expect(roundId('cycle/DB-VT/2019', 'pledge').startsWith(roundIdPrefix('cycle/DB-VT/2018'))).toBe(false);
    expect(roundId('cycle/DB-VT/20180', 'pledge').startsWith(roundIdPrefix('cycle/DB-VT/2018'))).toBe(false);
  });
});

describe('roundNameIn', () => {
  it.each(['pledge', 'score', reportRoundName('H1'), reportRoundName('YEAR'), ballotRoundName(1), ballotRoundName(12)])(
    'gives back the name %s of a round of the cycle',
    (name) => {
      expect(roundNameIn('cycle/DB-VT/2018', roundId('cycle/DB-VT/2018', name))).toBe(name);
    },
  );

  it.each([
    ['cycle/DB-VT/2019/pledge', 'a round of another year'],
    ['cycle/DB-VC/2018/score', 'a round of another cluster'],
    ['cycle/DB-VT/2018', 'the cycle itself'],
    ['cycle/DB-VT/2018/pledges', 'not a round name'],
    ['cycle/DB-VT/2018/to-trinh-v1', "a document's id"],
    ['council/DIEN-BIEN/2018', 'a council id'],
    ['pledge', 'a bare name'],
  ])('is undefined for %s (%s)', (id) => {
    expect(roundNameIn('cycle/DB-VT/2018', id)).toBeUndefined();
  });
});

describe('council and schedule ids', () => {
  it('builds council/<PROVINCE>/<YEAR> and knows it again', () => {
    expect(councilSessionId('DIEN-BIEN', 2018)).toBe('council/DIEN-BIEN/2018');
    expect(isCouncilId(councilSessionId('DIEN-BIEN', 2018))).toBe(true);
  });

  it.each(['council/dien-bien/2018', 'council/DIEN-BIEN/18', 'council/DIEN-BIEN', 'cycle/DB-VT/2018', 'council/D/2018'])(
    '%s is not a council id',
    (id) => {
      expect(isCouncilId(id)).toBe(false);
    },
  );

  it("builds a council session's ballot box id under the council's id", () => {
    expect(councilBallotId(councilSessionId('DIEN-BIEN', 2018), 2)).toBe('council/DIEN-BIEN/2018/session-2');
    expect(isCouncilId(councilBallotId('council/DIEN-BIEN/2018', 1))).toBe(false);
    expect(splitRoundId(councilBallotId('council/DIEN-BIEN/2018', 1))).toBeUndefined();
  });

  it("builds a cluster's yearly schedule id", () => {
    expect(nextCycleScheduleId('DB-VT')).toBe('next-cycle/DB-VT');
  });

  it('tells which cycle, council or cluster a workflow id belongs to, from the id alone', () => {
    expect(workflowOwner('cycle/DB-VT/2018')).toEqual({ kind: 'cycle', cycleId: 'cycle/DB-VT/2018' });
    for (const round of ['pledge', 'report-H1', 'score', 'ballot-2'])
      expect(workflowOwner(`cycle/DB-VT/2018/${round}`)).toEqual({ kind: 'cycle', cycleId: 'cycle/DB-VT/2018' });
    expect(workflowOwner('council/DIEN-BIEN/2018')).toEqual({ kind: 'council', councilId: 'council/DIEN-BIEN/2018' });
    expect(workflowOwner('council/DIEN-BIEN/2018/session-2')).toEqual({ kind: 'council', councilId: 'council/DIEN-BIEN/2018' });
    expect(workflowOwner('next-cycle/DB-VT')).toEqual({ kind: 'cluster', cluster: 'DB-VT' });
    expect(workflowOwner('next-cycle/DB-VT-2019-01-15T01:00:00Z')).toEqual({ kind: 'cluster', cluster: 'DB-VT' });
    for (const other of ['cycle/db-vt/2018', 'cycle/DB-VT/1850', 'cycle/DB-VT/2018/other', 'council/x/2018', 'next-cycle/', 'anything', ''])
      expect(workflowOwner(other), other).toBeUndefined();
  });
});
