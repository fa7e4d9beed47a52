import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { compressedCalendar, cycleCalendarSchema, defaultCalendar, type CycleCalendar } from '../domain/calendar.js';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.js';
import { parseIsoDuration } from '../domain/duration.js';
import { cycleIdSchema } from '../domain/ids.js';
import { formatVietnamTime } from '../domain/time.js';
import { loadClientConfig, workflowUiLink } from './config.js';
import { CliError, EXIT_CODE_HELP, ExitCode } from './exitCodes.js';
import { describeCycle } from './format.js';
import { connectClient, cycleStatus, signPledge, startCycle } from './operations.js';

// tdkt: the command line of the secretariat and the participants. Every command takes --json.

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `  - ${i.path.map(String).join('.') || 'value'}: ${i.message}`).join('\n');
}

function readCalendar(file: string): CycleCalendar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot read the calendar file ${file}: ${(error as Error).message}`);
  }
  if (text.length > 100_000) throw new CliError(ExitCode.usage, `the calendar file ${file} is larger than 100 kB; a calendar is a few hundred bytes of JSON`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(ExitCode.usage, `the calendar file ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = cycleCalendarSchema.safeParse(json);
  if (!parsed.success) throw new CliError(ExitCode.usage, `the calendar file ${file} is not a valid calendar:\n${issues(parsed.error)}`);
  return parsed.data;
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new InvalidArgumentError('expected a four-digit year, e.g. 2018');
  return Number(text);
}

function parseDuration(text: string): number {
  const ms = parseIsoDuration(text);
  if (ms === undefined || ms < 4000 || ms > 30 * 86_400_000) throw new InvalidArgumentError('expected an ISO 8601 duration between PT4S and P30D, e.g. PT2M');
  return ms;
}

function parseCycleId(text: string): string {
  const parsed = cycleIdSchema.safeParse(text);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return text;
}

function print(json: boolean, data: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
}

export function buildProgram(): Command {
  const program = new Command('tdkt')
    .description('Thi đua – khen thưởng: run a cluster\'s yearly emulation-and-commendation cycle on Temporal.\nTalks to Temporal at $TEMPORAL_ADDRESS (default localhost:7233, the local stack of `npm run stack`).')
    .option('--json', 'print machine-readable JSON instead of text')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const json = () => Boolean(program.opts().json);

  const cycle = program.command('cycle').description('the secretariat: start a cluster\'s year and follow it');
  cycle
    .command('start')
    .description('start the annual cycle of a cluster (refused if that cluster-year was already started)')
    .requiredOption('--cluster <code>', 'cluster code from the master list, e.g. DB-VT')
    .requiredOption('--year <year>', 'the year of the cycle', parseYear)
    .addOption(new Option('--calendar <file>', 'JSON calendar: launchAt and the pledge round (opensAt, deadline, remindBefore, late); default: the real year').conflicts('compress'))
    .addOption(new Option('--compress <duration>', 'squeeze the calendar so the pledge round lasts this long from now (ISO 8601, e.g. PT2M) — for trials and demos').argParser(parseDuration))
    .action(async (opts: { cluster: string; year: number; calendar?: string; compress?: number }) => {
      const calendar = opts.calendar ? readCalendar(opts.calendar) : opts.compress ? compressedCalendar(Date.now(), opts.compress) : defaultCalendar(opts.year);
      const parsed = cycleInputSchema.safeParse({ cluster: opts.cluster, year: opts.year, calendar, campaigns: defaultCampaigns(opts.year) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid cycle:\n${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const client = await connectClient(config);
      const started = await startCycle(client, config.TEMPORAL_TASK_QUEUE, parsed.data);
      const link = workflowUiLink(config, started.cycleId);
      const waiting = started.phase === 'starting' ? '\nno worker has picked the cycle up yet: is the worker (npm run worker) or the stack (npm run stack) running?' : '';
      print(json(), { ...started, calendar, webUi: link }, `started ${started.cycleId} (phase: ${started.phase})\npledges due ${formatVietnamTime(Date.parse(calendar.pledge.deadline))}\nTemporal Web UI: ${link}${waiting}`);
    });
  cycle
    .command('status')
    .description('phase, rounds, who has submitted, who is pending, deadlines')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id: string) => {
      const config = loadClientConfig(process.env);
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
    .action(async (opts: { cycle: string; unit: string; signer: string; requestId?: string }) => {
      if (opts.requestId !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(opts.requestId)) throw new CliError(ExitCode.usage, '--request-id: 1-100 letters, digits, ".", "_", ":" or "-"');
      const config = loadClientConfig(process.env);
      const receipt = await signPledge(await connectClient(config), { cycleId: opts.cycle, unit: opts.unit, signer: opts.signer, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), receipt, `${receipt.unit} signed the pledge of ${opts.cycle} at ${formatVietnamTime(receipt.at)}${receipt.late ? ' (late: after the deadline)' : ''}`);
    });
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const asJson = argv.includes('--json');
    if (error instanceof CliError) {
      if (asJson) process.stdout.write(`${JSON.stringify({ error: error.message, reason: error.reason, exitCode: error.exitCode })}\n`);
      process.stderr.write(`tdkt: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`tdkt: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failure;
  }
}

process.exitCode = await main(process.argv);
// The Temporal connection keeps the event loop alive; the command is done.
process.exit();
