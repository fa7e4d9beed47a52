// The only workflowsPath of the worker: every workflow type is exported from here.
export { annualCycle } from './annualCycle.ts';
export { round } from './round.ts';
export { cycleStatusQuery, extendUpdate, memberMergedSignal, roundStatusQuery, submitUpdate } from './messages.ts';
export { councilSession } from './councilSession.ts';
export { scheduledCycleStart } from './scheduledCycleStart.ts';
