import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { locateChromium, missingChromiumMessage } from '../../../infra/chromium.ts';

// The browser tests drive Debian's headless Chromium (provisioned by `npm test`, see
// infra/chromium.ts) with playwright-core: one browser per test file, a fresh context (cookies,
// viewport, JavaScript on or off) per page. A missing Chromium fails the file with how to get one:
// browser tests never skip.

/** The two widths every page is checked at: a 360 px phone and a desktop screen. */
export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;
export type Width = keyof typeof VIEWPORTS;
export const WIDTHS = Object.keys(VIEWPORTS) as Width[];

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
/** Where `screenshot()` writes; git ignores test-results/. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

export type OpenOptions = {
  /** phone (360×740) or desktop (1280×800); phone unless told. */
  width?: Width;
  /** false runs the page with JavaScript turned off, as a browser with scripts disabled would. */
  javaScript?: boolean;
};

export type BrowserHandle = {
  /** The file's browser, launched in beforeAll. */
  readonly browser: Browser;
  /**
   * A new page in a context of its own (no cookies shared with other pages), at the given width,
   * opened at `url` unless it is omitted. Closed by the handle after the file.
   */
  open(url?: string, options?: OpenOptions): Promise<Page>;
  /** A new context of its own, for a test that needs several pages of one session. */
  newContext(options?: OpenOptions): Promise<BrowserContext>;
};

const widthOfPage = new WeakMap<Page, Width>();

/** Launches Chromium once for the calling test file (beforeAll) and closes it after (afterAll). */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  let launchError: Error | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A hook that throws makes vitest report the file's tests as skipped; kept here instead, the
    // error fails every test that uses the browser, each with how to get Chromium.
    try {
      const executablePath = locateChromium();
      if (!executablePath) throw new Error(missingChromiumMessage());
      browser = await chromium.launch({ executablePath, args: ['--no-sandbox'], headless: true });
    } catch (error) {
      launchError = error instanceof Error ? error : new Error(String(error));
    }
  });
  afterAll(async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await browser?.close();
  });

  const handle: BrowserHandle = {
    get browser() {
      if (launchError) throw launchError;
      if (!browser) throw new Error('The browser is launched in beforeAll: use it inside a test or a hook.');
      return browser;
    },
    async newContext({ width = 'phone', javaScript = true } = {}) {
      const context = await handle.browser.newContext({ viewport: VIEWPORTS[width], javaScriptEnabled: javaScript });
      contexts.push(context);
      return context;
    },
    async open(url, options = {}) {
      const context = await handle.newContext(options);
      const page = await context.newPage();
      widthOfPage.set(page, options.width ?? 'phone');
      if (url !== undefined) await page.goto(url);
      return page;
    },
  };
  return handle;
}

/** The width name of a page opened by `open()`, else the one its viewport matches. */
function widthOf(page: Page): Width {
  const known = widthOfPage.get(page);
  if (known) return known;
  const viewport = page.viewportSize();
  const width = WIDTHS.find((name) => VIEWPORTS[name].width === viewport?.width);
  if (!width) throw new Error(`screenshot: the page's viewport (${JSON.stringify(viewport)}) is neither phone nor desktop width.`);
  return width;
}

/**
 * Saves the whole page (not only the viewport) as `test-results/screenshots/<name>-<phone|desktop>.png`
 * and returns the file's path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot: "${name}" is not a plain file name (letters, digits, . _ -).`);
  const file = path.join(SCREENSHOT_DIR, `${name}-${widthOf(page)}.png`);
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens `url` at both widths, saves `<name>-phone.png` and `<name>-desktop.png`, and returns the
 * pages (still open, for further checks).
 */
export async function screenshotBothWidths(
  handle: BrowserHandle,
  url: string,
  name: string,
  options: Omit<OpenOptions, 'width'> = {},
): Promise<Record<Width, Page>> {
  const phone = await handle.open(url, { ...options, width: 'phone' });
  await screenshot(phone, name);
  const desktop = await handle.open(url, { ...options, width: 'desktop' });
  await screenshot(desktop, name);
  return { phone, desktop };
}

let axeSource: string | undefined;
async function loadAxe(): Promise<string> {
  axeSource ??= await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is now and returns its violations of every impact. The pages'
 * Content-Security-Policy forbids inline scripts, so axe is not added as a <script> element:
 * DevTools' evaluate runs it in the page without the CSP applying, and the page keeps its real
 * policy (a context with bypassCSP would hide an inline script that the CSP should block).
 */
export async function accessibilityViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate('typeof axe === "object"');
  // `void 0` so that evaluate does not try to send the script's last value back.
  if (!loaded) await page.evaluate(`${await loadAxe()}\n;void 0`);
  const results = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations;
}

/** The serious and critical violations, one paragraph each: rule, impact, help, each element and why. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) =>
      [
        `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}  ${violation.helpUrl}`,
        ...violation.nodes.map((node) => `    ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s*\n\s*/g, '; ')}`),
      ].join('\n'),
    )
    .join('\n');
}

/** Fails, listing them, when axe-core finds serious or critical violations on the page. */
export async function checkAccessibility(page: Page): Promise<void> {
  const blocking = (await accessibilityViolations(page)).filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
  if (blocking.length > 0) {
    throw new Error(
      `Accessibility: ${blocking.length} serious or critical violation(s) on ${page.url()}:\n${describeViolations(blocking)}`,
    );
  }
}
