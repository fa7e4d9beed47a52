import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPledge, startCycle } from '../../client/operations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { copySeedCluster, eventually, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf } from '../support/mails.ts';
import { Browser, csrfOf, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// /console/pending over plain HTTP against the real worker, Temporal, PostgreSQL and mail sink: a
// cycle of a Điện Biên cluster with its pledge round open (one unit signed); the secretariat sees
// the four units still waiting, filters by cluster, unit and person, and re-sends a reminder (the
// mail in the sink, its email_outbox row, the audit event naming who; a second re-send within 10
// minutes refused). The administrator reads but may not re-send; Lai Châu's secretariat sees
// nothing of it (404); junk filters are a clear 400.

let h: Harness;
let web: TestWeb;
let cluster: string;
let pledgeRound: string;
const as: Record<'secretariat' | 'admin' | 'other' | 'councilSecretary', Browser> = {} as never;

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  cluster = await copySeedCluster(h.db);
  const cycle = cycleIdOf(cluster, 2018);
  // A long round: it stays open (no deadline, no closing) for the whole file.
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 900_000, 300));
  pledgeRound = roundId(cycle, 'pledge');
  await waitOpen(h.client, pledgeRound);
  await signPledge(h.client, { cycleId: cycle, unit: 'DBI', signer: REPS.DBI });
  // The invitations are mailed when the round opens: a reminder can be sent again once they are recorded.
  await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${pledgeRound}:invitation:MAN`), 30_000);
  for (const [who, person] of [
    ['secretariat', 'snv.ha'],
    ['admin', 'qt.khanh'],
    ['other', 'lc.thuy'],
    ['councilSecretary', 'hd.thuky'],
  ] as const) {
    as[who] = new Browser(web.url);
    await signInByMail(web, h, as[who], emailOf(person));
  }
}, 120_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

const rowsOf = (page: string) => [...page.matchAll(/<tr>\s*<td>/g)].length;

describe('the pending tasks of the province', () => {
  it('lists who must still sign, for which unit, since and until when in Vietnam time, filtered by cluster, unit and person', async () => {
    // The list is one visibility query, and visibility lags the workflows' search attributes a little:
    // ask until DBI's signature has left it.
    const all = await eventually(
      'the four unsigned units on the pending page',
      () => as.secretariat.get(`/console/pending?cluster=${cluster}`),
      (page) => page.status !== 200 || rowsOf(page.text) === 4,
    );
    expect(all.status).toBe(200);
    expect(rowsOf(all.text)).toBe(4);
    for (const name of ['Cầm Văn Tuấn', 'Lường Thị Hoa', 'Nguyễn Thị Lan', 'Lò Văn Hùng']) expect(all.text).toContain(name);
    expect(all.text).not.toContain('Quàng Văn Bình'); // DBI signed
    expect(all.text).toContain('Ký giao ước thi đua');
    expect(all.text).toMatch(/\d\d:\d\d:\d\d ngày \d\d\/\d\d\/2\d{3}/);
    expect(all.text).toContain(`/console/cycle?id=${encodeURIComponent(cycleIdOf(cluster, 2018))}`);
    expect(all.text).toContain('Gửi lại thư nhắc');

    const man = await as.secretariat.get(`/console/pending?cluster=${cluster}&unit=MAN`);
    expect(rowsOf(man.text)).toBe(1);
    expect(man.text).toContain('Lường Thị Hoa');
    // Within this file's cluster: other files' clusters in the shared database have tgi.tuan's tasks too.
    const tuan = await as.secretariat.get(`/console/pending?cluster=${cluster}&person=${REPS.TGI}`);
    expect(rowsOf(tuan.text)).toBe(1);
    expect(tuan.text).toContain('UBND huyện Tuần Giáo');
    // The whole province (no filter) holds the cluster's four as well.
    expect(rowsOf((await as.secretariat.get('/console/pending')).text)).toBeGreaterThanOrEqual(4);
  });

  it('refuses junk filters with a clear 400 and a cluster of another province with 404', async () => {
    for (const junk of ['cluster=<script>', 'unit=abc', 'person=NOT%20AN%20ID', `cluster=${'A'.repeat(40)}`]) {
      const answer = await as.secretariat.get(`/console/pending?${junk}`);
      expect(answer.status, junk).toBe(400);
      expect(answer.text).toContain('Bộ lọc không hợp lệ');
      expect(answer.text).not.toContain('<script>');
      expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    }
    const other = await as.other.get(`/console/pending?cluster=${cluster}`);
    expect(other.status).toBe(404);
    const theirs = await as.other.get('/console/pending');
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain(cluster);
    expect(theirs.text).not.toContain('Lường Thị Hoa');
  });
});

describe('re-sending a reminder', () => {
  const resentRows = () =>
    h.db
      .selectFrom('email_outbox')
      .select(['key', 'recipient', 'status', 'person_id'])
      .where('key', 'like', `${pledgeRound}:reminder-resent:MAN:%`)
      .execute();

  it('mails it again through the web, records it in email_outbox and the audit log, and refuses a second one within 10 minutes', async () => {
    const page = await as.secretariat.get(`/console/pending?cluster=${cluster}`);
    const form = { csrf: csrfOf(page.text), wf: pledgeRound, unit: 'MAN', back: `/console/pending?cluster=${cluster}` };
    const sent = await as.secretariat.post('/console/pending/resend', form);
    expect(sent.status).toBe(303);
    expect(sent.location).toContain(`/console/pending?cluster=${cluster}&resentRound=`);
    const confirmed = await as.secretariat.get(sent.location!);
    expect(confirmed.text).toContain('Đã gửi lại thư nhắc tới Lường Thị Hoa');

    const [row] = await resentRows();
    expect(row).toMatchObject({ status: 'sent', person_id: REPS.MAN, recipient: emailOf(REPS.MAN) });
    const mails = await h.mail.waitFor((all) => all.some((m) => keyOf(m) === row!.key), 30_000);
    const mail = mails.find((m) => keyOf(m) === row!.key)!;
    expect(mail.to).toContain(emailOf(REPS.MAN));
    // The words and the personal link of the mail the worker sent first.
    const first = await h.db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('key', '=', `${pledgeRound}:invitation:MAN`)
      .executeTakeFirstOrThrow();
    expect(mail.text).toMatch(/\/t\/[\w-]+\.[\w-]+\.[\w-]+/);
    if (mail.subject === first.subject) expect(mail.text.trim()).toBe(first.text_body.trim());
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'subject', 'details'])
      .where('action', '=', 'reminder.resent')
      .where('key', '=', row!.key)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: 'snv.ha', subject: 'MAN', details: { round: pledgeRound, to: REPS.MAN } });

    const again = await as.secretariat.post('/console/pending/resend', form);
    expect(again.status).toBe(429);
    expect(again.text).toContain('10 phút');
    expect(await resentRows()).toHaveLength(1);
  });

  it('refuses the administrator (403), the council secretary (403), another province (404), a finished task (409) and junk (400)', async () => {
    const adminPage = await as.admin.get(`/console/pending?cluster=${cluster}`);
    expect(adminPage.status).toBe(200);
    expect(rowsOf(adminPage.text)).toBe(4);
    expect(adminPage.text).not.toContain('Gửi lại thư nhắc');
    const form = (b: string) => ({ csrf: csrfOf(b), wf: pledgeRound, unit: 'TGI' });
    const admin = await as.admin.post('/console/pending/resend', form(adminPage.text));
    expect(admin.status).toBe(403);
    expect(admin.text).toContain('Quản trị viên');
    const secretaryPage = await as.councilSecretary.get('/console/pending');
    expect((await as.councilSecretary.post('/console/pending/resend', form(secretaryPage.text))).status).toBe(403);
    const otherPage = await as.other.get('/console/pending');
    expect((await as.other.post('/console/pending/resend', form(otherPage.text))).status).toBe(404);

    const page = await as.secretariat.get('/console/pending');
    const done = await as.secretariat.post('/console/pending/resend', { ...form(page.text), unit: 'DBI' });
    expect(done.status).toBe(409);
    expect(done.text).toContain('Việc không còn chờ');
    for (const junk of [{ wf: 'not-a-round' }, { unit: 'x' }, { wf: '' }]) {
      const answer = await as.secretariat.post('/console/pending/resend', { ...form(page.text), ...junk });
      expect(answer.status, JSON.stringify(junk)).toBe(400);
    }
    expect(
      await h.db.selectFrom('email_outbox').select('key').where('key', 'like', `${pledgeRound}:reminder-resent:TGI:%`).execute(),
    ).toEqual([]);
  });
});
