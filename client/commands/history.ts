import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { parseChoice, print } from '../cliArgs.ts';
import { loadClientConfig, workflowUiLink } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { formatTimeline, historyTimeline, LANGS, type Lang, type TimelineEntry } from '../historyTimeline.ts';
import { connectClient } from '../operations.ts';
import type { Json } from './run.ts';

// `tdkt history <workflowId>`: any workflow's history (a cycle, a round, a council, a scheduled
// start) as a timeline for administrators, followed by the Web UI link for the full detail.

// Printable and without spaces: an id pasted from a mail or a terminal with a stray space or control
// character is refused here rather than reported as an unknown workflow.
const WORKFLOW_ID = /^[^\s\p{C}]{1,200}$/u;
// Enough for any tdkt workflow; a chain longer than this is shown from its latest runs.
const MAX_RUNS = 50;

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

const STATUS_VI: Record<string, string> = {
  running: 'đang chạy',
  completed: 'đã xong',
  failed: 'thất bại',
  canceled: 'đã hủy',
  terminated: 'bị dừng',
  continued_as_new: 'tiếp tục ở lượt mới',
  timed_out: 'quá thời hạn',
  paused: 'tạm dừng',
};
const HEADINGS = {
  en: (id: string, type: string, status: string) => `History of ${id} (${type}, ${status}); times in Vietnam (UTC+07:00)`,
  vi: (id: string, type: string, status: string) =>
    `Diễn biến của ${id} (${type}, ${STATUS_VI[status] ?? status}); giờ Việt Nam (UTC+07:00)`,
};
const EARLIER = {
  en: (n: number) => `… ${n} earlier entries not shown (--limit)`,
  vi: (n: number) => `… ${n} mục trước đó không hiển thị (--limit)`,
};
// Said every time, because an administrator looking for a refused submission would otherwise conclude it never happened.
const REFUSALS = {
  en: 'Attempts refused by the checks (late, duplicate, wrong person) are answered at once and are not in this history.',
  vi: 'Các lần bị từ chối khi kiểm tra (muộn, trùng, sai người) được trả lời ngay và không có trong lịch sử này.',
};

/**
 * The timelines of the latest run and of the runs it continues (a long workflow continues as new
 * to keep its history short), oldest first, so that what happened before the last run is not lost.
 */
async function timelineOfAllRuns(client: Client, id: string, lang: Lang): Promise<TimelineEntry[]> {
  const runs: TimelineEntry[][] = [];
  let runId: string | undefined;
  for (let i = 0; i < MAX_RUNS; i++) {
    const history = await client.workflow.getHandle(id, runId).fetchHistory();
    runs.unshift(historyTimeline(history, id, lang));
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) break;
  }
  return runs.flat();
}

export function addHistoryCommands(program: CommandUnknownOpts, json: Json): void {
  program
    .command('history')
    .description(
      'administrators: a readable timeline of a workflow (who did what, mails, reminders, phases, retries, failures); ballots show only who voted',
    )
    .argument('<workflowId>', 'a workflow id, e.g. cycle/DB-VT/2018, cycle/DB-VT/2018/pledge or council/DIEN-BIEN/2018', parseWorkflowId)
    .addOption(
      new Option('--lang <lang>', 'vi or en (default: vi when $LANG starts with vi, else en)').argParser(parseChoice('--lang', LANGS)),
    )
    .option('--limit <n>', 'show only the last N entries', parseLimit)
    .action(async (id, opts) => {
      const lang = opts.lang ?? ((process.env.LANG ?? '').toLowerCase().startsWith('vi') ? 'vi' : 'en');
      const config = loadClientConfig(process.env);
      const client = await connectClient(config);
      const handle = client.workflow.getHandle(id);
      // fetchHistory reports an unknown id as a bare gRPC error; describe() says it plainly.
      const description = await handle.describe().catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError)
          throw new CliError(
            ExitCode.unknownCycle,
            `unknown workflow ${id}: no such workflow (tdkt cycle list shows the cycles; rounds are <cycle>/pledge, <cycle>/report-H1, …)`,
          );
        throw error;
      });
      const all = await timelineOfAllRuns(client, id, lang);
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
