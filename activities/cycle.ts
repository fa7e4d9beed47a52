import { ApplicationFailure } from '@temporalio/common';
import { loadCycleContext, loadMembers, loadSecretariat, representativeOf } from '../db/queries/cycleContext.ts';
import type { CycleCalendar } from '../domain/calendar.ts';
import type { Campaign, CycleInput } from '../domain/cycle.ts';
import type { Participant } from '../domain/round.ts';
import { rubricSchema, type Rubric } from '../domain/rubric.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { campaignLaunched } from './mail/templates.ts';
import { deliverMails, enqueueMails } from './outbox.ts';

// Activities of the cycle itself: who takes part this year, and the cycle's own records.

export interface CycleSetup {
  clusterName: string;
  province: string;
  chairUnit: string;
  deputyUnit: string;
  members: Participant[];
  /** Everyone registered for this cluster-year, by id: representatives and the secretariat. */
  people: string[];
  secretariat: string[];
  /** The scoring rubric of the cluster-year, when one is recorded (the year-end self-score needs it). */
  rubric?: Rubric;
}

export const SetupFailure = {
  UnknownCluster: 'UnknownCluster',
  NoMembership: 'NoMembership',
  NoLeadership: 'NoLeadership',
  NoRepresentative: 'NoRepresentative',
  BadRubric: 'BadRubric',
} as const;

export function cycleActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Reads the cluster's membership, leadership and people for the year; a gap fails the cycle at once. */
    async loadCycleSetup(input: { cluster: string; year: number }): Promise<CycleSetup> {
      const cluster = await db.selectFrom('cluster').selectAll().where('code', '=', input.cluster).executeTakeFirst();
      if (!cluster) throw ApplicationFailure.nonRetryable(`unknown cluster ${input.cluster}`, SetupFailure.UnknownCluster);
      const members = await loadMembers(db, input.cluster, input.year);
      if (members.length === 0)
        throw ApplicationFailure.nonRetryable(
          `cluster ${input.cluster} has no members recorded for ${input.year}`,
          SetupFailure.NoMembership,
        );
      const without = members.filter((m) => !m.personId).map((m) => m.code);
      if (without.length)
        throw ApplicationFailure.nonRetryable(
          `no representative recorded for ${without.join(', ')} in ${input.year}`,
          SetupFailure.NoRepresentative,
        );
      const leadership = await db
        .selectFrom('cluster_leadership')
        .selectAll()
        .where('cluster_code', '=', input.cluster)
        .where('year', '=', input.year)
        .executeTakeFirst();
      if (!leadership)
        throw ApplicationFailure.nonRetryable(
          `no chair and deputy recorded for ${input.cluster} in ${input.year}`,
          SetupFailure.NoLeadership,
        );
      const secretariatIds = (await loadSecretariat(db, cluster.province, input.year)).map((s) => s.id);
      const participants = members.map((m) => ({ unit: m.code, unitName: m.name, representative: m.personId! }));
      const rubricRow = await db
        .selectFrom('rubric')
        .select('definition')
        .where('cluster_code', '=', input.cluster)
        .where('year', '=', input.year)
        .executeTakeFirst();
      const rubric = rubricRow ? rubricSchema.safeParse(rubricRow.definition) : undefined;
      if (rubric && !rubric.success)
        throw ApplicationFailure.nonRetryable(
          `the rubric recorded for ${input.cluster} ${input.year} is not valid: ${rubric.error.message}`,
          SetupFailure.BadRubric,
        );
      return {
        clusterName: cluster.name,
        province: cluster.province,
        chairUnit: leadership.chair_unit,
        deputyUnit: leadership.deputy_unit,
        members: participants,
        people: [...new Set([...participants.map((p) => p.representative), ...secretariatIds])],
        secretariat: secretariatIds,
        ...(rubric?.success ? { rubric: rubric.data } : {}),
      };
    },

    async recordCycleStarted(input: {
      cycleId: string;
      cluster: string;
      year: number;
      calendar: CycleCalendar;
      chairUnit: string;
      deputyUnit: string;
      at: number;
      input?: CycleInput;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('cycle')
          .values({
            id: input.cycleId,
            cluster_code: input.cluster,
            year: input.year,
            phase: 'starting',
            calendar: JSON.stringify(input.calendar),
            input: input.input ? JSON.stringify(input.input) : null,
            chair_unit: input.chairUnit,
            deputy_unit: input.deputyUnit,
            started_at: at,
            updated_at: at,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:started`,
          cycleId: input.cycleId,
          actor: 'secretariat',
          action: 'cycle.started',
          subject: input.cycleId,
          details: { chairUnit: input.chairUnit, deputyUnit: input.deputyUnit },
          occurredAt: at,
        });
      });
    },

    async recordPhase(input: { cycleId: string; phase: string; at: number }): Promise<void> {
      const at = new Date(input.at);
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('cycle').set({ phase: input.phase, updated_at: at }).where('id', '=', input.cycleId).execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:phase:${input.phase}`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'cycle.phase',
          subject: input.cycleId,
          details: { phase: input.phase },
          occurredAt: at,
        });
      });
    },

    /** Records the campaigns and tells every member's representative, with the pledge deadline. */
    async launchCampaigns(input: { cycleId: string; campaigns: Campaign[]; pledgeDeadline: number; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('campaign')
          .values(input.campaigns.map((c) => ({ cycle_id: input.cycleId, code: c.code, title: c.title, launched_at: at })))
          .onConflict((oc) => oc.columns(['cycle_id', 'code']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:campaigns-launched`,
          cycleId: input.cycleId,
          actor: 'secretariat',
          action: 'campaigns.launched',
          subject: input.cycleId,
          details: { campaigns: input.campaigns.map((c) => c.code) },
          occurredAt: at,
        });
        return enqueueMails(
          tx,
          deps.mailFrom,
          [...ctx.unitNames.keys()].map((unit) => {
            const to = representativeOf(ctx, unit);
            return {
              key: `${input.cycleId}:campaigns-launched:${unit}`,
              cycleId: input.cycleId,
              to,
              mail: campaignLaunched({
                recipientName: to.fullName,
                clusterName: ctx.clusterName,
                year: ctx.year,
                campaigns: input.campaigns,
                pledgeDeadline: input.pledgeDeadline,
              }),
            };
          }),
        );
      });
      return deliverMails(deps, keys);
    },
  };
}
