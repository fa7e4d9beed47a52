import { z } from 'zod';
import { issueLines } from './rejections.ts';
import type { Rubric } from './rubric.ts';
import { checkSelfScore, selfScoreSchema, type ScoreTotals } from './selfScore.ts';
import { normaliseText, storableText, textProblem } from './text.ts';

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
      .refine((text) => text.trim().length > 0, 'the narrative may not be empty or blank'),
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

export type ReportCheck = { ok: true; content: ReportContent; totals?: ScoreTotals } | { ok: false; problems: string[] };

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

/**
 * Checks a report for its period and, for the year-end report, its self-score against the
 * rubric. Lists every problem, one line each; a payload over the size limit is refused before
 * anything else is read.
 */
export function checkReportContent(period: ReportPeriod, content: unknown, rubric: Rubric | undefined): ReportCheck {
  const bytes = jsonBytes(content);
  if (bytes !== undefined && bytes > MAX_REPORT_BYTES) {
    return { ok: false, problems: [`the report is ${withThousands(bytes)} bytes; the limit is ${withThousands(MAX_REPORT_BYTES)} bytes`] };
  }
  if (!reportPeriodSchema.safeParse(period).success) {
    return { ok: false, problems: [`unknown report period ${String(period)}; the periods are ${PERIOD_KEYS.join(', ')}`] };
  }

  const problems: string[] = [];
  const parsed = reportContentSchema.safeParse(content);
  if (!parsed.success) problems.push(...issueLines(parsed.error, 'report'));

  // The period rules read the raw payload, so they are reported even when the schema refuses it.
  const withScore = hasSelfScore(content);
  if (period === 'YEAR') {
    if (!withScore) problems.push('the year-end report (YEAR) must carry a self-score');
    if (!rubric) problems.push('the year-end report (YEAR) cannot be checked: no scoring rubric is set for this cluster-year');
  } else if (withScore) {
    problems.push(`only the year-end report (YEAR) carries a self-score, not the ${period} report (${REPORT_PERIODS[period]})`);
  }

  let totals: ScoreTotals | undefined;
  if (parsed.success && period === 'YEAR' && rubric && parsed.data.selfScore) {
    const score = checkSelfScore(rubric, parsed.data.selfScore);
    if (score.ok) totals = score.totals;
    else problems.push(...score.problems);
  }

  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return totals ? { ok: true, content: parsed.data, totals } : { ok: true, content: parsed.data };
}
