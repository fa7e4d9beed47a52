import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { CliError } from '../../client/exitCodes.ts';
import { cycleStatus } from '../../client/operations.ts';
import { compressedCalendar } from '../../domain/calendar.ts';
import { cycleInputSchema, defaultCampaigns, type CycleInput } from '../../domain/cycle.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { RoundPhase, RoundStatus } from '../../domain/round.ts';
import type { connectDatabase } from '../../db/connect.ts';
import { rubricOf } from '../../db/queries/participants.ts';
import type { round, RoundInput } from '../../workflows/round.ts';
import { roundStatusQuery } from '../../workflows/messages.ts';

type Db = ReturnType<typeof connectDatabase>;

/** The seed cluster's representatives (DOMAIN.md): unit → person id. */
export const REPS = { TGI: 'tgi.tuan', DBI: 'dbi.binh', MAN: 'man.hoa', DBP: 'dbp.lan', MLA: 'mla.hung' } as const;

/**
 * A fresh copy of the Điện Biên low-land cluster for 2018 under a new code, so that every test has
 * a cluster-year (and so a cycle id) of its own on the shared servers.
 */
export async function copySeedCluster(db: Db): Promise<string> {
  const code = `T-${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cluster')
      .values({ code, name: 'Cụm thi đua vùng thấp (bản thử)', province: 'Điện Biên', kind: 'cluster' })
      .execute();
    const members = await tx
      .selectFrom('cluster_membership')
      .selectAll()
      .where('cluster_code', '=', 'DB-VT')
      .where('year', '=', 2018)
      .execute();
    await tx
      .insertInto('cluster_membership')
      .values(members.map((m) => ({ ...m, cluster_code: code })))
      .execute();
    await tx.insertInto('cluster_leadership').values({ cluster_code: code, year: 2018, chair_unit: 'DBI', deputy_unit: 'MAN' }).execute();
    const rubric = await tx
      .selectFrom('rubric')
      .selectAll()
      .where('cluster_code', '=', 'DB-VT')
      .where('year', '=', 2018)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('rubric')
      .values({ ...rubric, cluster_code: code, definition: JSON.stringify(rubric.definition) })
      .execute();
  });
  return code;
}

/**
 * A copy of a seed cluster-year under a code of its own, with the chair and deputy given: `from`
 * names the seed cluster and year whose members (in rotation order) and rubric are copied, `year`
 * the year of the copy. Units are shared with the seed (do not merge them away: use
 * copyClusterWithOwnUnits for that).
 */
export async function copyClusterYear(
  db: Db,
  opts: { from: { cluster: string; year: number }; year: number; chair: string; deputy: string; prefix?: string },
): Promise<string> {
  const code = `${opts.prefix ?? 'T'}-${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.transaction().execute(async (tx) => {
    const original = await tx.selectFrom('cluster').selectAll().where('code', '=', opts.from.cluster).executeTakeFirstOrThrow();
    await tx
      .insertInto('cluster')
      .values({ ...original, code, name: `${original.name} (bản thử)` })
      .execute();
    const members = await tx
      .selectFrom('cluster_membership')
      .selectAll()
      .where('cluster_code', '=', opts.from.cluster)
      .where('year', '=', opts.from.year)
      .execute();
    await tx
      .insertInto('cluster_membership')
      .values(members.map((m) => ({ ...m, cluster_code: code, year: opts.year })))
      .execute();
    await tx
      .insertInto('cluster_leadership')
      .values({ cluster_code: code, year: opts.year, chair_unit: opts.chair, deputy_unit: opts.deputy })
      .execute();
    const rubric = await tx
      .selectFrom('rubric')
      .selectAll()
      .where('cluster_code', '=', opts.from.cluster)
      .where('year', '=', opts.from.year)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('rubric')
      .values({ ...rubric, cluster_code: code, year: opts.year, definition: JSON.stringify(rubric.definition) })
      .execute();
  });
  return code;
}

/**
 * A copy of the seed's 2018 low-land cluster with units and representatives of its own (codes
 * like `U1A2B3-DBP`, people like `u1a2b3.dbp`), for tests that merge units away: a merge is a fact
 * about a unit, and would otherwise reach every other test's copy of the seed.
 */
export async function copyClusterWithOwnUnits(
  db: Db,
): Promise<{ cluster: string; unit: (seed: string) => string; rep: (seed: string) => string }> {
  const tag = `U${randomBytes(3).toString('hex').toUpperCase()}`;
  const unit = (seed: string) => `${tag}-${seed}`;
  const rep = (seed: string) => `${tag.toLowerCase()}.${seed.toLowerCase()}`;
  const cluster = `${tag}-VT`;
  await db.transaction().execute(async (tx) => {
    const original = await tx.selectFrom('cluster').selectAll().where('code', '=', 'DB-VT').executeTakeFirstOrThrow();
    await tx
      .insertInto('cluster')
      .values({ ...original, code: cluster, name: `${original.name} (bản thử ${tag})` })
      .execute();
    const members = await tx
      .selectFrom('cluster_membership')
      .selectAll()
      .where('cluster_code', '=', 'DB-VT')
      .where('year', '=', 2018)
      .execute();
    const units = await tx
      .selectFrom('unit')
      .selectAll()
      .where(
        'code',
        'in',
        members.map((m) => m.unit_code),
      )
      .execute();
    await tx
      .insertInto('unit')
      .values(units.map((u) => ({ ...u, code: unit(u.code) })))
      .execute();
    await tx
      .insertInto('cluster_membership')
      .values(members.map((m) => ({ ...m, cluster_code: cluster, unit_code: unit(m.unit_code) })))
      .execute();
    await tx
      .insertInto('cluster_leadership')
      .values({ cluster_code: cluster, year: 2018, chair_unit: unit('DBI'), deputy_unit: unit('MAN') })
      .execute();
    const people = await tx.selectFrom('person').selectAll().where('id', 'in', Object.values(REPS)).execute();
    await tx
      .insertInto('person')
      .values(
        people.map((p) => ({ ...p, id: rep(p.unit_code!), email: `${rep(p.unit_code!)}@example.org`, unit_code: unit(p.unit_code!) })),
      )
      .execute();
    await tx
      .insertInto('person_role')
      .values(
        people.map((p) => ({
          person_id: rep(p.unit_code!),
          role: 'representative' as const,
          unit_code: unit(p.unit_code!),
          province: null,
          year: 2018,
        })),
      )
      .execute();
    const rubric = await tx
      .selectFrom('rubric')
      .selectAll()
      .where('cluster_code', '=', 'DB-VT')
      .where('year', '=', 2018)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('rubric')
      .values({ ...rubric, cluster_code: cluster, definition: JSON.stringify(rubric.definition) })
      .execute();
  });
  return { cluster, unit, rep };
}

/** Every payload in a history, decoded: what an administrator reading it would see. */
export function decodedPayloads(history: unknown): string {
  const found: string[] = [];
  JSON.stringify(history, (key, value: unknown) => {
    if (key === 'data' && typeof value === 'string') found.push(Buffer.from(value, 'base64').toString('utf8'));
    if (value instanceof Uint8Array) found.push(Buffer.from(value).toString('utf8'));
    return value;
  });
  return found.join('\n');
}

/** The highland cluster's representatives (db/referenceData.ts, DB-VC 2018). */
export const HIGHLAND_REPS = { MCH: 'mch.ly', TCH: 'tch.giang', MNH: 'mnh.sung', DBD: 'dbd.vang', NPO: 'npo.thao' } as const;

/**
 * A province of its own with copies of both 2018 clusters (the low-land DB-VT and the highland
 * DB-VC), the secretariat and the 15-member council, so that a test has its own council
 * (`council/<PROVINCE>/2018`) on the shared servers.
 */
export async function copySeedProvince(db: Db): Promise<{ province: string; lowland: string; highland: string }> {
  const code = randomBytes(3).toString('hex').toUpperCase();
  const province = `Tỉnh thử ${code}`;
  const clusters = { lowland: `P${code}-VT`, highland: `P${code}-VC` };
  await db.transaction().execute(async (tx) => {
    for (const [copy, from] of [
      [clusters.lowland, 'DB-VT'],
      [clusters.highland, 'DB-VC'],
    ] as const) {
      const original = await tx.selectFrom('cluster').selectAll().where('code', '=', from).executeTakeFirstOrThrow();
      await tx
        .insertInto('cluster')
        .values({ ...original, code: copy, province })
        .execute();
      const members = await tx
        .selectFrom('cluster_membership')
        .selectAll()
        .where('cluster_code', '=', from)
        .where('year', '=', 2018)
        .execute();
      await tx
        .insertInto('cluster_membership')
        .values(members.map((m) => ({ ...m, cluster_code: copy })))
        .execute();
      const leadership = await tx
        .selectFrom('cluster_leadership')
        .selectAll()
        .where('cluster_code', '=', from)
        .where('year', '=', 2018)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('cluster_leadership')
        .values({ ...leadership, cluster_code: copy })
        .execute();
      const rubric = await tx
        .selectFrom('rubric')
        .selectAll()
        .where('cluster_code', '=', from)
        .where('year', '=', 2018)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('rubric')
        .values({ ...rubric, cluster_code: copy, definition: JSON.stringify(rubric.definition) })
        .execute();
    }
    // The council and its secretariat, not the console's office staff (the council's secretary and
    // the administrator): they stay Điện Biên's, so their console opens on one province only.
    const roles = await tx
      .selectFrom('person_role')
      .selectAll()
      .where('province', '=', 'Điện Biên')
      .where('year', '=', 2018)
      .where('role', 'not in', ['council_secretary', 'administrator'])
      .execute();
    await tx
      .insertInto('person_role')
      .values(roles.map((r) => ({ ...r, province })))
      .execute();
  });
  return { province, ...clusters };
}

/** The refusal a client operation ends with; anything else (success included) fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

/** Waits until the round workflow `workflowId` is open for submissions. */
export async function waitOpen(client: Client, workflowId: string, timeoutMs = 30_000): Promise<RoundStatus> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = await client.workflow
      .getHandle(workflowId)
      .query(roundStatusQuery)
      .catch(() => undefined);
    if (status?.phase === 'open') return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${workflowId} did not open in ${timeoutMs} ms`);
}

/** Waits until the cycle `id` is in `phase`. */
export async function waitForPhase(client: Client, id: string, phase: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = (await cycleStatus(client, id)).cycle.phase;
    if (last === phase) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${id} did not reach phase ${phase} in ${timeoutMs} ms (last: ${last})`);
}

/**
 * A cycle input whose pledge round opens `startInMs` from now and lasts `roundMs`; with
 * `reporting`, the H1 and YEAR report rounds follow, each as long.
 */
export function fastCycle(
  cluster: string,
  roundMs: number,
  startInMs = 300,
  opts: { reporting: boolean; scoring?: boolean; council?: boolean; conference?: boolean } = { reporting: false },
  year = 2018,
): CycleInput {
  return cycleInputSchema.parse({
    cluster,
    year,
    calendar: compressedCalendar(Date.now() + startInMs, roundMs, opts),
    campaigns: defaultCampaigns(year),
  });
}

export async function waitForRound(client: Client, cluster: string, phase: RoundPhase, timeoutMs = 20_000): Promise<RoundStatus> {
  const handle = client.workflow.getHandle(roundId(cycleId(cluster, 2018), 'pledge'));
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const status = await handle.query(roundStatusQuery);
      if (status.phase === phase) return status;
      last = status.phase;
    } catch (error) {
      last = error; // the round workflow is not started yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pledge round of ${cluster} did not reach ${phase} in ${timeoutMs} ms (last: ${String(last)})`);
}

/**
 * The cycle's row as the cycle records it when it starts (DBI chairs, MAN deputises, the seed's
 * 2018 leadership), for tests that run a round, a council or an export without running the cycle.
 */
export async function recordCycleRow(db: Db, row: { id: string; cluster: string; year: number; phase: string; at?: Date }): Promise<void> {
  const at = row.at ?? new Date();
  await db
    .insertInto('cycle')
    .values({
      id: row.id,
      cluster_code: row.cluster,
      year: row.year,
      phase: row.phase,
      calendar: '{}',
      chair_unit: 'DBI',
      deputy_unit: 'MAN',
      started_at: at,
      updated_at: at,
    })
    .execute();
}

/**
 * A copy of the seed cluster with its cycle's row, and the input of its H1 report round, so that a
 * test can run one round on its own as the cycle would start it (`extra`: an extension limit, a
 * history limit…).
 */
export async function standaloneReportRound(
  db: Db,
  calendar: RoundInput['calendar'],
  extra: Partial<RoundInput> = {},
): Promise<RoundInput> {
  const cluster = await copySeedCluster(db);
  const id = cycleId(cluster, 2018);
  // The round's activities read the cycle's record, as they do when the cycle starts the round.
  await recordCycleRow(db, { id, cluster, year: 2018, phase: 'reporting' });
  const members = await db
    .selectFrom('cluster_membership')
    .innerJoin('unit', 'unit.code', 'cluster_membership.unit_code')
    .select(['unit.code', 'unit.name'])
    .where('cluster_code', '=', cluster)
    .where('year', '=', 2018)
    .orderBy('rotation_order')
    .execute();
  return {
    roundId: roundId(id, 'report-H1'),
    cycleId: id,
    cluster,
    year: 2018,
    kind: 'report',
    period: 'H1',
    calendar,
    participants: members.map((m) => ({ unit: m.code, unitName: m.name, representative: REPS[m.code as keyof typeof REPS] })),
    people: [...Object.values(REPS), 'snv.ha'],
    secretariat: ['snv.ha'],
    ...extra,
  };
}

/**
 * A round of `kind` of a copy of the seed cluster, started on its own as the cycle would start it
 * (pledge and score rounds too; a score round gets the seed's rubric), waited for until it is open.
 * Its deadlines may move until two hours from now.
 */
export async function startStandaloneRound(
  h: { db: Db; client: Client; taskQueue: string },
  kind: 'report' | 'score' | 'pledge',
  calendar: RoundInput['calendar'],
): Promise<RoundInput> {
  const input = await standaloneReportRound(h.db, calendar, {
    extensionLimit: { closeBy: new Date(Date.now() + 7_200_000).toISOString(), before: 'the cross-score round opens' },
  });
  if (kind !== 'report') {
    input.kind = kind;
    input.roundId = roundId(input.cycleId, kind);
    delete input.period;
  }
  if (kind === 'score') input.rubric = await rubricOf(h.db, input.cluster, 2018);
  await h.client.workflow.start<typeof round>('round', { taskQueue: h.taskQueue, workflowId: input.roundId, args: [input] });
  await waitOpen(h.client, input.roundId);
  return input;
}

/** Waits for `check` to hold (polled every 100 ms), failing after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, get: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await get();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen in ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}
