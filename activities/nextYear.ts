import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { loadSecretariat } from '../db/queries/cycleContext.ts';
import { findYearEndCycle, rotationFacts } from '../db/queries/yearEnd.ts';
import type { Database } from '../db/schema.ts';
import { cycleCalendarSchema } from '../domain/calendar.ts';
import { nextYearInput, type NextCycle, type StartPath } from '../domain/cycle.ts';
import { cycleId as cycleIdOf } from '../domain/ids.ts';
import { rotationAsItStands, RotationError, type RotationAsItStands } from '../domain/rotation.ts';
import { formatVietnamTime } from '../domain/time.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { handoverNotice } from './mail/conferenceMails.ts';
import { deliverMails, enqueueMails, type OutgoingMail } from './outbox.ts';

// Next year: the chair's hand-over (DOMAIN.md "Rotation") and the start of next year's cycle.
// Two paths lead here, the conference of the year's cycle and the secretariat's yearly Schedule,
// and they may run at the same moment. Everything is keyed so that they agree: the hand-over is
// one row per cluster and year (the first writer's stands, and both compute it from the same
// stored facts), and the next cycle is one workflow id, so whichever path starts it, there is one.

export const NextYearFailure = { RotationImpossible: 'RotationImpossible', NotDue: 'NotDue', NoCycle: 'NoCycle' } as const;

async function loadCycle(db: Kysely<Database>, cycleId: string) {
  const cycle = await findYearEndCycle(db, cycleId);
  if (!cycle) throw ApplicationFailure.nonRetryable(`cycle ${cycleId} is not recorded in the database`, NextYearFailure.NoCycle);
  return cycle;
}
type CycleRow = Awaited<ReturnType<typeof loadCycle>>;

async function rotationOf(db: Kysely<Database>, cycle: CycleRow, nextLaunch: number): Promise<RotationAsItStands> {
  try {
    return rotationAsItStands(await rotationFacts(db, cycle, nextLaunch));
  } catch (error) {
    // Retried (with back-off) rather than failing the year: the secretariat can correct the data, e.g. excuse fewer units.
    if (error instanceof RotationError)
      throw ApplicationFailure.retryable(
        `the chair of ${cycle.cluster_code} cannot rotate for ${cycle.year + 1}: ${error.message}`,
        NextYearFailure.RotationImpossible,
      );
    throw error;
  }
}

/**
 * Records next year's chair and deputy (once: a second caller reads the first's), next year's
 * membership, and the year-scoped reference data carried over (representatives, secretariat,
 * council, rubric), and mails the hand-over. Returns the hand-over as recorded.
 */
async function handOver(
  deps: ActivityDeps,
  cycle: CycleRow,
  by: StartPath,
  nextLaunch: number,
  at: Date,
): Promise<{ chair: string; deputy: string }> {
  const { db } = deps;
  const nextYear = cycle.year + 1;
  const existing = await db
    .selectFrom('handover')
    .select(['to_chair', 'to_deputy'])
    .where('cluster_code', '=', cycle.cluster_code)
    .where('to_year', '=', nextYear)
    .executeTakeFirst();
  if (existing) return { chair: existing.to_chair, deputy: existing.to_deputy };
  const rotation = await rotationOf(db, cycle, nextLaunch);
  const keys = await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('handover')
      .values({
        cluster_code: cycle.cluster_code,
        to_year: nextYear,
        from_cycle_id: cycle.id,
        from_chair: cycle.chair_unit,
        from_deputy: cycle.deputy_unit,
        to_chair: rotation.chair,
        to_deputy: rotation.deputy,
        policy: rotation.policy,
        rotation: JSON.stringify(rotation),
        recorded_by: by,
        recorded_at: at,
      })
      .onConflict((oc) => oc.columns(['cluster_code', 'to_year']).doNothing())
      .returning('to_chair')
      .executeTakeFirst();
    // The other path got here first, in a transaction of its own: its hand-over stands, with its mails.
    if (!inserted) return [];
    await tx
      .insertInto('cluster_leadership')
      .values({ cluster_code: cycle.cluster_code, year: nextYear, chair_unit: rotation.chair, deputy_unit: rotation.deputy })
      .onConflict((oc) => oc.columns(['cluster_code', 'year']).doNothing())
      .execute();
    await tx
      .insertInto('cluster_membership')
      .values(
        rotation.members.map((m) => ({
          cluster_code: cycle.cluster_code,
          year: nextYear,
          unit_code: m.unit,
          rotation_order: m.order,
          never_chair: m.neverChair,
        })),
      )
      .onConflict((oc) => oc.columns(['cluster_code', 'year', 'unit_code']).doNothing())
      .execute();
    // Year-scoped roles go on unless someone recorded next year's already.
    const units = rotation.members.map((m) => m.unit);
    const representatives = await tx
      .selectFrom('person_role')
      .selectAll()
      .where('role', '=', 'representative')
      .where('year', '=', cycle.year)
      .where('unit_code', 'in', units)
      .execute();
    const provincial = await tx
      .selectFrom('person_role')
      .selectAll()
      .where('role', 'in', ['secretariat', 'administrator', 'council_member', 'council_chair', 'council_secretary'])
      .where('province', '=', cycle.province)
      .where('year', '=', cycle.year)
      .execute();
    const office = (r: { role: string }) => r.role === 'secretariat' || r.role === 'administrator';
    const carried = [...representatives, ...provincial.filter(office)];
    const councilNextYear = await tx
      .selectFrom('person_role')
      .select('person_id')
      .where('role', 'in', ['council_member', 'council_chair'])
      .where('province', '=', cycle.province)
      .where('year', '=', nextYear)
      .executeTakeFirst();
    if (!councilNextYear) carried.push(...provincial.filter((r) => !office(r)));
    if (carried.length)
      await tx
        .insertInto('person_role')
        .values(carried.map((r) => ({ ...r, year: nextYear })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    const rubric = await tx
      .selectFrom('rubric')
      .selectAll()
      .where('cluster_code', '=', cycle.cluster_code)
      .where('year', '=', cycle.year)
      .executeTakeFirst();
    if (rubric)
      await tx
        .insertInto('rubric')
        .values({ ...rubric, year: nextYear, definition: JSON.stringify(rubric.definition) })
        .onConflict((oc) => oc.columns(['cluster_code', 'year']).doNothing())
        .execute();
    await appendAudit(tx, {
      key: `${cycle.id}:handover`,
      cycleId: cycle.id,
      actor: by === 'schedule' ? 'schedule' : 'system',
      action: 'rotation.handover',
      subject: `${cycle.cluster_code}/${nextYear}`,
      details: {
        from: { chair: cycle.chair_unit, deputy: cycle.deputy_unit },
        to: { chair: rotation.chair, deputy: rotation.deputy },
        policy: rotation.policy,
        skipped: rotation.skipped,
        recordedBy: by,
        ...(rotation.overrideSetAside ? { overrideSetAside: rotation.overrideSetAside } : {}),
      },
      occurredAt: at,
    });

    const names = new Map(
      (
        await tx
          .selectFrom('unit')
          .select(['code', 'name'])
          .where('code', 'in', [...units, cycle.chair_unit])
          .execute()
      ).map((u) => [u.code, u.name]),
    );
    const name = (unit: string) => `${names.get(unit) ?? unit} (${unit})`;
    const people = await tx
      .selectFrom('person_role as r')
      .innerJoin('person as p', 'p.id', 'r.person_id')
      .select(['p.id', 'p.email', 'p.full_name'])
      .where('r.role', '=', 'representative')
      .where((eb) =>
        eb.or([
          eb.and([eb('r.year', '=', nextYear), eb('r.unit_code', 'in', units)]),
          eb.and([eb('r.year', '=', cycle.year), eb('r.unit_code', '=', cycle.chair_unit)]),
        ]),
      )
      .execute();
    const recipients = new Map(people.map((p) => [p.id, { id: p.id, email: p.email, fullName: p.full_name }]));
    for (const s of await loadSecretariat(tx, cycle.province, cycle.year)) recipients.set(s.id, s);
    const skipped = rotation.skipped.map((s) => `${name(s.unit)}: ${s.detail}`);
    const mails: OutgoingMail[] = [...recipients.values()].map((to) => ({
      key: `${cycle.id}:handover:${to.id}`,
      cycleId: cycle.id,
      to,
      mail: handoverNotice({
        recipientName: to.fullName,
        clusterName: cycle.cluster_name,
        year: cycle.year,
        nextYear,
        fromChair: name(cycle.chair_unit),
        toChair: name(rotation.chair),
        toDeputy: name(rotation.deputy),
        skipped,
        ...(rotation.override ? { override: rotation.override.reason } : {}),
      }),
    }));
    return enqueueMails(tx, deps.mailFrom, mails);
  });
  await deliverMails(deps, keys);
  const recorded = await db
    .selectFrom('handover')
    .select(['to_chair', 'to_deputy'])
    .where('cluster_code', '=', cycle.cluster_code)
    .where('to_year', '=', nextYear)
    .executeTakeFirstOrThrow();
  return { chair: recorded.to_chair, deputy: recorded.to_deputy };
}

/** Starts next year's cycle unless it runs already: one workflow id, one claim row, whichever path comes first. */
async function startCycle(
  deps: ActivityDeps,
  cycle: CycleRow,
  by: StartPath,
  leaders: { chair: string; deputy: string },
  at: Date,
): Promise<NextCycle> {
  const { db } = deps;
  const input = nextYearInput(cycle);
  const workflowId = cycleIdOf(input.cluster, input.year);
  const claimed = await db
    .insertInto('cycle_launch')
    .values({ cycle_id: workflowId, from_cycle_id: cycle.id, started_by: by, started_at: at })
    .onConflict((oc) => oc.column('cycle_id').doNothing())
    .returning('started_by')
    .executeTakeFirst();
  let started = false;
  try {
    // Started even when the claim was the other path's: that path may have died between its claim and its start.
    await deps.temporal.workflow.start('annualCycle', {
      workflowId,
      taskQueue: Context.current().info.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'FAIL',
    });
    started = true;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const launch = await db.selectFrom('cycle_launch').select('started_by').where('cycle_id', '=', workflowId).executeTakeFirstOrThrow();
  await appendAudit(db, {
    key: `${workflowId}:start-attempt:${by}`,
    cycleId: cycle.id,
    actor: by,
    action: 'cycle.next-start',
    subject: workflowId,
    details: { claimed: Boolean(claimed), started, startedBy: launch.started_by },
    occurredAt: at,
  });
  return { cycleId: workflowId, started, startedBy: launch.started_by, ...leaders };
}

export function nextYearActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** The conference's hand-over: next year's chair and deputy recorded and mailed, and next year's cycle started. */
    async handOverAndStart(input: { cycleId: string; at: number }): Promise<NextCycle> {
      const cycle = await loadCycle(db, input.cycleId);
      const nextLaunch = Date.parse(nextYearInput(cycle).calendar.launchAt);
      const leaders = await handOver(deps, cycle, 'handover', nextLaunch, new Date(input.at));
      return startCycle(deps, cycle, 'handover', leaders, new Date(input.at));
    },

    /**
     * The yearly Schedule's run: the cluster's latest cycle hands over and its next year starts, once
     * the latest year's conference date (or, without one, next year's launch) has come. Before
     * that it does nothing and says when.
     */
    async startScheduledCycle(input: { cluster: string; at: number }): Promise<NextCycle | { started: false; reason: string }> {
      const latest = await db
        .selectFrom('cycle')
        .select('id')
        .where('cluster_code', '=', input.cluster)
        .orderBy('year', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest) return { started: false, reason: `${input.cluster} has no cycle yet: start its first year with tdkt cycle start` };
      const cycle = await loadCycle(db, latest.id);
      const next = nextYearInput(cycle);
      const calendar = cycleCalendarSchema.parse(cycle.calendar);
      const dueAt = calendar.conference ? Date.parse(calendar.conference.at) : Date.parse(next.calendar.launchAt);
      if (input.at < dueAt) {
        return {
          started: false,
          reason: `${cycle.id} is the latest year of ${input.cluster}; ${cycle.year + 1} is due from ${formatVietnamTime(dueAt)}`,
        };
      }
      const leaders = await handOver(deps, cycle, 'schedule', Date.parse(next.calendar.launchAt), new Date(input.at));
      return startCycle(deps, cycle, 'schedule', leaders, new Date(input.at));
    },
  };
}
