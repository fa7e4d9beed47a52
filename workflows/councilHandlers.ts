import { condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { councilCastSchema, councilVoteSchema } from '../domain/council.ts';
import type { CouncilBallot, CouncilCast, CouncilRules } from '../domain/council.ts';
import * as councilState from '../domain/councilState.ts';
import { parseIsoDuration } from '../domain/duration.ts';
import { vetoSchema } from '../domain/scoringActions.ts';
import { RECORDING } from './activityOptions.ts';
import { refuseIf } from './refusal.ts';
import {
  submitSignal,
  appraiseUpdate,
  councilVetoUpdate,
  attendanceUpdate,
  rescheduleUpdate,
  councilVoteUpdate,
  decisionUpdate,
  councilStatusQuery,
  councilReturnedSignal,
} from './messages.ts';

// The handlers of what people and cycles send the provincial council (workflows/councilSession.ts);
// the names of its Signals, Updates and Query, and of those it sends the cycles back, are in
// messages.ts. The handlers sit apart so that councilSession.ts reads as the council's calendar. Each Update's
// validator asks the domain's `check…` rule (a refused Update never enters history); its handler
// makes the `apply…` change and records it. The handlers and the workflow share a `Council`. The
// handlers' awaits are as they were inside the workflow: replay depends on them (see councilSession.ts).

/** What the council's workflow and its handlers share. */
export interface Council {
  /** The workflow id, `council/<PROVINCE>/<YEAR>`. */
  id: string;
  state: councilState.CouncilState;
  rules: CouncilRules;
  /** What the handlers change and the workflow waits on. */
  session: {
    /** When the next session meets: the calendar's time until a reschedule moves it. */
    at: number;
    /** Reschedules taken so far: what the council waits for between sessions. */
    reschedules: number;
    /** Whether this session's members present vote by sealed ballot (set when its vote opens). */
    sealed: boolean;
    /** Votes whose recording is under way: the count waits for them (a decision Update may be waiting too, so not for every handler). */
    recording: number;
  };
}

const acts = proxyActivities<Activities>(RECORDING);

/** Sets the council's handlers; the workflow calls it before its first await. */
export function registerCouncilHandlers(council: Council): void {
  const { id, state, rules, session } = council;
  const { status } = state;

  // The rules ride along so the secretariat's page can show the quorum before attendance is taken (a query adds no command).
  setHandler(councilStatusQuery, () => ({ ...status, rules }));

  setHandler(submitSignal, (submission) => councilState.applySubmission(state, submission));

  setHandler(
    appraiseUpdate,
    async (appraisal) => {
      const verdict = councilState.applyAppraisal(state, appraisal);
      // A returned nomination's chair may amend it until the session (as rescheduled) ends: its mail's link expires then.
      const amendBy = session.at + (parseIsoDuration(status.calendar.sessionLength) ?? 0);
      await acts.recordAppraisal({ councilId: id, nomination: appraisal.nomination, verdict, amendBy, at: Date.now() });
      if (verdict.status === 'returned')
        await getExternalWorkflowHandle(councilState.submissionOf(state, appraisal.nomination)!.cycleId).signal(councilReturnedSignal, {
          nominations: [appraisal.nomination],
          reason: verdict.reason,
          by: appraisal.actor,
        });
      return verdict;
    },
    { validator: (raw) => refuseIf(councilState.checkAppraisal(state, raw)) },
  );

  setHandler(
    councilVetoUpdate,
    async (veto) => {
      const affected = councilState.applyCouncilVeto(state, veto);
      await acts.recordCouncilVeto({ councilId: id, ...vetoSchema.parse(veto), affected, at: Date.now() });
      return { unit: veto.unit, affected };
    },
    { validator: (raw) => refuseIf(councilState.checkCouncilVeto(state, raw)) },
  );

  setHandler(
    attendanceUpdate,
    async ({ actor, present }) => {
      const taken = councilState.applyAttendance(state, present, rules);
      await acts.recordAttendance({
        councilId: id,
        session: taken.number,
        present: taken.present,
        quorum: taken.quorum,
        by: actor,
        at: Date.now(),
      });
      return taken.quorum;
    },
    { validator: (raw) => refuseIf(councilState.checkAttendance(state, raw)) },
  );

  setHandler(
    rescheduleUpdate,
    async ({ actor, at }) => {
      session.at = Date.parse(at);
      session.reschedules++;
      await acts.recordCouncilPhase({ councilId: id, phase: 'rescheduled', at: Date.now(), details: { sessionAt: at, by: actor } });
      return { number: status.sessions.length + 1, at };
    },
    { validator: (raw) => refuseIf(councilState.checkReschedule(state, raw, Date.now())) },
  );

  setHandler(
    councilVoteUpdate,
    async (raw) => {
      // Sessions before sealed ballots took every vote open (and replay as they ran).
      const cast = session.sealed ? councilCastSchema.parse(raw) : { ...councilVoteSchema.parse(raw) };
      councilState.takeVote(state, cast);
      session.recording++;
      try {
        if (session.sealed)
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
        session.recording--;
      }
      return { member: cast.actor, written: cast.written };
    },
    { validator: (raw) => refuseIf(councilState.checkCouncilVote(state, raw)) },
  );

  // The workflow carries the chair's action out (it knows the phase); the Update waits for it and answers with the decision.
  setHandler(
    decisionUpdate,
    async (action) => {
      state.pendingAction = action;
      await condition(() => state.pendingAction === undefined);
      return status.decision!;
    },
    { validator: (raw) => refuseIf(councilState.checkDecision(state, raw)) },
  );
}
