// The only workflowsPath of the worker: every workflow type is exported from here.
export { annualCycle, cycleStatusQuery } from './annualCycle.js';
export { extendUpdate, memberMergedSignal, round, roundStatusQuery, submitUpdate } from './round.js';
export { councilSession } from './councilSession.js';
export { scheduledCycleStart } from './scheduledCycleStart.js';
