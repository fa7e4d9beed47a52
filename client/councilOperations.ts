import type { Client } from '@temporalio/client';
import type { Amendment, Appraisal, Attendance, CouncilBallot, DecisionAction, QuorumCheck, Reschedule } from '../domain/council.js';
import type { Veto } from '../domain/scoringActions.js';
import { amendSubmissionUpdate } from '../workflows/councilSubmission.js';
import { appraiseUpdate, attendanceUpdate, councilStatusQuery, councilVetoUpdate, councilVoteUpdate, decisionUpdate, rescheduleUpdate, type CouncilStatus, type Verdict } from '../workflows/councilSession.js';
import { onWorkflow } from './operations.js';

// What the secretariat, the council's members and its chair do, and what a cluster chair does
// with a returned submission, as functions over a Temporal client (the CLI and the tests use them).

const updateOptions = (requestId?: string) => (requestId ? { updateId: requestId } : {});

export function councilStatus(client: Client, councilId: string): Promise<CouncilStatus> {
  return onWorkflow(client, councilId, 'council', (h) => h.query(councilStatusQuery));
}

export function appraise(client: Client, args: { councilId: string; appraisal: Appraisal; requestId?: string }): Promise<Verdict> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(appraiseUpdate, { args: [args.appraisal], ...updateOptions(args.requestId) }));
}

export function councilVeto(client: Client, args: { councilId: string; veto: Veto; requestId?: string }): Promise<{ unit: string; affected: string[] }> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(councilVetoUpdate, { args: [args.veto], ...updateOptions(args.requestId) }));
}

export function recordAttendance(client: Client, args: { councilId: string; attendance: Attendance; requestId?: string }): Promise<QuorumCheck> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(attendanceUpdate, { args: [args.attendance], ...updateOptions(args.requestId) }));
}

export function reschedule(client: Client, args: { councilId: string; reschedule: Reschedule; requestId?: string }): Promise<{ number: number; at: string }> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(rescheduleUpdate, { args: [args.reschedule], ...updateOptions(args.requestId) }));
}

export function councilVote(client: Client, args: { councilId: string; ballot: CouncilBallot; requestId?: string }): Promise<{ member: string; written: boolean }> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(councilVoteUpdate, { args: [args.ballot], ...updateOptions(args.requestId) }));
}

export function decide(client: Client, args: { councilId: string; action: DecisionAction; requestId?: string }): Promise<NonNullable<CouncilStatus['decision']>> {
  return onWorkflow(client, args.councilId, 'council', (h) => h.executeUpdate(decisionUpdate, { args: [args.action], ...updateOptions(args.requestId) }));
}

export function amendSubmission(client: Client, args: { cycleId: string; amendment: Amendment; requestId?: string }): Promise<{ version: number }> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) => h.executeUpdate(amendSubmissionUpdate, { args: [args.amendment], ...updateOptions(args.requestId) }));
}
