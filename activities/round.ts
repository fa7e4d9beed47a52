import { loadCycleContext, representativeOf, unitsNamed } from '../db/queries/cycleContext.ts';
import { closesAt, type ExtensionLimit, type RoundCalendar } from '../domain/calendar.ts';
import type { Channel, Received } from '../domain/round.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { extensionNotice, roundClosed, roundEscalation, roundInvitation, roundReminder } from './mail/templates.ts';
import { deliverMails, enqueueMails } from './outbox.ts';
import { castBallot } from './ballot.ts';
import { recordReport } from './report.ts';
import { recordCrossScore } from './scoring.ts';
import { receiptFor, roundTaskLink, unitClosing, wordingOf, type RoundClosing, type RoundRef } from './roundMail.ts';

// Activities of a round: its opening, each accepted submission, reminders, escalation, extensions
// and closing. Each writes its rows, audit event and mails in one transaction keyed by (round,
// unit, version or notice number), then delivers those mails; retried, it writes and sends
// nothing twice.

export function roundActivities(deps: ActivityDeps) {
  const { db } = deps;

  /**
   * Reminders for some units, each with its own number and deadline; one notice row and mail per
   * unit. `closing` (absent from rounds that scheduled the activity before task links) says when
   * each unit's link stops being honoured.
   */
  async function remind(
    input: RoundRef & { reminders: { unit: string; seq: number; deadline: number }[]; closing?: RoundClosing; at: number },
  ): Promise<number> {
    const ctx = await loadCycleContext(db, input.cycleId);
    const at = new Date(input.at);
    const w = wordingOf(input);
    const keys = await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('round_notice')
        .values(
          input.reminders.map((r) => ({ round_id: input.roundId, kind: 'reminder' as const, seq: r.seq, unit_code: r.unit, sent_at: at })),
        )
        .onConflict((oc) => oc.columns(['round_id', 'kind', 'seq', 'unit_code']).doNothing())
        .execute();
      await appendAudit(tx, {
        key: `${input.roundId}:reminder:${input.reminders.map((r) => `${r.unit}.${r.seq}`).join(',')}`,
        cycleId: input.cycleId,
        actor: 'system',
        action: 'round.reminded',
        subject: input.roundId,
        details: { reminders: input.reminders },
        occurredAt: at,
      });
      return enqueueMails(
        tx,
        deps.mailFrom,
        input.reminders.map((r) => {
          const to = representativeOf(ctx, r.unit);
          const mail = roundReminder({
            recipientName: to.fullName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            w,
            unitName: ctx.unitNames.get(r.unit) ?? r.unit,
            seq: r.seq,
            deadline: r.deadline,
            link: roundTaskLink(deps.links, input, r.unit, to.id, unitClosing(input.closing, r.deadline)),
          });
          return { key: `${input.roundId}:reminder:${r.seq}:${r.unit}`, cycleId: input.cycleId, to, mail };
        }),
      );
    });
    return deliverMails(deps, keys);
  }

  return {
    /** `extensionLimit` (absent from older rounds) bounds the task links of a round that waits for everyone. */
    async openRound(
      input: RoundRef & { calendar: RoundCalendar; extensionLimit?: ExtensionLimit; units: string[]; at: number },
    ): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const deadline = Date.parse(input.calendar.deadline);
      const w = wordingOf(input);
      const linkExpiry = unitClosing(
        { calendar: input.calendar, ...(input.extensionLimit ? { extensionLimit: input.extensionLimit } : {}) },
        deadline,
      );
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round')
          .values({
            id: input.roundId,
            cycle_id: input.cycleId,
            kind: input.kind,
            opens_at: new Date(input.calendar.opensAt),
            deadline: new Date(deadline),
            closes_at: Number.isFinite(closesAt(input.calendar)) ? new Date(closesAt(input.calendar)) : null,
            opened_at: at,
            closed_at: null,
            missing_units: null,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.roundId}:opened`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'round.opened',
          subject: input.roundId,
          details: { kind: input.kind, period: input.period, units: input.units, calendar: input.calendar },
          occurredAt: at,
        });
        return enqueueMails(
          tx,
          deps.mailFrom,
          input.units.map((unit) => {
            const to = representativeOf(ctx, unit);
            const mail = roundInvitation({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              w,
              unitName: ctx.unitNames.get(unit) ?? unit,
              deadline,
              link: roundTaskLink(deps.links, input, unit, to.id, linkExpiry),
            });
            return { key: `${input.roundId}:invitation:${unit}`, cycleId: input.cycleId, to, mail };
          }),
        );
      });
      return deliverMails(deps, keys);
    },

    async recordSubmission(
      input: RoundRef & Received & { content?: unknown; rubricVersion?: string | null; channel?: Channel },
    ): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      if (input.kind === 'report') return recordReport(deps, ctx, input);
      if (input.kind === 'score') return recordCrossScore(deps, ctx, input);
      if (input.kind === 'ballot') return castBallot(deps, ctx, input);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('pledge')
          .values({
            cycle_id: input.cycleId,
            unit_code: input.unit,
            round_id: input.roundId,
            signer_id: input.actor,
            signed_at: at,
            late: input.late,
          })
          .onConflict((oc) => oc.columns(['cycle_id', 'unit_code']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.roundId}:submitted:${input.unit}`,
          cycleId: input.cycleId,
          actor: input.actor,
          action: 'pledge.signed',
          subject: input.unit,
          // Absent in submissions from before the channel was recorded: those came from the CLI.
          details: { late: input.late, channel: input.channel ?? 'cli' },
          occurredAt: at,
        });
        return enqueueMails(tx, deps.mailFrom, [receiptFor(ctx, input)]);
      });
      return deliverMails(deps, keys);
    },

    sendUnitReminders: remind,

    /** Reminders of rounds started before per-unit deadlines: one number for all the units reminded. */
    async sendReminders(
      input: RoundRef & { seq: number; units: string[]; deadline: number; closing?: RoundClosing; at: number },
    ): Promise<number> {
      return remind({ ...input, reminders: input.units.map((unit) => ({ unit, seq: input.seq, deadline: input.deadline })) });
    },

    /** At a deadline: tells the secretariat which units are still missing (each numbered per unit). */
    async escalate(
      input: RoundRef & { escalations: { unit: string; seq: number }[]; deadline: number; closesAt: number | null; at: number },
    ): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const w = wordingOf(input);
      const units = input.escalations.map((e) => e.unit);
      const stamp = input.escalations.map((e) => `${e.unit}.${e.seq}`).join(',');
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round_notice')
          .values(
            input.escalations.map((e) => ({
              round_id: input.roundId,
              kind: 'escalation' as const,
              seq: e.seq,
              unit_code: e.unit,
              sent_at: at,
            })),
          )
          .onConflict((oc) => oc.columns(['round_id', 'kind', 'seq', 'unit_code']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.roundId}:escalated:${stamp}`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'round.escalated',
          subject: input.roundId,
          details: { escalations: input.escalations },
          occurredAt: at,
        });
        return enqueueMails(
          tx,
          deps.mailFrom,
          ctx.secretariat.map((to) => ({
            key: `${input.roundId}:escalation:${stamp}:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: roundEscalation({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              w,
              missing: unitsNamed(ctx, units),
              deadline: input.deadline,
              closesAt: input.closesAt,
            }),
          })),
        );
      });
      return deliverMails(deps, keys);
    },

    /**
     * The secretariat moved some units' deadline: recorded with its reason and mailed to those
     * units, each with a fresh task link valid until its new closing.
     */
    async recordExtension(
      input: RoundRef & { units: string[]; until: string; reason: string; grantedBy: string; closing?: RoundClosing; at: number },
    ): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const w = wordingOf(input);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('round_extension')
          .values(
            input.units.map((unit) => ({
              round_id: input.roundId,
              unit_code: unit,
              granted_at: at,
              until: new Date(input.until),
              reason: input.reason,
              granted_by: input.grantedBy,
            })),
          )
          .onConflict((oc) => oc.columns(['round_id', 'unit_code', 'granted_at']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.roundId}:extended:${input.at}`,
          cycleId: input.cycleId,
          actor: input.grantedBy,
          action: 'round.extended',
          subject: input.roundId,
          details: { units: input.units, until: input.until, reason: input.reason },
          occurredAt: at,
        });
        return enqueueMails(
          tx,
          deps.mailFrom,
          input.units.map((unit) => {
            const to = representativeOf(ctx, unit);
            const mail = extensionNotice({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              w,
              unitName: ctx.unitNames.get(unit) ?? unit,
              until: Date.parse(input.until),
              reason: input.reason,
              link: roundTaskLink(deps.links, input, unit, to.id, unitClosing(input.closing, Date.parse(input.until))),
            });
            return { key: `${input.roundId}:extension:${input.at}:${unit}`, cycleId: input.cycleId, to, mail };
          }),
        );
      });
      return deliverMails(deps, keys);
    },

    /** Records the closing with the gap (units that never submitted) and tells the chair and the secretariat. */
    async closeRound(input: RoundRef & { submitted: Received[]; missing: string[]; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('round')
          .set({ closed_at: at, missing_units: input.missing })
          .where('id', '=', input.roundId)
          .where('closed_at', 'is', null)
          .execute();
        await appendAudit(tx, {
          key: `${input.roundId}:closed`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'round.closed',
          subject: input.roundId,
          details: {
            submitted: input.submitted.length,
            late: input.submitted.filter((s) => s.late).map((s) => s.unit),
            missing: input.missing,
          },
          occurredAt: at,
        });
        const recipients = [representativeOf(ctx, ctx.chairUnit), ...ctx.secretariat];
        const summary = {
          clusterName: ctx.clusterName,
          year: ctx.year,
          w: wordingOf(input),
          submitted: input.submitted.length,
          total: ctx.unitNames.size,
          late: unitsNamed(
            ctx,
            input.submitted.filter((s) => s.late).map((s) => s.unit),
          ),
          missing: unitsNamed(ctx, input.missing),
        };
        return enqueueMails(
          tx,
          deps.mailFrom,
          recipients.map((to) => ({
            key: `${input.roundId}:closed:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: roundClosed({ recipientName: to.fullName, ...summary }),
          })),
        );
      });
      return deliverMails(deps, keys);
    },
  };
}
