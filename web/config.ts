import { z } from 'zod';
import { issueLines } from '../domain/rejections.ts';
import { settingsWithTemporal, type TemporalSettings } from '../client/temporalSettings.ts';
import { databaseUrl, taskQueueSetting, url } from '../infra/settings.ts';
import { parseLinkKeys, type LinkKey } from '../taskLinks/taskLink.ts';

// The web server's configuration, from the environment, checked at start with every problem
// reported at once (like the worker's). TDKT_LINK_KEYS is a secret: its problems are told without it.

export const DEFAULT_WEB_BASE_URL = 'http://localhost:8080';
const DEFAULT_MAIL_FROM = 'Thi đua – Khen thưởng <tdkt@example.org>';

const linkKeys = z.string().transform((text, ctx) => {
  try {
    return parseLinkKeys(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a list of link keys' });
    return z.NEVER;
  }
});

export const webEnvSchema = z
  .object({
    ...taskQueueSetting,
    DATABASE_URL: databaseUrl,
    SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://localhost:1025').default('smtp://localhost:1025'),
    MAIL_FROM: z
      .string()
      .regex(/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'expected an address such as "Thi đua – Khen thưởng <tdkt@example.org>"')
      .default(DEFAULT_MAIL_FROM),
    WEB_BASE_URL: url(['http:', 'https:'], 'https://tdkt.example.gov.vn')
      .default(DEFAULT_WEB_BASE_URL)
      .transform((text) => text.replace(/\/+$/, '')),
    WEB_PORT: z
      .string()
      .regex(/^\d{1,5}$/, 'expected a port number, 0-65535')
      .transform(Number)
      .refine((port) => port <= 65535, 'expected a port number, 0-65535')
      .optional(),
    /** Behind a reverse proxy: the client is the last address of X-Forwarded-For (for the sign-in rate limit). */
    WEB_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
    TDKT_LINK_KEYS: linkKeys,
    /** Lets the console's start page take a compressed test calendar or a calendar of JSON (trials, the demo); off in production. */
    TDKT_WEB_ALLOW_TEST_CALENDAR: z.enum(['true', 'false', '1', '0']).default('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    // The console's history pages link to the full detail there: only http(s), as the CLI's.
    TEMPORAL_UI_URL: url(['http:', 'https:'], 'http://localhost:8233').default('http://localhost:8233'),
  })
  .transform((env) => ({
    ...env,
    WEB_PORT: env.WEB_PORT ?? (Number(new URL(env.WEB_BASE_URL).port) || 8080),
    WEB_TRUST_PROXY: env.WEB_TRUST_PROXY === 'true' || env.WEB_TRUST_PROXY === '1',
    TDKT_WEB_ALLOW_TEST_CALENDAR: env.TDKT_WEB_ALLOW_TEST_CALENDAR === 'true' || env.TDKT_WEB_ALLOW_TEST_CALENDAR === '1',
  }));

export interface WebConfig {
  /** Where Temporal is and how to reach it, as the worker's and the CLI's (client/temporalSettings.ts). */
  temporal: TemporalSettings;
  TEMPORAL_TASK_QUEUE: string;
  DATABASE_URL: string;
  SMTP_URL: string;
  MAIL_FROM: string;
  WEB_BASE_URL: string;
  WEB_PORT: number;
  WEB_TRUST_PROXY: boolean;
  TDKT_LINK_KEYS: LinkKey[];
  TDKT_WEB_ALLOW_TEST_CALENDAR: boolean;
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  TEMPORAL_UI_URL: string;
}

export class WebConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid web server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WebConfigError';
    this.problems = problems;
  }
}

export function loadWebConfig(env: Record<string, string | undefined>): WebConfig {
  const loaded = settingsWithTemporal(webEnvSchema, env, (error) =>
    issueLines(error, 'environment', (i) => (i.code === 'invalid_type' ? 'missing' : i.message)),
  );
  if ('problems' in loaded) throw new WebConfigError(loaded.problems);
  return loaded.config;
}

/** Whether cookies must be Secure: the public address is https. */
export function isHttps(config: Pick<WebConfig, 'WEB_BASE_URL'>): boolean {
  return config.WEB_BASE_URL.startsWith('https:');
}
