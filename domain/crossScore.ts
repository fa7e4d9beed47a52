import { z } from 'zod';
import { issueLines } from './rejections.ts';
import { unitCode } from './ids.ts';
import { pointsIssue, sumPoints, pointsSchema, type Rubric } from './rubric.ts';
import { codeRecord } from './selfScore.ts';

// Cross-scoring (chấm chéo, DOMAIN.md step 4): each member's representative scores every *other*
// member on the rubric's criteria, never itself. Bonus and penalties are not cross-scored: the
// bonus comes from the unit's evidenced self-score and the penalties from the rounds' records
// (see consolidation.ts), so a scorer cannot add or take them away.

/** The scores one unit gives another: a value for every criterion of the rubric. */
export const scoreSheetSchema = z.object({ criteria: codeRecord(pointsSchema) }).strict();
export type ScoreSheet = z.infer<typeof scoreSheetSchema>;

/** What a scorer submits: one sheet per other member, keyed by the member's unit code. */
export const crossScoreSchema = z
  .object({
    sheets: z.record(unitCode, scoreSheetSchema).refine((sheets) => Object.keys(sheets).length <= 50, 'at most 50 sheets'),
  })
  .strict();
export type CrossScore = z.infer<typeof crossScoreSchema>;

/**
 * One problem of a scorer's sheets as data: what it is (`code`, the same codes as a self-score's
 * where the problem is the same), the sheet it is in (`unit`), the criterion (`item`) and the
 * values it names, and `message`, the English line the CLI and the round's validator print. A web
 * page words it in its own language from the rest; `schema` is any other problem of the payload's
 * shape, in words only.
 */
export type CrossScoreProblem =
  | { code: 'selfScoring'; unit: string; message: string }
  | { code: 'notMember'; unit: string; members: string[]; message: string }
  | { code: 'missingSheets'; units: string[]; message: string }
  | { code: 'unknownCode'; kind: 'criterion'; unit: string; item: string; version: string; message: string }
  | { code: 'missingCriterion'; unit: string; item: string; title: string; message: string }
  | { code: 'overMax'; unit: string; item: string; value: number; max: number; message: string }
  | { code: 'pointsNegative' | 'pointsDecimals'; unit: string; item: string; path: string; message: string }
  | { code: 'schema'; path: string; message: string };

/** `problems` are the details' messages, one line each, in the same order. */
export type CrossScoreCheck =
  | { ok: true; sheets: Record<string, ScoreSheet>; totals: Record<string, number> }
  | { ok: false; problems: string[]; details: CrossScoreProblem[] };

const POINTS_PATH = /^sheets\.([A-Z][A-Z0-9_-]{1,15})\.criteria\.([A-Z][0-9]{1,2})$/;

/** A problem of the payload's shape, told as issueLines tells it, and as data when it is a score's. */
function schemaProblem(issue: {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  params?: Record<string, unknown>;
}): CrossScoreProblem {
  const path = issue.path.map(String).join('.');
  const message = issueLines({ issues: [issue] }, 'scores')[0]!;
  const at = POINTS_PATH.exec(path);
  const points = at ? pointsIssue(issue) : undefined;
  if (at && points) return { code: points, unit: at[1]!, item: at[2]!, path, message };
  return { code: 'schema', path, message };
}

function refused(details: CrossScoreProblem[]): CrossScoreCheck {
  return { ok: false, problems: details.map((p) => p.message), details };
}

/**
 * Checks a scorer's sheets: one for every other member and none for itself or a stranger, every
 * criterion of the rubric scored and none unknown, no score above its criterion's maximum. Lists
 * every problem at once (and as data: `details`); on success gives each sheet's total.
 */
export function checkCrossScore(rubric: Rubric, members: readonly string[], scorer: string, content: unknown): CrossScoreCheck {
  const parsed = crossScoreSchema.safeParse(content);
  if (!parsed.success) return refused(parsed.error.issues.map(schemaProblem));
  const { sheets } = parsed.data;
  const problems: CrossScoreProblem[] = [];
  if (sheets[scorer])
    problems.push({
      code: 'selfScoring',
      unit: scorer,
      message: `${scorer} may not score itself: cross-scores are for the other members only`,
    });
  for (const target of Object.keys(sheets)) {
    if (target !== scorer && !members.includes(target))
      problems.push({
        code: 'notMember',
        unit: target,
        members: [...members],
        message: `${target} is not a member of the cluster this year; members: ${members.join(', ')}`,
      });
  }
  const others = members.filter((m) => m !== scorer);
  const missing = others.filter((m) => !sheets[m]);
  if (missing.length)
    problems.push({
      code: 'missingSheets',
      units: missing,
      message: `no sheet for ${missing.join(', ')}: every other member must be scored`,
    });

  const criteria = rubric.groups.flatMap((g) => g.criteria);
  const known = new Set(criteria.map((c) => c.code));
  const totals: Record<string, number> = {};
  for (const target of others.filter((m) => sheets[m])) {
    const given = sheets[target]!.criteria;
    for (const code of Object.keys(given)) {
      if (!known.has(code))
        problems.push({
          code: 'unknownCode',
          kind: 'criterion',
          unit: target,
          item: code,
          version: rubric.version,
          message: `${target}: unknown criterion ${code} (not in rubric ${rubric.version})`,
        });
    }
    for (const criterion of criteria) {
      const value = given[criterion.code];
      if (value === undefined)
        problems.push({
          code: 'missingCriterion',
          unit: target,
          item: criterion.code,
          title: criterion.title,
          message: `${target}: criterion ${criterion.code} (${criterion.title}) is not scored`,
        });
      else if (value > criterion.max)
        problems.push({
          code: 'overMax',
          unit: target,
          item: criterion.code,
          value,
          max: criterion.max,
          message: `${target}: ${criterion.code} is ${value} but its maximum is ${criterion.max}`,
        });
    }
    totals[target] = sumPoints(criteria.map((c) => given[c.code] ?? 0));
  }
  return problems.length ? refused(problems) : { ok: true, sheets, totals };
}
