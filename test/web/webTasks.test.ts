import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { signTaskLink, type TaskClaim } from '../../taskLinks/taskLink.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf } from '../support/mails.ts';
import { Browser, csrfOf, fieldOf, startTestWeb, type TestWeb } from './webSupport.ts';

// The task pages over plain HTTP against the real worker, Temporal, PostgreSQL and mail sink: a
// task link signs its person in and opens the task; the pledge is signed through the page (row,
// audit event with the web channel, receipt mail); refusals (a link that is expired, tampered,
// signed with an unknown key; a person acting for a unit they do not represent; a second
// signature; a closed round) are clear pages; a year-end report with a self-score mistake is
// shown again with the error beside the field and the input kept (escaped), then corrected.

let h: Harness;
let web: TestWeb;
let cycle: string;
let pledgeRound: string;
const ROUND_MS = 120_000;

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  const cluster = await copySeedCluster(h.db);
  const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true });
  // The report rounds open as soon as the pledge round closes (once every unit has signed), not a round later.
  const soon = new Date(Date.now() + 2_000).toISOString();
  input.calendar.reporting = input.calendar.reporting!.map((r) => ({ ...r, opensAt: soon }));
  cycle = cycleIdOf(cluster, 2018);
  await startCycle(h.client, h.taskQueue, input);
  pledgeRound = roundId(cycle, 'pledge');
  await waitOpen(h.client, pledgeRound);
}, 60_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

const claim = (over: Partial<TaskClaim> = {}): TaskClaim => ({
  person: REPS.DBI,
  role: 'representative',
  task: pledgeRound,
  unit: 'DBI',
  expiresAt: Date.now() + 3_600_000,
  ...over,
});
const taskPath = (wf: string, unit: string) => `/task?wf=${encodeURIComponent(wf)}&unit=${unit}`;

describe('task links', () => {
  it('refuses an expired, tampered, malformed or foreign-key link with a clear page, signing no one in', async () => {
    const browser = new Browser(web.url);
    const expired = await browser.get(new URL(web.link(claim({ expiresAt: Date.now() - 1000 }))).pathname);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Đường dẫn đã hết hạn');
    expect(expired.text).toContain('href="/sign-in"');

    const token = new URL(web.link(claim())).pathname.slice('/t/'.length);
    const [payload, keyId, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify(claim({ unit: 'MAN' }))).toString('base64url');
    const otherKey = [{ id: 'k1', secret: randomBytes(32) }];
    for (const bad of [
      `${forged}.${keyId}.${mac}`,
      `${payload}.${keyId}.${mac.slice(0, -2)}AA`,
      `${payload}.k9.${mac}`,
      'not-a-token',
      signTaskLink(claim(), otherKey),
    ]) {
      const answer = await browser.get(`/t/${bad}`);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Đường dẫn không hợp lệ');
      expect(answer.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    expect(browser.cookies.has('tdkt_session')).toBe(false);
    // A well-signed link for a person who does not exist signs no one in either.
    expect((await browser.get(new URL(web.link(claim({ person: 'no.such.person' }))).pathname)).status).toBe(400);
  });

  it("opens the task for the link's person; another person's session cannot act for a unit they do not represent", async () => {
    const tgi = new Browser(web.url);
    const opened = await tgi.get(new URL(web.link(claim({ person: REPS.TGI, unit: 'TGI' }))).pathname);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(taskPath(pledgeRound, 'TGI'));
    expect(tgi.cookies.has('tdkt_session')).toBe(true);

    // The same person changes the unit in the address, or posts the form for another unit.
    const foreign = await tgi.get(taskPath(pledgeRound, 'MAN'));
    expect(foreign.status).toBe(403);
    expect(foreign.text).not.toContain('name="wf"');
    const page = await tgi.get(taskPath(pledgeRound, 'TGI'));
    const posted = await tgi.post('/task/pledge', { csrf: csrfOf(page.text), wf: pledgeRound, unit: 'MAN' });
    expect(posted.status).toBe(403);
    // A link naming a unit its person does not represent opens nothing either.
    const mixed = new Browser(web.url);
    await mixed.get(new URL(web.link(claim({ person: REPS.TGI, unit: 'MAN' }))).pathname);
    expect((await mixed.get(taskPath(pledgeRound, 'MAN'))).status).toBe(403);
    expect(
      await h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', cycle).where('unit_code', '=', 'MAN').execute(),
    ).toEqual([]);
  });
});

describe('the pledge', () => {
  it('is signed through the page: the row, the audit event with channel web, the receipt mail; a second signature shows what was recorded', async () => {
    const browser = new Browser(web.url);
    const task = await browser.follow(new URL(web.link(claim())).pathname);
    expect(task.status).toBe(200);
    expect(task.text).toContain('Ký giao ước thi đua 2018');
    expect(task.text).toContain('Kinh tế và ngân sách'); // the rubric's groups
    // Listed as waiting on My tasks, with its deadline and link.
    const home = await browser.get('/');
    expect(home.text).toContain(taskPath(pledgeRound, 'DBI').replace('&', '&amp;'));

    const form = { csrf: csrfOf(task.text), wf: pledgeRound, unit: 'DBI', request: fieldOf(task.text, 'request') };
    const signed = await browser.post('/task/pledge', form);
    expect(signed.status).toBe(200);
    expect(signed.text).toContain('Đã ghi nhận');

    const row = await h.db
      .selectFrom('pledge')
      .selectAll()
      .where('cycle_id', '=', cycle)
      .where('unit_code', '=', 'DBI')
      .executeTakeFirstOrThrow();
    expect(row.signer_id).toBe(REPS.DBI);
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'details'])
      .where('key', '=', `${pledgeRound}:submitted:DBI`)
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(REPS.DBI);
    expect(audit.details).toMatchObject({ channel: 'web' });
    await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${pledgeRound}:receipt:DBI` && m.to.includes(`${REPS.DBI}@example.org`)));

    // The same form again (a double click) gives the same outcome; a fresh one is refused with what was recorded.
    expect((await browser.post('/task/pledge', form)).status).toBe(200);
    const again = await browser.get(taskPath(pledgeRound, 'DBI'));
    expect(again.text).not.toContain('action="/task/pledge"');
    expect(again.text).toContain(`được ký bởi ${REPS.DBI}`);
    const second = await browser.post('/task/pledge', { ...form, request: `web-${crypto.randomUUID()}` });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Đã thực hiện');
    expect(second.text).toContain(`được ký bởi ${REPS.DBI}`);
    expect(await h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', cycle).execute()).toHaveLength(1);
    // What I did.
    expect((await browser.get('/')).text).toContain(`DBI ký giao ước thi đua (${cycle})`);
  });

  it('shows a closed round as a clear page, and refuses a signature there; a signature from the CLI is recorded with channel cli', async () => {
    for (const unit of ['TGI', 'MAN', 'DBP', 'MLA'] as const) await signPledge(h.client, { cycleId: cycle, unit, signer: REPS[unit] });
    const audit = await h.db
      .selectFrom('audit_event')
      .select('details')
      .where('key', '=', `${pledgeRound}:submitted:TGI`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ channel: 'cli' });
    // Everyone has signed: the round closes.
    const browser = new Browser(web.url);
    const link = new URL(web.link(claim({ person: REPS.MLA, unit: 'MLA' }))).pathname;
    let page = await browser.follow(link);
    for (let i = 0; i < 100 && page.status !== 409; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = await browser.get(taskPath(pledgeRound, 'MLA'));
    }
    expect(page.status).toBe(409);
    expect(page.text).toContain('Vòng đã đóng');
    expect(page.text).toContain(`được ký bởi ${REPS.MLA}`);
    const home = await browser.get('/');
    const posted = await browser.post('/task/pledge', { csrf: csrfOf(home.text), wf: pledgeRound, unit: 'MLA' });
    expect(posted.status).toBe(409);
  });
});

describe('the year-end report', () => {
  it('shows a self-score mistake beside its field with the input kept and escaped, then takes the corrected report', async () => {
    const reportRound = roundId(cycle, 'report-YEAR');
    await waitOpen(h.client, reportRound, 30_000);
    const browser = new Browser(web.url);
    const page = await browser.follow(new URL(web.link(claim({ task: reportRound }))).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Báo cáo tổng kết năm 2018');
    expect(page.text).toContain('<label for="score-A1">');

    const criteria = DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria);
    const narrative = 'Kết quả năm <script>alert("x")</script> & <b>đạt</b>';
    const form: Record<string, string> = {
      csrf: csrfOf(page.text),
      wf: reportRound,
      unit: 'DBI',
      request: fieldOf(page.text, 'request'),
      narrative,
      ...Object.fromEntries(criteria.map((k) => [`criteria.${k.code}`, String(k.max)])),
      'criteria.A1': '12',
      'bonus.T1': '1,5',
    };
    const refused = await browser.post('/task/report', form);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="score-A1-error"');
    // The domain's problem in the page's language (the CLI and the round's validator keep the English line).
    expect(refused.text).toContain('id="score-A1-error">A1 được chấm 12 điểm, vượt quá mức tối đa 10 điểm.');
    expect(refused.text).not.toContain('but its maximum is');
    expect(refused.text).toContain('value="12"');
    expect(refused.text).toContain('value="1,5"');
    expect(refused.text).not.toContain('<script>alert');
    expect(refused.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;đạt&lt;/b&gt;');
    expect(await h.db.selectFrom('report').select('version').where('cycle_id', '=', cycle).execute()).toEqual([]);
    // In English, the problems in English words; several at once, each beside its own field, the bonus cap above the form.
    await browser.get(`${taskPath(reportRound, 'DBI')}&lang=en`);
    const several = { ...form, 'criteria.A1': '9,5', 'criteria.B4': '', 'bonus.T1': '2', 'bonus.T2': '3,5' };
    const english = await browser.post('/task/report', several);
    expect(english.status).toBe(400);
    expect(english.text).toContain('id="score-B4-error">Criterion B4 (An sinh xã hội) is not scored.');
    expect(english.text).toContain('id="score-T2-error">T2 is given 3.5 points, above its maximum of 3.');
    expect(english.text).toContain('<li>The bonus items add up to 5.5, above the bonus cap of 5.</li>');
    await browser.get(`${taskPath(reportRound, 'DBI')}&lang=vi`);
    const vietnamese = await browser.post('/task/report', several);
    expect(vietnamese.status).toBe(400);
    expect(vietnamese.text).toContain('id="score-B4-error">Chưa chấm tiêu chí B4 (An sinh xã hội).');
    expect(vietnamese.text).toContain('id="score-T2-error">T2 được chấm 3,5 điểm, vượt quá mức tối đa 3 điểm.');
    expect(vietnamese.text).toContain('<li>Tổng điểm thưởng là 5,5, vượt quá mức tối đa 5 điểm.</li>');
    // A shape problem of the schema (three decimals), in Vietnamese too.
    const decimals = await browser.post('/task/report', { ...form, 'criteria.A1': '9,125' });
    expect(decimals.status).toBe(400);
    expect(decimals.text).toContain('id="score-A1-error">Điểm có tối đa 2 chữ số thập phân, ví dụ 9,25.');
    expect(await h.db.selectFrom('report').select('version').where('cycle_id', '=', cycle).execute()).toEqual([]);

    const accepted = await browser.post('/task/report', {
      ...form,
      csrf: csrfOf(refused.text),
      request: fieldOf(refused.text, 'request'),
      'criteria.A1': '9,5',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain('phiên bản 1');
    const row = await h.db
      .selectFrom('report')
      .selectAll()
      .where('cycle_id', '=', cycle)
      .where('unit_code', '=', 'DBI')
      .where('period', '=', 'YEAR')
      .executeTakeFirstOrThrow();
    expect(row.submitted_by).toBe(REPS.DBI);
    expect(row.narrative_raw).toBe(narrative);
    expect(Number(row.score_total)).toBe(99.5 + 1.5);
    const audit = await h.db
      .selectFrom('audit_event')
      .select('details')
      .where('key', '=', `${reportRound}:submitted:DBI:v1`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ channel: 'web', version: 1 });

    // The page lists my versions and offers to replace it.
    const after = await browser.get(taskPath(reportRound, 'DBI'));
    expect(after.text).toContain('Phiên bản 1');
    expect(after.text).toContain('Nộp phiên bản mới thay thế');
  });

  it('takes a periodic report from the page', async () => {
    const reportRound = roundId(cycle, 'report-H1');
    await waitOpen(h.client, reportRound, 30_000);
    const browser = new Browser(web.url);
    const page = await browser.follow(new URL(web.link(claim({ person: REPS.MAN, unit: 'MAN', task: reportRound }))).pathname);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('score-A1');
    const blank = await browser.post('/task/report', {
      csrf: csrfOf(page.text),
      wf: reportRound,
      unit: 'MAN',
      narrative: '   ',
    });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('id="narrative-error">Nội dung báo cáo không được để trống.');
    const sent = await browser.post('/task/report', {
      csrf: csrfOf(page.text),
      wf: reportRound,
      unit: 'MAN',
      narrative: 'Sáu tháng đầu năm: đạt.',
    });
    expect(sent.status).toBe(200);
    const rows = await h.db
      .selectFrom('report')
      .select(['version', 'submitted_by'])
      .where('cycle_id', '=', cycle)
      .where('period', '=', 'H1')
      .execute();
    expect(rows).toEqual([{ version: 1, submitted_by: REPS.MAN }]);
    expect((await browser.get('/?lang=en')).text).toContain('MAN submitted its six-month report');
  });
});
