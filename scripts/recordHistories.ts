import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { signPledge, startCycle } from '../client/operations.js';
import { compressedCalendar } from '../domain/calendar.js';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.js';
import { cycleId, roundId } from '../domain/ids.js';
import { locateTemporalCli } from '../infra/temporalCli.js';
import { startLocalRuntime } from './localRuntime.js';

// `npm run record-histories`: runs one cycle of the seed cluster on a fresh local stack — three
// pledges on time, one late, one missing, so reminders, escalation and the late policy all appear —
// and writes each workflow's history to test/replay/histories/. The replay test replays them on
// every run, so a workflow change that would break cycles already in flight fails the tests.
// Record new fixtures when a workflow type is added; keep the old ones (see README).

const OUT = path.resolve('test/replay/histories');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const rt = await startLocalRuntime({ log: (line) => console.log(line) });
  try {
    const id = cycleId('DB-VT', 2018);
    const input = cycleInputSchema.parse({ cluster: 'DB-VT', year: 2018, calendar: compressedCalendar(Date.now() + 500, 6000), campaigns: defaultCampaigns(2018) });
    await startCycle(rt.client, rt.taskQueue, input);
    const pledgeRound = rt.client.workflow.getHandle(roundId(id, 'pledge'));
    for (;;) {
      const open = await pledgeRound.query('roundStatus').then((s) => (s as { phase: string }).phase === 'open', () => false);
      if (open) break;
      await sleep(100);
    }
    for (const [unit, signer] of [['DBI', 'dbi.binh'], ['MAN', 'man.hoa'], ['DBP', 'dbp.lan']] as const) await signPledge(rt.client, { cycleId: id, unit, signer });
    await sleep(Math.max(0, Date.parse(input.calendar.pledge.deadline) - Date.now() + 500));
    await signPledge(rt.client, { cycleId: id, unit: 'TGI', signer: 'tgi.tuan' });
    await rt.client.workflow.getHandle(id).result();

    for (const [name, workflowId] of [['annualCycle', id], ['round-pledge', roundId(id, 'pledge')]]) {
      // The CLI writes Temporal's canonical JSON history, the form replay tools read.
      const json = execFileSync(locateTemporalCli()!, ['workflow', 'show', '--address', rt.stack.temporal.address, '--workflow-id', workflowId!, '--output', 'json'], { encoding: 'utf8' });
      const file = path.join(OUT, `${name}.v1.json`);
      // Replay needs the original workflow id too: the cycle checks that its id matches its cluster-year.
      const history = JSON.parse(json) as { events: unknown[] };
      writeFileSync(file, `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
      console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events.length} events)`);
    }
  } finally {
    await rt.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
