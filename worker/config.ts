import { z } from 'zod';

// The worker's configuration, from the environment. Every value is checked at start and all the
// problems are reported together, so an operator fixes them in one go rather than one per restart.

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233');
/**
 * A URL setting whose scheme is one of `protocols` (e.g. ['http:', 'https:']): checked by the
 * worker's and the CLI's configuration alike, so no setting takes a javascript: or file: URL.
 */
export const url = (protocols: string[], example: string) =>
  z.string().refine((text) => {
    try {
      return protocols.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, `expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, e.g. ${example}`);

export const DEFAULT_MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

export const workerEnvSchema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a namespace name').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a task queue name').default('tdkt'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/tdkt'),
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://localhost:1025'),
  MAIL_FROM: z
    .string()
    .regex(/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'expected an address such as "Thi đua – Khen thưởng <tdkt@example.org>"')
    .default(DEFAULT_MAIL_FROM),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  // An empty variable is treated as unset, as shells and .env files often leave them so.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = workerEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code === 'invalid_type' ? 'missing' : i.message}`));
  }
  return parsed.data;
}
