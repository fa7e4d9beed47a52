import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  checkQuorum,
  councilCastSchema,
  councilId,
  councilVoteSchema,
  DEFAULT_COUNCIL_RULES,
  tallyCouncil,
  type CouncilInput,
} from '../domain/council.ts';
import {
  applyAppraisal,
  applyApproval,
  applyAttendance,
  applyCouncilSetup,
  applyCouncilVeto,
  applyRevocation,
  applySubmission,
  newCouncilState,
  openSession,
  outcomeNotices,
  parseNominationId,
  revocationNotices,
  revocationTargets,
  submissionOf,
  takeVote,
  votable,
  writtenVotes,
} from '../domain/councilState.ts';
import {
  checkAppraisal,
  checkAttendance,
  checkCouncilVeto,
  checkCouncilVote,
  checkDecision,
  checkReschedule,
} from '../domain/councilState.ts';
import type {
  Appraisal,
  Attendance,
  ClusterSubmission,
  CouncilBallot,
  CouncilCast,
  CouncilDecision,
  CouncilOutcome,
  CouncilPhase,
  CouncilRevocation,
  CouncilStatus,
  DecisionAction,
  QuorumCheck,
  Reschedule,
  Revocation,
  Verdict,
} from '../domain/council.ts';
import { parseIsoDuration } from '../domain/duration.ts';
import { Rejection } from '../domain/rejections.ts';
import { vetoSchema, type Veto } from '../domain/scoringActions.ts';
import { RECORDING } from './activityOptions.ts';
import { waitUntil } from './clock.ts';
import { refuse, refuseIf } from './refusal.ts';
import { PHASE, YEAR } from './searchAttributes.ts';

// The provincial council of a province-year (DOMAIN.md steps 6-9), with the id
// `council/<PROVINCE>/<YEAR>`. The first cluster to submit creates it (signal-with-start), the
// others join it; a repeated submission is ignored. It reminds the clusters still missing before
// the deadline, takes the secretariat's appraisal (accept, or return to the cluster for
// revision) and late veto inputs, holds the council's ballot once a session has quorum (absent
// members may vote in writing), takes the chair's decision (approve with a number, or return for
// a new session), tells every cluster's cycle, and takes revocations until the complaint window
// closes. Its state and rules are domain/council.ts's (`CouncilState`, the `check…` rules the
// validators ask); this file drives the clock, the activities and the signals.

export const submitSignal = defineSignal<[ClusterSubmission]>('submitToCouncil');
export const appraiseUpdate = defineUpdate<Verdict, [Appraisal]>('appraise');
export const councilVetoUpdate = defineUpdate<{ unit: string; affected: string[] }, [Veto]>('councilVeto');
export const attendanceUpdate = defineUpdate<QuorumCheck, [Attendance]>('attendance');
export const rescheduleUpdate = defineUpdate<{ number: number; at: string }, [Reschedule]>('reschedule');
export const councilVoteUpdate = defineUpdate<{ member: string; written: boolean }, [CouncilCast]>('councilVote');
export const decisionUpdate = defineUpdate<CouncilDecision, [DecisionAction]>('decide');
export const councilStatusQuery = defineQuery<CouncilStatus>('councilStatus');

/** Signals to a cluster's cycle. */
export const councilReturnedSignal = defineSignal<[{ nominations: string[]; reason: string; by: string }]>('councilReturned');
export const councilOutcomeSignal = defineSignal<[CouncilOutcome]>('councilOutcome');
export const councilRevokedSignal = defineSignal<[CouncilRevocation]>('councilRevoked');

const acts = proxyActivities<Activities>(RECORDING);

export async function councilSession(input: CouncilInput): Promise<CouncilStatus> {
  const id = workflowInfo().workflowId;
  if (id !== councilId(input.province, input.year))
    refuse({
      code: Rejection.InvalidInput,
      message: `the council of ${input.province} ${input.year} must run as ${councilId(input.province, input.year)}, not ${id}`,
    });
  const rules = input.rules ?? DEFAULT_COUNCIL_RULES;
  const { calendar } = input;
  const state = newCouncilState({ councilId: id, province: input.province, year: input.year, calendar });
  const { status } = state;
  // Whether this session's members present vote by sealed ballot (set when its vote opens).
  let sealedSession = false;
  // Votes whose recording is under way: the count waits for them (a decision Update may be waiting too, so not for every handler).
  let recording = 0;
  let sessionAt = Date.parse(calendar.sessionAt);
  // Reschedules taken so far: what the council waits for between sessions (see awaitReschedule).
  let reschedules = 0;

  setHandler(councilStatusQuery, () => status);
  const enter = async (phase: CouncilPhase) => {
    status.phase = phase;
    upsertSearchAttributes([{ key: PHASE, value: `council-${phase}` }]);
    await acts.recordCouncilPhase({ councilId: id, phase, at: Date.now() });
  };

  setHandler(submitSignal, (submission) => applySubmission(state, submission));

  setHandler(
    appraiseUpdate,
    async (appraisal) => {
      const verdict = applyAppraisal(state, appraisal);
      await acts.recordAppraisal({ councilId: id, nomination: appraisal.nomination, verdict, at: Date.now() });
      if (verdict.status === 'returned')
        await getExternalWorkflowHandle(submissionOf(state, appraisal.nomination)!.cycleId).signal(councilReturnedSignal, {
          nominations: [appraisal.nomination],
          reason: verdict.reason,
          by: appraisal.actor,
        });
      return verdict;
    },
    { validator: (raw) => refuseIf(checkAppraisal(state, raw)) },
  );

  setHandler(
    councilVetoUpdate,
    async (veto) => {
      const affected = applyCouncilVeto(state, veto);
      await acts.recordCouncilVeto({ councilId: id, ...vetoSchema.parse(veto), affected, at: Date.now() });
      return { unit: veto.unit, affected };
    },
    { validator: (raw) => refuseIf(checkCouncilVeto(state, raw)) },
  );

  setHandler(
    attendanceUpdate,
    async ({ actor, present }) => {
      const session = applyAttendance(state, present, rules);
      await acts.recordAttendance({
        councilId: id,
        session: session.number,
        present: session.present,
        quorum: session.quorum,
        by: actor,
        at: Date.now(),
      });
      return session.quorum;
    },
    { validator: (raw) => refuseIf(checkAttendance(state, raw)) },
  );

  setHandler(
    rescheduleUpdate,
    async ({ actor, at }) => {
      sessionAt = Date.parse(at);
      reschedules++;
      await acts.recordCouncilPhase({ councilId: id, phase: 'rescheduled', at: Date.now(), details: { sessionAt: at, by: actor } });
      return { number: status.sessions.length + 1, at };
    },
    { validator: (raw) => refuseIf(checkReschedule(state, raw, Date.now())) },
  );

  setHandler(
    councilVoteUpdate,
    async (raw) => {
      // Sessions before sealed ballots took every vote open (and replay as they ran).
      const cast = sealedSession ? councilCastSchema.parse(raw) : { ...councilVoteSchema.parse(raw) };
      takeVote(state, cast);
      recording++;
      try {
        if (sealedSession)
          await acts.castCouncilBallot({
            councilId: id,
            session: status.sessions.length,
            ballotId: status.ballot!.ballotId,
            cast: cast as CouncilCast,
            at: Date.now(),
          });
        else
          await acts.recordCouncilVote({
            councilId: id,
            session: status.sessions.length,
            member: cast.actor,
            written: cast.written,
            votes: (cast as CouncilBallot).votes,
            at: Date.now(),
          });
      } finally {
        recording--;
      }
      return { member: cast.actor, written: cast.written };
    },
    { validator: (raw) => refuseIf(checkCouncilVote(state, raw)) },
  );

  setHandler(
    decisionUpdate,
    async (action) => {
      state.pendingAction = action;
      await condition(() => state.pendingAction === undefined);
      return status.decision!;
    },
    { validator: (raw) => refuseIf(checkDecision(state, raw)) },
  );

  // Between sessions the council waits in 'rescheduling' for a new time. The phase is shown (and a reschedule taken)
  // while it is being recorded: the `mark` taken before counts one taken meanwhile, which councils from before (no
  // mark) lost. Not async: the council awaits one condition, as it always did, so its commands keep their order.
  const rescheduled = (mark: number | undefined) => {
    const before = sessionAt;
    return condition(() => (mark === undefined ? sessionAt !== before : reschedules !== mark));
  };

  /** Each cycle whose awards were revoked hears which; cycles that have ended are told by mail only. */
  async function tellCycles(revocation: Revocation, decisionNumber: string): Promise<void> {
    for (const { cycleId, told } of revocationNotices(state, revocation, decisionNumber))
      await getExternalWorkflowHandle(cycleId)
        .signal(councilRevokedSignal, told)
        .catch(() => undefined);
  }

  const setup = await acts.loadCouncilSetup({ province: input.province, year: input.year });
  applyCouncilSetup(state, { ...setup, expected: setup.expected.map((e) => e.cluster) });
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
    if (Date.now() < submitBy)
      await acts.councilReminder({ councilId: id, clusters: status.missing, seq: i + 1, submitBy, at: Date.now() });
  }
  await waitUntil(everyone, submitBy);
  await enter('appraisal');
  await acts.recordCouncilPhase({ councilId: id, phase: 'submissions-closed', at: Date.now(), details: { missing: status.missing } });

  // Sessions until one has quorum and the chair approves its proposal.
  for (;;) {
    await waitUntil(() => false, sessionAt);
    openSession(state, sessionAt);
    await enter('session');
    const sessionEnd = sessionAt + (parseIsoDuration(calendar.sessionLength) ?? 0);
    await waitUntil(() => status.sessions.at(-1)!.present !== undefined, sessionEnd);
    const current = status.sessions.at(-1)!;
    if (!current.quorum?.ok) {
      current.quorum ??= checkQuorum(rules, status.members.length, 0);
      await acts.recordSessionFailed({ councilId: id, session: current.number, quorum: current.quorum, at: Date.now() });
      const mark = patched('reschedule-while-recorded') ? reschedules : undefined;
      await enter('rescheduling');
      await rescheduled(mark);
      await enter('appraisal');
      continue;
    }
    sealedSession = patched('sealed-council-ballots');
    if (sealedSession) {
      // The members present vote in secret: their clients seal the choices with this box's key.
      const ballotId = `${id}/session-${current.number}`;
      const { publicKey } = await acts.openBallotBox({ cycleId: null, ballotId, number: current.number, at: Date.now() });
      status.ballot = { session: current.number, ballotId, publicKey, nominations: votable(state) };
    }
    await enter('voting');
    await waitUntil(() => Object.keys(state.ballots).length === status.members.length, sessionEnd);
    // Counting closes the vote; votes being recorded are waited for, then counted.
    await enter('counting');
    await condition(() => recording === 0);
    const onBallot = votable(state).map(parseNominationId);
    status.counts = sealedSession
      ? await acts.countCouncilBallots({
          councilId: id,
          ballotId: status.ballot!.ballotId,
          onBallot,
          written: writtenVotes(state),
          members: status.members.length,
          rules,
          at: Date.now(),
        })
      : tallyCouncil(onBallot, Object.values(state.ballots) as CouncilBallot[], status.members.length, rules);
    await acts.recordCouncilResult({ councilId: id, session: current.number, counts: status.counts, at: Date.now() });
    await enter('decision');

    await condition(() => state.pendingAction !== undefined);
    const action = state.pendingAction!;
    if (action.action === 'return') {
      status.decision = { status: 'returned', reason: action.reason!.trim() };
      await acts.recordDecision({
        councilId: id,
        action: 'return',
        actor: action.actor,
        reason: action.reason!.trim(),
        counts: status.counts,
        at: Date.now(),
      });
      state.pendingAction = undefined;
      const mark = patched('reschedule-while-recorded') ? reschedules : undefined;
      await enter('rescheduling');
      await rescheduled(mark);
      await enter('appraisal');
      continue;
    }
    const approved = await acts.recordDecision({
      councilId: id,
      action: 'approve',
      actor: action.actor,
      counts: status.counts,
      at: Date.now(),
    });
    const complaintsUntil = Date.now() + (parseIsoDuration(calendar.complaintWindow) ?? 0);
    applyApproval(state, approved, complaintsUntil);
    state.pendingAction = undefined;
    await enter('approved');
    // Councils from here on tell the cycles of a revocation too, and how long the cycles are to wait for one.
    const tellsRevocations = patched('revocation-tells-cycles');
    // Every cluster hears its outcome; cycles that have ended are told by mail only.
    for (const { cycleId, told } of outcomeNotices(state, approved.outcomes, tellsRevocations))
      await getExternalWorkflowHandle(cycleId)
        .signal(councilOutcomeSignal, told)
        .catch(() => undefined);

    // The complaint window: the chair may revoke the whole decision or some awards, with a reason.
    for (;;) {
      const acted = await waitUntil(() => state.pendingAction !== undefined, complaintsUntil);
      if (!acted) break;
      const revoke = state.pendingAction!;
      const at = Date.now();
      const recorded = await acts.recordRevocation({
        councilId: id,
        actor: revoke.actor,
        reason: revoke.reason!.trim(),
        nominations: revocationTargets(state, revoke.nominations).targets,
        decisionNumber: approved.number,
        at,
      });
      const { revocation, whole } = applyRevocation(state, revoke, { number: recorded.number, at, keep: tellsRevocations });
      if (tellsRevocations) await tellCycles(revocation, approved.number);
      state.pendingAction = undefined;
      if (whole) break;
    }
    await enter('closed');
    await condition(allHandlersFinished);
    return status;
  }
}
