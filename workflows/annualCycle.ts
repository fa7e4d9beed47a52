import { ApplicationFailure, defineQuery, executeChild, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CycleCalendar } from '../domain/calendar.js';
import { DEFAULT_BALLOT_RULES } from '../domain/ballot.js';
import { cycleInputSchema, PHASES, type CycleInput, type Phase } from '../domain/cycle.js';
import { cycleId as cycleIdOf, roundId } from '../domain/ids.js';
import { Rejection } from '../domain/rejections.js';
import type { RoundResult } from '../domain/round.js';
import type { ScoringGate } from '../domain/scoringActions.js';
import { RECORDING } from './activityOptions.js';
import { sleepUntil } from './clock.js';
import { round } from './round.js';
import { handleScoringUpdates, runScoring, type ScoringOutcome, type ScoringStatus } from './clusterScoring.js';
import type { CouncilOutcome } from './councilSession.js';
import { runCouncilSubmission, type CouncilSubmissionStatus } from './councilSubmission.js';
import { CLUSTER, PHASE, YEAR } from './searchAttributes.js';

// One cluster's year, with the id `cycle/<cluster>/<year>` so a second start of the same
// cluster-year is refused by Temporal itself. It runs launch → pledges → the reporting periods
// (each a round of its own, running side by side on their own dates) → cross-scoring, the
// consolidated table and the cluster ballot (clusterScoring.ts) → the nominations; the council
// follows in a later slice.

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
}

export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');

const acts = proxyActivities<Activities>(RECORDING);

export async function annualCycle(rawInput: CycleInput): Promise<CycleResult> {
  const parsed = cycleInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid cycle input: ${parsed.error.message}`, Rejection.InvalidInput);
  const input = parsed.data;
  const cycleId = workflowInfo().workflowId;
  if (cycleId !== cycleIdOf(input.cluster, input.year)) {
    // The id is what makes a second start of the same cluster-year impossible; any other id would defeat it.
    throw ApplicationFailure.nonRetryable(`a cycle of ${input.cluster} ${input.year} must run as ${cycleIdOf(input.cluster, input.year)}, not ${cycleId}`, Rejection.InvalidInput);
  }

  const status: CycleStatus = { cycleId, cluster: input.cluster, year: input.year, phase: PHASES.starting, calendar: input.calendar, rounds: [] };
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
  };

  // Veto inputs may come at any time before the ballot, so the scoring Updates are handled from the start.
  const scoring: ScoringStatus = { ballots: [] };
  const vetoes: ScoringGate['vetoes'] = [];
  // Filled in once the cycle's setup is loaded; until then the validators say the cycle is starting.
  const gate: { of?: () => ScoringGate } = {};
  handleScoringUpdates({ cycleId, gate: () => gate.of?.(), status: scoring, vetoes });

  const setup = await acts.loadCycleSetup({ cluster: input.cluster, year: input.year });
  if (input.calendar.reporting?.some((r) => r.period === 'YEAR') && !setup.rubric) {
    throw ApplicationFailure.nonRetryable(`no scoring rubric is recorded for ${input.cluster} ${input.year}; the year-end report's self-score needs one`, Rejection.InvalidInput);
  }
  const representativeOf = (unit: string) => ({ unit, representative: setup.members.find((m) => m.unit === unit)?.representative ?? '' });
  gate.of = () => ({
    cycleId,
    phase: status.phase,
    scores: Boolean(input.calendar.scoring),
    members: setup.members.map((m) => m.unit),
    chair: representativeOf(setup.chairUnit),
    deputy: representativeOf(setup.deputyUnit),
    secretariat: setup.secretariat,
    vetoes,
    flagCandidates: scoring.leaders?.candidates ?? [],
  });
  status.chairUnit = setup.chairUnit;
  status.deputyUnit = setup.deputyUnit;
  await acts.recordCycleStarted({ cycleId, cluster: input.cluster, year: input.year, calendar: input.calendar, chairUnit: setup.chairUnit, deputyUnit: setup.deputyUnit, at: Date.now() });

  await enterPhase(PHASES.scheduled);
  await sleepUntil(Date.parse(input.calendar.launchAt));
  await enterPhase(PHASES.launch);
  await acts.launchCampaigns({ cycleId, campaigns: input.campaigns, pledgeDeadline: Date.parse(input.calendar.pledge.deadline), at: Date.now() });

  await enterPhase(PHASES.pledges);
  const pledgeRound = roundId(cycleId, 'pledge');
  status.rounds.push({ kind: 'pledge', workflowId: pledgeRound });
  const attributes = (phase: Phase) => [
    { key: CLUSTER, value: input.cluster },
    { key: YEAR, value: input.year },
    { key: PHASE, value: phase },
  ];
  const people = { cycleId, cluster: input.cluster, year: input.year, participants: setup.members, people: setup.people, secretariat: setup.secretariat };
  const pledges = await executeChild(round, {
    workflowId: pledgeRound,
    args: [{ ...people, roundId: pledgeRound, kind: 'pledge', calendar: input.calendar.pledge }],
    typedSearchAttributes: attributes(PHASES.pledges),
  });
  await enterPhase(PHASES.pledgesClosed);

  // Cycles started before reporting existed end here, as they did.
  if (!patched('reporting-periods') || !input.calendar.reporting?.length) return { cycleId, phase: status.phase, pledges };

  await enterPhase(PHASES.reporting);
  const reports = await Promise.all(
    input.calendar.reporting.map(({ period, ...calendar }) => {
      const workflowId = roundId(cycleId, `report-${period}`);
      status.rounds.push({ kind: `report-${period}`, workflowId });
      return executeChild(round, {
        workflowId,
        args: [{ ...people, roundId: workflowId, kind: 'report', period, ...(period === 'YEAR' && setup.rubric ? { rubric: setup.rubric } : {}), calendar }],
        typedSearchAttributes: attributes(PHASES.reporting),
      });
    }),
  );
  await enterPhase(PHASES.reportsClosed);

  // Cycles started before scoring existed end here, as they did.
  if (!patched('scoring') || !input.calendar.scoring || !input.calendar.ballot || !setup.rubric) return { cycleId, phase: status.phase, pledges, reports };
  status.scoring = scoring;
  const outcome = await runScoring(
    {
      cycleId,
      calendar: input.calendar,
      rules: input.ballotRules ?? DEFAULT_BALLOT_RULES,
      rubric: setup.rubric,
      people,
      enterPhase,
      openRound: (kind) => status.rounds.push({ kind, workflowId: roundId(cycleId, kind) }),
      attributes,
    },
    scoring,
  );

  // Cycles started before the council existed end at their nominations, as they did.
  if (!patched('council') || !input.calendar.council) return { cycleId, phase: status.phase, pledges, reports, scoring: outcome };
  status.council = { version: 0, returned: [] };
  const council = await runCouncilSubmission(
    { cycleId, calendar: input.calendar.council, ...(input.councilRules ? { rules: input.councilRules } : {}), chairRepresentative: representativeOf(setup.chairUnit).representative, phase: () => status.phase, enterPhase },
    status.council,
  );
  return { cycleId, phase: status.phase, pledges, reports, scoring: outcome, council };
}
