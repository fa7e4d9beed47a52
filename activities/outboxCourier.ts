import type { ActivityDeps } from './deps.ts';
import { deliverMails } from './outbox.ts';

// The outbox's courier, running beside each worker: every few seconds it sends the mails that the
// mail server did not take when their activity wrote them, once their next try is due (outbox.ts
// sets it, later after each failure). Sending goes through deliverMails, which locks each row while
// it is sent: the activities and the couriers of several workers never send a mail twice.

/** Mails tried at one look; the next look takes the rest. */
const BATCH = 100;

export interface OutboxCourier {
  /** Stops looking; resolves once the look in hand is done. */
  stop(): Promise<void>;
}

export function startOutboxCourier(
  deps: Pick<ActivityDeps, 'db' | 'mailer' | 'mailFrom'>,
  opts: { intervalMs?: number; log?: (message: string, fields: Record<string, unknown>) => void } = {},
): OutboxCourier {
  const intervalMs = opts.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();

  const look = async () => {
    const due = await deps.db
      .selectFrom('email_outbox')
      .select('key')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', new Date())
      .orderBy('next_attempt_at')
      .limit(BATCH)
      .execute();
    if (due.length === 0) return;
    const sent = await deliverMails(
      deps,
      due.map((r) => r.key),
    );
    opts.log?.('outbox courier: mails that had waited', { due: due.length, sent });
  };
  const next = () => {
    if (stopped) return;
    looking = look()
      // A database that is down is the next look's concern; the courier keeps going.
      .catch((error: unknown) =>
        opts.log?.('outbox courier: the look failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(next, intervalMs);
      });
  };
  timer = setTimeout(next, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
    },
  };
}
