import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { compressedCalendar, defaultCalendar, type CycleCalendar } from '../../domain/calendar.ts';
import { parseCycleId, parseDuration, parseYear, print, readJsonFile } from '../cliArgs.ts';
import { shownTime } from '../cliLang.ts';
import { loadClientConfig, workflowUiLink } from '../config.ts';
import { calendarFromJson, cycleStartInput, MAX_CALENDAR_BYTES } from '../cycleStartInput.ts';
import { describeCycle } from '../format.ts';
import { sendUpdate, type Json } from './run.ts';

// The secretariat starts a cluster's year and follows it (`cycle start`, `cycle status`); the
// member units sign the pledge (`pledge sign`).

function readCalendar(file: string): CycleCalendar {
  const json = readJsonFile(file, 'calendar file', MAX_CALENDAR_BYTES, 'a calendar is a few hundred bytes of JSON');
  return calendarFromJson(json, `the calendar file ${file}`);
}

export function addCycleCommands(program: CommandUnknownOpts, json: Json): void {
  const cycle = program.command('cycle').description("the secretariat: start a cluster's year and follow it");
  cycle
    .command('start')
    .description('start the annual cycle of a cluster (refused if that cluster-year was already started)')
    .requiredOption('--cluster <code>', 'cluster code from the master list, e.g. DB-VT')
    .requiredOption('--year <year>', 'the year of the cycle', parseYear)
    .addOption(
      new Option(
        '--calendar <file>',
        'JSON calendar (see the README): launchAt, pledge, reporting (H1 and YEAR at least), scoring, ballot, council and conference; default: the real year',
      ).conflicts('compress'),
    )
    .addOption(
      new Option(
        '--compress <duration>',
        'squeeze the whole year into rounds of this length from now (ISO 8601, e.g. PT3M): pledge, reports, cross-scores, ballot, council and conference, about 13 rounds in all — for trials and demos',
      ).argParser(parseDuration),
    )
    .action(async (opts) => {
      const calendar = opts.calendar
        ? readCalendar(opts.calendar)
        : opts.compress
          ? compressedCalendar(Date.now(), opts.compress)
          : defaultCalendar(opts.year);
      const input = cycleStartInput(opts.cluster, opts.year, calendar);
      const config = loadClientConfig(process.env);
      const { connectClient, startCycle } = await import('../operations.ts');
      const client = await connectClient(config);
      const started = await startCycle(client, config.TEMPORAL_TASK_QUEUE, input);
      const link = workflowUiLink(config, started.cycleId);
      const waiting =
        started.phase === 'starting'
          ? '\na worker has taken the cycle up and is still setting it up: tdkt cycle status shows when it is ready'
          : '';
      print(
        json(),
        { ...started, calendar, webUi: link },
        `started ${started.cycleId} (phase: ${started.phase})\npledges due ${shownTime(Date.parse(calendar.pledge.deadline))}\nTemporal Web UI: ${link}${waiting}`,
      );
    });
  cycle
    .command('status')
    .description('phase, rounds, who has submitted, who is pending, deadlines')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id) => {
      const config = loadClientConfig(process.env);
      const { connectClient, cycleStatus } = await import('../operations.ts');
      const report = await cycleStatus(await connectClient(config), id);
      const link = workflowUiLink(config, id);
      print(json(), { ...report, webUi: link }, describeCycle(report, link));
    });

  const pledge = program.command('pledge').description('member units: the emulation pledge (giao ước thi đua)');
  pledge
    .command('sign')
    .description('sign the pledge for a unit, as its representative')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit signing, e.g. DBI')
    .requiredOption('--signer <person>', "the unit's representative (person id), e.g. dbi.binh")
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not sign twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => undefined,
        send: async (client, _, request) =>
          (await import('../operations.ts')).signPledge(client, {
            cycleId: opts.cycle,
            unit: opts.unit,
            signer: opts.signer,
            channel: 'cli',
            ...request,
          }),
        human: (receipt) =>
          `${receipt.unit} signed the pledge of ${opts.cycle} at ${shownTime(receipt.at)}${receipt.late ? ' (late: after the deadline)' : ''}`,
      }),
    );
}
