import { z } from 'zod';
import type { UnitScore } from './consolidation.ts';
import { personId, unitCode } from './ids.ts';
import { issueList } from './rejections.ts';

// The cluster ballot (bình xét, suy tôn; DOMAIN.md "Cluster ballot", "Quotas and eligibility"):
// members vote in secret on the nominees the ranking proposes — the flag (Cờ thi đua, at most one
// per cluster-year, only to the leading unit without a veto) and the certificates (Bằng khen, up
// to the cluster-year's quota). A nominee needs votes from more than half of ALL members by
// default; abstentions, spoiled ballots and members who did not vote count as not-for. At most
// two ballot rounds; if the flag is still undecided, the chair and the deputy decide it.

export const ballotRulesSchema = z
  .object({
    /** The share of ALL members a nominee needs, and whether it must be strictly more than that share. */
    threshold: z
      .object({ fraction: z.number().gt(0).max(1), strictlyMore: z.boolean() })
      .strict()
      .refine(
        (t) => !(t.fraction === 1 && t.strictlyMore),
        'more than all members can never be reached: use fraction 1 without strictlyMore for unanimity',
      )
      .default({ fraction: 0.5, strictlyMore: true }),
    /** Ballot rounds before the chair and the deputy decide the flag nominee ([S] at most 2). */
    maxRounds: z.number().int().min(1).max(2).default(2),
    /** Certificates (Bằng khen) the cluster may propose; the 2017 cluster proposed 2. */
    certificateQuota: z.number().int().min(0).max(20).default(2),
  })
  .strict();
export type BallotRules = z.infer<typeof ballotRulesSchema>;
export const DEFAULT_BALLOT_RULES: BallotRules = ballotRulesSchema.parse({});

/** The least number of votes-for that passes, out of `members`. */
export function votesNeeded(rules: BallotRules, members: number): number {
  const share = rules.threshold.fraction * members;
  // In hundredths of a vote, so 0.28 × 25 = 7.000000000000001 counts as 7.
  const exact = Math.round(share * 100) / 100;
  return rules.threshold.strictlyMore ? Math.floor(exact) + 1 : Math.ceil(exact);
}

export interface BallotItems {
  /** Flag candidates: the leading unit, or the units tied for first that the ballot must choose between. */
  flag: string[];
  /** Certificate nominees, each voted on for or against. */
  certificates: string[];
}

/**
 * What the first ballot round votes on: the flag for the leading unit(s) without a veto, and a
 * certificate for each of the next units in rank order up to the quota.
 */
export function ballotItems(
  consolidation: { units: Pick<UnitScore, 'unit' | 'rank' | 'eligibleForFirst'>[] },
  rules: BallotRules,
): BallotItems {
  const first = consolidation.units.filter((u) => u.rank === 1 && u.eligibleForFirst).map((u) => u.unit);
  const certificates = consolidation.units
    .filter((u) => !first.includes(u.unit))
    .slice(0, rules.certificateQuota)
    .map((u) => u.unit);
  return { flag: first, certificates };
}

export const VOTE = ['for', 'against', 'abstain'] as const;
export type Vote = (typeof VOTE)[number];

/** A member's choices, as sealed in its envelope: the flag candidate chosen (or abstain), and for or against each certificate. */
export const ballotChoicesSchema = z
  .object({
    flag: z
      .string()
      .refine((v) => v === 'abstain' || unitCode.safeParse(v).success, 'the flag vote is a candidate\'s unit code (e.g. TGI) or "abstain"')
      .optional(),
    certificates: z.record(unitCode, z.enum(VOTE)).default({}),
  })
  .strict();
export type BallotChoices = z.infer<typeof ballotChoicesSchema>;

/** The largest choices this ballot round allows (the longest flag vote, the longest vote on every certificate): what a ballot is padded to. */
export function largestChoices(items: BallotItems): BallotChoices {
  return {
    flag: ['abstain', ...items.flag].reduce((a, b) => (b.length > a.length ? b : a)),
    certificates: Object.fromEntries(items.certificates.map((unit) => [unit, VOTE.reduce((a, b) => (b.length > a.length ? b : a))])),
  };
}

/** Why these choices do not fit the items of this ballot round, or undefined when they do. */
export function checkChoices(items: BallotItems, choices: unknown): string | undefined {
  const parsed = ballotChoicesSchema.safeParse(choices);
  if (!parsed.success) return issueList(parsed.error, 'ballot');
  const { flag, certificates } = parsed.data;
  if (flag !== undefined && flag !== 'abstain' && !items.flag.includes(flag)) {
    return items.flag.length ? `the flag candidates are ${items.flag.join(', ')}, not ${flag}` : 'there is no flag vote in this round';
  }
  const strangers = Object.keys(certificates).filter((u) => !items.certificates.includes(u));
  if (strangers.length)
    return `not certificate nominees in this round: ${strangers.join(', ')}${items.certificates.length ? ` (the nominees are ${items.certificates.join(', ')})` : ''}`;
  return undefined;
}

/** The sealed envelope a member casts: the choices encrypted for the ballot box, opened only to count. */
export const castSchema = z
  .object({
    unit: unitCode,
    actor: personId,
    content: z
      .object({
        sealed: z
          .string()
          .min(16)
          .max(4096)
          .regex(/^[A-Za-z0-9+/=._-]+$/, 'a sealed ballot is base64 text'),
      })
      .strict(),
    /** Where the ballot was cast from, for the audit log (as in submissionSchema; absent: the CLI). */
    channel: z.enum(['web', 'cli']).optional(),
  })
  .strict();

export interface Count {
  for: number;
  against: number;
  abstain: number;
  /** Envelopes that could not be opened or whose choices did not fit the round. */
  spoiled: number;
  /** Members who cast no ballot. */
  notVoted: number;
}

export interface Tally {
  members: number;
  needed: number;
  cast: number;
  spoiled: number;
  flag: { unit: string; votes: number }[];
  /** Not-for on the flag: abstentions, spoiled, not voted (a flag ballot names one candidate). */
  flagNotFor: number;
  certificates: ({ unit: string } & Count)[];
  /** The flag candidate with enough votes, if any (the most votes, when a low threshold lets two pass). */
  flagElected?: string;
  certificatesApproved: string[];
  /** What a next round must vote on again. */
  undecided: BallotItems;
}

/**
 * Counts opened envelopes (`undefined` for one that could not be opened) against the round's
 * items. The threshold is over all members: whoever did not vote counts against.
 */
export function tally(items: BallotItems, envelopes: readonly unknown[], members: number, rules: BallotRules): Tally {
  const needed = votesNeeded(rules, members);
  const valid: BallotChoices[] = [];
  let spoiled = 0;
  for (const envelope of envelopes) {
    if (envelope === undefined || checkChoices(items, envelope) !== undefined) spoiled++;
    else valid.push(ballotChoicesSchema.parse(envelope));
  }
  const notVoted = Math.max(0, members - envelopes.length);
  const flag = items.flag.map((unit) => ({ unit, votes: valid.filter((b) => b.flag === unit).length }));
  const flagFor = flag.reduce((sum, f) => sum + f.votes, 0);
  const passing = flag.filter((f) => f.votes >= needed).sort((a, b) => b.votes - a.votes);
  const flagElected = passing.length === 1 || (passing.length > 1 && passing[0]!.votes > passing[1]!.votes) ? passing[0]!.unit : undefined;
  const certificates = items.certificates.map((unit) => {
    const votes = valid.map((b) => b.certificates[unit] ?? 'abstain');
    return {
      unit,
      for: votes.filter((v) => v === 'for').length,
      against: votes.filter((v) => v === 'against').length,
      abstain: votes.filter((v) => v === 'abstain').length,
      spoiled,
      notVoted,
    };
  });
  const certificatesApproved = certificates.filter((c) => c.for >= needed).map((c) => c.unit);
  return {
    members,
    needed,
    cast: envelopes.length,
    spoiled,
    flag,
    flagNotFor: members - flagFor,
    certificates,
    ...(flagElected ? { flagElected } : {}),
    certificatesApproved,
    undecided: { flag: flagElected ? [] : items.flag, certificates: items.certificates.filter((u) => !certificatesApproved.includes(u)) },
  };
}

/** Whether another ballot round is due: something is undecided and rounds remain. */
export function needsAnotherRound(t: Tally, round: number, rules: BallotRules): boolean {
  return round < rules.maxRounds && (t.undecided.flag.length > 0 || t.undecided.certificates.length > 0);
}

export const leadersDecisionSchema = z
  .object({
    actor: personId,
    flag: z
      .string()
      .refine((v) => v === 'none' || unitCode.safeParse(v).success, 'the flag nominee is a candidate\'s unit code (e.g. TGI) or "none"'),
    /** Where the choice was made, for the audit log (absent: the CLI). */
    channel: z.enum(['web', 'cli']).optional(),
  })
  .strict();
export type LeadersDecision = z.infer<typeof leadersDecisionSchema>;

export interface Nominations {
  flag?: string;
  /** How the flag nominee was chosen. */
  flagDecidedBy?: 'ballot' | 'chair-and-deputy';
  certificates: string[];
}
