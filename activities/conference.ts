import { ApplicationFailure } from '@temporalio/common';
import { loadCycleContext, representativeOf } from '../db/queries/cycleContext.ts';
import { rotationFacts } from '../db/queries/yearEnd.ts';
import { certificateNumber, giayKhenAmount, type Certificate, type Merge } from '../domain/conference.ts';
import { AWARDS } from '../domain/council.ts';
import { Rejection } from '../domain/rejections.ts';
import type { Channel } from '../domain/round.ts';
import { checkOverride, nextMembership, RotationError } from '../domain/rotation.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { conferenceHeld, mergeNotice } from './mail/conferenceMails.ts';
import { deliverMails, enqueueMails, type OutgoingMail } from './outbox.ts';

// Activities of the year's end (DOMAIN.md step 10) and of a member merged away mid-year: each
// writes its rows, its audit event and its mails in one transaction keyed by business keys.

export interface ConferenceRecord {
  awardsHandedOver: number;
  certificates: number;
}

export function conferenceActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** The chair's giấy khen for the conference, numbered in the order given; a second list is refused by the workflow. */
    async recordCertificates(input: {
      cycleId: string;
      actor: string;
      certificates: Certificate[];
      channel?: Channel;
      at: number;
    }): Promise<string[]> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const strangers = input.certificates.map((c) => c.unit).filter((u) => !ctx.unitNames.has(u));
      if (strangers.length)
        throw ApplicationFailure.nonRetryable(
          `not members of ${ctx.cluster} in ${ctx.year}: ${[...new Set(strangers)].join(', ')}`,
          Rejection.NotAMember,
        );
      const at = new Date(input.at);
      const numbers = input.certificates.map((_, i) => certificateNumber(i + 1, ctx.cluster, ctx.year));
      await db.transaction().execute(async (tx) => {
        if (input.certificates.length) {
          await tx
            .insertInto('cluster_certificate')
            .values(
              input.certificates.map((c, i) => ({
                cycle_id: input.cycleId,
                seq: i + 1,
                number: numbers[i]!,
                recipient: c.recipient,
                recipient_kind: c.kind,
                unit_code: c.unit,
                achievement: c.achievement,
                amount_vnd: giayKhenAmount,
                signed_by_unit: ctx.chairUnit,
                recorded_by: input.actor,
                issued_at: at,
              })),
            )
            .onConflict((oc) => oc.columns(['cycle_id', 'seq']).doNothing())
            .execute();
        }
        await appendAudit(tx, {
          key: `${input.cycleId}:certificates`,
          cycleId: input.cycleId,
          actor: input.actor,
          action: 'certificates.recorded',
          subject: input.cycleId,
          details: { numbers, channel: input.channel ?? 'cli' },
          occurredAt: at,
        });
      });
      return numbers;
    },

    /** An override of the rotation, or a unit excused from it with the council's consent; refused once next year's chair is recorded. */
    async recordRotationInstruction(input: {
      cycleId: string;
      actor: string;
      kind: 'override' | 'excuse';
      unit?: string;
      chair?: string;
      deputy?: string;
      reason: string;
      at: number;
    }): Promise<void> {
      const cycle = await db
        .selectFrom('cycle')
        .select(['cluster_code', 'year', 'chair_unit', 'deputy_unit'])
        .where('id', '=', input.cycleId)
        .executeTakeFirstOrThrow();
      const handedOver = await db
        .selectFrom('handover')
        .select(['to_chair', 'to_deputy', 'recorded_by'])
        .where('cluster_code', '=', cycle.cluster_code)
        .where('to_year', '=', cycle.year + 1)
        .executeTakeFirst();
      if (handedOver) {
        throw ApplicationFailure.nonRetryable(
          `the ${cycle.year + 1} chair of ${cycle.cluster_code} is already recorded (${handedOver.to_chair}, deputy ${handedOver.to_deputy}, by the ${handedOver.recorded_by}); the rotation can no longer change`,
          Rejection.RoundClosed,
        );
      }
      if (input.kind === 'override') {
        // Checked against next year's membership as it stands now (merges recorded so far); the hand-over checks it again.
        const facts = await rotationFacts(
          db,
          {
            id: input.cycleId,
            cluster_code: cycle.cluster_code,
            year: cycle.year,
            chair_unit: cycle.chair_unit,
            deputy_unit: cycle.deputy_unit,
          },
          input.at + 366 * 86_400_000,
        );
        let problem: string | undefined;
        try {
          problem = checkOverride(nextMembership(facts.members, facts.departures), facts.departures, {
            chair: input.chair!,
            deputy: input.deputy!,
            reason: input.reason,
            by: input.actor,
          });
        } catch (error) {
          if (!(error instanceof RotationError)) throw error;
          problem = error.message;
        }
        if (problem) throw ApplicationFailure.nonRetryable(problem, Rejection.InvalidInput);
      } else {
        const member = await db
          .selectFrom('cluster_membership')
          .select('unit_code')
          .where('cluster_code', '=', cycle.cluster_code)
          .where('year', '=', cycle.year)
          .where('unit_code', '=', input.unit!)
          .executeTakeFirst();
        if (!member)
          throw ApplicationFailure.nonRetryable(
            `${input.unit} is not a member of ${cycle.cluster_code} in ${cycle.year}`,
            Rejection.NotAMember,
          );
      }
      const at = new Date(input.at);
      await db.transaction().execute(async (tx) => {
        const inserted = await tx
          .insertInto('rotation_instruction')
          .values({
            cycle_id: input.cycleId,
            kind: input.kind,
            unit_code: input.unit ?? null,
            chair_unit: input.chair ?? null,
            deputy_unit: input.deputy ?? null,
            reason: input.reason,
            actor: input.actor,
            at,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted)
          throw ApplicationFailure.nonRetryable(
            input.kind === 'override'
              ? `the rotation of ${input.cycleId} is already overridden`
              : `${input.unit} is already excused from the rotation of ${input.cycleId}`,
            Rejection.Duplicate,
          );
        const key = `${input.cycleId}:rotation-${input.kind}${input.unit ? `:${input.unit}` : ''}`;
        await appendAudit(tx, {
          key,
          cycleId: input.cycleId,
          actor: input.actor,
          action: `rotation.${input.kind}`,
          subject: input.cycleId,
          details: { unit: input.unit ?? null, chair: input.chair ?? null, deputy: input.deputy ?? null, reason: input.reason },
          occurredAt: at,
        });
      });
    },

    /** The conference: the province's awards handed over, the cluster's giấy khen issued; everyone is told. */
    async holdConference(input: { cycleId: string; at: number }): Promise<ConferenceRecord> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const awards = await db
        .selectFrom('award')
        .select(['unit_code', 'award', 'decision_number'])
        .where('cycle_id', '=', input.cycleId)
        .where('revoked_at', 'is', null)
        .orderBy('award', 'desc')
        .orderBy('unit_code')
        .execute();
      const certificates = await db
        .selectFrom('cluster_certificate')
        .selectAll()
        .where('cycle_id', '=', input.cycleId)
        .orderBy('seq')
        .execute();
      const name = (unit: string) => ctx.unitNames.get(unit) ?? unit;
      const awardLines = awards.map((a) => `${AWARDS[a.award].title}: ${name(a.unit_code)} (QĐ số ${a.decision_number})`);
      const certificateLines = certificates.map((c) => `${c.number}: ${c.recipient} (${name(c.unit_code)}) – ${c.achievement}`);
      const chairName = name(ctx.chairUnit);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('award')
          .set({ handed_over_at: at })
          .where('cycle_id', '=', input.cycleId)
          .where('revoked_at', 'is', null)
          .where('handed_over_at', 'is', null)
          .execute();
        await tx
          .insertInto('conference')
          .values({ cycle_id: input.cycleId, held_at: at, chair_unit: ctx.chairUnit, awards_handed_over: awards.length })
          .onConflict((oc) => oc.column('cycle_id').doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:conference`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'conference.held',
          subject: input.cycleId,
          details: { awards: awards.length, certificates: certificates.map((c) => c.number) },
          occurredAt: at,
        });
        const mails: OutgoingMail[] = [...ctx.unitNames.keys()].map((unit) => {
          const to = representativeOf(ctx, unit);
          return {
            key: `${input.cycleId}:conference:${unit}`,
            cycleId: input.cycleId,
            to,
            mail: conferenceHeld({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              heldAt: input.at,
              chairName,
              awards: awardLines,
              certificates: certificateLines,
            }),
          };
        });
        for (const s of ctx.secretariat) {
          mails.push({
            key: `${input.cycleId}:conference:secretariat:${s.id}`,
            cycleId: input.cycleId,
            to: s,
            mail: conferenceHeld({
              recipientName: s.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              heldAt: input.at,
              chairName,
              awards: awardLines,
              certificates: certificateLines,
            }),
          });
        }
        return enqueueMails(tx, deps.mailFrom, mails);
      });
      await deliverMails(deps, keys);
      return { awardsHandedOver: awards.length, certificates: certificates.length };
    },

    /**
     * Records that a member is merged into another unit: the link (with how its open tasks are
     * handled), the audit event and the mails. Returns who acts for the successor, for rounds that
     * transfer the merged unit's tasks to it.
     */
    async recordMerge(input: {
      cycleId: string;
      merge: Merge;
      openRounds: string[];
      at: number;
    }): Promise<{ successorRepresentative?: string }> {
      const { merge } = input;
      const ctx = await loadCycleContext(db, input.cycleId);
      const successor = await db.selectFrom('unit').select(['code', 'name']).where('code', '=', merge.into).executeTakeFirst();
      if (!successor)
        throw ApplicationFailure.nonRetryable(
          `unknown unit ${merge.into}: the successor must be in the master list of units`,
          Rejection.InvalidInput,
        );
      const representative = await db
        .selectFrom('person_role as r')
        .innerJoin('person as p', 'p.id', 'r.person_id')
        .select(['p.id', 'p.email', 'p.full_name'])
        .where('r.role', '=', 'representative')
        .where('r.unit_code', '=', merge.into)
        .where('r.year', '=', ctx.year)
        .executeTakeFirst();
      if (merge.openTasks === 'transfer' && !representative) {
        throw ApplicationFailure.nonRetryable(
          `${merge.into} has no representative recorded for ${ctx.year}, so ${merge.unit}'s open tasks cannot be transferred to it; record one, or close the tasks instead`,
          Rejection.InvalidInput,
        );
      }
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('unit_link')
          .values({
            predecessor_code: merge.unit,
            successor_code: merge.into,
            effective_on: merge.on,
            reason: merge.reason,
            open_tasks: merge.openTasks,
            recorded_by: merge.actor,
            recorded_at: at,
          })
          .onConflict((oc) => oc.column('predecessor_code').doNothing())
          .execute();
        await tx
          .updateTable('unit')
          .set({ dissolved_on: merge.on })
          .where('code', '=', merge.unit)
          .where('dissolved_on', 'is', null)
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:merge:${merge.unit}`,
          cycleId: input.cycleId,
          actor: merge.actor,
          action: 'unit.merged',
          subject: merge.unit,
          details: { into: merge.into, on: merge.on, openTasks: merge.openTasks, reason: merge.reason, openRounds: input.openRounds },
          occurredAt: at,
        });
        const people = new Map([...ctx.secretariat, representativeOf(ctx, ctx.chairUnit)].map((p) => [p.id, p]));
        const merged = ctx.representatives.get(merge.unit);
        if (merged) people.set(merged.id, merged);
        if (representative)
          people.set(representative.id, { id: representative.id, email: representative.email, fullName: representative.full_name });
        const mail = (recipientName: string) =>
          mergeNotice({
            recipientName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            unitName: ctx.unitNames.get(merge.unit) ?? merge.unit,
            intoName: successor.name,
            on: merge.on,
            handling: merge.openTasks,
            reason: merge.reason,
            rounds: input.openRounds,
          });
        return enqueueMails(
          tx,
          deps.mailFrom,
          [...people.values()].map((to) => ({
            key: `${input.cycleId}:merge:${merge.unit}:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: mail(to.fullName),
          })),
        );
      });
      await deliverMails(deps, keys);
      return representative ? { successorRepresentative: representative.id } : {};
    },

    /** A round stopped waiting for a merged unit (close) or handed its task to the successor (transfer). */
    async recordExcusal(input: {
      roundId: string;
      unit: string;
      into: string;
      handling: 'close' | 'transfer';
      reason: string;
      at: number;
    }): Promise<void> {
      await db
        .insertInto('round_excusal')
        .values({
          round_id: input.roundId,
          unit_code: input.unit,
          handled: input.handling,
          successor_code: input.into,
          reason: input.reason,
          at: new Date(input.at),
        })
        .onConflict((oc) => oc.columns(['round_id', 'unit_code']).doNothing())
        .execute();
    },
  };
}
