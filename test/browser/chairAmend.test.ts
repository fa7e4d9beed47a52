import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPS } from '../support/fixtures.ts';
import { keyOf } from '../support/mails.ts';
import { runToReturnedNomination, type ReturnedNomination } from '../support/returnedNomination.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, taskLinkIn, type Stack } from './support/participants.ts';

// The cluster chair's amendment of a submission the council returned, in headless Chromium against
// the real web server, worker, Temporal, PostgreSQL and mail sink: the chair opens the link of the
// returned-nomination mail as the sink received it and reads the council's reason; a short note is
// refused beside its field with the input kept; the amendment withdrawing DBP is taken (version 2
// of the tờ trình, recorded). Every page is checked with axe and screenshotted at phone and desktop
// width.

const browser = useBrowser();
const RETURN_REASON = 'Thiếu báo cáo thành tích có xác nhận của cấp trên';
const NOTE = 'Rút đề nghị Bằng khen của UBND thành phố Điện Biên Phủ theo ý kiến thẩm định';

let stack: Stack;
let run: ReturnedNomination;

beforeAll(async () => {
  stack = await startStack();
  run = await runToReturnedNomination(stack.h, RETURN_REASON);
}, 180_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

describe('the chair amends a returned submission', () => {
  it('opens from the returned-nomination mail, refuses a short note with the input kept, then takes the amendment', async () => {
    const { h } = stack;
    const { cycle, council, returned } = run;
    const prefix = `${council}:returned:${returned}:`;
    const sent = await h.mail.waitFor((all) => all.some((m) => keyOf(m).startsWith(prefix)), 60_000);
    const mail = sent.find((m) => keyOf(m).startsWith(prefix))!;
    expect(mail.to).toEqual([`${REPS.DBI}@example.org`]);
    const { page, response } = await openFresh(browser, taskLinkIn(mail, stack.web));
    expect(response.status()).toBe(200);
    expect(page.url()).toBe(`${stack.web.url}/task?wf=${encodeURIComponent(cycle)}`);
    expect(await page.getByRole('heading', { name: 'Sửa và gửi lại tờ trình' }).count()).toBe(1);
    expect(await page.textContent('main')).toContain(`Lý do: ${RETURN_REASON}`);
    await checkBothWidths(page, 'chair-amend');

    await page.getByLabel('Giải trình nội dung sửa đổi').fill('Đã sửa');
    await page.getByLabel(/UBND thành phố Điện Biên Phủ \(DBP\)/).check();
    const refused = await submitBy(page, 'Gửi lại tờ trình', '/task/chair/amend');
    expect(refused.status()).toBe(400);
    expect(await page.locator('#amend-note-error').textContent()).toBe('Hãy giải trình nội dung sửa đổi, ít nhất 10 ký tự.');
    expect(await page.locator('#amend-note').getAttribute('aria-describedby')).toBe('amend-note-error amend-note-help');
    expect(await page.locator('#amend-note').inputValue()).toBe('Đã sửa');
    expect(await page.getByLabel(/UBND thành phố Điện Biên Phủ \(DBP\)/).isChecked()).toBe(true);
    await checkBothWidths(page, 'chair-amend-errors');

    await page.getByLabel('Giải trình nội dung sửa đổi').fill(NOTE);
    const taken = await submitBy(page, 'Gửi lại tờ trình', '/task/chair/amend');
    expect(taken.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toContain('Đã gửi lại tờ trình phiên bản 2 tới Hội đồng tỉnh.');
    await checkBothWidths(page, 'chair-amend-receipt');
    const rows = await h.db
      .selectFrom('council_submission')
      .select(['version', 'note', 'submitted_by'])
      .where('cycle_id', '=', cycle)
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      { version: 1, note: null, submitted_by: REPS.DBI },
      { version: 2, note: NOTE, submitted_by: REPS.DBI },
    ]);

    // The receipt's link opens the new tờ trình with the note.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Xem tờ trình phiên bản 2' }).click()]);
    expect(await page.textContent('main')).toContain(NOTE);
  });
});
