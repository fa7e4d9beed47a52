import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { personId, reportRoundName } from '../../domain/ids.ts';
import { MAX_REPORT_BYTES, REPORT_PERIODS, reportPeriodSchema } from '../../domain/report.ts';
import { extensionSchema } from '../../domain/round.ts';
import { parseChoice, parseCode, parseCycleId, readInputFile, readJsonFile } from '../cliArgs.ts';
import { shownTime } from '../cliLang.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { parseInput, sendUpdate, type Json } from './run.ts';

// Member units submit their periodic and year-end reports (`report submit`); the secretariat
// moves the deadline of a pledge or report round (`round extend`).

/**
 * A report file: JSON ({ narrative, figures?, selfScore? }) or plain text / Markdown (the narrative
 * alone). Its kind is told by its extension before it is read; its content is checked by the round itself.
 */
function readReport(file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  if (extension !== '.json' && extension !== '.md' && extension !== '.txt')
    throw new CliError(
      ExitCode.usage,
      `the report file must be .json, .md or .txt, not ${extension || 'without an extension'}`,
      'InvalidInput',
    );
  const hint = 'attach long annexes separately';
  return extension === '.json'
    ? readJsonFile(file, 'report file', MAX_REPORT_BYTES, hint)
    : { narrative: readInputFile(file, 'report file', MAX_REPORT_BYTES, hint) };
}

export function addReportCommands(program: CommandUnknownOpts, json: Json): void {
  const report = program.command('report').description('member units: periodic reports and the year-end report with its self-score');
  report
    .command('submit')
    .description("submit (or re-submit before the deadline) a unit's report for a period; after the deadline the late policy applies")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit reporting, e.g. DBI')
    .requiredOption(
      '--period <period>',
      `the period: ${Object.entries(REPORT_PERIODS)
        .map(([p, t]) => `${p} (${t})`)
        .join(', ')}`,
      parseChoice('--period', reportPeriodSchema.options),
    )
    .requiredOption('--submitter <person>', "the unit's representative (person id), e.g. dbi.binh")
    .requiredOption(
      '--file <file>',
      `the report: .json { narrative, figures?, selfScore? } or .md/.txt (narrative only); at most ${MAX_REPORT_BYTES.toLocaleString('en')} bytes`,
    )
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not submit twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => readReport(opts.file),
        send: async (client, content, request) =>
          (await import('../operations.ts')).submitReport(client, {
            cycleId: opts.cycle,
            unit: opts.unit,
            period: opts.period,
            submitter: opts.submitter,
            content,
            channel: 'cli',
            ...request,
          }),
        human: (receipt) => {
          const notes = [
            receipt.version > 1 ? `version ${receipt.version}, replacing the earlier one (kept)` : '',
            receipt.late ? `LATE: after the deadline${receipt.penalty ? `, ${receipt.penalty} point(s) off` : ''}` : '',
            receipt.totals ? `self-score total ${receipt.totals.total}` : '',
          ].filter(Boolean);
          return `${receipt.unit} submitted its ${opts.period} report of ${opts.cycle} at ${shownTime(receipt.at)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
        },
      }),
    );

  const roundCommand = program.command('round').description('the secretariat: manage a round of a cycle');
  roundCommand
    .command('extend')
    .description('move the deadline of a round for some units or all, with a reason; reminders move with it')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption(
      '--round <round>',
      'pledge, or a report period: Q1, H1, Q3, YEAR',
      parseChoice('--round', ['pledge', ...reportPeriodSchema.options] as const),
    )
    .option('--unit <code...>', 'the units whose deadline moves (repeat or list them)')
    .option('--all', 'move the deadline of every unit')
    .requiredOption('--until <date-time>', 'the new deadline, ISO 8601 with a zone, e.g. 2018-07-20T17:00:00+07:00')
    .requiredOption('--reason <text>', 'why: kept, audited and mailed to the units')
    .requiredOption('--by <person>', 'the secretariat member granting it, e.g. snv.ha', parseCode(personId))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not extend twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => {
          if (Boolean(opts.all) === Boolean(opts.unit?.length)) throw new CliError(ExitCode.usage, 'give either --all or --unit <code...>');
          return parseInput(
            extensionSchema,
            { actor: opts.by, units: opts.all ? 'all' : opts.unit, until: opts.until, reason: opts.reason },
            'extension',
          );
        },
        send: async (client, extension, request) => {
          const roundKind = opts.round === 'pledge' ? 'pledge' : reportRoundName(opts.round);
          const { extendDeadline } = await import('../operations.ts');
          return extendDeadline(client, { cycleId: opts.cycle, round: roundKind, extension, ...request });
        },
        human: (result) =>
          `the ${opts.round} deadline of ${opts.cycle} for ${result.units.join(', ')} is now ${shownTime(Date.parse(result.until))}`,
      }),
    );
}
