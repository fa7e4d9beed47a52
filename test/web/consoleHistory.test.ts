import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowUiLink } from '../../client/config.ts';
import { castBallot, currentBallot, submitReport } from '../../client/operations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { roundId } from '../../domain/ids.ts';
import type { round as roundWorkflow } from '../../workflows/round.ts';
import { copySeedCluster, REPS, standaloneReportRound, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { EXTENSION_REASON, startExtendedPledge } from '../support/extendedPledge.ts';
import { startScoredCycle } from '../support/scoredCycle.ts';
import { Browser, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The console's history and audit pages over plain HTTP against the real worker, Temporal and
// PostgreSQL: a cycle's pledge round (a signature, an extension by the secretariat) read as the
// Vietnamese timeline with the Web UI link; a round that continued as new read across its runs; a
// ballot round whose page names the voter and never the choice; another province's secretariat and
// unknown ids get "not found", junk ids a clear 400; the extension's reason on the audit page, and
// its filters (kind, person, cluster, days; bad values refused with a clear 400).

let h: Harness;
let web: TestWeb;
let cluster: string;
let cycle: string;
let pledge: string;
const REASON = EXTENSION_REASON;

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  ({ cluster, cycle, pledge } = await startExtendedPledge(h));
}, 90_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

// One signed-in browser per person for the file: signing in again would soon meet the sign-in limits.
const browsers = new Map<string, Promise<Browser>>();
function signedIn(person: string): Promise<Browser> {
  if (!browsers.has(person))
    browsers.set(
      person,
      (async () => {
        const browser = new Browser(web.url);
        await signInByMail(web, h, browser, emailOf(person));
        return browser;
      })(),
    );
  return browsers.get(person)!;
}
const historyPath = (wf: string) => `/console/history?wf=${encodeURIComponent(wf)}`;

describe('the history page', () => {
  it('shows a round of the province as the Vietnamese timeline with the Web UI link; others and junk are refused', async () => {
    const secretariat = await signedIn('snv.ha');
    const form = await secretariat.get('/console/history');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="wf"');

    const page = await secretariat.get(historyPath(pledge));
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain(`Diễn biến của ${pledge}`);
    expect(page.text).toContain('Cập nhật được chấp nhận: submit do dbi.binh — DBI ký giao ước thi đua');
    expect(page.text).toContain('Gia hạn cho TGI');
    expect(page.text).toMatch(/<time datetime="[^"]+Z">\d\d:\d\d:\d\d<\/time>/);
    expect(page.text).toContain(`href="${workflowUiLink(web.config, pledge)}"`);
    // The administrator reads it too; another province's secretariat learns nothing of it.
    expect((await (await signedIn('qt.khanh')).get(historyPath(pledge))).status).toBe(200);
    const foreign = await signedIn('lc.thuy');
    for (const wf of [pledge, cycle]) {
      const refused = await foreign.get(historyPath(wf));
      expect(refused.status).toBe(404);
      expect(refused.text).not.toContain('DBI');
    }
    for (const wf of [`cycle/${cluster}/2019`, 'council/LAI-CHAU/2018', 'next-cycle/NO-SUCH', 'something/else']) {
      const unknown = await secretariat.get(historyPath(wf));
      expect(unknown.status, wf).toBe(404);
      expect(unknown.text).toContain('Không có hồ sơ này trong tỉnh của bạn.');
    }
    for (const junk of [`cycle/${cluster} /2018`, '', 'x'.repeat(201), 'cycle/\u0007/2018']) {
      const bad = await secretariat.get(historyPath(junk));
      expect(bad.status, JSON.stringify(junk)).toBe(400);
      expect(bad.text).toContain('Mã quy trình gồm 1–200 ký tự in được');
    }
    // The cycle itself, and in English when asked.
    const en = await secretariat.get(`${historyPath(cycle)}&lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(`Child workflow started: ${pledge} (round)`);
    expect((await secretariat.get(`${historyPath(cycle)}&lang=vi`)).text).toContain(`Diễn biến của ${cycle}`);
  });

  it('follows a round that continued as new: every run, oldest first', async () => {
    const now = Date.now();
    const input = await standaloneReportRound(
      h.db,
      {
        opensAt: new Date(now + 500).toISOString(),
        deadline: new Date(now + 60_000).toISOString(),
        remindBefore: [],
        late: { mode: 'refuse' },
      },
      { historyLimit: 40 },
    );
    await h.client.workflow.start<typeof roundWorkflow>('round', { taskQueue: h.taskQueue, workflowId: input.roundId, args: [input] });
    await waitOpen(h.client, input.roundId);
    for (let version = 1; version <= 6; version++)
      await submitReport(h.client, {
        cycleId: input.cycleId,
        unit: 'DBI',
        period: 'H1',
        submitter: REPS.DBI,
        content: { narrative: `Sơ kết 6 tháng, bản ${version}.` },
      });
    const runs = await h.client.workflow.getHandle(input.roundId).fetchHistory();
    expect(runs.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();

    const page = await (await signedIn('snv.ha')).get(historyPath(input.roundId));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/gộp \d+ lượt chạy/);
    // The first run's opening and the last version, in that order.
    const opened = page.text.indexOf('Mở vòng (report H1');
    expect(opened).toBeGreaterThan(0);
    expect(page.text.indexOf('(lần 6)')).toBeGreaterThan(opened);
    // A report's narrative never appears.
    expect(page.text).not.toContain('Sơ kết 6 tháng, bản');
  });

  it('names the voter of a sealed ballot, never the choice', async () => {
    const scored = await copySeedCluster(h.db);
    const scoredCycle = await startScoredCycle(h, scored, {
      roundMs: 2500,
      bases: { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 },
      earlyYearReport: true,
      scoringMs: 10_000,
      ballotAfterScoringMs: 11_000,
      ballotDuration: 'PT120S',
    });
    const ballotRound = roundId(scoredCycle, 'ballot-1');
    await waitOpen(h.client, ballotRound, 90_000);
    const { ballot } = await currentBallot(h.client, scoredCycle);
    const certificates = Object.fromEntries(ballot.items.certificates.map((u) => [u, 'against' as const]));
    await castBallot(h.client, { cycleId: scoredCycle, unit: 'DBI', voter: REPS.DBI, choices: { flag: 'abstain', certificates } });
    const envelope = await h.db
      .selectFrom('ballot_envelope')
      .select('sealed')
      .where('ballot_id', 'like', `${scoredCycle}%`)
      .executeTakeFirstOrThrow();

    const browser = await signedIn('snv.ha');
    for (const lang of ['en', 'vi']) {
      const page = await browser.get(`${historyPath(ballotRound)}&lang=${lang}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(lang === 'vi' ? 'phiếu kín của DBI' : 'sealed ballot of DBI');
      expect(page.text).not.toContain(envelope.sealed.slice(0, 24));
      expect(page.text).not.toMatch(/against|abstain|chống|phản đối|không bỏ phiếu|tán thành/i);
    }
  }, 180_000);
});

describe('the audit page', () => {
  it('lists the extension and its reason, filters by kind, person, cluster and days, refuses bad filters', async () => {
    const auditOf = async (browser: Browser, query: string) => browser.get(`/console/audit${query}`);
    const secretariat = await signedIn('snv.ha');
    const all = await auditOf(secretariat, `?cluster=${cluster}`);
    expect(all.status).toBe(200);
    expect(all.text).toContain(REASON);
    expect(all.text).toContain('Gia hạn: TGI đến');
    expect(all.text).toContain(`href="/console/history?wf=${encodeURIComponent(pledge)}"`);
    expect(all.text).toContain('Đặng Thu Hà');
    // Read only for the administrator, and nothing of it for another province.
    expect((await auditOf(await signedIn('qt.khanh'), `?cluster=${cluster}`)).text).toContain(REASON);
    expect((await auditOf(await signedIn('lc.thuy'), '')).text).not.toContain(REASON);

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    for (const kept of [
      `?kind=extended&cluster=${cluster}`,
      `?person=snv.ha&cluster=${cluster}`,
      `?from=${today}&to=${today}&cluster=${cluster}`,
    ])
      expect((await auditOf(secretariat, kept)).text, kept).toContain(REASON);
    for (const left of [
      `?kind=merged&cluster=${cluster}`,
      `?person=dbi.binh&cluster=${cluster}`,
      '?cluster=DB-VC',
      `?from=2001-01-01&to=2001-12-31&cluster=${cluster}`,
    ]) {
      const answer = await auditOf(secretariat, left);
      expect(answer.status, left).toBe(200);
      expect(answer.text, left).not.toContain(REASON);
    }
    for (const [bad, message] of [
      ['?kind=deleted', 'Loại sự kiện không hợp lệ.'],
      ['?person=Robert%27)%3B', 'Mã người gồm 2–48 chữ thường'],
      ['?cluster=%3Cscript%3E', 'Mã cụm gồm 2–16 chữ in hoa'],
      ['?from=2026-02-30', 'Ngày phải có dạng năm-tháng-ngày'],
      ['?from=2026-05-02&to=2026-05-01', '&quot;Đến ngày&quot; không trước'],
    ]) {
      const answer = await auditOf(secretariat, bad!);
      expect(answer.status, bad).toBe(400);
      expect(answer.text).toContain(message);
      expect(answer.text).not.toContain('<script>');
    }
  });
});
