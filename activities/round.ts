import { closesAt, type RoundCalendar } from '../domain/calendar.js';
import type { Received, RoundKind } from '../domain/round.js';
import { appendAudit } from './audit.js';
import { loadCycleContext, representativeOf, unitsNamed } from './context.js';
import type { ActivityDeps } from './deps.js';
import { pledgeEscalation, pledgeInvitation, pledgeReceipt, pledgeReminder, pledgeRoundClosed } from './mail/templates.js';
import { deliverMails, enqueueMails } from './outbox.js';

// Activities of a round: its opening, each accepted submission, reminders, escalation and closing.
// Each writes its rows, audit event and mails in one transaction keyed by (round, unit, notice
// number), then delivers those mails; retried, it writes and sends nothing twice.

interface RoundRef {
  roundId: string;
  cycleId: string;
  kind: RoundKind;
}

export function roundActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async openRound(input: RoundRef & { calendar: RoundCalendar; units: string[]; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const deadline = Date.parse(input.calendar.deadline);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round')
          .values({ id: input.roundId, cycle_id: input.cycleId, kind: input.kind, opens_at: new Date(input.calendar.opensAt), deadline: new Date(deadline), closes_at: new Date(closesAt(input.calendar)), opened_at: at, closed_at: null, missing_units: null })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await appendAudit(tx, { key: `${input.roundId}:opened`, cycleId: input.cycleId, actor: 'system', action: 'round.opened', subject: input.roundId, details: { kind: input.kind, units: input.units, calendar: input.calendar }, occurredAt: at });
        return enqueueMails(
          tx,
          deps.mailFrom,
          input.units.map((unit) => {
            const to = representativeOf(ctx, unit);
            const mail = pledgeInvitation({ recipientName: to.fullName, clusterName: ctx.clusterName, year: ctx.year, unitName: ctx.unitNames.get(unit) ?? unit, unitCode: unit, cycleId: input.cycleId, deadline, personId: to.id });
            return { key: `${input.roundId}:invitation:${unit}`, cycleId: input.cycleId, to, mail };
          }),
        );
      });
      return deliverMails(deps, keys);
    },

    async recordSubmission(input: RoundRef & Received): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('pledge')
          .values({ cycle_id: input.cycleId, unit_code: input.unit, round_id: input.roundId, signer_id: input.actor, signed_at: at, late: input.late })
          .onConflict((oc) => oc.columns(['cycle_id', 'unit_code']).doNothing())
          .execute();
        await appendAudit(tx, { key: `${input.roundId}:submitted:${input.unit}`, cycleId: input.cycleId, actor: input.actor, action: 'pledge.signed', subject: input.unit, details: { late: input.late }, occurredAt: at });
        const to = representativeOf(ctx, input.unit);
        const mail = pledgeReceipt({ recipientName: to.fullName, clusterName: ctx.clusterName, year: ctx.year, unitName: ctx.unitNames.get(input.unit) ?? input.unit, signedAt: input.at, late: input.late });
        return enqueueMails(tx, deps.mailFrom, [{ key: `${input.roundId}:receipt:${input.unit}`, cycleId: input.cycleId, to, mail }]);
      });
      return deliverMails(deps, keys);
    },

    async sendReminders(input: RoundRef & { seq: number; units: string[]; deadline: number; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round_notice')
          .values(input.units.map((unit) => ({ round_id: input.roundId, kind: 'reminder' as const, seq: input.seq, unit_code: unit, sent_at: at })))
          .onConflict((oc) => oc.columns(['round_id', 'kind', 'seq', 'unit_code']).doNothing())
          .execute();
        await appendAudit(tx, { key: `${input.roundId}:reminder:${input.seq}`, cycleId: input.cycleId, actor: 'system', action: 'round.reminded', subject: input.roundId, details: { seq: input.seq, units: input.units }, occurredAt: at });
        return enqueueMails(
          tx,
          deps.mailFrom,
          input.units.map((unit) => {
            const to = representativeOf(ctx, unit);
            const mail = pledgeReminder({ recipientName: to.fullName, clusterName: ctx.clusterName, year: ctx.year, unitName: ctx.unitNames.get(unit) ?? unit, seq: input.seq, deadline: input.deadline });
            return { key: `${input.roundId}:reminder:${input.seq}:${unit}`, cycleId: input.cycleId, to, mail };
          }),
        );
      });
      return deliverMails(deps, keys);
    },

    /** At the deadline: tells the secretariat which units are still missing. */
    async escalate(input: RoundRef & { units: string[]; deadline: number; closesAt: number; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round_notice')
          .values(input.units.map((unit) => ({ round_id: input.roundId, kind: 'escalation' as const, seq: 1, unit_code: unit, sent_at: at })))
          .onConflict((oc) => oc.columns(['round_id', 'kind', 'seq', 'unit_code']).doNothing())
          .execute();
        await appendAudit(tx, { key: `${input.roundId}:escalated`, cycleId: input.cycleId, actor: 'system', action: 'round.escalated', subject: input.roundId, details: { units: input.units }, occurredAt: at });
        return enqueueMails(
          tx,
          deps.mailFrom,
          ctx.secretariat.map((to) => ({
            key: `${input.roundId}:escalation:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: pledgeEscalation({ recipientName: to.fullName, clusterName: ctx.clusterName, year: ctx.year, missing: unitsNamed(ctx, input.units), deadline: input.deadline, closesAt: input.closesAt }),
          })),
        );
      });
      return deliverMails(deps, keys);
    },

    /** Records the closing with the gap (units that never submitted) and tells the chair and the secretariat. */
    async closeRound(input: RoundRef & { submitted: Received[]; missing: string[]; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx.updateTable('round').set({ closed_at: at, missing_units: input.missing }).where('id', '=', input.roundId).where('closed_at', 'is', null).execute();
        await appendAudit(tx, { key: `${input.roundId}:closed`, cycleId: input.cycleId, actor: 'system', action: 'round.closed', subject: input.roundId, details: { submitted: input.submitted.length, late: input.submitted.filter((s) => s.late).map((s) => s.unit), missing: input.missing }, occurredAt: at });
        const recipients = [representativeOf(ctx, ctx.chairUnit), ...ctx.secretariat];
        const summary = {
          clusterName: ctx.clusterName,
          year: ctx.year,
          signed: input.submitted.length,
          total: ctx.unitNames.size,
          late: unitsNamed(ctx, input.submitted.filter((s) => s.late).map((s) => s.unit)),
          missing: unitsNamed(ctx, input.missing),
        };
        return enqueueMails(
          tx,
          deps.mailFrom,
          recipients.map((to) => ({ key: `${input.roundId}:closed:${to.id}`, cycleId: input.cycleId, to, mail: pledgeRoundClosed({ recipientName: to.fullName, ...summary }) })),
        );
      });
      return deliverMails(deps, keys);
    },
  };
}
