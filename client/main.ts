import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import packageJson from '../package.json' with { type: 'json' };
import { terminalText } from '../domain/text.ts';
import { parseChoice } from './cliArgs.ts';
import { cliLang, langFromEnv, LANGS, setCliLang } from './cliLang.ts';
import { CliError, EXIT_CODE_HEADLINES_VI, EXIT_CODE_HELP, ExitCode } from './exitCodes.ts';
import { addAdminCommands } from './commands/admin.ts';
import { addCouncilCommands } from './commands/council.ts';
import { addCycleCommands } from './commands/cycle.ts';
import { addDocumentCommands } from './commands/documents.ts';
import { addExportCommands } from './commands/export.ts';
import { addHistoryCommands } from './commands/history.ts';
import { addReportCommands } from './commands/reports.ts';
import { addScoringCommands } from './commands/scoring.ts';
import { addYearEndCommands } from './commands/yearEnd.ts';

// tdkt: the command line of the secretariat and the participants. Every command takes --json.
// The commands live in client/commands/, one file per role; this file holds the program, its
// global options, the registration (in the order `tdkt --help` lists them) and how an error
// becomes a message and an exit code. It loads the commands' definitions only: what talks to
// Temporal or PostgreSQL is loaded by the command that runs (commands/run.ts says why).

export function buildProgram() {
  const program = new Command('tdkt')
    .description(
      "Thi đua – khen thưởng: run a cluster's yearly emulation-and-commendation cycle on Temporal.\nTalks to Temporal at $TEMPORAL_ADDRESS, or as the profile of $TEMPORAL_CONFIG_FILE says (default localhost:7233, the local stack of `npm run stack`).",
    )
    .version(packageJson.version, '-V, --version', 'print the version of tdkt')
    .option('--json', 'print machine-readable JSON instead of text')
    .addOption(
      new Option(
        '--lang <lang>',
        'vi or en for the text output (default: $TDKT_LANG, else vi when $LC_ALL or $LANG starts with vi, else en)',
      ).argParser(parseChoice('--lang', LANGS)),
    )
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    // Commander's messages echo arguments as typed: escaped like every other message.
    .configureOutput({ outputError: (text, write) => write(`${terminalText(text.replace(/\n$/, ''))}\n`) })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // The language is chosen before any command runs: --lang (anywhere on the line), else the environment.
    .hook('preAction', () => setCliLang(program.opts().lang ?? langFromEnv(process.env)));
  const json = () => Boolean(program.opts().json);

  addCycleCommands(program, json);
  addReportCommands(program, json);
  addScoringCommands(program, json);
  addCouncilCommands(program, json);
  addDocumentCommands(program, json);
  addYearEndCommands(program, json);
  addAdminCommands(program, json);
  addExportCommands(program, json);
  addHistoryCommands(program, json);
  return program;
}

/**
 * Any error as the CLI reports it: a CliError as it is, Temporal failing to answer as exit code 11,
 * anything else as an unexpected error — each one line, so a script and a person read it alike.
 */
async function reported(error: unknown): Promise<CliError> {
  if (error instanceof CliError) return error;
  const { causeChain, isTemporalUnreachable, temporalUnreachable } = await import('./operations.ts');
  const { resolveTemporalSettings } = await import('./temporalSettings.ts');
  if (isTemporalUnreachable(error)) {
    // The settings were valid when the command connected; should they be no longer (the profile file changed since), the error is told without them.
    const temporal = resolveTemporalSettings(process.env).settings;
    if (temporal) return temporalUnreachable({ temporal }, error);
    return new CliError(ExitCode.unreachable, `cannot reach Temporal (${causeChain(error)})`, 'Unreachable');
  }
  return new CliError(ExitCode.failure, `unexpected error: ${causeChain(error)}`, 'Unexpected');
}

const EXIT_NAMES = Object.fromEntries(Object.entries(ExitCode).map(([name, code]) => [code, name])) as Record<number, string>;

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const asJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to (usage
      // errors on stderr), and a script reading --json output gets the error there too.
      if (caught.exitCode === 0) return ExitCode.ok;
      if (asJson)
        process.stdout.write(
          `${JSON.stringify({ error: caught.message.replace(/^error: /, ''), reason: 'InvalidInput', exitCode: ExitCode.usage })}\n`,
        );
      return ExitCode.usage;
    }
    const error = await reported(caught);
    if (asJson)
      process.stdout.write(
        `${JSON.stringify({ error: error.message, reason: error.reason ?? EXIT_NAMES[error.exitCode], exitCode: error.exitCode })}\n`,
      );
    // A message may echo what was typed or stored: escaped, it stays one line and sends nothing raw to the terminal.
    const headline = cliLang() === 'vi' ? `${EXIT_CODE_HEADLINES_VI[error.exitCode]} — ` : '';
    process.stderr.write(`tdkt: ${headline}${terminalText(error.message)}\n`);
    return error.exitCode;
  }
}

process.exitCode = await main(process.argv);
// The Temporal connection keeps the event loop alive; the command is done.
process.exit();
