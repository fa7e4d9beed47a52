import { z } from 'zod';
import { issueLines } from '../domain/rejections.ts';
import { databaseUrl, presentEnv, temporalSettings, url } from '../infra/settings.ts';

// The worker's configuration, from the environment. Every value is checked at start and all the
// problems are reported together, so an operator fixes them in one go rather than one per restart.

export const DEFAULT_MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

export const workerEnvSchema = z.object({
  ...temporalSettings,
  DATABASE_URL: databaseUrl,
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://localhost:1025'),
  MAIL_FROM: z
    .string()
    .regex(/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'expected an address such as "Thi đua – Khen thưởng <tdkt@example.org>"')
    .default(DEFAULT_MAIL_FROM),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(presentEnv(env));
  if (!parsed.success) {
    throw new ConfigError(issueLines(parsed.error, 'environment', (i) => (i.code === 'invalid_type' ? 'missing' : i.message)));
  }
  return parsed.data;
}
