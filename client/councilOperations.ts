import type { Client } from '@temporalio/client';
import { sealBallot } from '../ballotBox/seal.ts';
import {
  checkCouncilVotes,
  largestCouncilVotes,
  type Amendment,
  type Appraisal,
  type Attendance,
  type CouncilBallot,
  type CouncilCast,
  type DecisionAction,
  type QuorumCheck,
  type Reschedule,
} from '../domain/council.ts';
import type { Veto } from '../domain/scoringActions.ts';
import { amendSubmissionUpdate } from '../workflows/messages.ts';
import {
  appraiseUpdate,
  attendanceUpdate,
  councilStatusQuery,
  councilVetoUpdate,
  councilVoteUpdate,
  decisionUpdate,
  rescheduleUpdate,
} from '../workflows/messages.ts';
import type { CouncilStatus, Verdict } from '../domain/council.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { onWorkflow } from './operations.ts';

// What the secretariat, the council's members and its chair do, and what a cluster chair does
// with a returned submission, as functions over a Temporal client (the CLI and the tests use them).

const updateOptions = (requestId?: string) => (requestId ? { updateId: requestId } : {});

export function councilStatus(client: Client, councilId: string): Promise<CouncilStatus> {
  return onWorkflow(client, councilId, 'council', (h) => h.query(councilStatusQuery));
}

export function appraise(client: Client, args: { councilId: string; appraisal: Appraisal; requestId?: string }): Promise<Verdict> {
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(appraiseUpdate, { args: [args.appraisal], ...updateOptions(args.requestId) }),
  );
}

export function councilVeto(
  client: Client,
  args: { councilId: string; veto: Veto; requestId?: string },
): Promise<{ unit: string; affected: string[] }> {
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(councilVetoUpdate, { args: [args.veto], ...updateOptions(args.requestId) }),
  );
}

export function recordAttendance(
  client: Client,
  args: { councilId: string; attendance: Attendance; requestId?: string },
): Promise<QuorumCheck> {
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(attendanceUpdate, { args: [args.attendance], ...updateOptions(args.requestId) }),
  );
}

export function reschedule(
  client: Client,
  args: { councilId: string; reschedule: Reschedule; requestId?: string },
): Promise<{ number: number; at: string }> {
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(rescheduleUpdate, { args: [args.reschedule], ...updateOptions(args.requestId) }),
  );
}

/**
 * A member's vote. An absent member's written vote goes as it is (a signed letter). A present
 * member's votes are checked against the session's ballot here, then sealed with its ballot box's
 * key, so Temporal's history holds only the envelope.
 */
export async function councilVote(
  client: Client,
  args: { councilId: string; ballot: CouncilBallot; requestId?: string },
): Promise<{ member: string; written: boolean }> {
  const { actor, votes, written } = args.ballot;
  let cast: CouncilCast;
  if (written) {
    cast = { actor, written: true, votes };
  } else {
    const status = await councilStatus(client, args.councilId);
    const ballot = status.ballot;
    if (status.phase !== 'voting' || !ballot || ballot.session !== status.sessions.length) {
      throw new CliError(
        ['counting', 'decision', 'approved', 'closed'].includes(status.phase) ? ExitCode.roundClosed : ExitCode.roundNotOpen,
        `the council's vote is not open (phase ${status.phase})`,
        'RoundNotOpen',
      );
    }
    const problem = checkCouncilVotes(ballot.nominations, votes);
    if (problem) throw new CliError(ExitCode.usage, problem, 'InvalidInput');
    cast = { actor, written: false, sealed: sealBallot(ballot.publicKey, { votes }, largestCouncilVotes(ballot.nominations)) };
  }
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(councilVoteUpdate, { args: [cast], ...updateOptions(args.requestId) }),
  );
}

export function decide(
  client: Client,
  args: { councilId: string; action: DecisionAction; requestId?: string },
): Promise<NonNullable<CouncilStatus['decision']>> {
  return onWorkflow(client, args.councilId, 'council', (h) =>
    h.executeUpdate(decisionUpdate, { args: [args.action], ...updateOptions(args.requestId) }),
  );
}

export function amendSubmission(
  client: Client,
  args: { cycleId: string; amendment: Amendment; requestId?: string },
): Promise<{ version: number }> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) =>
    h.executeUpdate(amendSubmissionUpdate, { args: [args.amendment], ...updateOptions(args.requestId) }),
  );
}
