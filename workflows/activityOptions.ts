import type { ActivityOptions } from '@temporalio/workflow';

// Activities write to Postgres and send mail. They are idempotent on business keys, so they may be
// retried without limit: a year-long process waits out a database or mail outage rather than lose a
// record. Domain errors are thrown non-retryable and fail at once.
export const RECORDING: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
