import { sql } from 'kysely';
import { terminateRunning } from '../../bench/runBench.ts';
import { runProjectCycles, type RoundName } from '../../bench/projectRun.ts';
import type { WebActor } from '../../bench/webActor.ts';
import { BENCH_YEAR, createSyntheticProvince, type SyntheticProvince } from '../../bench/syntheticProvince.ts';
import { COUNCIL } from '../../db/referenceData.ts';
import { councilId, provinceCode } from '../../domain/council.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { ReceivedMail } from '../../infra/mailSink.ts';
import { waitUntil } from '../../infra/waitUntil.ts';
import type { FaultStack } from './faultStack.ts';

// One compressed whole cycle of a small synthetic cluster (the bench's province and participants:
// every representative acts in every round through the client operations, then the council's
// secretariat, members and chair), its outcome in words that do not depend on the run's codes, and
// the fault counts: rows twice by their business key, mails twice by Message-ID and by their key,
// submissions and mails lost.

export const MEMBERS = 5;

export interface Outcome {
  /** Units in rank order with their totals, e.g. "U01 101.5". */
  ranking: string[];
  nominations: string[];
  decision: string;
  awards: string[];
  /** The hand-over's next chair and deputy. */
  rotation: string;
}

export interface FaultCounts {
  duplicateRows: number;
  duplicateMailsById: number;
  duplicateMailsByKey: number;
  lostSubmissions: number;
  lostMails: number;
  /** What was counted, for the failure message. */
  details: string[];
}

export interface CycleRun {
  province: SyntheticProvince;
  outcome: Outcome;
  refusals: string[];
  retries: number;
  wallMs: number;
}

/**
 * Runs one cycle to its hand-over while `disturb` (given the run's start) does its worst, then
 * reads the outcome. The next year's cycles the hand-over started are ended: they are not the run's.
 */
export async function runCycle(
  stack: FaultStack,
  opts: {
    roundMs: number;
    log: (line: string) => void;
    /** Runs beside the cycle, given its start: the fault's own schedule. */
    disturb?: (startedAt: number, province: SyntheticProvince) => Promise<void>;
    /** Awaited as each round opens, before anyone acts in it: a fault the participants must act through. */
    beforeActing?: (round: RoundName) => Promise<void>;
    /** Representatives who act through the web pages (the first three pledges and H1 reports); else every one through the client operations. */
    web?: WebActor;
  },
): Promise<CycleRun> {
  const { roundMs, log, disturb, beforeActing, web } = opts;
  const province = await createSyntheticProvince(stack.db, { clusters: 1, members: MEMBERS });
  const startedAt = Date.now();
  const [result] = await Promise.all([
    runProjectCycles({
      client: stack.client,
      db: stack.db,
      taskQueue: 'faults',
      provinces: [province],
      roundMs,
      concurrency: MEMBERS,
      log,
      ...(web ? { web } : {}),
      ...(beforeActing ? { beforeActing } : {}),
    }),
    disturb?.(startedAt, province),
  ]);
  const tag = province.clusters[0]!.code.split('-')[0]!;
  await terminateRunning(stack.client, [`cycle/${tag}-`, `council/${provinceCode(province.name)}/`]);
  return {
    province,
    outcome: await outcomeOf(stack, province),
    refusals: result.refusals,
    retries: result.retries,
    wallMs: Date.now() - startedAt,
  };
}

async function outcomeOf(stack: FaultStack, province: SyntheticProvince): Promise<Outcome> {
  const { db } = stack;
  const cluster = province.clusters[0]!;
  const cycle = cycleId(cluster.code, BENCH_YEAR);
  const council = councilId(province.name, BENCH_YEAR);
  // Unit codes without the run's tag: two runs of the same inputs name their units alike.
  const bare = (unit: string) => unit.slice(cluster.code.length);
  const ranking = await db
    .selectFrom('score_consolidation')
    .select(['unit_code', 'total'])
    .where('cycle_id', '=', cycle)
    .where('final', '=', true)
    .orderBy('rank')
    .orderBy('unit_code')
    .execute();
  const nominations = await db
    .selectFrom('nomination')
    .select(['award', 'unit_code', 'decided_by'])
    .where('cycle_id', '=', cycle)
    .orderBy('award')
    .orderBy('unit_code')
    .execute();
  const decision = await db.selectFrom('decision').select(['status', 'approved_by']).where('council_id', '=', council).executeTakeFirst();
  const awards = await db
    .selectFrom('award')
    .select(['award', 'unit_code', 'amount_vnd'])
    .where('council_id', '=', council)
    .orderBy('award')
    .orderBy('unit_code')
    .execute();
  const handover = await db
    .selectFrom('handover')
    .select(['to_chair', 'to_deputy', 'policy'])
    .where('from_cycle_id', '=', cycle)
    .executeTakeFirst();
  return {
    ranking: ranking.map((r) => `${bare(r.unit_code)} ${Number(r.total)}`),
    nominations: nominations.map((n) => `${n.award} ${bare(n.unit_code)} (${n.decided_by})`),
    decision: decision ? `${decision.status} by ${decision.approved_by}` : 'none',
    awards: awards.map((a) => `${a.award} ${bare(a.unit_code)} ${a.amount_vnd}`),
    rotation: handover ? `chair ${bare(handover.to_chair)}, deputy ${bare(handover.to_deputy)} (${handover.policy})` : 'none',
  };
}

/** Business keys: a row twice under one of them is a thing recorded twice. */
const BUSINESS_KEYS: [table: string, columns: string[]][] = [
  ['pledge', ['cycle_id', 'unit_code']],
  // The participants submit each report and score sheet once: a second version is a retry recorded twice.
  ['report', ['cycle_id', 'unit_code', 'period']],
  ['cross_score', ['cycle_id', 'scorer_unit', 'target_unit']],
  ['ballot_voter', ['ballot_id', 'unit_code']],
  ['ballot_result', ['ballot_id']],
  ['nomination', ['cycle_id', 'award', 'unit_code']],
  ['score_consolidation', ['cycle_id', 'unit_code', 'final']],
  ['council_submission', ['cycle_id']],
  ['council_vote', ['council_id', 'session', 'member_id']],
  ['council_event', ['council_id', 'key']],
  ['decision', ['council_id']],
  ['award', ['council_id', 'nomination']],
  ['conference', ['cycle_id']],
  ['handover', ['cluster_code', 'to_year']],
  ['cycle_launch', ['cycle_id']],
  ['round_notice', ['round_id', 'kind', 'seq', 'unit_code']],
  // The suite extends one unit's deadline once (by a CLI call it retries).
  ['round_extension', ['round_id', 'unit_code']],
  ['email_outbox', ['key']],
  ['email_outbox', ['message_id']],
  ['audit_event', ['key']],
];

/**
 * The fault counts over everything the stack's database and mail sink hold (the file's runs only:
 * the stack is the file's own). Waits (bounded) for the mails still pending to go out first.
 */
export async function faultCounts(stack: FaultStack, runs: CycleRun[]): Promise<FaultCounts> {
  const { db } = stack;
  const details: string[] = [];
  await waitUntil(
    'the outbox to empty',
    async () =>
      (await db.selectFrom('email_outbox').select('key').where('status', '=', 'pending').execute()).length === 0 ? true : undefined,
    { timeoutMs: 60_000, intervalMs: 500 },
  ).catch(() => undefined);

  let duplicateRows = 0;
  for (const [table, columns] of BUSINESS_KEYS) {
    const cols = sql.join(columns.map((c) => sql.ref(c)));
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from (select 1 from ${sql.table(table)} group by ${cols} having count(*) > 1) d`.execute(db);
    const n = Number(rows[0]!.n);
    if (n) details.push(`${table}: ${n} ${columns.join('+')} recorded twice`);
    duplicateRows += n;
  }
  // A sealed envelope is a vote's content: more envelopes than voters is a vote counted twice.
  const { rows: envelopes } = await sql<{ ballot_id: string; extra: string }>`
    select v.ballot_id, (select count(*) from ballot_envelope e where e.ballot_id = v.ballot_id) - count(*) as extra
    from ballot_voter v group by v.ballot_id`.execute(db);
  for (const e of envelopes.filter((e) => Number(e.extra) > 0)) {
    details.push(`${e.ballot_id}: ${e.extra} envelope(s) more than its voters`);
    duplicateRows += Number(e.extra);
  }

  const mails = await stack.mail.messages();
  const header = (m: ReceivedMail, name: string) => String(m.headers[name] ?? '');
  const twice = (values: string[]) => values.length - new Set(values).size;
  const duplicateMailsById = twice(mails.map((m) => header(m, 'message-id')));
  const duplicateMailsByKey = twice(mails.map((m) => header(m, 'x-tdkt-key')));
  if (duplicateMailsById) details.push(`${duplicateMailsById} mail(s) received twice (Message-ID)`);
  const received = new Set(mails.map((m) => header(m, 'x-tdkt-key')));
  const outbox = await db.selectFrom('email_outbox').select(['key', 'status']).execute();
  const lost = outbox.filter((m) => m.status !== 'sent' || !received.has(m.key));
  if (lost.length) details.push(`${lost.length} mail(s) never received, e.g. ${lost[0]!.key} (${lost[0]!.status})`);

  let lostSubmissions = 0;
  for (const run of runs) {
    const cluster = run.province.clusters[0]!;
    const cycle = cycleId(cluster.code, BENCH_YEAR);
    const count = async (q: Promise<{ n: string | number | bigint }[]>) => Number((await q)[0]!.n);
    const found = {
      pledge: await count(
        db
          .selectFrom('pledge')
          .select((e) => e.fn.countAll().as('n'))
          .where('cycle_id', '=', cycle)
          .execute(),
      ),
      reports: await count(
        db
          .selectFrom('report')
          .select((e) => e.fn.countAll().as('n'))
          .where('cycle_id', '=', cycle)
          .execute(),
      ),
      scorers: await count(
        db
          .selectFrom('cross_score')
          .select((e) => e.fn.count('scorer_unit').distinct().as('n'))
          .where('cycle_id', '=', cycle)
          .execute(),
      ),
      voters: await count(
        db
          .selectFrom('ballot_voter')
          .select((e) => e.fn.countAll().as('n'))
          .where('ballot_id', '=', roundId(cycle, 'ballot-1'))
          .execute(),
      ),
      councilVotes: await count(
        db
          .selectFrom('council_vote')
          .select((e) => e.fn.count('member_id').distinct().as('n'))
          .where('council_id', '=', councilId(run.province.name, BENCH_YEAR))
          .execute(),
      ),
    };
    const expected = { pledge: MEMBERS, reports: 2 * MEMBERS, scorers: MEMBERS, voters: MEMBERS, councilVotes: 1 + COUNCIL.members.length };
    for (const [what, n] of Object.entries(expected)) {
      const missing = Math.max(0, n - found[what as keyof typeof found]);
      if (missing) details.push(`${cycle}: ${missing} ${what} missing`);
      lostSubmissions += missing;
    }
    // A participant who was refused, or a cycle that never handed over, lost what it sent.
    if (run.refusals.length) details.push(...run.refusals.map((r) => `${cycle}: ${r}`));
    lostSubmissions += run.refusals.length;
  }
  return { duplicateRows, duplicateMailsById, duplicateMailsByKey, lostSubmissions, lostMails: lost.length, details };
}
