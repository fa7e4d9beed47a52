import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import {
  amendSubmission,
  appraise,
  councilStatus,
  councilVote,
  decide,
  recordAttendance,
  reschedule,
} from '../client/councilOperations.ts';
import {
  adjustScore,
  castBallot,
  cycleStatus,
  decideFlag,
  extendDeadline,
  recordVeto,
  signPledge,
  startCycle,
  submitReport,
  submitScores,
} from '../client/operations.ts';
import { createSchedule, excuseFromRotation, recordCertificates, recordMerge, triggerSchedule } from '../client/yearEndOperations.ts';
import { COUNCIL } from '../db/referenceData.ts';
import { councilId } from '../domain/council.ts';
import { sampleScoreSheets, sampleSelfScore } from '../db/referenceData.ts';
import { compressedCalendar } from '../domain/calendar.ts';
import { formatIsoDuration } from '../domain/duration.ts';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.ts';
import { ballotRoundName, cycleId, reportRoundName, roundId } from '../domain/ids.ts';
import { vietnamIsoDate } from '../domain/time.ts';
import { locateTemporalCli } from '../infra/temporalCli.ts';
import { roundStatusQuery } from '../workflows/messages.ts';
import { startLocalRuntime } from './localRuntime.ts';

// `npm run record-histories -- v3`: runs one year of the seed cluster on a fresh local stack — a
// late pledge and a missing one, then the H1 report round with a re-submission, an extension and a
// late report, then the year-end reports with self-scores, a veto input, cross-scores with a
// missing scorer and a re-submission, an adjustment, two ballot rounds that leave a tie for the
// flag open, and the chair and deputy's decision; then the provincial council: the submission,
// a return and the amended resubmission, a session without quorum and a rescheduled one, votes in
// person and in writing, the chair's approval and a revocation; then the year-end conference with
// the cluster's giấy khen and a unit excused from the rotation, and the hand-over. Beside it, a year
// of the department bloc where two members are merged away during the pledge round (one's task
// closed, one's transferred), and a run of the bloc's yearly Schedule — and writes each workflow's history to
// test/replay/histories/<workflow>.<version>.json. The replay test replays them on every run, so a
// workflow change that would break cycles already in flight fails the tests. Record a new version
// when a workflow changes shape (after guarding the change with patched()); keep the old ones.

const OUT = path.resolve('test/replay/histories');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROUND_MS = 5000;

async function waitOpen(client: Client, workflowId: string): Promise<void> {
  while (
    (await client.workflow
      .getHandle(workflowId)
      .query(roundStatusQuery)
      .then(
        (s) => s.phase,
        () => undefined,
      )) !== 'open'
  )
    await sleep(100);
}

async function main(version: string): Promise<void> {
  const rt = await startLocalRuntime({ log: (line) => console.log(line) });
  try {
    const id = cycleId('DB-VT', 2018);
    const start = Date.now() + 500;
    const calendar = compressedCalendar(start, ROUND_MS, { reporting: true, scoring: true, council: true });
    calendar.council = {
      ...calendar.council!,
      submitBy: new Date(start + ROUND_MS * 12).toISOString(),
      sessionAt: new Date(start + ROUND_MS * 14).toISOString(),
      sessionLength: 'PT20S',
      complaintWindow: 'PT5S',
    };
    calendar.conference = { at: new Date(start + ROUND_MS * 19).toISOString(), yearLength: formatIsoDuration(ROUND_MS * 20) };
    const input = cycleInputSchema.parse({ cluster: 'DB-VT', year: 2018, calendar, campaigns: defaultCampaigns(2018) });
    const h1 = input.calendar.reporting![0]!;
    await startCycle(rt.client, rt.taskQueue, input);
    const bloc = recordBlocYear(rt.client, rt.taskQueue);

    await waitOpen(rt.client, roundId(id, 'pledge'));
    for (const [unit, signer] of [
      ['DBI', 'dbi.binh'],
      ['MAN', 'man.hoa'],
      ['DBP', 'dbp.lan'],
    ] as const)
      await signPledge(rt.client, { cycleId: id, unit, signer });
    await sleep(Math.max(0, Date.parse(input.calendar.pledge.deadline) - Date.now() + 300));
    await signPledge(rt.client, { cycleId: id, unit: 'TGI', signer: 'tgi.tuan' });

    await waitOpen(rt.client, roundId(id, reportRoundName('H1')));
    const report = (unit: string, submitter: string, narrative: string) =>
      submitReport(rt.client, { cycleId: id, unit, period: 'H1', submitter, content: { narrative } });
    await report('DBI', 'dbi.binh', 'Sơ kết 6 tháng (bản 1).');
    await report('DBI', 'dbi.binh', 'Sơ kết 6 tháng (bản 2).');
    await report('MAN', 'man.hoa', 'Sơ kết 6 tháng.');
    await report('DBP', 'dbp.lan', 'Sơ kết 6 tháng.');
    await extendDeadline(rt.client, {
      cycleId: id,
      round: reportRoundName('H1'),
      extension: {
        actor: 'snv.ha',
        units: ['TGI'],
        until: new Date(Date.parse(h1.deadline) + 1500).toISOString(),
        reason: 'Mưa lũ kéo dài',
      },
    });
    await sleep(Math.max(0, Date.parse(h1.deadline) - Date.now() + 300));
    await report('TGI', 'tgi.tuan', 'Sơ kết 6 tháng.');
    await report('MLA', 'mla.hung', 'Sơ kết 6 tháng (muộn).');

    await waitOpen(rt.client, roundId(id, reportRoundName('YEAR')));
    for (const [unit, submitter, total] of [
      ['TGI', 'tgi.tuan', 95.5],
      ['DBI', 'dbi.binh', 93],
      ['DBP', 'dbp.lan', 92],
      ['MAN', 'man.hoa', 90.5],
    ] as const) {
      await submitReport(rt.client, {
        cycleId: id,
        unit,
        period: 'YEAR',
        submitter,
        content: { narrative: 'Tổng kết năm 2018.', selfScore: sampleSelfScore(total) },
      });
    }
    await recordVeto(rt.client, {
      cycleId: id,
      veto: { actor: 'snv.ha', unit: 'MLA', source: 'tax', reference: 'Công văn 12/CT-TTHT', description: 'Chậm nộp thuế kéo dài' },
    });

    // DBI and DBP tie in every group; MLA does not score.
    const members = ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'];
    const bases = { TGI: 90, DBI: 92, DBP: 92, MAN: 88, MLA: 86 };
    const reps: Record<string, string> = { TGI: 'tgi.tuan', DBI: 'dbi.binh', MAN: 'man.hoa', DBP: 'dbp.lan', MLA: 'mla.hung' };
    await waitOpen(rt.client, roundId(id, 'score'));
    await submitScores(rt.client, {
      cycleId: id,
      unit: 'TGI',
      scorer: 'tgi.tuan',
      content: sampleScoreSheets('TGI', members, { ...bases, MAN: 87 }),
    });
    for (const unit of ['TGI', 'DBI', 'MAN', 'DBP'])
      await submitScores(rt.client, { cycleId: id, unit, scorer: reps[unit]!, content: sampleScoreSheets(unit, members, bases) });
    while ((await cycleStatus(rt.client, id)).cycle.phase !== 'consolidation') await sleep(200);
    await adjustScore(rt.client, {
      cycleId: id,
      adjustment: { actor: 'dbi.binh', unit: 'MAN', points: 0.5, reason: 'Bổ sung minh chứng phong trào thi đua' },
    });

    const split: Record<string, string> = { TGI: 'DBI', DBI: 'DBP', MAN: 'DBP', DBP: 'DBI', MLA: 'abstain' };
    for (const round of [1, 2]) {
      await waitOpen(rt.client, roundId(id, ballotRoundName(round)));
      for (const unit of members)
        await castBallot(rt.client, { cycleId: id, unit, voter: reps[unit]!, choices: { flag: split[unit]!, certificates: {} }, round });
    }
    while ((await cycleStatus(rt.client, id)).cycle.phase !== 'leaders-decide') await sleep(200);
    await decideFlag(rt.client, { cycleId: id, decision: { actor: 'dbi.binh', flag: 'DBP' } });
    await decideFlag(rt.client, { cycleId: id, decision: { actor: 'man.hoa', flag: 'DBP' } });

    // The council (this cluster alone is expected: the only cycle of the province-year).
    const council = councilId('Điện Biên', 2018);
    const councilPhase = async (phase: string) => {
      while ((await councilStatus(rt.client, council).catch(() => undefined))?.phase !== phase) await sleep(200);
    };
    while ((await cycleStatus(rt.client, id)).cycle.phase !== 'submitted') await sleep(200);
    while (!(await councilStatus(rt.client, council).catch(() => undefined))?.chair) await sleep(200);
    const flag = 'DB-VT:flag:DBP';
    await appraise(rt.client, {
      councilId: council,
      appraisal: { actor: 'snv.ha', nomination: flag, verdict: 'return', reason: 'Bổ sung xác nhận của cơ quan thuế' },
    });
    while ((await cycleStatus(rt.client, id)).cycle.phase !== 'revision') await sleep(200);
    await amendSubmission(rt.client, {
      cycleId: id,
      amendment: { actor: 'dbi.binh', note: 'Đã bổ sung xác nhận của Chi cục Thuế', withdraw: [] },
    });
    while ((await councilStatus(rt.client, council)).appraisal[flag]?.status !== 'pending') await sleep(200);
    await appraise(rt.client, { councilId: council, appraisal: { actor: 'snv.ha', nomination: flag, verdict: 'accept' } });
    const councillors = [COUNCIL.chair.id, ...COUNCIL.members.map((m) => m.id)].sort();
    await councilPhase('session');
    await recordAttendance(rt.client, { councilId: council, attendance: { actor: 'snv.ha', present: councillors.slice(0, 8) } });
    await councilPhase('rescheduling');
    await reschedule(rt.client, { councilId: council, reschedule: { actor: 'snv.ha', at: new Date(Date.now() + 2000).toISOString() } });
    await councilPhase('session');
    await recordAttendance(rt.client, { councilId: council, attendance: { actor: 'snv.ha', present: councillors.slice(0, 13) } });
    await councilPhase('voting');
    for (const member of councillors.slice(0, 13))
      await councilVote(rt.client, { councilId: council, ballot: { actor: member, votes: { [flag]: 'approve' }, written: false } });
    for (const member of councillors.slice(13))
      await councilVote(rt.client, { councilId: council, ballot: { actor: member, votes: { [flag]: 'approve' }, written: true } });
    await councilPhase('decision');
    await decide(rt.client, { councilId: council, action: { actor: COUNCIL.chair.id, action: 'approve' } });
    while ((await cycleStatus(rt.client, id)).cycle.phase !== 'conference') await sleep(200);
    await decide(rt.client, {
      councilId: council,
      action: { actor: COUNCIL.chair.id, action: 'revoke', reason: 'Khiếu nại được xác minh là đúng' },
    });
    await rt.client.workflow.getHandle(council).result();
    // The year's end: the chair's giấy khen, DBP excused from chairing, then the conference and the hand-over.
    await recordCertificates(rt.client, {
      cycleId: id,
      certificates: {
        actor: 'dbi.binh',
        certificates: [
          { recipient: 'Hợp tác xã Thanh Yên', kind: 'collective', unit: 'DBI', achievement: 'Phát triển sản xuất lúa gạo hàng hóa' },
        ],
      },
    });
    await excuseFromRotation(rt.client, {
      cycleId: id,
      excuse: { actor: 'snv.ha', unit: 'DBP', reason: 'Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT' },
    });
    await rt.client.workflow.getHandle(id).result();
    await rt.client.workflow.getHandle(cycleId('DB-VT', 2019)).terminate('recorded');
    const schedule = await bloc;

    const workflows = [
      ['annualCycle', id],
      ['councilSession', councilId('Điện Biên', 2018)],
      ['annualCycle-bloc', cycleId('DB-KTH', 2026)],
      ['round-pledge-bloc', roundId(cycleId('DB-KTH', 2026), 'pledge')],
      ['scheduledCycleStart', schedule],
    ] as const;
    for (const [name, workflowId] of workflows) {
      // The CLI writes Temporal's canonical JSON history, the form replay tools read.
      const json = execFileSync(
        locateTemporalCli()!,
        ['workflow', 'show', '--address', rt.stack.temporal.address, '--workflow-id', workflowId, '--output', 'json'],
        { encoding: 'utf8' },
      );
      const file = path.join(OUT, `${name}.${version}.json`);
      // Replay needs the original workflow id too: the cycle checks that its id matches its cluster-year.
      const history = JSON.parse(json) as { events: unknown[] };
      writeFileSync(file, `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
      console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events.length} events)`);
    }
  } finally {
    await rt.stop();
  }
}

/**
 * The department bloc's 2026 year, pledges only: SKHCN is merged into STP (its pledge closed) and
 * VPUB into STC (STC's representative signs for it) while the pledge round is open, then the
 * conference hands over (TTR chairs; both merged units are passed over for the deputy). Then the
 * bloc's yearly Schedule runs once, finding 2027 already started. Returns the Schedule run's id.
 */
async function recordBlocYear(client: Client, taskQueue: string): Promise<string> {
  const id = cycleId('DB-KTH', 2026);
  const input = cycleInputSchema.parse({
    cluster: 'DB-KTH',
    year: 2026,
    calendar: compressedCalendar(Date.now() + 500, ROUND_MS * 2, { reporting: false, conference: true }),
    campaigns: defaultCampaigns(2026),
  });
  await startCycle(client, taskQueue, input);
  await waitOpen(client, roundId(id, 'pledge'));
  await signPledge(client, { cycleId: id, unit: 'SKHCN', signer: 'skhcn.phong' });
  const today = vietnamIsoDate(Date.now());
  const reason = 'Quyết định sắp xếp các cơ quan chuyên môn thuộc UBND tỉnh';
  await recordMerge(client, { cycleId: id, merge: { actor: 'snv.ha', unit: 'SKHCN', into: 'STP', on: today, openTasks: 'close', reason } });
  await recordMerge(client, {
    cycleId: id,
    merge: { actor: 'snv.ha', unit: 'VPUB', into: 'STC', on: today, openTasks: 'transfer', reason },
  });
  for (const [unit, signer] of [
    ['STP', 'stp.duc'],
    ['TTR', 'ttr.nga'],
    ['STC', 'stc.linh'],
    ['VPUB', 'stc.linh'],
    ['SNV', 'snv.quang'],
  ] as const)
    await signPledge(client, { cycleId: id, unit, signer });
  await client.workflow.getHandle(id).result();
  await createSchedule(client, { cluster: 'DB-KTH', at: { month: 1, day: 15, hour: 8 }, taskQueue, by: 'snv.ha' });
  const run = await triggerSchedule(client, 'DB-KTH');
  await client.workflow.getHandle(cycleId('DB-KTH', 2027)).terminate('recorded');
  return run.workflowId;
}

const version = process.argv[2] ?? '';
if (!/^v\d+$/.test(version)) {
  console.error('usage: npm run record-histories -- v<N>   (a new version suffix; existing fixtures are kept)');
  process.exit(2);
}
if (existsSync(path.join(OUT, `annualCycle.${version}.json`))) {
  console.error(`fixtures ${version} exist already; pick the next version`);
  process.exit(2);
}
main(version).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
