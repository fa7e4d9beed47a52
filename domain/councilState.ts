import {
  amendmentSchema,
  appraisalSchema,
  type CouncilBallot,
  type CouncilCast,
  type CouncilOutcome,
  attendanceSchema,
  checkCouncilVotes,
  checkQuorum,
  councilCastSchema,
  decisionActionSchema,
  nominationId,
  rescheduleSchema,
} from './council.ts';
import type {
  Appraisal,
  AwardKind,
  ClusterSubmission,
  CouncilCalendar,
  CouncilDecision,
  CouncilPhase,
  CouncilRevocation,
  CouncilRules,
  CouncilStatus,
  DecisionAction,
  Nomination,
  QuorumCheck,
  Revocation,
  Verdict,
} from './council.ts';
import { MAX_COUNCIL_SESSIONS } from './council.ts';
import { PHASES, type Phase } from './cycle.ts';
import { issueList, type Refusal, Rejection, stillSettingUp } from './rejections.ts';
import { vetoSchema, type Veto } from './scoringActions.ts';

// The provincial council's workflow state and the rules its Update validators ask (kept apart from
// council.ts, which calendar.ts imports, because the veto's rules come from scoringActions.ts,
// which imports the cycle's calendar): each `check…(state, input[, now])` says why an action is
// refused, or undefined when it is taken; each `apply…` is the change a taken action makes. The
// councilSession workflow keeps a `CouncilState`, drives the clock and calls the activities.

/**
 * What the councilSession workflow keeps: the status its query shows, the secretariat (known once
 * the setup is loaded, with the members and the chair) and the chair's action being carried out.
 */
export interface CouncilState {
  status: CouncilStatus;
  secretariat: string[];
  /** The open session's votes by member (sealed ballots, written votes; open ballots in councils from before sealing). */
  ballots: Record<string, CouncilBallot | CouncilCast>;
  /** A decision Update's action, from its acceptance until the workflow has carried it out. */
  pendingAction?: DecisionAction;
}

export function newCouncilState(input: { councilId: string; province: string; year: number; calendar: CouncilCalendar }): CouncilState {
  const { councilId, province, year, calendar } = input;
  return {
    status: {
      councilId,
      province,
      year,
      phase: 'collecting',
      calendar,
      expected: [],
      submissions: [],
      missing: [],
      appraisal: {},
      sessions: [],
      members: [],
      chair: '',
      voted: [],
    },
    secretariat: [],
    ballots: {},
  };
}

/** The council's members, chair and secretariat and the clusters expected, once loaded. */
export function applyCouncilSetup(
  state: CouncilState,
  setup: { expected: string[]; members: string[]; chair: string; secretariat: string[] },
): void {
  Object.assign(state.status, { expected: setup.expected, members: setup.members, chair: setup.chair });
  state.secretariat.push(...setup.secretariat);
  state.status.missing = missingClusters(state.status);
}

function missingClusters(status: CouncilStatus): string[] {
  return status.expected.filter((c) => !status.submissions.some((s) => s.cluster === c));
}

/** The nomination ids of a cluster's submission. */
export function nominationsOf(submission: ClusterSubmission): string[] {
  return submission.nominations.map((n) => nominationId({ cluster: submission.cluster, ...n }));
}

/** A nomination id split into its parts. */
export function parseNominationId(id: string): Nomination {
  const [cluster, award, unit] = id.split(':') as [string, AwardKind, string];
  return { cluster, award, unit };
}

/**
 * A cluster's submission arrives: a repeated one (a retried activity) or an older version changes
 * nothing; a new version's nominations wait for the appraisal again unless appraised already (a
 * returned one is appraised afresh), and those it no longer carries are kept as withdrawn.
 */
export function applySubmission(state: CouncilState, submission: ClusterSubmission): void {
  const { status } = state;
  const earlier = status.submissions.find((s) => s.cluster === submission.cluster);
  if (earlier && earlier.version >= submission.version) return;
  status.submissions = [...status.submissions.filter((s) => s.cluster !== submission.cluster), submission];
  const now = nominationsOf(submission);
  for (const nomination of now) {
    const verdict = status.appraisal[nomination];
    if (!verdict || verdict.status === 'returned') status.appraisal[nomination] = { status: 'pending' };
  }
  for (const nomination of earlier ? nominationsOf(earlier) : [])
    if (!now.includes(nomination)) status.appraisal[nomination] = { status: 'withdrawn' };
  status.missing = missingClusters(status);
}

/** Whether `actor` is of the secretariat; before the setup is loaded nobody's role is known. */
export function checkSecretariat(state: CouncilState, actor: string): Refusal | undefined {
  if (!state.status.chair) return stillSettingUp(`the council ${state.status.councilId}`);
  return state.secretariat.includes(actor)
    ? undefined
    : { code: Rejection.NotAuthorised, message: `only the secretariat (${state.secretariat.join(', ')}) may do this; ${actor} may not` };
}

const APPRAISAL_PHASES: readonly CouncilPhase[] = ['collecting', 'appraisal', 'rescheduling'];
const VOTED_PHASES: readonly CouncilPhase[] = ['counting', 'decision', 'approved', 'closed'];

/** The secretariat appraises a submitted nomination before the council votes. */
export function checkAppraisal(state: CouncilState, input: unknown): Refusal | undefined {
  const { status } = state;
  const parsed = appraisalSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'appraisal') };
  const a = parsed.data;
  const notSecretariat = checkSecretariat(state, a.actor);
  if (notSecretariat) return notSecretariat;
  if (!APPRAISAL_PHASES.includes(status.phase))
    return { code: Rejection.RoundClosed, message: `nominations are appraised before the council votes (phase now: ${status.phase})` };
  const verdict = status.appraisal[a.nomination];
  if (!verdict)
    return {
      code: Rejection.InvalidInput,
      message: `no submitted nomination ${a.nomination}; nominations: ${Object.keys(status.appraisal).join(', ') || 'none yet'}`,
    };
  if (verdict.status === 'vetoed' || verdict.status === 'withdrawn')
    return { code: Rejection.RoundClosed, message: `${a.nomination} is ${verdict.status}` };
  return undefined;
}

/** Records an appraisal (checked) as the nomination's verdict. */
export function applyAppraisal(state: CouncilState, appraisal: Appraisal): Verdict {
  const verdict: Verdict =
    appraisal.verdict === 'accept'
      ? { status: 'accepted', by: appraisal.actor }
      : { status: 'returned', by: appraisal.actor, reason: appraisal.reason!.trim() };
  state.status.appraisal[appraisal.nomination] = verdict;
  return verdict;
}

/** The submission a nomination came in. */
export function submissionOf(state: CouncilState, nomination: string): ClusterSubmission | undefined {
  return state.status.submissions.find((s) => nominationsOf(s).includes(nomination));
}

/** The secretariat records a late veto input, until the council has voted. */
export function checkCouncilVeto(state: CouncilState, input: unknown): Refusal | undefined {
  const { status } = state;
  const parsed = vetoSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'veto') };
  const notSecretariat = checkSecretariat(state, parsed.data.actor);
  if (notSecretariat) return notSecretariat;
  if (VOTED_PHASES.includes(status.phase))
    return {
      code: Rejection.RoundClosed,
      message: `the council has voted (phase ${status.phase}); a violation found now is a matter for revocation`,
    };
  if (!Object.keys(status.appraisal).some((n) => n.endsWith(`:${parsed.data.unit}`)))
    return { code: Rejection.NotAMember, message: `${parsed.data.unit} has no nomination before the council` };
  return undefined;
}

/** A veto bars every nomination of the unit not withdrawn; returns those it bars. */
export function applyCouncilVeto(state: CouncilState, veto: Pick<Veto, 'unit' | 'source' | 'reference'>): string[] {
  const { appraisal } = state.status;
  const affected = Object.keys(appraisal).filter((n) => n.endsWith(`:${veto.unit}`) && appraisal[n]!.status !== 'withdrawn');
  for (const n of affected) appraisal[n] = { status: 'vetoed', source: veto.source, reference: veto.reference };
  return affected;
}

/** The secretariat records who is present, once, when a session opens. */
export function checkAttendance(state: CouncilState, input: unknown): Refusal | undefined {
  const { status } = state;
  const parsed = attendanceSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'attendance') };
  const { actor, present } = parsed.data;
  const notSecretariat = checkSecretariat(state, actor);
  if (notSecretariat) return notSecretariat;
  if (status.phase !== 'session' || status.sessions.at(-1)?.present)
    return { code: Rejection.RoundNotOpen, message: `attendance is taken once, when a session opens (phase now: ${status.phase})` };
  const strangers = present.filter((p) => !status.members.includes(p));
  if (strangers.length)
    return { code: Rejection.NotAMember, message: `not members of the council in ${status.year}: ${strangers.join(', ')}` };
  return undefined;
}

/** Records the open session's attendance and whether it may vote. */
export function applyAttendance(
  state: CouncilState,
  present: string[],
  rules: CouncilRules,
): { number: number; present: string[]; quorum: QuorumCheck } {
  const session = state.status.sessions.at(-1)!;
  session.present = [...new Set(present)];
  session.quorum = checkQuorum(rules, state.status.members.length, session.present.length);
  return { number: session.number, present: session.present, quorum: session.quorum };
}

/** A session opens at `at` (its number the next), with no votes yet. */
export function openSession(state: CouncilState, at: number): void {
  state.status.sessions.push({ number: state.status.sessions.length + 1, at: new Date(at).toISOString() });
  state.ballots = {};
  state.status.voted = [];
}

/** A member's vote (checked) is taken in the open session. */
export function takeVote(state: CouncilState, cast: CouncilBallot | CouncilCast): void {
  state.ballots[cast.actor] = cast;
  state.status.voted.push({ member: cast.actor, written: cast.written });
}

/** The written votes of absent members in the open session, for the count. */
export function writtenVotes(state: CouncilState): { votes: CouncilBallot['votes']; written: true }[] {
  return Object.values(state.ballots)
    .filter((b): b is CouncilBallot & { written: true } => b.written)
    .map((b) => ({ votes: b.votes, written: true }));
}

/** The secretariat sets a new session after one failed or the chair returned the proposal. */
export function checkReschedule(state: CouncilState, input: unknown, now: number): Refusal | undefined {
  const { status } = state;
  const parsed = rescheduleSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'reschedule') };
  const { actor, at } = parsed.data;
  const notSecretariat = checkSecretariat(state, actor);
  if (notSecretariat) return notSecretariat;
  if (status.phase !== 'rescheduling')
    return {
      code: Rejection.RoundNotOpen,
      message: `a session is rescheduled only after one failed or the chair returned the proposal (phase now: ${status.phase})`,
    };
  // Each session adds its members' votes to the history; a bound on sessions keeps it bounded.
  if (status.sessions.length >= MAX_COUNCIL_SESSIONS)
    return {
      code: Rejection.RoundClosed,
      message: `the council has held ${status.sessions.length} sessions this year, the most one council holds; the province convenes a new council for what is left`,
    };
  if (!(Date.parse(at) > now))
    return { code: Rejection.InvalidInput, message: `the new session time must be an ISO 8601 date-time in the future, not ${at}` };
  return undefined;
}

/** The nominations the council votes on: accepted by the appraisal and not vetoed. */
export function votable(state: CouncilState): string[] {
  return Object.entries(state.status.appraisal)
    .filter(([, v]) => v.status === 'accepted')
    .map(([n]) => n);
}

/** A member's vote: present members at the session, absent ones in writing, once per session, while the vote is open. */
export function checkCouncilVote(state: CouncilState, input: unknown): Refusal | undefined {
  const { status } = state;
  const parsed = councilCastSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'vote') };
  const b = parsed.data;
  if (!status.members.includes(b.actor))
    return { code: Rejection.NotAMember, message: `${b.actor} is not a member of the council in ${status.year}` };
  if (status.phase !== 'voting')
    return {
      code: VOTED_PHASES.includes(status.phase) ? Rejection.RoundClosed : Rejection.RoundNotOpen,
      message: `the council's vote is not open (phase ${status.phase})`,
    };
  if (status.voted.some((v) => v.member === b.actor))
    return { code: Rejection.Duplicate, message: `${b.actor} has already voted in this session` };
  const present = status.sessions.at(-1)?.present ?? [];
  if (b.written && present.includes(b.actor))
    return { code: Rejection.InvalidInput, message: `${b.actor} is present: written votes are for absent members` };
  if (!b.written && !present.includes(b.actor))
    return { code: Rejection.InvalidInput, message: `${b.actor} is not present at the session: vote in writing (--written)` };
  const problem = b.written ? checkCouncilVotes(votable(state), b.votes) : undefined;
  return problem ? { code: Rejection.InvalidInput, message: problem } : undefined;
}

/** The chair's decision: approve or return the proposal awaiting it, or revoke what an approved decision awarded. */
export function checkDecision(state: CouncilState, input: unknown): Refusal | undefined {
  const { status } = state;
  const parsed = decisionActionSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'decision') };
  const d = parsed.data;
  if (d.actor !== status.chair)
    return { code: Rejection.NotAuthorised, message: `only the council chair (${status.chair}) decides; ${d.actor} may not` };
  if (state.pendingAction) return { code: Rejection.Duplicate, message: 'another decision is being recorded; try again' };
  if (d.action !== 'revoke') {
    if (status.phase === 'decision') return undefined;
    return {
      code: status.phase === 'approved' || status.phase === 'closed' ? Rejection.Duplicate : Rejection.RoundNotOpen,
      message: `there is no proposal awaiting the chair's decision (phase ${status.phase})`,
    };
  }
  const again = revokedAlready(status.decision, d.nominations);
  if (again) return again;
  if (status.phase !== 'approved')
    return { code: Rejection.RoundNotOpen, message: `only an approved decision can be revoked (phase ${status.phase})` };
  const awarded = (status.counts ?? []).filter((c) => c.approved).map((c) => c.nomination);
  const unknown = (d.nominations ?? []).filter((n) => !awarded.includes(n));
  if (unknown.length) return { code: Rejection.InvalidInput, message: `not awarded by the decision: ${unknown.join(', ')}` };
  return undefined;
}

/** A revocation of what is revoked already: the whole decision, or some of the awards named. */
function revokedAlready(decision: CouncilStatus['decision'], nominations: string[] | undefined): Refusal | undefined {
  if (decision?.status === 'revoked')
    return { code: Rejection.Duplicate, message: `the decision ${decision.number} is already revoked in full` };
  const again = (nominations ?? []).filter((n) => (decision?.revoked ?? []).includes(n));
  if (!again.length) return undefined;
  const by = (n: string) => decision?.revocations?.find((r) => r.nominations.includes(n));
  return {
    code: Rejection.Duplicate,
    message: `already revoked: ${again.map((n) => `${n}${by(n) ? ` (by ${by(n)!.number})` : ''}`).join(', ')}`,
  };
}

/** The chair's approval, recorded with its number and date; revocations may come until `complaintsUntil`. */
export function applyApproval(state: CouncilState, approved: { number: string; date: string }, complaintsUntil: number): void {
  state.status.decision = {
    status: 'approved',
    number: approved.number,
    date: approved.date,
    complaintsUntil: new Date(complaintsUntil).toISOString(),
    revoked: [],
  };
}

/**
 * What each cluster's cycle is told of the approved decision: its outcome, with the complaint
 * window when cycles are told of revocations too (councils before that told the outcome alone).
 */
export function outcomeNotices(
  state: CouncilState,
  outcomes: Record<string, CouncilOutcome>,
  withComplaintWindow: boolean,
): { cycleId: string; told: CouncilOutcome }[] {
  return state.status.submissions.flatMap((submission) => {
    const outcome = outcomes[submission.cluster];
    if (!outcome) return [];
    return [
      {
        cycleId: submission.cycleId,
        told: withComplaintWindow ? { ...outcome, complaintsUntil: state.status.decision!.complaintsUntil! } : outcome,
      },
    ];
  });
}

/**
 * What a revocation revokes: the nominations named, or (the whole decision) every award still
 * standing; what is revoked with it, and whether that is every award of the decision.
 */
export function revocationTargets(
  state: CouncilState,
  nominations: string[] | undefined,
): { targets: string[]; revoked: string[]; whole: boolean } {
  const counts = state.status.counts ?? [];
  const before = state.status.decision?.revoked ?? [];
  const targets = nominations?.length
    ? nominations
    : counts.filter((c) => c.approved && !before.includes(c.nomination)).map((c) => c.nomination);
  const revoked = [...new Set([...before, ...targets])];
  const whole = counts.filter((c) => c.approved).every((c) => revoked.includes(c.nomination));
  return { targets, revoked, whole };
}

/** What each cycle whose awards a revocation takes back is told. */
export function revocationNotices(
  state: CouncilState,
  revocation: Revocation,
  decisionNumber: string,
): { cycleId: string; told: CouncilRevocation }[] {
  return state.status.submissions.flatMap((submission) => {
    const revoked = revocation.nominations
      .filter((n) => n.startsWith(`${submission.cluster}:`))
      .map((n) => {
        const { award, unit } = parseNominationId(n);
        return { award, unit };
      });
    if (!revoked.length) return [];
    return [
      {
        cycleId: submission.cycleId,
        told: {
          revocationNumber: revocation.number,
          decisionNumber,
          revoked,
          reason: revocation.reason,
          by: revocation.by,
          at: revocation.at,
        },
      },
    ];
  });
}

/**
 * Records a revocation (checked, and recorded with its number at `at`): the decision is revoked in
 * full when nothing it awarded still stands. Councils from before revocations were told to cycles
 * did not `keep` the revocation in the decision.
 */
export function applyRevocation(
  state: CouncilState,
  revoke: DecisionAction,
  recorded: { number: string; at: number; keep: boolean },
): { revocation: Revocation; whole: boolean } {
  const { targets, revoked, whole } = revocationTargets(state, revoke.nominations);
  const reason = revoke.reason!.trim();
  const decision: CouncilDecision = { ...state.status.decision!, status: whole ? 'revoked' : 'partly-revoked', revoked, reason };
  const revocation: Revocation = {
    number: recorded.number,
    nominations: targets,
    by: revoke.actor,
    reason,
    at: new Date(recorded.at).toISOString(),
  };
  if (recorded.keep) decision.revocations = [...(decision.revocations ?? []), revocation];
  state.status.decision = decision;
  return { revocation, whole };
}

/** The cycle's side: its chair's representative amends the submission the council returned, one amendment at a time. */
export function checkAmendment(
  cycle: { chairRepresentative: string; phase: Phase; amending: boolean },
  input: unknown,
): Refusal | undefined {
  const parsed = amendmentSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'amendment') };
  if (parsed.data.actor !== cycle.chairRepresentative)
    return {
      code: Rejection.NotAuthorised,
      message: `only the cluster chair's representative (${cycle.chairRepresentative}) amends the submission; ${parsed.data.actor} may not`,
    };
  if (cycle.phase !== PHASES.revision || cycle.amending)
    return {
      code: Rejection.RoundNotOpen,
      message: `the submission can be amended only after the council returned it (phase now: ${cycle.phase})`,
    };
  return undefined;
}
