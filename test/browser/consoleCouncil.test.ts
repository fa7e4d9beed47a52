import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { councilStatus } from '../../client/councilOperations.ts';
import type { CouncilPhase } from '../../domain/council.ts';
import { vietnamLocalInput } from '../../domain/time.ts';
import { PRESENT, startCouncilFromSubmission } from '../support/councilFromSubmission.ts';
import { appointConsoleStaff, staffEmail, type ConsoleStaff } from '../support/consoleStaff.ts';
import { signInLinkFor } from '../web/webSupport.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, type Stack } from './support/participants.ts';

// The council in the console in headless Chromium, against the real web server, worker, Temporal,
// PostgreSQL and mail sink: a council of a province of its own starts from a recorded submission,
// with its own secretariat officer (the reference people's console opens on Điện Biên). The
// officer signs in by mail, accepts one nomination and returns the other with its reason through
// the console's forms, each answered by the page again with its confirmation (post/redirect/get),
// then ticks who came when the session opens: too few, so the session fails and the officer sets a
// new one in Vietnam time (a time past is refused beside its field). Every page is checked at both
// widths (axe, no sideways scrolling); the attendance form is the README's screenshot.

/** Where the README's screenshots are kept. */
const DOCS_SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

const browser = useBrowser();
let stack: Stack;
let council: string;
let cycle: string;
let staff: ConsoleStaff;

const status = () => councilStatus(stack.h.client, council);
const phase = (p: CouncilPhase) => vi.waitFor(async () => expect((await status()).phase).toBe(p), { timeout: 90_000, interval: 200 });

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  ({ council, cycle } = await startCouncilFromSubmission(h, {
    // Time to sign in and appraise in the browser before the session opens.
    sessionInMs: 45_000,
    sessionLength: 'PT600S',
    complaintWindow: 'PT600S',
    toTrinhHtml: '<!doctype html><html lang="vi"><head><title>t</title></head><body><h1>TỜ TRÌNH</h1></body></html>',
    beforeStart: async (province) => {
      staff = await appointConsoleStaff(h.db, province, 2018);
    },
  }));
  // The cycle was only recorded: a stand-in execution under its id takes the council's signals (nothing runs it).
  await h.client.workflow.start('recordedCycle', { workflowId: cycle, taskQueue: `nobody-${cycle}` });
}, 150_000);

afterAll(async () => {
  for (const id of [council, cycle])
    await stack?.h.client.workflow
      .getHandle(id)
      .terminate('test done')
      .catch(() => undefined);
  await stack?.web.close();
  await stack?.h.close();
});

describe('the council in the console', () => {
  it('the secretariat appraises, takes the attendance of a session that fails, and sets a new one, through the forms', async () => {
    const { h, web } = stack;
    const { page } = await openFresh(browser, `${web.url}/sign-in`);
    const email = staffEmail(staff.secretariat);
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
    const signIn = await signInLinkFor(web, h, email);
    await page.goto(`${web.url}${signIn}`);
    await submitBy(page, 'Đăng nhập', signIn);

    const councilPage = `${web.url}/console/council?id=${encodeURIComponent(council)}`;
    await page.goto(councilPage);
    expect(await page.textContent('main')).toContain('phiên xét khen thưởng cần ít nhất 12 người (80%)');
    await checkBothWidths(page, 'console-council-appraisal');

    const section = (unit: string) => page.locator('section.appraisal', { hasText: `(${unit})` });
    const accepted = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/console/council/appraise'),
      page.waitForEvent('load'),
      section('TGI').getByRole('button', { name: 'Đủ điều kiện trình Hội đồng' }).click(),
    ]);
    expect(accepted[0].status()).toBe(303);
    expect(new URL(page.url()).searchParams.get('done')).toBe('appraised');
    expect(await page.getByRole('status').first().textContent()).toContain('Đã ghi nhận kết quả thẩm định');

    const reason = 'Thiếu báo cáo thành tích có xác nhận của cấp trên.';
    await section('DBI').getByLabel('Lý do trả lại (ít nhất 10 ký tự)').fill(reason);
    await Promise.all([page.waitForEvent('load'), section('DBI').getByRole('button', { name: 'Trả lại để bổ sung' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('trả lại để bổ sung');
    await checkBothWidths(page, 'console-council-appraised');
    expect(Object.values((await status()).appraisal).map((v) => v.status)).toEqual(['accepted', 'returned']);

    // Too few come to the session: it fails, and the page asks for a new date, in Vietnam time.
    await phase('session');
    await page.goto(councilPage);
    const few = PRESENT.slice(0, 9);
    for (const member of few) await page.locator(`input[name="present.${member}"]`).check();
    const [desktop] = (await checkBothWidths(page, 'console-council-attendance')).filter((f) => f.endsWith('-desktop.png'));
    await fs.mkdir(DOCS_SCREENSHOTS, { recursive: true });
    await fs.copyFile(desktop!, path.join(DOCS_SCREENSHOTS, 'console-council.png'));
    const taken = await submitBy(page, 'Ghi nhận điểm danh', '/console/council/attendance');
    expect(taken.status()).toBe(303);
    expect(await page.getByRole('status').first().textContent()).toBe(
      'Đã ghi nhận điểm danh: 9/15 thành viên có mặt, cần 12. Phiên họp không đủ 12 thành viên có mặt nên không biểu quyết; bộ phận thường trực sẽ dời phiên họp.',
    );
    expect((await status()).sessions.at(-1)!.present!.sort()).toEqual([...few].sort());

    await phase('rescheduling');
    await page.goto(councilPage);
    const when = page.getByLabel('Ngày giờ phiên họp mới (giờ Việt Nam)');
    await checkBothWidths(page, 'console-council-reschedule');
    await when.fill(vietnamLocalInput(Date.now() - 3_600_000));
    expect((await submitBy(page, 'Dời phiên họp', '/console/council/reschedule')).status()).toBe(400);
    expect(await page.locator('#reschedule-at-error').textContent()).toBe('Phiên họp mới phải ở sau thời điểm hiện tại.');
    await checkBothWidths(page, 'console-council-reschedule-errors');
    const next = vietnamLocalInput(Date.now() + 10 * 60_000);
    await page.getByLabel('Ngày giờ phiên họp mới (giờ Việt Nam)').fill(next);
    expect((await submitBy(page, 'Dời phiên họp', '/console/council/reschedule')).status()).toBe(303);
    const [day, clock] = next.split('T');
    expect(await page.getByRole('status').first().textContent()).toBe(
      `Đã dời phiên họp: phiên họp thứ 2 lúc ${clock}:00 ngày ${day!.split('-').reverse().join('/')}.`,
    );
    await checkBothWidths(page, 'console-council-rescheduled');
    await phase('appraisal');
  });
});
