import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { copySeedCluster, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { CONSOLE_PEOPLE, roomyCalendar, startConsoleWeb } from '../web/consoleWeb.ts';
import { signInLinkFor, type TestWeb } from '../web/webSupport.ts';
import { SCREENSHOT_DIR, useBrowser } from './support/browser.ts';
import { checkBothWidths, submitBy } from './support/participants.ts';
import { vietnamLocalInput } from '../../domain/time.ts';

// The console's year and cycle pages in headless Chromium, against the real web server, worker,
// Temporal, PostgreSQL and mail sink: the secretariat (snv.ha) signs in by mail, starts a test
// cluster's year through the start page's form (a calendar of JSON), extends a unit's pledge
// deadline and records a veto input through the cycle page's forms, and reads the province's year.
// Every page is checked at both widths (axe, no sideways scrolling) and its desktop screenshot is
// kept in docs/screenshots for the README.

const browser = useBrowser();
let h: Harness;
let web: TestWeb;
let cluster: string;
let cycle: string;
let page: Page;

const DOCS = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** Checks the page at both widths and keeps its desktop screenshot as docs/screenshots/<name>.png. */
async function checkAndKeep(name: string): Promise<void> {
  await checkBothWidths(page, name);
  await fs.mkdir(DOCS, { recursive: true });
  await fs.copyFile(path.join(SCREENSHOT_DIR, `${name}-desktop.png`), path.join(DOCS, `${name}.png`));
}

beforeAll(async () => {
  h = await startHarness();
  web = await startConsoleWeb(h, { allowTestCalendar: true });
  cluster = await copySeedCluster(h.db);
  cycle = cycleIdOf(cluster, 2018);
}, 120_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

describe("the secretariat's console", () => {
  it('signs in by mail and starts a cluster-year through the start form', async () => {
    page = await browser.open(`${web.url}/sign-in`, { width: 'desktop' });
    const email = emailOf(CONSOLE_PEOPLE.secretariat);
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
    const signIn = await signInLinkFor(web, h, email);
    await page.goto(`${web.url}${signIn}`);
    await submitBy(page, 'Đăng nhập', signIn);

    await page.goto(`${web.url}/console/start?cluster=${cluster}&year=2018`);
    await checkAndKeep('console-start');
    await page.getByLabel('Lịch dạng JSON', { exact: false }).check();
    await page.getByLabel('Lịch (JSON)').fill(JSON.stringify(roomyCalendar()));
    const started = await submitBy(page, 'Bắt đầu năm thi đua', '/console/start');
    expect(started.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/console/cycle');
    await expect.poll(() => page.locator('main p.notice').textContent()).toContain('Đã bắt đầu năm thi đua.');
  }, 90_000);

  it("extends a unit's pledge deadline and records a veto input through the cycle page's forms", async () => {
    await waitOpen(h.client, roundId(cycle, 'pledge'));
    await page.goto(`${web.url}/console/cycle?id=${encodeURIComponent(cycle)}`);
    await page.locator('#extend-round').selectOption('pledge');
    await page.locator('#extend-units').selectOption('TGI');
    const until = vietnamLocalInput(Date.now() + 6 * 60_000);
    await page.locator('#extend-until').fill(until);
    await page.locator('#extend-reason').fill('Mưa lũ làm gián đoạn giao thông');
    await submitBy(page, 'Gia hạn', '/console/cycle/extend');
    expect(await page.locator('main p.notice').textContent()).toContain('Đã gia hạn');
    const extension = await h.db.selectFrom('round_extension').selectAll().where('round_id', '=', roundId(cycle, 'pledge')).execute();
    expect(extension).toMatchObject([{ unit_code: 'TGI', granted_by: 'snv.ha' }]);
    expect(extension[0]!.until.getTime()).toBe(Date.parse(`${until}:00+07:00`));

    await page.locator('#veto-unit').selectOption('MAN');
    await page.locator('#veto-source').selectOption('inspectorate');
    await page.locator('#veto-reference').fill('Kết luận 12/KL-TTr');
    await page.locator('#veto-description').fill('Sai phạm trong quản lý đầu tư công');
    await submitBy(page, 'Ghi nhận', '/console/cycle/veto');
    expect(await page.locator('main p.notice').textContent()).toContain('Đã ghi nhận thông tin vi phạm.');
    expect(await page.locator('ul.vetoes').textContent()).toContain('Kết luận 12/KL-TTr');
    const veto = await h.db.selectFrom('veto').selectAll().where('cycle_id', '=', cycle).execute();
    expect(veto).toMatchObject([{ unit_code: 'MAN', source: 'inspectorate', recorded_by: 'snv.ha' }]);
    await checkAndKeep('console-cycle');
  }, 90_000);

  it("shows the province's year with the cluster's cycle", async () => {
    await page.goto(`${web.url}/console?year=2018`);
    const row = page.locator('tbody tr').filter({ hasText: cluster });
    await expect.poll(() => row.locator(`a[href="/console/cycle?id=${encodeURIComponent(cycle)}"]`).count()).toBe(1);
    await checkAndKeep('console-year');
  }, 60_000);
});
