import { loadCycleContext, representativeOf, type CycleContext } from '../db/queries/cycleContext.ts';
import { loadScoringInputs } from '../db/queries/scoringInputs.ts';
import { checkCrossScore } from '../domain/crossScore.ts';
import { consolidate, tableOf, vietnameseNotes, type ConsolidatedTable } from '../domain/consolidation.ts';
import type { Channel, Received } from '../domain/round.ts';
import type { VetoSource } from '../domain/scoringActions.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { adjustmentNotice, consolidatedTableMail } from './mail/scoringMails.ts';
import { taskLinkUrl, taskPageUrl } from './mail/links.ts';
import { deliverMails, enqueueMails } from './outbox.ts';
import { receiptFor, type RoundRef } from './roundMail.ts';

// Activities of the cluster's scoring: each cross-score sheet as it arrives, the consolidated
// table (computed from the stored raw data, stored with every step), adjustments and vetoes.

/** A scorer's sheets for every other member: one row per target, all under the submission's version. */
export async function recordCrossScore(
  deps: ActivityDeps,
  ctx: CycleContext,
  input: RoundRef & Received & { content?: unknown; channel?: Channel },
): Promise<number> {
  const { db } = deps;
  const inputs = await loadScoringInputs(db, input.cycleId);
  const checked = checkCrossScore(inputs.rubric, inputs.members, input.unit, input.content);
  // The round's validator accepted these sheets under the same rules; a failure here is a bug.
  if (!checked.ok) throw new Error(`cross-scores no longer valid: ${checked.problems.join('; ')}`);
  const at = new Date(input.at);
  const keys = await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cross_score')
      .values(
        Object.entries(checked.sheets).map(([target, sheet]) => ({
          cycle_id: input.cycleId,
          scorer_unit: input.unit,
          target_unit: target,
          version: input.version,
          round_id: input.roundId,
          submitted_by: input.actor,
          submitted_at: at,
          late: input.late,
          criteria: JSON.stringify(sheet.criteria),
          total: checked.totals[target]!,
          rubric_version: inputs.rubric.version,
        })),
      )
      .onConflict((oc) => oc.columns(['cycle_id', 'scorer_unit', 'target_unit', 'version']).doNothing())
      .execute();
    await appendAudit(tx, {
      key: `${input.roundId}:submitted:${input.unit}:v${input.version}`,
      cycleId: input.cycleId,
      actor: input.actor,
      action: 'scores.submitted',
      subject: input.unit,
      details: { version: input.version, late: input.late, totals: checked.totals, channel: input.channel ?? 'cli' },
      occurredAt: at,
    });
    return enqueueMails(tx, deps.mailFrom, [receiptFor(ctx, input)]);
  });
  return deliverMails(deps, keys);
}

export function scoringActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Computes the table from the stored raw data and stores it, each unit with every step of its
     * score; `final` once the ballot opens. Returns the table without the scorers' sheets.
     */
    async consolidateScores(input: { cycleId: string; final: boolean; at: number }): Promise<ConsolidatedTable> {
      const consolidation = consolidate(await loadScoringInputs(db, input.cycleId));
      const at = new Date(input.at);
      await db.transaction().execute(async (tx) => {
        for (const unit of consolidation.units) {
          const row = {
            rank: unit.rank,
            total: unit.total,
            eligible_for_first: unit.eligibleForFirst,
            detail: JSON.stringify(unit),
            formula_version: consolidation.formulaVersion,
            rubric_version: consolidation.rubricVersion,
            final: input.final,
            computed_at: at,
          };
          await tx
            .insertInto('score_consolidation')
            .values({ cycle_id: input.cycleId, unit_code: unit.unit, ...row })
            .onConflict((oc) => oc.columns(['cycle_id', 'unit_code']).doUpdateSet(row))
            .execute();
        }
        await appendAudit(tx, {
          key: `${input.cycleId}:consolidated:${input.at}`,
          cycleId: input.cycleId,
          actor: 'system',
          action: input.final ? 'scores.finalised' : 'scores.consolidated',
          subject: input.cycleId,
          details: { formulaVersion: consolidation.formulaVersion, ranking: consolidation.units.map((u) => [u.unit, u.rank, u.total]) },
          occurredAt: at,
        });
      });
      return tableOf(consolidation);
    },

    /** Mails the draft table to the chair and the secretariat, with how to adjust it until the ballot. */
    async announceTable(input: { cycleId: string; ballotOpensAt: number; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const consolidation = consolidate(await loadScoringInputs(db, input.cycleId));
      const table = tableOf(consolidation);
      const notes = vietnameseNotes(consolidation);
      const chair = representativeOf(ctx, ctx.chairUnit);
      const recipients = [chair, ...ctx.secretariat];
      // The chair's personal link to the cycle, valid while the table may be adjusted; the secretariat gets the page.
      const linkFor = (personId: string) =>
        personId === chair.id
          ? taskLinkUrl(deps.links, { person: personId, role: 'chair', task: input.cycleId, expiresAt: input.ballotOpensAt })
          : taskPageUrl(deps.links, input.cycleId);
      const keys = await db.transaction().execute((tx) =>
        enqueueMails(
          tx,
          deps.mailFrom,
          recipients.map((to) => ({
            key: `${input.cycleId}:table:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: consolidatedTableMail({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              table,
              names: ctx.unitNames,
              notes,
              ballotOpensAt: input.ballotOpensAt,
              link: linkFor(to.id),
            }),
          })),
        ),
      );
      return deliverMails(deps, keys);
    },

    /** An adjustment with its reason: stored, audited, and mailed to the unit's representative. */
    async recordAdjustment(input: {
      cycleId: string;
      actor: string;
      unit: string;
      points: number;
      reason: string;
      channel?: Channel;
      at: number;
    }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const keys = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('score_adjustment')
          .values({
            cycle_id: input.cycleId,
            unit_code: input.unit,
            adjusted_at: at,
            points: input.points,
            reason: input.reason,
            adjusted_by: input.actor,
          })
          .onConflict((oc) => oc.columns(['cycle_id', 'unit_code', 'adjusted_at']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:adjusted:${input.unit}:${input.at}`,
          cycleId: input.cycleId,
          actor: input.actor,
          action: 'score.adjusted',
          subject: input.unit,
          // Absent in adjustments from before the channel was recorded: those came from the CLI.
          details: { points: input.points, reason: input.reason, channel: input.channel ?? 'cli' },
          occurredAt: at,
        });
        const after = consolidate(await loadScoringInputs(tx, input.cycleId)).units.find((u) => u.unit === input.unit)!;
        const to = representativeOf(ctx, input.unit);
        return enqueueMails(tx, deps.mailFrom, [
          {
            key: `${input.cycleId}:adjusted:${input.unit}:${input.at}`,
            cycleId: input.cycleId,
            to,
            mail: adjustmentNotice({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              unitName: ctx.unitNames.get(input.unit) ?? input.unit,
              points: input.points,
              reason: input.reason,
              by: input.actor,
              total: after.total,
            }),
          },
        ]);
      });
      return deliverMails(deps, keys);
    },

    /** A veto input: stored and audited (the table shows it from the next consolidation). */
    async recordVeto(input: {
      cycleId: string;
      actor: string;
      unit: string;
      source: VetoSource;
      reference: string;
      description: string;
      at: number;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('veto')
          .values({
            cycle_id: input.cycleId,
            unit_code: input.unit,
            source: input.source,
            reference: input.reference,
            description: input.description,
            recorded_by: input.actor,
            recorded_at: at,
          })
          .onConflict((oc) => oc.columns(['cycle_id', 'unit_code', 'source', 'reference']).doNothing())
          .execute();
        await appendAudit(tx, {
          key: `${input.cycleId}:veto:${input.unit}:${input.source}:${input.reference}`,
          cycleId: input.cycleId,
          actor: input.actor,
          action: 'veto.recorded',
          subject: input.unit,
          details: { source: input.source, reference: input.reference, description: input.description },
          occurredAt: at,
        });
      });
    },
  };
}
