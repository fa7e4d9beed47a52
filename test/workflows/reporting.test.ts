import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { extendDeadline, signPledge, startCycle, submitReport } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { sampleSelfScore } from '../../db/referenceData.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { copySeedCluster, fastCycle, refusal, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, testLinks, type Harness } from '../support/harness.ts';
import { keyOf, mailsOf, taskLinkClaim } from '../support/mails.ts';

// A reporting year of the seed cluster on the real servers: the 6-month review with a
// re-submission, an extension, a late unit and a junk-laden report, then the year-end report with
// self-scores, one of them breaking the rubric first.

const ROUND_MS = 6000;
let h: Harness;
beforeAll(async () => {
  // DBP's reports reach the activity as a task scheduled by workflow code from before the round
  // passed its rubric's version would: without it, so recordReport's fallback runs beside the usual way.
  h = await startHarness((real) => ({
    ...real,
    recordSubmission: (input) => real.recordSubmission(input.unit === 'DBP' ? { ...input, rubricVersion: undefined } : input),
  }));
});
afterAll(async () => {
  await h?.close();
});

describe('the reporting year', () => {
  it('keeps versions, moves deadlines, marks lateness, quarantines junk and checks self-scores', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true });
    // The 6-month review's nine actions must all come before its deadline: it gets 4 s more than
    // a round, so a busy machine still fits them, and the year-end report moves on with it.
    const later = (iso: string) => new Date(Date.parse(iso) + 4000).toISOString();
    const [h1Calendar, yearCalendar] = input.calendar.reporting!;
    for (const round of [h1Calendar!, yearCalendar!]) {
      if (round === yearCalendar) round.opensAt = later(round.opensAt);
      round.deadline = later(round.deadline);
      if (round.late.mode === 'accept') round.late.graceUntil = later(round.late.graceUntil);
    }
    await startCycle(h.client, h.taskQueue, input);
    const pledge = roundId(id, 'pledge');
    await waitOpen(h.client, pledge);
    for (const [unit, signer] of Object.entries(REPS)) await signPledge(h.client, { cycleId: id, unit, signer });

    // The 6-month review (sơ kết).
    const h1 = roundId(id, 'report-H1');
    const h1Deadline = Date.parse(input.calendar.reporting![0]!.deadline);
    await waitOpen(h.client, h1);
    const first = await submitReport(h.client, {
      cycleId: id,
      unit: 'DBI',
      period: 'H1',
      submitter: REPS.DBI,
      content: { narrative: 'Sơ kết 6 tháng: bản nháp.' },
    });
    const second = await submitReport(h.client, {
      cycleId: id,
      unit: 'DBI',
      period: 'H1',
      submitter: REPS.DBI,
      content: { narrative: 'Sơ kết 6 tháng: thu ngân sách đạt 55% dự toán.', figures: { 'thu ngân sách (%)': 55 } },
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    const nfdName = 'Tuần Giáo'.normalize('NFD');
    const junk = await submitReport(h.client, {
      cycleId: id,
      unit: 'MAN',
      period: 'H1',
      submitter: REPS.MAN,
      content: { narrative: `Phối hợp với ${nfdName}. Xem hình bầu cua tôm cá tại www.nhacai.vn` },
    });
    expect(junk.late).toBe(false);
    await submitReport(h.client, {
      cycleId: id,
      unit: 'DBP',
      period: 'H1',
      submitter: REPS.DBP,
      content: { narrative: 'Báo cáo sơ kết của thành phố.' },
    });
    const huge = await refusal(
      submitReport(h.client, { cycleId: id, unit: 'DBP', period: 'H1', submitter: REPS.DBP, content: { narrative: 'ạ'.repeat(40_000) } }),
    );
    expect(huge.exitCode).toBe(ExitCode.usage);
    expect(huge.message).toContain('the limit is 65,536 bytes');
    const notSecretariat = await refusal(
      extendDeadline(h.client, {
        cycleId: id,
        round: 'report-H1',
        extension: {
          actor: REPS.DBI,
          units: ['TGI'],
          until: new Date(h1Deadline + 2000).toISOString(),
          reason: 'Lũ quét làm gián đoạn công tác',
        },
      }),
    );
    expect(notSecretariat.exitCode).toBe(ExitCode.notAuthorised);
    const extended = await extendDeadline(h.client, {
      cycleId: id,
      round: 'report-H1',
      extension: {
        actor: 'snv.ha',
        units: ['TGI'],
        until: new Date(h1Deadline + 2000).toISOString(),
        reason: 'Lũ quét làm gián đoạn công tác',
      },
    });
    expect(extended.units).toEqual(['TGI']);

    // After the original deadline: TGI is inside its extension, MLA is late.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, h1Deadline + 300 - Date.now())));
    const tgi = await submitReport(h.client, {
      cycleId: id,
      unit: 'TGI',
      period: 'H1',
      submitter: REPS.TGI,
      content: { narrative: 'Báo cáo sơ kết của huyện Tuần Giáo.' },
    });
    expect(tgi).toMatchObject({ late: false, penalty: 0 });
    const mla = await submitReport(h.client, {
      cycleId: id,
      unit: 'MLA',
      period: 'H1',
      submitter: REPS.MLA,
      content: { narrative: 'Báo cáo sơ kết của thị xã.' },
    });
    expect(mla).toMatchObject({ late: true, penalty: 1 });

    // The year-end report (tổng kết) with self-scores.
    const year = roundId(id, 'report-YEAR');
    await waitOpen(h.client, year);
    const overMax = await refusal(
      submitReport(h.client, {
        cycleId: id,
        unit: 'DBI',
        period: 'YEAR',
        submitter: REPS.DBI,
        content: {
          narrative: 'Tổng kết năm.',
          selfScore: { ...sampleSelfScore(95), criteria: { ...sampleSelfScore(95).criteria, A2: 9 } },
        },
      }),
    );
    expect(overMax.exitCode).toBe(ExitCode.usage);
    expect(overMax.message).toContain('A2 is 9 but its maximum is 8');
    const wrongTotal = await refusal(
      submitReport(h.client, {
        cycleId: id,
        unit: 'DBI',
        period: 'YEAR',
        submitter: REPS.DBI,
        content: { narrative: 'Tổng kết năm.', selfScore: { ...sampleSelfScore(93), total: 94 } },
      }),
    );
    expect(wrongTotal.message).toContain('the submitted total 94 differs from the computed total 93 by 1');
    const noScore = await refusal(
      submitReport(h.client, { cycleId: id, unit: 'DBI', period: 'YEAR', submitter: REPS.DBI, content: { narrative: 'Tổng kết năm.' } }),
    );
    expect(noScore.message).toContain('must carry a self-score');
    const scores = { TGI: 95.5, DBI: 93, DBP: 92, MAN: 90.5 } as const;
    for (const [unit, total] of Object.entries(scores)) {
      const receipt = await submitReport(h.client, {
        cycleId: id,
        unit,
        period: 'YEAR',
        submitter: REPS[unit as keyof typeof REPS],
        content: { narrative: `Báo cáo tổng kết năm 2018 của ${unit}.`, selfScore: sampleSelfScore(total) },
      });
      expect(receipt.totals?.total).toBe(total);
    }

    const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
    expect(result.phase).toBe('reports-closed');
    expect(result.reports!.map((r) => [r.period, r.missing])).toEqual([
      ['H1', []],
      ['YEAR', ['MLA']],
    ]);

    // Postgres: every version, the raw and normalised text, lateness, quarantine, extension, totals.
    const reports = await h.db
      .selectFrom('report')
      .selectAll()
      .where('cycle_id', '=', id)
      .orderBy('period')
      .orderBy('unit_code')
      .orderBy('version')
      .execute();
    expect(reports.filter((r) => r.period === 'H1' && r.unit_code === 'DBI').map((r) => r.version)).toEqual([1, 2]);
    const man = reports.find((r) => r.period === 'H1' && r.unit_code === 'MAN')!;
    expect(man.quarantined).toBe(true);
    expect(man.narrative).toContain('Tuần Giáo'.normalize('NFC'));
    expect(man.narrative_raw).toContain(nfdName);
    expect(man.narrative).not.toBe(man.narrative_raw);
    const quarantine = await h.db.selectFrom('report_quarantine').selectAll().where('cycle_id', '=', id).execute();
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]!.fragments.join(' | ')).toMatch(/bầu cua/);
    expect(quarantine[0]!.fragments.join(' | ')).toMatch(/nhacai\.vn/);
    const late = reports.find((r) => r.period === 'H1' && r.unit_code === 'MLA')!;
    expect(late).toMatchObject({ late: true, late_penalty: '1' });
    expect(reports.find((r) => r.period === 'H1' && r.unit_code === 'TGI')).toMatchObject({ late: false });
    const extensions = await h.db.selectFrom('round_extension').selectAll().where('round_id', '=', h1).execute();
    expect(extensions).toMatchObject([{ unit_code: 'TGI', reason: 'Lũ quét làm gián đoạn công tác', granted_by: 'snv.ha' }]);
    const totals = reports.filter((r) => r.period === 'YEAR').map((r) => [r.unit_code, Number(r.score_total)]);
    expect(Object.fromEntries(totals)).toEqual(scores);
    // The year-end reports store the version of the rubric their self-scores were checked against,
    // taken from the round's setup (read again for DBP's); the others have none.
    const rubric = await h.db
      .selectFrom('rubric')
      .select('definition')
      .where('cluster_code', '=', cluster)
      .where('year', '=', 2018)
      .executeTakeFirstOrThrow();
    const rubricVersion = (rubric.definition as { version: string }).version;
    expect(reports.map((r) => [r.period, r.unit_code, r.rubric_version])).toEqual(
      reports.map((r) => [r.period, r.unit_code, r.period === 'YEAR' ? rubricVersion : null]),
    );
    const audit = await h.db
      .selectFrom('audit_event')
      .select('action')
      .where('cycle_id', '=', id)
      .where('action', 'in', ['report.submitted', 'round.extended'])
      .execute();
    expect(audit).toHaveLength(6 + 4 + 1);

    // Mails: the second receipt, the quarantine notice, the lateness notice to the chair, the extension notice.
    const mails = mailsOf(await h.mail.waitFor((all) => mailsOf(all, id).some((m) => keyOf(m) === `${year}:closed:snv.ha`)), id);
    const receipt2 = mails.find((m) => keyOf(m) === `${h1}:receipt:DBI:v2`)!;
    expect(receipt2.subject).toContain('Đã nhận báo cáo sơ kết 6 tháng của UBND huyện Điện Biên (lần 2)');
    const notice = mails.find((m) => keyOf(m).startsWith(`${h1}:quarantine:MAN:v1`))!;
    expect(notice.to).toEqual(['snv.ha@example.org']);
    expect(notice.text).toContain('bầu cua');
    expect(notice.html).not.toContain('<script');
    const lateNotice = mails.find((m) => keyOf(m) === `${h1}:late:MLA:v1`)!;
    expect(lateNotice.to).toEqual(['dbi.binh@example.org']);
    expect(lateNotice.text).toContain('trừ 1 điểm');
    const extensionMail = mails.find((m) => keyOf(m).startsWith(`${h1}:extension:`))!;
    expect(extensionMail.to).toEqual(['tgi.tuan@example.org']);
    expect(extensionMail.text).toContain('Lý do: Lũ quét làm gián đoạn công tác');
    // A fresh link to the H1 round for TGI, valid until its new closing (the new deadline plus the grace period).
    const h1Grace = Date.parse((h1Calendar!.late as { graceUntil: string }).graceUntil) - Date.parse(h1Calendar!.deadline);
    expect(taskLinkClaim(extensionMail, testLinks(), 0)).toEqual({
      person: REPS.TGI,
      role: 'representative',
      task: h1,
      unit: 'TGI',
      expiresAt: extensions[0]!.until.getTime() + h1Grace,
    });
    for (const m of mails) expect(m.text, m.subject).not.toContain('tdkt ');
    const yearEscalation = mails.filter((m) => keyOf(m).startsWith(`${year}:escalation:`));
    expect(yearEscalation).toHaveLength(1);
    expect(yearEscalation[0]!.text).toContain('UBND thị xã Mường Lay (MLA)');
  });
});
