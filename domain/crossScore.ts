import { z } from 'zod';
import { issueLines } from './rejections.ts';
import { unitCode } from './ids.ts';
import { sumPoints, pointsSchema, type Rubric } from './rubric.ts';
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

export type CrossScoreCheck =
  { ok: true; sheets: Record<string, ScoreSheet>; totals: Record<string, number> } | { ok: false; problems: string[] };

/**
 * Checks a scorer's sheets: one for every other member and none for itself or a stranger, every
 * criterion of the rubric scored and none unknown, no score above its criterion's maximum. Lists
 * every problem at once; on success gives each sheet's total.
 */
export function checkCrossScore(rubric: Rubric, members: readonly string[], scorer: string, content: unknown): CrossScoreCheck {
  const parsed = crossScoreSchema.safeParse(content);
  if (!parsed.success) return { ok: false, problems: issueLines(parsed.error, 'scores') };
  const { sheets } = parsed.data;
  const problems: string[] = [];
  if (sheets[scorer]) problems.push(`${scorer} may not score itself: cross-scores are for the other members only`);
  for (const target of Object.keys(sheets)) {
    if (target !== scorer && !members.includes(target))
      problems.push(`${target} is not a member of the cluster this year; members: ${members.join(', ')}`);
  }
  const others = members.filter((m) => m !== scorer);
  const missing = others.filter((m) => !sheets[m]);
  if (missing.length) problems.push(`no sheet for ${missing.join(', ')}: every other member must be scored`);

  const criteria = rubric.groups.flatMap((g) => g.criteria);
  const known = new Set(criteria.map((c) => c.code));
  const totals: Record<string, number> = {};
  for (const target of others.filter((m) => sheets[m])) {
    const given = sheets[target]!.criteria;
    for (const code of Object.keys(given)) {
      if (!known.has(code)) problems.push(`${target}: unknown criterion ${code} (not in rubric ${rubric.version})`);
    }
    for (const criterion of criteria) {
      const value = given[criterion.code];
      if (value === undefined) problems.push(`${target}: criterion ${criterion.code} (${criterion.title}) is not scored`);
      else if (value > criterion.max) problems.push(`${target}: ${criterion.code} is ${value} but its maximum is ${criterion.max}`);
    }
    totals[target] = sumPoints(criteria.map((c) => given[c.code] ?? 0));
  }
  return problems.length ? { ok: false, problems } : { ok: true, sheets, totals };
}
