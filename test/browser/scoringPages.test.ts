import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundStatus, startCycle, submitReport, submitScores } from '../../client/operations.ts';
import { sampleScoreSheets, sampleSelfScore } from '../../db/referenceData.ts';
import { councilId as councilIdOf, type CouncilInput } from '../../domain/council.ts';
import type { CycleInput } from '../../domain/cycle.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { DB_VT_2018_RUBRIC } from '../../domain/rubric.ts';
import type { councilSession } from '../../workflows/councilSession.ts';
import { copySeedCluster, copySeedProvince, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { useBrowser } from './support/browser.ts';
import { checkBothWidths, mailWithKey, openFresh, startStack, submitBy, taskLinkIn, type Stack } from './support/participants.ts';

// The cross-score and secret ballot pages in headless Chromium, against the real web server,
// worker, Temporal, PostgreSQL and mail sink, in two compressed years of copies of the seed cluster
// (the other units act through the client's operations). In year A, DBI's representative opens the
// cross-score invitation's link as the sink received it, sends a score above its criterion's
// maximum (shown beside the field, every input kept), then the corrected sheets (the receipt, the
// rows); then votes in the ballot (the candidates with their scores, the sealed envelope without a
// plain choice, a confirmation that never shows the choice, a second ballot from a tab opened
// before refused). Year B stays in its cross-score round and a council of a province of its own
// (where DBI's representative sits) waits for its session, so that My tasks shows a cross-score, a
// ballot and a council at once.

const browser = useBrowser();
let stack: Stack;
const MEMBERS = Object.keys(REPS) as (keyof typeof REPS)[];
const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };
// Each step of the compressed year; the five year-end reports are sent as soon as their round opens.
const ROUND_MS = 4000;
/** Year A's cross-scores: time for the page on a loaded machine (the round closes sooner, once all five have scored); the ballot opens just after. */
const SCORING_MS = 75_000;
let cycleA: string;
let cycleB: string;
let scoreA: string;
let ballotA: string;
let scoreB: string;
let council: string;

/** A compressed year with its cross-scores lasting `scoringMs` (late sheets refused), the ballot opening just after and lasting 10 minutes. */
function year(cluster: string, scoringMs: number): CycleInput {
  const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true, scoring: true });
  // The year-end report round opens a round earlier, so that the five reports have its whole length.
  const yearReport = input.calendar.reporting![1]!;
  yearReport.opensAt = new Date(Date.parse(yearReport.opensAt) - ROUND_MS).toISOString();
  const scoring = input.calendar.scoring!;
  scoring.deadline = new Date(Date.parse(scoring.opensAt) + scoringMs).toISOString();
  scoring.late = { mode: 'refuse' };
  input.calendar.ballot!.opensAt = new Date(Date.parse(scoring.deadline) + 1000).toISOString();
  input.calendar.ballot!.duration = 'PT600S';
  return input;
}

async function sendYearReports(cycleId: string): Promise<void> {
  await waitOpen(stack.h.client, roundId(cycleId, 'report-YEAR'), 60_000);
  await Promise.all(
    MEMBERS.map((unit) =>
      submitReport(stack.h.client, {
        cycleId,
        unit,
        period: 'YEAR',
        submitter: REPS[unit],
        content: { narrative: `Báo cáo tổng kết năm 2018 của ${unit}.`, selfScore: sampleSelfScore(BASES[unit] + 2) },
      }),
    ),
  );
}

beforeAll(async () => {
  stack = await startStack();
  const { h } = stack;
  const [clusterA, clusterB] = [await copySeedCluster(h.db), await copySeedCluster(h.db)];
  cycleA = cycleIdOf(clusterA, 2018);
  cycleB = cycleIdOf(clusterB, 2018);
  scoreA = roundId(cycleA, 'score');
  ballotA = roundId(cycleA, 'ballot-1');
  scoreB = roundId(cycleB, 'score');
  await startCycle(h.client, h.taskQueue, year(clusterA, SCORING_MS));
  await startCycle(h.client, h.taskQueue, year(clusterB, 900_000));

  // A council of a province of its own, DBI's representative among its members, waiting for a session an hour away.
  const { province } = await copySeedProvince(h.db);
  await h.db
    .insertInto('person_role')
    .values({ person_id: REPS.DBI, role: 'council_member', unit_code: null, province, year: 2018 })
    .execute();
  council = councilIdOf(province, 2018);
  const now = Date.now();
  const input: CouncilInput = {
    province,
    year: 2018,
    calendar: {
      submitBy: new Date(now + 1000).toISOString(),
      remindBefore: [],
      sessionAt: new Date(now + 3_600_000).toISOString(),
      sessionLength: 'PT1H',
      complaintWindow: 'PT1H',
    },
  };
  await h.client.workflow.start<typeof councilSession>('councilSession', { workflowId: council, taskQueue: h.taskQueue, args: [input] });

  await Promise.all([sendYearReports(cycleA), sendYearReports(cycleB)]);
}, 150_000);

afterAll(async () => {
  for (const id of [cycleA, cycleB, council])
    if (id)
      await stack?.h.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
  await stack?.web.close();
  await stack?.h.close();
});

const taskUrl = (wf: string, unit?: string) =>
  `${stack.web.url}/task?wf=${encodeURIComponent(wf)}${unit === undefined ? '' : `&unit=${unit}`}`;
const taskHref = (wf: string, unit?: string) => taskUrl(wf, unit).slice(stack.web.url.length);
const mainText = async (page: Page) => (await page.textContent('main')) ?? '';
/** DBI's sheets of the other four, as the form's fields hold them (`score-<unit>-<criterion>` → points). */
const dbiSheets = () => sampleScoreSheets('DBI', MEMBERS, BASES, 0.5).sheets;

describe('the cross-score page, from the invitation mail', () => {
  it(
    'shows a score above its maximum beside its field with every input kept, takes the corrected sheets: receipt, rows, audit, mail',
    { timeout: 150_000 },
    async () => {
      const { h } = stack;
      await waitOpen(h.client, scoreA, 90_000);
      // The other four score first through the client: the round closes once DBI's sheets arrive.
      for (const unit of MEMBERS.filter((u) => u !== 'DBI'))
        await submitScores(h.client, { cycleId: cycleA, unit, scorer: REPS[unit], content: sampleScoreSheets(unit, MEMBERS, BASES, 0.5) });

      const invitation = await mailWithKey(h, `${scoreA}:invitation:DBI`);
      expect(invitation.to).toEqual([`${REPS.DBI}@example.org`]);
      // Without JavaScript, so that the server's own check answers (the page's script would stop the form first).
      const { page, response } = await openFresh(browser, taskLinkIn(invitation, stack.web), { javaScript: false });
      expect(response.status()).toBe(200);
      expect(page.url()).toBe(taskUrl(scoreA, 'DBI'));
      expect(await page.textContent('h1')).toBe('Chấm điểm chéo năm 2018');
      const legends = await page.locator('fieldset legend').allTextContents();
      expect(legends).toHaveLength(4);
      expect(legends.join('\n')).toContain('UBND huyện Tuần Giáo (TGI)');
      expect(legends.join('\n')).not.toContain('(DBI)'); // never itself
      await checkBothWidths(page, 'cross-score');

      const sheets = dbiSheets();
      for (const [unit, sheet] of Object.entries(sheets))
        for (const [code, points] of Object.entries(sheet.criteria)) await page.locator(`#score-${unit}-${code}`).fill(String(points));
      await page.locator('#score-TGI-A2').fill('9'); // A2's maximum is 8
      const refused = await submitBy(page, 'Nộp phiếu chấm điểm', '/task/score');
      expect(refused.status()).toBe(400);
      expect(await page.locator('#form-errors').textContent()).toContain('Phiếu chấm chưa được nộp');
      expect(await page.locator('#score-TGI-A2-error').textContent()).toBe('A2 được chấm 9 điểm, vượt quá mức tối đa 8 điểm.');
      expect(await page.locator('#score-TGI-A2').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#score-TGI-A2').getAttribute('aria-describedby')).toBe('score-TGI-A2-error');
      // Every input is kept, the wrong one too.
      expect(await page.locator('#score-TGI-A2').inputValue()).toBe('9');
      for (const [unit, sheet] of Object.entries(sheets))
        for (const [code, points] of Object.entries(sheet.criteria))
          if (unit !== 'TGI' || code !== 'A2') expect(await page.locator(`#score-${unit}-${code}`).inputValue()).toBe(String(points));
      const rows = () =>
        h.db
          .selectFrom('cross_score')
          .select(['target_unit', 'version', 'submitted_by', 'criteria', 'total'])
          .where('cycle_id', '=', cycleA)
          .where('scorer_unit', '=', 'DBI')
          .orderBy('target_unit')
          .execute();
      expect(await rows()).toEqual([]);
      await checkBothWidths(page, 'cross-score-errors');

      await page.locator('#score-TGI-A2').fill(String(sheets.TGI!.criteria.A2));
      const accepted = await submitBy(page, 'Nộp phiếu chấm điểm', '/task/score');
      expect(accepted.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Đã ghi nhận');
      expect(await page.getByRole('status').textContent()).toMatch(
        /Phiếu chấm điểm chéo của UBND huyện Điện Biên \(phiên bản 1\) đã được ghi nhận lúc/,
      );
      await checkBothWidths(page, 'cross-score-receipt');

      // The rows hold exactly the sheets typed, version 1, by DBI's representative; the audit says web; the receipt is mailed.
      const stored = await rows();
      expect(stored.map((r) => [r.target_unit, r.version, r.submitted_by])).toEqual(
        ['DBP', 'MAN', 'MLA', 'TGI'].map((unit) => [unit, 1, REPS.DBI]),
      );
      for (const row of stored) {
        expect(row.criteria).toEqual(sheets[row.target_unit]!.criteria);
        expect(Object.keys(row.criteria as object)).toHaveLength(DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria).length);
      }
      const audit = await h.db
        .selectFrom('audit_event')
        .select(['actor', 'details'])
        .where('key', '=', `${scoreA}:submitted:DBI:v1`)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: REPS.DBI, details: { channel: 'web', version: 1 } });
      await mailWithKey(h, `${scoreA}:receipt:DBI:v1`);
      // The round took it (it stays open until its deadline: a unit may send a new version until then).
      const round = await roundStatus(h.client, scoreA);
      expect(round?.units.find((u) => u.unit === 'DBI')).toMatchObject({ by: REPS.DBI, version: 1 });
    },
  );
});

describe('the secret ballot page, from the invitation mail', () => {
  it(
    'lists a cross-score, a ballot and a council on My tasks; shows the candidates with their scores, seals the ballot, never shows the choice, refuses a second',
    { timeout: 150_000 },
    async () => {
      const { h } = stack;
      const status = await waitOpen(h.client, ballotA, 120_000);
      const items = status.ballot!.items;
      expect(items.flag.length + items.certificates.length).toBeGreaterThan(0);
      const invitation = await mailWithKey(h, `${ballotA}:invitation:DBI`);
      const { page, response } = await openFresh(browser, taskLinkIn(invitation, stack.web));
      expect(response.status()).toBe(200);
      expect(page.url()).toBe(taskUrl(ballotA, 'DBI'));

      // My tasks: year A's ballot, year B's cross-scores and the council, each with its link and time; year A's cross-scores are done.
      await page.goto(`${stack.web.url}/`);
      expect(await page.textContent('h1')).toBe('Nhiệm vụ của tôi');
      const item = (href: string) => page.locator('ul.tasks li').filter({ has: page.locator(`a[href="${href}"]`) });
      const ballotItem = item(taskHref(ballotA, 'DBI'));
      const scoreItem = item(taskHref(scoreB, 'DBI'));
      const councilItem = item(taskHref(council));
      await expect.poll(() => councilItem.count()).toBe(1);
      expect(await ballotItem.getByRole('link').textContent()).toBe('Bỏ phiếu bình xét – vòng 1');
      expect(await scoreItem.getByRole('link').textContent()).toBe('Chấm điểm chéo');
      expect(await councilItem.getByRole('link').textContent()).toBe('Xem các đề nghị khen thưởng trước phiên họp');
      expect(await councilItem.textContent()).toMatch(/Hội đồng Thi đua – Khen thưởng tỉnh Tỉnh thử \w+ năm 2018[\s\S]*Phiên họp: /);
      for (const one of [ballotItem, scoreItem]) expect(await one.textContent()).toContain('Hạn chót: ');
      for (const one of [ballotItem, scoreItem, councilItem])
        expect(await one.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await item(taskHref(scoreA, 'DBI')).count()).toBe(0);
      const history = (await page.locator('ul.history').textContent()) ?? '';
      expect(history).toContain(`DBI nộp phiếu chấm điểm chéo (${cycleA}), phiên bản 1`);
      await checkBothWidths(page, 'my-tasks-all');

      await Promise.all([page.waitForEvent('load'), ballotItem.getByRole('link').click()]);
      expect(page.url()).toBe(taskUrl(ballotA, 'DBI'));
      expect(await page.textContent('h1')).toBe('Bỏ phiếu bình xét năm 2018 – vòng 1');
      const text = await mainText(page);
      expect(text).toContain('Bảng tổng hợp điểm');
      const candidates = [...items.flag, ...items.certificates];
      for (const unit of candidates) expect(text).toMatch(new RegExp(`\\(${unit}\\) – hạng \\d+, [\\d.]+ điểm`));
      await checkBothWidths(page, 'ballot');

      // A second tab with the same form, opened before the ballot is cast.
      const stale = await page.context().newPage();
      await stale.goto(taskUrl(ballotA, 'DBI'));

      const choose = async (on: Page, certificateVote: 'for' | 'against') => {
        if (items.flag.length) await on.locator('input[name="flag"]').first().check();
        for (const unit of items.certificates) await on.locator(`#cert-${unit}-${certificateVote}`).check();
      };
      await choose(page, 'against');
      const cast = await submitBy(page, 'Bỏ phiếu', '/task/ballot');
      expect(cast.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Đã ghi nhận');
      expect(await page.getByRole('status').textContent()).toMatch(/Phiếu bầu của UBND huyện Điện Biên đã được niêm phong và ghi nhận lúc/);
      const receipt = await mainText(page);
      for (const shown of ['Đồng ý', 'Không đồng ý', 'Không bầu', 'against', ...candidates.map((u) => `(${u})`)])
        expect(receipt).not.toContain(shown);
      await checkBothWidths(page, 'ballot-receipt');

      // Postgres: who voted for DBI and when, and one sealed envelope that holds no plain choice; nothing ties the two.
      const voters = () => h.db.selectFrom('ballot_voter').select(['unit_code', 'voter_id']).where('ballot_id', '=', ballotA).execute();
      expect(await voters()).toEqual([{ unit_code: 'DBI', voter_id: REPS.DBI }]);
      const envelopes = await h.db.selectFrom('ballot_envelope').selectAll().where('ballot_id', '=', ballotA).execute();
      expect(envelopes).toHaveLength(1);
      expect(Object.keys(envelopes[0]!).sort()).toEqual(['ballot_id', 'digest', 'sealed']);
      // Base64 parts only (no quote, no brace: no JSON), and none of them decodes to the choices.
      const { sealed } = envelopes[0]!;
      expect(sealed).toMatch(/^v1(?:\.[A-Za-z0-9+/=]+){4}$/);
      const decoded = sealed
        .split('.')
        .slice(1)
        .map((part) => Buffer.from(part, 'base64').toString('latin1'))
        .join('\n');
      expect(decoded).not.toMatch(/"flag"|"certificates"|"for"|"against"|"abstain"/);
      const audit = await h.db
        .selectFrom('audit_event')
        .select(['actor', 'details'])
        .where('key', '=', `${ballotA}:voted:DBI`)
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ actor: REPS.DBI, details: { channel: 'web' } });

      // The tab opened before: its form is refused (409), saying the unit voted, never how.
      await choose(stale, 'for');
      const second = await submitBy(stale, 'Bỏ phiếu', '/task/ballot');
      expect(second.status()).toBe(409);
      expect(await stale.textContent('h1')).toBe('Đã thực hiện');
      const refusal = (await stale.getByRole('alert').textContent()) ?? '';
      expect(refusal).toContain('đã bỏ phiếu trong vòng này');
      for (const shown of ['Đồng ý', 'Không đồng ý', 'Không bầu', 'against', 'for']) expect(refusal).not.toContain(shown);
      await checkBothWidths(stale, 'ballot-refused-twice');
      expect(await voters()).toHaveLength(1);
      expect(await h.db.selectFrom('ballot_envelope').select('digest').where('ballot_id', '=', ballotA).execute()).toHaveLength(1);
    },
  );
});
