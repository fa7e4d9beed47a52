// The only workflowsPath of the worker: every workflow type is exported from here.
export { annualCycle, cycleStatusQuery } from './annualCycle.ts';
export { extendUpdate, memberMergedSignal, round, roundStatusQuery, submitUpdate } from './round.ts';
export { councilSession } from './councilSession.ts';
export { scheduledCycleStart } from './scheduledCycleStart.ts';
