import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundStatus, startCycle } from '../../client/operations.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, mailWithKey, openFresh, startStack, submitBy, taskLinkIn, type Stack } from './support/participants.ts';

// Signing in by e-mail, and the refusals as a person sees them, in headless Chromium against the
// real web server, worker, Temporal, PostgreSQL and mail sink: the sign-in form, the link from the
// mail, the confirm button, My tasks; then an expired task link, a used sign-in link, a tampered
// link, a person acting for a unit they do not represent, a form posted without its CSRF token.
// Each is a page of its own that says what happened and where to go (never a stack trace, never
// someone else's form), checked with axe and screenshotted at phone and desktop width.

const browser = useBrowser();
let stack: Stack;
let cycle: string;
let pledgeRound: string;

beforeAll(async () => {
  stack = await startStack();
  const cluster = await copySeedCluster(stack.h.db);
  cycle = cycleIdOf(cluster, 2018);
  pledgeRound = roundId(cycle, 'pledge');
  // A long round: it must stay open for the whole file, however loaded the machine is.
  await startCycle(stack.h.client, stack.h.taskQueue, fastCycle(cluster, 600_000, 300));
  await waitOpen(stack.h.client, pledgeRound);
}, 120_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

const taskUrl = (wf: string, unit: string) => `${stack.web.url}/task?wf=${encodeURIComponent(wf)}&unit=${unit}`;
const hasSession = async (page: Page) => (await page.context().cookies()).some((c) => c.name === 'tdkt_session');
/** The invitation's task link of a unit's representative, as the mail sink received it. */
const invitationLink = async (unit: keyof typeof REPS) =>
  taskLinkIn(await mailWithKey(stack.h, `${pledgeRound}:invitation:${unit}`), stack.web);

describe('signing in by e-mail', () => {
  let signInLink: string;

  it('takes the address, mails a link, confirms it with a button and lands on My tasks', async () => {
    const { page, response } = await openFresh(browser, `${stack.web.url}/`);
    // Not signed in: the start page sends to the sign-in page.
    expect(response.status()).toBe(200);
    expect(page.url()).toBe(`${stack.web.url}/sign-in`);
    expect(await page.textContent('h1')).toBe('Đăng nhập');
    await checkBothWidths(page, 'sign-in');

    const email = `${REPS.TGI}@example.org`;
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    const sent = await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
    expect(sent.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Hãy kiểm tra hộp thư');
    expect(await page.getByRole('status').textContent()).toContain(email);
    await checkBothWidths(page, 'sign-in-sent');

    // The link exactly as the mail sink received it.
    const linkPattern = new RegExp(`${stack.web.url.replace(/[.]/g, '\\.')}/sign-in/[A-Za-z0-9_-]{43}`);
    const mails = await stack.h.mail.waitFor((all) => all.some((m) => m.to.includes(email) && linkPattern.test(m.text)));
    signInLink = linkPattern.exec(mails.filter((m) => m.to.includes(email) && linkPattern.test(m.text)).at(-1)!.text)![0];
    await page.goto(signInLink);
    expect(await page.textContent('h1')).toBe('Xác nhận đăng nhập');
    expect(await hasSession(page)).toBe(false); // opening the link alone (a mail scanner) signs no one in
    await checkBothWidths(page, 'sign-in-confirm');

    const confirmed = await submitBy(page, 'Đăng nhập', `/sign-in/${signInLink.split('/').at(-1)}`);
    expect(confirmed.status()).toBe(303);
    expect(page.url()).toBe(`${stack.web.url}/`);
    expect(await page.textContent('h1')).toBe('Nhiệm vụ của tôi');
    expect(await page.textContent('header')).toContain('Đang đăng nhập: ');
    expect(await hasSession(page)).toBe(true);
    // TGI's pledge waits for TGI's representative.
    // Only this test's round: the shared database holds the same representatives' rounds of earlier files' cycles.
    const item = page.locator('ul.tasks li', { hasText: 'Ký giao ước thi đua' }).filter({
      has: page.locator(`a[href^="/task?wf=${encodeURIComponent(pledgeRound)}&"]`),
    });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByRole('link').getAttribute('href')).toBe(`/task?wf=${encodeURIComponent(pledgeRound)}&unit=TGI`);
    await checkBothWidths(page, 'my-tasks-signed-in');
  });

  it('refuses the sign-in link once it has been used, with a page that offers a new one', async () => {
    const { page, response } = await openFresh(browser, signInLink);
    expect(response.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('Đường dẫn đăng nhập không dùng được');
    expect(await page.getByRole('link', { name: 'Yêu cầu đường dẫn đăng nhập mới' }).getAttribute('href')).toBe('/sign-in');
    expect(await page.getByRole('button', { name: 'Đăng nhập' }).count()).toBe(0);
    expect(await hasSession(page)).toBe(false);
    await checkBothWidths(page, 'refusal-used-sign-in-link');
  });
});

describe('refusals', () => {
  it('an expired task link: 410, a page that says so and offers to sign in; no one is signed in', async () => {
    const expired = stack.web.link({
      person: REPS.DBI,
      role: 'representative',
      task: pledgeRound,
      unit: 'DBI',
      expiresAt: Date.now() - 60_000,
    });
    const { page, response } = await openFresh(browser, expired);
    expect(response.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('Đường dẫn đã hết hạn');
    expect(await page.getByRole('link', { name: 'Đăng nhập' }).getAttribute('href')).toBe('/sign-in');
    expect(await hasSession(page)).toBe(false);
    await checkBothWidths(page, 'refusal-expired-link');
  });

  it('a tampered link (the mailed link with its unit changed): 400, a clear page; no one is signed in', async () => {
    const link = await invitationLink('TGI');
    const token = link.split('/t/')[1]!;
    const [payload, keyId, mac] = token.split('.') as [string, string, string];
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claim).toMatchObject({ person: REPS.TGI, unit: 'TGI' });
    const forged = Buffer.from(JSON.stringify({ ...claim, unit: 'DBI' })).toString('base64url');
    const { page, response } = await openFresh(browser, `${stack.web.url}/t/${forged}.${keyId}.${mac}`);
    expect(response.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('Đường dẫn không hợp lệ');
    expect(await hasSession(page)).toBe(false);
    await checkBothWidths(page, 'refusal-tampered-link');
  });

  it("a person using their link for a unit they do not represent: 403, and never that unit's form", async () => {
    // MAN's representative opens their own link from the mail, then changes the unit in the address.
    const { page } = await openFresh(browser, await invitationLink('MAN'));
    expect(page.url()).toBe(taskUrl(pledgeRound, 'MAN'));
    const foreign = await page.goto(taskUrl(pledgeRound, 'TGI'));
    expect(foreign?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Không có quyền');
    expect(await page.getByRole('alert').textContent()).toContain('Bạn không phải người đại diện của TGI trong năm 2018');
    expect(await page.getByRole('button', { name: 'Ký giao ước' }).count()).toBe(0);
    expect(await page.locator('input[name="wf"]').count()).toBe(0);
    await checkBothWidths(page, 'refusal-forbidden');

    // A well-signed link that names a unit its person does not represent opens nothing either.
    const mixed = stack.web.link({
      person: REPS.MAN,
      role: 'representative',
      task: pledgeRound,
      unit: 'TGI',
      expiresAt: Date.now() + 3_600_000,
    });
    const { page: other, response } = await openFresh(browser, mixed);
    expect(response.status()).toBe(403);
    expect(await other.textContent('h1')).toBe('Không có quyền');
    expect(
      await stack.h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', cycle).where('unit_code', '=', 'TGI').execute(),
    ).toEqual([]);
  });

  it('a form posted without its CSRF token: 403, a page that says to reload; nothing is signed', async () => {
    const { page } = await openFresh(browser, await invitationLink('DBP'), { javaScript: false });
    expect(await page.textContent('h1')).toBe('Ký giao ước thi đua 2018');
    // As a forged cross-site form would arrive: everything but the token.
    await page.locator('form[action="/task/pledge"] input[name="csrf"]').evaluate((input: { remove(): void }) => {
      input.remove();
    });
    const refused = await submitBy(page, 'Ký giao ước', '/task/pledge');
    expect(refused.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Biểu mẫu đã hết hiệu lực');
    expect(await page.getByRole('alert').textContent()).toContain('Hãy tải lại trang và thử lại');
    await checkBothWidths(page, 'refusal-csrf');

    expect(
      await stack.h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', cycle).where('unit_code', '=', 'DBP').execute(),
    ).toEqual([]);
    const status = await roundStatus(stack.h.client, pledgeRound);
    expect(status?.phase).toBe('open');
    expect(status?.units.find((u) => u.unit === 'DBP')?.submittedAt).toBeUndefined();
  });
});
