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

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/**
 * The one way a zod error is told, everywhere (refusals, the CLI, the worker's configuration):
 * each problem with where it is (`whole` when it is the input itself); `say` words a problem
 * otherwise than zod's message (the worker says "missing").
 */
export function issueLines(error: { issues: readonly Issue[] }, whole: string, say: (issue: Issue) => string = (i) => i.message): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || whole}: ${say(i)}`);
}

/** A zod error as one line for a refusal. */
export function issueList(error: { issues: readonly Issue[] }, whole: string): string {
  return issueLines(error, whole).join('; ');
}

/** What every workflow answers an action that comes before its setup (members, roles) is loaded. */
export function stillSettingUp(what: string): Refusal {
  return { code: Rejection.RoundNotOpen, message: `${what} is still being set up; try again in a moment` };
}
