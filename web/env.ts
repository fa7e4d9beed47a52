import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import type { PersonRow } from '../db/queries/participants.ts';
import type { WebConfig } from './config.ts';
import type { ConsoleAccess } from './console/access.ts';
import type { Lang, Translate } from './i18n.ts';

// What the web application is built from (createApp's deps) and what each request carries.

export interface WebDeps {
  db: Kysely<Database>;
  temporal: Client;
  config: WebConfig;
  /** Sends the sign-in mails (the worker sends every other mail). */
  mailer: Transporter;
  /** The time now in ms; tests may move it. */
  clock?: () => number;
  log?: Logger;
  /** The sign-in limits per 15 minutes (default 5 per address, 20 per client). */
  signInLimits?: { perAddress: number; perClient: number };
}

export interface Session {
  person: PersonRow;
  csrf: string;
}

export interface AppEnv {
  Variables: {
    lang: Lang;
    t: Translate;
    session: Session | undefined;
    /** The token the forms of this page carry: the session's, or the anonymous visitor's cookie. */
    csrf: string;
    /** The form fields of a POST, read once by the CSRF check. */
    form: Record<string, string>;
    /** The console's roles and province, on `/console` routes (set by consoleGuard). */
    console: ConsoleAccess | undefined;
  };
}
