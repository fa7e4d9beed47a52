// Why a human action was refused. Update validators throw these codes as the failure type, and the
// CLI maps each to its own exit code, so scripts can tell "already signed" from "wrong person".
export const Rejection = {
  InvalidInput: 'InvalidInput',
  RoundNotOpen: 'RoundNotOpen',
  RoundClosed: 'RoundClosed',
  NotAMember: 'NotAMember',
  UnknownPerson: 'UnknownPerson',
  NotAuthorised: 'NotAuthorised',
  Duplicate: 'Duplicate',
} as const;
export type RejectionCode = (typeof Rejection)[keyof typeof Rejection];

export interface Refusal {
  code: RejectionCode;
  message: string;
}

/** A zod error as one line for a refusal: each problem with where it is (`whole` when it is the input itself). */
export function issueList(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, whole: string): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || whole}: ${i.message}`).join('; ');
}

/** What every workflow answers an action that comes before its setup (members, roles) is loaded. */
export function stillSettingUp(what: string): Refusal {
  return { code: Rejection.RoundNotOpen, message: `${what} is still being set up; try again in a moment` };
}
