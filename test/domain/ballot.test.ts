import { describe, it, expect } from 'vitest';
import {
  ballotChoicesSchema,
  ballotItems,
  ballotRulesSchema,
  castSchema,
  checkChoices,
  DEFAULT_BALLOT_RULES,
  needsAnotherRound,
  tally,
  votesNeeded,
  type BallotItems,
  type BallotRules,
} from '../../domain/ballot.ts';
import type { Consolidation, UnitScore } from '../../domain/consolidation.ts';

// The five seed units of the DB-VT cluster, in rotation order.
const MEMBERS = 5;

function rules(overrides: Partial<BallotRules> = {}): BallotRules {
  return { ...DEFAULT_BALLOT_RULES, ...overrides };
}

/** A row of the consolidated table; only unit, rank and eligibility matter to the ballot. */
function row(unit: string, rank: number, eligibleForFirst = true): UnitScore {
  return {
    unit,
    scorers: [],
    criterionMeans: {},
    groups: [],
    base: 0,
    bonus: { items: [], sum: 0, cap: 5, applied: 0 },
    penalties: { items: [], sum: 0, cap: 10, applied: 0 },
    adjustments: [],
    adjustmentSum: 0,
    total: 0,
    vetoes: [],
    eligibleForFirst,
    rank,
    tieBreak: [],
    notes: [],
  };
}

function table(...units: UnitScore[]): Consolidation {
  const first = units.filter((u) => u.rank === 1).map((u) => u.unit);
  return {
    formulaVersion: 'TDKT-CONS-1',
    rubricVersion: 'DB-VT-2018.1',
    units,
    tiedForFirst: first.length > 1 ? first : [],
    excludedScorers: [],
  };
}

// DOMAIN.md's illustrative order: TGI 95.5, DBI 93.0, DBP 92.0, MAN 90.5, MLA 88.0.
const ILLUSTRATIVE = table(row('TGI', 1), row('DBI', 2), row('DBP', 3), row('MAN', 4), row('MLA', 5));
const ITEMS: BallotItems = { flag: ['TGI'], certificates: ['DBI', 'DBP'] };

describe('ballotRulesSchema', () => {
  it('defaults to more than half of all members, 2 rounds and 2 certificates', () => {
    expect(DEFAULT_BALLOT_RULES).toEqual({ threshold: { fraction: 0.5, strictlyMore: true }, maxRounds: 2, certificateQuota: 2 });
    expect(ballotRulesSchema.parse({})).toEqual(DEFAULT_BALLOT_RULES);
  });

  it('keeps what is given and defaults the rest', () => {
    expect(ballotRulesSchema.parse({ certificateQuota: 3 })).toEqual({ ...DEFAULT_BALLOT_RULES, certificateQuota: 3 });
    expect(ballotRulesSchema.parse({ threshold: { fraction: 2 / 3, strictlyMore: false }, maxRounds: 1 })).toEqual({
      threshold: { fraction: 2 / 3, strictlyMore: false },
      maxRounds: 1,
      certificateQuota: 2,
    });
  });

  it('accepts the bounds: a fraction of 1, one round, no certificates, 20 certificates', () => {
    for (const input of [
      { threshold: { fraction: 1, strictlyMore: false } },
      { maxRounds: 1 },
      { certificateQuota: 0 },
      { certificateQuota: 20 },
    ]) {
      expect(ballotRulesSchema.safeParse(input).success, JSON.stringify(input)).toBe(true);
    }
  });

  it.each([
    ['a fraction of 0', { threshold: { fraction: 0, strictlyMore: true } }, 'threshold.fraction'],
    ['a fraction above 1', { threshold: { fraction: 1.01, strictlyMore: false } }, 'threshold.fraction'],
    ['a threshold without strictlyMore', { threshold: { fraction: 0.5 } }, 'threshold.strictlyMore'],
    ['3 rounds ([S] at most 2)', { maxRounds: 3 }, 'maxRounds'],
    ['0 rounds', { maxRounds: 0 }, 'maxRounds'],
    ['1.5 rounds', { maxRounds: 1.5 }, 'maxRounds'],
    ['a negative quota', { certificateQuota: -1 }, 'certificateQuota'],
    ['a quota of 21', { certificateQuota: 21 }, 'certificateQuota'],
    ['a quota of 2.5', { certificateQuota: 2.5 }, 'certificateQuota'],
  ])('refuses %s', (_what, input, path) => {
    const result = ballotRulesSchema.safeParse(input);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('refuses unknown keys, at the top and in the threshold (strict)', () => {
    expect(ballotRulesSchema.safeParse({ quorum: 3 }).success).toBe(false);
    expect(ballotRulesSchema.safeParse({ threshold: { fraction: 0.5, strictlyMore: true, of: 'present' } }).success).toBe(false);
  });
});

describe('votesNeeded', () => {
  it.each([
    [5, 3],
    [4, 3],
    [15, 8],
    [2, 2],
    [1, 1],
  ])('by default (more than half) needs, of %d members, %d', (members, needed) => {
    expect(votesNeeded(DEFAULT_BALLOT_RULES, members)).toBe(needed);
  });

  it('needs 12 of 15 for at least 80 %', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 0.8, strictlyMore: false } }), 15)).toBe(12);
  });

  it('needs 13 of 15 for more than 80 %', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 0.8, strictlyMore: true } }), 15)).toBe(13);
  });

  it('needs 3 of 5 for at least 60 %, 4 for more than 60 %', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 0.6, strictlyMore: false } }), 5)).toBe(3);
    expect(votesNeeded(rules({ threshold: { fraction: 0.6, strictlyMore: true } }), 5)).toBe(4);
  });

  it('needs 7 of 10 for at least 70 %, 8 for more than 70 %', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 0.7, strictlyMore: false } }), 10)).toBe(7);
    expect(votesNeeded(rules({ threshold: { fraction: 0.7, strictlyMore: true } }), 10)).toBe(8);
  });

  // 0.28 × 25 is 7.000000000000001 in floating point: a plain ceil would ask for 8.
  it('needs 7 of 25 for at least 28 %, whatever the floating noise above', () => {
    expect(0.28 * 25).toBeGreaterThan(7);
    expect(votesNeeded(rules({ threshold: { fraction: 0.28, strictlyMore: false } }), 25)).toBe(7);
    expect(votesNeeded(rules({ threshold: { fraction: 0.28, strictlyMore: true } }), 25)).toBe(8);
  });

  // 0.58 × 50 is 28.999999999999996: a plain floor + 1 would let 29 votes be "more than" 29.
  it('needs 30 of 50 for more than 58 %, whatever the floating noise below', () => {
    expect(0.58 * 50).toBeLessThan(29);
    expect(votesNeeded(rules({ threshold: { fraction: 0.58, strictlyMore: true } }), 50)).toBe(30);
    expect(votesNeeded(rules({ threshold: { fraction: 0.58, strictlyMore: false } }), 50)).toBe(29);
  });

  it('rounds a share that is not whole up for "at least" and to the next vote for "more than"', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 0.5, strictlyMore: false } }), 5)).toBe(3);
    expect(votesNeeded(rules({ threshold: { fraction: 0.5, strictlyMore: false } }), 4)).toBe(2);
    expect(votesNeeded(rules({ threshold: { fraction: 2 / 3, strictlyMore: false } }), 5)).toBe(4);
    expect(votesNeeded(rules({ threshold: { fraction: 2 / 3, strictlyMore: true } }), 6)).toBe(5);
  });

  it('needs every vote for at least 100 %', () => {
    expect(votesNeeded(rules({ threshold: { fraction: 1, strictlyMore: false } }), 5)).toBe(5);
  });
});

describe('ballotItems', () => {
  it('proposes the flag for the leader and certificates for the next 2 units', () => {
    expect(ballotItems(ILLUSTRATIVE, DEFAULT_BALLOT_RULES)).toEqual({ flag: ['TGI'], certificates: ['DBI', 'DBP'] });
  });

  it('makes every unit tied for first a flag candidate, and the certificates go to the units after them', () => {
    const tied = table(row('TGI', 1), row('DBI', 1), row('DBP', 3), row('MAN', 4), row('MLA', 5));
    expect(ballotItems(tied, DEFAULT_BALLOT_RULES)).toEqual({ flag: ['TGI', 'DBI'], certificates: ['DBP', 'MAN'] });
  });

  it('never makes a vetoed unit a flag candidate: the best unit without a veto is', () => {
    // As consolidate ranks a vetoed leader: the best eligible unit first, the vetoed one second.
    const vetoed = table(row('DBI', 1), row('TGI', 2, false), row('DBP', 3), row('MAN', 4), row('MLA', 5));
    const items = ballotItems(vetoed, DEFAULT_BALLOT_RULES);
    expect(items.flag).toEqual(['DBI']);
    expect(items.flag).not.toContain('TGI');
  });

  it('leaves a vetoed unit out of the flag even if it stands at rank 1', () => {
    const items = ballotItems(table(row('TGI', 1, false), row('DBI', 1), row('DBP', 3)), DEFAULT_BALLOT_RULES);
    expect(items.flag).toEqual(['DBI']);
  });

  it('proposes no certificates with a quota of 0, and up to the quota otherwise', () => {
    expect(ballotItems(ILLUSTRATIVE, rules({ certificateQuota: 0 }))).toEqual({ flag: ['TGI'], certificates: [] });
    expect(ballotItems(ILLUSTRATIVE, rules({ certificateQuota: 3 })).certificates).toEqual(['DBI', 'DBP', 'MAN']);
    expect(ballotItems(ILLUSTRATIVE, rules({ certificateQuota: 20 })).certificates).toEqual(['DBI', 'DBP', 'MAN', 'MLA']);
  });

  it('has no flag vote when every unit is vetoed', () => {
    const allVetoed = table(row('TGI', 1, false), row('DBI', 2, false));
    expect(ballotItems(allVetoed, DEFAULT_BALLOT_RULES)).toEqual({ flag: [], certificates: ['TGI', 'DBI'] });
  });
});

describe('checkChoices', () => {
  it('accepts a flag candidate and votes on the nominees', () => {
    expect(checkChoices(ITEMS, { flag: 'TGI', certificates: { DBI: 'for', DBP: 'against' } })).toBeUndefined();
  });

  it('accepts abstaining, on the flag or by leaving everything out', () => {
    expect(checkChoices(ITEMS, { flag: 'abstain', certificates: { DBI: 'abstain' } })).toBeUndefined();
    expect(checkChoices(ITEMS, {})).toBeUndefined();
    expect(checkChoices(ITEMS, { certificates: { DBP: 'for' } })).toBeUndefined();
  });

  it('refuses a flag for a unit that is not a candidate, naming the candidates', () => {
    expect(checkChoices(ITEMS, { flag: 'DBI' })).toBe('the flag candidates are TGI, not DBI');
    expect(checkChoices({ flag: ['TGI', 'DBI'], certificates: [] }, { flag: 'MLA' })).toBe('the flag candidates are TGI, DBI, not MLA');
  });

  it('refuses a flag vote in a round without one, but takes an abstention', () => {
    const certificatesOnly = { flag: [], certificates: ['DBP'] };
    expect(checkChoices(certificatesOnly, { flag: 'TGI' })).toBe('there is no flag vote in this round');
    expect(checkChoices(certificatesOnly, { flag: 'abstain', certificates: { DBP: 'for' } })).toBeUndefined();
  });

  it('refuses a certificate vote on a unit that is not a nominee, naming the nominees', () => {
    expect(checkChoices(ITEMS, { flag: 'TGI', certificates: { DBI: 'for', MAN: 'for', MLA: 'against' } })).toBe(
      'not certificate nominees in this round: MAN, MLA (the nominees are DBI, DBP)',
    );
    expect(checkChoices({ flag: ['TGI'], certificates: [] }, { certificates: { DBI: 'for' } })).toBe(
      'not certificate nominees in this round: DBI',
    );
  });

  it('refuses a certificate vote on the flag candidate', () => {
    expect(checkChoices(ITEMS, { certificates: { TGI: 'for' } })).toBe(
      'not certificate nominees in this round: TGI (the nominees are DBI, DBP)',
    );
  });

  it.each([
    [null, /^ballot: /],
    ['TGI', /^ballot: /],
    [['TGI'], /^ballot: /],
    [{ flag: 'tgi' }, /^flag: /],
    [{ flag: 42 }, /^flag: /],
    [{ certificates: { DBI: 'yes' } }, /^certificates\.DBI: /],
    [{ certificates: ['DBI'] }, /^certificates: /],
    [{ flag: 'TGI', voter: 'dbi.lo-van-hung' }, /^ballot: Unrecognized key.*voter/],
  ])('refuses the junk %j, saying where', (choices, where) => {
    expect(checkChoices(ITEMS, choices)).toMatch(where);
  });
});

describe('ballotChoicesSchema', () => {
  it('defaults the certificates to none and leaves the flag out', () => {
    expect(ballotChoicesSchema.parse({})).toEqual({ certificates: {} });
  });
});

describe('castSchema', () => {
  const cast = (sealed: string, extra: Record<string, unknown> = {}) => ({
    unit: 'DBI',
    actor: 'dbi.lo-van-hung',
    content: { sealed },
    ...extra,
  });
  const SEALED = 'v1.MCowBQYDK2VuAyEA.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB==.CCCC';

  it("accepts a sealed envelope from a member's representative", () => {
    expect(castSchema.parse(cast(SEALED))).toEqual(cast(SEALED));
  });

  it('accepts 16 and 4096 characters, and refuses 15 and 4097', () => {
    expect(castSchema.safeParse(cast('A'.repeat(16))).success).toBe(true);
    expect(castSchema.safeParse(cast('A'.repeat(4096))).success).toBe(true);
    expect(castSchema.safeParse(cast('A'.repeat(15))).success).toBe(false);
    expect(castSchema.safeParse(cast('A'.repeat(4097))).success).toBe(false);
  });

  it.each(['v1.abc def ghijklmnop', 'v1.abcdefghijklmnop!', '{"flag":"TGI","x":"y"}', 'v1.абвгдежзийклмноп'])(
    'refuses %j: not base64 text',
    (sealed) => {
      const result = castSchema.safeParse(cast(sealed));
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['content.sealed', 'a sealed ballot is base64 text'],
      ]);
    },
  );

  // The point of sealing: an Update argument is readable by every administrator, so choices in
  // clear are refused.
  it('refuses choices in clear', () => {
    expect(castSchema.safeParse({ unit: 'DBI', actor: 'dbi.lo-van-hung', content: { flag: 'TGI' } }).success).toBe(false);
    expect(castSchema.safeParse({ unit: 'DBI', actor: 'dbi.lo-van-hung', content: { sealed: SEALED, flag: 'TGI' } }).success).toBe(false);
  });

  it('refuses a bad unit code or person id, and unknown keys', () => {
    expect(castSchema.safeParse({ ...cast(SEALED), unit: 'dbi' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['unit']);
    expect(castSchema.safeParse({ ...cast(SEALED), actor: 'DBI Lò Văn Hùng' }).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'actor',
    ]);
    expect(castSchema.safeParse(cast(SEALED, { round: 1 })).success).toBe(false);
  });
});

/** `n` copies of the same choices. */
const times = (n: number, choices: unknown): unknown[] => Array.from({ length: n }, () => choices);

describe('tally', () => {
  it('elects the flag with 3 of 5 votes: one abstains, one did not vote', () => {
    const t = tally(ITEMS, [...times(3, { flag: 'TGI' }), { flag: 'abstain' }], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t).toMatchObject({
      members: 5,
      needed: 3,
      cast: 4,
      spoiled: 0,
      flag: [{ unit: 'TGI', votes: 3 }],
      flagNotFor: 2,
      flagElected: 'TGI',
    });
    expect(t.undecided.flag).toEqual([]);
  });

  it('does not elect the flag with 2 of 5: an abstention, a spoiled ballot and a member who did not vote count as not-for', () => {
    const t = tally(ITEMS, [{ flag: 'TGI' }, { flag: 'TGI' }, { flag: 'abstain' }, undefined], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t).toMatchObject({ needed: 3, cast: 4, spoiled: 1, flag: [{ unit: 'TGI', votes: 2 }], flagNotFor: 3 });
    expect(t).not.toHaveProperty('flagElected');
    expect(t.undecided.flag).toEqual(['TGI']);
  });

  it('counts a ballot that leaves the flag out as not-for', () => {
    const t = tally(ITEMS, [{ flag: 'TGI' }, { flag: 'TGI' }, {}, {}, {}], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t).toMatchObject({ cast: 5, spoiled: 0, flagNotFor: 3 });
    expect(t.flagElected).toBeUndefined();
  });

  it('counts an envelope that could not be opened as spoiled', () => {
    const t = tally(ITEMS, [undefined, undefined, { flag: 'TGI' }], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t).toMatchObject({ cast: 3, spoiled: 2, flag: [{ unit: 'TGI', votes: 1 }], flagNotFor: 4 });
  });

  it('spoils the whole of a ballot naming a unit that is not a candidate, its certificate votes too', () => {
    const wrong = { flag: 'DBI', certificates: { DBI: 'for', DBP: 'for' } };
    const t = tally(
      ITEMS,
      [...times(3, { flag: 'TGI', certificates: { DBI: 'for', DBP: 'for' } }), wrong, wrong],
      MEMBERS,
      DEFAULT_BALLOT_RULES,
    );
    expect(t).toMatchObject({ cast: 5, spoiled: 2, flag: [{ unit: 'TGI', votes: 3 }], flagElected: 'TGI' });
    expect(t.certificates.map((c) => [c.unit, c.for])).toEqual([
      ['DBI', 3],
      ['DBP', 3],
    ]);
  });

  it('spoils a ballot voting on a certificate that is not in the round, and junk', () => {
    const t = tally(ITEMS, [{ certificates: { MAN: 'for' } }, 'TGI', null, { flag: 'TGI', extra: 1 }], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t.spoiled).toBe(4);
    expect(t.flag).toEqual([{ unit: 'TGI', votes: 0 }]);
  });

  it('approves the certificates with enough votes-for and leaves the others undecided', () => {
    const envelopes = [
      { flag: 'TGI', certificates: { DBI: 'for', DBP: 'for' } },
      { flag: 'TGI', certificates: { DBI: 'for', DBP: 'against' } },
      { flag: 'abstain', certificates: { DBI: 'for' } },
      undefined,
    ];
    const t = tally(ITEMS, envelopes, MEMBERS, DEFAULT_BALLOT_RULES);
    // A certificate left out of a ballot counts as an abstention.
    expect(t.certificates).toEqual([
      { unit: 'DBI', for: 3, against: 0, abstain: 0, spoiled: 1, notVoted: 1 },
      { unit: 'DBP', for: 1, against: 1, abstain: 1, spoiled: 1, notVoted: 1 },
    ]);
    expect(t.certificatesApproved).toEqual(['DBI']);
    expect(t.undecided).toEqual({ flag: ['TGI'], certificates: ['DBP'] });
  });

  it('needs votes from all members, not only from those who voted', () => {
    // 2 of the 2 who voted are for, but 2 of 5 is not more than half.
    const t = tally(ITEMS, times(2, { flag: 'TGI', certificates: { DBI: 'for', DBP: 'for' } }), MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t.flagElected).toBeUndefined();
    expect(t.certificatesApproved).toEqual([]);
    expect(t.certificates[0]).toMatchObject({ for: 2, notVoted: 3 });
  });

  it('splits the flag vote between candidates tied for first: nobody has more than half, so it is undecided', () => {
    const items = { flag: ['TGI', 'DBI'], certificates: [] };
    const t = tally(
      items,
      [{ flag: 'TGI' }, { flag: 'TGI' }, { flag: 'DBI' }, { flag: 'DBI' }, { flag: 'abstain' }],
      MEMBERS,
      DEFAULT_BALLOT_RULES,
    );
    expect(t.flag).toEqual([
      { unit: 'TGI', votes: 2 },
      { unit: 'DBI', votes: 2 },
    ]);
    expect(t.flagNotFor).toBe(1);
    expect(t.flagElected).toBeUndefined();
    expect(t.undecided.flag).toEqual(['TGI', 'DBI']);
  });

  it('elects the one candidate of several that reaches the threshold', () => {
    const t = tally(
      { flag: ['TGI', 'DBI'], certificates: [] },
      [...times(3, { flag: 'DBI' }), { flag: 'TGI' }],
      MEMBERS,
      DEFAULT_BALLOT_RULES,
    );
    expect(t.flagElected).toBe('DBI');
    expect(t.undecided.flag).toEqual([]);
  });

  it('elects the candidate with the most votes when a low threshold lets two pass, and nobody when they are level', () => {
    const low = rules({ threshold: { fraction: 0.2, strictlyMore: false } });
    const items = { flag: ['TGI', 'DBI'], certificates: [] };
    const ahead = tally(items, [...times(3, { flag: 'DBI' }), ...times(2, { flag: 'TGI' })], MEMBERS, low);
    expect(ahead.needed).toBe(1);
    expect(ahead.flagElected).toBe('DBI');
    const level = tally(items, [...times(2, { flag: 'DBI' }), ...times(2, { flag: 'TGI' })], MEMBERS, low);
    expect(level.flagElected).toBeUndefined();
    expect(level.undecided.flag).toEqual(['TGI', 'DBI']);
  });

  it('counts nobody as not voted when everybody cast a ballot', () => {
    const t = tally(ITEMS, times(5, { flag: 'TGI', certificates: { DBI: 'against', DBP: 'for' } }), MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t.certificates).toEqual([
      { unit: 'DBI', for: 0, against: 5, abstain: 0, spoiled: 0, notVoted: 0 },
      { unit: 'DBP', for: 5, against: 0, abstain: 0, spoiled: 0, notVoted: 0 },
    ]);
    expect(t).toMatchObject({
      flagNotFor: 0,
      flagElected: 'TGI',
      certificatesApproved: ['DBP'],
      undecided: { flag: [], certificates: ['DBI'] },
    });
  });

  it('leaves everything undecided when nobody votes', () => {
    const t = tally(ITEMS, [], MEMBERS, DEFAULT_BALLOT_RULES);
    expect(t).toMatchObject({ cast: 0, spoiled: 0, flagNotFor: 5, certificatesApproved: [], undecided: ITEMS });
    expect(t.certificates.map((c) => c.notVoted)).toEqual([5, 5]);
  });

  it('counts a second round on what the first left undecided: a vote on a settled certificate spoils the ballot', () => {
    const round2: BallotItems = { flag: ['TGI'], certificates: ['DBP'] };
    const t = tally(
      round2,
      [...times(3, { flag: 'TGI', certificates: { DBP: 'for' } }), { flag: 'TGI', certificates: { DBI: 'for' } }],
      MEMBERS,
      DEFAULT_BALLOT_RULES,
    );
    expect(t).toMatchObject({ spoiled: 1, flagElected: 'TGI', certificatesApproved: ['DBP'], undecided: { flag: [], certificates: [] } });
  });
});

describe('needsAnotherRound', () => {
  const undecidedFlag = tally(
    ITEMS,
    [...times(2, { flag: 'TGI', certificates: { DBI: 'for', DBP: 'for' } }), { certificates: { DBI: 'for', DBP: 'for' } }],
    MEMBERS,
    DEFAULT_BALLOT_RULES,
  );
  const undecidedCertificate = tally(ITEMS, times(3, { flag: 'TGI', certificates: { DBI: 'for' } }), MEMBERS, DEFAULT_BALLOT_RULES);
  const decided = tally(ITEMS, times(3, { flag: 'TGI', certificates: { DBI: 'for', DBP: 'for' } }), MEMBERS, DEFAULT_BALLOT_RULES);

  it('starts from tallies that are what they say', () => {
    expect(undecidedFlag.undecided).toEqual({ flag: ['TGI'], certificates: [] });
    expect(undecidedCertificate.undecided).toEqual({ flag: [], certificates: ['DBP'] });
    expect(decided.undecided).toEqual({ flag: [], certificates: [] });
  });

  it('is true after round 1 when the flag is undecided', () => {
    expect(needsAnotherRound(undecidedFlag, 1, DEFAULT_BALLOT_RULES)).toBe(true);
  });

  it('is true after round 1 when only a certificate is undecided', () => {
    expect(needsAnotherRound(undecidedCertificate, 1, DEFAULT_BALLOT_RULES)).toBe(true);
  });

  it('is false after round 2 of 2, whatever is undecided', () => {
    expect(needsAnotherRound(undecidedFlag, 2, DEFAULT_BALLOT_RULES)).toBe(false);
    expect(needsAnotherRound(undecidedCertificate, 2, DEFAULT_BALLOT_RULES)).toBe(false);
  });

  it('is false after round 1 when the rules allow only one round', () => {
    expect(needsAnotherRound(undecidedFlag, 1, rules({ maxRounds: 1 }))).toBe(false);
  });

  it('is false when everything is decided', () => {
    expect(needsAnotherRound(decided, 1, DEFAULT_BALLOT_RULES)).toBe(false);
  });
});
