import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCycle } from '../../client/operations.ts';
import { describeSchedule } from '../../client/yearEndOperations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf } from '../../domain/ids.ts';
import { copyClusterWithOwnUnits, fastCycle, waitForPhase } from '../support/fixtures.ts';
import { Browser as HttpBrowser, signInByMail } from '../web/webSupport.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, startStack, submitBy, type Stack } from './support/participants.ts';

// The console's year-end and schedule pages in headless Chromium, against the real web server,
// worker, Temporal, PostgreSQL and mail sink: the secretariat (signed in by mail) excuses a
// unit, records a merge and overrides the rotation through the year-end page's forms, then
// creates, pauses, unpauses and runs the cluster's yearly schedule; each page is checked at both
// widths (axe, no sideways scrolling) and its desktop screenshot is kept for the README.

const browser = useBrowser();
let stack: Stack;
let cluster: string;
let id: string;
let unit: (seed: string) => string;
let page: Page;

const DOCS = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** Checks the page at both widths and keeps its desktop screenshot as docs/screenshots/<name>.png. */
async function checkAndKeep(name: string): Promise<void> {
  const files = await checkBothWidths(page, name);
  await fs.mkdir(DOCS, { recursive: true });
  await fs.copyFile(
    files.find((f) => f.endsWith('-desktop.png'))!,
    path.join(DOCS, `${name}.png`),
  );
}

const notice = async () => (await page.textContent('p.notice[role="status"]')) ?? '';

beforeAll(async () => {
  stack = await startStack();
  const { h, web } = stack;
  ({ cluster, unit } = await copyClusterWithOwnUnits(h.db));
  id = cycleIdOf(cluster, 2018);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 600_000, 300, { reporting: false, conference: true }));
  // Signed in by mail over HTTP (the sign-in pages have browser tests of their own), the session handed to Chromium.
  const http = new HttpBrowser(web.url);
  await Promise.all([waitForPhase(h.client, id, 'pledges'), signInByMail(web, h, http, emailOf('snv.ha'))]);
  const context = await browser.newContext({ width: 'desktop' });
  await context.addCookies([...http.cookies].map(([name, value]) => ({ name, value, url: web.url })));
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await stack?.h.client.schedule
    .getHandle(`next-cycle/${cluster}`)
    .delete()
    .catch(() => undefined);
  await stack?.h.client.workflow
    .getHandle(id)
    .terminate('test over')
    .catch(() => undefined);
  await stack?.web.close();
  await stack?.h.close();
});

describe('the console in a browser', () => {
  it("year end: excuses a unit, records a merge and overrides the rotation through the page's forms", async () => {
    await page.goto(`${stack.web.url}/console/cycle/year-end?id=${encodeURIComponent(id)}`);
    expect(await page.textContent('h1')).toContain('Cuối năm');

    await page.locator('#excuse-unit').selectOption(unit('DBP'));
    await page.locator('#excuse-reason').fill('Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT');
    await submitBy(page, 'Miễn luân phiên', '/console/cycle/year-end/excuse');
    expect(await notice()).toBe('Đã ghi nhận việc miễn luân phiên.');

    await page.locator('#merge-unit').selectOption(unit('MLA'));
    await page.locator('#merge-into').fill(unit('DBI'));
    await page.getByLabel('Chuyển cho người đại diện đơn vị tiếp nhận').check();
    await page.locator('#merge-reason').fill('Nghị quyết 1661/NQ-UBTVQH15 sắp xếp đơn vị hành chính');
    await submitBy(page, 'Ghi nhận sáp nhập', '/console/cycle/year-end/merge');
    expect(await notice()).toContain('Đã ghi nhận việc sáp nhập');

    await page.locator('#override-chair').selectOption(unit('TGI'));
    await page.locator('#override-deputy').selectOption(unit('MAN'));
    await page.locator('#override-reason').fill('UBND tỉnh đề nghị tại Công văn 12/UBND-NC');
    await submitBy(page, 'Chỉ định', '/console/cycle/year-end/override');
    expect(await notice()).toBe('Đã ghi nhận chỉ định cụm trưởng, cụm phó.');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain(`(${unit('TGI')})`);
    expect(main).toContain('Theo chỉ đạo của Văn phòng: UBND tỉnh đề nghị tại Công văn 12/UBND-NC');
    await checkAndKeep('console-year-end');
  }, 120_000);

  it('schedule: creates, pauses with a note, unpauses and runs the yearly schedule', async () => {
    await page.getByRole('link', { name: 'Lịch tự động bắt đầu năm sau của cụm' }).click();
    await page.waitForURL(/\/console\/schedule\?cluster=/);
    expect(await page.textContent('main')).toContain('Cụm chưa có lịch tự động hằng năm.');

    await submitBy(page, 'Tạo lịch', '/console/schedule/create');
    expect(await notice()).toBe('Đã tạo lịch.');
    await checkAndKeep('console-schedule');

    await page.getByLabel('Ghi chú').fill('tạm dừng để kiểm tra dữ liệu');
    await submitBy(page, 'Tạm dừng', '/console/schedule/pause');
    expect(await notice()).toBe('Đã tạm dừng lịch.');
    await page.getByLabel('Ghi chú').fill('đã kiểm tra xong');
    await submitBy(page, 'Cho chạy lại', '/console/schedule/unpause');
    expect(await notice()).toBe('Lịch đã chạy lại.');
    await submitBy(page, 'Chạy ngay', '/console/schedule/trigger');
    expect(await notice()).toContain('Đã chạy');
    await checkBothWidths(page, 'console-schedule-run');
    expect(await describeSchedule(stack.h.client, cluster)).toMatchObject({ paused: false, note: 'đã kiểm tra xong (snv.ha)' });
  }, 120_000);
});
