import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parseIsoDuration } from '../domain/duration.js';
import { cycleIdSchema, personId, unitCode } from '../domain/ids.js';
import { CliError, ExitCode } from './exitCodes.js';

// How the tdkt commands read their arguments and print their answers: each argument is checked as
// it is parsed, with a message that says what was expected.

export function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `  - ${i.path.map(String).join('.') || 'value'}: ${i.message}`).join('\n');
}

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

export function parseCode(schema: typeof unitCode | typeof personId) {
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
  if (ms === undefined || ms < 4000 || ms > 30 * 86_400_000) throw new InvalidArgumentError('expected an ISO 8601 duration between PT4S and P30D, e.g. PT2M');
  return ms;
}

export function parseCycleId(text: string): string {
  const parsed = cycleIdSchema.safeParse(text);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return text;
}

const COUNCIL_ID = /^council\/[A-Z0-9-]{2,40}\/\d{4}$/;
export function parseCouncilId(text: string): string {
  if (!COUNCIL_ID.test(text)) throw new InvalidArgumentError('a council id looks like council/<PROVINCE>/<YEAR>, e.g. council/DIEN-BIEN/2018');
  return text;
}

/** A cluster ballot round: at most 2 ([S] TT 01/2024/TT-TANDTC, ballotRules.maxRounds). */
export function parseBallotRound(text: string): number {
  if (!/^[12]$/.test(text)) throw new InvalidArgumentError(`expected the ballot round, 1 or 2, not "${text}"`);
  return Number(text);
}

const NOMINATION_ID = /^[A-Z][A-Z0-9_-]{1,15}:(flag|certificate):[A-Z][A-Z0-9_-]{1,15}$/;
export function parseNomination(text: string): string {
  if (!NOMINATION_ID.test(text)) throw new InvalidArgumentError(`"${text}" is not a nomination: a nomination is CLUSTER:award:UNIT with award flag or certificate, e.g. DB-VT:flag:TGI`);
  return text;
}

/** A variadic option's parser: checks each value and collects them (commander leaves the collecting to a custom parser). */
export function listOf(parse: (text: string) => string) {
  return (text: string, previous: string[] | undefined): string[] => [...(previous ?? []), parse(text)];
}

const DOCUMENT_ID = /^(cycle|council)\/[A-Z0-9_-]{2,40}\/\d{4}\/[a-z0-9-]{1,40}$/;
export function parseDocumentId(text: string): string {
  if (!DOCUMENT_ID.test(text)) throw new InvalidArgumentError('a document id looks like cycle/<CLUSTER>/<YEAR>/to-trinh-v1, council/<PROVINCE>/<YEAR>/bien-ban-1 or council/<PROVINCE>/<YEAR>/quyet-dinh');
  return text;
}

export function print(json: boolean, data: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);
}

export function checkRequestId(requestId: string | undefined): void {
  if (requestId !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(requestId)) throw new CliError(ExitCode.usage, '--request-id: 1-100 letters, digits, ".", "_", ":" or "-"');
}

/**
 * A JSON input file (score sheets, certificates): its size is checked before it is read, then it
 * is parsed; what it holds is checked by the caller. `what` names it in messages ("score file"),
 * `tooLarge` says what a file of that kind should weigh.
 */
export function readJsonFile(file: string, what: string, maxBytes: number, tooLarge: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
  if (size > maxBytes) throw new CliError(ExitCode.usage, `the ${what} ${file} is ${size.toLocaleString('en')} bytes; ${tooLarge}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(ExitCode.usage, `the ${what} ${file} is not JSON: ${(error as Error).message}`);
  }
}
