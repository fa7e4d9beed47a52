import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LeadersDecision } from '../domain/ballot.ts';
import type { Certificates, Merge, MemberMerged } from '../domain/conference.ts';
import type { TableRow } from '../domain/consolidation.ts';
import type {
  Amendment,
  Appraisal,
  Attendance,
  ClusterSubmission,
  CouncilCast,
  CouncilDecision,
  CouncilOutcome,
  CouncilRevocation,
  CouncilStatus,
  DecisionAction,
  QuorumCheck,
  Reschedule,
  Verdict,
} from '../domain/council.ts';
import type { ExcuseRequest, OverrideRequest } from '../domain/rotation.ts';
import type { Extension, Received, RoundStatus, Submission } from '../domain/round.ts';
import type { Adjustment, Veto } from '../domain/scoringActions.ts';
import type { CycleStatus } from './annualCycle.ts';

// The names of the Queries, Updates and Signals the workflows answer, with their types: what the
// client, the web server and the workflows themselves agree on. They sit apart from the workflow
// code so that a process sending one (the tdkt command) loads this file rather than every
// workflow module and the rules they run. The names are part of the recorded histories: never rename one.

// The annual cycle (annualCycle.ts).
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');

// Rounds (round.ts).
/** A unit's submission. The validator refuses it before it enters history when it breaks a rule. */
export const submitUpdate = defineUpdate<Received, [Submission]>('submit');
/** The secretariat moves the deadline of some units, or all, with a reason. */
export const extendUpdate = defineUpdate<{ units: string[]; until: string }, [Extension]>('extend');
export const roundStatusQuery = defineQuery<RoundStatus>('roundStatus');
/** From the cycle: a member was merged away; its task here is closed or handed to the successor. */
export const memberMergedSignal = defineSignal<[MemberMerged]>('memberMerged');

// The cluster's scoring (clusterScoring.ts).
/** The chair or the secretariat adjusts a unit's consolidated score, with a written reason. */
export const adjustScoreUpdate = defineUpdate<TableRow, [Adjustment]>('adjustScore');
/** The secretariat records a violation reported by the police, inspectorate, tax or social insurance. */
export const recordVetoUpdate = defineUpdate<{ unit: string; vetoes: number }, [Veto]>('recordVeto');
/** The chair or the deputy names the flag nominee (or none); it is settled when both name the same. */
export const decideFlagUpdate = defineUpdate<{ agreed: boolean; flag?: string }, [LeadersDecision]>('decideFlag');

// The cycle's submission to the council (councilSubmission.ts).
/** The cluster chair amends a returned submission: an explanation, and nominations withdrawn. */
export const amendSubmissionUpdate = defineUpdate<{ version: number }, [Amendment]>('amendSubmission');

// The provincial council (councilSession.ts, its handlers in councilHandlers.ts).
export const submitSignal = defineSignal<[ClusterSubmission]>('submitToCouncil');
export const appraiseUpdate = defineUpdate<Verdict, [Appraisal]>('appraise');
export const councilVetoUpdate = defineUpdate<{ unit: string; affected: string[] }, [Veto]>('councilVeto');
export const attendanceUpdate = defineUpdate<QuorumCheck, [Attendance]>('attendance');
export const rescheduleUpdate = defineUpdate<{ number: number; at: string }, [Reschedule]>('reschedule');
export const councilVoteUpdate = defineUpdate<{ member: string; written: boolean }, [CouncilCast]>('councilVote');
export const decisionUpdate = defineUpdate<CouncilDecision, [DecisionAction]>('decide');
export const councilStatusQuery = defineQuery<CouncilStatus>('councilStatus');
/** Signals from the council to a cluster's cycle. */
export const councilReturnedSignal = defineSignal<[{ nominations: string[]; reason: string; by: string }]>('councilReturned');
export const councilOutcomeSignal = defineSignal<[CouncilOutcome]>('councilOutcome');
export const councilRevokedSignal = defineSignal<[CouncilRevocation]>('councilRevoked');

// A member merged away (memberMerge.ts).
export const recordMergeUpdate = defineUpdate<{ rounds: string[] }, [Merge]>('recordMerge');

// The year's end (yearEnd.ts).
/** The chair's representative records the cluster's giấy khen for the conference (once). */
export const recordCertificatesUpdate = defineUpdate<{ numbers: string[] }, [Certificates]>('recordCertificates');
/** The secretariat names next year's chair and deputy instead of the rotation order, with a reason. */
export const overrideRotationUpdate = defineUpdate<void, [OverrideRequest]>('overrideRotation');
/** The secretariat excuses a unit from next year's rotation with the council's consent, with a reason. */
export const excuseFromRotationUpdate = defineUpdate<void, [ExcuseRequest]>('excuseFromRotation');
