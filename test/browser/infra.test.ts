import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  checkAccessibility,
  SCREENSHOT_DIR,
  screenshot,
  screenshotBothWidths,
  useBrowser,
  VIEWPORTS,
} from './support/browser.ts';

// The browser support itself, against two tiny pages served here with the same CSP as the
// participants' pages: an accessible form and one with a deliberate violation. The real pages'
// tests build on what this proves: screenshots at both widths, the axe check under the CSP, and a
// form that posts with JavaScript turned off.

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
  <html lang="vi">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title}</title>
      <link rel="stylesheet" href="/static/app.css" />
      <script src="/static/app.js" defer></script>
    </head>
    <body>
      <main>${body}</main>
    </body>
  </html>`;

const APP_JS = `
document.documentElement.dataset.js = 'on';
const form = document.querySelector('form');
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  document.querySelector('#status').textContent = 'Handled by JavaScript';
});`;

const APP_CSS = `body { font-family: sans-serif; margin: 0 1rem; color: #1a1a1a; background: #fff; }
input, button { font-size: 1rem; padding: 0.5rem; } label { display: block; margin: 1rem 0 0.25rem; }`;

function createSite(posts: string[]) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
  });
  app.get('/static/app.js', (c) => c.body(APP_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/static/app.css', (c) => c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/good', (c) =>
    c.html(
      page(
        'Cam kết thi đua',
        html`<h1>Cam kết thi đua năm 2018</h1>
          <p id="status">Chưa ký</p>
          <form method="post" action="/submit">
            <label for="signer">Người ký</label>
            <input id="signer" name="signer" autocomplete="name" required />
            <button type="submit">Ký cam kết</button>
          </form>
          <script>
            document.documentElement.dataset.inline = 'ran';
          </script>`,
      ),
    ),
  );
  app.get('/bad', (c) =>
    c.html(
      page(
        'Unlabelled',
        html`<h1>An input without a label</h1>
          <form method="post" action="/submit">
            <input id="nameless" name="signer" />
            <button type="submit">Send</button>
          </form>`,
      ),
    ),
  );
  app.post('/submit', async (c) => {
    const { signer } = await c.req.parseBody();
    if (typeof signer !== 'string') return c.text('signer missing', 400);
    posts.push(signer);
    return c.html(page('Đã ký', html`<h1>Đã ký</h1><p id="status">Received: ${signer}</p>`));
  });
  return app;
}

/** A PNG's width and height, from its IHDR chunk. */
async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const bytes = await fs.readFile(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('browser test support', () => {
  const browser = useBrowser();
  const posts: string[] = [];
  let server: ServerType | undefined;
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: createSite(posts).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    const running = server;
    if (!running) return;
    const closed = new Promise((resolve) => running.close(resolve));
    // Chromium may still hold keep-alive connections; close() alone would wait for them.
    if ('closeAllConnections' in running) running.closeAllConnections();
    await closed;
  });

  it('writes a screenshot of the whole page at phone and desktop width', async () => {
    const name = 'infra-self-test';
    const files = ['phone', 'desktop'].map((width) => path.join(SCREENSHOT_DIR, `${name}-${width}.png`));
    await Promise.all(files.map((file) => fs.rm(file, { force: true })));

    const pages = await screenshotBothWidths(browser, `${base}/good`, name);

    const [phone, desktop] = await Promise.all(files.map(pngSize));
    expect(phone?.width).toBe(VIEWPORTS.phone.width);
    expect(desktop?.width).toBe(VIEWPORTS.desktop.width);
    expect(phone?.height).toBeGreaterThanOrEqual(VIEWPORTS.phone.height);
    expect(await pages.phone.textContent('h1')).toBe('Cam kết thi đua năm 2018');
    // A page opened some other way is named by its viewport.
    const other = await browser.browser.newPage({ viewport: VIEWPORTS.desktop });
    await other.goto(`${base}/good`);
    expect(await screenshot(other, 'infra-self-test-viewport')).toBe(path.join(SCREENSHOT_DIR, 'infra-self-test-viewport-desktop.png'));
    await other.close();
  });

  it('passes the accessible page with its CSP in force, and reports the serious violation of the other', async () => {
    const good = await browser.open(`${base}/good`, { width: 'desktop' });
    // The CSP blocked the page's inline script, yet axe ran: the check does not weaken the policy.
    expect(await good.evaluate('document.documentElement.dataset.inline ?? "blocked"')).toBe('blocked');
    expect(await good.evaluate('document.documentElement.dataset.js')).toBe('on');
    await expect(checkAccessibility(good)).resolves.toBeUndefined();

    const bad = await browser.open(`${base}/bad`);
    const violations = await accessibilityViolations(bad);
    expect(violations.map((violation) => violation.id)).toContain('label');
    await expect(checkAccessibility(bad)).rejects.toThrow(/serious or critical violation.*\n.*label \(critical\).*\n.*#nameless/);
    // Running the check twice on one page does not load axe twice or change the answer.
    await expect(checkAccessibility(bad)).rejects.toThrow(/#nameless/);
  });

  it('posts a form with JavaScript turned off, which the script intercepts when it is on', async () => {
    const withoutJs = await browser.open(`${base}/good`, { javaScript: false });
    expect(await withoutJs.evaluate('document.documentElement.dataset.js ?? "off"')).toBe('off');
    await withoutJs.getByLabel('Người ký').fill('Lò Văn <Minh>');
    await Promise.all([withoutJs.waitForURL(`${base}/submit`), withoutJs.getByRole('button', { name: 'Ký cam kết' }).click()]);
    expect(await withoutJs.textContent('#status')).toBe('Received: Lò Văn <Minh>');
    expect(posts).toEqual(['Lò Văn <Minh>']);

    const withJs = await browser.open(`${base}/good`);
    await withJs.getByLabel('Người ký').fill('Quàng Thị Hoa');
    await withJs.getByRole('button', { name: 'Ký cam kết' }).click();
    await expect.poll(() => withJs.textContent('#status')).toBe('Handled by JavaScript');
    expect(withJs.url()).toBe(`${base}/good`);
    expect(posts).toEqual(['Lò Văn <Minh>']);
  });
});
