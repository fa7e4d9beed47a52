import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot } from '../../client/operations.ts';
import { roundId } from '../../domain/ids.ts';
import { copySeedCluster, REPS, waitForPhase, waitOpen } from '../support/fixtures.ts';
import { MEMBERS, startScoredCycle } from '../support/scoredCycle.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, mailWithKey, openFresh, startStack, submitBy, taskLinkIn, type Stack } from './support/participants.ts';

// The cluster chair's and deputy's page in headless Chromium, against the real web server, worker,
// Temporal, PostgreSQL and mail sink: the chair opens the consolidated table from the mail as the
// sink received it and reads how a score was computed; an adjustment is refused (points out of
// range, a short reason: beside the fields, the input kept), then taken with a reason (the row, the
// audit channel web); another member is refused; after two ballot rounds leave the flag open the
// chair and the deputy (from their own mail) decide it by clicking; the chair records the cluster's
// giấy khen. Every page is checked with axe and screenshotted at phone and desktop width.

const browser = useBrowser();
const ROUND_MS = 2500;
/** DBI (the chair) and DBP tie for first in every group; +2 bonus each. */
const BASES = { TGI: 89, DBI: 91, DBP: 91, MAN: 88, MLA: 86 };
/** The draft table's life, from the cross-scores to the ballot: the table, explain and adjustment pages are checked in it. */
const CONSOLIDATION_MS = 100_000;
const REASON = 'Bổ sung minh chứng mô hình dân vận khéo';

let stack: Stack;
let cluster: string;
let cycle: string;
/** The chair's page, signed in from the table's mail. */
let chair: Page;

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  cluster = await copySeedCluster(h.db);
  cycle = await startScoredCycle(h, cluster, {
    roundMs: ROUND_MS,
    bases: BASES,
    earlyYearReport: true,
    scoringMs: 20_000,
    ballotAfterScoringMs: CONSOLIDATION_MS,
    ballotDuration: 'PT150S',
    conference: { inMs: 20 * 60_000, yearLength: 'PT40M' },
  });
  await waitForPhase(h.client, cycle, 'consolidation', 60_000);
}, 180_000);

afterAll(async () => {
  await stack?.web.close();
  await stack?.h.close();
});

const chairUrl = () => `${stack.web.url}/task?wf=${encodeURIComponent(cycle)}`;

describe('the consolidated table and an adjustment', () => {
  it('opens from the chair’s mail as received, with how a score was computed', async () => {
    const mail = await mailWithKey(stack.h, `${cycle}:table:${REPS.DBI}`, 60_000);
    expect(mail.to).toEqual([`${REPS.DBI}@example.org`]);
    const { page, response } = await openFresh(browser, taskLinkIn(mail, stack.web));
    chair = page;
    expect(response.status()).toBe(200);
    expect(page.url()).toBe(chairUrl());
    expect(await page.textContent('h1')).toBe('Trưởng cụm, Phó cụm – Cụm thi đua vùng thấp (bản thử) năm 2018');
    expect(await page.locator('table tbody tr').count()).toBe(5);
    expect(await page.locator('table tbody tr').first().textContent()).toContain('UBND huyện Điện Biên (DBI)');
    await checkBothWidths(page, 'chair-table');

    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: 'UBND thành phố Điện Biên Phủ (DBP)', exact: true }).click(),
    ]);
    expect(await page.textContent('h1')).toBe('Cách tính điểm của UBND thành phố Điện Biên Phủ (DBP)');
    expect(await page.textContent('main')).toContain('Tính lại từ dữ liệu gốc: khớp.');
    await checkBothWidths(page, 'chair-explain');
  });

  it('shows a refused adjustment beside its fields with the input kept, then takes it with a reason', async () => {
    const { h } = stack;
    const page = chair;
    await page.goto(chairUrl());
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('MLA');
    await page.getByLabel('Số điểm cộng (+) hoặc trừ (-)').fill('25');
    await page.locator('#adjust-reason').fill('ngắn');
    const refused = await submitBy(page, 'Ghi điều chỉnh', '/task/chair/adjust');
    expect(refused.status()).toBe(400);
    expect(await page.locator('#adjust-points-error').textContent()).toContain('tối đa 20 điểm mỗi chiều');
    expect(await page.locator('#adjust-reason-error').textContent()).toBe('Hãy nêu lý do, ít nhất 10 ký tự.');
    expect(await page.locator('#adjust-points').getAttribute('aria-describedby')).toBe('adjust-points-error adjust-points-help');
    expect(await page.locator('#adjust-unit').inputValue()).toBe('MLA');
    expect(await page.locator('#adjust-points').inputValue()).toBe('25');
    await checkBothWidths(page, 'chair-adjust-errors');

    await page.locator('#adjust-points').fill('0,5');
    await page.locator('#adjust-reason').fill(REASON);
    const taken = await submitBy(page, 'Ghi điều chỉnh', '/task/chair/adjust');
    expect(taken.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.getByRole('status').textContent()).toContain(
      'Đã điều chỉnh +0.5 điểm cho UBND thị xã Mường Lay (MLA): nay 88.5 điểm',
    );
    await checkBothWidths(page, 'chair-adjust-receipt');
    const rows = await h.db.selectFrom('score_adjustment').select(['unit_code', 'adjusted_by']).where('cycle_id', '=', cycle).execute();
    expect(rows).toEqual([{ unit_code: 'MLA', adjusted_by: REPS.DBI }]);
    const audit = await h.db
      .selectFrom('audit_event')
      .select('details')
      .where('cycle_id', '=', cycle)
      .where('action', '=', 'score.adjusted')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ channel: 'web', reason: REASON });
  });

  it('refuses a member who is neither the chair nor the deputy', async () => {
    const link = stack.web.link({ person: REPS.TGI, role: 'chair', task: cycle, expiresAt: Date.now() + 3_600_000 });
    const { page, response } = await openFresh(browser, link);
    expect(response.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Không có quyền');
    expect(await page.getByRole('alert').textContent()).toContain('Bạn không phải người đại diện của đơn vị Trưởng cụm hay Phó cụm');
    await checkBothWidths(page, 'chair-forbidden');
  });
});

describe('the flag decision and the giấy khen', () => {
  it('the chair and the deputy (from their own mail) decide the flag the two ballot rounds left open', { timeout: 240_000 }, async () => {
    const { h } = stack;
    const round1 = { TGI: 'DBI', DBI: 'DBP', DBP: 'DBI', MAN: 'DBP', MLA: 'abstain' } as const;
    await waitOpen(h.client, roundId(cycle, 'ballot-1'), 150_000);
    for (const unit of MEMBERS)
      await castBallot(h.client, {
        cycleId: cycle,
        unit,
        voter: REPS[unit],
        choices: { flag: round1[unit], certificates: { TGI: 'for', MAN: 'for' } },
      });
    await waitOpen(h.client, roundId(cycle, 'ballot-2'), 60_000);
    for (const unit of MEMBERS)
      await castBallot(h.client, { cycleId: cycle, unit, voter: REPS[unit], choices: { flag: round1[unit], certificates: {} }, round: 2 });
    await waitForPhase(h.client, cycle, 'leaders-decide', 60_000);

    const page = chair;
    await page.goto(chairUrl());
    expect(await page.getByRole('heading', { name: 'Quyết định Cờ thi đua' }).count()).toBe(1);
    await checkBothWidths(page, 'chair-tie');
    await page.getByLabel('UBND thành phố Điện Biên Phủ (DBP) – hạng 1, 93 điểm').check();
    const chosen = await submitBy(page, 'Ghi lựa chọn', '/task/chair/decide');
    expect(chosen.status()).toBe(200);
    expect(await page.getByRole('status').textContent()).toContain('Đề nghị được chốt khi Phó cụm chọn giống bạn.');

    const mail = await mailWithKey(h, `${cycle}:leaders-asked:MAN`, 60_000);
    const { page: deputy, response } = await openFresh(browser, taskLinkIn(mail, stack.web));
    expect(response.status()).toBe(200);
    expect(await deputy.textContent('main')).toContain('Trưởng cụm (UBND huyện Điện Biên (DBI)) chọn: UBND thành phố Điện Biên Phủ (DBP)');
    await deputy.getByLabel('UBND thành phố Điện Biên Phủ (DBP) – hạng 1, 93 điểm').check();
    const agreed = await submitBy(deputy, 'Ghi lựa chọn', '/task/chair/decide');
    expect(agreed.status()).toBe(200);
    expect(await deputy.getByRole('status').textContent()).toContain('Đơn vị được đề nghị Cờ thi đua: UBND thành phố Điện Biên Phủ (DBP).');
    await checkBothWidths(deputy, 'chair-tie-receipt');
    await waitForPhase(h.client, cycle, 'conference', 60_000);
    const nomination = await h.db
      .selectFrom('nomination')
      .select(['unit_code', 'decided_by'])
      .where('cycle_id', '=', cycle)
      .where('award', '=', 'flag')
      .execute();
    expect(nomination).toEqual([{ unit_code: 'DBP', decided_by: 'chair-and-deputy' }]);
  });

  it('the chair records the cluster’s giấy khen, with more rows when needed', async () => {
    const { h } = stack;
    const page = chair;
    await page.goto(chairUrl());
    await page.locator('#cert-1-recipient').fill('Trường Tiểu học Thanh An');
    await page.locator('#cert-1-unit').selectOption('DBI');
    await page.locator('#cert-1-achievement').fill('Hoàn thành xuất sắc nhiệm vụ năm học 2017–2018');
    const more = await submitBy(page, 'Thêm dòng', '/task/chair/certificates');
    expect(more.status()).toBe(200);
    expect(await page.locator('#cert-1-recipient').inputValue()).toBe('Trường Tiểu học Thanh An');
    expect(await page.locator('fieldset.certificate').count()).toBe(6);
    await page.locator('#cert-4-recipient').fill('Hộ ông Lò Văn Pọm');
    await page.locator('#cert-4-kind').selectOption('household');
    await page.locator('#cert-4-unit').selectOption('MAN');
    await page.locator('#cert-4-achievement').fill('Điển hình sản xuất giỏi, giúp 5 hộ thoát nghèo');
    await checkBothWidths(page, 'chair-certificates');
    const recorded = await submitBy(page, 'Ghi danh sách Giấy khen', '/task/chair/certificates');
    expect(recorded.status()).toBe(200);
    const numbers = [`01/GK-${cluster}-2018`, `02/GK-${cluster}-2018`];
    expect(await page.getByRole('status').textContent()).toContain(`Đã ghi 2 Giấy khen: ${numbers.join(', ')}.`);
    await checkBothWidths(page, 'chair-certificates-receipt');
    const rows = await h.db
      .selectFrom('cluster_certificate')
      .select(['number', 'recipient', 'unit_code'])
      .where('cycle_id', '=', cycle)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { number: numbers[0], recipient: 'Trường Tiểu học Thanh An', unit_code: 'DBI' },
      { number: numbers[1], recipient: 'Hộ ông Lò Văn Pọm', unit_code: 'MAN' },
    ]);
  });
});
