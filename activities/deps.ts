import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database } from '../db/schema.ts';
import type { LinkSettings } from './mail/links.ts';

/** What activities need from the outside world; tests pass real ones wired to their servers. */
export interface ActivityDeps {
  db: Kysely<Database>;
  mailer: Transporter;
  /** The From address of every mail, e.g. "Thi đua – Khen thưởng <tdkt@example.org>". */
  mailFrom: string;
  /** To reach other workflows: a cycle's submission signals-with-start its province's council. */
  temporal: Client;
  /** Where the web server is and the keys that sign the task links mails carry (WEB_BASE_URL, TDKT_LINK_KEYS). */
  links: LinkSettings;
}
