import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface AuditInput {
  /** Business key of the event: a retried activity appends nothing twice. */
  key: string;
  cycleId: string | null;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export async function appendAudit(db: Kysely<Database> | Transaction<Database>, event: AuditInput): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      key: event.key,
      cycle_id: event.cycleId,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      details: JSON.stringify(event.details),
      occurred_at: event.occurredAt,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
