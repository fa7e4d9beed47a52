import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { pendingTasks } from '../client/adminOperations.ts';
import { appraise, councilStatus, councilVote, decide, recordAttendance } from '../client/councilOperations.ts';
import { CliError, ExitCode } from '../client/exitCodes.ts';
import { castBallot, currentBallot, signPledge, startCycle, submitReport, submitScores } from '../client/operations.ts';
import { COUNCIL, sampleScoreSheets, sampleSelfScore } from '../db/referenceData.ts';
import type { Database } from '../db/schema.ts';
import { compressedCalendar } from '../domain/calendar.ts';
import { councilId, type CouncilStatus } from '../domain/council.ts';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.ts';
import { formatIsoDuration } from '../domain/duration.ts';
import { cycleId, roundId } from '../domain/ids.ts';
import { roundStatusQuery } from '../workflows/messages.ts';
import { mapConcurrently } from './measure.ts';
import { BENCH_YEAR, type SyntheticProvince } from './syntheticProvince.ts';
import type { WebActor } from './webActor.ts';

// The project's side of the bench: the provinces' cycles started on a compressed calendar, and
// every member unit's representative acting in every round through the client operations the
// CLI and the web server use (a first cluster's representatives through the web pages, when
// there is a web server), then the council's secretariat, members and chair to the decision;
// the cycles end with the conference's hand-over. Each submission's latency runs from the
// Update's call to its row being visible in PostgreSQL.

export const ROUNDS = ['pledge', 'report-H1', 'report-YEAR', 'score', 'ballot-1'] as const;
export type RoundName = (typeof ROUNDS)[number];

export interface PhaseTiming {
  phase: string;
  actions: number;
  refused: number;
  /** From the phase's first action to its last row visible (ms). */
  spanMs: number;
}

export interface ProjectRunResult {
  cycles: string[];
  councils: string[];
  phases: PhaseTiming[];
  /** Update call → row visible in PostgreSQL, one per submission made through the client operations (ms). */
  latencies: number[];
  /** The web form posts timed (ms), by what they did. */
  webPosts: { what: string; ms: number }[];
  pendingTasks: { ms: number; tasks: number };
  refusals: string[];
  /** Submissions tried again after a failure that was not a refusal (a query or an Update that failed). */
  retries: number;
  /** From the first cycle's start to the last cycle's end (ms): the compressed calendar's length, mostly. */
  cycleWallMs: number;
}

export interface ProjectRunOptions {
  client: Client;
  db: Kysely<Database>;
  taskQueue: string;
  provinces: SyntheticProvince[];
  roundMs: number;
  concurrency: number;
  web?: WebActor;
  /** Awaited once every cycle's round is open, before anyone acts in it (the fault suite stops a component there). */
  beforeActing?: (round: RoundName) => Promise<void>;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, look: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await look().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(250);
  }
}

/**
 * The calendar: compressedCalendar's rounds, then a ballot open long enough for every unit's cast
 * (a cast asks the cycle for the ballot's key first: 150 ms a unit leaves room for it), the
 * council's session right after it, and no complaints to wait for. A
 * conference that falls before the council's decision is held as soon as the decision is in.
 */
function benchCalendar(startMs: number, roundMs: number, units: number) {
  const calendar = compressedCalendar(startMs, roundMs);
  const ballotMs = Math.max(roundMs * 2, units * 150);
  const submitBy = Date.parse(calendar.ballot!.opensAt) + ballotMs + roundMs / 2;
  calendar.ballot = { ...calendar.ballot!, duration: formatIsoDuration(ballotMs) };
  calendar.council = {
    ...calendar.council!,
    submitBy: new Date(submitBy).toISOString(),
    sessionAt: new Date(submitBy + roundMs / 2).toISOString(),
    sessionLength: formatIsoDuration(roundMs * 3),
    complaintWindow: 'PT2S',
  };
  return calendar;
}

/**
 * A participant tries again, twice, when the server failed rather than refused (a refusal is a CliError: it stands).
 * A round is recorded (and seen open here) a moment before it takes submissions, when its opening mails are out:
 * "not open yet" is asked again for up to `notOpenForMs`.
 */
async function withRetries<T>(act: () => Promise<T>, retried: () => void, notOpenForMs: number): Promise<T> {
  const openBy = Date.now() + notOpenForMs;
  for (let failures = 0; ;) {
    try {
      return await act();
    } catch (error) {
      if (error instanceof CliError && error.exitCode === ExitCode.roundNotOpen && Date.now() < openBy) {
        await sleep(250);
        continue;
      }
      if (error instanceof CliError || ++failures === 3) throw error;
      retried();
      await sleep(500 * failures);
    }
  }
}

/** Is the row a submission of `round` records there yet? */
async function rowVisible(db: Kysely<Database>, round: RoundName, cycle: string, unit: string): Promise<boolean> {
  const found =
    round === 'pledge'
      ? await db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', cycle).where('unit_code', '=', unit).executeTakeFirst()
      : round === 'score'
        ? await db
            .selectFrom('cross_score')
            .select('scorer_unit')
            .where('cycle_id', '=', cycle)
            .where('scorer_unit', '=', unit)
            .executeTakeFirst()
        : round === 'ballot-1'
          ? await db
              .selectFrom('ballot_voter')
              .select('unit_code')
              .where('ballot_id', '=', roundId(cycle, round))
              .where('unit_code', '=', unit)
              .executeTakeFirst()
          : await db
              .selectFrom('report')
              .select('unit_code')
              .where('cycle_id', '=', cycle)
              .where('unit_code', '=', unit)
              .where('period', '=', round === 'report-H1' ? 'H1' : 'YEAR')
              .executeTakeFirst();
  return found !== undefined;
}

export async function runProjectCycles(opts: ProjectRunOptions): Promise<ProjectRunResult> {
  const { client, db, log } = opts;
  const clusters = opts.provinces.flatMap((p) => p.clusters);
  const cycles = clusters.map((c) => cycleId(c.code, BENCH_YEAR));
  const councils = opts.provinces.map((p) => councilId(p.name, BENCH_YEAR));
  // Starting takes a moment per cycle: the calendar begins once they can all be started.
  const startMs = Date.now() + 3_000 + clusters.length * 150;
  const calendar = benchCalendar(startMs, opts.roundMs, clusters.length * clusters[0]!.members.length);
  const began = Date.now();
  await mapConcurrently(clusters, opts.concurrency, (c) =>
    startCycle(
      client,
      opts.taskQueue,
      cycleInputSchema.parse({ cluster: c.code, year: BENCH_YEAR, calendar, campaigns: defaultCampaigns(BENCH_YEAR) }),
      1_000,
    ),
  );
  log(
    `started ${cycles.length} cycles (rounds of ${opts.roundMs / 1000} s; the pledge round opens in ${Math.max(0, Math.round((startMs - Date.now()) / 1000))} s)`,
  );

  const phases: PhaseTiming[] = [];
  const latencies: number[] = [];
  const webPosts: ProjectRunResult['webPosts'] = [];
  const refusals: string[] = [];
  /** The phase of each retry after a failure that was not a refusal. */
  const retries: string[] = [];
  let pending = { ms: 0, tasks: 0 };
  for (const round of ROUNDS) {
    log(`waiting for the ${cycles.length} ${round} round(s) to open…`);
    const opened = new Set<string>();
    await until(
      `every ${round} round to open`,
      async () => {
        // PostgreSQL first (its row is written as the round opens, a moment before it takes
        // submissions: its opening mails go out in between), then the round itself, once: a query
        // is a workflow task for the worker, and while a worker restarts (the fault suite kills it)
        // queries fail for seconds, which counts as "not yet".
        const recorded = await db
          .selectFrom('round')
          .select('cycle_id')
          .where(
            'id',
            'in',
            cycles.map((c) => roundId(c, round)),
          )
          .where('opened_at', 'is not', null)
          .where('closed_at', 'is', null)
          .execute();
        for (const { cycle_id: cycle } of recorded.filter((r) => !opened.has(r.cycle_id))) {
          const status = await client.workflow
            .getHandle(roundId(cycle, round))
            .query(roundStatusQuery)
            .catch(() => undefined);
          if (status?.phase === 'open') opened.add(cycle);
        }
        return opened.size === cycles.length ? true : undefined;
      },
      opts.roundMs * 12,
    );
    if (round === 'pledge') {
      // Everyone owes a pledge now: the pending list at its longest, of every province (as an administrator asks it).
      const t0 = performance.now();
      const tasks = await pendingTasks(client);
      pending = { ms: Math.round(performance.now() - t0), tasks: tasks.length };
      log(`pendingTasks of every province: ${tasks.length} open tasks in ${pending.ms} ms`);
    }
    const ballots =
      round === 'ballot-1'
        ? new Map(
            await Promise.all(
              cycles.map(
                async (id) =>
                  [id, (await until(`the ballot of ${id}`, () => currentBallot(client, id), opts.roundMs * 3)).ballot.items] as const,
              ),
            ),
          )
        : undefined;
    const actions = clusters.flatMap((cluster) =>
      cluster.members.map((member) => ({ cluster, member, cycle: cycleId(cluster.code, BENCH_YEAR) })),
    );
    // The web pages' participants open their task pages (from their mails) first: only their form posts run with the others.
    const onWeb = new Map<string, () => Promise<{ what: string; ms: number }>>();
    if (opts.web && (round === 'pledge' || round === 'report-H1'))
      // Half of the first cluster's members (at least one): the other half, and every other cluster, go through the client operations.
      for (const member of clusters[0]!.members.slice(0, Math.ceil(clusters[0]!.members.length / 2)))
        onWeb.set(member.unit, await opts.web.open(round, roundId(cycleId(clusters[0]!.code, BENCH_YEAR), round), member));
    await opts.beforeActing?.(round);
    const t0 = performance.now();
    let done = 0;
    const progress = setInterval(() => log(`  ${round}: ${done}/${actions.length}`), 5_000);
    try {
      await mapConcurrently(actions, opts.concurrency, async ({ cluster, member, cycle }) => {
        const units = cluster.members.map((m) => m.unit);
        try {
          const post = onWeb.get(member.unit);
          if (post) webPosts.push(await post());
          else {
            const called = performance.now();
            await withRetries(
              () => submit(client, round, cycle, member, units, ballots),
              () => retries.push(round),
              opts.roundMs,
            );
            // Bounded: a row that never shows is a lost submission, reported as a refusal, not a hung run.
            const lostAfter = Date.now() + opts.roundMs * 12;
            while (!(await rowVisible(db, round, cycle, member.unit).catch(() => false))) {
              if (Date.now() > lostAfter) throw new Error(`acknowledged, but no row after ${(opts.roundMs * 12) / 1000} s`);
              await sleep(10);
            }
            latencies.push(performance.now() - called);
          }
        } catch (error) {
          refusals.push(`${round} ${member.unit}: ${error instanceof Error ? error.message : String(error)}`);
        }
        done++;
      });
    } finally {
      clearInterval(progress);
    }
    const refused = refusals.filter((r) => r.startsWith(`${round} `)).length;
    const timing = { phase: round, actions: actions.length, refused, spanMs: Math.round(performance.now() - t0) };
    phases.push(timing);
    const retried = retries.filter((r) => r === round).length;
    log(
      `${round}: ${actions.length - timing.refused}/${actions.length} in ${(timing.spanMs / 1000).toFixed(1)} s${retried ? `, ${retried} retried after a failure` : ''}${timing.refused ? ` (${timing.refused} refused, e.g. ${refusals.at(-1)})` : ''}`,
    );
  }

  phases.push(...(await runCouncils(client, councils, opts, log, refusals)));
  const handedOver = async (id: string) => {
    // Cleared once the race is over: a pending timer kept the bench's process alive after its report.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`${id} did not hand over in ${(opts.roundMs * 6) / 1000} s after the council`), opts.roundMs * 6);
    });
    try {
      const outcome = await Promise.race([
        client.workflow
          .getHandle(id)
          .result()
          .then(() => undefined),
        timeout,
      ]);
      if (outcome) refusals.push(`hand-over ${outcome}`);
    } finally {
      clearTimeout(timer);
    }
  };
  await mapConcurrently(cycles, opts.concurrency, handedOver);
  const cycleWallMs = Date.now() - began;
  const stuck = refusals.filter((r) => r.startsWith('hand-over ')).length;
  log(
    `${cycles.length - stuck} of ${cycles.length} cycles handed over to ${BENCH_YEAR + 1} (${(cycleWallMs / 1000).toFixed(0)} s from the first start)`,
  );
  return { cycles, councils, phases, latencies, webPosts, pendingTasks: pending, refusals, retries: retries.length, cycleWallMs };
}

async function submit(
  client: Client,
  round: RoundName,
  cycle: string,
  member: { unit: string; rep: string },
  units: string[],
  ballots: Map<string, { flag: string[]; certificates: string[] }> | undefined,
): Promise<void> {
  const { unit, rep } = member;
  // One update id per unit and round: a participant who tries again after a failure cannot record twice.
  const requestId = `bench-${round}-${unit}`;
  // Every unit scores near the top; the spread keeps the ranking free of ties (the first unit leads).
  const bases = Object.fromEntries(units.map((u, i) => [u, 95 - i * 0.5]));
  if (round === 'pledge') await signPledge(client, { cycleId: cycle, unit, signer: rep, requestId });
  else if (round === 'report-H1')
    await submitReport(client, {
      cycleId: cycle,
      unit,
      period: 'H1',
      submitter: rep,
      content: { narrative: `Sơ kết 6 tháng của ${unit}.` },
      requestId,
    });
  else if (round === 'report-YEAR')
    await submitReport(client, {
      cycleId: cycle,
      unit,
      period: 'YEAR',
      submitter: rep,
      content: { narrative: `Báo cáo tổng kết năm của ${unit}.`, selfScore: sampleSelfScore(bases[unit]! + 2) },
      requestId,
    });
  else if (round === 'score')
    await submitScores(client, { cycleId: cycle, unit, scorer: rep, content: sampleScoreSheets(unit, units, bases), requestId });
  else {
    const items = ballots!.get(cycle)!;
    await castBallot(client, {
      cycleId: cycle,
      unit,
      voter: rep,
      choices: { flag: items.flag[0]!, certificates: Object.fromEntries(items.certificates.map((c) => [c, 'for' as const])) },
      requestId,
    });
  }
}

/**
 * The provinces' councils, step by step together (as the baseline sends a phase's Updates
 * together): the secretariat appraises every nomination and takes the attendance, every member
 * votes on every nomination, the chair decides. A council that fails a step is reported (the
 * figures are still printed) and left out of the next.
 */
async function runCouncils(
  client: Client,
  councils: string[],
  opts: ProjectRunOptions,
  log: (line: string) => void,
  refusals: string[],
): Promise<PhaseTiming[]> {
  const wait = opts.roundMs * 12;
  const secretariat = 'snv.ha';
  const members = [COUNCIL.chair.id, ...COUNCIL.members.map((m) => m.id)];
  const clustersOf = (council: string) => opts.provinces.find((p) => councilId(p.name, BENCH_YEAR) === council)!.clusters.length;
  const fail = (council: string, error: unknown) => {
    refusals.push(`council ${council}: ${error instanceof Error ? error.message : String(error)}`);
    log(`${council} did not reach its decision: ${refusals.at(-1)}`);
  };
  let live = [...councils];
  const phases: PhaseTiming[] = [];
  /** Waits until every live council is `ready`, then runs the step's actions of them all at the participants' concurrency. */
  const step = async (
    phase: string,
    awaited: string,
    ready: (s: CouncilStatus, council: string) => boolean,
    actions: (s: CouncilStatus, council: string) => (() => Promise<unknown>)[],
  ) => {
    const statuses = new Map<string, CouncilStatus>();
    await Promise.all(
      live.map(async (council) => {
        try {
          const status = await until(
            `${council}: ${awaited}`,
            async () => {
              const s = await councilStatus(client, council);
              return ready(s, council) ? s : undefined;
            },
            wait,
          );
          statuses.set(council, status);
        } catch (error) {
          fail(council, error);
        }
      }),
    );
    live = live.filter((c) => statuses.has(c));
    const all = live.flatMap((council) => actions(statuses.get(council)!, council).map((act) => ({ council, act })));
    const failed = new Set<string>();
    const t0 = performance.now();
    await mapConcurrently(all, opts.concurrency, async ({ council, act }) => {
      try {
        await act();
      } catch (error) {
        if (!failed.has(council)) fail(council, error);
        failed.add(council);
      }
    });
    const timing = { phase, actions: all.length, refused: failed.size, spanMs: Math.round(performance.now() - t0) };
    live = live.filter((c) => !failed.has(c));
    log(`${phase}: ${all.length} in ${(timing.spanMs / 1000).toFixed(1)} s (${councils.length} council(s))`);
    phases.push(timing);
  };

  await step(
    'council appraisal',
    "every cluster's submission",
    (s, council) => s.submissions.length === clustersOf(council) && Boolean(s.chair),
    (s, council) =>
      Object.keys(s.appraisal).map(
        (nomination) => () => appraise(client, { councilId: council, appraisal: { actor: secretariat, nomination, verdict: 'accept' } }),
      ),
  );
  await step(
    'council attendance',
    'the session',
    (s) => s.phase === 'session',
    (_, council) => [() => recordAttendance(client, { councilId: council, attendance: { actor: secretariat, present: members } })],
  );
  await step(
    'council vote',
    'the vote',
    (s) => s.phase === 'voting' && s.ballot !== undefined,
    (s, council) => {
      const votes = Object.fromEntries(s.ballot!.nominations.map((n) => [n, 'approve' as const]));
      return members.map((actor) => () => councilVote(client, { councilId: council, ballot: { actor, written: false, votes } }));
    },
  );
  await step(
    'council decision',
    'the count',
    (s) => s.phase === 'decision',
    (_, council) => [() => decide(client, { councilId: council, action: { actor: COUNCIL.chair.id, action: 'approve' } })],
  );
  return phases;
}
