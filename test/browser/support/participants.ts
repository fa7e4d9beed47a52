import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import type { ReceivedMail } from '../../../infra/mailSink.ts';
import { startHarness, type Harness } from '../../support/harness.ts';
import { keyOf } from '../../support/mails.ts';
import { CSP } from '../../../web/security.ts';
import { reserveTestWeb, startTestWeb, type TestWeb } from '../../web/webSupport.ts';
export { taskLinkIn } from '../../web/webSupport.ts';
export { eventually } from '../../support/fixtures.ts';
import { checkAccessibility, SCREENSHOT_DIR, VIEWPORTS, WIDTHS, type BrowserHandle, type Width } from './browser.ts';

// What the participants' browser tests share: the real worker (its own task queue) and the web
// server in this process, agreeing on the server's address and the link keys, so that a link in a
// mail, as the mail sink received it, opens this server; and the checks every page gets.

export interface Stack {
  h: Harness;
  web: TestWeb;
}

/** The harness's worker mails links to the web server started right after it, on the same keys. */
export async function startStack(): Promise<Stack> {
  const reserved = await reserveTestWeb();
  const h = await startHarness(undefined, { links: reserved.links });
  try {
    const web = await startTestWeb(h, {}, reserved);
    expect(web.url).toBe(reserved.links.baseUrl);
    return { h, web };
  } catch (error) {
    await h.close();
    throw error;
  }
}

/** The mail the worker sent under the outbox key `key` (X-Tdkt-Key), once the sink has it. */
export async function mailWithKey(h: Harness, key: string, timeoutMs = 30_000): Promise<ReceivedMail> {
  const all = await h.mail.waitFor((mails) => mails.some((m) => keyOf(m) === key), timeoutMs);
  return all.find((m) => keyOf(m) === key)!;
}

/** What a person must never see on a page: a stack trace or a raw error. */
export async function expectNoStackTrace(page: Page): Promise<void> {
  const text = (await page.textContent('body')) ?? '';
  expect(text).not.toMatch(/\bat \S+\.(?:ts|js):\d+|\w*Error: |node:internal|\bstack\b/);
}

/**
 * The checks every page gets, at the width of its viewport: one h1, no horizontal scrolling (at
 * phone width: readable on a 360 px phone), no stack trace, no serious or critical axe violation;
 * then its full-page screenshot `test-results/screenshots/<name>-<phone|desktop>.png`.
 */
export async function checkPage(page: Page, name: string): Promise<string> {
  const width = WIDTHS.find((w) => VIEWPORTS[w].width === page.viewportSize()?.width);
  if (!width) throw new Error(`checkPage: the viewport ${JSON.stringify(page.viewportSize())} is neither phone nor desktop width`);
  expect(await page.locator('h1').count(), `${name}: one h1`).toBe(1);
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  expect(overflow, `${name}: the page scrolls sideways by ${overflow} px at ${width} width`).toBeLessThanOrEqual(0);
  await expectNoStackTrace(page);
  await (withoutJavaScript.has(page) ? checkAccessibilityOfCopy(page) : checkAccessibility(page));
  const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The page as it is now (a form's answer included, which cannot be fetched again) checked at
 * phone and at desktop width in turn, the viewport resized; it is left at its first width.
 * Returns the screenshots' paths.
 */
export async function checkBothWidths(page: Page, name: string): Promise<string[]> {
  const before = page.viewportSize();
  const files: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize(VIEWPORTS[width]);
    files.push(await checkPage(page, name));
  }
  if (before) await page.setViewportSize(before);
  return files;
}

/** Pages opened with JavaScript turned off: axe cannot run in them (see checkAccessibilityOfCopy). */
const withoutJavaScript = new WeakSet<Page>();

/**
 * axe-core on a page whose JavaScript is turned off: axe.run waits on timers, which never fire
 * there, so it runs on a copy instead: the page's markup as it is now, served at the same address
 * with the same Content-Security-Policy in a context of the same width with JavaScript on (the
 * page's own script runs there too, which changes nothing before someone acts).
 */
async function checkAccessibilityOfCopy(page: Page): Promise<void> {
  const markup = await page.content();
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    const address = page.url();
    await copy.route(
      (url) => url.href === address,
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': CSP },
          body: markup,
        }),
    );
    await copy.goto(address);
    expect(await copy.textContent('h1'), 'the copy is the page').toBe(await page.textContent('h1'));
    await checkAccessibility(copy);
  } finally {
    await context.close();
  }
}

/** Opens `url` in a fresh context (no cookies) and returns the page and the main response. */
export async function openFresh(
  browser: BrowserHandle,
  url: string,
  options: { width?: Width; javaScript?: boolean } = {},
): Promise<{ page: Page; response: Response }> {
  const page = await browser.open(undefined, options);
  if (options.javaScript === false) withoutJavaScript.add(page);
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  return { page, response };
}

/**
 * Clicks a submit button and waits until the page it leads to has loaded (after any redirect):
 * returns the response to the form's POST to `path`. ('load' is awaited as an event: the page
 * being left has loaded already, so waitForLoadState could answer before the new one arrives.)
 */
export async function submitBy(page: Page, button: string, path: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response;
}
