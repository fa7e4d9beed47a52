import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverMails, enqueueMails, retryDelayMs } from '../../activities/outbox.ts';
import { startOutboxCourier } from '../../activities/outboxCourier.ts';
import { eventually } from '../support/fixtures.ts';
import { connectDatabase } from '../../db/connect.ts';
import { connectMailSink } from '../../infra/mailSink.ts';
import { DEFAULT_MAIL_FROM } from '../../worker/config.ts';

// The outbox against the real Postgres and mail sink: a mail the server does not take stays
// pending with the reason and a time to try again, without failing the activity that wrote it (nor
// are the mails after it tried); the courier then sends each exactly once when the server is back.

let db: ReturnType<typeof connectDatabase>;
beforeAll(() => {
  db = connectDatabase(inject('databaseUrl'));
});
afterAll(async () => {
  await db.destroy();
});

const row = (key: string) => db.selectFrom('email_outbox').selectAll().where('key', '=', key).executeTakeFirstOrThrow();

describe('the mail outbox', () => {
  it('keeps unsendable mails pending for the courier, which sends each exactly once when the server is back', async () => {
    const keys = [`outbox-test:${Date.now()}:a`, `outbox-test:${Date.now()}:b`];
    const to = { id: 'dbi.binh', email: 'dbi.binh@example.org', fullName: 'Quàng Văn Bình' };
    const mails = keys.map((key) => ({
      key,
      cycleId: null,
      to,
      mail: { subject: 'Thử hộp thư đi', text: 'Nội dung', html: '<p>Nội dung</p>' },
    }));
    await db.transaction().execute((tx) => enqueueMails(tx, DEFAULT_MAIL_FROM, mails));
    // Enqueueing again (a retried activity) adds nothing.
    await db.transaction().execute((tx) => enqueueMails(tx, DEFAULT_MAIL_FROM, mails));

    const down = nodemailer.createTransport('smtp://127.0.0.1:1');
    const before = Date.now();
    expect(await deliverMails({ db, mailer: down, mailFrom: DEFAULT_MAIL_FROM }, keys)).toBe(0);
    const [first, second] = [await row(keys[0]!), await row(keys[1]!)];
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/) });
    // The first failure stops the batch: the second was not tried, only given to the courier.
    expect(second).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    for (const r of [first, second]) expect(r.next_attempt_at!.getTime()).toBeGreaterThanOrEqual(before + retryDelayMs(1) - 50);
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect(retryDelayMs(40)).toBe(600_000);

    // The courier, with the server back: both sent once their time comes, and not again.
    const up = nodemailer.createTransport(inject('smtpUrl'));
    const courier = startOutboxCourier({ db, mailer: up, mailFrom: DEFAULT_MAIL_FROM }, { intervalMs: 200 });
    try {
      await eventually(
        'both mails sent by the courier',
        async () => (await Promise.all(keys.map(row))).map((r) => r.status),
        (statuses) => statuses.every((s) => s === 'sent'),
        15_000,
      );
    } finally {
      await courier.stop();
    }
    const sent = await row(keys[0]!);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null, next_attempt_at: null });
    expect(await deliverMails({ db, mailer: up, mailFrom: DEFAULT_MAIL_FROM }, keys)).toBe(0);

    const sink = connectMailSink(inject('mailWebUrl'));
    for (const key of keys) {
      const received = (await sink.waitFor((all) => all.some((m) => m.headers['x-tdkt-key'] === key))).filter(
        (m) => m.headers['x-tdkt-key'] === key,
      );
      expect(received).toHaveLength(1);
      expect(received[0]!.headers['message-id']).toBe((await row(key)).message_id);
      expect(received[0]!.subject).toBe('Thử hộp thư đi');
    }
    up.close();
    down.close();
  });
});
