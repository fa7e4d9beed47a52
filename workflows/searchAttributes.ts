import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes on cycle and round workflows, so administrators can list
// "what is running for which cluster-year and in which phase" from Temporal visibility.
// No personal data goes here: only codes, years and phase names.
export const CLUSTER = defineSearchAttributeKey('TdktCluster', SearchAttributeType.KEYWORD);
export const YEAR = defineSearchAttributeKey('TdktYear', SearchAttributeType.INT);
export const PHASE = defineSearchAttributeKey('TdktPhase', SearchAttributeType.KEYWORD);

/** Every custom search attribute, as the dev server's `--search-attribute NAME=TYPE` flags want them. */
export const SEARCH_ATTRIBUTES = [
  { name: CLUSTER.name, type: 'Keyword' },
  { name: YEAR.name, type: 'Int' },
  { name: PHASE.name, type: 'Keyword' },
] as const;
