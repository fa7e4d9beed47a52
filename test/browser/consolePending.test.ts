import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCycle } from '../../client/operations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { keyOf } from '../support/mails.ts';
import { SCREENSHOT_DIR, useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, type Stack } from './support/participants.ts';

// The console's pending tasks and exports in headless Chromium, against the real web server,
// worker, Temporal, PostgreSQL and mail sink: the secretariat signs in by mail, filters the
// pending tasks of a cluster whose pledge round is open, re-sends a reminder with the row's button
// (the confirmation, the mail in the sink), downloads a cluster's CSV through the form and the
// whole province's JSON through the page's progress script. Each page passes the accessibility
// check at both widths; the desktop screenshots go to docs/screenshots for the README.

const browser = useBrowser();
let stack: Stack;
let cluster: string;
let pledgeRound: string;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  cluster = await copySeedCluster(h.db);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 900_000, 300));
  pledgeRound = roundId(cycleIdOf(cluster, 2018), 'pledge');
  await waitOpen(h.client, pledgeRound);
  await h.mail.waitFor((all) => all.some((m) => keyOf(m) === `${pledgeRound}:invitation:DBP`), 30_000);

  ({ page } = await openFresh(browser, `${stack.web.url}/sign-in`, { width: 'desktop' }));
  const email = emailOf('snv.ha');
  await page.getByLabel('Địa chỉ thư điện tử').fill(email);
  await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
  const linkPattern = new RegExp(`${stack.web.url.replace(/[.]/g, '\\.')}/sign-in/[A-Za-z0-9_-]{43}`);
  const mails = await h.mail.waitFor((all) => all.some((m) => m.to.includes(email) && linkPattern.test(m.text)));
  const signIn = linkPattern.exec(mails.filter((m) => m.to.includes(email) && linkPattern.test(m.text)).at(-1)!.text)![0];
  await page.goto(signIn);
  await submitBy(page, 'Đăng nhập', new URL(signIn).pathname);
}, 150_000);

afterAll(async () => {
  await stack?.h.client.workflow
    .getHandle(cycleIdOf(cluster, 2018))
    .terminate('test done')
    .catch(() => undefined);
  await stack?.web.close();
  await stack?.h.close();
});

/** The desktop screenshot of a page, as the README shows it. */
async function keepForReadme(name: string): Promise<void> {
  const docs = path.resolve(import.meta.dirname, '../../docs/screenshots');
  await fs.mkdir(docs, { recursive: true });
  await fs.copyFile(path.join(SCREENSHOT_DIR, `${name}-desktop.png`), path.join(docs, `${name}.png`));
}

describe('the pending tasks', () => {
  it('filters by cluster, re-sends a reminder with the button, and shows who it went to', async () => {
    await page.goto(`${stack.web.url}/console/pending`);
    await page.getByLabel('Cụm, khối thi đua').selectOption(cluster);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Lọc', exact: true }).click()]);
    expect(new URL(page.url()).searchParams.get('cluster')).toBe(cluster);
    const rows = page.locator('tbody tr');
    // Read from visibility, which lags the workflows a little: reload until the five show.
    await expect
      .poll(async () => {
        if ((await rows.count()) !== 5) await page.reload();
        return rows.count();
      })
      .toBe(5);
    await checkBothWidths(page, 'console-pending');
    await keepForReadme('console-pending');

    const dbp = rows.filter({ hasText: 'Nguyễn Thị Lan' });
    const [posted] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/console/pending/resend'),
      page.waitForEvent('load'),
      dbp.getByRole('button').click(),
    ]);
    expect(posted.status()).toBe(303);
    expect(await page.getByRole('status').first().textContent()).toContain('Đã gửi lại thư nhắc tới Nguyễn Thị Lan');
    // Still filtered as before.
    expect(new URL(page.url()).searchParams.get('cluster')).toBe(cluster);
    const mails = await stack.h.mail.waitFor((all) => all.some((m) => keyOf(m).startsWith(`${pledgeRound}:reminder-resent:DBP:`)));
    expect(mails.find((m) => keyOf(m).startsWith(`${pledgeRound}:reminder-resent:DBP:`))!.to).toContain(emailOf(REPS.DBP));
    await checkBothWidths(page, 'console-pending-resent');
  });
});

describe('the exports', () => {
  it("downloads a cluster's CSV through the form and the whole province's JSON with progress", async () => {
    await page.goto(`${stack.web.url}/console/exports`);
    await checkBothWidths(page, 'console-exports');
    await keepForReadme('console-exports');

    await page.getByLabel('Cụm, khối thi đua').selectOption(cluster);
    // The form opens on the latest year with cycles, which other files' documents may have made later than 2018.
    await page.getByLabel('Năm', { exact: true }).selectOption('2018');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(csv.suggestedFilename()).toBe(`tdkt-${cluster}-2018.csv`);
    const bytes = await fs.readFile((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('# audit\r\noccurred_at,actor,action,subject,details\r\n');

    await page.getByLabel('Cụm, khối thi đua').selectOption('');
    await page.getByLabel('JSON').check();
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(json.suggestedFilename()).toBe('tdkt-DIEN-BIEN-2018.json');
    const data = JSON.parse(await fs.readFile((await json.path())!, 'utf8')) as { clusters: { cycleId: string }[] };
    expect(data.clusters.map((c) => c.cycleId)).toContain(cycleIdOf(cluster, 2018));
    expect(await page.locator('#export-progress').textContent()).toMatch(/^Đã xuất xong \d+ cụm/);
    expect(await page.locator('a.saved').textContent()).toBe('Lưu tệp tdkt-DIEN-BIEN-2018.json');
    await checkBothWidths(page, 'console-exports-done');
  });
});
