import { createHash, randomInt } from 'node:crypto';
import { newBallotKeys, openBallot } from '../ballotBox/seal.ts';
import { loadCycleContext, representativeOf, unitsNamed, type CycleContext } from '../db/queries/cycleContext.ts';
import { loadScoringInputs } from '../db/queries/scoringInputs.ts';
import { tally as countVotes, type BallotItems, type BallotRules, type Nominations, type Tally } from '../domain/ballot.ts';
import { consolidate, tableOf, vietnameseNotes } from '../domain/consolidation.ts';
import type { Channel, Received } from '../domain/round.ts';
import { appendAudit } from './audit.ts';
import type { ActivityDeps } from './deps.ts';
import { leadersAsked, outcomeMail, tableLines } from './mail/scoringMails.ts';
import { html } from './mail/html.ts';
import { taskLinkUrl } from './mail/links.ts';
import { deliverMails, enqueueMails } from './outbox.ts';
import { receiptFor, type RoundRef } from './roundMail.ts';

// Activities of the cluster ballot. Secrecy: the ballot box's keys are made here and the private
// key never leaves Postgres; a cast records who voted apart from the sealed envelope; the count
// opens the envelopes, stores the choices shuffled and unnamed, and destroys the private key.
// Nothing here logs or returns what anyone chose.

/** A member's sealed ballot: the voter in one table, the envelope in another, neither naming the other. */
export async function castBallot(
  deps: ActivityDeps,
  ctx: CycleContext,
  input: RoundRef & Received & { content?: unknown; channel?: Channel },
): Promise<number> {
  const { db } = deps;
  const sealed = (input.content as { sealed: string }).sealed;
  const at = new Date(input.at);
  const keys = await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('ballot_voter')
      .values({ ballot_id: input.roundId, unit_code: input.unit, voter_id: input.actor, voted_at: at })
      .onConflict((oc) => oc.columns(['ballot_id', 'unit_code']).doNothing())
      .execute();
    await tx
      .insertInto('ballot_envelope')
      .values({ ballot_id: input.roundId, digest: createHash('sha256').update(sealed).digest('hex'), sealed })
      .onConflict((oc) => oc.columns(['ballot_id', 'digest']).doNothing())
      .execute();
    await appendAudit(tx, {
      key: `${input.roundId}:voted:${input.unit}`,
      cycleId: input.cycleId,
      actor: input.actor,
      action: 'ballot.cast',
      subject: input.unit,
      // Who voted and from where; never what (absent channel: cast before it was recorded, from the CLI).
      details: { channel: input.channel ?? 'cli' },
      occurredAt: at,
    });
    return enqueueMails(tx, deps.mailFrom, [receiptFor(ctx, input)]);
  });
  return deliverMails(deps, keys);
}

/** The items in a random order (crypto-random): ballots are stored in no order that could name their voter. */
export function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function ballotMinutes(
  ctx: CycleContext,
  ballots: { number: number; items: BallotItems; tally: Tally }[],
  leaders: LeadersRecord | null,
  nominations: Nominations,
): string {
  const name = (u: string) => `${ctx.unitNames.get(u) ?? u} (${u})`;
  const lines = [
    `BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN – ${ctx.clusterName} – năm ${ctx.year}`,
    `Số đơn vị thành viên: ${ctx.unitNames.size}. Bỏ phiếu kín; số phiếu cần đạt tính trên tổng số thành viên.`,
  ];
  for (const { number, tally } of ballots) {
    lines.push('', `Vòng ${number}: ${tally.cast}/${tally.members} phiếu, ${tally.spoiled} phiếu không hợp lệ; cần ${tally.needed} phiếu.`);
    for (const f of tally.flag)
      lines.push(`  Cờ thi đua – ${name(f.unit)}: ${f.votes} phiếu đồng ý${tally.flagElected === f.unit ? ' → ĐẠT' : ''}`);
    for (const c of tally.certificates)
      lines.push(
        `  Bằng khen – ${name(c.unit)}: ${c.for} đồng ý, ${c.against} không đồng ý, ${c.abstain} không biểu quyết, ${c.notVoted} không bỏ phiếu${tally.certificatesApproved.includes(c.unit) ? ' → ĐẠT' : ''}`,
      );
  }
  if (leaders) {
    lines.push(
      '',
      `Sau ${ballots.length} vòng, Trưởng cụm và Phó cụm quyết định đơn vị đề nghị Cờ thi đua (trong số ${leaders.candidates.map(name).join(', ')}): Trưởng cụm chọn ${leaders.chair ?? '—'}, Phó cụm chọn ${leaders.deputy ?? '—'}.`,
    );
  }
  lines.push(
    '',
    `Kết luận: Cờ thi đua: ${nominations.flag ? `${name(nominations.flag)}${nominations.flagDecidedBy === 'chair-and-deputy' ? ' (do Trưởng cụm và Phó cụm quyết định)' : ' (theo kết quả bỏ phiếu)'}` : 'không đề nghị'}; Bằng khen: ${nominations.certificates.length ? nominations.certificates.map(name).join(', ') : 'không đề nghị'}.`,
  );
  return lines.join('\n');
}

interface LeadersRecord {
  candidates: string[];
  chair?: string;
  deputy?: string;
}

export function ballotActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Makes the ballot box of a ballot round (once) and returns its public key, which voters seal with. */
    async openBallotBox(input: { cycleId: string | null; ballotId: string; number: number; at: number }): Promise<{ publicKey: string }> {
      const fresh = newBallotKeys();
      await db
        .insertInto('ballot_box')
        .values({
          ballot_id: input.ballotId,
          cycle_id: input.cycleId,
          number: input.number,
          public_key: fresh.publicKey,
          private_key: fresh.privateKey,
          opened_at: new Date(input.at),
          counted_at: null,
        })
        .onConflict((oc) => oc.column('ballot_id').doNothing())
        .execute();
      // A retry keeps the first keys: ballots may already be sealed with them.
      const box = await db.selectFrom('ballot_box').select('public_key').where('ballot_id', '=', input.ballotId).executeTakeFirstOrThrow();
      return { publicKey: box.public_key };
    },

    /** Opens and counts the envelopes, stores the counts and the unnamed choices, destroys the private key. */
    async countBallot(input: {
      cycleId: string;
      ballotId: string;
      number: number;
      items: BallotItems;
      members: number;
      rules: BallotRules;
      at: number;
    }): Promise<Tally> {
      return db.transaction().execute(async (tx) => {
        const done = await tx.selectFrom('ballot_result').select('tally').where('ballot_id', '=', input.ballotId).executeTakeFirst();
        if (done) return done.tally as Tally;
        const box = await tx
          .selectFrom('ballot_box')
          .select('private_key')
          .where('ballot_id', '=', input.ballotId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const envelopes = await tx.selectFrom('ballot_envelope').select('sealed').where('ballot_id', '=', input.ballotId).execute();
        const opened = shuffled(envelopes.map((e) => (box.private_key ? openBallot(box.private_key, e.sealed) : undefined)));
        const result = countVotes(input.items, opened, input.members, input.rules);
        if (opened.length) {
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
        }
        const at = new Date(input.at);
        await tx
          .insertInto('ballot_result')
          .values({
            ballot_id: input.ballotId,
            cycle_id: input.cycleId,
            number: input.number,
            items: JSON.stringify(input.items),
            tally: JSON.stringify(result),
            counted_at: at,
          })
          .execute();
        await tx.deleteFrom('ballot_envelope').where('ballot_id', '=', input.ballotId).execute();
        await tx.updateTable('ballot_box').set({ private_key: null, counted_at: at }).where('ballot_id', '=', input.ballotId).execute();
        await appendAudit(tx, {
          key: `${input.ballotId}:counted`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'ballot.counted',
          subject: input.ballotId,
          details: {
            cast: result.cast,
            spoiled: result.spoiled,
            flagElected: result.flagElected ?? null,
            certificatesApproved: result.certificatesApproved,
          },
          occurredAt: at,
        });
        return result;
      });
    },

    /** Asks the chair and the deputy to decide the flag nominee the ballot left open. */
    async askLeaders(input: { cycleId: string; candidates: string[]; deadline: number; at: number }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const leadership = await db
        .selectFrom('cycle')
        .select(['chair_unit', 'deputy_unit'])
        .where('id', '=', input.cycleId)
        .executeTakeFirstOrThrow();
      const keys = await db.transaction().execute(async (tx) => {
        await appendAudit(tx, {
          key: `${input.cycleId}:leaders-asked`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'ballot.leaders-asked',
          subject: input.cycleId,
          details: { candidates: input.candidates },
          occurredAt: new Date(input.at),
        });
        return enqueueMails(
          tx,
          deps.mailFrom,
          [leadership.chair_unit, leadership.deputy_unit].map((unit) => {
            const to = representativeOf(ctx, unit);
            // The chair's tasks are the cycle's (the deputy decides there too): valid until the decision's deadline.
            const link = taskLinkUrl(deps.links, { person: to.id, role: 'chair', task: input.cycleId, expiresAt: input.deadline });
            return {
              key: `${input.cycleId}:leaders-asked:${unit}`,
              cycleId: input.cycleId,
              to,
              mail: leadersAsked({
                recipientName: to.fullName,
                clusterName: ctx.clusterName,
                year: ctx.year,
                candidates: unitsNamed(ctx, input.candidates),
                deadline: input.deadline,
                link,
              }),
            };
          }),
        );
      });
      return deliverMails(deps, keys);
    },

    /** The chair's or the deputy's choice of flag nominee, audited (it is theirs to make openly). */
    async recordLeadersChoice(input: {
      cycleId: string;
      actor: string;
      role: 'chair' | 'deputy';
      flag: string;
      channel?: Channel;
      at: number;
    }): Promise<void> {
      await appendAudit(db, {
        key: `${input.cycleId}:leaders-choice:${input.role}:${input.at}`,
        cycleId: input.cycleId,
        actor: input.actor,
        action: 'ballot.leaders-choice',
        subject: input.role,
        details: { flag: input.flag, channel: input.channel ?? 'cli' },
        occurredAt: new Date(input.at),
      });
    },

    /** The outcome: nominations, the scoring and ballot minutes, and a mail to every member and the secretariat. */
    async recordNominations(input: {
      cycleId: string;
      nominations: Nominations;
      ballots: { number: number; items: BallotItems; tally: Tally }[];
      leaders: LeadersRecord | null;
      at: number;
    }): Promise<number> {
      const ctx = await loadCycleContext(db, input.cycleId);
      const at = new Date(input.at);
      const { nominations } = input;
      // The final table: nothing changes it once the ballot has opened.
      const consolidation = consolidate(await loadScoringInputs(db, input.cycleId));
      const table = tableOf(consolidation);
      const ranking = tableLines(table, ctx.unitNames, vietnameseNotes(consolidation));
      const scoringMinutes = [
        `BIÊN BẢN CHẤM ĐIỂM – ${ctx.clusterName} – năm ${ctx.year}`,
        `Công thức ${table.formulaVersion}, thang điểm ${table.rubricVersion}.`,
        ...ranking,
      ].join('\n');
      const ballotText = ballotMinutes(ctx, input.ballots, input.leaders, nominations);
      const name = (u: string) => `${ctx.unitNames.get(u) ?? u} (${u})`;
      const nominationLines = [
        `Cờ thi đua của UBND tỉnh: ${nominations.flag ? name(nominations.flag) : 'không đề nghị'}`,
        ...nominations.certificates.map((u) => `Bằng khen của Chủ tịch UBND tỉnh: ${name(u)}`),
      ];
      const keys = await db.transaction().execute(async (tx) => {
        const values = [
          ...(nominations.flag
            ? [
                {
                  award: 'flag' as const,
                  unit_code: nominations.flag,
                  decided_by: nominations.flagDecidedBy ?? ('ballot' as const),
                  ballot_round:
                    nominations.flagDecidedBy === 'ballot'
                      ? (input.ballots.find((b) => b.tally.flagElected === nominations.flag)?.number ?? null)
                      : null,
                },
              ]
            : []),
          ...nominations.certificates.map((unit) => ({
            award: 'certificate' as const,
            unit_code: unit,
            decided_by: 'ballot' as const,
            ballot_round: input.ballots.find((b) => b.tally.certificatesApproved.includes(unit))?.number ?? null,
          })),
        ];
        if (values.length) {
          await tx
            .insertInto('nomination')
            .values(values.map((v) => ({ ...v, cycle_id: input.cycleId, recorded_at: at })))
            .onConflict((oc) => oc.columns(['cycle_id', 'award', 'unit_code']).doNothing())
            .execute();
        }
        for (const [kind, text] of [
          ['scoring', scoringMinutes],
          ['ballot', ballotText],
        ] as const) {
          await tx
            .insertInto('cluster_minutes')
            .values({
              cycle_id: input.cycleId,
              kind,
              text_body: text,
              html_body:
                html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${text.split('\n')[0]!}</title></head><body><pre style="white-space:pre-wrap;font-family:serif">${text}</pre></body></html>`
                  .value,
              created_at: at,
            })
            .onConflict((oc) => oc.columns(['cycle_id', 'kind']).doNothing())
            .execute();
        }
        await appendAudit(tx, {
          key: `${input.cycleId}:nominated`,
          cycleId: input.cycleId,
          actor: 'system',
          action: 'cluster.nominated',
          subject: input.cycleId,
          details: { ...nominations },
          occurredAt: at,
        });
        const recipients = [...[...ctx.unitNames.keys()].map((u) => representativeOf(ctx, u)), ...ctx.secretariat];
        return enqueueMails(
          tx,
          deps.mailFrom,
          recipients.map((to) => ({
            key: `${input.cycleId}:outcome:${to.id}`,
            cycleId: input.cycleId,
            to,
            mail: outcomeMail({
              recipientName: to.fullName,
              clusterName: ctx.clusterName,
              year: ctx.year,
              ranking,
              nominations: nominationLines,
              minutes: [scoringMinutes, ballotText],
            }),
          })),
        );
      });
      return deliverMails(deps, keys);
    },
  };
}
