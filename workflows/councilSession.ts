import { ApplicationFailure, allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate, getExternalWorkflowHandle, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  appraisalSchema,
  checkCouncilVotes,
  councilCastSchema,
  type CouncilCast,
  attendanceSchema,
  rescheduleSchema,
  type Attendance,
  type Reschedule,
  checkQuorum,
  councilId,
  councilVoteSchema,
  decisionActionSchema,
  DEFAULT_COUNCIL_RULES,
  nominationId,
  tallyCouncil,
  type Appraisal,
  type CouncilBallot,
  type CouncilCalendar,
  type CouncilCount,
  type CouncilRules,
  type DecisionAction,
  type Nomination,
  type QuorumCheck,
} from '../domain/council.js';
import { parseIsoDuration } from '../domain/duration.js';
import { issueList, type Refusal, Rejection } from '../domain/rejections.js';
import { vetoSchema, type Veto } from '../domain/scoringActions.js';
import { RECORDING } from './activityOptions.js';
import { waitUntil } from './clock.js';
import { PHASE, YEAR } from './searchAttributes.js';

// The provincial council of a province-year (DOMAIN.md steps 6-9), with the id
// `council/<PROVINCE>/<YEAR>`. The first cluster to submit creates it (signal-with-start), the
// others join it; a repeated submission is ignored. It reminds the clusters still missing before
// the deadline, takes the secretariat's appraisal (accept, or return to the cluster for
// revision) and late veto inputs, holds the council's ballot once a session has quorum (absent
// members may vote in writing), takes the chair's decision (approve with a number, or return for
// a new session), tells every cluster's cycle, and takes revocations until the complaint window
// closes.

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

export const COUNCIL_PHASES = ['collecting', 'appraisal', 'session', 'rescheduling', 'voting', 'counting', 'decision', 'approved', 'closed'] as const;
export type CouncilPhase = (typeof COUNCIL_PHASES)[number];

export type Verdict = { status: 'pending' } | { status: 'accepted'; by: string } | { status: 'returned'; by: string; reason: string } | { status: 'vetoed'; source: string; reference: string } | { status: 'withdrawn' };

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
  voted: { member: string; written: boolean }[];
  /** The open session's secret ballot: what is on it, and the key its ballots are sealed with. */
  ballot?: { session: number; ballotId: string; publicKey: string; nominations: string[] };
  counts?: CouncilCount[];
  decision?: { status: 'approved' | 'returned' | 'revoked' | 'partly-revoked'; number?: string; date?: string; reason?: string; revoked?: string[]; complaintsUntil?: string; revocations?: Revocation[] };
}

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

export const submitSignal = defineSignal<[ClusterSubmission]>('submitToCouncil');
export const appraiseUpdate = defineUpdate<Verdict, [Appraisal]>('appraise');
export const councilVetoUpdate = defineUpdate<{ unit: string; affected: string[] }, [Veto]>('councilVeto');
export const attendanceUpdate = defineUpdate<QuorumCheck, [Attendance]>('attendance');
export const rescheduleUpdate = defineUpdate<{ number: number; at: string }, [Reschedule]>('reschedule');
export const councilVoteUpdate = defineUpdate<{ member: string; written: boolean }, [CouncilCast]>('councilVote');
export const decisionUpdate = defineUpdate<NonNullable<CouncilStatus['decision']>, [DecisionAction]>('decide');
export const councilStatusQuery = defineQuery<CouncilStatus>('councilStatus');

/** Signals to a cluster's cycle. */
export const councilReturnedSignal = defineSignal<[{ nominations: string[]; reason: string; by: string }]>('councilReturned');
export const councilOutcomeSignal = defineSignal<[CouncilOutcome]>('councilOutcome');
export const councilRevokedSignal = defineSignal<[CouncilRevocation]>('councilRevoked');

const acts = proxyActivities<Activities>(RECORDING);

function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
}

export async function councilSession(input: CouncilInput): Promise<CouncilStatus> {
  const id = workflowInfo().workflowId;
  if (id !== councilId(input.province, input.year)) throw ApplicationFailure.nonRetryable(`the council of ${input.province} ${input.year} must run as ${councilId(input.province, input.year)}, not ${id}`, Rejection.InvalidInput);
  const rules = input.rules ?? DEFAULT_COUNCIL_RULES;
  const { calendar } = input;
  const status: CouncilStatus = { councilId: id, province: input.province, year: input.year, phase: 'collecting', calendar, expected: [], submissions: [], missing: [], appraisal: {}, sessions: [], members: [], chair: '', voted: [] };
  const secretariat: string[] = [];
  const ballots = new Map<string, CouncilBallot | CouncilCast>();
  // Whether this session's members present vote by sealed ballot (set when its vote opens).
  let sealedSession = false;
  // Votes whose recording is under way: the count waits for them (a decision Update may be waiting too, so not for every handler).
  let recording = 0;
  let sessionAt = Date.parse(calendar.sessionAt);
  let pendingAction: DecisionAction | undefined;

  setHandler(councilStatusQuery, () => status);
  const enter = async (phase: CouncilPhase) => {
    status.phase = phase;
    upsertSearchAttributes([{ key: PHASE, value: `council-${phase}` }]);
    await acts.recordCouncilPhase({ councilId: id, phase, at: Date.now() });
  };
  const nominationsOf = (s: ClusterSubmission) => s.nominations.map((n) => nominationId({ cluster: s.cluster, ...n }));
  // Until the council's setup is loaded (just after the first submission starts it), nobody's role is known yet.
  const starting: Refusal = { code: Rejection.RoundNotOpen, message: `the council ${id} is still being set up; try again in a moment` };
  const isSecretariat = (actor: string): Refusal | undefined => {
    if (!status.chair) return starting;
    return secretariat.includes(actor) ? undefined : { code: Rejection.NotAuthorised, message: `only the secretariat (${secretariat.join(', ')}) may do this; ${actor} may not` };
  };

  setHandler(submitSignal, (submission) => {
    const earlier = status.submissions.find((s) => s.cluster === submission.cluster);
    // A repeated signal (a retried activity) or an older version changes nothing.
    if (earlier && earlier.version >= submission.version) return;
    status.submissions = [...status.submissions.filter((s) => s.cluster !== submission.cluster), submission];
    for (const nomination of nominationsOf(submission)) {
      const verdict = status.appraisal[nomination];
      if (!verdict || verdict.status === 'returned') status.appraisal[nomination] = { status: 'pending' };
    }
    // Withdrawn in the new version: kept in the record as withdrawn.
    for (const nomination of earlier ? nominationsOf(earlier) : []) if (!nominationsOf(submission).includes(nomination)) status.appraisal[nomination] = { status: 'withdrawn' };
    status.missing = status.expected.filter((c) => !status.submissions.some((s) => s.cluster === c));
  });

  setHandler(
    appraiseUpdate,
    async (appraisal) => {
      const verdict: Verdict = appraisal.verdict === 'accept' ? { status: 'accepted', by: appraisal.actor } : { status: 'returned', by: appraisal.actor, reason: appraisal.reason!.trim() };
      status.appraisal[appraisal.nomination] = verdict;
      await acts.recordAppraisal({ councilId: id, nomination: appraisal.nomination, verdict, at: Date.now() });
      if (verdict.status === 'returned') {
        const submission = status.submissions.find((s) => nominationsOf(s).includes(appraisal.nomination))!;
        await getExternalWorkflowHandle(submission.cycleId).signal(councilReturnedSignal, { nominations: [appraisal.nomination], reason: verdict.reason, by: appraisal.actor });
      }
      return verdict;
    },
    {
      validator: (raw) => {
        const parsed = appraisalSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'appraisal') });
        const a = parsed.data!;
        refuse(isSecretariat(a.actor));
        if (!['collecting', 'appraisal', 'rescheduling'].includes(status.phase)) refuse({ code: Rejection.RoundClosed, message: `nominations are appraised before the council votes (phase now: ${status.phase})` });
        const verdict = status.appraisal[a.nomination];
        if (!verdict) refuse({ code: Rejection.InvalidInput, message: `no submitted nomination ${a.nomination}; nominations: ${Object.keys(status.appraisal).join(', ') || 'none yet'}` });
        if (verdict!.status === 'vetoed' || verdict!.status === 'withdrawn') refuse({ code: Rejection.RoundClosed, message: `${a.nomination} is ${verdict!.status}` });
      },
    },
  );

  setHandler(
    councilVetoUpdate,
    async (veto) => {
      const affected = Object.keys(status.appraisal).filter((n) => n.endsWith(`:${veto.unit}`) && status.appraisal[n]!.status !== 'withdrawn');
      for (const n of affected) status.appraisal[n] = { status: 'vetoed', source: veto.source, reference: veto.reference };
      await acts.recordCouncilVeto({ councilId: id, ...vetoSchema.parse(veto), affected, at: Date.now() });
      return { unit: veto.unit, affected };
    },
    {
      validator: (raw) => {
        const parsed = vetoSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'veto') });
        refuse(isSecretariat(parsed.data!.actor));
        if (['counting', 'decision', 'approved', 'closed'].includes(status.phase)) refuse({ code: Rejection.RoundClosed, message: `the council has voted (phase ${status.phase}); a violation found now is a matter for revocation` });
        if (!Object.keys(status.appraisal).some((n) => n.endsWith(`:${parsed.data!.unit}`))) refuse({ code: Rejection.NotAMember, message: `${parsed.data!.unit} has no nomination before the council` });
      },
    },
  );

  setHandler(
    attendanceUpdate,
    async ({ actor, present }) => {
      const session = status.sessions.at(-1)!;
      session.present = [...new Set(present)];
      session.quorum = checkQuorum(rules, status.members.length, session.present.length);
      await acts.recordAttendance({ councilId: id, session: session.number, present: session.present, quorum: session.quorum, by: actor, at: Date.now() });
      return session.quorum;
    },
    {
      validator: (raw) => {
        const parsed = attendanceSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'attendance') });
        const { actor, present } = parsed.data!;
        refuse(isSecretariat(actor));
        if (status.phase !== 'session' || status.sessions.at(-1)?.present) refuse({ code: Rejection.RoundNotOpen, message: `attendance is taken once, when a session opens (phase now: ${status.phase})` });
        const strangers = present.filter((p) => !status.members.includes(p));
        if (strangers.length) refuse({ code: Rejection.NotAMember, message: `not members of the council in ${input.year}: ${strangers.join(', ')}` });
      },
    },
  );

  setHandler(
    rescheduleUpdate,
    async ({ actor, at }) => {
      sessionAt = Date.parse(at);
      await acts.recordCouncilPhase({ councilId: id, phase: 'rescheduled', at: Date.now(), details: { sessionAt: at, by: actor } });
      return { number: status.sessions.length + 1, at };
    },
    {
      validator: (raw) => {
        const parsed = rescheduleSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'reschedule') });
        const { actor, at } = parsed.data!;
        refuse(isSecretariat(actor));
        if (status.phase !== 'rescheduling') refuse({ code: Rejection.RoundNotOpen, message: `a session is rescheduled only after one failed or the chair returned the proposal (phase now: ${status.phase})` });
        // Each session adds its members' votes to the history; a bound on sessions keeps it bounded.
        if (status.sessions.length >= MAX_COUNCIL_SESSIONS) refuse({ code: Rejection.RoundClosed, message: `the council has held ${status.sessions.length} sessions this year, the most one council holds; the province convenes a new council for what is left` });
        if (!(Date.parse(at) > Date.now())) refuse({ code: Rejection.InvalidInput, message: `the new session time must be an ISO 8601 date-time in the future, not ${at}` });
      },
    },
  );

  setHandler(
    councilVoteUpdate,
    async (raw) => {
      // Sessions before sealed ballots took every vote open (and replay as they ran).
      const cast = sealedSession ? councilCastSchema.parse(raw) : { ...councilVoteSchema.parse(raw) };
      ballots.set(cast.actor, cast);
      status.voted.push({ member: cast.actor, written: cast.written });
      recording++;
      try {
        if (sealedSession) await acts.castCouncilBallot({ councilId: id, session: status.sessions.length, ballotId: status.ballot!.ballotId, cast: cast as CouncilCast, at: Date.now() });
        else await acts.recordCouncilVote({ councilId: id, session: status.sessions.length, member: cast.actor, written: cast.written, votes: (cast as CouncilBallot).votes, at: Date.now() });
      } finally {
        recording--;
      }
      return { member: cast.actor, written: cast.written };
    },
    {
      validator: (raw) => {
        const parsed = councilCastSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'vote') });
        const b = parsed.data!;
        if (!status.members.includes(b.actor)) refuse({ code: Rejection.NotAMember, message: `${b.actor} is not a member of the council in ${input.year}` });
        if (status.phase !== 'voting') refuse({ code: ['counting', 'decision', 'approved', 'closed'].includes(status.phase) ? Rejection.RoundClosed : Rejection.RoundNotOpen, message: `the council's vote is not open (phase ${status.phase})` });
        if (ballots.has(b.actor)) refuse({ code: Rejection.Duplicate, message: `${b.actor} has already voted in this session` });
        const present = status.sessions.at(-1)!.present ?? [];
        if (b.written && present.includes(b.actor)) refuse({ code: Rejection.InvalidInput, message: `${b.actor} is present: written votes are for absent members` });
        if (!b.written && !present.includes(b.actor)) refuse({ code: Rejection.InvalidInput, message: `${b.actor} is not present at the session: vote in writing (--written)` });
        if (b.written) refuse(((problem) => (problem ? { code: Rejection.InvalidInput, message: problem } : undefined))(checkCouncilVotes(votable(), b.votes)));
      },
    },
  );

  setHandler(
    decisionUpdate,
    async (action) => {
      pendingAction = action;
      await condition(() => pendingAction === undefined);
      return status.decision!;
    },
    {
      validator: (raw) => {
        const parsed = decisionActionSchema.safeParse(raw);
        if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: issueList(parsed.error, 'decision') });
        const d = parsed.data!;
        if (d.actor !== status.chair) refuse({ code: Rejection.NotAuthorised, message: `only the council chair (${status.chair}) decides; ${d.actor} may not` });
        if (pendingAction) refuse({ code: Rejection.Duplicate, message: 'another decision is being recorded; try again' });
        if (d.action === 'revoke') {
          refuse(revokedAlready(d.nominations));
          if (status.phase !== 'approved') refuse({ code: Rejection.RoundNotOpen, message: `only an approved decision can be revoked (phase ${status.phase})` });
          const awarded = (status.counts ?? []).filter((c) => c.approved).map((c) => c.nomination);
          const unknown = (d.nominations ?? []).filter((n) => !awarded.includes(n));
          if (unknown.length) refuse({ code: Rejection.InvalidInput, message: `not awarded by the decision: ${unknown.join(', ')}` });
        } else if (status.phase !== 'decision') {
          refuse({ code: status.phase === 'approved' || status.phase === 'closed' ? Rejection.Duplicate : Rejection.RoundNotOpen, message: `there is no proposal awaiting the chair's decision (phase ${status.phase})` });
        }
      },
    },
  );

  /** A revocation of what is revoked already: the whole decision, or some of the awards named. */
  function revokedAlready(nominations: string[] | undefined): Refusal | undefined {
    const d = status.decision;
    if (d?.status === 'revoked') return { code: Rejection.Duplicate, message: `the decision ${d.number} is already revoked in full` };
    const again = (nominations ?? []).filter((n) => (d?.revoked ?? []).includes(n));
    if (!again.length) return undefined;
    const by = (n: string) => d?.revocations?.find((r) => r.nominations.includes(n));
    return { code: Rejection.Duplicate, message: `already revoked: ${again.map((n) => `${n}${by(n) ? ` (by ${by(n)!.number})` : ''}`).join(', ')}` };
  }

  /** Each cycle whose awards were revoked hears which; cycles that have ended are told by mail only. */
  async function tellCycles(revocation: Revocation, decisionNumber: string): Promise<void> {
    for (const submission of status.submissions) {
      const revoked = revocation.nominations.filter((n) => n.startsWith(`${submission.cluster}:`)).map((n) => {
        const [, award, unit] = n.split(':') as [string, Nomination['award'], string];
        return { award, unit };
      });
      if (!revoked.length) continue;
      const told: CouncilRevocation = { revocationNumber: revocation.number, decisionNumber, revoked, reason: revocation.reason, by: revocation.by, at: revocation.at };
      await getExternalWorkflowHandle(submission.cycleId).signal(councilRevokedSignal, told).catch(() => undefined);
    }
  }

  /** The nominations the council votes on: accepted by the appraisal and not vetoed. */
  function votable(): string[] {
    return Object.entries(status.appraisal)
      .filter(([, v]) => v.status === 'accepted')
      .map(([n]) => n);
  }

  const setup = await acts.loadCouncilSetup({ province: input.province, year: input.year });
  Object.assign(status, { expected: setup.expected.map((e) => e.cluster), members: setup.members, chair: setup.chair });
  secretariat.push(...setup.secretariat);
  status.missing = status.expected.filter((c) => !status.submissions.some((s) => s.cluster === c));
  upsertSearchAttributes([
    { key: YEAR, value: input.year },
    { key: PHASE, value: 'council-collecting' },
  ]);

  // Collecting: reminders to the chairs of clusters that have not submitted, then the deadline.
  const submitBy = Date.parse(calendar.submitBy);
  const everyone = () => status.missing.length === 0;
  const reminders = calendar.remindBefore.map((d) => submitBy - (parseIsoDuration(d) ?? 0)).sort((a, b) => a - b);
  for (const [i, at] of reminders.entries()) {
    if (await waitUntil(everyone, at)) break;
    if (Date.now() < submitBy) await acts.councilReminder({ councilId: id, clusters: status.missing, seq: i + 1, submitBy, at: Date.now() });
  }
  await waitUntil(everyone, submitBy);
  await enter('appraisal');
  await acts.recordCouncilPhase({ councilId: id, phase: 'submissions-closed', at: Date.now(), details: { missing: status.missing } });

  // Sessions until one has quorum and the chair approves its proposal.
  for (;;) {
    await waitUntil(() => false, sessionAt);
    const session = { number: status.sessions.length + 1, at: new Date(sessionAt).toISOString() };
    status.sessions.push(session);
    ballots.clear();
    status.voted = [];
    await enter('session');
    const sessionEnd = sessionAt + (parseIsoDuration(calendar.sessionLength) ?? 0);
    await waitUntil(() => status.sessions.at(-1)!.present !== undefined, sessionEnd);
    const current = status.sessions.at(-1)!;
    if (!current.quorum?.ok) {
      current.quorum ??= checkQuorum(rules, status.members.length, 0);
      await acts.recordSessionFailed({ councilId: id, session: current.number, quorum: current.quorum, at: Date.now() });
      await enter('rescheduling');
      const before = sessionAt;
      await condition(() => sessionAt !== before);
      await enter('appraisal');
      continue;
    }
    sealedSession = patched('sealed-council-ballots');
    if (sealedSession) {
      // The members present vote in secret: their clients seal the choices with this box's key.
      const ballotId = `${id}/session-${current.number}`;
      const { publicKey } = await acts.openBallotBox({ cycleId: null, ballotId, number: current.number, at: Date.now() });
      status.ballot = { session: current.number, ballotId, publicKey, nominations: votable() };
    }
    await enter('voting');
    await waitUntil(() => ballots.size === status.members.length, sessionEnd);
    // Counting closes the vote; votes being recorded are waited for, then counted.
    await enter('counting');
    await condition(() => recording === 0);
    const onBallot = votable().map((n) => {
      const [cluster, award, unit] = n.split(':') as [string, Nomination['award'], string];
      return { cluster, award, unit };
    });
    const written = [...ballots.values()].filter((b): b is CouncilBallot & { written: true } => b.written).map((b) => ({ votes: b.votes, written: true }));
    status.counts = sealedSession
      ? await acts.countCouncilBallots({ councilId: id, ballotId: status.ballot!.ballotId, onBallot, written, members: status.members.length, rules, at: Date.now() })
      : tallyCouncil(onBallot, [...ballots.values()] as CouncilBallot[], status.members.length, rules);
    await acts.recordCouncilResult({ councilId: id, session: current.number, counts: status.counts, at: Date.now() });
    await enter('decision');

    await condition(() => pendingAction !== undefined);
    const action = pendingAction!;
    if (action.action === 'return') {
      status.decision = { status: 'returned', reason: action.reason!.trim() };
      await acts.recordDecision({ councilId: id, action: 'return', actor: action.actor, reason: action.reason!.trim(), counts: status.counts, at: Date.now() });
      pendingAction = undefined;
      await enter('rescheduling');
      const before = sessionAt;
      await condition(() => sessionAt !== before);
      await enter('appraisal');
      continue;
    }
    const approved = await acts.recordDecision({ councilId: id, action: 'approve', actor: action.actor, counts: status.counts, at: Date.now() });
    const complaintsUntil = Date.now() + (parseIsoDuration(calendar.complaintWindow) ?? 0);
    status.decision = { status: 'approved', number: approved.number, date: approved.date, complaintsUntil: new Date(complaintsUntil).toISOString(), revoked: [] };
    pendingAction = undefined;
    await enter('approved');
    // Councils from here on tell the cycles of a revocation too, and how long the cycles are to wait for one.
    const tellsRevocations = patched('revocation-tells-cycles');
    // Every cluster hears its outcome; cycles that have ended are told by mail only.
    for (const submission of status.submissions) {
      const outcome = approved.outcomes[submission.cluster];
      const told = tellsRevocations ? { ...outcome!, complaintsUntil: status.decision.complaintsUntil! } : outcome;
      if (outcome) await getExternalWorkflowHandle(submission.cycleId).signal(councilOutcomeSignal, told!).catch(() => undefined);
    }

    // The complaint window: the chair may revoke the whole decision or some awards, with a reason.
    for (;;) {
      const acted = await waitUntil(() => pendingAction !== undefined, complaintsUntil);
      if (!acted) break;
      const revoke = pendingAction!;
      const before = status.decision.revoked ?? [];
      // Revoking the whole decision revokes what is still awarded.
      const targets = revoke.nominations?.length ? revoke.nominations : status.counts.filter((c) => c.approved && !before.includes(c.nomination)).map((c) => c.nomination);
      const revoked: string[] = [...new Set([...before, ...targets])];
      const whole: boolean = status.counts.filter((c) => c.approved).every((c) => revoked.includes(c.nomination));
      const reason = revoke.reason!.trim();
      const at = Date.now();
      const recorded = await acts.recordRevocation({ councilId: id, actor: revoke.actor, reason, nominations: targets, decisionNumber: approved.number, at });
      status.decision = { ...status.decision, status: whole ? 'revoked' : 'partly-revoked', revoked, reason };
      if (tellsRevocations) {
        const revocation: Revocation = { number: recorded.number, nominations: targets, by: revoke.actor, reason, at: new Date(at).toISOString() };
        status.decision.revocations = [...(status.decision.revocations ?? []), revocation];
        await tellCycles(revocation, approved.number);
      }
      pendingAction = undefined;
      if (whole) break;
    }
    await enter('closed');
    await condition(allHandlersFinished);
    return status;
  }
}
