import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parseIsoDuration } from '../domain/duration.ts';
import { cycleIdSchema, isCouncilId, unitCode } from '../domain/ids.ts';
import { findTextProblem, textProblem } from '../domain/text.ts';
import { CliError, ExitCode } from './exitCodes.ts';

// How the tdkt commands read their arguments and print their answers: each argument is checked as
// it is parsed, with a message that says what was expected.

export function parsePoints(text: string): number {
  if (!/^[+-]?\d{1,3}(\.\d{1,2})?$/.test(text)) throw new InvalidArgumentError('expected points with at most 2 decimals, e.g. -1.5 or +2');
  return Number(text);
}

export function parseChoice<T extends string>(name: string, allowed: readonly T[]) {
  return (text: string): T => {
    if (!(allowed as readonly string[]).includes(text)) throw new InvalidArgumentError(`${name} must be one of ${allowed.join(', ')}`);
    return text as T;
  };
}

export function parseCode(schema: typeof unitCode) {
  return (text: string): string => {
    const parsed = schema.safeParse(text);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
    return text;
  };
}

export function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new InvalidArgumentError('expected a four-digit year, e.g. 2018');
  return Number(text);
}

export function parseDuration(text: string): number {
  const ms = parseIsoDuration(text);
  if (ms === undefined || ms < 4000 || ms > 30 * 86_400_000)
    throw new InvalidArgumentError('expected an ISO 8601 duration between PT4S and P30D, e.g. PT2M');
  return ms;
}

export function parseCycleId(text: string): string {
  const parsed = cycleIdSchema.safeParse(text);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return text;
}

export function parseCouncilId(text: string): string {
  if (!isCouncilId(text)) throw new InvalidArgumentError('a council id looks like council/<PROVINCE>/<YEAR>, e.g. council/DIEN-BIEN/2018');
  return text;
}

/** A cluster ballot round: at most 2 ([S] TT 01/2024/TT-TANDTC, ballotRules.maxRounds). */
export function parseBallotRound(text: string): number {
  if (!/^[12]$/.test(text)) throw new InvalidArgumentError(`expected the ballot round, 1 or 2, not "${text}"`);
  return Number(text);
}

const NOMINATION_ID = /^[A-Z][A-Z0-9_-]{1,15}:(flag|certificate):[A-Z][A-Z0-9_-]{1,15}$/;
export function parseNomination(text: string): string {
  if (!NOMINATION_ID.test(text))
    throw new InvalidArgumentError(
      `"${text}" is not a nomination: a nomination is CLUSTER:award:UNIT with award flag or certificate, e.g. DB-VT:flag:TGI`,
    );
  return text;
}

/** A variadic option's parser: checks each value and collects them (commander leaves the collecting to a custom parser). */
export function listOf(parse: (text: string) => string) {
  return (text: string, previous: string[] | undefined): string[] => [...(previous ?? []), parse(text)];
}

const DOCUMENT_ID = /^(cycle|council)\/[A-Z0-9_-]{2,40}\/\d{4}\/[a-z0-9-]{1,40}$/;
export function parseDocumentId(text: string): string {
  if (!DOCUMENT_ID.test(text))
    throw new InvalidArgumentError(
      'a document id looks like cycle/<CLUSTER>/<YEAR>/to-trinh-v1, council/<PROVINCE>/<YEAR>/bien-ban-1 or council/<PROVINCE>/<YEAR>/quyet-dinh',
    );
  return text;
}

export function print(json: boolean, data: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
}

export function checkRequestId(requestId: string | undefined): void {
  if (requestId !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(requestId))
    throw new CliError(ExitCode.usage, '--request-id: 1-100 letters, digits, ".", "_", ":" or "-"');
}

/**
 * The text of an input file (a report, a calendar, score sheets, certificates): a regular file of
 * at most `maxBytes`. The file is opened without blocking and its descriptor checked, so that a
 * directory, a device such as /dev/zero or a named pipe is refused at once rather than failing
 * with EISDIR or waiting for ever; at most maxBytes + 1 bytes are read, so a file that grows
 * after the check cannot make the read unbounded either. `what` names the file in messages
 * ("report file"), `hint` says what a file of that kind should weigh.
 */
export function readInputFile(file: string, what: string, maxBytes: number, hint: string): string {
  const refuse = (problem: string) => new CliError(ExitCode.usage, `the ${what} ${file} ${problem}`, 'InvalidInput');
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot read the ${what} ${file}: ${(error as Error).message}`, 'InvalidInput');
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw refuse('is a directory; give a file');
    if (!stat.isFile()) throw refuse('is not a regular file (a device, a pipe or a socket); give a file');
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) throw refuse(`is too large: the limit is ${maxBytes.toLocaleString('en')} bytes; ${hint}`);
    const text = buffer.toString('utf8', 0, length);
    // Refused here already, not only by the workflow: the person learns which file is at fault.
    const problem = textProblem(text, 'multi');
    if (problem) throw refuse(`cannot be sent: it ${problem}`);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** A JSON input file (score sheets, certificates, a calendar), parsed; what it holds is checked by the caller. */
export function readJsonFile(file: string, what: string, maxBytes: number, hint: string): unknown {
  const text = readInputFile(file, what, maxBytes, hint);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(ExitCode.usage, `the ${what} ${file} is not JSON: ${(error as Error).message}`, 'InvalidInput');
  }
  // JSON escapes (\u0000) get past the check of the raw text.
  const problem = findTextProblem(json);
  if (problem) throw new CliError(ExitCode.usage, `the ${what} ${file} cannot be sent: ${problem}`, 'InvalidInput');
  return json;
}
