import { z } from 'zod';
import { issueList } from '../domain/rejections.ts';
import { databaseUrl, taskQueueSetting, url } from '../infra/settings.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { settingsWithTemporal, type TemporalSettings } from './temporalSettings.ts';

// Where the CLI finds Temporal (client/temporalSettings.ts) and what else it reads. The defaults
// are the local stack's (npm run stack), so the CLI works against it with no configuration.
const clientEnvSchema = z.object({
  ...taskQueueSetting,
  // Printed as a link to open: only http(s), never javascript: or file:.
  TEMPORAL_UI_URL: url(['http:', 'https:'], 'http://localhost:8233').default('http://localhost:8233'),
  // Read by the commands that read the records themselves (tdkt explain): the local stack's by default.
  DATABASE_URL: databaseUrl.default('postgres://postgres:tdkt-local@127.0.0.1:5433/tdkt'),
});
export type ClientConfig = z.infer<typeof clientEnvSchema> & { temporal: TemporalSettings };

export function loadClientConfig(env: Record<string, string | undefined>): ClientConfig {
  const loaded = settingsWithTemporal(clientEnvSchema, env, (error) => [issueList(error, 'environment')]);
  if ('problems' in loaded) throw new CliError(ExitCode.usage, `invalid environment: ${loaded.problems.join('; ')}`, 'InvalidInput');
  return loaded.config;
}

export function workflowUiLink(config: { TEMPORAL_UI_URL: string; temporal: { namespace: string } }, workflowId: string): string {
  return `${config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A database that does not answer, as the commands reading DATABASE_URL report it (exit code 11). */
export function databaseUnreachable(error: unknown): CliError {
  return new CliError(
    ExitCode.unreachable,
    `cannot read the records at DATABASE_URL (${error instanceof Error ? error.message : String(error)}); is the stack running (npm run stack), or is DATABASE_URL right?`,
  );
}
