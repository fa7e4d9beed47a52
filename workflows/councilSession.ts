import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { checkQuorum, councilId, DEFAULT_COUNCIL_RULES, tallyCouncil } from '../domain/council.ts';
import type { CouncilBallot, CouncilCount, CouncilInput, CouncilPhase, CouncilStatus, Revocation } from '../domain/council.ts';
import * as councilState from '../domain/councilState.ts';
import { parseIsoDuration } from '../domain/duration.ts';
import { councilPending } from '../domain/pendingActors.ts';
import { councilBallotId } from '../domain/ids.ts';
import { Rejection } from '../domain/rejections.ts';
import { RECORDING } from './activityOptions.ts';
import { waitUntil } from './clock.ts';
import { registerCouncilHandlers, type Council } from './councilHandlers.ts';
import { publishPendingTasks } from './pendingActors.ts';
import { refuse } from './refusal.ts';
import { PHASE, YEAR } from './searchAttributes.ts';
import { councilOutcomeSignal, councilRevokedSignal } from './messages.ts';

// The provincial council of a province-year (DOMAIN.md steps 6-9), with the id
// `council/<PROVINCE>/<YEAR>`. The first cluster to submit creates it (signal-with-start), the
// others join it; a repeated submission is ignored. It reminds the clusters still missing before
// the deadline, takes the secretariat's appraisal (accept, or return to the cluster for
// revision) and late veto inputs, holds the council's ballot once a session has quorum (absent
// members may vote in writing), takes the chair's decision (approve with a number, or return for
// a new session), tells every cluster's cycle, and takes revocations until the complaint window
// closes. Its state and rules are domain/councilState.ts's (`CouncilState`, the `check…` rules the
// validators ask); what people send it (appraisals, votes, the chair's decision…) is taken by the
// handlers in councilHandlers.ts. This file drives the clock, the activities and the signals.

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
  const state = councilState.newCouncilState({ councilId: id, province: input.province, year: input.year, calendar });
  const { status } = state;
  const session = { at: Date.parse(calendar.sessionAt), reschedules: 0, sealed: false, recording: 0 };
  const council: Council = { id, state, rules, session };
  registerCouncilHandlers(council);
  // What the council waits for, and from whom, for `tdkt pending` (removed once it closes).
  publishPendingTasks(() => councilPending(status));

  const setup = await acts.loadCouncilSetup({ province: input.province, year: input.year });
  councilState.applyCouncilSetup(state, { ...setup, expected: setup.expected.map((e) => e.cluster) });
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
  await enter(council, 'appraisal');
  await acts.recordCouncilPhase({ councilId: id, phase: 'submissions-closed', at: Date.now(), details: { missing: status.missing } });

  // Sessions until one has quorum and the chair approves its proposal.
  for (;;) {
    await waitUntil(() => false, session.at);
    councilState.openSession(state, session.at);
    await enter(council, 'session');
    const sessionEnd = session.at + (parseIsoDuration(calendar.sessionLength) ?? 0);
    await waitUntil(() => status.sessions.at(-1)!.present !== undefined, sessionEnd);
    const current = status.sessions.at(-1)!;
    if (!current.quorum?.ok) {
      current.quorum ??= checkQuorum(rules, status.members.length, 0);
      await acts.recordSessionFailed({ councilId: id, session: current.number, quorum: current.quorum, at: Date.now() });
      await awaitNextSession(council);
      continue;
    }
    const counts = await voteAndCount(council, current.number, sessionEnd);
    await condition(() => state.pendingAction !== undefined);
    const action = state.pendingAction!;
    if (action.action === 'return') {
      status.decision = { status: 'returned', reason: action.reason!.trim() };
      await acts.recordDecision({
        councilId: id,
        action: 'return',
        actor: action.actor,
        reason: action.reason!.trim(),
        counts,
        at: Date.now(),
      });
      state.pendingAction = undefined;
      await awaitNextSession(council);
      continue;
    }
    const approved = await acts.recordDecision({ councilId: id, action: 'approve', actor: action.actor, counts, at: Date.now() });
    const complaintsUntil = Date.now() + (parseIsoDuration(calendar.complaintWindow) ?? 0);
    councilState.applyApproval(state, approved, complaintsUntil);
    state.pendingAction = undefined;
    await enter(council, 'approved');
    // Councils from here on tell the cycles of a revocation too, and how long the cycles are to wait for one.
    const tellsRevocations = patched('revocation-tells-cycles');
    // Every cluster hears its outcome; cycles that have ended are told by mail only.
    for (const { cycleId, told } of councilState.outcomeNotices(state, approved.outcomes, tellsRevocations))
      await getExternalWorkflowHandle(cycleId)
        .signal(councilOutcomeSignal, told)
        .catch(() => undefined);

    await complaintWindow(council, approved.number, complaintsUntil, tellsRevocations);
    await condition(allHandlersFinished);
    return status;
  }
}

// The steps below run alongside the Update handlers, so they keep the microtask timing of the
// inline code they came from (an extra one would let an Update complete before the council's next
// command, and the recorded councils would no longer replay). A step that ends by entering a phase
// therefore ends with `await entering(…)`, not `await enter(…)`: the caller's await of the step
// then stands where its await of `enter` stood.

/** The council enters a phase: its status and search attribute show it, and its event log records it. */
async function enter(council: Council, phase: CouncilPhase): Promise<void> {
  await entering(council, phase);
}

/** `enter` without its own await, for the last line of a step (see above). */
function entering(council: Council, phase: CouncilPhase): Promise<void> {
  council.state.status.phase = phase;
  upsertSearchAttributes([{ key: PHASE, value: `council-${phase}` }]);
  return acts.recordCouncilPhase({ councilId: council.id, phase, at: Date.now() });
}

/**
 * After a session failed or the chair returned the proposal (both recorded), the council waits in
 * 'rescheduling' for the secretariat's new time, then appraises again until the new session. The
 * phase is shown (and a reschedule taken) while it is being recorded: the `mark` taken before
 * counts one taken meanwhile, which councils from before (no mark) lost.
 */
async function awaitNextSession(council: Council): Promise<void> {
  const { session } = council;
  const mark = patched('reschedule-while-recorded') ? session.reschedules : undefined;
  await enter(council, 'rescheduling');
  const before = session.at;
  await condition(() => (mark === undefined ? session.at !== before : session.reschedules !== mark));
  await entering(council, 'appraisal');
}

/**
 * A session with quorum votes until every member has voted or the session ends; the count is
 * recorded and put to the chair ('decision'). The members present vote in secret, sealing their
 * choices with the ballot box's key (councils from before sealed ballots took open votes, counted
 * here by tallyCouncil).
 */
async function voteAndCount(council: Council, sessionNumber: number, sessionEnd: number): Promise<CouncilCount[]> {
  const { id, state, rules, session } = council;
  const { status } = state;
  session.sealed = patched('sealed-council-ballots');
  if (session.sealed) {
    const ballotId = councilBallotId(id, sessionNumber);
    const { publicKey } = await acts.openBallotBox({ cycleId: null, ballotId, number: sessionNumber, at: Date.now() });
    status.ballot = { session: sessionNumber, ballotId, publicKey, nominations: councilState.votable(state) };
  }
  await enter(council, 'voting');
  await waitUntil(() => Object.keys(state.ballots).length === status.members.length, sessionEnd);
  // Counting closes the vote; votes being recorded are waited for, then counted.
  await enter(council, 'counting');
  await condition(() => session.recording === 0);
  const onBallot = councilState.votable(state).map(councilState.parseNominationId);
  const counts = session.sealed
    ? await acts.countCouncilBallots({
        councilId: id,
        ballotId: status.ballot!.ballotId,
        onBallot,
        written: councilState.writtenVotes(state),
        members: status.members.length,
        rules,
        at: Date.now(),
      })
    : tallyCouncil(onBallot, Object.values(state.ballots) as CouncilBallot[], status.members.length, rules);
  status.counts = counts;
  await acts.recordCouncilResult({ councilId: id, session: sessionNumber, counts, at: Date.now() });
  await entering(council, 'decision');
  return counts;
}

/**
 * The complaint window: until it closes, the chair may revoke the whole decision or some awards,
 * with a reason. Each revocation is recorded (and, in councils that tell revocations, told to the
 * cycles it concerns); the window ends early once nothing the decision awarded still stands. Then
 * the council is closed.
 */
async function complaintWindow(
  council: Council,
  decisionNumber: string,
  complaintsUntil: number,
  tellsRevocations: boolean,
): Promise<void> {
  const { id, state } = council;
  for (;;) {
    const acted = await waitUntil(() => state.pendingAction !== undefined, complaintsUntil);
    if (!acted) break;
    const revoke = state.pendingAction!;
    const at = Date.now();
    const recorded = await acts.recordRevocation({
      councilId: id,
      actor: revoke.actor,
      reason: revoke.reason!.trim(),
      nominations: councilState.revocationTargets(state, revoke.nominations).targets,
      decisionNumber,
      at,
    });
    const { revocation, whole } = councilState.applyRevocation(state, revoke, { number: recorded.number, at, keep: tellsRevocations });
    if (tellsRevocations) await tellCycles(state, revocation, decisionNumber);
    state.pendingAction = undefined;
    if (whole) break;
  }
  await entering(council, 'closed');
}

/** Each cycle whose awards were revoked hears which; cycles that have ended are told by mail only. */
async function tellCycles(state: councilState.CouncilState, revocation: Revocation, decisionNumber: string): Promise<void> {
  for (const { cycleId, told } of councilState.revocationNotices(state, revocation, decisionNumber))
    await getExternalWorkflowHandle(cycleId)
      .signal(councilRevokedSignal, told)
      .catch(() => undefined);
}
