import { z } from 'zod';

// The settings the worker, the web server and the tdkt CLI read alike from the environment: the
// task queue, the checks on a Temporal address and namespace, and the checks on URL settings.
// Defined once, so all three refuse the same values with the same words and fall back to the same
// local stack.

/**
 * A URL setting whose scheme is one of `protocols` (e.g. ['http:', 'https:']): checked by the
 * worker's and the CLI's configuration alike, so no setting takes a javascript: or file: URL.
 */
export const url = (protocols: string[], example: string) =>
  z.string().refine(
    (text) => {
      try {
        return protocols.includes(new URL(text).protocol);
      } catch {
        return false;
      }
    },
    `expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, e.g. ${example}`,
  );

/** A PostgreSQL URL (DATABASE_URL): required by the worker, defaulted by the CLI. */
export const databaseUrl = url(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/tdkt');

/** A Temporal address as client/temporalSettings.ts checks it, wherever it was set (a variable or a profile file). */
export const temporalAddress = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233');

/** A Temporal namespace as client/temporalSettings.ts checks it. */
export const temporalNamespace = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a namespace name');

/** The task queue of the cycles' workflows; where Temporal is and how to reach it is client/temporalSettings.ts's. */
export const taskQueueSetting = {
  TEMPORAL_TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a task queue name')
    .default('tdkt'),
};

/** The environment as the settings read it: an empty variable is unset, as shells and .env files often leave them so. */
export function presentEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
