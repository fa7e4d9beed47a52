import { executeChild, log, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { extensionLimit, type CycleCalendar } from '../domain/calendar.ts';
import { DEFAULT_BALLOT_RULES } from '../domain/ballot.ts';
import { cycleInputSchema, PHASES, type CycleInput, type Phase } from '../domain/cycle.ts';
import { cycleId as cycleIdOf, reportRoundName, roundId } from '../domain/ids.ts';
import { cyclePending } from '../domain/pendingActors.ts';
import { Rejection } from '../domain/rejections.ts';
import type { RoundResult } from '../domain/round.ts';
import type { ScoringGate } from '../domain/scoringActions.ts';
import type { CycleSetup } from '../activities/cycle.ts';
import { RECORDING } from './activityOptions.ts';
import { sleepUntil } from './clock.ts';
import { refuse } from './refusal.ts';
import { round } from './round.ts';
import { flagSettlement, handleScoringUpdates, runScoring, type ScoringOutcome, type ScoringStatus } from './clusterScoring.ts';
import type { CouncilOutcome, CouncilRevocation } from '../domain/council.ts';
import { awaitComplaintWindow, runCouncilSubmission, type CouncilSubmissionStatus } from './councilSubmission.ts';
import { handleMerges } from './memberMerge.ts';
import { publishPendingTasks } from './pendingActors.ts';
import { CLUSTER, PHASE, YEAR } from './searchAttributes.ts';
import { handleYearEndUpdates, runConference, type YearEndStatus } from './yearEnd.ts';
import { cycleStatusQuery } from './messages.ts';

// One cluster's year, with the id `cycle/<cluster>/<year>` so a second start of the same
// cluster-year is refused by Temporal itself. It runs launch → pledges → the reporting periods
// (each a round of its own, running side by side on their own dates) → cross-scoring, the
// consolidated table and the cluster ballot (clusterScoring.ts) → the submission to the provincial
// council and its decision (councilSubmission.ts) → the year-end conference, the chair's rotation
// and next year's cycle (yearEnd.ts). A member merged away mid-year is handled throughout
// (memberMerge.ts).

export interface CycleStatus {
  cycleId: string;
  cluster: string;
  year: number;
  phase: Phase;
  calendar: CycleCalendar;
  chairUnit?: string;
  deputyUnit?: string;
  /** Workflow ids of the rounds opened so far, to query for their detail. */
  rounds: { kind: string; workflowId: string }[];
  /** The consolidated table, the ballots and the nominations, as far as they have got. */
  scoring?: ScoringStatus;
  /** The submission to the provincial council and its outcome. */
  council?: CouncilSubmissionStatus;
  /** The cluster's giấy khen, the conference and the hand-over to next year. */
  yearEnd?: YearEndStatus;
  /** Members merged away during the year. */
  merged?: { unit: string; into: string; on: string }[];
}

export interface CycleResult {
  cycleId: string;
  phase: Phase;
  pledges: RoundResult;
  /** One per reporting period of the calendar (absent for cycles started before reporting existed). */
  reports?: RoundResult[];
  /** Cross-scores, the final table, the ballots and the nominations (absent for cycles started before scoring existed). */
  scoring?: ScoringOutcome;
  /** What the provincial council decided for the cluster (absent for cycles started before the council existed). */
  council?: CouncilOutcome;
  /** Awards of that decision revoked within the complaint window. */
  revocations?: CouncilRevocation[];
  /** The conference and the hand-over to next year (absent for cycles started before the conference existed). */
  yearEnd?: YearEndStatus;
}

const acts = proxyActivities<Activities>(RECORDING);

export async function annualCycle(rawInput: CycleInput): Promise<CycleResult> {
  const parsed = cycleInputSchema.safeParse(rawInput);
  if (!parsed.success) refuse({ code: Rejection.InvalidInput, message: `invalid cycle input: ${parsed.error.message}` });
  const input = parsed.data;
  const cycleId = workflowInfo().workflowId;
  if (cycleId !== cycleIdOf(input.cluster, input.year)) {
    // The id is what makes a second start of the same cluster-year impossible; any other id would defeat it.
    refuse({
      code: Rejection.InvalidInput,
      message: `a cycle of ${input.cluster} ${input.year} must run as ${cycleIdOf(input.cluster, input.year)}, not ${cycleId}`,
    });
  }

  const status: CycleStatus = {
    cycleId,
    cluster: input.cluster,
    year: input.year,
    phase: PHASES.starting,
    calendar: input.calendar,
    rounds: [],
  };
  setHandler(cycleStatusQuery, () => status);
  upsertSearchAttributes([
    { key: CLUSTER, value: input.cluster },
    { key: YEAR, value: input.year },
    { key: PHASE, value: status.phase },
  ]);
  const enterPhase = async (phase: Phase) => {
    status.phase = phase;
    upsertSearchAttributes([{ key: PHASE, value: phase }]);
    await acts.recordPhase({ cycleId, phase, at: Date.now() });
    log.info('cycle phase', { phase });
  };

  // Veto inputs may come at any time before the ballot, so the scoring Updates are handled from the start.
  const scoring: ScoringStatus = { ballots: [] };
  const vetoes: ScoringGate['vetoes'] = [];
  // Filled in once the cycle's setup is loaded; until then the validators say the cycle is starting.
  const gate: { of?: () => ScoringGate } = {};
  handleScoringUpdates({ cycleId, gate: () => gate.of?.(), status: scoring, vetoes });
  // Like vetoes, the giấy khen, the rotation's instructions and merges may come at any time of the year.
  const loaded: { setup?: CycleSetup; people?: { participants: CycleSetup['members'] } } = {};
  const yearEnd: YearEndStatus = {};
  // The cycle's own tasks (the flag decision, an amendment, the giấy khen), for `tdkt pending`; the rounds publish theirs.
  publishPendingTasks(() => cyclePending(status, (unit) => loaded.setup?.members.find((m) => m.unit === unit)?.representative));
  handleYearEndUpdates(
    {
      cycleId,
      hasConference: Boolean(input.calendar.conference),
      chairRepresentative: () => loaded.setup && loaded.setup.members.find((m) => m.unit === loaded.setup!.chairUnit)?.representative,
      secretariat: () => loaded.setup?.secretariat ?? [],
    },
    yearEnd,
  );
  handleMerges({
    cycleId,
    members: () => loaded.people?.participants.map((p) => p.unit),
    secretariat: () => loaded.setup?.secretariat ?? [],
    closed: () => yearEnd.conference !== undefined,
    rounds: () => status.rounds.map((r) => r.workflowId),
    onMerged: (merge) => {
      (status.merged ??= []).push({ unit: merge.unit, into: merge.into, on: merge.on });
      if (loaded.people) loaded.people.participants = loaded.people.participants.filter((p) => p.unit !== merge.unit);
    },
  });

  const setup = await acts.loadCycleSetup({ cluster: input.cluster, year: input.year });
  if (input.calendar.reporting?.some((r) => r.period === 'YEAR') && !setup.rubric) {
    refuse({
      code: Rejection.InvalidInput,
      message: `no scoring rubric is recorded for ${input.cluster} ${input.year}; the year-end report's self-score needs one`,
    });
  }
  // What every round gets; a member merged away is left out of the rounds that open after it.
  const people = {
    cycleId,
    cluster: input.cluster,
    year: input.year,
    participants: setup.members,
    people: setup.people,
    secretariat: setup.secretariat,
  };
  loaded.setup = setup;
  loaded.people = people;
  const representativeOf = (unit: string) => ({ unit, representative: setup.members.find((m) => m.unit === unit)?.representative ?? '' });
  gate.of = () => ({
    cycleId,
    phase: status.phase,
    scores: Boolean(input.calendar.scoring),
    members: people.participants.map((m) => m.unit),
    chair: representativeOf(setup.chairUnit),
    deputy: representativeOf(setup.deputyUnit),
    secretariat: setup.secretariat,
    vetoes,
    flagCandidates: scoring.leaders?.candidates ?? [],
    flagSettled: flagSettlement(scoring),
  });
  status.chairUnit = setup.chairUnit;
  status.deputyUnit = setup.deputyUnit;
  await acts.recordCycleStarted({
    cycleId,
    cluster: input.cluster,
    year: input.year,
    calendar: input.calendar,
    chairUnit: setup.chairUnit,
    deputyUnit: setup.deputyUnit,
    at: Date.now(),
    input,
  });

  await enterPhase(PHASES.scheduled);
  await sleepUntil(Date.parse(input.calendar.launchAt));
  await enterPhase(PHASES.launch);
  await acts.launchCampaigns({
    cycleId,
    campaigns: input.campaigns,
    pledgeDeadline: Date.parse(input.calendar.pledge.deadline),
    at: Date.now(),
  });

  await enterPhase(PHASES.pledges);
  const pledgeRound = roundId(cycleId, 'pledge');
  status.rounds.push({ kind: 'pledge', workflowId: pledgeRound });
  const attributes = (phase: Phase) => [
    { key: CLUSTER, value: input.cluster },
    { key: YEAR, value: input.year },
    { key: PHASE, value: phase },
  ];
  const pledges = await executeChild(round, {
    workflowId: pledgeRound,
    args: [
      {
        ...people,
        roundId: pledgeRound,
        kind: 'pledge',
        calendar: input.calendar.pledge,
        extensionLimit: extensionLimit(input.calendar, 'pledge'),
      },
    ],
    typedSearchAttributes: attributes(PHASES.pledges),
  });
  await enterPhase(PHASES.pledgesClosed);

  // Cycles started before reporting existed end here, as they did; so do cycles without reporting and without a conference.
  const reporting = patched('reporting-periods') ? input.calendar.reporting : undefined;
  if (!reporting?.length && !input.calendar.conference) return { cycleId, phase: status.phase, pledges };

  let reports: RoundResult[] | undefined;
  if (reporting?.length) {
    await enterPhase(PHASES.reporting);
    reports = await Promise.all(
      reporting.map(({ period, ...calendar }) => {
        const name = reportRoundName(period);
        const workflowId = roundId(cycleId, name);
        status.rounds.push({ kind: name, workflowId });
        return executeChild(round, {
          workflowId,
          args: [
            {
              ...people,
              roundId: workflowId,
              kind: 'report',
              period,
              ...(period === 'YEAR' && setup.rubric ? { rubric: setup.rubric } : {}),
              calendar,
              extensionLimit: extensionLimit(input.calendar, 'report'),
            },
          ],
          typedSearchAttributes: attributes(PHASES.reporting),
        });
      }),
    );
    await enterPhase(PHASES.reportsClosed);
  }

  // Cycles started before scoring existed skip it, as they did. patched('scoring') is still asked
  // right after the reporting periods, where old histories recorded it, so they replay.
  const scores = reports && patched('scoring') && input.calendar.scoring && input.calendar.ballot && setup.rubric;
  let outcome: ScoringOutcome | undefined;
  let council: CouncilOutcome | undefined;
  if (scores) {
    status.scoring = scoring;
    outcome = await runScoring(
      {
        cycleId,
        calendar: input.calendar,
        rules: input.ballotRules ?? DEFAULT_BALLOT_RULES,
        rubric: setup.rubric!,
        people,
        enterPhase,
        openRound: (kind) => status.rounds.push({ kind, workflowId: roundId(cycleId, kind) }),
        attributes,
      },
      scoring,
    );
    // Cycles started before the council existed end at their nominations, as they did.
    if (patched('council') && input.calendar.council) {
      status.council = { version: 0, returned: [] };
      council = await runCouncilSubmission(
        {
          cycleId,
          calendar: input.calendar.council,
          ...(input.councilRules ? { rules: input.councilRules } : {}),
          chairRepresentative: representativeOf(setup.chairUnit).representative,
          phase: () => status.phase,
          enterPhase,
        },
        status.council,
      );
    }
  }
  // The result carries the cycle's submission status, so revocations heard before the cycle ends are in it.
  const results = () => ({
    cycleId,
    pledges,
    reports,
    ...(outcome ? { scoring: outcome } : {}),
    ...(council ? { council } : {}),
    ...(status.council?.revocations ? { revocations: status.council.revocations } : {}),
  });
  // Cycles started before the conference existed, or without one in their calendar, end here.
  if (!input.calendar.conference || !patched('conference')) {
    if (status.council) await awaitComplaintWindow(status.council);
    return { ...results(), phase: status.phase };
  }
  status.yearEnd = yearEnd;
  await runConference({ cycleId, calendar: input.calendar, enterPhase }, yearEnd);
  if (status.council) await awaitComplaintWindow(status.council);
  return { ...results(), phase: status.phase, yearEnd };
}
