import { ballotActivities } from './ballot.ts';
import { conferenceActivities } from './conference.ts';
import { councilActivities } from './council.ts';
import { cycleActivities } from './cycle.ts';
import type { ActivityDeps } from './deps.ts';
import { failingFastOnPermanentErrors } from './failures.ts';
import { nextYearActivities } from './nextYear.ts';
import { roundActivities } from './round.ts';
import { scoringActivities } from './scoring.ts';

export type { ActivityDeps } from './deps.ts';

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
