import { ballotActivities } from './ballot.js';
import { conferenceActivities } from './conference.js';
import { councilActivities } from './council.js';
import { cycleActivities } from './cycle.js';
import type { ActivityDeps } from './deps.js';
import { failingFastOnPermanentErrors } from './failures.js';
import { nextYearActivities } from './nextYear.js';
import { roundActivities } from './round.js';
import { scoringActivities } from './scoring.js';

export type { ActivityDeps } from './deps.js';

/** Every activity the worker registers, bound to its dependencies; a permanent database error fails at once (failures.ts). */
export function createActivities(deps: ActivityDeps) {
  return failingFastOnPermanentErrors({
    ...cycleActivities(deps),
    ...roundActivities(deps),
    ...scoringActivities(deps),
    ...ballotActivities(deps),
    ...councilActivities(deps),
    ...conferenceActivities(deps),
    ...nextYearActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
