import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '../../db/referenceData.ts';
import { EXTENSION_REASON, startExtendedPledge } from '../support/extendedPledge.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, type Stack } from './support/participants.ts';

// The console's history and audit pages in headless Chromium: the secretariat signs in by mail,
// types a round's id in the history page's form, reads its timeline, then reads the province's
// audit log filtered to the cluster; each page passes the accessibility check at both widths and
// its desktop screenshot is kept for the README (docs/screenshots/console-history.png, console-audit.png).

const browser = useBrowser();
let stack: Stack;
let cluster: string;
let pledge: string;
const REASON = EXTENSION_REASON;

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  ({ cluster, pledge } = await startExtendedPledge(h));
}, 90_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

/** Keeps the desktop screenshot of a page for the README. */
async function keepForReadme(files: string[], name: string): Promise<void> {
  const desktop = files.find((f) => f.endsWith('-desktop.png'))!;
  await fs.mkdir(path.resolve('docs/screenshots'), { recursive: true });
  await fs.copyFile(desktop, path.resolve(`docs/screenshots/${name}.png`));
}

async function signIn(page: Page): Promise<void> {
  const email = emailOf('snv.ha');
  await page.getByLabel('Địa chỉ thư điện tử').fill(email);
  await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
  const pattern = new RegExp(`${stack.web.url.replace(/[.]/g, '\\.')}/sign-in/[A-Za-z0-9_-]{43}`);
  const mails = await stack.h.mail.waitFor((all) => all.some((m) => m.to.includes(email) && pattern.test(m.text)));
  const link = pattern.exec(mails.filter((m) => m.to.includes(email) && pattern.test(m.text)).at(-1)!.text)![0];
  await page.goto(link);
  await submitBy(page, 'Đăng nhập', new URL(link).pathname);
}

describe("the secretariat's history and audit pages", () => {
  it('finds a round by its id, reads its timeline, then the audit log, each page accessible at both widths', async () => {
    const { page } = await openFresh(browser, `${stack.web.url}/sign-in`, { width: 'desktop' });
    await signIn(page);

    await page.goto(`${stack.web.url}/console/history`);
    await page.getByLabel('Mã quy trình').fill(pledge);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Xem diễn biến' }).click()]);
    expect(new URL(page.url()).searchParams.get('wf')).toBe(pledge);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('DBI ký giao ước thi đua');
    expect(main).toContain('Gia hạn cho TGI');
    expect(await page.getByRole('link', { name: 'Xem chi tiết đầy đủ trên Temporal Web UI' }).getAttribute('href')).toContain(
      encodeURIComponent(pledge),
    );
    await keepForReadme(await checkBothWidths(page, 'console-history'), 'console-history');

    await page.goto(`${stack.web.url}/console/audit`);
    await page.getByLabel('Loại').selectOption('extended');
    await page.getByLabel('Cụm').fill(cluster);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Lọc' }).click()]);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(REASON);
    await keepForReadme(await checkBothWidths(page, 'console-audit'), 'console-audit');
  });
});
