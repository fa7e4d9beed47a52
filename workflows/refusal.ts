import { ApplicationFailure } from '@temporalio/workflow';
import type { Refusal } from '../domain/rejections.ts';

// How every workflow's Update validators refuse: the domain's rules say why (a Refusal), these
// throw it as a non-retryable failure whose type is the Rejection code, which the CLI maps to its
// exit code. Thrown in a validator, the Update never enters history.

/** Refuses the Update with `refusal`. */
export function refuse(refusal: Refusal): never {
  throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
}

/** Refuses the Update when a rule found a reason to; lets it through otherwise. */
export function refuseIf(refusal: Refusal | undefined): void {
  if (refusal) refuse(refusal);
}

/**
 * Refuses with `starting` (the domain's stillSettingUp) while what the rules need is not loaded
 * yet; afterwards `value` is known to be there.
 */
export function refuseUntilSetUp<T>(value: T | undefined, starting: Refusal): asserts value is T {
  if (value === undefined) refuse(starting);
}
