import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilStatus } from '../../client/councilOperations.ts';
import { cycleStatus } from '../../client/operations.ts';
import type { ReceivedMail } from '../../infra/mailSink.ts';
import { chairTasksFor } from '../../web/pages/chair.ts';
import { REPS, waitForPhase } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf, taskLinkClaim } from '../support/mails.ts';
import { runToReturnedNomination, SECRETARIAT } from '../support/returnedNomination.ts';
import { Browser, csrfOf, fieldOf, reserveTestWeb, startTestWeb, type TestWeb, taskLinkIn } from './webSupport.ts';

// The cluster chair's amendment of a submission the council returned, over plain HTTP against the
// real worker, Temporal, PostgreSQL and mail sink: a province of its own with one cluster (a copy of
// the low-land cluster, chair DBI, deputy MAN) runs a compressed year up to its submission; the
// secretariat returns DBP's certificate at appraisal (test/support/returnedNomination.ts). The chair opens the link of the
// returned-nomination mail as the sink received it, reads the council's reason, is refused with a
// short note (kept), then amends withdrawing DBP: version 2 of the tờ trình is recorded and reaches
// the council; a second amendment is refused.

const RETURN_REASON = 'Thiếu báo cáo thành tích có xác nhận của cấp trên';
const NOTE = 'Rút đề nghị Bằng khen của UBND thành phố Điện Biên Phủ theo ý kiến thẩm định';

let h: Harness;
let web: TestWeb;
let lowland: string;
let cycle: string;
let council: string;
let returned: string;
const taskPath = () => `/task?wf=${encodeURIComponent(cycle)}`;
const documentPath = (version: number) => `/documents/${encodeURIComponent(`${cycle}/to-trinh-v${version}`)}`;

beforeAll(async () => {
  const reserved = await reserveTestWeb();
  h = await startHarness(undefined, { links: reserved.links });
  web = await startTestWeb(h, {}, reserved);
  ({ cluster: lowland, cycle, council, returned } = await runToReturnedNomination(h, RETURN_REASON));
}, 180_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

/** The personal task link in a mail's text, exactly as received: its path on this server. */
const linkIn = (mail: ReceivedMail) => new URL(taskLinkIn(mail, web)).pathname;

/** A browser signed in as `person` through a task link to the cycle. */
async function signedIn(person: string): Promise<Browser> {
  const browser = new Browser(web.url);
  await browser.follow(new URL(web.link({ person, role: 'chair', task: cycle, expiresAt: Date.now() + 3_600_000 })).pathname);
  return browser;
}

const fresh = () => `web-${crypto.randomUUID()}`;
const formOf = (page: string) => ({
  csrf: csrfOf(page),
  wf: cycle,
  request: page.includes('name="request"') ? fieldOf(page, 'request') : fresh(),
});
const tasksOf = async (person: string) =>
  (await chairTasksFor({ db: h.db, temporal: h.client }, person))
    .filter((task) => task.cycleId === cycle)
    .map((task) => [task.kind, task.role]);
const submissions = () =>
  h.db
    .selectFrom('council_submission')
    .select(['version', 'nominations', 'note', 'document_id', 'submitted_by'])
    .where('cycle_id', '=', cycle)
    .orderBy('version')
    .execute();

let chair: Browser;
/** The chair's form as the page gave it. */
let chairForm: { csrf: string; wf: string; request: string };

describe('a nomination the council returned', () => {
  it('opens from the chair’s mail as received, with the council’s reason and the form to amend it', async () => {
    const all = await h.mail.waitFor((mails) => mails.some((m) => keyOf(m).startsWith(`${council}:returned:${returned}:`)), 60_000);
    const mail = all.find((m) => keyOf(m).startsWith(`${council}:returned:${returned}:`))!;
    expect(mail.to).toEqual([`${REPS.DBI}@example.org`]);
    expect(mail.text).toContain(RETURN_REASON);
    expect(taskLinkClaim(mail, { baseUrl: web.url, keys: web.keys })).toMatchObject({ person: REPS.DBI, role: 'chair', task: cycle });

    chair = new Browser(web.url);
    const first = await chair.get(linkIn(mail));
    expect(first.status).toBe(303);
    expect(first.location).toBe(taskPath());
    const page = await chair.get(first.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Giai đoạn hiện tại: Hội đồng trả lại hồ sơ để bổ sung.');
    expect(page.text).toContain('Tờ trình gửi Hội đồng tỉnh');
    expect(page.text).toContain(`href="${documentPath(1)}"`);
    expect(page.text).toContain('Sửa và gửi lại tờ trình');
    expect(page.text).toContain(`<li>Bằng khen của Chủ tịch UBND tỉnh – UBND thành phố Điện Biên Phủ (DBP). Lý do: ${RETURN_REASON}</li>`);
    expect(page.text).not.toContain('Cờ thi đua của UBND tỉnh – UBND huyện Tuần Giáo (TGI). Lý do');
    expect(page.text).toContain('Tờ trình phiên bản 2 sẽ được gửi lại Hội đồng tỉnh');
    expect(page.text).toContain('action="/task/chair/amend"');
    expect(page.text).toMatch(
      /name="withdraw\.DBP" value="on">\n<label [^>]*>UBND thành phố Điện Biên Phủ \(DBP\): Bằng khen[^<]*\(bị trả lại\)/,
    );
    expect(page.text).toContain('name="withdraw.TGI"');
    expect(page.text).not.toContain('name="withdraw.MLA"');
    chairForm = formOf(page.text);

    // My tasks: the chair's amendment, with a link to the page; nothing for the deputy.
    expect(await tasksOf(REPS.DBI)).toEqual([['amend', 'chair']]);
    expect(await tasksOf(REPS.MAN)).toEqual([]);
    const home = await chair.get('/');
    expect(home.text).toContain('Sửa và gửi lại tờ trình bị trả lại');
    expect(home.text).toContain(`href="${taskPath()}"`);
    // The tờ trình sent is readable from the page's link.
    expect((await chair.get(documentPath(1))).status).toBe(200);

    // The deputy reads what was returned, without a form.
    const deputy = await signedIn(REPS.MAN);
    const deputyPage = await deputy.get(taskPath());
    expect(deputyPage.status).toBe(200);
    expect(deputyPage.text).toContain(`Lý do: ${RETURN_REASON}`);
    expect(deputyPage.text).toContain('Chỉ Trưởng cụm (UBND huyện Điện Biên (DBI)) sửa và gửi lại tờ trình.');
    expect(deputyPage.text).not.toContain('action="/task/chair/amend"');
  });

  it('refuses a missing CSRF token, a short note (kept, beside the field), a unit not submitted, the deputy and the secretariat', async () => {
    const valid = { ...chairForm, note: NOTE, 'withdraw.DBP': 'on' };
    const noCsrf = await chair.post('/task/chair/amend', { ...valid, csrf: '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.text).toContain('Biểu mẫu đã hết hiệu lực');

    const short = await chair.post('/task/chair/amend', { ...valid, note: 'Đã sửa' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('Chưa gửi lại được tờ trình. Hãy sửa các mục dưới đây.');
    expect(short.text).toContain('<p class="error" id="amend-note-error">Hãy giải trình nội dung sửa đổi, ít nhất 10 ký tự.</p>');
    expect(short.text).toContain('aria-invalid="true" aria-describedby="amend-note-error amend-note-help"');
    expect(short.text).toContain('>Đã sửa</textarea>');
    expect(short.text).toContain('name="withdraw.DBP" value="on" checked>');
    expect(short.text).toContain(`Lý do: ${RETURN_REASON}`);
    expect((await chair.post('/task/chair/amend', { ...valid, note: '          ' })).status).toBe(400);
    const hostile = await chair.post('/task/chair/amend', { ...valid, note: `${NOTE}\u0000` });
    expect(hostile.status).toBe(400);
    expect(hostile.text).toContain('id="amend-note-error"');

    const stranger = await chair.post('/task/chair/amend', { ...valid, 'withdraw.MLA': 'on' });
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain(
      '<p class="error" id="amend-withdraw-error">Chỉ rút được đề nghị của các đơn vị có trong tờ trình hiện tại.</p>',
    );
    expect(stranger.text).toContain(`>${NOTE}</textarea>`);

    const deputy = await signedIn(REPS.MAN);
    const byDeputy = await deputy.post('/task/chair/amend', { ...valid, ...formOf((await deputy.get(taskPath())).text) });
    expect(byDeputy.status).toBe(403);
    expect(byDeputy.text).toContain('Chỉ Trưởng cụm');
    const secretariat = await signedIn(SECRETARIAT);
    const bySecretariat = await secretariat.post('/task/chair/amend', { ...valid, csrf: csrfOf((await secretariat.get('/')).text) });
    expect(bySecretariat.status).toBe(403);
    expect((await submissions()).map((s) => s.version)).toEqual([1]);
  });

  it('takes the chair’s amendment: version 2 recorded and sent to the council, the receipt linking its tờ trình', async () => {
    const done = await chair.post('/task/chair/amend', { ...chairForm, note: NOTE, 'withdraw.DBP': 'on' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã ghi nhận');
    expect(done.text).toContain(
      'Đã gửi lại tờ trình phiên bản 2 tới Hội đồng tỉnh. Đã rút đề nghị của: UBND thành phố Điện Biên Phủ (DBP).',
    );
    expect(done.text).toContain(`<a href="${documentPath(2)}">Xem tờ trình phiên bản 2</a>`);

    const rows = await submissions();
    expect(rows.map((r) => [r.version, r.note, r.submitted_by, r.document_id])).toEqual([
      [1, null, REPS.DBI, `${cycle}/to-trinh-v1`],
      [2, NOTE, REPS.DBI, `${cycle}/to-trinh-v2`],
    ]);
    const [v1, v2] = rows.map((r) => r.nominations as { award: string; unit: string }[]);
    expect(v1).toContainEqual({ award: 'certificate', unit: 'DBP' });
    expect(v2).toEqual(v1!.filter((n) => n.unit !== 'DBP'));
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'subject', 'details'])
      .where('key', '=', `${cycle}:submitted-to-council:v2`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor: REPS.DBI, subject: council, details: { version: 2, nominations: v2, withdrawn: ['DBP'], note: NOTE } });
    const appraisal = await h.db
      .selectFrom('council_event')
      .select(['actor', 'details'])
      .where('council_id', '=', council)
      .where('kind', '=', 'appraisal')
      .where('key', 'like', `appraisal:${returned}:%`)
      .execute();
    expect(appraisal).toEqual([
      { actor: SECRETARIAT, details: { nomination: returned, status: 'returned', by: SECRETARIAT, reason: RETURN_REASON } },
    ]);

    // The council has the new version: DBP's certificate withdrawn, the others as they were.
    await waitForPhase(h.client, cycle, 'submitted', 30_000);
    const status = await councilStatus(h.client, council);
    expect(status.submissions.find((s) => s.cluster === lowland)).toMatchObject({ version: 2, documentId: `${cycle}/to-trinh-v2` });
    expect(status.appraisal[returned]).toEqual({ status: 'withdrawn' });
    expect(status.appraisal[`${lowland}:flag:TGI`]).toMatchObject({ status: 'accepted' });
    expect((await cycleStatus(h.client, cycle)).cycle.council).toMatchObject({ version: 2 });

    // The page shows version 2 without the form; the new tờ trình carries the note; My tasks has nothing left.
    const page = await chair.get(taskPath());
    expect(page.text).toContain('Phiên bản 2, gửi lúc');
    expect(page.text).not.toContain('action="/task/chair/amend"');
    const document = await chair.get(documentPath(2));
    expect(document.status).toBe(200);
    expect(document.text).toContain(NOTE);
    expect(await tasksOf(REPS.DBI)).toEqual([]);
  });

  it('refuses a second amendment, and the same form sent again, saying version 2 was sent', async () => {
    const again = await chair.post('/task/chair/amend', { ...chairForm, request: fresh(), note: 'Bổ sung thêm minh chứng cho TGI' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Đã thực hiện');
    expect(again.text).toContain('Tờ trình đã được sửa và gửi lại Hội đồng tỉnh (phiên bản 2).');
    const resent = await chair.post('/task/chair/amend', { ...chairForm, note: NOTE, 'withdraw.DBP': 'on' });
    expect(resent.status).toBe(409);
    expect((await submissions()).map((s) => s.version)).toEqual([1, 2]);
    // In English too.
    const english = await chair.post('/task/chair/amend?lang=en', { ...chairForm, request: fresh(), note: NOTE });
    expect(english.status).toBe(409);
    expect(english.text).toContain('The amended submission (version 2) has been sent to the council.');
  });
});
