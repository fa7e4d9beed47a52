import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amendSubmission,
  appraise,
  councilStatus,
  councilVeto,
  councilVote,
  decide,
  recordAttendance,
  reschedule,
} from '../../client/councilOperations.ts';
import { ExitCode } from '../../client/exitCodes.ts';
import { castBallot, decideFlag, startCycle, submitReport, submitScores } from '../../client/operations.ts';
import { COUNCIL, sampleScoreSheets, sampleSelfScore } from '../../db/referenceData.ts';
import { councilId } from '../../domain/council.ts';
import { exportYear } from '../../client/export.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import type { councilSession } from '../../workflows/councilSession.ts';
import { copySeedProvince, decodedPayloads, fastCycle, HIGHLAND_REPS, refusal, REPS, waitForPhase, waitOpen } from '../support/fixtures.ts';
import { cliChecks, scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, testLinks, type Harness } from '../support/harness.ts';
import { keyOf, mailsOf, taskLinkClaim } from '../support/mails.ts';

// The provincial council on the real servers: two clusters of one province submit, the
// secretariat returns one nomination (the chair amends and resubmits) and records a late veto, a
// first session fails for want of members and is rescheduled, a nomination with 11 of 15 votes
// (92% of the 12 present) fails, the chair approves the decision with its number and amounts,
// both cycles hear their outcome, and the chair then revokes one award.

const ROUND_MS = 2500;
const MEMBERS = [COUNCIL.chair.id, ...COUNCIL.members.map((m) => m.id)].sort();
const SECRETARIAT = 'snv.ha';

let h: Harness;
// Some steps go through the tdkt command, as the secretariat and the chair would run them.
const tdkt = tdktWith(() => stackEnv(h.taskQueue));
const { ok } = cliChecks(tdkt);
const scratch = scratchFolders('tdkt-council-');
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  scratch.removeAll();
});

type Reps = Record<string, string>;

async function councilPhase(council: string, phase: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = (await councilStatus(h.client, council)).phase;
    if (last === phase) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${council} did not reach phase ${phase} (last: ${last})`);
}

/** Files the year-end reports, the cross-scores and a ballot that elects the leader and the next two. */
async function runClusterYear(id: string, reps: Reps, bases: Record<string, number>, narrative: (unit: string) => string): Promise<void> {
  const units = Object.keys(reps);
  await waitOpen(h.client, roundId(id, 'report-YEAR'));
  for (const unit of units)
    await submitReport(h.client, {
      cycleId: id,
      unit,
      period: 'YEAR',
      submitter: reps[unit]!,
      content: { narrative: narrative(unit), selfScore: sampleSelfScore(bases[unit]! + 2) },
    });
  await waitOpen(h.client, roundId(id, 'score'));
  for (const unit of units)
    await submitScores(h.client, { cycleId: id, unit, scorer: reps[unit]!, content: sampleScoreSheets(unit, units, bases) });
  const ballot = await waitOpen(h.client, roundId(id, 'ballot-1'));
  const { flag, certificates } = ballot.ballot!.items;
  for (const unit of units)
    await castBallot(h.client, {
      cycleId: id,
      unit,
      voter: reps[unit]!,
      choices: { flag: flag[0]!, certificates: Object.fromEntries(certificates.map((c) => [c, 'for'])) },
    });
}

// The tests are independent (each its own cluster copy) and mostly wait on their calendars: they run side by side.
describe.concurrent('the provincial council', () => {
  it(
    'takes two clusters from their submissions through appraisal, a failed and a rescheduled session, the vote and the decision, to a revocation',
    { timeout: 240_000 },
    async () => {
      const { province, lowland, highland } = await copySeedProvince(h.db);
      const council = councilId(province, 2018);
      const low = cycleId(lowland, 2018);
      const high = cycleId(highland, 2018);
      const input = fastCycle(lowland, ROUND_MS, 300, { reporting: true, scoring: true, council: true });
      const { calendar } = input;
      const ballotOpens = Date.parse(calendar.ballot!.opensAt);
      calendar.ballot!.duration = 'PT15S';
      calendar.council = {
        ...calendar.council!,
        submitBy: new Date(ballotOpens + 16_000).toISOString(),
        sessionAt: new Date(ballotOpens + 24_000).toISOString(),
        sessionLength: 'PT25S',
        complaintWindow: 'PT12S',
      };
      await startCycle(h.client, h.taskQueue, input);
      await startCycle(h.client, h.taskQueue, { ...input, cluster: highland });

      const hostile = '<script>alert("x")</script> Thu ngân sách vượt 12% & giảm nghèo 4,5%';
      await Promise.all([
        runClusterYear(low, REPS, { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 }, (u) =>
          u === 'TGI' ? hostile : `Báo cáo tổng kết năm 2018 của ${u}.`,
        ),
        runClusterYear(high, HIGHLAND_REPS, { MCH: 94, TCH: 92, MNH: 91, DBD: 89, NPO: 87 }, (u) => `Báo cáo tổng kết năm 2018 của ${u}.`),
      ]);

      // Both clusters submit; the first created the council, the second joined it.
      await waitForPhase(h.client, low, 'submitted');
      await waitForPhase(h.client, high, 'submitted');
      // The first submission started the council; acting on it waits for its setup (members, secretariat).
      let status = await councilStatus(h.client, council);
      for (let i = 0; !status.chair && i < 100; i++)
        status = await new Promise((resolve) => setTimeout(resolve, 100)).then(() => councilStatus(h.client, council));
      expect(status.expected).toEqual([lowland, highland].sort());
      expect(Object.keys(status.appraisal).sort()).toEqual(
        [
          `${highland}:certificate:MNH`,
          `${highland}:certificate:TCH`,
          `${highland}:flag:MCH`,
          `${lowland}:certificate:DBI`,
          `${lowland}:certificate:DBP`,
          `${lowland}:flag:TGI`,
        ].sort(),
      );

      // Appraisal: only the secretariat; a return needs a reason and goes back to the cluster.
      expect(
        (
          await refusal(
            appraise(h.client, {
              councilId: council,
              appraisal: { actor: REPS.DBI, nomination: `${lowland}:flag:TGI`, verdict: 'accept' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.notAuthorised);
      expect(
        (
          await refusal(
            appraise(h.client, {
              councilId: council,
              appraisal: { actor: SECRETARIAT, nomination: `${highland}:certificate:MNH`, verdict: 'return' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.usage);
      // A nomination no cluster submitted is a mistake in the input (2), as the README's table says.
      expect(
        (
          await refusal(
            appraise(h.client, {
              councilId: council,
              appraisal: { actor: SECRETARIAT, nomination: `${lowland}:flag:MLA`, verdict: 'accept' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.usage);
      for (const n of [
        `${lowland}:flag:TGI`,
        `${lowland}:certificate:DBI`,
        `${lowland}:certificate:DBP`,
        `${highland}:flag:MCH`,
        `${highland}:certificate:TCH`,
      ]) {
        await appraise(h.client, { councilId: council, appraisal: { actor: SECRETARIAT, nomination: n, verdict: 'accept' } });
      }
      await appraise(h.client, {
        councilId: council,
        appraisal: {
          actor: SECRETARIAT,
          nomination: `${highland}:certificate:MNH`,
          verdict: 'return',
          reason: 'Thiếu báo cáo thành tích có xác nhận của cấp trên',
        },
      });
      await waitForPhase(h.client, high, 'revision');
      expect(
        (
          await refusal(
            amendSubmission(h.client, {
              cycleId: high,
              amendment: { actor: HIGHLAND_REPS.TCH, note: 'Rút đề nghị theo ý kiến thẩm định', withdraw: ['MNH'] },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.notAuthorised);
      expect(
        await amendSubmission(h.client, {
          cycleId: high,
          amendment: { actor: HIGHLAND_REPS.MCH, note: 'Rút đề nghị theo ý kiến thẩm định', withdraw: ['MNH'] },
        }),
      ).toEqual({ version: 2 });
      await waitForPhase(h.client, high, 'submitted');
      // A late veto input bars DBP's certificate.
      expect(
        await councilVeto(h.client, {
          councilId: council,
          veto: {
            actor: SECRETARIAT,
            unit: 'DBP',
            source: 'inspectorate',
            reference: 'Kết luận 07/KL-TTr',
            description: 'Sai phạm trong quản lý đầu tư công',
          },
        }),
      ).toEqual({ unit: 'DBP', affected: [`${lowland}:certificate:DBP`] });
      status = await councilStatus(h.client, council);
      expect(status.appraisal[`${highland}:certificate:MNH`]).toEqual({ status: 'withdrawn' });
      expect(status.appraisal[`${lowland}:certificate:DBP`]).toMatchObject({ status: 'vetoed' });

      // Session 1: 9 of 15 present, no quorum; the secretariat reschedules.
      const pollPhase = (phase: string) => councilPhase(council, phase);
      await pollPhase('session');
      expect(
        (await refusal(councilVote(h.client, { councilId: council, ballot: { actor: MEMBERS[0]!, votes: {}, written: false } }))).exitCode,
      ).toBe(ExitCode.roundNotOpen);
      const quorum1 = await recordAttendance(h.client, {
        councilId: council,
        attendance: { actor: SECRETARIAT, present: MEMBERS.slice(0, 9) },
      });
      expect(quorum1).toMatchObject({ ok: false, present: 9, members: 15, needed: 12 });
      await pollPhase('rescheduling');
      await reschedule(h.client, { councilId: council, reschedule: { actor: SECRETARIAT, at: new Date(Date.now() + 1500).toISOString() } });

      // Session 2: 12 present. The flags get 12 (80% of all 15); DBI's certificate 11 of the 12 present (73% of all): rejected;
      // TCH's certificate gets 11 present plus one written vote of an absent member: 12, approved.
      await pollPhase('session');
      const present = MEMBERS.slice(0, 12);
      expect(await recordAttendance(h.client, { councilId: council, attendance: { actor: SECRETARIAT, present } })).toMatchObject({
        ok: true,
        present: 12,
      });
      await pollPhase('voting');
      const ballot = (member: string, i: number) => ({
        [`${lowland}:flag:TGI`]: 'approve' as const,
        [`${lowland}:certificate:DBI`]: i === 0 ? ('reject' as const) : ('approve' as const),
        [`${highland}:flag:MCH`]: 'approve' as const,
        [`${highland}:certificate:TCH`]: i === 0 ? ('abstain' as const) : ('approve' as const),
      });
      expect(
        (
          await refusal(
            councilVote(h.client, {
              councilId: council,
              ballot: { actor: MEMBERS[0]!, votes: { [`${lowland}:certificate:DBP`]: 'approve' }, written: false },
            }),
          )
        ).message,
      ).toContain('not on the ballot');
      expect(
        (await refusal(councilVote(h.client, { councilId: council, ballot: { actor: MEMBERS[13]!, votes: {}, written: false } }))).message,
      ).toContain('vote in writing');
      expect(
        (await refusal(councilVote(h.client, { councilId: council, ballot: { actor: 'dbi.binh', votes: {}, written: true } }))).exitCode,
      ).toBe(ExitCode.notAMember);
      for (const [i, member] of present.entries())
        await councilVote(h.client, { councilId: council, ballot: { actor: member, votes: ballot(member, i), written: false } });
      expect(
        (await refusal(councilVote(h.client, { councilId: council, ballot: { actor: present[1]!, votes: {}, written: false } }))).exitCode,
      ).toBe(ExitCode.duplicate);
      await councilVote(h.client, {
        councilId: council,
        ballot: { actor: MEMBERS[12]!, votes: { [`${highland}:certificate:TCH`]: 'approve' }, written: true },
      });
      // The last two absent members write in without a choice: with every member's vote in, the count need not wait for the session's end.
      for (const member of MEMBERS.slice(13))
        await councilVote(h.client, { councilId: council, ballot: { actor: member, votes: {}, written: true } });
      await pollPhase('decision');
      // The count has closed the vote: a late written vote is refused.
      expect(
        (await refusal(councilVote(h.client, { councilId: council, ballot: { actor: MEMBERS[14]!, votes: {}, written: true } }))).exitCode,
      ).toBe(ExitCode.roundClosed);
      status = await councilStatus(h.client, council);
      const count = (n: string) => status.counts!.find((c) => c.nomination === n)!;
      expect(count(`${lowland}:flag:TGI`)).toMatchObject({ for: 12, needed: 12, approved: true });
      expect(count(`${lowland}:certificate:DBI`)).toMatchObject({ for: 11, against: 1, notVoted: 3, approved: false });
      expect(count(`${highland}:certificate:TCH`)).toMatchObject({ for: 12, written: 1, approved: true });

      // Secrecy: the council's history holds the present members' ballots sealed (the written vote is a signed letter), and the box's key is gone.
      const payloads = decodedPayloads(await h.client.workflow.getHandle(council).fetchHistory());
      expect(payloads).toContain('"sealed":"v1.');
      expect(payloads).not.toContain(`"${lowland}:certificate:DBI":"reject"`);
      expect(
        (
          await h.db
            .selectFrom('ballot_box')
            .select('private_key')
            .where('ballot_id', '=', `${council}/session-2`)
            .executeTakeFirstOrThrow()
        ).private_key,
      ).toBeNull();

      // The decision: the chair only.
      expect((await refusal(decide(h.client, { councilId: council, action: { actor: SECRETARIAT, action: 'approve' } }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      const decision = await decide(h.client, { councilId: council, action: { actor: COUNCIL.chair.id, action: 'approve' } });
      expect(decision.number).toMatch(/^\d+\/QĐ-UBND$/);
      expect(
        (await refusal(decide(h.client, { councilId: council, action: { actor: COUNCIL.chair.id, action: 'approve' } }))).exitCode,
      ).toBe(ExitCode.duplicate);

      // A revocation within the complaint window, with a reason; the cycles wait for the window to close.
      await waitForPhase(h.client, high, 'awarded');
      // The ballot settled the lowland flag long ago (the cycle waits out the complaint window): the chair's decision on it is refused as done already.
      const settled = await refusal(decideFlag(h.client, { cycleId: low, decision: { actor: REPS.DBI, flag: 'TGI' } }));
      expect([settled.exitCode, settled.message]).toEqual([
        ExitCode.duplicate,
        `the flag nominee of ${low} is already settled: TGI (elected by ballot round 1)`,
      ]);
      expect(
        (await refusal(decide(h.client, { councilId: council, action: { actor: COUNCIL.chair.id, action: 'revoke', reason: 'ngắn' } })))
          .exitCode,
      ).toBe(ExitCode.usage);
      const reason = 'Phát hiện vi phạm sau khi khen thưởng (khiếu nại số 3 <b>&</b>)';
      const revoked = await decide(h.client, {
        councilId: council,
        action: { actor: COUNCIL.chair.id, action: 'revoke', reason, nominations: [`${highland}:flag:MCH`] },
      });
      expect(revoked).toMatchObject({
        status: 'partly-revoked',
        revoked: [`${highland}:flag:MCH`],
        revocations: [{ nominations: [`${highland}:flag:MCH`], by: COUNCIL.chair.id, reason }],
      });
      const revocationNumber = revoked.revocations![0]!.number;
      expect(revocationNumber).toMatch(/^\d+\/QĐ-UBND$/);
      expect(revocationNumber).not.toBe(decision.number);
      // Revoking it again is refused as done already, naming the revocation.
      const again = await refusal(
        decide(h.client, {
          councilId: council,
          action: { actor: COUNCIL.chair.id, action: 'revoke', reason, nominations: [`${highland}:flag:MCH`] },
        }),
      );
      expect([again.exitCode, again.message]).toEqual([
        ExitCode.duplicate,
        `already revoked: ${highland}:flag:MCH (by ${revocationNumber})`,
      ]);
      expect(
        (
          await refusal(
            decide(h.client, {
              councilId: council,
              action: { actor: COUNCIL.chair.id, action: 'revoke', reason, nominations: [`${lowland}:certificate:DBI`] },
            }),
          )
        ).message,
      ).toBe(`not awarded by the decision: ${lowland}:certificate:DBI`);
      // The cycle is told: its status shows the award revoked.
      const highStatus = await ok('cycle', 'status', high);
      expect(highStatus).toContain(`flag MCH (REVOKED by ${revocationNumber})`);
      expect(highStatus).toContain(`revoked by decision ${revocationNumber} (thu hồi)`);
      expect(await ok('cycle', 'status', low)).not.toContain('REVOKED');
      expect(await ok('council', 'status', council)).toContain(`revocation ${revocationNumber} of `);

      const lowResult = await h.client.workflow.getHandle<typeof annualCycle>(low).result();
      expect(lowResult.phase).toBe('awarded');
      expect(lowResult.council).toMatchObject({
        decisionNumber: decision.number,
        awarded: [{ award: 'flag', unit: 'TGI', amount: 18_720_000 }],
        notAwarded: [{ award: 'certificate', unit: 'DBI' }],
      });
      const highResult = await h.client.workflow.getHandle<typeof annualCycle>(high).result();
      expect(highResult.council!.awarded.map((a) => a.unit).sort()).toEqual(['MCH', 'TCH']);
      expect(highResult.revocations).toEqual([
        {
          revocationNumber,
          decisionNumber: decision.number,
          revoked: [{ award: 'flag', unit: 'MCH' }],
          reason,
          by: COUNCIL.chair.id,
          at: expect.any(String),
        },
      ]);
      expect(lowResult.revocations).toBeUndefined();
      const final = await h.client.workflow.getHandle<typeof councilSession>(council).result();
      expect(final.phase).toBe('closed');

      // Postgres: awards with amounts, the revocation, the decision, and the documents.
      const awards = await h.db
        .selectFrom('award')
        .select(['nomination', 'amount_vnd', 'revoked_reason'])
        .where('council_id', '=', council)
        .orderBy('nomination')
        .execute();
      expect(awards.map((a) => [a.nomination, Number(a.amount_vnd), a.revoked_reason !== null])).toEqual(
        [
          [`${highland}:certificate:TCH`, 7_020_000, false],
          [`${highland}:flag:MCH`, 18_720_000, true],
          [`${lowland}:flag:TGI`, 18_720_000, false],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(await h.db.selectFrom('decision').select(['number', 'status']).where('council_id', '=', council).executeTakeFirst()).toEqual({
        number: decision.number,
        status: 'partly-revoked',
      });
      const docs = await h.db
        .selectFrom('document')
        .select(['id', 'kind', 'html'])
        .where('council_id', '=', council)
        .orderBy('id')
        .execute();
      expect(docs.map((d) => d.kind).sort()).toEqual(['decision', 'minutes', 'revocation', 'submission', 'submission', 'submission']);
      // The revocation decision: numbered, citing the original decision, the award by name, the reason escaped.
      const revocationDoc = docs.find((d) => d.kind === 'revocation')!;
      expect(revocationDoc.html).toContain(`Số: ${revocationNumber}`);
      expect(revocationDoc.html).toContain(`Quyết định số ${decision.number} ngày`);
      expect(revocationDoc.html).toContain('Cờ thi đua của UBND tỉnh</td><td>UBND huyện Mường Chà (MCH)');
      expect(revocationDoc.html).toContain('khiếu nại số 3 &lt;b&gt;&amp;&lt;/b&gt;');
      expect(revocationDoc.html).not.toContain('<b>');
      expect(
        await h.db
          .selectFrom('revocation')
          .select(['number', 'decision_number', 'revoked_by', 'reason', 'document_id'])
          .where('council_id', '=', council)
          .execute(),
      ).toEqual([
        { number: revocationNumber, decision_number: decision.number, revoked_by: COUNCIL.chair.id, reason, document_id: revocationDoc.id },
      ]);
      const revokedAward = await h.db
        .selectFrom('award')
        .select(['revoked_by', 'revocation_number'])
        .where('council_id', '=', council)
        .where('nomination', '=', `${highland}:flag:MCH`)
        .executeTakeFirstOrThrow();
      expect(revokedAward).toEqual({ revoked_by: COUNCIL.chair.id, revocation_number: revocationNumber });
      // The audit log of the cycle concerned has it (and tdkt export with it), the other cycle's has not.
      const audited = await h.db
        .selectFrom('audit_event')
        .select(['cycle_id', 'actor', 'details'])
        .where('action', '=', 'council.revoked')
        .where('cycle_id', 'in', [low, high])
        .execute();
      expect(audited).toEqual([
        {
          cycle_id: high,
          actor: COUNCIL.chair.id,
          details: {
            revocationNumber,
            decisionNumber: decision.number,
            nominations: [`${highland}:flag:MCH`],
            reason,
            documentId: revocationDoc.id,
          },
        },
      ]);
      const exported = await exportYear(h.db, { cluster: highland, year: 2018 });
      expect(exported.sections.decisions.find((r) => r.unit === 'MCH')).toMatchObject({
        revoked_by: COUNCIL.chair.id,
        revoked_reason: reason,
        revocation_number: revocationNumber,
        revoked_at: expect.any(String),
      });
      expect(exported.sections.audit.some((r) => r.action === 'council.revoked' && r.actor === COUNCIL.chair.id)).toBe(true);
      // The council's own event log cannot be edited afterwards.
      await expect(
        h.db
          .updateTable('council_event')
          .set({ actor: 'someone.else' })
          .where('council_id', '=', council)
          .where('kind', '=', 'revocation')
          .execute(),
      ).rejects.toThrow('council_event is append-only');
      await expect(h.db.deleteFrom('council_event').where('council_id', '=', council).execute()).rejects.toThrow(
        'council_event is append-only',
      );
      const lowSubmission = docs.find((d) => d.id === `${low}/to-trinh-v1`)!;
      expect(lowSubmission.html).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Thu ngân sách vượt 12% &amp; giảm nghèo 4,5%',
      );
      expect(lowSubmission.html).not.toContain('<script>');
      expect(docs.find((d) => d.id === `${high}/to-trinh-v2`)!.html).toContain('Rút đề nghị theo ý kiến thẩm định');
      const minutes = docs.find((d) => d.kind === 'minutes')!.html;
      expect(minutes).toContain('11/15 (73%)');
      expect(minutes).toContain('Không đạt');
      const decisionDoc = docs.find((d) => d.kind === 'decision')!.html;
      expect(decisionDoc).toContain(`Số: ${decision.number}`);
      expect(decisionDoc).toContain('18.720.000 đồng');
      expect(decisionDoc).toContain('44.460.000 đồng');

      // Mails: the reminder-free path still mails the return, the failed session, the awards and the revocation.
      const mails = mailsOf(
        await h.mail.waitFor((all) => all.some((m) => keyOf(m).startsWith(`${council}:revoked:`) && keyOf(m).includes(':chair:'))),
        council,
      );
      // The revocation reaches the unit, its cluster's chair (MCH chairs the highland cluster) and the secretariat, naming the award and the unit.
      const revocationMails = mails.filter((m) => keyOf(m).startsWith(`${council}:revoked:`));
      expect(revocationMails.map((m) => keyOf(m).split(':').slice(3).join(':')).sort()).toEqual(
        [`${highland}:flag:MCH`, `chair:${highland}`, SECRETARIAT].sort(),
      );
      for (const m of revocationMails) {
        expect(m.subject).toContain(revocationNumber);
        expect(m.text).toContain('Cờ thi đua của UBND tỉnh: UBND huyện Mường Chà');
        expect(m.text).not.toContain(`${highland}:flag:MCH`);
        expect(m.text).toContain(reason);
      }
      expect(revocationMails.find((m) => keyOf(m).includes(':chair:'))!.to).toEqual(['mch.ly@example.org']);
      const returned = mails.find((m) => keyOf(m).startsWith(`${council}:returned:${highland}:certificate:MNH`))!;
      expect(returned.to).toEqual(['mch.ly@example.org']);
      // The highland chair's own link to the cycle, where the submission is amended.
      expect(taskLinkClaim(returned, testLinks(), 0)).toMatchObject({
        person: HIGHLAND_REPS.MCH,
        role: 'chair',
        task: cycleId(highland, 2018),
      });
      // The secretariat's mails link to the council's page, the decision mails to the quyết định: no command.
      const { baseUrl } = testLinks();
      expect(mails.find((m) => keyOf(m) === `${council}:session-failed:1:snv.ha`)!.text).toContain(
        `${baseUrl}/task?wf=${encodeURIComponent(council)}`,
      );
      expect(mails.find((m) => keyOf(m) === `${council}:decision:snv.ha`)!.html).toContain(
        `<a href="${baseUrl}/documents/${encodeURIComponent(`${council}/quyet-dinh`)}">`,
      );
      for (const m of mails) expect(m.text, m.subject).not.toContain('tdkt ');
      // In Vietnamese, like the rest of the mail (the quorum's own reason is the CLI's English).
      expect(mails.find((m) => keyOf(m) === `${council}:session-failed:1:snv.ha`)!.text).toContain(
        'không đủ điều kiện biểu quyết: có mặt 9/15 thành viên, cần ít nhất 12.',
      );
      expect(mails.find((m) => keyOf(m) === `${council}:award:${lowland}:flag:TGI`)!.to).toEqual(['tgi.tuan@example.org']);
    },
  );

  it(
    'reminds the chair of a cluster that has not submitted, goes on without it at the deadline, and holds a new session when the chair returns the proposal',
    { timeout: 180_000 },
    async () => {
      const { province, lowland, highland } = await copySeedProvince(h.db);
      const council = councilId(province, 2018);
      const low = cycleId(lowland, 2018);
      const input = fastCycle(lowland, ROUND_MS, 300, { reporting: true, scoring: true, council: true });
      const ballotOpens = Date.parse(input.calendar.ballot!.opensAt);
      input.calendar.ballot!.duration = 'PT15S';
      input.calendar.council = {
        ...input.calendar.council!,
        submitBy: new Date(ballotOpens + 14_000).toISOString(),
        remindBefore: ['PT6S'],
        sessionAt: new Date(ballotOpens + 17_000).toISOString(),
        sessionLength: 'PT25S',
        complaintWindow: 'PT1S',
      };
      await startCycle(h.client, h.taskQueue, input);
      // The highland cluster's year is still at its pledges: it is expected but will not submit.
      await startCycle(h.client, h.taskQueue, fastCycle(highland, 120_000));
      await runClusterYear(low, REPS, { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 }, (u) => `Báo cáo tổng kết năm 2018 của ${u}.`);

      const reminder = mailsOf(
        await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${council}:reminder:1:${highland}`), 60_000),
        council,
      ).find((m) => keyOf(m) === `${council}:reminder:1:${highland}`)!;
      expect(reminder.to).toEqual(['mch.ly@example.org']);
      expect(reminder.subject).toContain('chưa gửi tờ trình');
      const pollPhase = (phase: string) => councilPhase(council, phase);
      await pollPhase('appraisal');
      expect((await councilStatus(h.client, council)).missing).toEqual([highland]);
      expect(
        await ok('council', 'appraise', '--council', council, '--nomination', `${lowland}:flag:TGI`, '--accept', '--by', SECRETARIAT),
      ).toContain(`${lowland}:flag:TGI`);
      for (const n of [`${lowland}:certificate:DBI`, `${lowland}:certificate:DBP`])
        await appraise(h.client, { councilId: council, appraisal: { actor: SECRETARIAT, nomination: n, verdict: 'accept' } });

      const vote = async () => {
        await pollPhase('session');
        expect(await ok('council', 'attendance', '--council', council, '--present', ...MEMBERS.slice(0, 13), '--by', SECRETARIAT)).toMatch(
          /quorum ok/,
        );
        await pollPhase('voting');
        const [first, ...others] = MEMBERS.slice(0, 13);
        await ok(
          'council',
          'vote',
          '--council',
          council,
          '--member',
          first!,
          '--approve',
          `${lowland}:flag:TGI`,
          `${lowland}:certificate:DBI`,
          '--reject',
          `${lowland}:certificate:DBP`,
        );
        for (const member of others)
          await councilVote(h.client, {
            councilId: council,
            ballot: {
              actor: member,
              votes: {
                [`${lowland}:flag:TGI`]: 'approve',
                [`${lowland}:certificate:DBI`]: 'approve',
                [`${lowland}:certificate:DBP`]: 'reject',
              },
              written: false,
            },
          });
        // The two absent members write in without a choice, so the count follows at once instead of at the session's end.
        for (const member of MEMBERS.slice(13))
          await councilVote(h.client, { councilId: council, ballot: { actor: member, votes: {}, written: true } });
        await pollPhase('decision');
      };
      await vote();
      expect(
        (
          await refusal(
            decide(h.client, {
              councilId: council,
              action: { actor: COUNCIL.chair.id, action: 'revoke', reason: 'Chưa có quyết định để thu hồi' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.roundNotOpen);
      await ok(
        'decision',
        'return',
        '--council',
        council,
        '--by',
        COUNCIL.chair.id,
        '--reason',
        'Đề nghị Hội đồng họp lại khi đủ thành viên Thường trực',
      );
      await pollPhase('rescheduling');
      expect(
        (await refusal(reschedule(h.client, { councilId: council, reschedule: { actor: SECRETARIAT, at: '2018-01-01T08:00:00+07:00' } })))
          .exitCode,
      ).toBe(ExitCode.usage);
      // A tdkt process takes up to a few seconds to start on a busy machine: the instant must still be ahead when it arrives.
      await ok('council', 'reschedule', '--council', council, '--at', new Date(Date.now() + 5000).toISOString(), '--by', SECRETARIAT);
      await vote();
      const approved = JSON.parse(await ok('--json', 'decision', 'approve', '--council', council, '--by', COUNCIL.chair.id)) as {
        number: string;
      };
      expect(approved.number).toMatch(/^\d+\/QĐ-UBND$/);
      expect(await ok('council', 'status', council)).toContain(approved.number);
      const file = path.join(scratch.make(), 'quyet-dinh.html');
      await ok('document', 'get', `${council}/quyet-dinh`, '--out', file);
      expect(readFileSync(file, 'utf8')).toContain(`Số: ${approved.number}`);

      const result = await h.client.workflow.getHandle<typeof annualCycle>(low).result();
      expect(result.council).toMatchObject({ awarded: [{ unit: 'TGI' }, { unit: 'DBI' }], notAwarded: [{ unit: 'DBP' }] });
      const final = await h.client.workflow.getHandle<typeof councilSession>(council).result();
      expect(final.sessions.map((s) => s.number)).toEqual([1, 2]);
      expect(final.missing).toEqual([highland]);
      const events = await h.db
        .selectFrom('council_event')
        .select('kind')
        .where('council_id', '=', council)
        .where('kind', 'in', ['reminder', 'decision-returned', 'decision-approved'])
        .orderBy('occurred_at')
        .execute();
      expect(events.map((e) => e.kind)).toEqual(['reminder', 'decision-returned', 'decision-approved']);
      await h.client.workflow.getHandle(cycleId(highland, 2018)).terminate('test done');
    },
  );
});
