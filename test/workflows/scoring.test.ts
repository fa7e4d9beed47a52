import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { explainUnit } from '../../client/explain.ts';
import {
  adjustScore,
  castBallot,
  cycleStatus,
  decideFlag,
  recordVeto,
  startCycle,
  submitReport,
  submitScores,
} from '../../client/operations.ts';
import { sampleScoreSheets, sampleSelfScore } from '../../db/referenceData.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { copySeedCluster, decodedPayloads, fastCycle, refusal, REPS, waitForPhase, waitOpen } from '../support/fixtures.ts';
import { startHarness, testLinks, type Harness } from '../support/harness.ts';
import { keyOf, mailsOf, taskLinkClaim } from '../support/mails.ts';

// The cluster's scoring and ballot on the real servers: cross-scores (and every way one is
// refused), the consolidated table with an adjustment, a secret ballot that elects the seed's
// leader, and the nominations, minutes and mails.

const ROUND_MS = 2500;
const MEMBERS = Object.keys(REPS) as (keyof typeof REPS)[];
/** DOMAIN.md's illustrative consolidated scores, less the +2 bonus every self-score claims. */
const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function fileYearReports(id: string, units: readonly (keyof typeof REPS)[], bases: Record<string, number> = BASES): Promise<void> {
  await waitOpen(h.client, roundId(id, 'report-YEAR'));
  // All at once: a late report would cost a point and change the table the tests expect.
  await Promise.all(
    units.map((unit) =>
      submitReport(h.client, {
        cycleId: id,
        unit,
        period: 'YEAR',
        submitter: REPS[unit],
        content: { narrative: `Báo cáo tổng kết năm 2018 của ${unit}.`, selfScore: sampleSelfScore(bases[unit]! + 2) },
      }),
    ),
  );
}

/** A whole year in seconds; the ballot rounds get longer, since every vote is a few client calls (a round closes once all have voted). */
function scoringCycle(cluster: string, late?: 'wait') {
  const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true, scoring: true });
  // The year-end report round opens a round earlier (beside the 6-month review), so its five reports have 5 s, not 2.5 s.
  const yearReport = input.calendar.reporting![1]!;
  yearReport.opensAt = new Date(Date.parse(yearReport.opensAt) - ROUND_MS).toISOString();
  // The ballot opens 10 s after the cross-scores (not 6 s): the sheets, refusals and adjustments before it take that on a loaded machine.
  input.calendar.ballot!.opensAt = new Date(Date.parse(input.calendar.scoring!.opensAt) + 10_000).toISOString();
  input.calendar.ballot!.duration = 'PT12S';
  if (late) {
    // Four sheets must land before the deadline even on a loaded machine: the round gets 8 s, not one 2.5 s round.
    const scoring = input.calendar.scoring!;
    scoring.deadline = new Date(Date.parse(scoring.opensAt) + 8000).toISOString();
    scoring.late = { mode: late };
  }
  return input;
}

// The tests are independent (each its own cluster copy) and mostly wait on their calendars: they run side by side.
describe.concurrent('cluster scoring and ballot', () => {
  it(
    'ranks the seed cluster from cross-scores, lets the chair adjust with a reason, and elects the leader in a secret ballot',
    { timeout: 120_000 },
    async () => {
      const cluster = await copySeedCluster(h.db);
      const id = cycleId(cluster, 2018);
      await startCycle(h.client, h.taskQueue, scoringCycle(cluster));
      await fileYearReports(id, MEMBERS);

      const score = roundId(id, 'score');
      await waitOpen(h.client, score);
      const sheets = (unit: keyof typeof REPS) => sampleScoreSheets(unit, MEMBERS, BASES, 0.5);
      // Refused before they enter the history: scoring oneself, above a maximum, an unknown criterion, the wrong person.
      const self = await refusal(
        submitScores(h.client, {
          cycleId: id,
          unit: 'TGI',
          scorer: REPS.TGI,
          content: { sheets: { ...sheets('TGI').sheets, TGI: sheets('DBI').sheets.TGI } },
        }),
      );
      expect(self.exitCode).toBe(ExitCode.usage);
      expect(self.message).toContain('TGI may not score itself');
      const over = sheets('DBI');
      over.sheets.TGI!.criteria.A2 = 9;
      expect((await refusal(submitScores(h.client, { cycleId: id, unit: 'DBI', scorer: REPS.DBI, content: over }))).message).toContain(
        'TGI: A2 is 9 but its maximum is 8',
      );
      const unknown = sheets('DBI');
      unknown.sheets.MAN!.criteria.Z9 = 1;
      expect((await refusal(submitScores(h.client, { cycleId: id, unit: 'DBI', scorer: REPS.DBI, content: unknown }))).message).toContain(
        'MAN: unknown criterion Z9',
      );
      const missingOne = sheets('DBI');
      delete missingOne.sheets.MLA;
      expect(
        (await refusal(submitScores(h.client, { cycleId: id, unit: 'DBI', scorer: REPS.DBI, content: missingOne }))).message,
      ).toContain('no sheet for MLA');
      expect((await refusal(submitScores(h.client, { cycleId: id, unit: 'DBI', scorer: REPS.TGI, content: sheets('DBI') }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      expect(
        (await refusal(submitScores(h.client, { cycleId: id, unit: 'DBI', scorer: REPS.DBI, content: 'ba mươi điểm' }))).exitCode,
      ).toBe(ExitCode.usage);
      for (const unit of MEMBERS) await submitScores(h.client, { cycleId: id, unit, scorer: REPS[unit], content: sheets(unit) });

      // The draft table: the chair adjusts with a reason; others may not, nor without one.
      await waitForPhase(h.client, id, 'consolidation');
      const draft = (await cycleStatus(h.client, id)).cycle.scoring!.table!;
      expect(draft.rows.map((r) => [r.unit, r.rank, r.total])).toEqual([
        ['TGI', 1, 95.5],
        ['DBI', 2, 93],
        ['DBP', 3, 92],
        ['MAN', 4, 90.5],
        ['MLA', 5, 88],
      ]);
      expect(
        (
          await refusal(
            adjustScore(h.client, { cycleId: id, adjustment: { actor: REPS.MLA, unit: 'MLA', points: 5, reason: 'Tự đề nghị cộng điểm' } }),
          )
        ).exitCode,
      ).toBe(ExitCode.notAuthorised);
      expect(
        (await refusal(adjustScore(h.client, { cycleId: id, adjustment: { actor: REPS.DBI, unit: 'MLA', points: 0.5, reason: 'ngắn' } })))
          .exitCode,
      ).toBe(ExitCode.usage);
      const adjusted = await adjustScore(h.client, {
        cycleId: id,
        adjustment: { actor: REPS.DBI, unit: 'MLA', points: 0.5, reason: 'Bổ sung minh chứng mô hình dân vận khéo' },
      });
      expect(adjusted).toMatchObject({
        unit: 'MLA',
        total: 88.5,
        rank: 5,
        adjustments: [{ points: 0.5, reason: 'Bổ sung minh chứng mô hình dân vận khéo', by: REPS.DBI }],
      });

      // The ballot: the leader for the flag, the next two for certificates; a second ballot is refused.
      const ballot1 = roundId(id, 'ballot-1');
      const open = await waitOpen(h.client, ballot1);
      expect(open.ballot!.items).toEqual({ flag: ['TGI'], certificates: ['DBI', 'DBP'] });
      expect(
        (
          await refusal(
            adjustScore(h.client, {
              cycleId: id,
              adjustment: { actor: 'snv.ha', unit: 'MLA', points: 1, reason: 'Điều chỉnh sau khi đã mở bỏ phiếu' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.roundClosed);
      const votes = { TGI: 'for', DBI: 'for', DBP: 'against', MAN: 'for', MLA: 'for' } as const;
      const vote = (unit: keyof typeof REPS) =>
        castBallot(h.client, {
          cycleId: id,
          unit,
          voter: REPS[unit],
          choices: { flag: unit === 'MLA' ? 'abstain' : 'TGI', certificates: { DBI: 'for', DBP: votes[unit] } },
        });
      for (const unit of MEMBERS.filter((u) => u !== 'MLA')) await vote(unit);
      const twice = await refusal(
        castBallot(h.client, { cycleId: id, unit: 'DBI', voter: REPS.DBI, choices: { flag: 'TGI', certificates: {} } }),
      );
      expect(twice.exitCode).toBe(ExitCode.duplicate);
      expect(twice.message).toContain('DBI already voted in ballot 1');
      const stranger = await refusal(
        castBallot(h.client, { cycleId: id, unit: 'MLA', voter: REPS.MLA, choices: { flag: 'MAN', certificates: {} } }),
      );
      expect(stranger.message).toContain('the flag candidates are TGI, not MAN');
      await vote('MLA');

      const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
      expect(result.phase).toBe('nominated');
      expect(result.scoring!.nominations).toEqual({ flag: 'TGI', flagDecidedBy: 'ballot', certificates: ['DBI', 'DBP'] });
      expect(result.scoring!.ballots[0]!.tally).toMatchObject({
        members: 5,
        needed: 3,
        cast: 5,
        spoiled: 0,
        flag: [{ unit: 'TGI', votes: 4 }],
        flagNotFor: 1,
      });
      expect(result.scoring!.ballots[0]!.tally.certificates).toEqual([
        { unit: 'DBI', for: 5, against: 0, abstain: 0, spoiled: 0, notVoted: 0 },
        { unit: 'DBP', for: 4, against: 1, abstain: 0, spoiled: 0, notVoted: 0 },
      ]);
      expect((await refusal(submitScores(h.client, { cycleId: id, unit: 'TGI', scorer: REPS.TGI, content: sheets('TGI') }))).exitCode).toBe(
        ExitCode.roundClosed,
      );

      // Postgres: every sheet, the final table, the nominations, the minutes, and a ballot box whose key is gone.
      expect(
        await h.db
          .selectFrom('cross_score')
          .select(({ fn }) => fn.countAll<string>().as('n'))
          .where('cycle_id', '=', id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: '20' });
      const table = await h.db.selectFrom('score_consolidation').selectAll().where('cycle_id', '=', id).orderBy('rank').execute();
      expect(table.map((r) => [r.unit_code, r.rank, Number(r.total), r.final])).toEqual([
        ['TGI', 1, 95.5, true],
        ['DBI', 2, 93, true],
        ['DBP', 3, 92, true],
        ['MAN', 4, 90.5, true],
        ['MLA', 5, 88.5, true],
      ]);
      const nominations = await h.db
        .selectFrom('nomination')
        .select(['award', 'unit_code', 'decided_by', 'ballot_round'])
        .where('cycle_id', '=', id)
        .orderBy('award', 'desc')
        .orderBy('unit_code')
        .execute();
      expect(nominations).toEqual([
        { award: 'flag', unit_code: 'TGI', decided_by: 'ballot', ballot_round: 1 },
        { award: 'certificate', unit_code: 'DBI', decided_by: 'ballot', ballot_round: 1 },
        { award: 'certificate', unit_code: 'DBP', decided_by: 'ballot', ballot_round: 1 },
      ]);
      const minutes = await h.db.selectFrom('cluster_minutes').selectAll().where('cycle_id', '=', id).orderBy('kind').execute();
      expect(minutes.map((m) => m.kind)).toEqual(['ballot', 'scoring']);
      expect(minutes[0]!.text_body).toContain('Cờ thi đua – UBND huyện Tuần Giáo (TGI): 4 phiếu đồng ý → ĐẠT');
      expect(minutes[1]!.text_body).toContain('5. UBND thị xã Mường Lay (MLA): 88.5 điểm');
      expect(minutes[1]!.text_body).toContain('Bổ sung minh chứng mô hình dân vận khéo');
      const box = await h.db.selectFrom('ballot_box').selectAll().where('ballot_id', '=', ballot1).executeTakeFirstOrThrow();
      expect(box.private_key).toBeNull();
      expect(
        await h.db.selectFrom('ballot_voter').select('unit_code').where('ballot_id', '=', ballot1).orderBy('unit_code').execute(),
      ).toHaveLength(5);
      expect(await h.db.selectFrom('ballot_envelope').selectAll().where('ballot_id', '=', ballot1).execute()).toEqual([]);
      const choices = await h.db.selectFrom('ballot_choice').select('choices').where('ballot_id', '=', ballot1).execute();
      expect(choices.filter((c) => (c.choices as { flag?: string }).flag === 'TGI')).toHaveLength(4);

      // Secrecy: the ballot round's history names the voters but holds no readable choice.
      const payloads = decodedPayloads(await h.client.workflow.getHandle(ballot1).fetchHistory());
      expect(payloads).toContain(`"actor":"${REPS.MLA}"`);
      expect(payloads).toContain('"sealed":"v1.');
      expect(payloads).not.toMatch(/abstain|"against"|"for"|"certificates":\{|"flag":"TGI"/);

      // explain recomputes the leader's score from the stored raw data.
      const explained = await explainUnit(h.db, id, 'TGI');
      expect(explained.matchesPublished).toBe(true);
      expect(explained.score.scorers.map((s) => [s.scorer, s.total])).toEqual([
        ['DBI', 94],
        ['MAN', 93],
        ['DBP', 93.75],
        ['MLA', 93.25],
      ]);
      expect(explained.score).toMatchObject({
        base: 93.5,
        bonus: { applied: 2, cap: 5 },
        penalties: { applied: 0 },
        total: 95.5,
        rank: 1,
        eligibleForFirst: true,
      });

      // Mails: the draft table to the chair and the secretariat, the adjustment to MLA, the outcome to everyone.
      const mails = mailsOf(
        await h.mail.waitFor((all) => mailsOf(all, id).filter((m) => keyOf(m).startsWith(`${id}:outcome:`)).length === 6),
        id,
      );
      expect(
        mails
          .filter((m) => keyOf(m).startsWith(`${id}:table:`))
          .flatMap((m) => m.to)
          .sort(),
      ).toEqual(['dbi.binh@example.org', 'snv.ha@example.org']);
      const adjustmentMail = mails.find((m) => keyOf(m).startsWith(`${id}:adjusted:MLA:`))!;
      expect(adjustmentMail.to).toEqual(['mla.hung@example.org']);
      expect(adjustmentMail.text).toContain('Lý do: Bổ sung minh chứng mô hình dân vận khéo');
      const outcome = mails.find((m) => keyOf(m) === `${id}:outcome:tgi.tuan`)!;
      expect(outcome.text).toContain('1. UBND huyện Tuần Giáo (TGI): 95.5 điểm');
      expect(outcome.text).toContain('Cờ thi đua của UBND tỉnh: UBND huyện Tuần Giáo (TGI)');
      expect(mails.filter((m) => keyOf(m).startsWith(`${ballot1}:invitation:`))).toHaveLength(5);
    },
  );

  it(
    'keeps a vetoed leader off first place, sends an unbreakable tie through two ballot rounds to the chair and deputy, and leaves out a missing scorer',
    { timeout: 150_000 },
    async () => {
      const cluster = await copySeedCluster(h.db);
      const id = cycleId(cluster, 2018);
      // TGI leads but has a veto; DBI and DBP are tied in every group (every scorer gives them the same sheet).
      const bases = { TGI: 95, DBI: 91, DBP: 91, MAN: 88, MLA: 86 };
      // startCycle returns once the cycle is set up (its members loaded): the 2.5 s pledge round may be over by then.
      expect((await startCycle(h.client, h.taskQueue, scoringCycle(cluster))).phase).not.toBe('starting');

      // Veto inputs are taken before the ballot, from the secretariat only, once each.
      const veto = {
        actor: 'snv.ha',
        unit: 'TGI',
        source: 'police' as const,
        reference: 'Công văn 45/CAT-PV01',
        description: 'Để xảy ra vụ việc phức tạp về an ninh trật tự',
      };
      expect((await refusal(recordVeto(h.client, { cycleId: id, veto: { ...veto, actor: REPS.DBI } }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      expect(await recordVeto(h.client, { cycleId: id, veto })).toEqual({ unit: 'TGI', vetoes: 1 });
      expect((await refusal(recordVeto(h.client, { cycleId: id, veto }))).exitCode).toBe(ExitCode.duplicate);
      expect((await refusal(recordVeto(h.client, { cycleId: id, veto: { ...veto, unit: 'XYZ' } }))).exitCode).toBe(ExitCode.notAMember);

      await fileYearReports(id, MEMBERS, bases);
      await waitOpen(h.client, roundId(id, 'score'));
      // MLA never scores: the round closes without it, and its absence is recorded.
      for (const unit of MEMBERS.filter((u) => u !== 'MLA'))
        await submitScores(h.client, { cycleId: id, unit, scorer: REPS[unit], content: sampleScoreSheets(unit, MEMBERS, bases) });

      await waitForPhase(h.client, id, 'consolidation');
      const draft = (await cycleStatus(h.client, id)).cycle.scoring!.table!;
      expect(draft.excludedScorers).toEqual(['MLA']);
      expect(draft.tiedForFirst).toEqual(['DBI', 'DBP']);
      expect(draft.rows.map((r) => [r.unit, r.rank, r.total, r.eligibleForFirst])).toEqual([
        ['DBI', 1, 93, true],
        ['DBP', 1, 93, true],
        ['TGI', 3, 97, false],
        ['MAN', 4, 90, true],
        ['MLA', 5, 88, true],
      ]);
      expect(draft.rows[2]!.notes.join(' ')).toContain('veto input from police (Công văn 45/CAT-PV01)');

      // Round 1: the flag splits 2–2; MAN's certificate passes, TGI's does not.
      const ballot1 = roundId(id, 'ballot-1');
      expect((await waitOpen(h.client, ballot1)).ballot!.items).toEqual({ flag: ['DBI', 'DBP'], certificates: ['TGI', 'MAN'] });
      expect(
        (await refusal(recordVeto(h.client, { cycleId: id, veto: { ...veto, unit: 'MAN', reference: 'Công văn 46/CAT-PV01' } }))).exitCode,
      ).toBe(ExitCode.roundClosed);
      const round1 = { TGI: 'DBI', DBI: 'DBP', DBP: 'DBI', MAN: 'DBP', MLA: 'abstain' } as const;
      for (const unit of MEMBERS)
        await castBallot(h.client, {
          cycleId: id,
          unit,
          voter: REPS[unit],
          choices: { flag: round1[unit], certificates: { MAN: 'for', TGI: unit === 'TGI' || unit === 'MAN' ? 'for' : 'against' } },
        });

      // Round 2 votes again on what is still open: the same split.
      const ballot2 = roundId(id, 'ballot-2');
      expect((await waitOpen(h.client, ballot2)).ballot!.items).toEqual({ flag: ['DBI', 'DBP'], certificates: ['TGI'] });
      // A vote goes only to the round the voter names: unnamed, or named round 1, it is refused, naming the open round.
      const round2Choices = (unit: keyof typeof REPS) =>
        ({ flag: round1[unit], certificates: { TGI: unit === 'TGI' ? 'for' : 'against' } }) as const;
      const unnamed = await refusal(castBallot(h.client, { cycleId: id, unit: 'TGI', voter: REPS.TGI, choices: round2Choices('TGI') }));
      expect([unnamed.exitCode, unnamed.message]).toEqual([
        ExitCode.usage,
        `ballot round 2 of ${id} is the one open now: pass --round 2 to vote in it`,
      ]);
      const late = await refusal(
        castBallot(h.client, { cycleId: id, unit: 'TGI', voter: REPS.TGI, choices: round2Choices('TGI'), round: 1 }),
      );
      expect([late.exitCode, late.message]).toEqual([
        ExitCode.roundClosed,
        `ballot round 1 of ${id} is closed; round 2 is the one open now (--round 2)`,
      ]);
      for (const unit of MEMBERS)
        await castBallot(h.client, { cycleId: id, unit, voter: REPS[unit], choices: round2Choices(unit), round: 2 });

      // The chair (DBI) and the deputy (MAN) decide; nobody else may, and only between the candidates.
      await waitForPhase(h.client, id, 'leaders-decide');
      expect((await refusal(decideFlag(h.client, { cycleId: id, decision: { actor: REPS.TGI, flag: 'DBI' } }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      expect((await refusal(decideFlag(h.client, { cycleId: id, decision: { actor: REPS.DBI, flag: 'MAN' } }))).message).toContain(
        'the flag candidates are DBI, DBP (or none), not MAN',
      );
      expect(await decideFlag(h.client, { cycleId: id, decision: { actor: REPS.DBI, flag: 'DBP' } })).toEqual({ agreed: false });
      expect(await decideFlag(h.client, { cycleId: id, decision: { actor: REPS.MAN, flag: 'DBI' } })).toEqual({ agreed: false });
      expect(await decideFlag(h.client, { cycleId: id, decision: { actor: REPS.MAN, flag: 'DBP' } })).toEqual({
        agreed: true,
        flag: 'DBP',
      });

      const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
      expect(result.phase).toBe('nominated');
      expect(result.scoring!.nominations).toEqual({ flag: 'DBP', flagDecidedBy: 'chair-and-deputy', certificates: ['MAN'] });
      expect(
        result.scoring!.ballots.map((b) => [b.number, b.tally.flag, b.tally.flagElected ?? null, b.tally.certificatesApproved]),
      ).toEqual([
        [
          1,
          [
            { unit: 'DBI', votes: 2 },
            { unit: 'DBP', votes: 2 },
          ],
          null,
          ['MAN'],
        ],
        [
          2,
          [
            { unit: 'DBI', votes: 2 },
            { unit: 'DBP', votes: 2 },
          ],
          null,
          [],
        ],
      ]);
      expect(result.scoring!.scores.missing).toEqual(['MLA']);

      const nominations = await h.db
        .selectFrom('nomination')
        .select(['award', 'unit_code', 'decided_by', 'ballot_round'])
        .where('cycle_id', '=', id)
        .orderBy('award', 'desc')
        .execute();
      expect(nominations).toEqual([
        { award: 'flag', unit_code: 'DBP', decided_by: 'chair-and-deputy', ballot_round: null },
        { award: 'certificate', unit_code: 'MAN', decided_by: 'ballot', ballot_round: 1 },
      ]);
      const ballotMinutes = await h.db
        .selectFrom('cluster_minutes')
        .select('text_body')
        .where('cycle_id', '=', id)
        .where('kind', '=', 'ballot')
        .executeTakeFirstOrThrow();
      expect(ballotMinutes.text_body).toContain('Trưởng cụm chọn DBP, Phó cụm chọn DBP');
      expect(ballotMinutes.text_body).toContain('(do Trưởng cụm và Phó cụm quyết định)');
      const tgi = await explainUnit(h.db, id, 'TGI');
      expect(tgi.score.eligibleForFirst).toBe(false);
      expect(tgi.score.scorers.map((x) => x.scorer)).toEqual(['DBI', 'MAN', 'DBP']);
      expect(tgi.consolidation.excludedScorers).toEqual([{ unit: 'MLA', reason: 'did not score by the deadline (policy: exclude)' }]);
      const dbp = await explainUnit(h.db, id, 'DBP');
      expect(dbp.score.tieBreak).toEqual(['tied with DBI at 93 in every group: the cluster ballot decides']);
      const leadersMails = mailsOf(
        await h.mail.waitFor((all) => mailsOf(all, id).filter((m) => keyOf(m).startsWith(`${id}:leaders-asked:`)).length === 2),
        id,
      ).filter((m) => keyOf(m).startsWith(`${id}:leaders-asked:`));
      expect(leadersMails.flatMap((m) => m.to).sort()).toEqual(['dbi.binh@example.org', 'man.hoa@example.org']);
      // The chair and the deputy each get their own link to the cycle, valid until the decision's deadline.
      const leadersDeadline = Date.parse((await cycleStatus(h.client, id)).cycle.scoring!.leaders!.deadline);
      for (const mail of leadersMails)
        expect(taskLinkClaim(mail, testLinks(), leadersDeadline - 1)).toEqual({
          person: mail.to[0] === 'dbi.binh@example.org' ? REPS.DBI : REPS.MAN,
          role: 'chair',
          task: id,
          expiresAt: leadersDeadline,
        });
      // Round 2's invitation links to round 2 (not to the first round), for DBI, until round 2 closes.
      const invitation = mailsOf(await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${ballot2}:invitation:DBI`)), id).find(
        (m) => keyOf(m) === `${ballot2}:invitation:DBI`,
      )!;
      const ballot2Round = await h.db.selectFrom('round').select('deadline').where('id', '=', ballot2).executeTakeFirstOrThrow();
      expect(taskLinkClaim(invitation, testLinks(), 0)).toEqual({
        person: REPS.DBI,
        role: 'representative',
        task: ballot2,
        unit: 'DBI',
        expiresAt: ballot2Round.deadline.getTime(),
      });
      expect(invitation.text).not.toContain('tdkt ');
    },
  );

  it('waits for a missing scorer under the "escalate and wait" policy', { timeout: 120_000 }, async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const input = scoringCycle(cluster, 'wait');
    await startCycle(h.client, h.taskQueue, input);
    await fileYearReports(id, MEMBERS);
    const score = roundId(id, 'score');
    await waitOpen(h.client, score);
    for (const unit of MEMBERS.filter((u) => u !== 'MLA'))
      await submitScores(h.client, { cycleId: id, unit, scorer: REPS[unit], content: sampleScoreSheets(unit, MEMBERS, BASES) });

    // Past the deadline the round escalates MLA; well past it, where a grace period would have ended, it is still waiting.
    const scoreRound = async () => (await cycleStatus(h.client, id)).rounds.find((r) => r.roundId === score)!;
    await vi.waitFor(async () => expect(await scoreRound()).toMatchObject({ phase: 'late', escalated: ['MLA'] }), {
      timeout: 30_000,
      interval: 200,
    });
    const deadline = Date.parse(input.calendar.scoring!.deadline);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline + ROUND_MS - Date.now())));
    const waiting = await scoreRound();
    expect(waiting).toMatchObject({ phase: 'late', escalated: ['MLA'] });
    expect(waiting.closesAt).toBeUndefined();
    const escalation = mailsOf(
      await h.mail.waitFor((all) => mailsOf(all, id).some((m) => keyOf(m).startsWith(`${score}:escalation:`))),
      id,
    ).find((m) => keyOf(m).startsWith(`${score}:escalation:`))!;
    expect(escalation.text).toContain('chờ đến khi các đơn vị này nộp');
    const late = await submitScores(h.client, {
      cycleId: id,
      unit: 'MLA',
      scorer: REPS.MLA,
      content: sampleScoreSheets('MLA', MEMBERS, BASES),
    });
    expect(late.late).toBe(true);

    await waitForPhase(h.client, id, 'ballot');
    const table = (await cycleStatus(h.client, id)).cycle.scoring!.table!;
    expect(table.excludedScorers).toEqual([]);
    expect(table.rows.map((r) => [r.unit, r.total])).toEqual([
      ['TGI', 95.5],
      ['DBI', 93],
      ['DBP', 92],
      ['MAN', 90.5],
      ['MLA', 88],
    ]);
    expect((await h.db.selectFrom('round').select('closes_at').where('id', '=', score).executeTakeFirstOrThrow()).closes_at).toBeNull();
    await h.client.workflow.getHandle(id).terminate('test done: the ballot is not part of this test');
  });
});
