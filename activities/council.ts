import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { sql } from 'kysely';
import { openBallot } from '../ballotBox/seal.ts';
import { loadCycleContext, loadSecretariat, representativeOf, type CycleContext } from '../db/queries/cycleContext.ts';
import {
  awardAmount,
  checkCouncilVotes,
  decisionNumber,
  councilId as councilIdOf,
  councilVoteSchema,
  AWARDS,
  nominationId,
  tallyCouncil,
  type AwardKind,
  type CouncilCalendar,
  type CouncilCast,
  type CouncilCount,
  type CouncilRules,
  type CouncilVote,
  type Nomination,
  type QuorumCheck,
} from '../domain/council.ts';
import { formatVietnamDate } from '../domain/time.ts';
import { appendAudit } from './audit.ts';
import { shuffled } from './ballot.ts';
import type { ActivityDeps } from './deps.ts';
import { renderDecision, renderMinutes, renderRevocation, renderSubmission } from './documents.ts';
import {
  awardNotice,
  councilReminder,
  decisionNotice,
  nominationReturned,
  proposalReturned,
  revocationNotice,
  sessionFailed,
} from './mail/councilMails.ts';
import { documentUrl, taskLinkUrl, taskPageUrl } from './mail/links.ts';
import { deliverMails, enqueueMails, type OutgoingMail, type Recipient } from './outbox.ts';
import type { ClusterSubmission, CouncilOutcome, Verdict } from '../domain/council.ts';

// Activities of the provincial council and of a cycle's submission to it. Each records what
// happened (council_event, keyed so a retry writes nothing twice), its documents and its mails.

type Db = ActivityDeps['db'];

interface CouncilRow {
  id: string;
  province: string;
  year: number;
}

async function councilOf(db: Db, councilId: string): Promise<CouncilRow> {
  return db
    .selectFrom('council')
    .select(['id', 'province', 'year'])
    .where('id', '=', councilId)
    .executeTakeFirstOrThrow(() => new Error(`council ${councilId} is not recorded in the database`));
}

/** The latest submission of every cluster to the council, with its cycle's context. */
async function submissionsOf(
  db: Db,
  councilId: string,
): Promise<{ cycleId: string; version: number; nominations: { award: AwardKind; unit: string }[]; ctx: CycleContext }[]> {
  const rows = await db
    .selectFrom('council_submission')
    .distinctOn('cycle_id')
    .selectAll()
    .where('council_id', '=', councilId)
    .orderBy('cycle_id')
    .orderBy('version', 'desc')
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      cycleId: r.cycle_id,
      version: r.version,
      nominations: r.nominations as { award: AwardKind; unit: string }[],
      ctx: await loadCycleContext(db, r.cycle_id),
    })),
  );
}

async function event(
  db: Db,
  councilId: string,
  key: string,
  kind: string,
  actor: string,
  details: Record<string, unknown>,
  at: number,
): Promise<void> {
  await db
    .insertInto('council_event')
    .values({ council_id: councilId, key, kind, actor, details: JSON.stringify(details), occurred_at: new Date(at) })
    .onConflict((oc) => oc.columns(['council_id', 'key']).doNothing())
    .execute();
}

function councilGreeting(c: CouncilRow, to: Recipient) {
  return { recipientName: to.fullName, clusterName: `Hội đồng Thi đua – Khen thưởng tỉnh ${c.province}`, year: c.year };
}

export function councilActivities(deps: ActivityDeps) {
  const { db } = deps;

  async function send(mails: OutgoingMail[]): Promise<number> {
    const keys = await db.transaction().execute((tx) => enqueueMails(tx, deps.mailFrom, mails));
    return deliverMails(deps, keys);
  }

  return {
    /**
     * A cycle's submission (tờ trình): its nominations (less those withdrawn), rendered with each
     * nominee's rank, score and year-end report, stored, then sent to the province-year's council,
     * which the first cluster to submit creates (signal-with-start).
     */
    async submitToCouncil(input: {
      cycleId: string;
      version: number;
      by: string;
      note?: string;
      withdraw?: string[];
      calendar: CouncilCalendar;
      rules?: CouncilRules;
      at: number;
    }): Promise<ClusterSubmission & { councilId: string }> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const council = councilIdOf(ctx.province, ctx.year);
      const documentId = `${input.cycleId}/to-trinh-v${input.version}`;
      const nominated = await db
        .selectFrom('nomination')
        .select(['award', 'unit_code'])
        .where('cycle_id', '=', input.cycleId)
        .orderBy('award', 'desc')
        .orderBy('unit_code')
        .execute();
      const nominations = nominated
        .filter((n) => !(input.withdraw ?? []).includes(n.unit_code))
        .map((n) => ({ award: n.award, unit: n.unit_code }));
      const existing = await db
        .selectFrom('council_submission')
        .select('submitted_at')
        .where('cycle_id', '=', input.cycleId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (!existing) {
        const table = await db
          .selectFrom('score_consolidation')
          .select(['unit_code', 'rank', 'total'])
          .where('cycle_id', '=', input.cycleId)
          .execute();
        const reports = await db
          .selectFrom('report')
          .distinctOn('unit_code')
          .select(['unit_code', 'narrative'])
          .where('cycle_id', '=', input.cycleId)
          .where('period', '=', 'YEAR')
          .orderBy('unit_code')
          .orderBy('version', 'desc')
          .execute();
        const doc = renderSubmission({
          clusterName: ctx.clusterName,
          chairUnitName: ctx.unitNames.get(ctx.chairUnit) ?? ctx.chairUnit,
          province: ctx.province,
          year: ctx.year,
          version: input.version,
          ...(input.note ? { note: input.note } : {}),
          nominations: nominations.map((n) => {
            const row = table.find((t) => t.unit_code === n.unit);
            return {
              ...n,
              unitName: ctx.unitNames.get(n.unit) ?? n.unit,
              rank: row?.rank ?? 0,
              total: Number(row?.total ?? 0),
              report: reports.find((r) => r.unit_code === n.unit)?.narrative ?? '(chưa có báo cáo tổng kết)',
            };
          }),
          at: input.at,
        });
        await db.transaction().execute(async (tx) => {
          await tx
            .insertInto('document')
            .values({
              id: documentId,
              kind: 'submission',
              title: doc.title,
              html: doc.html,
              cycle_id: input.cycleId,
              council_id: council,
              created_at: new Date(input.at),
            })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
          await tx
            .insertInto('council_submission')
            .values({
              cycle_id: input.cycleId,
              version: input.version,
              council_id: council,
              nominations: JSON.stringify(nominations),
              note: input.note ?? null,
              document_id: documentId,
              submitted_by: input.by,
              submitted_at: new Date(input.at),
            })
            .onConflict((oc) => oc.columns(['cycle_id', 'version']).doNothing())
            .execute();
          await appendAudit(tx, {
            key: `${input.cycleId}:submitted-to-council:v${input.version}`,
            cycleId: input.cycleId,
            actor: input.by,
            action: 'council.submitted',
            subject: council,
            details: { version: input.version, nominations, withdrawn: input.withdraw ?? [], note: input.note ?? null },
            occurredAt: new Date(input.at),
          });
        });
      }
      const submission: ClusterSubmission = {
        cycleId: input.cycleId,
        cluster: ctx.cluster,
        version: input.version,
        nominations,
        documentId,
        at: input.at,
      };
      // The council runs on the same task queue as this activity's worker.
      await deps.temporal.workflow.signalWithStart('councilSession', {
        workflowId: council,
        taskQueue: Context.current().info.taskQueue,
        args: [{ province: ctx.province, year: ctx.year, calendar: input.calendar, ...(input.rules ? { rules: input.rules } : {}) }],
        signal: 'submitToCouncil',
        signalArgs: [submission],
      });
      return { ...submission, councilId: council };
    },

    /** The council's members, chair and secretariat, and the clusters expected to submit (those with a cycle this year). */
    async loadCouncilSetup(input: {
      province: string;
      year: number;
    }): Promise<{ expected: { cluster: string; cycleId: string }[]; members: string[]; chair: string; secretariat: string[] }> {
      const id = councilIdOf(input.province, input.year);
      const now = new Date();
      await db
        .insertInto('council')
        .values({ id, province: input.province, year: input.year, phase: 'collecting', started_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const cycles = await db
        .selectFrom('cycle')
        .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
        .select(['cycle.id', 'cycle.cluster_code'])
        .where('cluster.province', '=', input.province)
        .where('cycle.year', '=', input.year)
        .orderBy('cycle.cluster_code')
        .execute();
      const roles = await db
        .selectFrom('person_role')
        .select(['person_id', 'role'])
        .where('province', '=', input.province)
        .where('year', '=', input.year)
        .where('role', 'in', ['council_member', 'council_chair'])
        .orderBy('person_id')
        .execute();
      const chair = roles.find((r) => r.role === 'council_chair');
      if (!chair) throw new Error(`no council chair is recorded for ${input.province} ${input.year}`);
      return {
        expected: cycles.map((c) => ({ cluster: c.cluster_code, cycleId: c.id })),
        // The chair is a member of the council too.
        members: [...new Set(roles.map((r) => r.person_id))].sort(),
        chair: chair.person_id,
        // The council's secretary does the secretariat's part of the council too (never a cycle's).
        secretariat: (await loadSecretariat(db, input.province, input.year, ['secretariat', 'council_secretary'])).map((s) => s.id),
      };
    },

    async recordCouncilPhase(input: { councilId: string; phase: string; at: number; details?: Record<string, unknown> }): Promise<void> {
      await db
        .updateTable('council')
        .set({ phase: input.phase, updated_at: new Date(input.at) })
        .where('id', '=', input.councilId)
        .execute();
      await event(
        db,
        input.councilId,
        `phase:${input.phase}:${input.at}`,
        'phase',
        'system',
        { phase: input.phase, ...input.details },
        input.at,
      );
    },

    async councilReminder(input: { councilId: string; clusters: string[]; seq: number; submitBy: number; at: number }): Promise<number> {
      const council = await councilOf(db, input.councilId);
      await event(db, input.councilId, `reminder:${input.seq}`, 'reminder', 'system', { clusters: input.clusters }, input.at);
      const mails: OutgoingMail[] = [];
      for (const cluster of input.clusters) {
        const cycle = await db
          .selectFrom('cycle')
          .select('id')
          .where('cluster_code', '=', cluster)
          .where('year', '=', council.year)
          .executeTakeFirst();
        if (!cycle) continue;
        const ctx = await loadCycleContext(db, cycle.id);
        const to = representativeOf(ctx, ctx.chairUnit);
        mails.push({
          key: `${input.councilId}:reminder:${input.seq}:${cluster}`,
          cycleId: cycle.id,
          to,
          mail: councilReminder({
            recipientName: to.fullName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            seq: input.seq,
            submitBy: input.submitBy,
            // The chair's personal link to the cycle, valid until the submissions are due.
            link: taskLinkUrl(deps.links, { person: to.id, role: 'chair', task: cycle.id, expiresAt: input.submitBy }),
          }),
        });
      }
      return send(mails);
    },

    /**
     * An appraisal verdict; a returned nomination is mailed to its cluster's chair with the reason
     * and a link to amend it, valid until `amendBy` (the council session's end; absent from councils
     * that scheduled this before task links: 30 days).
     */
    async recordAppraisal(input: {
      councilId: string;
      nomination: string;
      verdict: Verdict;
      amendBy?: number;
      at: number;
    }): Promise<number> {
      const by = 'by' in input.verdict ? input.verdict.by : 'system';
      await event(
        db,
        input.councilId,
        `appraisal:${input.nomination}:${input.at}`,
        'appraisal',
        by,
        { nomination: input.nomination, ...input.verdict },
        input.at,
      );
      if (input.verdict.status !== 'returned') return 0;
      const cluster = input.nomination.split(':')[0]!;
      const submission = (await submissionsOf(db, input.councilId)).find((s) => s.ctx.cluster === cluster);
      if (!submission) return 0;
      const { ctx } = submission;
      const to = representativeOf(ctx, ctx.chairUnit);
      const expiresAt = input.amendBy ?? input.at + 30 * 86_400_000;
      const link = taskLinkUrl(deps.links, { person: to.id, role: 'chair', task: ctx.cycleId, expiresAt });
      return send([
        {
          key: `${input.councilId}:returned:${input.nomination}:${input.at}`,
          cycleId: ctx.cycleId,
          to,
          mail: nominationReturned({
            recipientName: to.fullName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            nomination: input.nomination,
            reason: input.verdict.reason,
            link,
          }),
        },
      ]);
    },

    async recordCouncilVeto(input: {
      councilId: string;
      actor: string;
      unit: string;
      source: string;
      reference: string;
      description: string;
      affected: string[];
      at: number;
    }): Promise<void> {
      await event(
        db,
        input.councilId,
        `veto:${input.unit}:${input.source}:${input.reference}`,
        'veto',
        input.actor,
        { unit: input.unit, source: input.source, reference: input.reference, description: input.description, affected: input.affected },
        input.at,
      );
    },

    async recordAttendance(input: {
      councilId: string;
      session: number;
      present: string[];
      quorum: QuorumCheck;
      by: string;
      at: number;
    }): Promise<void> {
      await event(
        db,
        input.councilId,
        `attendance:${input.session}`,
        'attendance',
        input.by,
        { session: input.session, present: input.present, quorum: input.quorum },
        input.at,
      );
    },

    /** A session without quorum: recorded, and the secretariat is asked to reschedule it. */
    async recordSessionFailed(input: { councilId: string; session: number; quorum: QuorumCheck; at: number }): Promise<number> {
      const council = await councilOf(db, input.councilId);
      await event(
        db,
        input.councilId,
        `session-failed:${input.session}`,
        'session-failed',
        'system',
        { session: input.session, quorum: input.quorum },
        input.at,
      );
      const secretariat = await loadSecretariat(db, council.province, council.year);
      return send(
        secretariat.map((to) => ({
          key: `${input.councilId}:session-failed:${input.session}:${to.id}`,
          cycleId: null,
          to,
          mail: sessionFailed({
            ...councilGreeting(council, to),
            session: input.session,
            reason: `có mặt ${input.quorum.present}/${input.quorum.members} thành viên, cần ít nhất ${input.quorum.needed}`,
            link: taskPageUrl(deps.links, input.councilId),
          }),
        })),
      );
    },

    /** A member's votes, recorded as cast (the council votes openly, each member answerable for it). */
    async recordCouncilVote(input: {
      councilId: string;
      session: number;
      member: string;
      written: boolean;
      votes: Record<string, string>;
      at: number;
    }): Promise<void> {
      await db
        .insertInto('council_vote')
        .values({
          council_id: input.councilId,
          session: input.session,
          member_id: input.member,
          written: input.written,
          votes: JSON.stringify(input.votes),
          voted_at: new Date(input.at),
        })
        .onConflict((oc) => oc.columns(['council_id', 'session', 'member_id']).doNothing())
        .execute();
    },

    /**
     * A member's ballot: an absent member's written vote is recorded with its choices (a signed
     * letter); a present member's sealed ballot is recorded as cast, its envelope apart from the name.
     */
    async castCouncilBallot(input: { councilId: string; session: number; ballotId: string; cast: CouncilCast; at: number }): Promise<void> {
      const { cast } = input;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('council_vote')
          .values({
            council_id: input.councilId,
            session: input.session,
            member_id: cast.actor,
            written: cast.written,
            votes: JSON.stringify(cast.written ? cast.votes : {}),
            voted_at: new Date(input.at),
          })
          .onConflict((oc) => oc.columns(['council_id', 'session', 'member_id']).doNothing())
          .execute();
        if (!cast.written) {
          await tx
            .insertInto('ballot_envelope')
            .values({ ballot_id: input.ballotId, digest: createHash('sha256').update(cast.sealed).digest('hex'), sealed: cast.sealed })
            .onConflict((oc) => oc.columns(['ballot_id', 'digest']).doNothing())
            .execute();
        }
      });
    },

    /**
     * Opens the session's sealed ballots, stores their choices shuffled and unnamed, destroys the
     * box's key, and counts them with the written votes. An envelope that cannot be opened, or whose
     * choices do not fit the ballot, counts as not voted. Counted again from the stored choices on a retry.
     */
    async countCouncilBallots(input: {
      councilId: string;
      ballotId: string;
      onBallot: Nomination[];
      written: { votes: Record<string, CouncilVote>; written: boolean }[];
      members: number;
      rules: CouncilRules;
      at: number;
    }): Promise<CouncilCount[]> {
      const ids = input.onBallot.map((n) => nominationId(n));
      const valid = (choices: unknown): choices is { votes: Record<string, CouncilVote> } => {
        const parsed = councilVoteSchema.shape.votes.safeParse((choices as { votes?: unknown } | undefined)?.votes);
        return parsed.success && checkCouncilVotes(ids, parsed.data) === undefined;
      };
      const secret = await db.transaction().execute(async (tx) => {
        const box = await tx
          .selectFrom('ballot_box')
          .select(['private_key', 'counted_at'])
          .where('ballot_id', '=', input.ballotId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (box.counted_at)
          return (await tx.selectFrom('ballot_choice').select('choices').where('ballot_id', '=', input.ballotId).execute()).map(
            (c) => c.choices,
          );
        const envelopes = await tx.selectFrom('ballot_envelope').select('sealed').where('ballot_id', '=', input.ballotId).execute();
        const opened = shuffled(envelopes.map((e) => (box.private_key ? openBallot(box.private_key, e.sealed) : undefined)));
        if (opened.length)
          await tx
            .insertInto('ballot_choice')
            .values(
              opened.map((choices, position) => ({
                ballot_id: input.ballotId,
                position,
                choices: choices === undefined ? null : JSON.stringify(choices),
              })),
            )
            .execute();
        await tx.deleteFrom('ballot_envelope').where('ballot_id', '=', input.ballotId).execute();
        await tx
          .updateTable('ballot_box')
          .set({ private_key: null, counted_at: new Date(input.at) })
          .where('ballot_id', '=', input.ballotId)
          .execute();
        return opened;
      });
      const ballots = [...secret.filter(valid).map((c) => ({ votes: c.votes, written: false })), ...input.written];
      return tallyCouncil(input.onBallot, ballots, input.members, input.rules);
    },

    /** The count of a session, and its minutes (biên bản) as a document. */
    async recordCouncilResult(input: { councilId: string; session: number; counts: CouncilCount[]; at: number }): Promise<string> {
      const council = await councilOf(db, input.councilId);
      const submissions = await submissionsOf(db, input.councilId);
      const attendance = await db
        .selectFrom('council_event')
        .select('details')
        .where('council_id', '=', input.councilId)
        .where('key', '=', `attendance:${input.session}`)
        .executeTakeFirst();
      const members = await db
        .selectFrom('person_role')
        .select('person_id')
        .distinct()
        .where('province', '=', council.province)
        .where('year', '=', council.year)
        .where('role', 'in', ['council_member', 'council_chair'])
        .execute();
      const named = (nomination: string) => {
        const [cluster, , unit] = nomination.split(':') as [string, string, string];
        const ctx = submissions.find((s) => s.ctx.cluster === cluster)?.ctx;
        return { unitName: ctx?.unitNames.get(unit) ?? unit, clusterName: ctx?.clusterName ?? cluster };
      };
      const doc = renderMinutes({
        province: council.province,
        year: council.year,
        session: input.session,
        at: input.at,
        members: members.length,
        present: (attendance?.details as { present?: string[] })?.present ?? [],
        counts: input.counts.map((c) => ({ ...c, ...named(c.nomination) })),
      });
      const documentId = `${input.councilId}/bien-ban-${input.session}`;
      await db
        .insertInto('document')
        .values({
          id: documentId,
          kind: 'minutes',
          title: doc.title,
          html: doc.html,
          cycle_id: null,
          council_id: input.councilId,
          created_at: new Date(input.at),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await event(
        db,
        input.councilId,
        `result:${input.session}`,
        'result',
        'system',
        { session: input.session, counts: input.counts, documentId },
        input.at,
      );
      return documentId;
    },

    /**
     * The chair's decision. Approval numbers it (once, from a sequence), records the awards with
     * their amounts and the decision document, mails the winners, the clusters' chairs and the
     * secretariat, and returns what each cluster is to be told. A return is recorded and mailed.
     */
    async recordDecision(input: {
      councilId: string;
      action: 'approve' | 'return';
      actor: string;
      reason?: string;
      counts: CouncilCount[];
      at: number;
    }): Promise<{ number: string; date: string; outcomes: Record<string, CouncilOutcome> }> {
      const council = await councilOf(db, input.councilId);
      const secretariat = await loadSecretariat(db, council.province, council.year);
      if (input.action === 'return') {
        await event(db, input.councilId, `returned:${input.at}`, 'decision-returned', input.actor, { reason: input.reason }, input.at);
        await send(
          secretariat.map((to) => ({
            key: `${input.councilId}:decision-returned:${input.at}:${to.id}`,
            cycleId: null,
            to,
            mail: proposalReturned({
              ...councilGreeting(council, to),
              reason: input.reason ?? '',
              link: taskPageUrl(deps.links, input.councilId),
            }),
          })),
        );
        return { number: '', date: '', outcomes: {} };
      }
      const submissions = await submissionsOf(db, input.councilId);
      const chair = await db.selectFrom('person').select('full_name').where('id', '=', input.actor).executeTakeFirstOrThrow();
      const split = (n: string) => n.split(':') as [string, AwardKind, string];
      const approved = input.counts.filter((c) => c.approved);
      const decision = await db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('decision')
          .select(['number', 'decided_on', 'document_id'])
          .where('council_id', '=', input.councilId)
          .executeTakeFirst();
        if (existing) return { number: existing.number, date: existing.decided_on, documentId: existing.document_id };
        const { rows } = await sql<{ seq: string }>`select nextval('decision_number_seq') as seq`.execute(tx);
        const number = decisionNumber(Number(rows[0]!.seq));
        const date = formatVietnamDate(input.at);
        const awarded = approved.map((c) => {
          const [cluster, award, unit] = split(c.nomination);
          const ctx = submissions.find((s) => s.ctx.cluster === cluster)!.ctx;
          return {
            award,
            unit,
            unitName: ctx.unitNames.get(unit) ?? unit,
            clusterName: ctx.clusterName,
            cycleId: ctx.cycleId,
            nomination: c.nomination,
          };
        });
        const doc = renderDecision({ province: council.province, year: council.year, number, date, chairName: chair.full_name, awarded });
        const documentId = `${input.councilId}/quyet-dinh`;
        await tx
          .insertInto('document')
          .values({
            id: documentId,
            kind: 'decision',
            title: doc.title,
            html: doc.html,
            cycle_id: null,
            council_id: input.councilId,
            created_at: new Date(input.at),
          })
          .execute();
        await tx
          .insertInto('decision')
          .values({
            council_id: input.councilId,
            number,
            decided_on: `${date.slice(6)}-${date.slice(3, 5)}-${date.slice(0, 2)}`,
            status: 'approved',
            approved_by: input.actor,
            approved_at: new Date(input.at),
            document_id: documentId,
          })
          .execute();
        if (awarded.length) {
          await tx
            .insertInto('award')
            .values(
              awarded.map((a) => ({
                council_id: input.councilId,
                nomination: a.nomination,
                cycle_id: a.cycleId,
                unit_code: a.unit,
                award: a.award,
                amount_vnd: awardAmount(a.award),
                decision_number: number,
                revoked_at: null,
                revoked_reason: null,
              })),
            )
            .execute();
        }
        await event(
          tx,
          input.councilId,
          'approved',
          'decision-approved',
          input.actor,
          { number, date, awarded: awarded.map((a) => a.nomination) },
          input.at,
        );
        return { number, date, documentId };
      });

      const outcomes: Record<string, CouncilOutcome> = {};
      const mails: OutgoingMail[] = [];
      const names = (list: CouncilCount[]) =>
        list.map((c) => {
          const [cluster, award, unit] = split(c.nomination);
          const ctx = submissions.find((s) => s.ctx.cluster === cluster)?.ctx;
          return `${AWARDS[award].title}: ${ctx?.unitNames.get(unit) ?? unit}`;
        });
      for (const { ctx } of submissions) {
        const mine = input.counts.filter((c) => c.nomination.startsWith(`${ctx.cluster}:`));
        outcomes[ctx.cluster] = {
          decisionNumber: decision.number,
          date: decision.date,
          awarded: mine
            .filter((c) => c.approved)
            .map((c) => ({ award: c.award, unit: split(c.nomination)[2], amount: awardAmount(c.award) })),
          notAwarded: mine
            .filter((c) => !c.approved)
            .map((c) => ({
              award: c.award,
              unit: split(c.nomination)[2],
              reason: `${c.for}/${c.for + c.against + c.abstain + c.notVoted} phiếu đồng ý, cần ${c.needed}`,
            })),
        };
        for (const c of mine.filter((x) => x.approved)) {
          const unit = split(c.nomination)[2];
          const to = representativeOf(ctx, unit);
          mails.push({
            key: `${input.councilId}:award:${c.nomination}`,
            cycleId: ctx.cycleId,
            to,
            mail: awardNotice({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              unitName: ctx.unitNames.get(unit) ?? unit,
              award: c.award,
              number: decision.number,
              date: decision.date,
            }),
          });
        }
        const chairOf = representativeOf(ctx, ctx.chairUnit);
        mails.push({
          key: `${input.councilId}:decision:${chairOf.id}:${ctx.cluster}`,
          cycleId: ctx.cycleId,
          to: chairOf,
          mail: decisionNotice({
            recipientName: chairOf.fullName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            number: decision.number,
            date: decision.date,
            awarded: names(mine.filter((c) => c.approved)),
            notAwarded: names(mine.filter((c) => !c.approved)),
            documentUrl: documentUrl(deps.links, decision.documentId),
          }),
        });
      }
      for (const to of secretariat) {
        mails.push({
          key: `${input.councilId}:decision:${to.id}`,
          cycleId: null,
          to,
          mail: decisionNotice({
            ...councilGreeting(council, to),
            number: decision.number,
            date: decision.date,
            awarded: names(approved),
            notAwarded: names(input.counts.filter((c) => !c.approved)),
            documentUrl: documentUrl(deps.links, decision.documentId),
          }),
        });
      }
      await send(mails);
      return { number: decision.number, date: decision.date, outcomes };
    },

    /**
     * Awards revoked within the complaint window: a numbered revocation decision (quyết định thu
     * hồi) citing the original decision, the awards marked with who revoked them and why, and an
     * audit event for every cycle concerned, all in one transaction keyed by the revocation's
     * instant (a retry numbers nothing twice); then the units concerned, their clusters' chairs and
     * the secretariat are mailed.
     */
    async recordRevocation(input: {
      councilId: string;
      actor: string;
      reason: string;
      nominations: string[];
      decisionNumber: string;
      at: number;
    }): Promise<{ number: string; documentId: string; mailed: number }> {
      const council = await councilOf(db, input.councilId);
      const submissions = await submissionsOf(db, input.councilId);
      const key = `revoked:${input.at}`;
      const revoked = input.nominations.map((nomination) => {
        const [cluster, award, unit] = nomination.split(':') as [string, AwardKind, string];
        const ctx = submissions.find((s) => s.ctx.cluster === cluster)?.ctx;
        return { nomination, award, unit, unitName: ctx?.unitNames.get(unit) ?? unit, clusterName: ctx?.clusterName ?? cluster, ctx };
      });
      const revocation = await db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('revocation')
          .select(['number', 'document_id'])
          .where('council_id', '=', input.councilId)
          .where('key', '=', key)
          .executeTakeFirst();
        if (existing) return { number: existing.number, documentId: existing.document_id };
        const decision = await tx
          .selectFrom('decision')
          .select(['decided_on'])
          .where('council_id', '=', input.councilId)
          .executeTakeFirstOrThrow();
        const chair = await tx.selectFrom('person').select('full_name').where('id', '=', input.actor).executeTakeFirstOrThrow();
        // Revocations are decisions too: numbered from the decisions' sequence.
        const { rows } = await sql<{ seq: string }>`select nextval('decision_number_seq') as seq`.execute(tx);
        const number = decisionNumber(Number(rows[0]!.seq));
        const documentId = `${input.councilId}/quyet-dinh-thu-hoi-${rows[0]!.seq}`;
        const [y, m, d] = decision.decided_on.split('-');
        const doc = renderRevocation({
          province: council.province,
          year: council.year,
          number,
          date: formatVietnamDate(input.at),
          decisionNumber: input.decisionNumber,
          decisionDate: `${d}/${m}/${y}`,
          chairName: chair.full_name,
          reason: input.reason,
          revoked,
        });
        const at = new Date(input.at);
        await tx
          .insertInto('document')
          .values({
            id: documentId,
            kind: 'revocation',
            title: doc.title,
            html: doc.html,
            cycle_id: null,
            council_id: input.councilId,
            created_at: at,
          })
          .execute();
        await tx
          .insertInto('revocation')
          .values({
            council_id: input.councilId,
            key,
            number,
            decision_number: input.decisionNumber,
            nominations: JSON.stringify(input.nominations),
            reason: input.reason,
            revoked_by: input.actor,
            revoked_at: at,
            document_id: documentId,
          })
          .execute();
        await tx
          .updateTable('award')
          .set({ revoked_at: at, revoked_reason: input.reason, revoked_by: input.actor, revocation_number: number })
          .where('council_id', '=', input.councilId)
          .where('nomination', 'in', input.nominations)
          .where('revoked_at', 'is', null)
          .execute();
        const left = await tx
          .selectFrom('award')
          .select('nomination')
          .where('council_id', '=', input.councilId)
          .where('revoked_at', 'is', null)
          .execute();
        await tx
          .updateTable('decision')
          .set({ status: left.length ? 'partly-revoked' : 'revoked' })
          .where('council_id', '=', input.councilId)
          .execute();
        await event(
          tx,
          input.councilId,
          key,
          'revocation',
          input.actor,
          { nominations: input.nominations, reason: input.reason, number, documentId },
          input.at,
        );
        // Each cycle concerned keeps the revocation in its own audit log (tdkt audit, tdkt export).
        for (const cycleId of new Set(revoked.flatMap((r) => (r.ctx ? [r.ctx.cycleId] : [])))) {
          const mine = revoked.filter((r) => r.ctx?.cycleId === cycleId).map((r) => r.nomination);
          await appendAudit(tx, {
            key: `${input.councilId}:${key}:${cycleId}`,
            cycleId,
            actor: input.actor,
            action: 'council.revoked',
            subject: input.decisionNumber,
            details: {
              revocationNumber: number,
              decisionNumber: input.decisionNumber,
              nominations: mine,
              reason: input.reason,
              documentId,
            },
            occurredAt: at,
          });
        }
        return { number, documentId };
      });
      const notice = (to: Recipient, greeting: { clusterName: string; year: number }, list: typeof revoked) =>
        revocationNotice({
          recipientName: to.fullName,
          ...greeting,
          number: revocation.number,
          decisionNumber: input.decisionNumber,
          revoked: list,
          reason: input.reason,
          documentUrl: documentUrl(deps.links, revocation.documentId),
        });
      const mails: OutgoingMail[] = [];
      for (const r of revoked) {
        if (!r.ctx) continue;
        const to = representativeOf(r.ctx, r.unit);
        mails.push({ key: `${input.councilId}:${key}:${r.nomination}`, cycleId: r.ctx.cycleId, to, mail: notice(to, r.ctx, [r]) });
      }
      for (const { ctx } of submissions) {
        const mine = revoked.filter((r) => r.ctx?.cluster === ctx.cluster);
        if (!mine.length) continue;
        const to = representativeOf(ctx, ctx.chairUnit);
        mails.push({ key: `${input.councilId}:${key}:chair:${ctx.cluster}`, cycleId: ctx.cycleId, to, mail: notice(to, ctx, mine) });
      }
      for (const to of await loadSecretariat(db, council.province, council.year)) {
        mails.push({
          key: `${input.councilId}:${key}:${to.id}`,
          cycleId: null,
          to,
          mail: notice(to, councilGreeting(council, to), revoked),
        });
      }
      return { ...revocation, mailed: await send(mails) };
    },

    /** A cycle records the council's outcome for its cluster. */
    async recordCouncilOutcome(input: { cycleId: string; outcome: CouncilOutcome; at: number }): Promise<void> {
      await appendAudit(db, {
        key: `${input.cycleId}:council-outcome`,
        cycleId: input.cycleId,
        actor: 'council',
        action: 'council.outcome',
        subject: input.cycleId,
        details: { ...input.outcome },
        occurredAt: new Date(input.at),
      });
    },
  };
}
