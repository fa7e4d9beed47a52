import { Rejection, type RejectionCode } from '../domain/rejections.ts';

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
  noWorker: 13,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What each exit code means: the one table `tdkt --help` prints and the README's exit-code table
 * must match (test/integration/hostileCli.test.ts compares them), so neither can drift from the code.
 */
export const EXIT_CODE_MEANINGS: Record<ExitCodeValue, string> = {
  [ExitCode.ok]: 'ok',
  [ExitCode.failure]: 'unexpected error',
  [ExitCode.usage]: 'bad input (including a report that breaks the rubric, an input file that is not a regular file or is too large)',
  [ExitCode.unknownCycle]: 'unknown cycle, council or document',
  [ExitCode.alreadyStarted]: 'cycle already started',
  [ExitCode.roundNotOpen]: 'not open yet (a round, a vote, a decision, an amendment)',
  [ExitCode.roundClosed]: 'closed (a round, a vote, a workflow that has ended)',
  [ExitCode.notAMember]: 'not a member (a unit of the cluster, a member of the council)',
  [ExitCode.unknownPerson]: 'unknown person',
  [ExitCode.notAuthorised]: 'not allowed (the wrong person for the act)',
  [ExitCode.duplicate]: 'already done (submitted, voted, decided)',
  [ExitCode.unreachable]: 'Temporal or the database unreachable (or no such namespace)',
  [ExitCode.cycleFailed]: 'the cycle failed to start',
  [ExitCode.noWorker]: 'the cycle is registered but no worker has picked it up (start one: npm run worker)',
};

/**
 * The headline a refusal starts with in Vietnamese (`--lang vi`): what kind of refusal it is, in
 * the words of the offices; the detail after it stays as the workflow or the check wrote it.
 */
export const EXIT_CODE_HEADLINES_VI: Record<ExitCodeValue, string> = {
  [ExitCode.ok]: 'Xong',
  [ExitCode.failure]: 'Lỗi không lường trước',
  [ExitCode.usage]: 'Dữ liệu nhập không hợp lệ',
  [ExitCode.unknownCycle]: 'Không tìm thấy chu kỳ, Hội đồng hoặc văn bản',
  [ExitCode.alreadyStarted]: 'Chu kỳ đã được bắt đầu',
  [ExitCode.roundNotOpen]: 'Chưa mở',
  [ExitCode.roundClosed]: 'Đã đóng',
  [ExitCode.notAMember]: 'Không phải thành viên',
  [ExitCode.unknownPerson]: 'Không có người này',
  [ExitCode.notAuthorised]: 'Không có quyền thực hiện',
  [ExitCode.duplicate]: 'Đã thực hiện rồi',
  [ExitCode.unreachable]: 'Không kết nối được Temporal hoặc cơ sở dữ liệu',
  [ExitCode.cycleFailed]: 'Chu kỳ không bắt đầu được',
  [ExitCode.noWorker]: 'Chưa có worker nhận chu kỳ',
};

export const REJECTION_EXIT: Record<RejectionCode, ExitCodeValue> = {
  [Rejection.InvalidInput]: ExitCode.usage,
  [Rejection.RoundNotOpen]: ExitCode.roundNotOpen,
  [Rejection.RoundClosed]: ExitCode.roundClosed,
  [Rejection.NotAMember]: ExitCode.notAMember,
  [Rejection.UnknownPerson]: ExitCode.unknownPerson,
  [Rejection.NotAuthorised]: ExitCode.notAuthorised,
  [Rejection.Duplicate]: ExitCode.duplicate,
};

export const EXIT_CODE_HELP = `Exit codes:\n${Object.entries(EXIT_CODE_MEANINGS)
  .map(([code, meaning]) => `  ${code.padStart(2)} ${meaning}`)
  .join('\n')}`;

/** An error the CLI reports as its message alone, with its exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly reason: string | undefined;
  constructor(exitCode: ExitCodeValue, message: string, reason?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.reason = reason;
  }
}
