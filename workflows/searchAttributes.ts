import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes on cycle and round workflows, so administrators can list
// "what is running for which cluster-year and in which phase" from Temporal visibility.
// No personal data goes here: only codes, years and phase names.
export const CLUSTER = defineSearchAttributeKey('TdktCluster', SearchAttributeType.KEYWORD);
export const YEAR = defineSearchAttributeKey('TdktYear', SearchAttributeType.INT);
export const PHASE = defineSearchAttributeKey('TdktPhase', SearchAttributeType.KEYWORD);
// What each round, council and cycle waits for and from whom; the encoding is domain/pendingActors.ts's.
// Person ids (as the rounds and the council already carry them) and roles only, no names.
export const PENDING_ACTORS = defineSearchAttributeKey('TdktPendingActors', SearchAttributeType.KEYWORD_LIST);
export const PENDING_TASKS = defineSearchAttributeKey('TdktPendingTasks', SearchAttributeType.KEYWORD_LIST);
export const PENDING_DUE = defineSearchAttributeKey('TdktPendingDue', SearchAttributeType.DATETIME);

/**
 * The patch behind which workflows publish their open tasks (workflows/pendingActors.ts). Temporal
 * lists a workflow's patches in its TemporalChangeVersion attribute: a workflow without this one
 * (started before) publishes nothing, and `pendingTasks` asks it instead.
 */
export const PENDING_ACTORS_PATCH = 'pending-actors-search-attribute';

/** Every custom search attribute, as the dev server's `--search-attribute NAME=TYPE` flags want them. */
export const SEARCH_ATTRIBUTES = [
  { name: CLUSTER.name, type: 'Keyword' },
  { name: YEAR.name, type: 'Int' },
  { name: PHASE.name, type: 'Keyword' },
  { name: PENDING_ACTORS.name, type: 'KeywordList' },
  { name: PENDING_TASKS.name, type: 'KeywordList' },
  { name: PENDING_DUE.name, type: 'Datetime' },
] as const;
