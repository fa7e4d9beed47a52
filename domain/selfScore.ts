import { z } from 'zod';
import { criterionCodes, pointsSchema, sumPoints, type Rubric } from './rubric.ts';
import { normaliseText, storableText } from './text.ts';

// A unit's self-score (tự chấm điểm) against its cluster-year's rubric, sent with the year-end
// report. The schema checks the shape; checkSelfScore checks it against the rubric and computes
// the totals the system stores, so an inflated or mistyped total is caught, never trusted.

// Keys are rubric codes. Their shape is checked here, with a message that says what a code looks
// like; whether a code is in the rubric is checkSelfScore's question, answered with the rubric's
// version.
const CODE = /^[A-Z][0-9]{1,2}$/;

/** A record keyed by rubric codes (at most 60), each key checked for its shape. */
export function codeRecord<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    const keys = Object.keys(record);
    if (keys.length > 60) ctx.addIssue({ code: 'custom', message: 'at most 60 entries' });
    for (const key of keys) {
      if (!CODE.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'a rubric code is a capital letter and 1-2 digits, e.g. A1 or T2' });
    }
  });
}

// The raw note may be longer than 1000 (NFD takes up to 3 code units per Vietnamese letter), but
// not without bound: the limit is checked again after normalisation.
const evidenceNote = z
  .string()
  .max(5000, 'an evidence note is at most 1000 characters')
  .superRefine(storableText('multi'))
  .transform(normaliseText)
  .pipe(z.string().min(1, 'an evidence note may not be empty').max(1000, 'an evidence note is at most 1000 characters'));

export const selfScoreSchema = z
  .object({
    criteria: codeRecord(pointsSchema),
    bonus: codeRecord(pointsSchema).default({}),
    penalties: codeRecord(pointsSchema).default({}),
    /** Per code: where the evidence is (document numbers, decisions), free text. */
    evidence: codeRecord(evidenceNote).default({}),
    /** The unit's own total, when it states one: checked against the computed total. */
    total: pointsSchema.optional(),
  })
  .strict();

export type SelfScore = z.infer<typeof selfScoreSchema>;

/** The computed totals, to 2 decimal places. */
export interface ScoreTotals {
  base: number;
  bonus: number;
  penalties: number;
  total: number;
}

/**
 * One problem of a self-score as data: what it is (`code`), the values it names, the rubric code it
 * is about (`item`, when there is one), and `message`, the English line the CLI and the round's
 * validator print. A web page words it in its own language from the rest.
 */
export type SelfScoreProblem =
  | { code: 'missingCriterion'; item: string; title: string; message: string }
  | { code: 'unknownCode'; kind: 'criterion' | 'bonus' | 'penalty'; item: string; version: string; message: string }
  | { code: 'overMax'; item: string; value: number; max: number; message: string }
  | { code: 'bonusOverCap'; sum: number; cap: number; message: string }
  | { code: 'penaltiesOverCap'; sum: number; cap: number; message: string }
  | { code: 'unknownEvidence'; item: string; version: string; message: string }
  | { code: 'totalDiffers'; given: number; computed: number; difference: number; message: string };

/** `problems` are the details' messages, one line each, in the same order. */
export type SelfScoreCheck = { ok: true; totals: ScoreTotals } | { ok: false; problems: string[]; details: SelfScoreProblem[] };

interface Item {
  code: string;
  title: string;
  max: number;
}

/** Checks items of one kind (criteria, bonus or penalties) against the rubric's list of that kind. */
function checkItems(
  rubric: Rubric,
  kind: 'criterion' | 'bonus' | 'penalty',
  allowed: Item[],
  given: Record<string, number>,
  problems: SelfScoreProblem[],
): void {
  const known = new Set(allowed.map((item) => item.code));
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      problems.push({
        code: 'unknownCode',
        kind,
        item: key,
        version: rubric.version,
        message: `unknown ${kind} code ${key} (not in rubric ${rubric.version})`,
      });
  }
  for (const item of allowed) {
    const value = given[item.code];
    if (value !== undefined && value > item.max)
      problems.push({
        code: 'overMax',
        item: item.code,
        value,
        max: item.max,
        message: `${item.code} is ${value} but its maximum is ${item.max}`,
      });
  }
}

/** Adds the values of the rubric's items only: unknown codes are reported, never counted. */
function sumOf(items: Item[], given: Record<string, number>): number {
  return sumPoints(items.map((item) => given[item.code] ?? 0));
}

/**
 * Checks a self-score against the rubric and computes its totals; lists every problem, one line
 * each. total = criteria + bonus − penalties; the caps are enforced by refusing a score above
 * them, not by clamping it, so what is stored is what the unit claimed.
 */
export function checkSelfScore(rubric: Rubric, score: SelfScore): SelfScoreCheck {
  const problems: SelfScoreProblem[] = [];
  const criteria = rubric.groups.flatMap((group) => group.criteria);
  const { bonus, penalties } = rubric;

  for (const criterion of criteria) {
    if (score.criteria[criterion.code] === undefined)
      problems.push({
        code: 'missingCriterion',
        item: criterion.code,
        title: criterion.title,
        message: `criterion ${criterion.code} (${criterion.title}) is missing`,
      });
  }
  checkItems(rubric, 'criterion', criteria, score.criteria, problems);
  checkItems(rubric, 'bonus', bonus.items, score.bonus, problems);
  checkItems(rubric, 'penalty', penalties.items, score.penalties, problems);

  const base = sumOf(criteria, score.criteria);
  const bonusSum = sumOf(bonus.items, score.bonus);
  const penaltySum = sumOf(penalties.items, score.penalties);
  if (bonusSum > bonus.cap)
    problems.push({
      code: 'bonusOverCap',
      sum: bonusSum,
      cap: bonus.cap,
      message: `the bonus items add up to ${bonusSum} but the bonus cap is ${bonus.cap}`,
    });
  if (penaltySum > penalties.cap)
    problems.push({
      code: 'penaltiesOverCap',
      sum: penaltySum,
      cap: penalties.cap,
      message: `the penalties add up to ${penaltySum} but the penalty cap is ${penalties.cap}`,
    });

  const codes = new Set([...criterionCodes(rubric), ...bonus.items.map((i) => i.code), ...penalties.items.map((i) => i.code)]);
  for (const key of Object.keys(score.evidence)) {
    if (!codes.has(key))
      problems.push({
        code: 'unknownEvidence',
        item: key,
        version: rubric.version,
        message: `evidence for unknown code ${key} (not in rubric ${rubric.version})`,
      });
  }

  const total = sumPoints([base, bonusSum, -penaltySum]);
  // Compared even when other problems exist (from the recognised entries), so every problem is listed at once.
  if (score.total !== undefined && Math.abs(score.total - total) > 0.005) {
    const difference = sumPoints([Math.abs(score.total - total)]);
    problems.push({
      code: 'totalDiffers',
      given: score.total,
      computed: total,
      difference,
      message: `the submitted total ${score.total} differs from the computed total ${total} by ${difference}`,
    });
  }

  return problems.length > 0
    ? { ok: false, problems: problems.map((p) => p.message), details: problems }
    : { ok: true, totals: { base, bonus: bonusSum, penalties: penaltySum, total } };
}
