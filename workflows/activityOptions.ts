import type { ActivityOptions } from '@temporalio/workflow';

// Activities write to Postgres and send mail. They are idempotent on business keys, so they may be
// retried without limit: a year-long process waits out a database or mail outage rather than lose a
// record. Domain errors are thrown non-retryable and fail at once.
// The start-to-close timeout is how long an activity whose worker died (SIGKILL, a lost machine) waits
// before it is tried again: 10 s, not a minute (the fault suite's worker kills stalled a submission a
// whole minute). An activity takes well under a second; one that outlives it is retried while it still
// runs, which the business keys and the outbox's row locks make harmless.
export const RECORDING: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
