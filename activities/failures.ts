import { ApplicationFailure } from '@temporalio/common';

// Activities are retried without limit (workflows/activityOptions.ts): a database or mail outage
// is waited out. An error that no retry can cure must not be retried for ever, though: it would
// hold a round open past its closing and leave the person who acted without an answer. Those are
// PostgreSQL's data exceptions (class 22: NUL in text, a value out of range) and integrity
// constraint violations (class 23: a foreign key, a check, a duplicate key where none was
// expected). They fail at once, non-retryable, with PostgreSQL's message, so the workflow can take
// back what it counted and tell the caller why.

/** The failure type of a permanent database error, for workflows that catch it. */
export const PERMANENT_DATA_ERROR = 'PermanentDataError';

const PERMANENT_SQLSTATE = /^(22|23)[0-9A-Z]{3}$/;

/** A non-retryable failure for an error no retry can cure; undefined for any other error. */
export function permanentFailure(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure) return undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !PERMANENT_SQLSTATE.test(code)) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.create({
    message: `the database refused the record: ${message} (SQLSTATE ${code})`,
    type: PERMANENT_DATA_ERROR,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActivity = (...args: any[]) => Promise<unknown>;

/** Every activity of `activities`, failing at once on a permanent database error. */
export function failingFastOnPermanentErrors<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw permanentFailure(error) ?? error;
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
