import fs from 'node:fs';
import net from 'node:net';
import { z } from 'zod';
import { issueLines } from '../domain/rejections.ts';
import { settingsWithTemporal, type TemporalSettings } from '../client/temporalSettings.ts';
import { databaseUrl, taskQueueSetting, url } from '../infra/settings.ts';
import { parseLinkKeys, type LinkKey } from '../taskLinks/taskLink.ts';
import { LOG_FORMATS } from './logging.ts';

// The worker's configuration, from the environment. Every value is checked at start and all the
// problems are reported together, so an operator fixes them in one go rather than one per restart.

export const DEFAULT_MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

export const DEFAULT_WEB_BASE_URL = 'http://localhost:8080';

/** TDKT_LINK_KEYS, parsed: a bad value is reported by what is wrong with it, never with the secret itself. */
export const linkKeysSetting = z.string().transform((text, ctx): LinkKey[] => {
  try {
    return parseLinkKeys(text);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `${error instanceof Error ? error.message : 'unreadable'} (expected id:secret[,id:secret], the secret 32 random bytes in base64url; see README "Task links")`,
    });
    return z.NEVER;
  }
});

export const workerEnvSchema = z.object({
  ...taskQueueSetting,
  DATABASE_URL: databaseUrl,
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://localhost:1025'),
  MAIL_FROM: z
    .string()
    .regex(/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'expected an address such as "Thi đua – Khen thưởng <tdkt@example.org>"')
    .default(DEFAULT_MAIL_FROM),
  /** The web server's public base URL: the task links and document links that mails carry start with it. */
  WEB_BASE_URL: url(['http:', 'https:'], 'https://tdkt.example.gov.vn').default(DEFAULT_WEB_BASE_URL),
  /** The keys that sign task links: the first signs, all verify (the web server must have the same). */
  TDKT_LINK_KEYS: linkKeysSetting,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** JSON lines (for a log collector), or one readable line each (for a terminal). */
  LOG_FORMAT: z.enum(LOG_FORMATS, 'expected json or pretty').default('json'),
  /**
   * Where the worker serves its Prometheus metrics (`/metrics`); unset, it serves none. An IP
   * address, not a host name: the SDK's exporter binds a socket address as given.
   */
  WORKER_METRICS_ADDRESS: z
    .string()
    .refine(isSocketAddress, 'expected an IP address and port to listen on, e.g. 0.0.0.0:9464 or 127.0.0.1:9464')
    .optional(),
  /**
   * How many workflows the worker keeps in memory between their tasks (the SDK's default grows with
   * the heap limit: about 2,400 on a 4 GiB heap). Fewer: less memory, and an evicted workflow's next
   * task replays its history first.
   */
  // Read as text first: a coerced number would report "many" as NaN, which the loader calls missing.
  WORKER_MAX_CACHED_WORKFLOWS: z
    .string()
    .regex(/^\d{1,6}$/, 'expected a whole number from 0 to 100000')
    .transform(Number)
    .refine((n) => n <= 100_000, 'expected a whole number from 0 to 100000')
    .optional(),
  /** A file made by `npm run bundle-workflows`: the worker loads it rather than bundling the workflows itself (worker/bundle.ts). */
  TDKT_WORKFLOW_BUNDLE: z
    .string()
    .refine(
      (file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true,
      'expected a file made by `npm run bundle-workflows -- FILE`',
    )
    .optional(),
});
/** `1.2.3.4:port` or `[::1]:port`, the port from 1 to 65535. */
function isSocketAddress(text: string): boolean {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  if (!match) return false;
  const port = Number(match[3]);
  return port >= 1 && port <= 65_535 && (match[1] ? net.isIPv6(match[1]) : net.isIPv4(match[2]!));
}

/** The variables above, and where Temporal is and how to reach it (a profile file, TEMPORAL_ADDRESS…: client/temporalSettings.ts). */
export type WorkerConfig = z.infer<typeof workerEnvSchema> & { temporal: TemporalSettings };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const loaded = settingsWithTemporal(workerEnvSchema, env, (error) =>
    issueLines(error, 'environment', (i) => (i.code === 'invalid_type' ? 'missing' : i.message)),
  );
  if ('problems' in loaded) throw new ConfigError(loaded.problems);
  return loaded.config;
}
