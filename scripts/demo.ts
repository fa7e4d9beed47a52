import { parseArgs } from 'node:util';
import { workflowUiLink } from '../client/config.js';
import { table } from '../client/format.js';
import { cycleStatus, extendDeadline, signPledge, startCycle, submitReport } from '../client/operations.js';
import { PEOPLE, sampleSelfScore } from '../db/referenceData.js';
import { compressedCalendar } from '../domain/calendar.js';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.js';
import { cycleId } from '../domain/ids.js';
import { formatVietnamTime } from '../domain/time.js';
import type { annualCycle } from '../workflows/annualCycle.js';
import { startLocalRuntime, untilInterrupted, type LocalRuntime } from './localRuntime.js';

// `npm run demo`: the 2018 cycle of the Điện Biên low-land cluster, end to end on a real Temporal
// dev server, embedded PostgreSQL and a mail inbox, with the year's calendar squeezed into under a
// minute. Representatives are simulated: pledges (Mường Lay late, after two reminders and the
// escalation), the 6-month review (a re-submission, a report laced with gambling spam, an
// extension for Tuần Giáo, Mường Lay late again), and the year-end reports with DOMAIN.md's
// illustrative self-scores.

const CLUSTER = 'DB-VT';
const YEAR = 2018;
const ROUND_MS = 10_000;
const SELF_SCORES = { TGI: 95.5, DBI: 93, DBP: 92, MAN: 90.5, MLA: 88 } as const;

const { values: args } = parseArgs({ options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (args.help) {
  console.log(`npm run demo [-- --keep]

Runs the 2018 cycle of the Điện Biên low-land cluster end to end: starts a Temporal dev server,
an embedded PostgreSQL and a mail inbox, starts the worker, launches the campaigns, mails every
member's representative, has them sign the pledge (one late, after reminders), file the 6-month
review (one re-submitted, one quarantined for spam, one extended, one late) and the year-end
report with its self-score, then prints a summary. --keep leaves everything running until
Ctrl-C so the links can be opened and the tdkt CLI used against it.`);
  process.exit(0);
}

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rep = (unit: string) => PEOPLE.find((p) => p.unit === unit && p.representsIn.includes(YEAR))!.id;

async function main(): Promise<void> {
  log('starting Temporal dev server, embedded PostgreSQL and the mail inbox…');
  const rt = await startLocalRuntime({ log });
  try {
    log(`ready: Temporal ${rt.stack.temporal.address}, PostgreSQL, SMTP ${rt.stack.mail.smtpUrl}; worker running on task queue "${rt.taskQueue}"`);
    await runCycle(rt);
    if (args.keep) {
      console.log(`\nEverything stays up. Try:\n${rt.cliEnvironment.map((l) => `  ${l}\n`).join('')}  ./bin/tdkt cycle status ${cycleId(CLUSTER, YEAR)}\nPress Ctrl-C to stop.`);
      await untilInterrupted();
    }
  } finally {
    log('stopping…');
    await rt.stop();
  }
}

/** A simulated person's action in a round: `at` ms after the round opened, or after its deadline. */
interface Action {
  at: { afterOpening: number } | { afterDeadline: number };
  run: () => Promise<string>;
}

async function runCycle(rt: LocalRuntime): Promise<void> {
  const id = cycleId(CLUSTER, YEAR);
  const input = cycleInputSchema.parse({ cluster: CLUSTER, year: YEAR, calendar: compressedCalendar(Date.now() + 2_000, ROUND_MS), campaigns: defaultCampaigns(YEAR) });
  const { pledge } = input.calendar;
  const [h1, yearEnd] = input.calendar.reporting!;
  log(`starting ${id}: pledges due ${formatVietnamTime(Date.parse(pledge.deadline))}, the 6-month review ${formatVietnamTime(Date.parse(h1!.deadline))}, the year-end report ${formatVietnamTime(Date.parse(yearEnd!.deadline))}; reminders ${pledge.remindBefore.join(' and ')} before each deadline`);
  await startCycle(rt.client, rt.taskQueue, input);
  const watching = watchProgress(rt, id);

  const sign = (unit: string) => async () => {
    const r = await signPledge(rt.client, { cycleId: id, unit, signer: rep(unit) });
    return `${rep(unit)} signed the pledge for ${unit}${r.late ? ' — LATE, accepted in the grace period' : ''}`;
  };
  const report = (unit: string, period: 'H1' | 'YEAR', narrative: string) => async () => {
    const content = period === 'YEAR' ? { narrative, selfScore: sampleSelfScore(SELF_SCORES[unit as keyof typeof SELF_SCORES]) } : { narrative };
    const r = await submitReport(rt.client, { cycleId: id, unit, period, submitter: rep(unit), content });
    const notes = [r.version > 1 ? `version ${r.version}, the earlier one kept` : '', r.late ? `LATE, ${r.penalty} point off` : '', r.totals ? `self-score ${r.totals.total}` : ''].filter(Boolean);
    return `${unit} filed its ${period} report${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
  const extend = (unit: string, byMs: number, deadline: string) => async () => {
    const r = await extendDeadline(rt.client, { cycleId: id, round: 'report-H1', extension: { actor: 'snv.ha', units: [unit], until: new Date(Date.parse(deadline) + byMs).toISOString(), reason: 'Mưa lũ làm gián đoạn giao thông' } });
    return `the secretariat extended ${r.units.join(', ')}'s H1 deadline to ${formatVietnamTime(Date.parse(r.until))}`;
  };

  await runRound(rt, id, 'pledge', pledge.deadline, [
    { at: { afterOpening: 1_000 }, run: sign('TGI') },
    { at: { afterOpening: 2_000 }, run: sign('DBI') },
    { at: { afterOpening: 3_000 }, run: sign('DBP') },
    { at: { afterOpening: 4_000 }, run: sign('MAN') },
    { at: { afterDeadline: 2_000 }, run: sign('MLA') },
  ]);
  await runRound(rt, id, 'report-H1', h1!.deadline, [
    { at: { afterOpening: 1_000 }, run: report('DBI', 'H1', 'Sơ kết 6 tháng: thu ngân sách đạt 52% dự toán (bản nháp).') },
    { at: { afterOpening: 2_000 }, run: report('MAN', 'H1', 'Sơ kết 6 tháng. Hưởng ứng phong trào, xem hình bầu cua tôm cá tại www.nhacai.vn') },
    { at: { afterOpening: 2_500 }, run: report('DBP', 'H1', 'Sơ kết 6 tháng của thành phố Điện Biên Phủ.') },
    { at: { afterOpening: 3_000 }, run: report('DBI', 'H1', 'Sơ kết 6 tháng: thu ngân sách đạt 55% dự toán.') },
    { at: { afterOpening: 4_000 }, run: extend('TGI', 3_000, h1!.deadline) },
    { at: { afterDeadline: 1_500 }, run: report('TGI', 'H1', 'Sơ kết 6 tháng của huyện Tuần Giáo.') },
    { at: { afterDeadline: 2_000 }, run: report('MLA', 'H1', 'Sơ kết 6 tháng của thị xã Mường Lay.') },
  ]);
  await runRound(
    rt,
    id,
    'report-YEAR',
    yearEnd!.deadline,
    Object.keys(SELF_SCORES).map((unit, i) => ({ at: { afterOpening: 1_000 + i * 700 }, run: report(unit, 'YEAR', `Báo cáo tổng kết năm ${YEAR}.`) })),
  );

  const result = await rt.client.workflow.getHandle<typeof annualCycle>(id).result().finally(() => watching.stop());
  log(`cycle reached phase ${result.phase}`);
  await printSummary(rt, id);
}

/** Waits for the round to open (its invitations are mailed), then plays its actions at their times. */
async function runRound(rt: LocalRuntime, id: string, kind: string, deadline: string, actions: Action[]): Promise<void> {
  while ((await cycleStatus(rt.client, id)).rounds.find((r) => r.roundId.endsWith(`/${kind}`))?.phase !== 'open') await sleep(100);
  const opened = Date.now();
  await Promise.all(
    actions.map(async (action) => {
      const at = 'afterOpening' in action.at ? opened + action.at.afterOpening : Date.parse(deadline) + action.at.afterDeadline;
      await sleep(Math.max(0, at - Date.now()));
      log(await action.run());
    }),
  );
}

/** Prints what changes in the cycle's status while it runs: phases, reminders, escalations. */
function watchProgress(rt: LocalRuntime, id: string): { stop(): void } {
  let running = true;
  let phase = '';
  const reminders = new Map<string, number>();
  const escalated = new Map<string, number>();
  void (async () => {
    while (running) {
      const report = await cycleStatus(rt.client, id).catch(() => undefined);
      if (report && report.cycle.phase !== phase) {
        phase = report.cycle.phase;
        log(`phase: ${phase}`);
      }
      for (const round of report?.rounds ?? []) {
        const name = round.period ? `${round.period} report` : round.kind;
        if (round.remindersSent > (reminders.get(round.roundId) ?? 0)) {
          reminders.set(round.roundId, round.remindersSent);
          log(`${name}: reminder ${round.remindersSent} mailed to ${round.units.filter((u) => !u.submittedAt).map((u) => u.unit).join(', ')}`);
        }
        if (round.escalated.length > (escalated.get(round.roundId) ?? 0)) {
          escalated.set(round.roundId, round.escalated.length);
          log(`${name}: deadline passed, escalated to the secretariat: ${round.escalated.join(', ')}`);
        }
      }
      await sleep(250);
    }
  })();
  return { stop: () => (running = false) };
}

async function printSummary(rt: LocalRuntime, id: string): Promise<void> {
  const { db } = rt;
  const cluster = await db.selectFrom('cluster').select('name').where('code', '=', CLUSTER).executeTakeFirstOrThrow();
  const units = await db.selectFrom('cluster_membership as m').innerJoin('unit as u', 'u.code', 'm.unit_code').select(['u.code', 'u.name']).where('m.cluster_code', '=', CLUSTER).where('m.year', '=', YEAR).orderBy('m.rotation_order').execute();
  const pledges = await db.selectFrom('pledge').selectAll().where('cycle_id', '=', id).execute();
  const reports = await db.selectFrom('report').selectAll().where('cycle_id', '=', id).orderBy('version').execute();
  const extensions = await db.selectFrom('round_extension').selectAll().where('round_id', 'like', `${id}/%`).execute();
  const notices = await db.selectFrom('round_notice').select(['round_id', 'kind', 'seq', 'unit_code']).where('round_id', 'like', `${id}/%`).orderBy('round_id').orderBy('kind').orderBy('seq').execute();
  const outbox = await db.selectFrom('email_outbox').select(['status']).where('cycle_id', '=', id).execute();
  const inbox = await rt.stack.mail.messages();
  const latest = (period: string, unit: string) => reports.filter((r) => r.period === period && r.unit_code === unit).at(-1);
  const when = (date: Date | undefined) => (date ? formatVietnamTime(date.getTime()) : '—');
  const noticesOf = (round: string, kind: string) => notices.filter((n) => n.round_id.endsWith(`/${round}`) && n.kind === kind).map((n) => (kind === 'reminder' ? `#${n.seq} ${n.unit_code}` : n.unit_code));
  const uiLink = rt.stack.temporal.uiUrl ? workflowUiLink({ TEMPORAL_UI_URL: rt.stack.temporal.uiUrl, TEMPORAL_NAMESPACE: 'default' }, id) : '(Web UI not started)';
  const ranking = units.map((u) => ({ ...u, report: latest('YEAR', u.code) })).sort((a, b) => Number(b.report?.score_total ?? 0) - Number(a.report?.score_total ?? 0));

  console.log(`
════════ ${cluster.name} — năm ${YEAR} (${id}) ════════

Giao ước thi đua (pledges):
${table(
  ['UNIT', 'NAME', 'SIGNED BY', 'SIGNED AT (UTC+7)', ''],
  units.map((u) => {
    const p = pledges.find((x) => x.unit_code === u.code);
    return [u.code, u.name, p?.signer_id ?? '—', p ? when(p.signed_at) : 'not signed', p?.late ? 'LATE' : ''];
  }),
)}
reminders ${noticesOf('pledge', 'reminder').join(', ') || 'none'}; escalated: ${noticesOf('pledge', 'escalation').join(', ') || 'nobody'}

Báo cáo sơ kết 6 tháng (H1 reports):
${table(
  ['UNIT', 'VERSIONS', 'LATEST AT (UTC+7)', 'LATE', 'PENALTY', 'NOTE'],
  units.map((u) => {
    const r = latest('H1', u.code);
    const ext = extensions.find((e) => e.unit_code === u.code);
    const notes = [r?.quarantined ? 'QUARANTINED for the secretariat (spam/links)' : '', ext ? `deadline extended: ${ext.reason}` : ''].filter(Boolean).join('; ');
    return [u.code, String(reports.filter((x) => x.period === 'H1' && x.unit_code === u.code).length), when(r?.submitted_at), r?.late ? 'LATE' : '', r && Number(r.late_penalty) ? `-${Number(r.late_penalty)}` : '', notes];
  }),
)}

Báo cáo tổng kết năm — tự chấm điểm (year-end self-scores, rubric ${reports.find((r) => r.rubric_version)?.rubric_version ?? '—'}):
${table(
  ['#', 'UNIT', 'NAME', 'SELF-SCORE', 'FILED AT (UTC+7)'],
  ranking.map((u, i) => [String(i + 1), u.code, u.name, u.report?.score_total ? Number(u.report.score_total).toFixed(1) : '—', when(u.report?.submitted_at)]),
)}

Mails:            ${outbox.filter((m) => m.status === 'sent').length} sent from the outbox (${outbox.filter((m) => m.status !== 'sent').length} pending), ${inbox.length} received by the inbox
Temporal Web UI:  ${uiLink}
Mail inbox:       ${rt.stack.mail.webUrl}
`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
