import { ballotActivities } from './ballot.js';
import { councilActivities } from './council.js';
import { cycleActivities } from './cycle.js';
import type { ActivityDeps } from './deps.js';
import { roundActivities } from './round.js';
import { scoringActivities } from './scoring.js';

export type { ActivityDeps } from './deps.js';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...cycleActivities(deps), ...roundActivities(deps), ...scoringActivities(deps), ...ballotActivities(deps), ...councilActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
