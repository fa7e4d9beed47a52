import { z } from 'zod';
import { issueLines } from './rejections.ts';
import { pointsIssue, type Rubric } from './rubric.ts';
import { checkSelfScore, selfScoreSchema, type ScoreTotals, type SelfScoreProblem } from './selfScore.ts';
import { normaliseText, storableText, textProblem, type TextIssue } from './text.ts';

// A periodic report as a unit submits it (DOMAIN.md step 3): the 6-month review (sơ kết), the
// optional quarterly ones, and the year-end report (tổng kết), which alone carries the self-score.
// Text is normalised by the schema; screening it for spam is textScreen's job, and the caller keeps
// the raw payload separately.

export const REPORT_PERIODS = {
  Q1: 'Báo cáo quý I',
  H1: 'Báo cáo sơ kết 6 tháng',
  Q3: 'Báo cáo quý III',
  YEAR: 'Báo cáo tổng kết năm',
} as const;
export type ReportPeriod = keyof typeof REPORT_PERIODS;

const PERIOD_KEYS = Object.keys(REPORT_PERIODS) as [ReportPeriod, ...ReportPeriod[]];
export const reportPeriodSchema = z.enum(PERIOD_KEYS);

/** Of the whole payload as JSON, in UTF-8 bytes: a report is prose and figures, not attachments. */
export const MAX_REPORT_BYTES = 65_536;

const narrative = z
  .string()
  .superRefine(storableText('multi'))
  .transform(normaliseText)
  .pipe(
    z
      .string()
      .max(20_000, 'the narrative is at most 20,000 characters')
      .refine((text) => text.trim().length > 0, { message: 'the narrative may not be empty or blank', params: { problem: 'blank' } }),
  );

// The text checks come after the union, not inside it: a union that fails reports only
// "Invalid input", and the person needs to know what is wrong with the text.
const figureValue = z
  .union([z.number(), z.string()])
  .superRefine((value, ctx) => {
    if (typeof value === 'string') storableText('one')(value, ctx);
  })
  .transform((value) => (typeof value === 'string' ? normaliseText(value) : value))
  .refine((value) => typeof value !== 'string' || value.length <= 200, 'a figure given as text is at most 200 characters');

// Figure names are free text ("Thu ngân sách (tỷ đồng)"), so they are normalised like any other;
// two names that differ only in Unicode form would then collide, and one would be lost silently.
const figures = z
  .record(z.string(), figureValue)
  .refine((record) => Object.keys(record).length <= 50, 'at most 50 figures')
  .transform((record, ctx) => {
    const out: Record<string, number | string> = {};
    for (const [raw, value] of Object.entries(record)) {
      const name = normaliseText(raw);
      const problem = textProblem(raw, 'one');
      if (problem) {
        ctx.addIssue({ code: 'custom', path: [raw], message: `a figure name ${problem}` });
      } else if (name.length < 1 || name.length > 100) {
        ctx.addIssue({ code: 'custom', path: [raw], message: 'a figure name is 1-100 characters' });
      } else if (Object.hasOwn(out, name)) {
        ctx.addIssue({ code: 'custom', path: [raw], message: `the figure "${name}" is given twice (in different Unicode forms)` });
      }
      out[name] = value;
    }
    return out;
  });

export const reportContentSchema = z
  .object({
    narrative,
    /** Key figures: name → number, or short text where the figure is not a number ("đạt", "vượt 5%"). */
    figures: figures.default({}),
    selfScore: selfScoreSchema.optional(),
  })
  .strict();

export type ReportContent = z.infer<typeof reportContentSchema>;

/**
 * One problem of a report as data (the self-score's own, or the report's): what it is (`code`),
 * the values it names, where it is (`item`, a rubric code; `path`, the payload's field), and
 * `message`, the English line the CLI and the round's validator print. A web page words it in its
 * own language from the rest; `schema` is any other problem of the payload's shape, in words only.
 */
export type ReportProblem =
  | SelfScoreProblem
  | { code: 'tooLarge'; bytes: number; limit: number; message: string }
  | { code: 'unknownPeriod'; period: string; message: string }
  | { code: 'selfScoreRequired'; message: string }
  | { code: 'noRubric'; message: string }
  | { code: 'selfScoreNotThisPeriod'; period: string; message: string }
  | { code: 'narrativeBlank'; path: string; message: string }
  | { code: 'narrativeTooLong'; path: string; max: number; message: string }
  | ({ code: 'unstorableText'; path: string; message: string } & TextIssue)
  | { code: 'pointsNegative'; path: string; item: string; message: string }
  | { code: 'pointsDecimals'; path: string; item: string; message: string }
  | { code: 'schema'; path: string; message: string };

/** `problems` are the details' messages, one line each, in the same order. */
export type ReportCheck =
  { ok: true; content: ReportContent; totals?: ScoreTotals } | { ok: false; problems: string[]; details: ReportProblem[] };

/** 65536 → "65,536": the limit as people read it. */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The payload's size as JSON in UTF-8 bytes, or undefined when it is not JSON at all. */
function jsonBytes(content: unknown): number | undefined {
  try {
    const json = JSON.stringify(content);
    return json === undefined ? 0 : new TextEncoder().encode(json).length;
  } catch {
    return undefined; // a cycle or a BigInt: the schema says what is wrong with it
  }
}

function hasSelfScore(content: unknown): boolean {
  return typeof content === 'object' && content !== null && (content as { selfScore?: unknown }).selfScore !== undefined;
}

interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  params?: Record<string, unknown>;
  maximum?: unknown;
}

const SCORE_PATH = /^selfScore\.(?:criteria|bonus|penalties)\.([A-Z][0-9]{1,2})$/;

/** A problem of the payload's shape, told as issueLines tells it, and as data where it is one the person can mend. */
function schemaProblem(issue: SchemaIssue): ReportProblem {
  const path = issue.path.map(String).join('.');
  const message = issueLines({ issues: [issue] }, 'report')[0]!;
  const item = SCORE_PATH.exec(path)?.[1];
  const params = issue.params ?? {};
  if (issue.code === 'custom' && params.problem === 'text') {
    const { kind, char, position } = params as unknown as TextIssue;
    return { code: 'unstorableText', path, kind, char, position, message };
  }
  if (path === 'narrative' && issue.code === 'custom' && params.problem === 'blank') return { code: 'narrativeBlank', path, message };
  if (path === 'narrative' && issue.code === 'too_big') return { code: 'narrativeTooLong', path, max: Number(issue.maximum), message };
  const points = item ? pointsIssue(issue) : undefined;
  if (item && points) return { code: points, path, item, message };
  return { code: 'schema', path, message };
}

function refused(details: ReportProblem[]): ReportCheck {
  return { ok: false, problems: details.map((p) => p.message), details };
}

/**
 * Checks a report for its period and, for the year-end report, its self-score against the
 * rubric. Lists every problem, one line each (and as data: `details`); a payload over the size
 * limit is refused before anything else is read.
 */
export function checkReportContent(period: ReportPeriod, content: unknown, rubric: Rubric | undefined): ReportCheck {
  const bytes = jsonBytes(content);
  if (bytes !== undefined && bytes > MAX_REPORT_BYTES) {
    return refused([
      {
        code: 'tooLarge',
        bytes,
        limit: MAX_REPORT_BYTES,
        message: `the report is ${withThousands(bytes)} bytes; the limit is ${withThousands(MAX_REPORT_BYTES)} bytes`,
      },
    ]);
  }
  if (!reportPeriodSchema.safeParse(period).success) {
    return refused([
      {
        code: 'unknownPeriod',
        period: String(period),
        message: `unknown report period ${String(period)}; the periods are ${PERIOD_KEYS.join(', ')}`,
      },
    ]);
  }

  const problems: ReportProblem[] = [];
  const parsed = reportContentSchema.safeParse(content);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => schemaProblem(issue as SchemaIssue)));

  // The period rules read the raw payload, so they are reported even when the schema refuses it.
  const withScore = hasSelfScore(content);
  if (period === 'YEAR') {
    if (!withScore) problems.push({ code: 'selfScoreRequired', message: 'the year-end report (YEAR) must carry a self-score' });
    if (!rubric)
      problems.push({
        code: 'noRubric',
        message: 'the year-end report (YEAR) cannot be checked: no scoring rubric is set for this cluster-year',
      });
  } else if (withScore) {
    problems.push({
      code: 'selfScoreNotThisPeriod',
      period,
      message: `only the year-end report (YEAR) carries a self-score, not the ${period} report (${REPORT_PERIODS[period]})`,
    });
  }

  let totals: ScoreTotals | undefined;
  if (parsed.success && period === 'YEAR' && rubric && parsed.data.selfScore) {
    const score = checkSelfScore(rubric, parsed.data.selfScore);
    if (score.ok) totals = score.totals;
    else problems.push(...score.details);
  }

  if (!parsed.success || problems.length > 0) return refused(problems);
  return totals ? { ok: true, content: parsed.data, totals } : { ok: true, content: parsed.data };
}
