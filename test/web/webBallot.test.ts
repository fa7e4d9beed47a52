import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitScores } from '../../client/operations.ts';
import { sampleScoreSheets } from '../../db/referenceData.ts';
import { roundId } from '../../domain/ids.ts';
import type { RoundStatus } from '../../domain/round.ts';
import type { TaskClaim } from '../../taskLinks/taskLink.ts';
import { copySeedCluster, decodedPayloads, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { MEMBERS, startScoredCycle } from '../support/scoredCycle.ts';
import { Browser, csrfOf, fieldOf, startTestWeb, type TestWeb } from './webSupport.ts';

// The cross-score and ballot pages over plain HTTP against the real worker, Temporal, PostgreSQL
// and mail sink, in a compressed year of a copy of the seed cluster (the other units act through
// the client's operations): DBI scores every other member on the page (a value above its maximum
// and a sheet for itself are shown as errors with the input kept, then it is accepted, then
// replaced: the versions), and votes in the secret ballot (the voter's row, a history without any
// choice, a confirmation and later pages that never show the choice, a second vote refused, a
// foreign person and a missing CSRF token refused).

const ROUND_MS = 2500;
const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };
/** Time for the page's scoring before the round must close (it closes sooner, once all five have scored). */
const SCORING_MS = 25_000;

let h: Harness;
let web: TestWeb;
let cycle: string;
let scoreRound: string;
let ballotRound: string;
const logged: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const log = pino({ level: 'trace' }, { write: (line: string) => void logged.push(line) });
  web = await startTestWeb(h, { log });
  const cluster = await copySeedCluster(h.db);
  cycle = await startScoredCycle(h, cluster, {
    roundMs: ROUND_MS,
    bases: BASES,
    // The year-end report round opens a round earlier, so that its five reports have 5 s.
    earlyYearReport: true,
    // The cross-score round has time for the page; it refuses late sheets, so it closes at its deadline at the latest and the ballot opens just after.
    scoringMs: SCORING_MS,
    ballotAfterScoringMs: SCORING_MS + 1000,
    ballotDuration: 'PT90S',
    // DBI scores on the page; the others' sheets come in the tests.
    crossScores: false,
  });
  scoreRound = roundId(cycle, 'score');
  ballotRound = roundId(cycle, 'ballot-1');
}, 90_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

const claim = (over: Partial<TaskClaim> = {}): TaskClaim => ({
  person: REPS.DBI,
  role: 'representative',
  task: scoreRound,
  unit: 'DBI',
  expiresAt: Date.now() + 3_600_000,
  ...over,
});
const taskPath = (wf: string, unit: string) => `/task?wf=${encodeURIComponent(wf)}&unit=${unit}`;
const open = (browser: Browser, over: Partial<TaskClaim>) => browser.follow(new URL(web.link(claim(over))).pathname);

/** DBI's sheets of the other four as form fields (s.<unit>.<criterion>). */
function scoreFields(): Record<string, string> {
  const { sheets } = sampleScoreSheets('DBI', MEMBERS, BASES, 0.5);
  const fields: Record<string, string> = {};
  for (const [unit, sheet] of Object.entries(sheets))
    for (const [code, points] of Object.entries(sheet.criteria)) fields[`s.${unit}.${code}`] = String(points).replace('.', ',');
  return fields;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen in ${timeoutMs} ms`);
}

describe('the cross-score page', () => {
  it(
    'shows errors beside the fields with the input kept, takes the sheets, then a replacement, and lists the versions',
    { timeout: 90_000 },
    async () => {
      await waitOpen(h.client, scoreRound, 60_000);
      const browser = new Browser(web.url);
      const page = await open(browser, { task: scoreRound });
      expect(page.status).toBe(200);
      expect(page.text).toContain('Chấm điểm chéo năm 2018');
      expect(page.text).toContain('UBND huyện Tuần Giáo (TGI)');
      expect(page.text).toContain('id="score-TGI-A1"');
      expect(page.text).not.toContain('id="score-DBI-A1"'); // never itself
      expect(page.text).toContain('Chưa nộp phiên bản nào');

      const base = { csrf: csrfOf(page.text), wf: scoreRound, unit: 'DBI', request: fieldOf(page.text, 'request') };
      // A value above its criterion's maximum: beside its field, the input kept.
      const over = await browser.post('/task/score', { ...base, ...scoreFields(), 's.TGI.A2': '9' });
      expect(over.status).toBe(400);
      // The domain's problem in the page's language, beside the field of TGI's sheet (the CLI and the validator keep the English line).
      expect(over.text).toContain('id="score-TGI-A2-error">A2 được chấm 9 điểm, vượt quá mức tối đa 8 điểm.');
      expect(over.text).toContain('aria-invalid="true" aria-describedby="score-TGI-A2-error"');
      expect(over.text).toContain('value="9"');
      expect(over.text).toContain(`value="${scoreFields()['s.MAN.B1']}"`);
      // A sheet for itself (a crafted form): refused above the form.
      const self = await browser.post('/task/score', { ...base, ...scoreFields(), 's.DBI.A1': '10' });
      expect(self.status).toBe(400);
      expect(self.text).toContain('<li>DBI không tự chấm điểm đơn vị mình: chỉ chấm các đơn vị thành viên khác.</li>');
      // A criterion left empty.
      const empty = await browser.post('/task/score', { ...base, ...scoreFields(), 's.MLA.C1': '' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('id="score-MLA-C1-error">Chưa chấm tiêu chí C1 (Tuyển quân).');
      expect(await h.db.selectFrom('cross_score').select('version').where('cycle_id', '=', cycle).execute()).toEqual([]);

      // Another person cannot score for DBI, even with a valid form of their own.
      const tgi = new Browser(web.url);
      const tgiPage = await open(tgi, { person: REPS.TGI, unit: 'TGI', task: scoreRound });
      expect((await tgi.post('/task/score', { ...base, ...scoreFields(), csrf: csrfOf(tgiPage.text) })).status).toBe(403);

      const accepted = await browser.post('/task/score', { ...base, ...scoreFields() });
      expect(accepted.status).toBe(200);
      expect(accepted.text).toContain('phiên bản 1');
      const rows = await h.db
        .selectFrom('cross_score')
        .select(['target_unit', 'version', 'submitted_by', 'total'])
        .where('cycle_id', '=', cycle)
        .where('scorer_unit', '=', 'DBI')
        .orderBy('target_unit')
        .execute();
      expect(rows.map((r) => [r.target_unit, r.version, r.submitted_by])).toEqual(
        ['DBP', 'MAN', 'MLA', 'TGI'].map((unit) => [unit, 1, REPS.DBI]),
      );
      const audit = await h.db
        .selectFrom('audit_event')
        .select(['actor', 'details'])
        .where('key', '=', `${scoreRound}:submitted:DBI:v1`)
        .executeTakeFirstOrThrow();
      expect(audit.actor).toBe(REPS.DBI);
      expect(audit.details).toMatchObject({ channel: 'web', version: 1 });

      // The page now starts from version 1 and offers to replace it; a replacement is version 2, both listed.
      const again = await browser.get(taskPath(scoreRound, 'DBI'));
      expect(again.text).toContain('Phiên bản 1');
      expect(again.text).toContain('Nộp phiên bản mới thay thế');
      expect(again.text).toContain(`value="${sampleScoreSheets('DBI', MEMBERS, BASES, 0.5).sheets.MAN!.criteria.B1}"`);
      const replaced = await browser.post('/task/score', {
        ...base,
        csrf: csrfOf(again.text),
        request: fieldOf(again.text, 'request'),
        ...scoreFields(),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.text).toContain('phiên bản 2');
      const listed = await browser.get(taskPath(scoreRound, 'DBI'));
      expect(listed.text).toContain('Phiên bản 1');
      expect(listed.text).toContain('Phiên bản 2');

      // The others score through the client; once all have, the round closes and the page says so.
      for (const unit of MEMBERS.filter((u) => u !== 'DBI'))
        await submitScores(h.client, { cycleId: cycle, unit, scorer: REPS[unit], content: sampleScoreSheets(unit, MEMBERS, BASES, 0.5) });
      const closed = await until('the closed score page', async () => {
        const answer = await browser.get(taskPath(scoreRound, 'DBI'));
        return answer.status === 409 ? answer : undefined;
      });
      expect(closed.text).toContain('Vòng này đã đóng');
      expect(closed.text).toContain('Phiên bản 2');
      expect(closed.text).not.toContain('action="/task/score"');
    },
  );
});

describe('the secret ballot page', () => {
  it('shows the candidates with their scores, takes a sealed ballot, and never shows the choice back', { timeout: 120_000 }, async () => {
    const status: RoundStatus = await waitOpen(h.client, ballotRound, 90_000);
    expect(status.ballot!.items).toEqual({ flag: ['TGI'], certificates: ['DBI', 'DBP'] });
    const browser = new Browser(web.url);
    const page = await open(browser, { task: ballotRound });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bỏ phiếu bình xét năm 2018 – vòng 1');
    expect(page.text).toMatch(/UBND huyện Tuần Giáo \(TGI\) – hạng 1, [\d.]+ điểm/);
    expect(page.text).toContain('name="flag" value="TGI"');
    expect(page.text).toContain('name="cert.DBP" value="against"');
    expect(page.text).toContain('Bảng tổng hợp điểm');
    const base = { csrf: csrfOf(page.text), wf: ballotRound, unit: 'DBI', request: fieldOf(page.text, 'request') };
    const choice = { flag: 'TGI', 'cert.DBI': 'abstain', 'cert.DBP': 'against' };
    const voters = () => h.db.selectFrom('ballot_voter').select(['unit_code', 'voter_id']).where('ballot_id', '=', ballotRound).execute();

    // Without the CSRF token; from another unit's representative: refused, nothing cast.
    const noCsrf = await browser.post('/task/ballot', { wf: base.wf, unit: base.unit, request: base.request, ...choice });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.text).toContain('Biểu mẫu đã hết hiệu lực');
    const man = new Browser(web.url);
    const manPage = await open(man, { person: REPS.MAN, unit: 'MAN', task: ballotRound });
    const foreign = await man.post('/task/ballot', { ...base, csrf: csrfOf(manPage.text), ...choice });
    expect(foreign.status).toBe(403);
    expect(foreign.text).not.toContain('name="flag"');
    // A choice missing: the form again, empty (a page keeping the choices would send them back).
    const partial = await browser.post('/task/ballot', { ...base, flag: 'TGI', 'cert.DBP': 'against' });
    expect(partial.status).toBe(400);
    expect(partial.text).toContain('hãy chọn cho từng mục');
    expect(partial.text).not.toContain('checked');
    expect(await voters()).toEqual([]);

    const cast = await browser.post('/task/ballot', { ...base, ...choice });
    expect(cast.status).toBe(200);
    expect(cast.text).toContain('đã được niêm phong và ghi nhận lúc');
    for (const shown of ['TGI', 'DBP', 'Tuần Giáo', 'Điện Biên Phủ', 'Đồng ý', 'Không đồng ý', 'Không bầu', 'against', 'abstain'])
      expect(cast.text).not.toContain(shown);
    expect(await voters()).toEqual([{ unit_code: 'DBI', voter_id: REPS.DBI }]);
    expect(await h.db.selectFrom('ballot_envelope').select('sealed').where('ballot_id', '=', ballotRound).execute()).toHaveLength(1);
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'details'])
      .where('key', '=', `${ballotRound}:voted:DBI`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor: REPS.DBI, details: { channel: 'web' } });

    // The history names the voter and holds the sealed envelope only.
    const payloads = decodedPayloads(await h.client.workflow.getHandle(ballotRound).fetchHistory());
    expect(payloads).toContain(`"actor":"${REPS.DBI}"`);
    expect(payloads).toContain('"sealed":"v1.');
    expect(payloads).not.toMatch(/abstain|"against"|"for"|"certificates":\{|"flag":"TGI"/);

    // Afterwards: the page says the unit voted, with no form and nothing chosen; a second vote is refused (409) without saying what.
    const after = await browser.get(taskPath(ballotRound, 'DBI'));
    expect(after.status).toBe(200);
    expect(after.text).toContain('đã bỏ phiếu trong vòng này');
    expect(after.text).not.toContain('action="/task/ballot"');
    expect(after.text).not.toContain('checked');
    const second = await browser.post('/task/ballot', {
      ...base,
      csrf: csrfOf(after.text),
      request: `web-${crypto.randomUUID()}`,
      flag: 'abstain',
      'cert.DBI': 'for',
      'cert.DBP': 'for',
    });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Đã thực hiện');
    expect(second.text).toContain('đã bỏ phiếu trong vòng này');
    for (const shown of ['Đồng ý', 'Không đồng ý', 'Không bầu', 'against', 'abstain']) expect(second.text).not.toContain(shown);
    expect(await voters()).toHaveLength(1);

    // In English too, and still without the choice.
    const english = await browser.get(`${taskPath(ballotRound, 'DBI')}&lang=en`);
    expect(english.text).toContain('The 2018 ballot – round 1');
    expect(english.text).toContain('UBND huyện Điện Biên voted in this round');

    // Nothing the server logged holds a form.
    expect(logged.filter((line) => /against|abstain|cert\.|"flag"/.test(line))).toEqual([]);
  });
});
