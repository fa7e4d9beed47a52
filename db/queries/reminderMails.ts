import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

// The mails of a unit's task in a round, as the outbox recorded them: the round's invitation
// (`<round>:invitation:<unit>`), its numbered reminders (`<round>:reminder:<n>:<unit>`), and the
// reminders the secretariat mailed again from the console (`<round>:reminder-resent:<unit>:<ms>`).

type Db = Kysely<Database> | Transaction<Database>;

/** A LIKE pattern matching `text` literally (codes may hold "_"). */
const literal = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The key prefix of the reminders mailed again for a unit's task. */
export const resentKeyPrefix = (roundId: string, unit: string) => `${roundId}:reminder-resent:${unit}:`;

/** The newest reminder (else the invitation) the worker mailed to the person for the unit's task; undefined when none is recorded. */
export function latestTaskMail(db: Db, roundId: string, unit: string, personId: string) {
  return db
    .selectFrom('email_outbox')
    .select(['key', 'cycle_id', 'recipient', 'subject', 'text_body', 'html_body', 'created_at'])
    .where('person_id', '=', personId)
    .where((w) =>
      w.or([w('key', '=', `${roundId}:invitation:${unit}`), w('key', 'like', `${literal(`${roundId}:reminder:`)}%:${literal(unit)}`)]),
    )
    .orderBy(sql`key like ${`${literal(`${roundId}:reminder:`)}%`}`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest reminder the secretariat mailed again for the unit's task, if any. */
export function latestResent(db: Db, roundId: string, unit: string) {
  return db
    .selectFrom('email_outbox')
    .select(['key', 'person_id', 'recipient', 'created_at', 'sent_at'])
    .where('key', 'like', `${literal(resentKeyPrefix(roundId, unit))}%`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
