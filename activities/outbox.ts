import { createHash } from 'node:crypto';
import { asyncLocalStorage } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import type { Recipient } from '../db/queries/cycleContext.ts';
import type { Database } from '../db/schema.ts';
import { headerValue } from '../domain/text.ts';
import type { ActivityDeps } from './deps.ts';
import type { RenderedMail } from './mail/templates.ts';

// The mail outbox. An activity writes its records and its mails in one transaction, keyed by
// business keys, then delivers the mails it wrote. A retried activity finds the rows already there
// and the mails already marked sent, so nothing is recorded or sent twice. A mail the server does
// not take stays pending for the worker's courier (outboxCourier.ts): a mail server that is down
// holds back mails, never a round.

// Who a mail goes to is read with the cycle's context; re-exported for the activities that word mails.
export type { Recipient };

export interface OutgoingMail {
  key: string;
  cycleId: string | null;
  to: Recipient;
  mail: RenderedMail;
}

/** A Message-ID derived from the key, so even a mail re-sent after a crash can be recognised. */
function messageIdFor(key: string, mailFrom: string): string {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'tdkt.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * The running activity's logger, whose lines name the workflow, its run and the activity; none
 * outside an activity (the outbox's own test delivers directly).
 */
const activityLog = () => asyncLocalStorage.getStore()?.log;

export async function enqueueMails(tx: Transaction<Database>, mailFrom: string, mails: OutgoingMail[]): Promise<string[]> {
  if (mails.length === 0) return [];
  await tx
    .insertInto('email_outbox')
    .values(
      mails.map((m) => ({
        key: m.key,
        cycle_id: m.cycleId,
        person_id: m.to.id,
        recipient: headerValue(m.to.email),
        subject: headerValue(m.mail.subject),
        text_body: m.mail.text,
        html_body: m.mail.html,
        message_id: messageIdFor(m.key, mailFrom),
        status: 'pending' as const,
        last_error: null,
        sent_at: null,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return mails.map((m) => m.key);
}

/** The pause before the courier tries a failed mail again: doubling from 2 s, at most 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/**
 * Sends the pending mails among `keys`, each row locked while it is sent, so two senders at once
 * (an activity and the courier, two workers) cannot both send it. The first mail the server does
 * not take is left pending with the reason and the time of its next try, and so are the rest
 * (a server that is down would fail each in turn): the courier sends them. Resolves to how many
 * were sent.
 */
export async function deliverMails(deps: Pick<ActivityDeps, 'db' | 'mailer' | 'mailFrom'>, keys: string[]): Promise<number> {
  let sent = 0;
  for (const [i, key] of keys.entries()) {
    const failed = await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('email_outbox')
        .selectAll()
        .where('key', '=', key)
        .where('status', '=', 'pending')
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return false;
      try {
        await deps.mailer.sendMail({
          from: deps.mailFrom,
          to: { name: '', address: row.recipient },
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: row.message_id,
          headers: { 'X-Tdkt-Key': key },
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // The activity goes on (the courier sends it later), so the reason is said here; the subject and body are never logged.
        activityLog()?.warn('mail not sent: left for the courier', { key, messageId: row.message_id, reason: message });
        await tx
          .updateTable('email_outbox')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: message,
            next_attempt_at: new Date(Date.now() + retryDelayMs(row.attempts + 1)),
          }))
          .where('key', '=', key)
          .execute();
        return true;
      }
      await tx
        .updateTable('email_outbox')
        .set((eb) => ({ status: 'sent', sent_at: new Date(), attempts: eb('attempts', '+', 1), last_error: null, next_attempt_at: null }))
        .where('key', '=', key)
        .execute();
      activityLog()?.info('mail sent', { key, messageId: row.message_id });
      sent++;
      return false;
    });
    if (failed) {
      // The rest wait for the courier too, without a failure of their own: they were not tried.
      const rest = keys.slice(i + 1);
      if (rest.length)
        await deps.db
          .updateTable('email_outbox')
          .set({ next_attempt_at: new Date(Date.now() + retryDelayMs(1)) })
          .where('key', 'in', rest)
          .where('status', '=', 'pending')
          .where('next_attempt_at', 'is', null)
          .execute();
      break;
    }
  }
  return sent;
}
