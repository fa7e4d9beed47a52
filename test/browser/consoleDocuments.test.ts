import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '../../db/referenceData.ts';
import { recordProvinceDocuments, type ProvinceDocuments } from '../support/provinceDocuments.ts';
import { signInLinkFor } from '../web/webSupport.ts';
import { SCREENSHOT_DIR, useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, type Stack } from './support/participants.ts';

// The console's documents in headless Chromium: Điện Biên's secretariat signs in, lists the
// province's tờ trình, biên bản and quyết định (axe, both widths, the screenshot the README
// shows), filters them by kind, opens a quyết định's printable page (the motto header, the number,
// the signature block) and downloads its PDF through the list's link.

const browser = useBrowser();
let stack: Stack;
let docs: ProvinceDocuments;

beforeAll(async () => {
  stack = await startStack();
  docs = await recordProvinceDocuments(stack.h.db);
}, 120_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

describe('the console documents in a browser', () => {
  it('lists, filters, opens the printable page and downloads the PDF', async () => {
    const { page } = await openFresh(browser, `${stack.web.url}/sign-in`, { width: 'desktop' });
    await page.getByLabel('Địa chỉ thư điện tử').fill(emailOf('snv.ha'));
    await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
    const link = await signInLinkFor(stack.web, stack.h, emailOf('snv.ha'));
    await page.goto(`${stack.web.url}${link}`);
    await submitBy(page, 'Đăng nhập', link);

    await page.goto(`${stack.web.url}/console/documents`);
    expect(await page.textContent('h1')).toBe('Văn bản của tỉnh');
    const row = page.locator('tr').filter({ hasText: docs.decisionNumber });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Quyết định');
    const [desktop] = (await checkBothWidths(page, 'console-documents')).filter((f) => f.endsWith('-desktop.png'));
    await fs.mkdir(path.join(SCREENSHOT_DIR, '../../docs/screenshots'), { recursive: true });
    await fs.copyFile(desktop!, path.join(SCREENSHOT_DIR, '../../docs/screenshots/console-documents.png'));

    // Filtered by kind: only the minutes.
    await page.getByLabel('Loại văn bản').selectOption('minutes');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Lọc' }).click()]);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('minutes');
    expect(await page.locator(`a[href="/documents/${encodeURIComponent(docs.minutes)}"]`).count()).toBe(1);
    expect(await page.locator(`a[href="/documents/${encodeURIComponent(docs.decision)}"]`).count()).toBe(0);

    // The quyết định's printable page, from the list.
    await page.goto(`${stack.web.url}/console/documents?kind=decision`);
    await Promise.all([page.waitForEvent('load'), row.getByRole('link', { name: /^Quyết định số/ }).click()]);
    const article = page.locator('article.document');
    const text = (await article.textContent()) ?? '';
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      `Số: ${docs.decisionNumber}`,
      'CHỦ TỊCH',
      'Trần Văn Quyết',
    ])
      expect(text).toContain(words);
    await checkBothWidths(page, 'console-document-decision');

    // The PDF link of the list downloads the PDF, named for its number.
    await page.goBack();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /^Tải PDF/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${docs.decisionNumber.replace('/', '-')}.pdf`);
    const bytes = await fs.readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  });
});
