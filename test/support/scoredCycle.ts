import { startCycle, submitReport, submitScores } from '../../client/operations.ts';
import { sampleScoreSheets, sampleSelfScore } from '../../db/referenceData.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { fastCycle, REPS, waitOpen } from './fixtures.ts';
import type { Harness } from './harness.ts';

// A compressed 2018 of a cluster (a copy of the seed's) brought fast to its cross-scores: the cycle
// starts 300 ms from now with rounds of `roundMs`, every member files its year-end report through
// the client's operations, then (unless the file's page does the scoring) its cross-score sheets.
// The calendar is the compressed one with each file's own changes, given as options so that they
// stay visible where the file reads them.

export const MEMBERS = Object.keys(REPS) as (keyof typeof REPS)[];

export interface ScoredCycleOptions {
  roundMs: number;
  /** Each member's score before the bonus: its self-score is this +2, and every scorer's sheets give it this (sampleScoreSheets). */
  bases: Record<keyof typeof REPS, number>;
  /** The year-end report round opens a round earlier, so that its five reports have two rounds' time. */
  earlyYearReport?: boolean;
  /** The cross-score round's deadline, this long after it opens; it refuses late sheets, so it closes then at the latest. */
  scoringMs?: number;
  /** The ballot opens this long after the cross-score round opens (the draft table's life once the sheets are in). */
  ballotAfterScoringMs?: number;
  /** The ballot round's duration (ISO 8601). */
  ballotDuration: string;
  /** The year-end conference, this long from now. */
  conference?: { inMs: number; yearLength: string };
  /** The council's calendar, its instants counted from the ballot's opening. */
  council?: { submitByMs: number; sessionMs: number; sessionLength: string };
  /** False: the cross-scores are left to the file (its page scores); the helper returns once the reports are in. */
  crossScores?: boolean;
}

/** Starts the cluster's 2018 cycle and files the members' reports and cross-scores; returns the cycle's id. */
export async function startScoredCycle(h: Harness, cluster: string, options: ScoredCycleOptions): Promise<string> {
  const { roundMs, bases } = options;
  const cycle = cycleId(cluster, 2018);
  const input = fastCycle(cluster, roundMs, 300, {
    reporting: true,
    scoring: true,
    council: options.council !== undefined,
    conference: options.conference !== undefined,
  });
  const { calendar } = input;
  if (options.earlyYearReport) {
    const yearReport = calendar.reporting![1]!;
    yearReport.opensAt = new Date(Date.parse(yearReport.opensAt) - roundMs).toISOString();
  }
  const scoring = calendar.scoring!;
  if (options.scoringMs !== undefined) {
    scoring.deadline = new Date(Date.parse(scoring.opensAt) + options.scoringMs).toISOString();
    scoring.late = { mode: 'refuse' };
  }
  const ballot = calendar.ballot!;
  if (options.ballotAfterScoringMs !== undefined)
    ballot.opensAt = new Date(Date.parse(scoring.opensAt) + options.ballotAfterScoringMs).toISOString();
  ballot.duration = options.ballotDuration;
  if (options.conference)
    calendar.conference = { at: new Date(Date.now() + options.conference.inMs).toISOString(), yearLength: options.conference.yearLength };
  if (options.council) {
    const ballotOpens = Date.parse(ballot.opensAt);
    calendar.council = {
      ...calendar.council!,
      submitBy: new Date(ballotOpens + options.council.submitByMs).toISOString(),
      sessionAt: new Date(ballotOpens + options.council.sessionMs).toISOString(),
      sessionLength: options.council.sessionLength,
    };
  }
  await startCycle(h.client, h.taskQueue, input);
  await waitOpen(h.client, roundId(cycle, 'report-YEAR'), 60_000);
  await Promise.all(
    MEMBERS.map((unit) =>
      submitReport(h.client, {
        cycleId: cycle,
        unit,
        period: 'YEAR',
        submitter: REPS[unit],
        content: { narrative: `Báo cáo tổng kết năm 2018 của ${unit}.`, selfScore: sampleSelfScore(bases[unit] + 2) },
      }),
    ),
  );
  if (options.crossScores === false) return cycle;
  await waitOpen(h.client, roundId(cycle, 'score'), 60_000);
  await Promise.all(
    MEMBERS.map((unit) =>
      submitScores(h.client, { cycleId: cycle, unit, scorer: REPS[unit], content: sampleScoreSheets(unit, MEMBERS, bases) }),
    ),
  );
  return cycle;
}
