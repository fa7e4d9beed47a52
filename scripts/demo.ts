import { parseArgs } from 'node:util';
import { workflowUiLink } from '../client/config.js';
import { table } from '../client/format.js';
import { cycleStatus, signPledge, startCycle } from '../client/operations.js';
import { compressedCalendar } from '../domain/calendar.js';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.js';
import { cycleId } from '../domain/ids.js';
import { formatVietnamTime } from '../domain/time.js';
import type { annualCycle } from '../workflows/annualCycle.js';
import { startLocalRuntime, untilInterrupted } from './localRuntime.js';

// `npm run demo`: the 2018 cycle of the Điện Biên low-land cluster, end to end on a real Temporal
// dev server, embedded PostgreSQL and a mail inbox, with the year's calendar squeezed into about
// half a minute. Representatives are simulated: four sign on time, Mường Lay only after two
// reminders and the escalation, inside the grace period.

const CLUSTER = 'DB-VT';
const YEAR = 2018;
const ROUND_MS = 16_000;
/**
 * When each simulated representative signs: ms after the invitation arrives, or (Mường Lay) ms
 * after the deadline.
 */
const SIGNERS = [
  { unit: 'TGI', signer: 'tgi.tuan', afterInvitation: 1_000 },
  { unit: 'DBI', signer: 'dbi.binh', afterInvitation: 2_000 },
  { unit: 'DBP', signer: 'dbp.lan', afterInvitation: 3_000 },
  { unit: 'MAN', signer: 'man.hoa', afterInvitation: 4_500 },
  { unit: 'MLA', signer: 'mla.hung', afterDeadline: 3_000 },
];

const { values: args } = parseArgs({ options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (args.help) {
  console.log(`npm run demo [-- --keep]

Runs the 2018 cycle of the Điện Biên low-land cluster end to end: starts a Temporal dev server,
an embedded PostgreSQL and a mail inbox, starts the worker, launches the campaigns, mails every
member's representative and has them sign the pledge (one late, after reminders), then prints
a summary. --keep leaves everything running until Ctrl-C so the links can be opened and the
tdkt CLI used against it.`);
  process.exit(0);
}

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function runCycle(rt: Awaited<ReturnType<typeof startLocalRuntime>>): Promise<void> {
  const id = cycleId(CLUSTER, YEAR);
  const opensAt = Date.now() + 2_000;
  const input = cycleInputSchema.parse({ cluster: CLUSTER, year: YEAR, calendar: compressedCalendar(opensAt, ROUND_MS), campaigns: defaultCampaigns(YEAR) });
  const { pledge } = input.calendar;
  log(`starting ${id}: pledge round ${formatVietnamTime(Date.parse(pledge.opensAt))} → deadline ${formatVietnamTime(Date.parse(pledge.deadline))}, reminders ${pledge.remindBefore.join(' and ')} before it, late pledges taken until ${formatVietnamTime(Date.parse(pledge.late.mode === 'accept' ? pledge.late.graceUntil : pledge.deadline))}`);
  await startCycle(rt.client, rt.taskQueue, input);

  const watching = watchProgress(rt, id);
  // Representatives act once the invitation has been mailed, that is once the round is open.
  while ((await cycleStatus(rt.client, id)).rounds[0]?.phase !== 'open') await sleep(100);
  const invited = Date.now();
  const signing = Promise.all(
    SIGNERS.map(async (s) => {
      const at = s.afterInvitation !== undefined ? invited + s.afterInvitation : Date.parse(pledge.deadline) + s.afterDeadline;
      await sleep(Math.max(0, at - Date.now()));
      const receipt = await signPledge(rt.client, { cycleId: id, unit: s.unit, signer: s.signer });
      log(`${s.signer} signed for ${s.unit}${receipt.late ? ' — LATE, after the deadline (accepted in the grace period)' : ''}`);
    }),
  );
  const [result] = await Promise.all([rt.client.workflow.getHandle<typeof annualCycle>(id).result(), signing]).finally(() => watching.stop());
  log(`cycle reached phase ${result.phase}`);
  await printSummary(rt, id);
}

/** Prints what changes in the cycle's status while it runs: phases, reminders, escalation. */
function watchProgress(rt: Awaited<ReturnType<typeof startLocalRuntime>>, id: string): { stop(): void } {
  let running = true;
  const seen = { phase: '', reminders: 0, escalated: 0 };
  void (async () => {
    while (running) {
      const report = await cycleStatus(rt.client, id).catch(() => undefined);
      const round = report?.rounds[0];
      if (report && report.cycle.phase !== seen.phase) {
        seen.phase = report.cycle.phase;
        log(`phase: ${seen.phase}`);
      }
      if (round && round.remindersSent > seen.reminders) {
        seen.reminders = round.remindersSent;
        log(`reminder ${seen.reminders} mailed to ${round.units.filter((u) => !u.submittedAt).map((u) => u.unit).join(', ')}`);
      }
      if (round && round.escalated.length > seen.escalated) {
        seen.escalated = round.escalated.length;
        log(`deadline passed: escalated to the secretariat — missing ${round.escalated.join(', ')}`);
      }
      await sleep(250);
    }
  })();
  return { stop: () => (running = false) };
}

async function printSummary(rt: Awaited<ReturnType<typeof startLocalRuntime>>, id: string): Promise<void> {
  const { db } = rt;
  const cluster = await db.selectFrom('cluster').select('name').where('code', '=', CLUSTER).executeTakeFirstOrThrow();
  const pledges = await db
    .selectFrom('cluster_membership as m')
    .innerJoin('unit as u', 'u.code', 'm.unit_code')
    .leftJoin('pledge as p', (join) => join.onRef('p.unit_code', '=', 'm.unit_code').on('p.cycle_id', '=', id))
    .select(['u.code', 'u.name', 'p.signer_id', 'p.signed_at', 'p.late'])
    .where('m.cluster_code', '=', CLUSTER)
    .where('m.year', '=', YEAR)
    .orderBy('m.rotation_order')
    .execute();
  const notices = await db.selectFrom('round_notice').select(['kind', 'seq', 'unit_code']).where('round_id', 'like', `${id}/%`).orderBy('kind').orderBy('seq').execute();
  const outbox = await db.selectFrom('email_outbox').select(['status']).where('cycle_id', '=', id).execute();
  const inbox = await rt.stack.mail.messages();
  const reminders = notices.filter((n) => n.kind === 'reminder').map((n) => `#${n.seq} ${n.unit_code}`);
  const escalated = notices.filter((n) => n.kind === 'escalation').map((n) => n.unit_code);

  const uiLink = rt.stack.temporal.uiUrl ? workflowUiLink({ TEMPORAL_UI_URL: rt.stack.temporal.uiUrl, TEMPORAL_NAMESPACE: 'default' }, id) : '(Web UI not started)';
  console.log(`
════════ ${cluster.name} — năm ${YEAR} (${id}) ════════
Giao ước thi đua (pledges):
${table(
  ['UNIT', 'NAME', 'SIGNED BY', 'SIGNED AT (UTC+7)', ''],
  pledges.map((p) => [p.code, p.name, p.signer_id ?? '—', p.signed_at ? formatVietnamTime(p.signed_at.getTime()) : 'not signed', p.late ? 'LATE' : '']),
)}

Reminders sent:        ${reminders.length ? reminders.join(', ') : 'none'}
Escalated at deadline: ${escalated.length ? `${escalated.join(', ')} (mailed to the secretariat)` : 'nobody'}
Mails:                 ${outbox.filter((m) => m.status === 'sent').length} sent from the outbox (${outbox.filter((m) => m.status !== 'sent').length} pending), ${inbox.length} received by the inbox
Temporal Web UI:       ${uiLink}
Mail inbox:            ${rt.stack.mail.webUrl}
`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
