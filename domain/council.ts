import { z } from 'zod';
import { parseIsoDuration } from './duration.ts';
import { councilSessionId, personId, unitCode } from './ids.ts';
import { foldVietnamese } from './textScreen.ts';
import { storableText } from './text.ts';

// The provincial council (DOMAIN.md steps 6-9, "Council", "Decision", "Amounts"): the clusters'
// submissions, the secretariat's appraisal, the council's ballot with its quorum and thresholds
// over ALL members, and the chair's decision with its number and amounts, and the shapes the
// council's workflow, its activities and the client share. Pure rules; the councilSession
// workflow's state and the checks its Update validators ask are in councilState.ts.

/** A province's code for ids: "Điện Biên" → "DIEN-BIEN". */
export function provinceCode(province: string): string {
  return foldVietnamese(province)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The council session of a province-year: `council/<PROVINCE>/<YEAR>`. */
export function councilId(province: string, year: number): string {
  return councilSessionId(provinceCode(province), year);
}

export const AWARDS = {
  flag: { title: 'Cờ thi đua của UBND tỉnh', multiple: 8 },
  certificate: { title: 'Bằng khen của Chủ tịch UBND tỉnh', multiple: 3 },
} as const;
export type AwardKind = keyof typeof AWARDS;

/** The base salary the amounts are multiples of (NĐ 152/2025), in đồng. */
export const BASE_SALARY_VND = 2_340_000;

export function awardAmount(kind: AwardKind): number {
  return Math.round(AWARDS[kind].multiple * BASE_SALARY_VND);
}

/** A nomination's id: the cluster, the award and the unit, e.g. DB-VT:flag:TGI. */
export function nominationId(n: { cluster: string; award: AwardKind; unit: string }): string {
  return `${n.cluster}:${n.award}:${n.unit}`;
}

export const councilRulesSchema = z
  .object({
    /** Members present for a session to be valid: at least this share of all members. */
    quorum: z
      .number()
      .gt(0)
      .max(1)
      .default(2 / 3),
    /** Award sessions need at least this share present. */
    awardAttendance: z.number().gt(0).max(1).default(0.8),
    /** Votes for an award, as a share of ALL members (present or not). */
    thresholds: z
      .object({ flag: z.number().gt(0).max(1), certificate: z.number().gt(0).max(1) })
      .strict()
      .default({ flag: 0.8, certificate: 0.8 }),
  })
  .strict();
export type CouncilRules = z.infer<typeof councilRulesSchema>;
export const DEFAULT_COUNCIL_RULES: CouncilRules = councilRulesSchema.parse({});

/** At least `share` of `of`, counted in whole people (in hundredths, so 0.8 × 15 is 12, not 12.000000000000002). */
export function atLeast(share: number, of: number): number {
  return Math.ceil(Math.round(share * of * 100) / 100);
}

export interface QuorumCheck {
  ok: boolean;
  present: number;
  members: number;
  needed: number;
  reason?: string;
}

/** Whether a session with `present` of `members` may vote on awards: quorum, then award attendance. */
export function checkQuorum(rules: CouncilRules, members: number, present: number): QuorumCheck {
  const needed = Math.max(atLeast(rules.quorum, members), atLeast(rules.awardAttendance, members));
  if (present >= needed) return { ok: true, present, members, needed };
  const quorum = atLeast(rules.quorum, members);
  const reason =
    present < quorum
      ? `no quorum: ${present} of ${members} members present, at least ${quorum} needed`
      : `an award session needs ${needed} of ${members} members present (${Math.round(rules.awardAttendance * 100)}%); ${present} came`;
  return { ok: false, present, members, needed, reason };
}

export interface Nomination {
  cluster: string;
  award: AwardKind;
  unit: string;
}

export const VOTES = ['approve', 'reject', 'abstain'] as const;
export type CouncilVote = (typeof VOTES)[number];

export const councilVoteSchema = z
  .object({
    actor: personId,
    /** Nomination id → vote; nominations left out count as not-for. */
    votes: z.record(z.string().max(60), z.enum(VOTES)).refine((v) => Object.keys(v).length <= 200, 'at most 200 votes'),
    /** An absent member's vote in writing (phiếu lấy ý kiến bằng văn bản). */
    written: z.boolean().default(false),
  })
  .strict();
export type CouncilBallot = z.infer<typeof councilVoteSchema>;

/**
 * What a member sends (sessions from patched 'sealed-council-ballots' on): a member present at
 * the session votes by secret ballot, its choices sealed for the session's ballot box; an absent
 * member's written vote (phiếu lấy ý kiến bằng văn bản) is a signed letter, recorded as written.
 */
export const councilCastSchema = z.discriminatedUnion('written', [
  z
    .object({
      actor: personId,
      written: z.literal(false),
      // A ballot is padded to a vote on every nomination (ballotBox/seal.ts): 200 votes on ids of up
      // to 60 characters seal to about 19,500 characters.
      sealed: z
        .string()
        .min(16)
        .max(24_576)
        .regex(/^[A-Za-z0-9+/=._-]+$/, 'a sealed ballot is base64 text'),
    })
    .strict(),
  z.object({ actor: personId, written: z.literal(true), votes: councilVoteSchema.shape.votes }).strict(),
]);
export type CouncilCast = z.infer<typeof councilCastSchema>;

/** The largest votes a council ballot allows (the longest vote on every nomination): what a sealed ballot is padded to. */
export function largestCouncilVotes(onBallot: readonly string[]): { votes: Record<string, CouncilVote> } {
  const longest = VOTES.reduce((a, b) => (b.length > a.length ? b : a));
  return { votes: Object.fromEntries(onBallot.map((nomination) => [nomination, longest])) };
}

/** Why these votes do not fit the session's ballot, or undefined when they do. */
export function checkCouncilVotes(onBallot: readonly string[], votes: Record<string, string>): string | undefined {
  const strangers = Object.keys(votes).filter((n) => !onBallot.includes(n));
  return strangers.length ? `not on the ballot: ${strangers.join(', ')}; the ballot: ${onBallot.join(', ')}` : undefined;
}

export interface CouncilCount {
  nomination: string;
  award: AwardKind;
  for: number;
  against: number;
  abstain: number;
  notVoted: number;
  /** Of the votes for, how many were written votes of absent members. */
  written: number;
  needed: number;
  approved: boolean;
}

/** Counts the council's ballots per nomination; a nomination passes with `needed` votes of ALL members. */
export function tallyCouncil(
  nominations: Nomination[],
  ballots: { votes: Record<string, CouncilVote>; written: boolean }[],
  members: number,
  rules: CouncilRules,
): CouncilCount[] {
  return nominations.map((n) => {
    const id = nominationId(n);
    const cast = ballots.map((b) => ({ vote: b.votes[id], written: b.written }));
    const count = (vote: CouncilVote) => cast.filter((c) => c.vote === vote).length;
    const needed = atLeast(rules.thresholds[n.award], members);
    const votesFor = count('approve');
    return {
      nomination: id,
      award: n.award,
      for: votesFor,
      against: count('reject'),
      abstain: count('abstain'),
      notVoted: members - cast.filter((c) => c.vote !== undefined).length,
      written: cast.filter((c) => c.vote === 'approve' && c.written).length,
      needed,
      approved: votesFor >= needed,
    };
  });
}

/** The decision's number, e.g. 123/QĐ-UBND. */
export function decisionNumber(seq: number): string {
  return `${seq}/QĐ-UBND`;
}

export const appraisalSchema = z
  .object({
    actor: personId,
    nomination: z
      .string()
      .regex(/^[A-Z][A-Z0-9_-]{1,15}:(flag|certificate):[A-Z][A-Z0-9_-]{1,15}$/, 'a nomination is CLUSTER:award:UNIT, e.g. DB-VT:flag:TGI'),
    verdict: z.enum(['accept', 'return']),
    reason: z.string().max(5000).superRefine(storableText('multi')).optional(),
  })
  .strict()
  .refine((a) => a.verdict === 'accept' || (a.reason?.trim().length ?? 0) >= 10, {
    message: 'returning a nomination needs a reason of at least 10 characters',
    path: ['reason'],
  });
export type Appraisal = z.infer<typeof appraisalSchema>;

export const decisionActionSchema = z
  .object({
    actor: personId,
    action: z.enum(['approve', 'return', 'revoke']),
    reason: z.string().max(5000).superRefine(storableText('multi')).optional(),
    /** Revoking part of a decision: these nominations only. */
    nominations: z.array(z.string().max(60)).max(100).optional(),
  })
  .strict()
  .refine((d) => d.action === 'approve' || (d.reason?.trim().length ?? 0) >= 10, {
    message: 'returning or revoking needs a reason of at least 10 characters',
    path: ['reason'],
  });
export type DecisionAction = z.infer<typeof decisionActionSchema>;

export const councilCalendarSchema = z
  .object({
    /** Clusters' submissions are due by then (10 December by default [S]). */
    submitBy: z.iso.datetime({ offset: true }),
    remindBefore: z.array(z.string().refine((d) => parseIsoDuration(d) !== undefined, 'an ISO 8601 duration')).max(5),
    /** When the council meets; the session lasts `sessionLength` for votes (written votes included). */
    sessionAt: z.iso.datetime({ offset: true }),
    sessionLength: z.string().refine((d) => (parseIsoDuration(d) ?? 0) > 0, 'an ISO 8601 duration longer than 0'),
    /** After approval, how long complaints may lead to a revocation. */
    complaintWindow: z.string().refine((d) => (parseIsoDuration(d) ?? 0) > 0, 'an ISO 8601 duration longer than 0'),
  })
  .strict()
  .refine((c) => Date.parse(c.sessionAt) > Date.parse(c.submitBy), {
    message: 'the session must come after the submission deadline',
    path: ['sessionAt'],
  });
export type CouncilCalendar = z.infer<typeof councilCalendarSchema>;

export const amendmentSchema = z
  .object({
    actor: personId,
    note: z
      .string()
      .max(5000)
      .superRefine(storableText('multi'))
      .refine((t) => t.trim().length >= 10, 'explain the amendment in at least 10 characters'),
    withdraw: z.array(unitCode).max(20).default([]),
  })
  .strict();
export type Amendment = z.infer<typeof amendmentSchema>;

export const attendanceSchema = z.object({ actor: personId, present: z.array(personId).max(200) }).strict();
export type Attendance = z.infer<typeof attendanceSchema>;

export const rescheduleSchema = z
  .object({
    actor: personId,
    at: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2018-12-20T08:00:00+07:00' }),
  })
  .strict();
export type Reschedule = z.infer<typeof rescheduleSchema>;

/** What the councilSession workflow of a province-year starts with. */
export interface CouncilInput {
  province: string;
  year: number;
  calendar: CouncilCalendar;
  rules?: CouncilRules;
}

/** A cluster's submission (tờ trình): its nominations and the stored document. */
export interface ClusterSubmission {
  cycleId: string;
  cluster: string;
  version: number;
  nominations: { award: Nomination['award']; unit: string }[];
  documentId: string;
  at: number;
}

/** The most sessions a council holds in a year: with 15 members, about 150 history events each. */
export const MAX_COUNCIL_SESSIONS = 8;

export const COUNCIL_PHASES = [
  'collecting',
  'appraisal',
  'session',
  'rescheduling',
  'voting',
  'counting',
  'decision',
  'approved',
  'closed',
] as const;
export type CouncilPhase = (typeof COUNCIL_PHASES)[number];

export type Verdict =
  | { status: 'pending' }
  | { status: 'accepted'; by: string }
  | { status: 'returned'; by: string; reason: string }
  | { status: 'vetoed'; source: string; reference: string }
  | { status: 'withdrawn' };

export interface CouncilStatus {
  councilId: string;
  province: string;
  year: number;
  phase: CouncilPhase;
  calendar: CouncilCalendar;
  expected: string[];
  submissions: ClusterSubmission[];
  missing: string[];
  appraisal: Record<string, Verdict>;
  sessions: { number: number; at: string; quorum?: QuorumCheck; present?: string[] }[];
  members: string[];
  chair: string;
  /** The council's quorum and thresholds (in the query's answer; absent from the workflow's own state). */
  rules?: CouncilRules;
  voted: { member: string; written: boolean }[];
  /** The open session's secret ballot: what is on it, and the key its ballots are sealed with. */
  ballot?: { session: number; ballotId: string; publicKey: string; nominations: string[] };
  counts?: CouncilCount[];
  decision?: {
    status: 'approved' | 'returned' | 'revoked' | 'partly-revoked';
    number?: string;
    date?: string;
    reason?: string;
    revoked?: string[];
    complaintsUntil?: string;
    revocations?: Revocation[];
  };
}
export type CouncilDecision = NonNullable<CouncilStatus['decision']>;

/** A revocation decision (quyết định thu hồi): its number, what it revoked, who and why. */
export interface Revocation {
  number: string;
  nominations: string[];
  by: string;
  reason: string;
  at: string;
}

/** What a cluster's cycle is told once the chair has decided. */
export interface CouncilOutcome {
  decisionNumber: string;
  date: string;
  awarded: { award: Nomination['award']; unit: string; amount: number }[];
  notAwarded: { award: Nomination['award']; unit: string; reason: string }[];
  /** Until when the chair may revoke (the cycle waits for it; absent from councils before revocations were told to cycles). */
  complaintsUntil?: string;
}

/** What a cluster's cycle is told when some of its awards are revoked. */
export interface CouncilRevocation {
  revocationNumber: string;
  decisionNumber: string;
  revoked: { award: Nomination['award']; unit: string }[];
  reason: string;
  by: string;
  at: string;
}
