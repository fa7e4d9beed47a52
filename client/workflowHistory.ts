import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { Lang } from './cliLang.ts';
import { historyTimeline, type TimelineEntry } from './historyTimeline.ts';

// A workflow's whole history as the readable timeline, for `tdkt history` and the console's history
// page alike: the latest run and the runs it continues, oldest first.

export const STATUS_VI: Record<string, string> = {
  running: 'đang chạy',
  completed: 'đã xong',
  failed: 'thất bại',
  canceled: 'đã hủy',
  terminated: 'bị dừng',
  continued_as_new: 'tiếp tục ở lượt mới',
  timed_out: 'quá thời hạn',
  paused: 'tạm dừng',
};
export const HEADINGS = {
  en: (id: string, type: string, status: string) => `History of ${id} (${type}, ${status}); times in Vietnam (UTC+07:00)`,
  vi: (id: string, type: string, status: string) =>
    `Diễn biến của ${id} (${type}, ${STATUS_VI[status] ?? status}); giờ Việt Nam (UTC+07:00)`,
};
// Said every time, because an administrator looking for a refused submission would otherwise conclude it never happened.
export const REFUSALS = {
  en: 'Attempts refused by the checks (late, duplicate, wrong person) are answered at once and are not in this history.',
  vi: 'Các lần bị từ chối khi kiểm tra (muộn, trùng, sai người) được trả lời ngay và không có trong lịch sử này.',
};

// Enough for any tdkt workflow; a chain longer than this is shown from its latest runs.
const MAX_RUNS = 50;

export interface WorkflowHistory {
  /** The latest run's description (its type and status), as Temporal gives it. */
  description: WorkflowExecutionDescription;
  /** Every run's timeline, oldest first. */
  entries: TimelineEntry[];
  /** How many runs the entries come from (more than one once the workflow has continued as new). */
  runs: number;
}

/**
 * The timelines of the latest run and of the runs it continues (a long workflow continues as new to
 * keep its history short), oldest first, so that what happened before the last run is not lost.
 * Undefined when Temporal knows no workflow of that id.
 */
export async function workflowHistory(client: Client, id: string, lang: Lang): Promise<WorkflowHistory | undefined> {
  // fetchHistory reports an unknown id as a bare gRPC error; describe() says it plainly.
  const description = await client.workflow
    .getHandle(id)
    .describe()
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    });
  if (!description) return undefined;
  const runs: TimelineEntry[][] = [];
  let runId: string | undefined = description.runId;
  for (let i = 0; i < MAX_RUNS && runId; i++) {
    const history = await client.workflow.getHandle(id, runId).fetchHistory();
    runs.unshift(historyTimeline(history, id, lang));
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return { description, entries: runs.flat(), runs: runs.length };
}
