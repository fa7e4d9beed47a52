import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// The rubric a cycle is scored against, as its cluster-year stored it.

export interface CriterionTitle {
  title: string;
  max: number;
}

/** Each criterion's title and maximum in the rubric of a cycle's cluster-year; throws when the cycle or its rubric is unknown. */
export async function rubricTitles(db: Kysely<Database>, cycleId: string): Promise<Map<string, CriterionTitle>> {
  const rubric = await db
    .selectFrom('cycle')
    .innerJoin('rubric', (j) => j.onRef('rubric.cluster_code', '=', 'cycle.cluster_code').onRef('rubric.year', '=', 'cycle.year'))
    .select('rubric.definition')
    .where('cycle.id', '=', cycleId)
    .executeTakeFirstOrThrow();
  return new Map(
    (rubric.definition as { groups: { criteria: { code: string; title: string; max: number }[] }[] }).groups.flatMap((g) =>
      g.criteria.map((c) => [c.code, { title: c.title, max: c.max }] as const),
    ),
  );
}
