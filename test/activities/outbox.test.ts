import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverMails, enqueueMails } from '../../activities/outbox.ts';
import { connectDatabase } from '../../db/connect.ts';
import { connectMailSink } from '../../infra/mailSink.ts';
import { DEFAULT_MAIL_FROM } from '../../worker/config.ts';

// The outbox against the real Postgres and mail sink: a mail that cannot be sent stays pending
// with the reason, and is sent once (and only once) when the mail server is back.

let db: ReturnType<typeof connectDatabase>;
beforeAll(() => {
  db = connectDatabase(inject('databaseUrl'));
});
afterAll(async () => {
  await db.destroy();
});

describe('the mail outbox', () => {
  it('keeps an unsendable mail pending with the reason, then sends it exactly once', async () => {
    const key = `outbox-test:${Date.now()}`;
    const to = { id: 'dbi.binh', email: 'dbi.binh@example.org', fullName: 'Quàng Văn Bình' };
    const mail = { subject: 'Thử hộp thư đi', text: 'Nội dung', html: '<p>Nội dung</p>' };
    await db.transaction().execute((tx) => enqueueMails(tx, DEFAULT_MAIL_FROM, [{ key, cycleId: null, to, mail }]));
    // Enqueueing again (a retried activity) adds nothing.
    await db.transaction().execute((tx) => enqueueMails(tx, DEFAULT_MAIL_FROM, [{ key, cycleId: null, to, mail }]));

    const down = nodemailer.createTransport('smtp://127.0.0.1:1');
    await expect(deliverMails({ db, mailer: down, mailFrom: DEFAULT_MAIL_FROM }, [key])).rejects.toThrow(/ECONNREFUSED/);
    const pending = await db.selectFrom('email_outbox').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/) });

    const up = nodemailer.createTransport(inject('smtpUrl'));
    expect(await deliverMails({ db, mailer: up, mailFrom: DEFAULT_MAIL_FROM }, [key])).toBe(1);
    expect(await deliverMails({ db, mailer: up, mailFrom: DEFAULT_MAIL_FROM }, [key])).toBe(0);
    const sent = await db.selectFrom('email_outbox').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

    const received = (
      await connectMailSink(inject('mailWebUrl')).waitFor((all) => all.some((m) => m.headers['x-tdkt-key'] === key))
    ).filter((m) => m.headers['x-tdkt-key'] === key);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['message-id']).toBe(sent.message_id);
    expect(received[0]!.subject).toBe('Thử hộp thư đi');
    up.close();
    down.close();
  });
});
