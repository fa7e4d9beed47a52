import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { issueList } from '../../domain/rejections.ts';
import { checkRequestId, print } from '../cliArgs.ts';
import { loadClientConfig, type ClientConfig } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';

// The steps the tdkt commands share. Most commands send one human action to a workflow as an
// Update, and all of them do it in the same order, so that a refusal is the same wherever it
// comes from: the request id is checked, then the arguments (the domain's schema, refused as
// `invalid <what>: …` with exit code 2) before anything is configured or connected; then the
// environment, Temporal, the Update, and the answer as text or --json.
//
// What reaches Temporal or PostgreSQL (operations.ts and its siblings, db/) is imported by each
// command's action when it runs, never at the top of a command file: tdkt starts by loading every
// command's definition, and loading the SDKs under those modules (the Temporal client and its
// protobufs, Kysely, pg) was more than half of its start (0.17 s of `tdkt --help`'s 0.29 s). So
// `tdkt --help` loads none of them and `tdkt cycle status` only the Temporal client. The lint keeps
// it so (eslint.config.js).

/** Whether the answer is printed as JSON (the global --json). */
export type Json = () => boolean;

/** `input` checked by the domain's schema; a usage error (exit code 2) naming `what` when it is not valid. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CliError(ExitCode.usage, `invalid ${what}: ${issueList(parsed.error, 'value')}`);
  return parsed.data;
}

export interface UpdateSteps<I, R> {
  /** --request-id: the idempotency key, so a retried call is not applied twice. */
  requestId: string | undefined;
  /** The checked input: read files, usage checks, parseInput — everything that may refuse before connecting. */
  input: () => I;
  send: (client: Client, input: I, request: { requestId?: string }, config: ClientConfig) => Promise<R>;
  /** The answer for people. */
  human: (result: R, input: I) => string;
  /** The answer for --json (default: the result as it is). */
  data?: (result: R, input: I) => unknown;
}

/** request id → input (schema parse, usage error) → config → connect → Update → print. */
export async function sendUpdate<I, R>(json: Json, steps: UpdateSteps<I, R>): Promise<void> {
  checkRequestId(steps.requestId);
  const input = steps.input();
  const config = loadClientConfig(process.env);
  const { connectClient } = await import('../operations.ts');
  const result = await steps.send(await connectClient(config), input, steps.requestId ? { requestId: steps.requestId } : {}, config);
  print(json(), steps.data ? steps.data(result, input) : result, steps.human(result, input));
}

/** Runs `read` over a one-connection pool to $DATABASE_URL, closed afterwards whatever happens. */
export async function withDatabase<T>(read: (db: Kysely<Database>, config: ClientConfig) => Promise<T>): Promise<T> {
  const config = loadClientConfig(process.env);
  const { connectDatabase } = await import('../../db/connect.ts');
  const db = connectDatabase(config.DATABASE_URL, { poolSize: 1 });
  try {
    return await read(db, config);
  } finally {
    await db.destroy();
  }
}
