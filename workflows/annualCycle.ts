import { ApplicationFailure, defineQuery, executeChild, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CycleCalendar } from '../domain/calendar.js';
import { cycleInputSchema, PHASES, type CycleInput, type Phase } from '../domain/cycle.js';
import { cycleId as cycleIdOf, roundId } from '../domain/ids.js';
import { Rejection } from '../domain/rejections.js';
import type { RoundResult } from '../domain/round.js';
import { RECORDING } from './activityOptions.js';
import { sleepUntil } from './clock.js';
import { round } from './round.js';
import { CLUSTER, PHASE, YEAR } from './searchAttributes.js';

// One cluster's year, with the id `cycle/<cluster>/<year>` so a second start of the same
// cluster-year is refused by Temporal itself. It runs launch → pledges → the reporting periods
// (each a round of its own, running side by side on their own dates); scoring and the council
// follow in later slices.

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
}

export interface CycleResult {
  cycleId: string;
  phase: Phase;
  pledges: RoundResult;
  /** One per reporting period of the calendar (absent for cycles started before reporting existed). */
  reports?: RoundResult[];
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

  const setup = await acts.loadCycleSetup({ cluster: input.cluster, year: input.year });
  if (input.calendar.reporting?.some((r) => r.period === 'YEAR') && !setup.rubric) {
    throw ApplicationFailure.nonRetryable(`no scoring rubric is recorded for ${input.cluster} ${input.year}; the year-end report's self-score needs one`, Rejection.InvalidInput);
  }
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
  return { cycleId, phase: status.phase, pledges, reports };
}
