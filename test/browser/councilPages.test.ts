import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { councilStatus, councilVote } from '../../client/councilOperations.ts';
import { emailOf } from '../../db/referenceData.ts';
import type { CouncilPhase } from '../../domain/council.ts';
import type { TaskClaim } from '../../taskLinks/taskLink.ts';
import { ABSENT, CHAIR, PRESENT, SECRETARIAT, startCouncilFromSubmission } from '../support/councilFromSubmission.ts';
import { HIGHLAND_REPS } from '../support/fixtures.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, openFresh, startStack, submitBy, type Stack } from './support/participants.ts';

// The council's pages and the printable documents in headless Chromium, against the real web
// server, worker, Temporal, PostgreSQL and mail sink. The council of a province of its own starts
// as a cluster's submission starts it (signal-with-start), from a cycle recorded with its tờ trình;
// the secretariat signs in by mail, appraises on the page (a return without a reason is kept
// beside its field) and ticks who came when the session opens. A present member votes on the
// page (secret: the sealed envelope, a receipt that never shows the choice; My tasks lists the vote
// with its deadline, then no more); the others vote through the client; the council's chair reads
// the proposal (the count, the biên bản, the quyết định's draft) and approves it on the page; the
// quyết định opens as a printable page; a person who may not read it is refused (403).

const browser = useBrowser();
let stack: Stack;
const VOTER = 'hd.pho1';

let council: string;
let flag: string;
let certificate: string;
let province: string;

const status = () => councilStatus(stack.h.client, council);
const phase = (p: CouncilPhase) => vi.waitFor(async () => expect((await status()).phase).toBe(p), { timeout: 60_000, interval: 200 });

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  const started = await startCouncilFromSubmission(h, {
    // Time for the secretariat to sign in and appraise in the browser before the session opens.
    sessionInMs: 45_000,
    sessionLength: 'PT600S',
    complaintWindow: 'PT600S',
    toTrinhHtml:
      '<!doctype html><html lang="vi"><head><title>t</title></head><body><h1 class="center">TỜ TRÌNH</h1><p style="white-space:pre-wrap">Đề nghị tặng Cờ thi đua cho huyện Tuần Giáo.</p></body></html>',
  });
  ({ province, council, flag, certificate } = started);
  expect(started.chair).toBe(CHAIR);
}, 150_000);

afterAll(async () => {
  await stack?.h.client.workflow
    .getHandle(council)
    .terminate('test done')
    .catch(() => undefined);
  await stack?.web.close();
  await stack?.h.close();
});

/** A personal link to the council's page for `person`, as the mails carry them. */
const linkFor = (person: string, role: TaskClaim['role']) =>
  stack.web.link({ person, role, task: council, expiresAt: Date.now() + 3_600_000 });
const councilHref = () => `/task?wf=${encodeURIComponent(council)}`;
const mainText = async (page: Page) => (await page.textContent('main')) ?? '';
/** The council's item on My tasks (the shared database may hold other councils of the same people). */
const councilItem = (page: Page) => page.locator('ul.tasks li').filter({ has: page.locator(`a[href="${councilHref()}"]`) });

describe('the secretariat', () => {
  it('signs in by mail, appraises both nominations on the council page, then ticks who came when the session opens', async () => {
    const { page } = await openFresh(browser, `${stack.web.url}/sign-in`);
    const email = emailOf(SECRETARIAT);
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    await submitBy(page, 'Gửi đường dẫn đăng nhập', '/sign-in');
    const linkPattern = new RegExp(`${stack.web.url.replace(/[.]/g, '\\.')}/sign-in/[A-Za-z0-9_-]{43}`);
    const mails = await stack.h.mail.waitFor((all) => all.some((m) => m.to.includes(email) && linkPattern.test(m.text)));
    const signIn = linkPattern.exec(mails.filter((m) => m.to.includes(email) && linkPattern.test(m.text)).at(-1)!.text)![0];
    await page.goto(signIn);
    await submitBy(page, 'Đăng nhập', new URL(signIn).pathname);

    // My tasks: the appraisal, leading to the council's page.
    const item = councilItem(page);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByRole('link').textContent()).toBe('Thẩm định hồ sơ đề nghị khen thưởng');
    await Promise.all([page.waitForEvent('load'), item.getByRole('link').click()]);
    expect(await mainText(page)).toContain('phiên xét khen thưởng cần ít nhất 12 người (80%)');
    await checkBothWidths(page, 'council-secretariat-appraisal');

    // A return without its reason stays on the page with the mistake beside the field.
    const tgi = page.locator('section.appraisal', { hasText: '(TGI)' });
    await tgi.getByLabel('Lý do trả lại (ít nhất 10 ký tự)').fill('thiếu');
    const returned = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/task/council/appraise'),
      page.waitForEvent('load'),
      tgi.getByRole('button', { name: 'Trả lại để bổ sung' }).click(),
    ]);
    expect(returned[0].status()).toBe(400);
    expect(await page.locator('section.appraisal', { hasText: '(TGI)' }).locator('textarea').inputValue()).toBe('thiếu');
    expect(await page.locator('.field.invalid .error').textContent()).toBeTruthy();
    await checkBothWidths(page, 'council-secretariat-appraisal-errors');

    for (const unit of ['TGI', 'DBI']) {
      await page.goto(`${stack.web.url}${councilHref()}`);
      await Promise.all([
        page.waitForEvent('load'),
        page
          .locator('section.appraisal', { hasText: `(${unit})` })
          .getByRole('button', { name: 'Đủ điều kiện trình Hội đồng' })
          .click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Đã ghi nhận kết quả thẩm định');
    }
    await checkBothWidths(page, 'council-secretariat-appraisal-receipt');
    expect(Object.values((await status()).appraisal).map((v) => v.status)).toEqual(['accepted', 'accepted']);

    await phase('session');
    await page.goto(`${stack.web.url}${councilHref()}`);
    for (const member of PRESENT) await page.locator(`input[name="present.${member}"]`).check();
    await checkBothWidths(page, 'council-secretariat-attendance');
    const taken = await submitBy(page, 'Ghi nhận điểm danh', '/task/council/attendance');
    expect(taken.status()).toBe(200);
    expect(await page.getByRole('status').textContent()).toBe(
      'Đã ghi nhận điểm danh: 12/15 thành viên có mặt, cần 12. Phiên họp đủ điều kiện biểu quyết.',
    );
    await checkBothWidths(page, 'council-secretariat-attendance-receipt');
    expect((await status()).sessions.at(-1)!.present!.sort()).toEqual([...PRESENT].sort());
    await phase('voting');
  });
});

describe('a council member', () => {
  it('finds the vote on My tasks with its deadline, votes on the page by secret ballot, and never sees the choice again', async () => {
    const { h } = stack;
    const { page, response } = await openFresh(browser, linkFor(VOTER, 'council_member'));
    expect(response.status()).toBe(200);
    const title = `Hội đồng Thi đua – Khen thưởng tỉnh ${province} năm 2018`;
    expect(await page.textContent('h1')).toBe(title);

    await page.goto(`${stack.web.url}/`);
    const item = councilItem(page);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByRole('link').textContent()).toBe('Biểu quyết các đề nghị khen thưởng');
    expect(await item.textContent()).toContain('Hạn chót: ');
    const deadline = Date.parse((await item.locator('time').getAttribute('datetime')) ?? '');
    const session = (await status()).sessions.at(-1)!;
    expect(deadline).toBe(Date.parse(session.at) + 600_000);
    await Promise.all([page.waitForEvent('load'), item.getByRole('link').click()]);

    expect(await mainText(page)).toContain('phiếu kín');
    expect(await page.getByRole('link', { name: 'Xem tờ trình (lần 1)' }).count()).toBe(2);
    await checkBothWidths(page, 'council-member');

    const nomination = (unit: string) => page.locator('form[action="/task/council/vote"] fieldset', { hasText: `(${unit})` });
    await nomination('TGI').getByLabel('Đồng ý', { exact: true }).check();
    await nomination('DBI').getByLabel('Không đồng ý', { exact: true }).check();
    const cast = await submitBy(page, 'Gửi phiếu', '/task/council/vote');
    expect(cast.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toBe(
      'Phiếu của bạn (bỏ phiếu kín) đã được ghi nhận trong phiên 1. Nội dung phiếu không được hiển thị lại.',
    );
    for (const word of ['Đồng ý', 'Không đồng ý', 'approve', 'reject']) expect(await mainText(page)).not.toContain(word);
    await checkBothWidths(page, 'council-vote-receipt');

    // Postgres: the member voted in session 1 (no choice stored with the name), and one sealed envelope without a plain choice.
    const vote = await h.db
      .selectFrom('council_vote')
      .select(['session', 'written', 'votes'])
      .where('council_id', '=', council)
      .where('member_id', '=', VOTER)
      .executeTakeFirstOrThrow();
    expect(vote).toEqual({ session: 1, written: false, votes: {} });
    const envelopes = await h.db.selectFrom('ballot_envelope').select('sealed').where('ballot_id', '=', `${council}/session-1`).execute();
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]!.sealed).toMatch(/^v1(?:\.[A-Za-z0-9+/=]+){4}$/);

    // My tasks: nothing waits at this council any more; the vote is in what I did, without the choice.
    await page.goto(`${stack.web.url}/`);
    expect(await councilItem(page).count()).toBe(0);
    const history = (await page.locator('ul.history').textContent()) ?? '';
    expect(history).toContain(`Biểu quyết tại ${title}, phiên 1 (bỏ phiếu kín)`);
  });
});

describe('the council chair', () => {
  it('reads the proposal with the biên bản and the draft of the quyết định, approves it, and opens the printable quyết định; a stranger is refused it', async () => {
    const { h } = stack;
    // The others vote as the CLI does: the flag passes, the certificate does not.
    for (const member of PRESENT.filter((m) => m !== VOTER))
      await councilVote(h.client, {
        councilId: council,
        ballot: { actor: member, written: false, votes: { [flag]: 'approve', [certificate]: 'reject' } },
      });
    for (const member of ABSENT)
      await councilVote(h.client, { councilId: council, ballot: { actor: member, written: true, votes: { [flag]: 'abstain' } } });
    await phase('decision');

    const { page } = await openFresh(browser, linkFor(CHAIR, 'council_chair'));
    // My tasks lists the decision for the chair.
    await page.goto(`${stack.web.url}/`);
    const item = councilItem(page);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByRole('link').textContent()).toBe('Quyết định đề xuất của Hội đồng');
    await Promise.all([page.waitForEvent('load'), item.getByRole('link').click()]);

    expect(await page.getByRole('heading', { name: 'Đề xuất của Hội đồng' }).count()).toBe(1);
    const counts = page.locator('table', { has: page.locator('caption', { hasText: 'Kết quả biểu quyết' }) });
    expect(await counts.locator('tbody tr').count()).toBe(2);
    expect(await counts.locator('tbody tr', { hasText: '(TGI)' }).textContent()).toContain('Đạt');
    expect(await counts.locator('tbody tr', { hasText: '(DBI)' }).textContent()).toContain('Không đạt');
    const minutes = page.getByRole('link', { name: 'Xem biên bản họp (phiên 1)' });
    expect(await minutes.getAttribute('href')).toBe(`/documents/${encodeURIComponent(`${council}/bien-ban-1`)}`);
    expect(await page.getByRole('heading', { name: 'Dự thảo quyết định' }).count()).toBe(1);
    expect(await mainText(page)).toContain('18.720.000 đồng'); // the flag: 8 × 2,340,000
    await checkBothWidths(page, 'council-chair');

    // The biên bản opens as a document page, and back.
    await Promise.all([page.waitForEvent('load'), minutes.click()]);
    expect(await page.locator('article.document').count()).toBe(1);
    await page.goBack();

    const approved = await submitBy(page, 'Phê duyệt và ban hành quyết định', '/task/council/decide');
    expect(approved.status()).toBe(200);
    const decision = await h.db.selectFrom('decision').selectAll().where('council_id', '=', council).executeTakeFirstOrThrow();
    expect(decision.approved_by).toBe(CHAIR);
    expect(decision.number).toMatch(/^\d+\/QĐ-UBND$/);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toMatch(
      new RegExp(`^Quyết định số ${decision.number} ngày .+ đã được ban hành\\.$`),
    );
    await checkBothWidths(page, 'council-decision-receipt');
    const award = await h.db.selectFrom('award').select(['nomination', 'unit_code']).where('council_id', '=', council).execute();
    expect(award).toEqual([{ nomination: flag, unit_code: 'TGI' }]);

    // The quyết định as a printable page: its own title as the h1, the stored text; printing drops the site's frame.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: `Xem quyết định số ${decision.number}` }).click()]);
    const documentUrl = `${stack.web.url}/documents/${encodeURIComponent(decision.document_id)}`;
    expect(page.url()).toBe(documentUrl);
    const doc = page.locator('article.document');
    expect(await doc.textContent()).toContain('QUYẾT ĐỊNH');
    expect(await doc.textContent()).toContain(decision.number);
    expect(await doc.textContent()).toContain('Tuần Giáo');
    await checkBothWidths(page, 'document-decision');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site').isVisible()).toBe(false);
    expect(await doc.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // A representative of a cluster that did not submit to this council may not read it: 403, the number nowhere.
    const { page: stranger } = await openFresh(browser, linkFor(HIGHLAND_REPS.MCH, 'council_member'));
    expect(await stranger.textContent('h1')).toBe('Không có quyền');
    const refused = await stranger.goto(documentUrl);
    expect(refused?.status()).toBe(403);
    expect(await stranger.textContent('h1')).toBe('Không có quyền');
    expect(await stranger.getByRole('alert').textContent()).toBe('Bạn không có quyền xem văn bản này.');
    expect(await stranger.textContent('body')).not.toContain(decision.number);
    await checkBothWidths(stranger, 'refusal-document-forbidden');
  });
});
