import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { cycleStatus, signPledge, startCycle, submitReport } from '../../client/operations.ts';
import {
  createSchedule,
  describeSchedule,
  excuseFromRotation,
  overrideRotation,
  pauseSchedule,
  recordCertificates,
  recordMerge,
  triggerSchedule,
} from '../../client/yearEndOperations.ts';
import { sampleSelfScore } from '../../db/referenceData.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import type { Rotation } from '../../domain/rotation.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import {
  copyClusterWithOwnUnits,
  copyClusterYear,
  eventually,
  fastCycle,
  refusal,
  REPS,
  waitForPhase,
  waitOpen,
} from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf } from '../support/mails.ts';

// The year's end against the real servers: the conference with the cluster's giấy khen, the chair
// rotating over several years, a never-chair department in a bloc, the secretariat's instructions,
// a member merged away during the reporting period, and the yearly Schedule racing the hand-over
// to start the same next cycle.

const R = 2000;

/**
 * Holds both paths to next year of one cluster (the conference's hand-over and the Schedule's run)
 * at the door until the test lets them through together, so that they really run at once.
 */
const gate: { cluster?: string; waiting: number; open?: Promise<void>; release?: () => void } = { waiting: 0 };
async function atTheGate(cluster: string): Promise<void> {
  if (cluster !== gate.cluster) return;
  gate.waiting++;
  await gate.open;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness((real) => ({
    ...real,
    handOverAndStart: async (input) => (await atTheGate(input.cycleId.split('/')[1]!), real.handOverAndStart(input)),
    startScheduledCycle: async (input) => (await atTheGate(input.cluster), real.startScheduledCycle(input)),
  }));
});
afterAll(async () => {
  await h?.close();
});

/** Waits until the hand-over of `cluster` to `year` is recorded. */
async function handoverTo(cluster: string, year: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const row = await h.db
      .selectFrom('handover')
      .selectAll()
      .where('cluster_code', '=', cluster)
      .where('to_year', '=', year)
      .executeTakeFirst();
    if (row) return { ...row, rotation: row.rotation as Rotation };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no hand-over of ${cluster} to ${year} within ${timeoutMs} ms`);
}

/** Stops the chain of years a test started: each year's conference starts the next. */
async function stopYears(cluster: string, years: number[]) {
  for (const year of years)
    await h.client.workflow
      .getHandle(cycleId(cluster, year))
      .terminate('test over')
      .catch(() => undefined);
}

// The tests are independent (each its own cluster copy) and mostly wait on their calendars: they run side by side,
// the merge's too (a describe inside a concurrent one runs alongside its siblings).
describe.concurrent("the year's end", () => {
  describe('the year-end conference and the chair rotating', () => {
    it('hands over 2017 TGI → 2018 DBI (the sourced fact), then round the order year after year, with the giấy khen of 2017', async () => {
      const cluster = await copyClusterYear(h.db, { from: { cluster: 'DB-VT', year: 2017 }, year: 2017, chair: 'TGI', deputy: 'DBI' });
      const first = cycleId(cluster, 2017);
      await startCycle(h.client, h.taskQueue, fastCycle(cluster, R, 300, { reporting: false, conference: true }, 2017));
      await waitForPhase(h.client, first, 'pledges');

      // 2017 [S]: cluster giấy khen to 4 collectives and 1 farming household.
      const certificates = {
        actor: REPS.TGI,
        certificates: [
          {
            recipient: 'Trường PTDTBT THCS Quài Tở',
            kind: 'collective' as const,
            unit: 'TGI',
            achievement: 'Hoàn thành xuất sắc nhiệm vụ năm học 2017',
          },
          {
            recipient: 'Bản Phiêng Pẻn, xã Mường Mùn',
            kind: 'collective' as const,
            unit: 'TGI',
            achievement: 'Xây dựng bản văn hóa tiêu biểu',
          },
          { recipient: 'Trạm Y tế xã Noong Hẹt', kind: 'collective' as const, unit: 'DBI', achievement: 'Làm tốt công tác y tế dự phòng' },
          {
            recipient: 'Hợp tác xã Thanh Yên',
            kind: 'collective' as const,
            unit: 'DBI',
            achievement: 'Phát triển sản xuất lúa gạo hàng hóa',
          },
          { recipient: 'Hộ ông Lò Văn Pánh', kind: 'household' as const, unit: 'MAN', achievement: 'Hộ nông dân sản xuất kinh doanh giỏi' },
        ],
      };
      const wrongPerson = await refusal(
        recordCertificates(h.client, { cycleId: first, certificates: { ...certificates, actor: REPS.DBI } }),
      );
      expect(wrongPerson.exitCode).toBe(ExitCode.notAuthorised);
      const spam = await refusal(
        recordCertificates(h.client, {
          cycleId: first,
          certificates: {
            ...certificates,
            certificates: [{ ...certificates.certificates[0]!, recipient: 'Xem bầu cua tôm cá tại www.nhacai.vn' }],
          },
        }),
      );
      expect(spam.exitCode).toBe(ExitCode.usage);
      const stranger = await refusal(
        recordCertificates(h.client, {
          cycleId: first,
          certificates: { ...certificates, certificates: [{ ...certificates.certificates[0]!, unit: 'MCH' }] },
        }),
      );
      expect(stranger.message).toContain('not members');
      const numbers = await recordCertificates(h.client, { cycleId: first, certificates });
      expect(numbers.numbers).toEqual([1, 2, 3, 4, 5].map((n) => `0${n}/GK-${cluster}-2017`));
      expect((await refusal(recordCertificates(h.client, { cycleId: first, certificates }))).exitCode).toBe(ExitCode.duplicate);

      const expected = [
        [2018, 'DBI', 'MAN'],
        [2019, 'MAN', 'DBP'],
        [2020, 'DBP', 'MLA'],
        [2021, 'MLA', 'TGI'],
      ] as const;
      for (const [year, chair, deputy] of expected) {
        const handover = await handoverTo(cluster, year);
        expect({
          year,
          chair: handover.to_chair,
          deputy: handover.to_deputy,
          policy: handover.policy,
          skipped: handover.rotation.skipped,
          by: handover.recorded_by,
        }).toEqual({ year, chair, deputy, policy: 'default', skipped: [], by: 'handover' });
      }
      await stopYears(cluster, [2021, 2022]);

      const result = await h.client.workflow.getHandle<typeof annualCycle>(first).result();
      expect(result.phase).toBe('handed-over');
      expect(result.yearEnd?.next).toEqual({
        cycleId: cycleId(cluster, 2018),
        started: true,
        startedBy: 'handover',
        chair: 'DBI',
        deputy: 'MAN',
      });
      expect(result.yearEnd?.conference).toMatchObject({ awardsHandedOver: 0, certificates: 5 });
      // Each next year runs with the chair and deputy handed to it, and the membership and people carried over.
      const cycles = await h.db
        .selectFrom('cycle')
        .select(['year', 'chair_unit', 'deputy_unit', 'phase'])
        .where('cluster_code', '=', cluster)
        .orderBy('year')
        .execute();
      expect(cycles.slice(0, 4).map((c) => [c.year, c.chair_unit, c.deputy_unit])).toEqual([[2017, 'TGI', 'DBI'], ...expected.slice(0, 3)]);
      expect(cycles.slice(0, 3).every((c) => c.phase === 'handed-over')).toBe(true);
      const launches = await h.db
        .selectFrom('cycle_launch')
        .select(['cycle_id', 'started_by'])
        .where('cycle_id', 'like', `cycle/${cluster}/%`)
        .orderBy('cycle_id')
        .execute();
      expect(launches.slice(0, 3)).toEqual(
        expected.slice(0, 3).map(([year]) => ({ cycle_id: cycleId(cluster, year), started_by: 'handover' })),
      );

      const issued = await h.db.selectFrom('cluster_certificate').selectAll().where('cycle_id', '=', first).orderBy('seq').execute();
      expect(issued.map((c) => [c.recipient_kind, c.unit_code, c.signed_by_unit, Number(c.amount_vnd)])).toEqual([
        ['collective', 'TGI', 'TGI', 1_404_000],
        ['collective', 'TGI', 'TGI', 1_404_000],
        ['collective', 'DBI', 'TGI', 1_404_000],
        ['collective', 'DBI', 'TGI', 1_404_000],
        ['household', 'MAN', 'TGI', 1_404_000],
      ]);
      expect(
        await h.db.selectFrom('conference').select(['chair_unit', 'awards_handed_over']).where('cycle_id', '=', first).executeTakeFirst(),
      ).toEqual({ chair_unit: 'TGI', awards_handed_over: 0 });
      const mails = await h.mail.waitFor((all) => all.filter((m) => keyOf(m).startsWith(`${first}:handover:`)).length >= 6);
      const conference = mails.find((m) => keyOf(m) === `${first}:conference:MAN`)!;
      expect(conference.to).toEqual(['man.hoa@example.org']);
      expect(conference.text).toContain(`05/GK-${cluster}-2017: Hộ ông Lò Văn Pánh`);
      const handover = mails.filter((m) => keyOf(m).startsWith(`${first}:handover:`));
      expect(handover.map((m) => m.to[0]).sort()).toEqual(
        ['dbi.binh', 'dbp.lan', 'man.hoa', 'mla.hung', 'snv.ha', 'tgi.tuan'].map((p) => `${p}@example.org`),
      );
      expect(handover[0]!.subject).toContain('Bàn giao Trưởng cụm năm 2018: UBND huyện Điện Biên (DBI)');
    }, 120_000);

    it("never makes Sở Nội vụ chair or deputy in the department bloc, and follows the secretariat's excuse and override", async () => {
      // Bloc A: VPUB chairs, STC deputises, so next year STC chairs and the deputy is the unit after STC: SNV, never-chair, is passed over for STP.
      const blocA = await copyClusterYear(h.db, {
        from: { cluster: 'DB-KTH', year: 2026 },
        year: 2026,
        chair: 'VPUB',
        deputy: 'STC',
        prefix: 'K',
      });
      // Bloc B: the sourced 2026 leadership; the secretariat excuses TTR and then overrides the order.
      const blocB = await copyClusterYear(h.db, {
        from: { cluster: 'DB-KTH', year: 2026 },
        year: 2026,
        chair: 'STP',
        deputy: 'TTR',
        prefix: 'K',
      });
      for (const bloc of [blocA, blocB])
        await startCycle(h.client, h.taskQueue, fastCycle(bloc, R, 300, { reporting: false, conference: true }, 2026));
      const b = cycleId(blocB, 2026);
      await waitForPhase(h.client, b, 'pledges');

      const override = {
        actor: 'snv.ha',
        chair: 'VPUB',
        deputy: 'STC',
        reason: 'Công văn 12/HĐTĐKT: Sở Khoa học và Công nghệ đang sắp xếp bộ máy',
      };
      expect((await refusal(overrideRotation(h.client, { cycleId: b, override: { ...override, actor: 'stp.duc' } }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      const neverChair = await refusal(overrideRotation(h.client, { cycleId: b, override: { ...override, chair: 'SNV' } }));
      expect(neverChair.exitCode).toBe(ExitCode.usage);
      expect(neverChair.message).toContain('SNV');
      expect((await refusal(overrideRotation(h.client, { cycleId: b, override: { ...override, reason: 'vì thế' } }))).exitCode).toBe(
        ExitCode.usage,
      );
      expect(
        (
          await refusal(
            excuseFromRotation(h.client, {
              cycleId: b,
              excuse: { actor: 'snv.ha', unit: 'DBI', reason: 'Không thuộc khối này, thử nghiệm' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.notAMember);
      await excuseFromRotation(h.client, {
        cycleId: b,
        excuse: { actor: 'snv.ha', unit: 'TTR', reason: 'Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT' },
      });
      expect(
        (
          await refusal(
            excuseFromRotation(h.client, {
              cycleId: b,
              excuse: { actor: 'snv.ha', unit: 'TTR', reason: 'Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.duplicate);
      await overrideRotation(h.client, { cycleId: b, override });
      expect((await refusal(overrideRotation(h.client, { cycleId: b, override }))).exitCode).toBe(ExitCode.duplicate);

      const a = await handoverTo(blocA, 2027);
      expect([a.to_chair, a.to_deputy, a.policy]).toEqual(['STC', 'STP', 'default']);
      expect(a.rotation.skipped).toEqual([expect.objectContaining({ unit: 'SNV', as: 'deputy', reason: 'never-chair' })]);
      const bHandover = await handoverTo(blocB, 2027);
      expect([bHandover.to_chair, bHandover.to_deputy, bHandover.policy]).toEqual(['VPUB', 'STC', 'override']);
      // The order would have passed over TTR (excused) for SKHCN, with VPUB deputy; that is kept with the override.
      expect(bHandover.rotation.defaultChoice).toEqual({ chair: 'SKHCN', deputy: 'VPUB' });
      expect(bHandover.rotation.skipped).toEqual([expect.objectContaining({ unit: 'TTR', as: 'chair', reason: 'council-consent' })]);
      await stopYears(blocA, [2027, 2028]);
      await stopYears(blocB, [2027, 2028]);

      // Once the year is handed over, the rotation is closed.
      const late = await refusal(overrideRotation(h.client, { cycleId: b, override }));
      expect(late.exitCode).toBe(ExitCode.roundClosed);
      const audit = await h.db
        .selectFrom('audit_event')
        .select(['action', 'actor', 'details'])
        .where('cycle_id', '=', b)
        .where('action', 'like', 'rotation.%')
        .orderBy('id')
        .execute();
      expect(audit.map((e) => e.action)).toEqual(['rotation.excuse', 'rotation.override', 'rotation.handover']);
      expect(audit[1]).toMatchObject({ actor: 'snv.ha', details: { chair: 'VPUB', deputy: 'STC', reason: override.reason } });
      const nextMembers = await h.db
        .selectFrom('cluster_membership')
        .select(['unit_code', 'never_chair'])
        .where('cluster_code', '=', blocA)
        .where('year', '=', 2027)
        .orderBy('rotation_order')
        .execute();
      expect(nextMembers).toEqual(['STP', 'TTR', 'SKHCN', 'VPUB', 'STC', 'SNV'].map((u) => ({ unit_code: u, never_chair: u === 'SNV' })));
      const mail = await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${b}:handover:snv.ha`));
      expect(mail.find((m) => keyOf(m) === `${b}:handover:snv.ha`)!.text).toContain(override.reason);
    }, 120_000);
  });

  describe('a member merged away during the reporting period', () => {
    it('closes or transfers its open tasks, keeps what it submitted, skips it in the rotation and uses the successor next year', async () => {
      const { cluster, unit, rep } = await copyClusterWithOwnUnits(h.db);
      const id = cycleId(cluster, 2018);
      await startCycle(h.client, h.taskQueue, fastCycle(cluster, 4000, 300, { reporting: true, conference: true }));
      await waitOpen(h.client, roundId(id, 'pledge'));
      for (const seed of ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'])
        await signPledge(h.client, { cycleId: id, unit: unit(seed), signer: rep(seed) });
      await waitOpen(h.client, roundId(id, 'report-H1'));
      await submitReport(h.client, {
        cycleId: id,
        unit: unit('DBP'),
        period: 'H1',
        submitter: rep('DBP'),
        content: { narrative: 'Sơ kết 6 tháng của thành phố trước khi sáp nhập.' },
      });

      const today = vietnamIsoDate(Date.now());
      const merge = {
        actor: 'snv.ha',
        unit: unit('DBP'),
        into: unit('DBI'),
        on: today,
        openTasks: 'close' as const,
        reason: 'Nghị quyết 1661/NQ-UBTVQH15 sắp xếp đơn vị hành chính',
      };
      expect((await refusal(recordMerge(h.client, { cycleId: id, merge: { ...merge, actor: rep('TGI') } }))).exitCode).toBe(
        ExitCode.notAuthorised,
      );
      expect((await refusal(recordMerge(h.client, { cycleId: id, merge: { ...merge, unit: 'MCH' } }))).exitCode).toBe(ExitCode.notAMember);
      expect((await refusal(recordMerge(h.client, { cycleId: id, merge: { ...merge, on: '2099-01-01' } }))).message).toContain(
        'has not come yet',
      );
      expect((await refusal(recordMerge(h.client, { cycleId: id, merge: { ...merge, into: 'NO-SUCH-UNIT' } }))).message).toContain(
        'unknown unit NO-SUCH-UNIT',
      );
      const closed = await recordMerge(h.client, { cycleId: id, merge });
      expect(closed.rounds).toEqual([roundId(id, 'report-H1'), roundId(id, 'report-YEAR')]);
      expect((await refusal(recordMerge(h.client, { cycleId: id, merge }))).exitCode).toBe(ExitCode.duplicate);
      // MLA's open tasks go to MAN's representative instead.
      await recordMerge(h.client, { cycleId: id, merge: { ...merge, unit: unit('MLA'), into: unit('MAN'), openTasks: 'transfer' } });

      const again = await refusal(
        submitReport(h.client, {
          cycleId: id,
          unit: unit('DBP'),
          period: 'H1',
          submitter: rep('DBP'),
          content: { narrative: 'Bản sửa sau khi đã sáp nhập.' },
        }),
      );
      expect(again.exitCode).toBe(ExitCode.roundClosed);
      expect(again.message).toContain(`merged into ${unit('DBI')}`);
      expect(
        (
          await refusal(
            submitReport(h.client, {
              cycleId: id,
              unit: unit('MLA'),
              period: 'H1',
              submitter: rep('MLA'),
              content: { narrative: 'Báo cáo của thị xã.' },
            }),
          )
        ).exitCode,
      ).toBe(ExitCode.notAuthorised);
      await submitReport(h.client, {
        cycleId: id,
        unit: unit('MLA'),
        period: 'H1',
        submitter: rep('MAN'),
        content: { narrative: 'Báo cáo sơ kết của thị xã Mường Lay do huyện Mường Ảng nộp thay.' },
      });
      for (const seed of ['TGI', 'DBI', 'MAN'])
        await submitReport(h.client, {
          cycleId: id,
          unit: unit(seed),
          period: 'H1',
          submitter: rep(seed),
          content: { narrative: `Sơ kết 6 tháng của ${seed}.` },
        });

      await waitOpen(h.client, roundId(id, 'report-YEAR'));
      for (const [seed, by] of [
        ['TGI', 'TGI'],
        ['DBI', 'DBI'],
        ['MAN', 'MAN'],
        ['MLA', 'MAN'],
      ] as const) {
        await submitReport(h.client, {
          cycleId: id,
          unit: unit(seed),
          period: 'YEAR',
          submitter: rep(by),
          content: { narrative: `Tổng kết năm 2018 của ${seed}.`, selfScore: sampleSelfScore(90) },
        });
      }
      const handover = await handoverTo(cluster, 2019);
      await stopYears(cluster, [2019, 2020]);

      const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
      const [h1, year] = result.reports!;
      expect(h1!.missing).toEqual([]);
      expect(h1!.submitted.map((s) => [s.unit, s.actor])).toEqual(
        expect.arrayContaining([
          [unit('DBP'), rep('DBP')],
          [unit('MLA'), rep('MAN')],
        ]),
      );
      expect(year!.missing).toEqual([]);
      expect(year!.excused).toEqual([unit('DBP')]);
      // Nothing DBP submitted is lost.
      expect(
        await h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', id).where('unit_code', '=', unit('DBP')).execute(),
      ).toHaveLength(1);
      expect(
        await h.db.selectFrom('report').select('unit_code').where('cycle_id', '=', id).where('unit_code', '=', unit('DBP')).execute(),
      ).toHaveLength(1);
      const excusals = await h.db
        .selectFrom('round_excusal')
        .select(['round_id', 'unit_code', 'handled', 'successor_code'])
        .where('round_id', 'like', `${id}/%`)
        .orderBy('round_id')
        .orderBy('unit_code')
        .execute();
      expect(excusals).toEqual([
        { round_id: roundId(id, 'report-H1'), unit_code: unit('DBP'), handled: 'close', successor_code: unit('DBI') },
        { round_id: roundId(id, 'report-H1'), unit_code: unit('MLA'), handled: 'transfer', successor_code: unit('MAN') },
        { round_id: roundId(id, 'report-YEAR'), unit_code: unit('DBP'), handled: 'close', successor_code: unit('DBI') },
        { round_id: roundId(id, 'report-YEAR'), unit_code: unit('MLA'), handled: 'transfer', successor_code: unit('MAN') },
      ]);
      // DBI chairs 2018 with MAN deputy: MAN chairs 2019; DBP and MLA, merged away, are passed over for TGI.
      expect([handover.to_chair, handover.to_deputy]).toEqual([unit('MAN'), unit('TGI')]);
      expect(handover.rotation.skipped.map((s) => [s.unit, s.as, s.reason])).toEqual([
        [unit('DBP'), 'deputy', 'merged'],
        [unit('MLA'), 'deputy', 'merged'],
      ]);
      const members2019 = await h.db
        .selectFrom('cluster_membership')
        .select('unit_code')
        .where('cluster_code', '=', cluster)
        .where('year', '=', 2019)
        .orderBy('rotation_order')
        .execute();
      expect(members2019.map((m) => m.unit_code)).toEqual([unit('TGI'), unit('DBI'), unit('MAN')]);
      expect(
        await h.db
          .selectFrom('unit_link')
          .select(['predecessor_code', 'successor_code', 'open_tasks', 'recorded_by'])
          .where('successor_code', 'in', [unit('DBI'), unit('MAN')])
          .orderBy('predecessor_code')
          .execute(),
      ).toEqual([
        { predecessor_code: unit('DBP'), successor_code: unit('DBI'), open_tasks: 'close', recorded_by: 'snv.ha' },
        { predecessor_code: unit('MLA'), successor_code: unit('MAN'), open_tasks: 'transfer', recorded_by: 'snv.ha' },
      ]);
      const status = await cycleStatus(h.client, id);
      expect(status.cycle.merged?.map((m) => m.unit)).toEqual([unit('DBP'), unit('MLA')]);
      const mails = await h.mail.waitFor((all) => all.filter((m) => keyOf(m).startsWith(`${id}:merge:${unit('DBP')}:`)).length >= 3);
      const notices = mails.filter((m) => keyOf(m).startsWith(`${id}:merge:${unit('DBP')}:`));
      expect(notices.map((m) => m.to[0]).sort()).toEqual([rep('DBI'), rep('DBP'), 'snv.ha'].map((p) => `${p}@example.org`).sort());
      expect(notices[0]!.text).toContain('Nghị quyết 1661/NQ-UBTVQH15');
    }, 120_000);
  });

  describe('the yearly Schedule and the hand-over racing to start the next cycle', () => {
    it('starts one next cycle whichever comes first, and the schedule can be created again, described, paused and triggered', async () => {
      const cluster = await copyClusterYear(h.db, { from: { cluster: 'DB-VT', year: 2018 }, year: 2018, chair: 'DBI', deputy: 'MAN' });
      const id = cycleId(cluster, 2018);
      const next = cycleId(cluster, 2019);
      const input = fastCycle(cluster, R, 300, { reporting: false, conference: true });
      await startCycle(h.client, h.taskQueue, input);

      const created = await createSchedule(h.client, { cluster, at: { month: 1, day: 15, hour: 8 }, taskQueue: h.taskQueue, by: 'snv.ha' });
      expect(created).toMatchObject({ scheduleId: `next-cycle/${cluster}`, created: true, paused: false });
      expect(created.fires).toContain('15/01 08:00 every year');
      expect(
        (await createSchedule(h.client, { cluster, at: { month: 2, day: 1, hour: 7 }, taskQueue: h.taskQueue, by: 'snv.ha' })).created,
      ).toBe(false);
      // Before the year's conference the schedule has nothing to start.
      const early = await triggerSchedule(h.client, cluster);
      expect(early.result).toMatchObject({ started: false });
      expect((early.result as { reason: string }).reason).toContain('2019 is due from');

      // The conference hands over at its date and the schedule is triggered after it: both wait at the
      // gate, then go through together.
      gate.open = new Promise((resolve) => (gate.release = resolve));
      gate.cluster = cluster;
      const conferenceAt = Date.parse(input.calendar.conference!.at);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, conferenceAt - Date.now() + 100)));
      const scheduled = triggerSchedule(h.client, cluster);
      while (gate.waiting < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      gate.release!();
      const runs = [await scheduled];
      const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
      // The next cycle records its own start: stopping it before then (a loaded machine) left no row to count below.
      await eventually(
        'the next cycle to record its start',
        () => h.db.selectFrom('audit_event').select('id').where('cycle_id', '=', next).where('action', '=', 'cycle.started').execute(),
        (rows) => rows.length > 0,
      );
      await stopYears(cluster, [2019, 2020]);

      // One hand-over, one launch claim, one cycle: started by one path, found running by the others.
      const starts = [result.yearEnd!.next!, ...runs.map((r) => r.result)].filter((r) => 'cycleId' in r);
      expect(starts.filter((s) => s.started)).toHaveLength(1);
      expect(starts.every((s) => s.cycleId === next && s.chair === 'MAN' && s.deputy === 'DBP')).toBe(true);
      expect(await h.db.selectFrom('handover').select('to_chair').where('cluster_code', '=', cluster).execute()).toHaveLength(1);
      const launches = await h.db.selectFrom('cycle_launch').selectAll().where('cycle_id', '=', next).execute();
      expect(launches).toHaveLength(1);
      // Both paths got as far as starting it.
      const attempts = await h.db
        .selectFrom('audit_event')
        .select(['actor', 'details'])
        .where('action', '=', 'cycle.next-start')
        .where('subject', '=', next)
        .execute();
      expect(attempts.map((a) => a.actor).sort()).toEqual(['handover', 'schedule']);
      expect(attempts.filter((a) => (a.details as { started: boolean }).started)).toHaveLength(1);
      expect(
        await h.db.selectFrom('audit_event').select('id').where('cycle_id', '=', next).where('action', '=', 'cycle.started').execute(),
      ).toHaveLength(1);
      const runsOfNext: string[] = [];
      for await (const w of h.client.workflow.list({ query: `WorkflowId = '${next}'` })) runsOfNext.push(w.runId);
      expect(runsOfNext).toHaveLength(1);

      const paused = await pauseSchedule(h.client, { cluster, note: 'tạm dừng để kiểm tra', paused: true });
      expect(paused).toMatchObject({ paused: true, note: 'tạm dừng để kiểm tra' });
      const described = await describeSchedule(h.client, cluster);
      expect(described.recentRuns.length).toBeGreaterThanOrEqual(2);
      await h.client.schedule.getHandle(`next-cycle/${cluster}`).delete();
    }, 120_000);
  });
});
