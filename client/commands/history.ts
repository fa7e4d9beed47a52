import { InvalidArgumentError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { WORKFLOW_ID } from '../../domain/ids.ts';
import { print } from '../cliArgs.ts';
import { cliLang } from '../cliLang.ts';
import { loadClientConfig, workflowUiLink } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { Json } from './run.ts';

// `tdkt history <workflowId>`: any workflow's history (a cycle, a round, a council, a scheduled
// start) as a timeline for administrators, followed by the Web UI link for the full detail.

function parseWorkflowId(text: string): string {
  if (!WORKFLOW_ID.test(text))
    throw new InvalidArgumentError(
      'a workflow id is 1-200 printable characters without spaces, e.g. cycle/DB-VT/2018 or cycle/DB-VT/2018/pledge',
    );
  return text;
}

function parseLimit(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('--limit must be a whole number from 1 to 99999');
  return Number(text);
}

const EARLIER = {
  en: (n: number) => `… ${n} earlier entries not shown (--limit)`,
  vi: (n: number) => `… ${n} mục trước đó không hiển thị (--limit)`,
};
export function addHistoryCommands(program: CommandUnknownOpts, json: Json): void {
  program
    .command('history')
    .description(
      'administrators: a readable timeline of a workflow (who did what, mails, reminders, phases, retries, failures); ballots show only who voted',
    )
    .argument('<workflowId>', 'a workflow id, e.g. cycle/DB-VT/2018, cycle/DB-VT/2018/pledge or council/DIEN-BIEN/2018', parseWorkflowId)
    .option('--limit <n>', 'show only the last N entries', parseLimit)
    .action(async (id, opts) => {
      // The language is the global --lang (client/cliLang.ts); `tdkt history <id> --lang vi` still works as it did.
      const lang = cliLang();
      const config = loadClientConfig(process.env);
      const [{ connectClient }, { HEADINGS, REFUSALS, workflowHistory }, { formatTimeline }] = await Promise.all([
        import('../operations.ts'),
        import('../workflowHistory.ts'),
        import('../historyTimeline.ts'),
      ]);
      const history = await workflowHistory(await connectClient(config), id, lang);
      if (!history)
        throw new CliError(
          ExitCode.unknownCycle,
          `unknown workflow ${id}: no such workflow (tdkt cycle list shows the cycles; rounds are <cycle>/pledge, <cycle>/report-H1, …)`,
        );
      const { description, entries: all } = history;
      const entries = opts.limit ? all.slice(-opts.limit) : all;
      const webUi = workflowUiLink(config, id);
      const omitted = all.length - entries.length;
      const human = [
        HEADINGS[lang](id, description.type, description.status.name.toLowerCase()),
        ...(omitted ? [EARLIER[lang](omitted)] : []),
        formatTimeline(entries, lang),
        '',
        REFUSALS[lang],
        `Temporal Web UI: ${webUi}`,
      ].join('\n');
      print(json(), { workflowId: id, webUi, entries }, human);
    });
}
