import { z } from 'zod';
import { issueList } from '../domain/rejections.js';
import { url } from '../worker/config.js';
import { CliError, ExitCode } from './exitCodes.js';

// Where the CLI finds Temporal. The defaults are the local stack's (npm run stack), so the CLI
// works against it with no configuration.
const clientEnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233').default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a namespace name').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a task queue name').default('tdkt'),
  // Printed as a link to open: only http(s), never javascript: or file:.
  TEMPORAL_UI_URL: url(['http:', 'https:'], 'http://localhost:8233').default('http://localhost:8233'),
  // Read by the commands that read the records themselves (tdkt explain): the local stack's by default.
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/tdkt').default('postgres://postgres:tdkt-local@127.0.0.1:5433/tdkt'),
});
export type ClientConfig = z.infer<typeof clientEnvSchema>;

export function loadClientConfig(env: Record<string, string | undefined>): ClientConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = clientEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new CliError(ExitCode.usage, `invalid environment: ${issueList(parsed.error, 'environment')}`, 'InvalidInput');
  }
  return parsed.data;
}

export function workflowUiLink(config: Pick<ClientConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, workflowId: string): string {
  return `${config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A database that does not answer, as the commands reading DATABASE_URL report it (exit code 11). */
export function databaseUnreachable(error: unknown): CliError {
  return new CliError(ExitCode.unreachable, `cannot read the records at DATABASE_URL (${error instanceof Error ? error.message : String(error)}); is the stack running (npm run stack), or is DATABASE_URL right?`);
}
