import { Rejection, type RejectionCode } from '../domain/rejections.js';

// Distinct exit codes, so a script can tell a refused action from a typo or an outage. Listed in
// `tdkt --help` and the README; never renumber one that has shipped.
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  unknownCycle: 3,
  alreadyStarted: 4,
  roundNotOpen: 5,
  roundClosed: 6,
  notAMember: 7,
  unknownPerson: 8,
  notAuthorised: 9,
  duplicate: 10,
  unreachable: 11,
  cycleFailed: 12,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const REJECTION_EXIT: Record<RejectionCode, ExitCodeValue> = {
  [Rejection.InvalidInput]: ExitCode.usage,
  [Rejection.RoundNotOpen]: ExitCode.roundNotOpen,
  [Rejection.RoundClosed]: ExitCode.roundClosed,
  [Rejection.NotAMember]: ExitCode.notAMember,
  [Rejection.UnknownPerson]: ExitCode.unknownPerson,
  [Rejection.NotAuthorised]: ExitCode.notAuthorised,
  [Rejection.Duplicate]: ExitCode.duplicate,
};

export const EXIT_CODE_HELP = `Exit codes:
   0 ok
   1 unexpected error
   2 bad input
   3 unknown cycle, council or document
   4 cycle already started
   5 not open yet (a round, a vote, a decision)
   6 closed (a round, a vote, a workflow that has ended)
   7 not a member (a unit of the cluster, a member of the council)
   8 unknown person
   9 not allowed (the wrong person for this act)
  10 already done (submitted, voted)
  11 Temporal or the database unreachable
  12 the cycle failed to start`;

/** An error the CLI reports as its message alone, with its exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
