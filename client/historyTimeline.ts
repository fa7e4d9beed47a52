import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { splitRoundId } from '../domain/ids.ts';
import { ROUND_KINDS } from '../domain/round.ts';
import { normaliseText } from '../domain/text.ts';
import { formatVietnamClock, formatVietnamDate } from '../domain/time.ts';
import { PENDING_ACTORS, PENDING_DUE, PENDING_TASKS } from '../workflows/searchAttributes.ts';
import type { Lang } from './cliLang.ts';
import { screen } from './format.ts';

/** Search attributes a timeline leaves out (see their upsert below). */
const UNTOLD_ATTRIBUTES = new Set(['TemporalChangeVersion', PENDING_ACTORS.name, PENDING_TASKS.name, PENDING_DUE.name]);

// `tdkt history`: a workflow's Temporal history as a timeline an administrator can read without
// knowing Temporal — who acted (the Updates, with their actor), what the system did in their
// name (phases, mails, reminders, escalations), what it waited for, and what failed or was retried.
//
// What the history cannot show: attempts refused by an Update's validator (a late, duplicate or
// unauthorised submission) never enter it; they are answered to the caller and forgotten.
//
// What it must not show: ballot contents. For a sealed ballot (an argument with a `sealed`,
// `envelope` or `ciphertext` field, a council vote, or a submission to a `/ballot-N` round) only
// the voter is named. Nothing is printed from an argument except known, short fields: a report's
// narrative or a score sheet never appears, and any free text is cut to 80 characters.

type IHistory = temporal.api.history.v1.IHistory;
type IEvent = temporal.api.history.v1.IHistoryEvent;
type IPayload = temporal.api.common.v1.IPayload;
type IFailure = temporal.api.failure.v1.IFailure;

export interface TimelineEntry {
  /** ISO 8601, UTC. */
  at: string;
  kind: string;
  text: string;
  actor?: string;
  details?: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const BINARY = '(binary)';
const MAX_TEXT = 80;
const SEALED_KEYS = ['sealed', 'envelope', 'ciphertext'];
// \p{C} is control and format characters: a payload cannot move the cursor or fake a line.
const UNPRINTABLE = /[\p{C}\s]+/gu;

/** Free text as printed: one line, printable, at most 80 characters. */
function cut(text: string, max = MAX_TEXT): string {
  const flat = normaliseText(text).replace(UNPRINTABLE, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function decode(payload: IPayload | null | undefined): unknown {
  if (!payload) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return BINARY;
  }
}
const first = (payloads: { payloads?: IPayload[] | null } | null | undefined): unknown => decode(payloads?.payloads?.[0]);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? cut(v) : typeof v === 'number' ? String(v) : undefined);
const key = (id: unknown): string => String(id);

/** Any level of the argument carrying a sealed envelope makes the whole Update a secret ballot. */
function carriesSealed(value: unknown, depth = 0): boolean {
  if (!isObj(value) || depth > 3) return false;
  return Object.entries(value).some(([k, v]) => SEALED_KEYS.includes(k) || carriesSealed(v, depth + 1));
}

/** The innermost cause: "unknown cluster X" rather than "Activity task failed". */
function failureText(failure: IFailure | null | undefined): string {
  let inner = failure;
  while (inner?.cause) inner = inner.cause;
  return cut(inner?.message || failure?.message || 'unknown failure');
}

/** A protobuf timestamp or duration in ms; its seconds come as a number, a Long or a string depending on the decoder. */
function toMs(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  const seconds = t?.seconds;
  // Protobuf gives 64-bit seconds as a Long object (it has toString), or as a number.
  const whole =
    typeof seconds === 'object' && seconds !== null ? Number((seconds as { toString(): string }).toString()) : Number(seconds ?? 0);
  return whole * 1000 + Math.round((t?.nanos ?? 0) / 1e6);
}

// Vietnam time (UTC+07:00), as every other tdkt output shows it.
const vnDay = formatVietnamDate;
const vnClock = formatVietnamClock;

function duration(ms: number, lang: Lang): string {
  const u = lang === 'vi' ? { d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' } : { d: 'd', h: 'h', m: 'min', s: 's' };
  if (ms < 60_000) {
    const s = ms < 10_000 ? Math.max(0.1, Math.round(ms / 100) / 10) : Math.round(ms / 1000);
    return `${lang === 'vi' ? String(s).replace('.', ',') : s} ${u.s}`;
  }
  const parts: [number, string][] = [
    [Math.floor(ms / 86_400_000), u.d],
    [Math.floor(ms / 3_600_000) % 24, u.h],
    [Math.floor(ms / 60_000) % 60, u.m],
    [Math.floor(ms / 1000) % 60, u.s],
  ];
  return parts
    .filter(([n]) => n > 0)
    .slice(0, 2)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

// The fields of an argument or an outcome worth a line, in the order they are told; nothing else is read.
const FIELDS: [string, string, string][] = [
  ['unit', 'unit', 'đơn vị'],
  ['units', 'units', 'đơn vị'],
  ['province', 'province', 'tỉnh'],
  ['cluster', 'cluster', 'cụm'],
  ['year', 'year', 'năm'],
  ['kind', 'round', 'vòng'],
  ['period', 'period', 'kỳ'],
  ['nomination', 'nomination', 'đề nghị'],
  ['nominations', 'nominations', 'đề nghị'],
  ['verdict', 'verdict', 'kết luận'],
  ['status', 'status', 'trạng thái'],
  ['action', 'action', 'quyết định'],
  ['flag', 'flag', 'cờ thi đua'],
  ['agreed', 'agreed', 'thống nhất'],
  ['points', 'points', 'điểm'],
  ['source', 'source', 'nguồn'],
  ['reference', 'reference', 'văn bản'],
  ['chair', 'chair', 'trưởng cụm'],
  ['deputy', 'deputy', 'phó cụm'],
  ['into', 'into', 'sáp nhập vào'],
  ['on', 'from', 'từ ngày'],
  ['openTasks', 'open tasks', 'việc đang mở'],
  ['handling', 'open tasks', 'việc đang mở'],
  ['withdraw', 'withdrawn', 'rút'],
  ['present', 'present', 'có mặt'],
  ['certificates', 'certificates', 'giấy khen'],
  ['numbers', 'numbers', 'số'],
  ['version', 'version', 'lần'],
  ['number', 'number', 'số'],
  ['decisionNumber', 'decision', 'quyết định'],
  ['rank', 'rank', 'hạng'],
  ['total', 'total', 'tổng điểm'],
  ['ok', 'quorum', 'đủ số'],
  ['until', 'until', 'đến'],
  ['at', 'at', 'lúc'],
  ['reason', 'reason', 'lý do'],
  ['note', 'note', 'ghi chú'],
  ['description', 'description', 'nội dung'],
];
const FREE_TEXT = new Set(['reason', 'note', 'description']);
const WHEN = new Set(['until', 'at']);

function value(field: string, v: unknown, lang: Lang): string | undefined {
  if (typeof v === 'boolean') return lang === 'vi' ? (v ? 'có' : 'không') : v ? 'yes' : 'no';
  if (field === 'points' && typeof v === 'number') return v > 0 ? `+${v}` : String(v);
  if (WHEN.has(field) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return `${vnClock(Date.parse(v))} ${vnDay(Date.parse(v))}`;
  if (v === 'all') return lang === 'vi' ? 'tất cả' : 'all';
  if (field === 'openTasks' || field === 'handling')
    return v === 'transfer'
      ? lang === 'vi'
        ? 'chuyển cho đơn vị nhận sáp nhập'
        : 'handed to the successor'
      : lang === 'vi'
        ? 'đóng lại'
        : 'closed';
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    // A list of names is told; a list of records (certificates, people present) is counted.
    return v.length <= 8 && v.every((x) => typeof x === 'string') ? v.map((x) => cut(x, 40)).join(', ') : String(v.length);
  }
  const text = str(v);
  return text === undefined ? undefined : FREE_TEXT.has(field) ? `“${text}”` : text;
}

/** "unit MAN, points +0.5, reason “…”": the known fields present, nothing else. */
function summarise(o: unknown, lang: Lang, skip: string[] = []): { text: string; fields: Obj } {
  if (!isObj(o)) return { text: o === BINARY ? BINARY : '', fields: {} };
  const parts: string[] = [];
  const fields: Obj = {};
  for (const [field, en, vi] of FIELDS) {
    if (skip.includes(field) || !(field in o)) continue;
    const v = value(field, o[field], lang);
    if (v === undefined) continue;
    parts.push(`${lang === 'vi' ? vi : en} ${v}`);
    fields[field] = v;
  }
  return { text: parts.join(', '), fields };
}

const list = (v: unknown): string =>
  Array.isArray(v)
    ? v
        .map((x) => (isObj(x) ? str(x.unit) : str(x)))
        .filter(Boolean)
        .join(', ')
    : '';

/**
 * A short label for each known activity, from its input; an unknown activity is told by its name.
 * Older histories carry older inputs (`units` where newer ones have `escalations` or `reminders`).
 */
function activityLabel(name: string, i: Obj, t: (en: string, vi: string) => string): string {
  const s = (k: string) => str(i[k]) ?? '?';
  const n = (k: string) => (Array.isArray(i[k]) ? (i[k] as unknown[]).length : 0);
  switch (name) {
    case 'loadCycleSetup':
      return t(`load the members and leaders of ${s('cluster')}`, `Tải thành viên và trưởng, phó cụm ${s('cluster')}`);
    case 'recordCycleStarted':
      return t('record the start of the cycle', 'Ghi nhận bắt đầu chu kỳ');
    case 'recordPhase':
      return t(`phase: ${s('phase')}`, `Giai đoạn: ${s('phase')}`);
    case 'launchCampaigns':
      return t(`launch ${n('campaigns')} campaign(s), mail the members`, `Phát động ${n('campaigns')} phong trào, gửi thư các đơn vị`);
    case 'openRound':
      return t(
        `round opened (${s('kind')}${i.period ? ` ${s('period')}` : ''}, ${n('units')} units), invitations mailed`,
        `Mở vòng (${s('kind')}${i.period ? ` ${s('period')}` : ''}, ${n('units')} đơn vị), gửi thư mời`,
      );
    case 'recordSubmission': {
      if (i.kind === 'ballot') return t(`record the sealed ballot of ${s('unit')}`, `Ghi nhận phiếu kín của ${s('unit')}`);
      const notes = [
        typeof i.version === 'number' && i.version > 1 ? t(`version ${i.version}`, `lần ${i.version}`) : '',
        i.late ? t('late', 'muộn') : '',
      ]
        .filter(Boolean)
        .join(', ');
      return t(
        `record the submission of ${s('unit')}${notes ? ` (${notes})` : ''}, mail a receipt`,
        `Ghi nhận bài nộp của ${s('unit')}${notes ? ` (${notes})` : ''}, gửi thư xác nhận`,
      );
    }
    case 'sendUnitReminders':
      return t(`reminders mailed to ${list(i.reminders ?? i.units)}`, `Gửi thư nhắc: ${list(i.reminders ?? i.units)}`);
    case 'sendReminders':
      return t(`reminders mailed to ${list(i.units)}`, `Gửi thư nhắc: ${list(i.units)}`);
    case 'councilReminder':
      return t(`reminders mailed to ${list(i.clusters)}`, `Gửi thư nhắc: ${list(i.clusters)}`);
    case 'escalate':
      return t(
        `escalated to the secretariat: ${list(i.escalations ?? i.units)}`,
        `Báo Văn phòng các đơn vị chưa nộp: ${list(i.escalations ?? i.units)}`,
      );
    case 'recordExtension':
      return t(
        `deadline of ${list(i.units)} moved to ${value('until', i.until, 'en')}, mailed`,
        `Gia hạn cho ${list(i.units)} đến ${value('until', i.until, 'vi')}, gửi thư`,
      );
    case 'closeRound':
      return n('missing')
        ? t(`round closed; missing: ${list(i.missing)}`, `Đóng vòng; còn thiếu: ${list(i.missing)}`)
        : t('round closed; none missing', 'Đóng vòng; đủ tất cả');
    case 'consolidateScores':
      return t(`consolidate the scores (${i.final ? 'final' : 'draft'})`, `Tổng hợp điểm (${i.final ? 'chính thức' : 'dự thảo'})`);
    case 'announceTable':
      return t('mail the consolidated table', 'Gửi bảng tổng hợp điểm');
    case 'recordAdjustment':
      return t(`record the adjustment of ${s('unit')}`, `Ghi điều chỉnh điểm của ${s('unit')}`);
    case 'recordVeto':
    case 'recordCouncilVeto':
      return t(`record a violation of ${s('unit')}`, `Ghi nhận vi phạm của ${s('unit')}`);
    case 'openBallotBox':
      return t(`ballot box ${s('number')} opened`, `Mở hòm phiếu ${s('number')}`);
    case 'countBallot':
      return t(`ballot ${s('number')} counted`, `Kiểm phiếu lần ${s('number')}`);
    case 'askLeaders':
      return t(
        `ask the chair and deputy to choose among ${list(i.candidates)}`,
        `Đề nghị trưởng, phó cụm chọn trong ${list(i.candidates)}`,
      );
    case 'recordLeadersChoice':
      return t(
        `record the ${s('role')}'s choice: ${s('flag')}`,
        `Ghi nhận lựa chọn của ${i.role === 'chair' ? 'trưởng cụm' : 'phó cụm'}: ${s('flag')}`,
      );
    case 'recordNominations':
      return t('record the nominations', 'Ghi nhận danh sách đề nghị khen thưởng');
    case 'submitToCouncil':
      return t(`submission version ${s('version')} sent to the council`, `Gửi tờ trình lần ${s('version')} lên Hội đồng`);
    case 'recordCouncilOutcome':
      return t("record the council's outcome", 'Ghi nhận kết quả của Hội đồng');
    case 'recordCertificates':
      return t(`record ${n('certificates')} giấy khen`, `Ghi nhận ${n('certificates')} giấy khen`);
    case 'recordRotationInstruction':
      return t(`record a rotation ${s('kind')}`, `Ghi nhận chỉ đạo luân phiên (${s('kind')})`);
    case 'holdConference':
      return t('hold the year-end conference, mail the awards', 'Tổ chức hội nghị tổng kết, gửi thư khen thưởng');
    case 'recordMerge':
      return isObj(i.merge)
        ? t(
            `record the merge of ${str(i.merge.unit)} into ${str(i.merge.into)}, mail it`,
            `Ghi nhận ${str(i.merge.unit)} sáp nhập vào ${str(i.merge.into)}, gửi thư`,
          )
        : name;
    case 'recordExcusal':
      return t(`${s('unit')} no longer due (merged into ${s('into')})`, `${s('unit')} không phải nộp nữa (đã sáp nhập vào ${s('into')})`);
    case 'handOverAndStart':
      return t("hand over and start next year's cycle", 'Bàn giao và bắt đầu chu kỳ năm sau');
    case 'startScheduledCycle':
      return t(`start the next cycle of ${s('cluster')} on schedule`, `Bắt đầu chu kỳ mới của ${s('cluster')} theo lịch`);
    case 'loadCouncilSetup':
      return t("load the council's members and the expected clusters", 'Tải thành viên Hội đồng và các cụm phải nộp');
    case 'recordCouncilPhase':
      return t(`council phase: ${s('phase')}`, `Giai đoạn Hội đồng: ${s('phase')}`);
    case 'recordAppraisal':
      return t(
        `record the appraisal of ${s('nomination')}${isObj(i.verdict) ? `: ${str(i.verdict.status)}` : ''}`,
        `Ghi kết quả thẩm định ${s('nomination')}${isObj(i.verdict) ? `: ${str(i.verdict.status)}` : ''}`,
      );
    case 'recordAttendance':
      return t(
        `record attendance of session ${s('session')}: ${n('present')} present`,
        `Điểm danh phiên ${s('session')}: ${n('present')} có mặt`,
      );
    case 'recordSessionFailed':
      return t(`session ${s('session')} has no quorum`, `Phiên ${s('session')} không đủ số thành viên`);
    // The next two carry a member's vote: only who voted is told.
    case 'recordCouncilVote':
      return t(`record that ${s('member')} voted`, `Ghi nhận ${s('member')} đã bỏ phiếu`);
    case 'castCouncilBallot':
      return t(
        `put the ballot of ${isObj(i.cast) ? str(i.cast.actor) : '?'} in the box`,
        `Bỏ phiếu của ${isObj(i.cast) ? str(i.cast.actor) : '?'} vào hòm`,
      );
    case 'countCouncilBallots':
      return t("count the council's ballots", 'Kiểm phiếu Hội đồng');
    case 'recordCouncilResult':
      return t(`record the result of session ${s('session')}`, `Ghi kết quả phiên ${s('session')}`);
    case 'recordDecision':
      return t(`record the decision (${s('action')}), mail the clusters`, `Ghi quyết định (${s('action')}), gửi thư các cụm`);
    case 'recordRevocation':
      return t(`record the revocation of ${list(i.nominations)}`, `Ghi thu hồi ${list(i.nominations)}`);
    default:
      return /^deliver|mail/i.test(name) ? t('mails', 'Gửi thư') : name;
  }
}

/** What was submitted, from the round's id: "the pledge", "the H1 report", "the cross-scores". */
function submitted(workflowId: string, unit: string, t: (en: string, vi: string) => string): string {
  const round = splitRoundId(workflowId);
  const said = ROUND_KINDS[round?.kind ?? 'ballot'].submitted;
  const period = (text: string) => text.replace('{period}', round?.period ?? '');
  return t(`${unit} ${period(said.en)}`, `${unit} ${period(said.vi)}`);
}

/** The timeline of one workflow's history, in `lang`. `workflowId` tells which round a `submit` belongs to. */
export function historyTimeline(history: IHistory, workflowId: string, lang: Lang = 'en'): TimelineEntry[] {
  const t = (en: string, vi: string) => (lang === 'vi' ? vi : en);
  const isBallotRound = splitRoundId(workflowId)?.kind === 'ballot';
  const events = history.events ?? [];
  // Looked up by event id: an Update's outcome (told with its acceptance), then Updates, activities and their attempts as they come.
  const outcomes = new Map<string, temporal.api.update.v1.IOutcome>();
  for (const e of events) {
    const c = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c?.outcome) outcomes.set(key(c.acceptedEventId), c.outcome);
  }
  const updates = new Map<string, { name: string; sealed: boolean }>();
  const activities = new Map<string, string>();
  const attempts = new Map<string, number>();
  const entries: TimelineEntry[] = [];

  for (const e of events) {
    const at = new Date(toMs(e.eventTime)).toISOString();
    const add = (kind: string, text: string, extra: { actor?: string | undefined; details?: Obj } = {}) => {
      entries.push({
        at,
        kind,
        text,
        ...(extra.actor ? { actor: extra.actor } : {}),
        ...(extra.details && Object.keys(extra.details).length ? { details: extra.details } : {}),
      });
    };
    describeEvent(e, at, add);
  }
  return entries;

  function describeEvent(
    e: IEvent,
    at: string,
    add: (kind: string, text: string, extra?: { actor?: string | undefined; details?: Obj }) => void,
  ): void {
    const id = key(e.eventId);
    const a = e.workflowExecutionStartedEventAttributes;
    if (a) {
      const type = a.workflowType?.name ?? '?';
      const parent = a.parentWorkflowExecution?.workflowId ?? undefined;
      const input = first(a.input);
      const about = isObj(input)
        ? summarise({ cluster: input.cluster, year: input.year, kind: input.kind, period: input.period, province: input.province }, lang)
        : { text: '', fields: {} };
      const previous = a.continuedExecutionRunId || undefined;
      const extra = [
        about.text,
        parent ? t(`started by ${parent}`, `do ${parent} khởi động`) : '',
        previous ? t('continues the previous run', 'tiếp nối lượt chạy trước') : '',
      ]
        .filter(Boolean)
        .join('; ');
      return add('started', `${t('Workflow started', 'Bắt đầu quy trình')}: ${type} ${workflowId}${extra ? ` (${extra})` : ''}`, {
        details: { workflowType: type, workflowId, ...(parent ? { parent } : {}), ...(previous ? { previousRunId: previous } : {}) },
      });
    }
    if (e.workflowExecutionCompletedEventAttributes) return add('completed', t('Workflow completed', 'Quy trình hoàn thành'));
    if (e.workflowExecutionFailedEventAttributes) {
      const message = failureText(e.workflowExecutionFailedEventAttributes.failure);
      return add('failed', `${t('Workflow failed', 'Quy trình thất bại')}: ${message}`, { details: { failure: message } });
    }
    if (e.workflowExecutionTerminatedEventAttributes) {
      const reason = cut(e.workflowExecutionTerminatedEventAttributes.reason ?? '');
      return add(
        'terminated',
        `${t('Workflow terminated by an administrator', 'Quy trình bị quản trị viên dừng')}${reason ? `: ${reason}` : ''}`,
        { details: reason ? { reason } : {} },
      );
    }
    if (e.workflowExecutionCanceledEventAttributes) return add('canceled', t('Workflow cancelled', 'Quy trình bị hủy'));
    if (e.workflowExecutionTimedOutEventAttributes) return add('timed-out', t('Workflow timed out', 'Quy trình quá thời hạn'));
    if (e.workflowExecutionContinuedAsNewEventAttributes) {
      const run = e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? '';
      return add('continued-as-new', `${t('Continued as a new run', 'Tiếp tục ở lượt chạy mới')} ${run}`, { details: { newRunId: run } });
    }
    if (e.workflowExecutionCancelRequestedEventAttributes)
      return add('cancel-requested', t('Cancellation requested', 'Có yêu cầu hủy quy trình'));
    if (e.workflowTaskFailedEventAttributes) {
      const message = failureText(e.workflowTaskFailedEventAttributes.failure);
      return add(
        'workflow-task-failed',
        `${t('The workflow code failed (it is retried)', 'Mã quy trình gặp lỗi (sẽ chạy lại)')}: ${message}`,
        { details: { failure: message } },
      );
    }

    const u = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (u) {
      const name = u.acceptedRequest?.input?.name ?? '?';
      const arg = first(u.acceptedRequest?.input?.args);
      const sealed = name === 'councilVote' || carriesSealed(arg) || (name === 'submit' && isBallotRound);
      updates.set(id, { name, sealed });
      const actor = isObj(arg) ? str(arg.actor) : undefined;
      const head = `${t('Update accepted', 'Cập nhật được chấp nhận')}: ${name}${actor ? ` ${t('by', 'do')} ${actor}` : ''}`;
      if (sealed) {
        const unit = isObj(arg) && name === 'submit' ? str(arg.unit) : undefined;
        return add('update-accepted', `${head} — ${t('sealed ballot', 'phiếu kín')}${unit ? ` (${unit})` : ''}`, {
          actor,
          details: { update: name, sealed: true, ...(unit ? { unit } : {}) },
        });
      }
      if (name === 'submit' && isObj(arg)) {
        const outcome = first(outcomes.get(id)?.success);
        const r = isObj(outcome) ? outcome : {};
        const notes = [
          typeof r.version === 'number' && r.version > 1 ? t(`version ${r.version}`, `lần ${r.version}`) : '',
          r.late ? t('late', 'muộn') : '',
          typeof r.penalty === 'number' && r.penalty > 0 ? t(`${r.penalty} point(s) off`, `trừ ${r.penalty} điểm`) : '',
        ].filter(Boolean);
        const unit = str(arg.unit) ?? '?';
        return add('update-accepted', `${head} — ${submitted(workflowId, unit, t)}${notes.length ? ` (${notes.join(', ')})` : ''}`, {
          actor,
          details: {
            update: name,
            unit,
            ...(typeof r.version === 'number' ? { version: r.version } : {}),
            ...(r.late ? { late: true } : {}),
            ...(typeof r.penalty === 'number' && r.penalty > 0 ? { penalty: r.penalty } : {}),
          },
        });
      }
      const { text, fields } = summarise(arg, lang);
      return add('update-accepted', `${head}${text ? ` — ${text}` : ''}`, { actor, details: { update: name, ...fields } });
    }
    const c = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c) {
      const update = updates.get(key(c.acceptedEventId)) ?? { name: '?', sealed: false };
      if (c.outcome?.failure) {
        const message = failureText(c.outcome.failure);
        return add('update-failed', `${t('Update failed', 'Cập nhật thất bại')}: ${update.name} — ${message}`, {
          details: { update: update.name, failure: message },
        });
      }
      // A submission's outcome is told with its acceptance; a ballot's is not told at all.
      const { text, fields } =
        update.sealed || update.name === 'submit' ? { text: '', fields: {} } : summarise(first(c.outcome?.success), lang, ['at']);
      return add('update-completed', `${t('Update completed', 'Cập nhật hoàn tất')}: ${update.name}${text ? ` — ${text}` : ''}`, {
        details: { update: update.name, ...fields },
      });
    }

    const s = e.workflowExecutionSignaledEventAttributes;
    if (s) {
      const name = s.signalName ?? '?';
      const { text, fields } = signalSummary(name, first(s.input));
      return add('signal', `${t('Signal received', 'Nhận tín hiệu')}: ${name}${text ? ` — ${text}` : ''}`, {
        details: { signal: name, ...fields },
      });
    }
    const x = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    if (x) {
      const name = x.signalName ?? '?';
      const to = x.workflowExecution?.workflowId ?? '?';
      const { text, fields } = signalSummary(name, first(x.input));
      return add('signal-sent', `${t('Signal sent', 'Gửi tín hiệu')}: ${name} → ${to}${text ? ` — ${text}` : ''}`, {
        details: { signal: name, to, ...fields },
      });
    }
    if (e.signalExternalWorkflowExecutionFailedEventAttributes) {
      const to = e.signalExternalWorkflowExecutionFailedEventAttributes.workflowExecution?.workflowId ?? '?';
      return add('signal-failed', `${t('Signal could not be delivered to', 'Không gửi được tín hiệu tới')} ${to}`, { details: { to } });
    }

    const as = e.activityTaskScheduledEventAttributes;
    if (as) {
      const name = as.activityType?.name ?? '?';
      activities.set(id, name);
      const input = first(as.input);
      return add('activity', `${name} — ${activityLabel(name, isObj(input) ? input : {}, t)}`, { details: { activity: name } });
    }
    const st = e.activityTaskStartedEventAttributes;
    if (st) {
      // Temporal writes the start once, with the attempt that finally ran: above 1 means retries happened.
      const attempt = st.attempt ?? 1;
      attempts.set(id, attempt);
      if (attempt <= 1) return;
      const name = activities.get(key(st.scheduledEventId)) ?? '?';
      const last = st.lastFailure ? failureText(st.lastFailure) : '';
      return add(
        'activity-retried',
        `${name}: ${t(`attempt ${attempt}`, `lần thử ${attempt}`)}${last ? ` (${t('the previous one failed', 'lần trước lỗi')}: ${last})` : ''}`,
        { details: { activity: name, attempt, ...(last ? { lastFailure: last } : {}) } },
      );
    }
    const ac = e.activityTaskCompletedEventAttributes;
    if (ac) {
      const name = activities.get(key(ac.scheduledEventId)) ?? '?';
      return add('activity-done', `${t('Done', 'Xong')}: ${name}`, { details: { activity: name } });
    }
    const af = e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
    if (af) {
      const name = activities.get(key(af.scheduledEventId)) ?? '?';
      const attempt = attempts.get(key(af.startedEventId)) ?? 1;
      const message = failureText(af.failure);
      const timedOut = Boolean(e.activityTaskTimedOutEventAttributes);
      return add(
        timedOut ? 'activity-timed-out' : 'activity-failed',
        `${name} ${timedOut ? t('timed out', 'quá thời gian') : t('failed', 'thất bại')} (${t(`attempt ${attempt}`, `lần thử ${attempt}`)}): ${message}`,
        { details: { activity: name, attempt, failure: message } },
      );
    }
    if (e.activityTaskCanceledEventAttributes) {
      const name = activities.get(key(e.activityTaskCanceledEventAttributes.scheduledEventId)) ?? '?';
      return add('activity-canceled', `${t('Cancelled', 'Đã hủy')}: ${name}`, { details: { activity: name } });
    }

    const ts = e.timerStartedEventAttributes;
    if (ts) {
      const ms = toMs(ts.startToFireTimeout);
      const until = Date.parse(at) + ms;
      const when = vnDay(until) === vnDay(Date.parse(at)) ? vnClock(until) : `${vnClock(until)} ${vnDay(until)}`;
      return add('timer', `${t('Waits', 'Chờ')} ${duration(ms, lang)} (${t('until', 'đến')} ${when})`, {
        details: { timerId: ts.timerId, ms },
      });
    }
    if (e.timerFiredEventAttributes)
      return add('timer-fired', t('Wait over', 'Hết thời gian chờ'), { details: { timerId: e.timerFiredEventAttributes.timerId } });
    if (e.timerCanceledEventAttributes)
      return add('timer-canceled', t('Wait cancelled (woken earlier)', 'Hủy chờ (có việc sớm hơn)'), {
        details: { timerId: e.timerCanceledEventAttributes.timerId },
      });

    const cs = e.childWorkflowExecutionStartedEventAttributes;
    if (cs) {
      const child = cs.workflowExecution?.workflowId ?? '?';
      return add('child-started', `${t('Child workflow started', 'Bắt đầu quy trình con')}: ${child} (${cs.workflowType?.name ?? '?'})`, {
        details: { child },
      });
    }
    const cc = e.childWorkflowExecutionCompletedEventAttributes;
    if (cc) {
      const child = cc.workflowExecution?.workflowId ?? '?';
      return add('child-completed', `${t('Child workflow completed', 'Quy trình con hoàn thành')}: ${child}`, { details: { child } });
    }
    const cf = e.childWorkflowExecutionFailedEventAttributes;
    if (cf) {
      const child = cf.workflowExecution?.workflowId ?? '?';
      const message = failureText(cf.failure);
      return add('child-failed', `${t('Child workflow failed', 'Quy trình con thất bại')}: ${child} — ${message}`, {
        details: { child, failure: message },
      });
    }
    const ended =
      e.childWorkflowExecutionCanceledEventAttributes ??
      e.childWorkflowExecutionTerminatedEventAttributes ??
      e.childWorkflowExecutionTimedOutEventAttributes;
    if (ended) {
      const child = ended.workflowExecution?.workflowId ?? '?';
      return add('child-ended', `${t('Child workflow ended without completing', 'Quy trình con kết thúc mà không hoàn thành')}: ${child}`, {
        details: { child },
      });
    }
    const csf = e.startChildWorkflowExecutionFailedEventAttributes;
    if (csf) {
      const child = csf.workflowId ?? '?';
      return add('child-failed', `${t('Child workflow could not start', 'Không khởi động được quy trình con')}: ${child}`, {
        details: { child },
      });
    }

    const m = e.markerRecordedEventAttributes;
    if (m) {
      if (m.markerName !== 'core_patch') return add('marker', `${t('Marker', 'Dấu mốc')}: ${m.markerName ?? '?'}`);
      const data = first(m.details?.['patch-data']);
      const patch = isObj(data) ? str(data.id) : str(first(m.details?.patch_id));
      return add('marker', `${t('Code version marker', 'Dấu phiên bản mã')}: ${patch ?? BINARY}`, { details: { patch: patch ?? BINARY } });
    }
    const sa = e.upsertWorkflowSearchAttributesEventAttributes;
    if (sa) {
      // TemporalChangeVersion repeats the markers, and the pending attributes what the timeline tells
      // (submissions, votes, phases); only the other tdkt attributes are told.
      const fields = Object.entries(sa.searchAttributes?.indexedFields ?? {}).filter(([name]) => !UNTOLD_ATTRIBUTES.has(name));
      if (fields.length === 0) return;
      const values = Object.fromEntries(fields.map(([name, p]) => [name, str(decode(p)) ?? BINARY]));
      const phase = values.TdktPhase;
      const others = Object.entries(values)
        .filter(([name]) => name !== 'TdktPhase')
        .map(([name, v]) => `${name} ${v}`)
        .join(', ');
      if (phase) return add('phase', `${t('Phase', 'Giai đoạn')} → ${phase}${others ? ` (${others})` : ''}`, { details: values });
      return add('search-attributes', `${t('Search attributes', 'Thuộc tính tìm kiếm')}: ${others}`, { details: values });
    }
    // Anything else (workflow tasks, an initiated child or signal, a delivered signal) is the engine's bookkeeping.
  }

  function signalSummary(name: string, input: unknown): { text: string; fields: Obj } {
    if (name === 'memberMerged' && isObj(input)) {
      const unit = str(input.unit) ?? '?';
      const into = str(input.into) ?? '?';
      const handling =
        input.handling === 'transfer'
          ? t(`its open tasks go to ${into}`, `việc đang mở chuyển cho ${into}`)
          : t('its open tasks are closed', 'đóng việc đang mở');
      return {
        text: `${t(`${unit} merged into ${into}`, `${unit} sáp nhập vào ${into}`)}, ${handling}`,
        fields: { unit, into, handling: str(input.handling) },
      };
    }
    return summarise(input, lang, ['at']);
  }
}

/** The timeline as text: one line per entry, under a line per day (Vietnam time). */
export function formatTimeline(entries: TimelineEntry[], lang: Lang): string {
  const lines: string[] = [];
  let day = '';
  for (const entry of entries) {
    const ms = Date.parse(entry.at);
    if (vnDay(ms) !== day) {
      day = vnDay(ms);
      lines.push(lang === 'vi' ? `— ngày ${day} —` : `— ${day} —`);
    }
    lines.push(`${vnClock(ms)}  ${entry.text}`);
  }
  return screen(lines);
}
