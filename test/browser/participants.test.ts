import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundStatus, signPledge, startCycle } from '../../client/operations.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { useBrowser } from './support/browser.ts';
import {
  checkBothWidths,
  eventually,
  mailWithKey,
  openFresh,
  startStack,
  submitBy,
  taskLinkIn,
  type Stack,
} from './support/participants.ts';

// A member unit's year on the web pages in headless Chromium, against the real web server, worker,
// Temporal, PostgreSQL and mail sink: the representative opens the task link of the invitation
// mail as the sink received it, signs the pledge by clicking (the round, the row, the audit
// channel web, the receipt mail); the closed round is a clear page; the year-end report is sent
// with a self-score mistake and corrected, with JavaScript off (checked by the server, the error
// beside the field, the input kept) and on (checked in the browser first). Every page is checked
// with axe and screenshotted at phone and desktop width.

const browser = useBrowser();
let stack: Stack;
let cycle: string;
let pledgeRound: string;
let reportRound: string;
// Long enough never to close under a loaded machine: the pledge round closes early, when every unit has signed.
const ROUND_MS = 300_000;

beforeAll(async () => {
  stack = await startStack();
  const cluster = await copySeedCluster(stack.h.db);
  const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true });
  // The report rounds open as soon as the pledge round closes (every unit has signed), not a round later.
  const soon = new Date(Date.now() + 2_000).toISOString();
  input.calendar.reporting = input.calendar.reporting!.map((r) => ({ ...r, opensAt: soon }));
  cycle = cycleIdOf(cluster, 2018);
  pledgeRound = roundId(cycle, 'pledge');
  reportRound = roundId(cycle, 'report-YEAR');
  await startCycle(stack.h.client, stack.h.taskQueue, input);
  await waitOpen(stack.h.client, pledgeRound);
}, 120_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

const taskUrl = (wf: string, unit: string) => `${stack.web.url}/task?wf=${encodeURIComponent(wf)}&unit=${unit}`;
const bodyText = async (page: Page) => (await page.textContent('main')) ?? '';

describe('the pledge, from the invitation mail', () => {
  let link: string;

  it('opens the task from the mail, lists it on My tasks, and is signed by clicking: round, row, audit channel web, receipt mail', async () => {
    const { h } = stack;
    const invitation = await mailWithKey(h, `${pledgeRound}:invitation:DBI`);
    expect(invitation.to).toEqual([`${REPS.DBI}@example.org`]);
    link = taskLinkIn(invitation, stack.web);

    const { page, response } = await openFresh(browser, link);
    expect(response.status()).toBe(200);
    expect(page.url()).toBe(taskUrl(pledgeRound, 'DBI'));
    expect(await page.textContent('h1')).toBe('Ký giao ước thi đua 2018');
    expect(await bodyText(page)).toContain('Kinh tế và ngân sách'); // the rubric's groups
    await expect.poll(() => page.textContent('header')).toContain('Đang đăng nhập');
    await checkBothWidths(page, 'pledge');

    // My tasks lists it, with its deadline and a link to it.
    await page.goto(`${stack.web.url}/`);
    expect(await page.textContent('h1')).toBe('Nhiệm vụ của tôi');
    // Only this test's round: the shared database holds the same representatives' rounds of earlier files' cycles.
    const item = page.locator('ul.tasks li', { hasText: 'Ký giao ước thi đua' }).filter({
      has: page.locator(`a[href^="/task?wf=${encodeURIComponent(pledgeRound)}&"]`),
    });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await checkBothWidths(page, 'my-tasks');
    await Promise.all([page.waitForEvent('load'), item.getByRole('link').click()]);
    expect(page.url()).toBe(taskUrl(pledgeRound, 'DBI'));

    const signed = await submitBy(page, 'Ký giao ước', '/task/pledge');
    expect(signed.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toContain('Biên nhận đã được gửi qua thư');
    await checkBothWidths(page, 'pledge-receipt');

    // The workflow took it, the row and the audit event say who and through which channel, the receipt is mailed.
    const status = await roundStatus(h.client, pledgeRound);
    expect(status?.units.find((u) => u.unit === 'DBI')?.submittedAt).toBeTruthy();
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
    expect(audit).toMatchObject({ actor: REPS.DBI, details: { channel: 'web' } });
    const receipt = await mailWithKey(h, `${pledgeRound}:receipt:DBI`);
    expect(receipt.to).toEqual([`${REPS.DBI}@example.org`]);

    // The task's page now shows what was recorded instead of the form.
    await page.goto(taskUrl(pledgeRound, 'DBI'));
    expect(await page.getByRole('button', { name: 'Ký giao ước' }).count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toContain(`được ký bởi ${REPS.DBI}`);
    await checkBothWidths(page, 'pledge-signed');
  });

  it('shows the closed round as a clear page when the link is opened again after everyone has signed', async () => {
    const { h } = stack;
    for (const unit of ['TGI', 'MAN', 'DBP', 'MLA'] as const) await signPledge(h.client, { cycleId: cycle, unit, signer: REPS[unit] });
    await eventually(
      'the pledge round closing',
      () => roundStatus(h.client, pledgeRound),
      (s) => s?.phase === 'closed',
    );
    // The link has not expired (it lasts until the calendar's closing), but the round has closed.
    const { page, response } = await openFresh(browser, link);
    expect(response.status()).toBe(409);
    expect(await page.textContent('h1')).toBe('Vòng đã đóng');
    expect(await page.getByRole('alert').textContent()).toContain(`được ký bởi ${REPS.DBI}`);
    expect(await page.getByRole('link', { name: 'Về trang nhiệm vụ của tôi' }).count()).toBe(1);
    await checkBothWidths(page, 'refusal-closed');
  });
});

describe('the year-end report, with its self-score', () => {
  const criteria = DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria);
  const narrative = 'Kết quả năm 2018: <b>đạt</b> & vượt chỉ tiêu.';
  let link: string;

  /** Fills the whole form: every criterion at its maximum but A1 as given, a bonus of 1.5. */
  async function fillReport(page: Page, a1: string): Promise<void> {
    await page.getByLabel('Nội dung báo cáo').fill(narrative);
    for (const k of criteria) await page.locator(`#score-${k.code}`).fill(k.code === 'A1' ? a1 : String(k.max));
    await page.locator('#score-T1').fill('1.5');
  }

  const reportRows = () =>
    stack.h.db
      .selectFrom('report')
      .select(['version', 'submitted_by', 'score_total', 'narrative_raw'])
      .where('cycle_id', '=', cycle)
      .where('unit_code', '=', 'DBI')
      .where('period', '=', 'YEAR')
      .orderBy('version')
      .execute();

  it('without JavaScript: the server shows the mistake beside its field with the input kept; the corrected report is taken', async () => {
    const { h } = stack;
    await waitOpen(h.client, reportRound, 60_000);
    link = taskLinkIn(await mailWithKey(h, `${reportRound}:invitation:DBI`), stack.web);
    const { page, response } = await openFresh(browser, link, { javaScript: false });
    expect(response.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Báo cáo tổng kết năm 2018');
    await checkBothWidths(page, 'report-year');

    await fillReport(page, '12');
    const refused = await submitBy(page, 'Nộp báo cáo', '/task/report');
    expect(refused.status()).toBe(400);
    expect(await page.locator('#score-A1-error').textContent()).toBe('A1 được chấm 12 điểm, vượt quá mức tối đa 10 điểm.');
    expect(await page.locator('#score-A1').getAttribute('aria-describedby')).toBe('score-A1-error');
    expect(await page.locator('#score-A1').getAttribute('aria-invalid')).toBe('true');
    // The input is kept, every field of it.
    expect(await page.locator('#score-A1').inputValue()).toBe('12');
    expect(await page.locator('#score-A2').inputValue()).toBe('8');
    expect(await page.locator('#score-T1').inputValue()).toBe('1.5');
    expect(await page.getByLabel('Nội dung báo cáo').inputValue()).toBe(narrative);
    expect(await reportRows()).toEqual([]);
    await checkBothWidths(page, 'report-year-errors');

    await page.locator('#score-A1').fill('9.5');
    const accepted = await submitBy(page, 'Nộp báo cáo', '/task/report');
    expect(accepted.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toContain('phiên bản 1');
    await checkBothWidths(page, 'report-receipt');

    const rows = await reportRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, submitted_by: REPS.DBI, narrative_raw: narrative });
    expect(Number(rows[0]!.score_total)).toBe(99.5 + 1.5);
    const audit = await h.db
      .selectFrom('audit_event')
      .select('details')
      .where('key', '=', `${reportRound}:submitted:DBI:v1`)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ channel: 'web', version: 1 });
    await mailWithKey(h, `${reportRound}:receipt:DBI:v1`);
  });

  it('with JavaScript: the browser shows the mistake beside its field before anything is sent; the corrected version replaces the first', async () => {
    const { h } = stack;
    const { page } = await openFresh(browser, link, { javaScript: true });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await fillReport(page, '12');
    await page.getByRole('button', { name: 'Nộp phiên bản mới thay thế', exact: true }).click();
    await expect.poll(() => page.locator('#score-A1-check').textContent()).toBe('Điểm tối đa là 10');
    expect(await page.locator('#score-A1').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#score-A1').getAttribute('aria-describedby')).toBe('score-A1-check');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('score-A1');
    expect(await page.locator('#score-A1').inputValue()).toBe('12');
    expect(page.url()).toBe(taskUrl(reportRound, 'DBI'));
    expect(posts).toEqual([]);
    await checkBothWidths(page, 'report-year-check');

    await page.locator('#score-A1').fill('9.5');
    const accepted = await submitBy(page, 'Nộp phiên bản mới thay thế', '/task/report');
    expect(accepted.status()).toBe(200);
    expect(await page.getByRole('status').textContent()).toContain('phiên bản 2');
    expect(posts).toHaveLength(1);
    expect((await reportRows()).map((r) => [r.version, r.submitted_by])).toEqual([
      [1, REPS.DBI],
      [2, REPS.DBI],
    ]);

    // The list of my versions, on the task's page and on My tasks.
    await page.goto(taskUrl(reportRound, 'DBI'));
    const versions = page.locator('ol.versions li');
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.nth(0).textContent()).toMatch(new RegExp(`^Phiên bản 1: nhận lúc .*, người nộp ${REPS.DBI}, tổng điểm 101$`));
    expect(await versions.nth(1).textContent()).toMatch(/^Phiên bản 2: /);
    await checkBothWidths(page, 'report-versions');
    await page.goto(`${stack.web.url}/`);
    const history = (await page.locator('ul.history').textContent()) ?? '';
    expect(history).toContain(`DBI ký giao ước thi đua (${cycle})`);
    expect(history).toContain('phiên bản 2');
    await checkBothWidths(page, 'my-tasks-done');
    await mailWithKey(h, `${reportRound}:receipt:DBI:v2`);
  });
});
