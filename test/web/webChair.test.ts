import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot, cycleStatus } from '../../client/operations.ts';
import { roundId } from '../../domain/ids.ts';
import type { ReceivedMail } from '../../infra/mailSink.ts';
import { chairTasksFor } from '../../web/pages/chair.ts';
import { copySeedCluster, REPS, waitForPhase, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf } from '../support/mails.ts';
import { MEMBERS, startScoredCycle } from '../support/scoredCycle.ts';
import { Browser, csrfOf, fieldOf, reserveTestWeb, startTestWeb, type TestWeb, taskLinkIn } from './webSupport.ts';

// The cluster chair's and deputy's page over plain HTTP against the real worker, Temporal,
// PostgreSQL and mail sink, in a compressed year of a copy of the seed cluster (chair DBI, deputy
// MAN; the members act through the client's operations): the chair opens the consolidated table's
// mail link as the sink received it, reads how a unit's score was computed, adjusts a score with a
// reason (refused: another member, the deputy, no CSRF token, a short or empty reason, points out
// of range, junk); the province's secretariat opens the page link of their own mail and reads the
// table and the explanations without a form (a forged post is refused); DBI and DBP tie and two
// ballot rounds leave the flag open, so the chair and the deputy decide it (the deputy from their
// own mail); then the chair records the cluster's giấy khen.

const ROUND_MS = 2500;
/** DBI and DBP tie for first in every group (every scorer gives them the same sheet); +2 bonus each. */
const BASES = { TGI: 89, DBI: 91, DBP: 91, MAN: 88, MLA: 86 };
/** The draft table's life: from the cross-scores (all in at once) to the ballot. */
const CONSOLIDATION_MS = 75_000;
const REASON = 'Bổ sung minh chứng mô hình dân vận khéo';

let h: Harness;
let web: TestWeb;
let cluster: string;
let cycle: string;
const taskPath = () => `/task?wf=${encodeURIComponent(cycle)}`;
const explainPath = (unit: string) => `/task/explain?wf=${encodeURIComponent(cycle)}&unit=${encodeURIComponent(unit)}`;

beforeAll(async () => {
  // The worker's mails link to this file's own web server, with the same keys.
  const reserved = await reserveTestWeb();
  h = await startHarness(undefined, { links: reserved.links });
  web = await startTestWeb(h, {}, reserved);
  cluster = await copySeedCluster(h.db);
  cycle = await startScoredCycle(h, cluster, {
    roundMs: ROUND_MS,
    bases: BASES,
    earlyYearReport: true,
    scoringMs: 20_000,
    ballotAfterScoringMs: CONSOLIDATION_MS,
    // Each ballot round closes as soon as all five have voted; the leaders' decision gets this long.
    ballotDuration: 'PT150S',
    // The conference is well after this file: the giấy khen are recorded while it is ahead.
    conference: { inMs: 20 * 60_000, yearLength: 'PT40M' },
  });
  await waitForPhase(h.client, cycle, 'consolidation', 60_000);
}, 180_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

/** The personal task link in a mail's text, exactly as received: its path on this server. */
const linkIn = (mail: ReceivedMail) => new URL(taskLinkIn(mail, web)).pathname;

async function mailWithKey(key: string): Promise<ReceivedMail> {
  const all = await h.mail.waitFor((mails) => mails.some((m) => keyOf(m) === key), 60_000);
  return all.find((m) => keyOf(m) === key)!;
}

/** A browser signed in as `person` through a task link to the cycle (as the mails give the chair and the deputy). */
async function signedIn(person: string): Promise<Browser> {
  const browser = new Browser(web.url);
  const link = web.link({ person, role: 'chair', task: cycle, expiresAt: Date.now() + 3_600_000 });
  await browser.follow(new URL(link).pathname);
  return browser;
}

const fresh = () => `web-${crypto.randomUUID()}`;
/** The hidden fields of the page's form (a page without one, the deputy's say: the session's token and a new request id). */
const formOf = (page: string) => ({
  csrf: csrfOf(page),
  wf: cycle,
  request: page.includes('name="request"') ? fieldOf(page, 'request') : fresh(),
});
const deps = () => ({ db: h.db, temporal: h.client });
const tasksOf = async (person: string) =>
  (await chairTasksFor(deps(), person)).filter((task) => task.cycleId === cycle).map((task) => [task.kind, task.role]);

let chair: Browser;
let deputy: Browser;

describe('the consolidated table', () => {
  it('opens from the chair’s mail as received, with how each score was computed; only the chair and the deputy may see it', async () => {
    const mail = await mailWithKey(`${cycle}:table:${REPS.DBI}`);
    chair = new Browser(web.url);
    const first = await chair.get(linkIn(mail));
    expect(first.status).toBe(303);
    expect(first.location).toBe(taskPath());
    const page = await chair.get(first.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Trưởng cụm, Phó cụm – Cụm thi đua vùng thấp (bản thử) năm 2018');
    expect(page.text).toContain('Bạn làm việc với tư cách Trưởng cụm, đại diện UBND huyện Điện Biên (DBI).');
    expect(page.text).toContain('Bảng tổng hợp điểm');
    expect(page.text).toContain('Bảng dự thảo');
    expect(page.text).toMatch(
      /<td class="num">1<\/td><th scope="row"><a [^>]*>UBND huyện Điện Biên \(DBI\)<\/a><\/th><td class="num">93<\/td>/,
    );
    expect(page.text).toMatch(
      /<td class="num">3<\/td><th scope="row"><a [^>]*>UBND huyện Tuần Giáo \(TGI\)<\/a><\/th><td class="num">91<\/td>/,
    );
    expect(page.text).toContain('Bằng điểm ở vị trí thứ nhất: UBND huyện Điện Biên (DBI), UBND thành phố Điện Biên Phủ (DBP).');
    expect(page.text).toContain(`href="${explainPath('DBP').replace(/&/g, '&amp;')}"`);
    expect(page.text).toContain('action="/task/chair/adjust"');
    // Nothing else applies yet: no flag decision, and the giấy khen come once the nominations are in.
    expect(page.text).not.toContain('action="/task/chair/decide"');
    expect(page.text).not.toContain('Giấy khen của cụm');
    const early = await chair.post('/task/chair/certificates', {
      csrf: csrfOf(page.text),
      wf: cycle,
      request: fresh(),
      rows: '1',
      'cert.1.recipient': 'Trường Tiểu học Thanh An',
      'cert.1.kind': 'collective',
      'cert.1.unit': 'DBI',
      'cert.1.achievement': 'Hoàn thành xuất sắc nhiệm vụ năm học 2017–2018',
    });
    expect(early.status).toBe(409);
    expect(early.text).toContain('Giấy khen của cụm được ghi sau khi cụm đã có danh sách đề nghị khen thưởng');
    expect(await tasksOf(REPS.DBI)).toEqual([['adjust', 'chair']]);
    expect(await tasksOf(REPS.MAN)).toEqual([]);
    // My tasks shows it with a link to the chair's page.
    const home = await chair.get('/');
    expect(home.text).toContain('Xem và điều chỉnh bảng tổng hợp điểm');
    expect(home.text).toContain(`href="/task?wf=${encodeURIComponent(cycle)}"`);

    const explained = await chair.get(explainPath('DBP'));
    expect(explained.status).toBe(200);
    expect(explained.text).toContain('Cách tính điểm của UBND thành phố Điện Biên Phủ (DBP)');
    expect(explained.text).toContain('Hạng 1 trên 5 đơn vị, tổng 93 điểm.');
    expect(explained.text).toContain('Tính lại từ dữ liệu gốc: khớp.');
    expect(explained.text).toContain('<th scope="col" class="num">DBI</th>');
    expect(explained.text).toContain('Điểm chấm chéo = trung bình tổng điểm của các đơn vị chấm, làm tròn 0,01: 91.');
    expect(explained.text).toContain('tied with DBI at 93 in every group: the cluster ballot decides');
    expect(explained.text).toContain('Tổng = 91 + 2 − 0 = 93');
    expect((await chair.get(explainPath('XYZ'))).status).toBe(404);
    expect((await chair.get(explainPath('<b>'))).status).toBe(400);

    // The deputy sees the table and the explanations, but the adjustment is the chair's.
    deputy = await signedIn(REPS.MAN);
    const deputyPage = await deputy.get(taskPath());
    expect(deputyPage.status).toBe(200);
    expect(deputyPage.text).toContain('với tư cách Phó cụm, đại diện UBND huyện Mường Ảng (MAN)');
    expect(deputyPage.text).toContain('Chỉ Trưởng cụm (UBND huyện Điện Biên (DBI)) điều chỉnh điểm.');
    expect(deputyPage.text).not.toContain('action="/task/chair/adjust"');
    expect(deputyPage.text).not.toContain('action="/task/chair/certificates"');
    expect((await deputy.get(explainPath('TGI'))).status).toBe(200);

    // Another member gets the 403 page, for the table and for an explanation.
    const other = await signedIn(REPS.TGI);
    const refused = await other.get(taskPath());
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Không có quyền');
    expect(refused.text).not.toContain('Bảng tổng hợp điểm');
    expect((await other.get(explainPath('DBI'))).status).toBe(403);
    // The province's secretariat (their scoring mail links to the page) reads the table and the explanations, without a form.
    const secretariatMail = await mailWithKey(`${cycle}:table:snv.ha`);
    expect(secretariatMail.text).toContain(`${web.url}${taskPath()}`);
    const secretariat = await signedIn('snv.ha');
    const read = await secretariat.get(taskPath());
    expect(read.status).toBe(200);
    expect(read.text).toContain('Bạn xem trang này với tư cách Văn phòng Hội đồng Thi đua – Khen thưởng tỉnh Điện Biên: chỉ để xem.');
    expect(read.text).toContain('Việc điều chỉnh điểm và quyết định Cờ thi đua thuộc về Trưởng cụm và Phó cụm.');
    expect(read.text).toContain('Bảng tổng hợp điểm');
    expect(read.text).toMatch(
      /<td class="num">1<\/td><th scope="row"><a [^>]*>UBND huyện Điện Biên \(DBI\)<\/a><\/th><td class="num">93<\/td>/,
    );
    expect(read.text).not.toContain('action="/task/chair/');
    const readExplain = await secretariat.get(explainPath('DBI'));
    expect(readExplain.status).toBe(200);
    expect(readExplain.text).toContain('Tính lại từ dữ liệu gốc: khớp.');
    // A chair's form forged with the secretariat's own session is refused before any Update.
    const forged = await secretariat.post('/task/chair/adjust', {
      csrf: csrfOf(read.text),
      wf: cycle,
      request: fresh(),
      unit: 'MLA',
      points: '1',
      reason: REASON,
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Văn phòng Hội đồng chỉ xem bảng tổng hợp điểm');
    expect(await chairTasksFor(deps(), 'snv.ha')).toEqual([]);
    // Signed out: to the sign-in page.
    expect((await new Browser(web.url).get(taskPath())).location).toBe('/sign-in');
  });
});

describe('an adjustment with a reason', () => {
  const adjustments = () =>
    h.db.selectFrom('score_adjustment').select(['unit_code', 'points', 'reason', 'adjusted_by']).where('cycle_id', '=', cycle).execute();

  it('refuses the wrong person, a missing CSRF token, a short or empty reason, points out of range and junk, with the input kept', async () => {
    const page = await chair.get(taskPath());
    const base = formOf(page.text);
    const valid = { ...base, unit: 'MLA', points: '0,5', reason: REASON };

    const noCsrf = await chair.post('/task/chair/adjust', { ...valid, csrf: '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.text).toContain('Biểu mẫu đã hết hiệu lực');

    const short = await chair.post('/task/chair/adjust', { ...valid, reason: 'ngắn' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('<p class="error" id="adjust-reason-error">Hãy nêu lý do, ít nhất 10 ký tự.</p>');
    expect(short.text).toContain('aria-invalid="true" aria-describedby="adjust-reason-error"');
    expect(short.text).toContain('<option value="MLA" selected>');
    expect(short.text).toContain('value="0,5"');
    expect(short.text).toContain('>ngắn</textarea>');
    const empty = await chair.post('/task/chair/adjust', { ...valid, reason: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="adjust-reason-error"');

    const over = await chair.post('/task/chair/adjust', { ...valid, points: '25' });
    expect(over.status).toBe(400);
    expect(over.text).toContain('<p class="error" id="adjust-points-error">Số điểm phải khác 0, tối đa 20 điểm mỗi chiều');
    expect(over.text).toContain(`>${REASON}</textarea>`);
    for (const points of ['0', '-20.5', '1.234'])
      expect((await chair.post('/task/chair/adjust', { ...valid, points })).text).toContain('id="adjust-points-error"');
    const words = await chair.post('/task/chair/adjust', { ...valid, points: 'ba điểm' });
    expect(words.status).toBe(400);
    expect(words.text).toContain('<p class="error" id="adjust-points-error">Hãy nhập một số, ví dụ 7,5</p>');
    const junkUnit = await chair.post('/task/chair/adjust', { ...valid, unit: '<script>alert(1)</script>' });
    expect(junkUnit.status).toBe(400);
    expect(junkUnit.text).toContain('<p class="error" id="adjust-unit-error">Hãy chọn một đơn vị thành viên của cụm.</p>');
    expect(junkUnit.text).not.toContain('<script>alert');
    expect((await chair.post('/task/chair/adjust', { ...valid, unit: 'XYZ' })).status).toBe(400);
    const hostile = await chair.post('/task/chair/adjust', { ...valid, reason: `${REASON}\u0000` });
    expect(hostile.status).toBe(400);

    // The deputy, and another member with a form of their own session, are refused before any Update.
    const deputyForm = formOf((await deputy.get(taskPath())).text);
    const byDeputy = await deputy.post('/task/chair/adjust', { ...valid, ...deputyForm });
    expect(byDeputy.status).toBe(403);
    expect(byDeputy.text).toContain('Chỉ Trưởng cụm');
    const tgi = await signedIn(REPS.TGI);
    const tgiCsrf = csrfOf((await tgi.get('/')).text);
    expect((await tgi.post('/task/chair/adjust', { ...valid, csrf: tgiCsrf })).status).toBe(403);
    expect(await adjustments()).toEqual([]);
  });

  it('takes the chair’s adjustment: the row, the audit event from the web, the changed table, once for a form sent twice', async () => {
    const page = await chair.get(taskPath());
    const form = { ...formOf(page.text), unit: 'MLA', points: '+0,5', reason: REASON };
    const done = await chair.post('/task/chair/adjust', form);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã ghi nhận');
    expect(done.text).toContain('Đã điều chỉnh +0.5 điểm cho UBND thị xã Mường Lay (MLA): nay 88.5 điểm, hạng 5.');
    expect(done.text).toContain(`href="${taskPath().replace(/&/g, '&amp;')}"`);
    const rows = await adjustments();
    expect(rows.map((r) => [r.unit_code, Number(r.points), r.reason, r.adjusted_by])).toEqual([['MLA', 0.5, REASON, REPS.DBI]]);
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'subject', 'details'])
      .where('cycle_id', '=', cycle)
      .where('action', '=', 'score.adjusted')
      .execute();
    expect(audit).toEqual([{ actor: REPS.DBI, subject: 'MLA', details: { points: 0.5, reason: REASON, channel: 'web' } }]);
    const row = (await cycleStatus(h.client, cycle)).cycle.scoring!.table!.rows.find((r) => r.unit === 'MLA')!;
    expect([row.total, row.adjustments]).toEqual([88.5, [{ points: 0.5, reason: REASON, by: REPS.DBI }]]);
    const stored = await h.db
      .selectFrom('score_consolidation')
      .select('total')
      .where('cycle_id', '=', cycle)
      .where('unit_code', '=', 'MLA')
      .executeTakeFirstOrThrow();
    expect(Number(stored.total)).toBe(88.5);

    // The same form again (a reload, a double click): taken once.
    expect((await chair.post('/task/chair/adjust', form)).status).toBe(200);
    expect(await adjustments()).toHaveLength(1);

    const after = await chair.get(taskPath());
    expect(after.text).toContain('Các điều chỉnh đã ghi');
    expect(after.text).toContain(`UBND thị xã Mường Lay (MLA): +0.5 điểm, do ${REPS.DBI}: ${REASON}`);
    const explained = await chair.get(explainPath('MLA'));
    expect(explained.text).toContain(`+0.5 điểm, do ${REPS.DBI} lúc`);
    expect(explained.text).toContain('Tổng = 86 + 2 − 0 + 0.5 = 88.5');
    expect(explained.text).toContain('khớp');
  });

  it('is closed once the ballot opens: the table is final and an adjustment is refused as closed', { timeout: 150_000 }, async () => {
    await waitForPhase(h.client, cycle, 'ballot', 120_000);
    const page = await chair.get(taskPath());
    expect(page.text).toContain('Bảng chính thức: đã chốt khi bắt đầu bỏ phiếu.');
    expect(page.text).not.toContain('action="/task/chair/adjust"');
    const late = await chair.post('/task/chair/adjust', { ...formOf(page.text), unit: 'MLA', points: '1', reason: REASON });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Bảng tổng hợp điểm đã chốt khi bắt đầu bỏ phiếu');
    expect(await adjustments()).toHaveLength(1);
    expect(await tasksOf(REPS.DBI)).toEqual([]);
  });
});

describe('the flag decision after two ballot rounds', () => {
  it(
    'is made by the chair and the deputy, from the deputy’s own mail; the cycle goes on with their nominee',
    { timeout: 240_000 },
    async () => {
      const round1 = { TGI: 'DBI', DBI: 'DBP', DBP: 'DBI', MAN: 'DBP', MLA: 'abstain' } as const;
      const ballot1 = await waitOpen(h.client, roundId(cycle, 'ballot-1'), 120_000);
      expect(ballot1.ballot!.items).toEqual({ flag: ['DBI', 'DBP'], certificates: ['TGI', 'MAN'] });
      for (const unit of MEMBERS)
        await castBallot(h.client, {
          cycleId: cycle,
          unit,
          voter: REPS[unit],
          choices: { flag: round1[unit], certificates: { TGI: 'for', MAN: 'for' } },
        });
      await waitOpen(h.client, roundId(cycle, 'ballot-2'), 60_000);
      // Before the rounds are over, the decision is not open.
      const early = await chair.get(taskPath());
      expect(early.text).not.toContain('action="/task/chair/decide"');
      const notYet = await chair.post('/task/chair/decide', { ...formOf(early.text), flag: 'DBP' });
      expect(notYet.status).toBe(409);
      expect(notYet.text).toContain('chỉ quyết định Cờ thi đua khi hai vòng bỏ phiếu chưa bầu được');
      for (const unit of MEMBERS)
        await castBallot(h.client, {
          cycleId: cycle,
          unit,
          voter: REPS[unit],
          choices: { flag: round1[unit], certificates: {} },
          round: 2,
        });
      await waitForPhase(h.client, cycle, 'leaders-decide', 60_000);

      // The deputy opens the link of their own mail.
      const mail = await mailWithKey(`${cycle}:leaders-asked:MAN`);
      expect(mail.to).toEqual([`${REPS.MAN}@example.org`]);
      deputy = new Browser(web.url);
      const page = await deputy.follow(linkIn(mail));
      expect(page.status).toBe(200);
      expect(page.text).toContain('Quyết định Cờ thi đua');
      expect(page.text).toContain('Vòng 1: UBND huyện Điện Biên (DBI): 2; UBND thành phố Điện Biên Phủ (DBP): 2 (cần 3 trên 5 phiếu).');
      expect(page.text).toContain('Vòng 2:');
      expect(page.text).toContain('name="flag" value="DBI"');
      expect(page.text).toContain('name="flag" value="DBP"');
      expect(page.text).toContain('name="flag" value="none"');
      expect(page.text).toContain('Trưởng cụm (UBND huyện Điện Biên (DBI)) chọn: chưa chọn');
      expect((await tasksOf(REPS.MAN)).map(([kind]) => kind)).toContain('decide');
      expect((await tasksOf(REPS.DBI)).map(([kind]) => kind)).toContain('decide');

      // Refused: no CSRF token, a unit that is not a candidate, another member.
      const chairPage = await chair.get(taskPath());
      const chairForm = formOf(chairPage.text);
      expect((await chair.post('/task/chair/decide', { ...chairForm, csrf: 'x', flag: 'DBP' })).status).toBe(403);
      const stranger = await chair.post('/task/chair/decide', { ...chairForm, flag: 'MAN' });
      expect(stranger.status).toBe(400);
      expect(stranger.text).toContain('Hãy chọn một trong các đơn vị dưới đây.');
      const tgi = await signedIn(REPS.TGI);
      expect((await tgi.post('/task/chair/decide', { ...chairForm, csrf: csrfOf((await tgi.get('/')).text), flag: 'DBI' })).status).toBe(
        403,
      );

      // The chair chooses DBP, the deputy DBI: not settled; the deputy follows the chair: settled.
      const byChair = await chair.post('/task/chair/decide', { ...chairForm, flag: 'DBP' });
      expect(byChair.status).toBe(200);
      expect(byChair.text).toContain('Lựa chọn của bạn đã được ghi nhận: UBND thành phố Điện Biên Phủ (DBP) – hạng 1, 93 điểm.');
      expect(await tasksOf(REPS.DBI)).not.toContainEqual(['decide', 'chair']);
      const deputyForm = formOf(page.text);
      const differs = await deputy.post('/task/chair/decide', { ...deputyForm, flag: 'DBI' });
      expect(differs.status).toBe(200);
      expect(differs.text).toContain('Đề nghị được chốt khi Trưởng cụm chọn giống bạn.');
      const shown = await deputy.get(taskPath());
      expect(shown.text).toContain('Trưởng cụm (UBND huyện Điện Biên (DBI)) chọn: UBND thành phố Điện Biên Phủ (DBP)');
      expect(shown.text).toContain('Phó cụm (UBND huyện Mường Ảng (MAN)) chọn: UBND huyện Điện Biên (DBI)');
      const agreed = await deputy.post('/task/chair/decide', { ...formOf(shown.text), flag: 'DBP' });
      expect(agreed.status).toBe(200);
      expect(agreed.text).toContain(
        'Trưởng cụm và Phó cụm đã chọn cùng một phương án. Đơn vị được đề nghị Cờ thi đua: UBND thành phố Điện Biên Phủ (DBP).',
      );

      const choices = await h.db
        .selectFrom('audit_event')
        .select(['actor', 'subject', 'details'])
        .where('cycle_id', '=', cycle)
        .where('action', '=', 'ballot.leaders-choice')
        .orderBy('occurred_at')
        .execute();
      expect(choices).toEqual([
        { actor: REPS.DBI, subject: 'chair', details: { flag: 'DBP', channel: 'web' } },
        { actor: REPS.MAN, subject: 'deputy', details: { flag: 'DBI', channel: 'web' } },
        { actor: REPS.MAN, subject: 'deputy', details: { flag: 'DBP', channel: 'web' } },
      ]);
      // The workflow goes on: the nominations name DBP, decided by the chair and the deputy, and the year heads for its conference.
      await waitForPhase(h.client, cycle, 'conference', 60_000);
      expect((await cycleStatus(h.client, cycle)).cycle.scoring!.nominations).toEqual({
        flag: 'DBP',
        flagDecidedBy: 'chair-and-deputy',
        certificates: ['TGI', 'MAN'],
      });
      const nomination = await h.db
        .selectFrom('nomination')
        .select(['unit_code', 'decided_by'])
        .where('cycle_id', '=', cycle)
        .where('award', '=', 'flag')
        .execute();
      expect(nomination).toEqual([{ unit_code: 'DBP', decided_by: 'chair-and-deputy' }]);

      // Settled: a second decision is refused, saying what was decided; the page shows it without a form.
      const again = await chair.post('/task/chair/decide', { ...chairForm, request: fresh(), flag: 'DBI' });
      expect(again.status).toBe(409);
      expect(again.text).toContain('Đã thực hiện');
      expect(again.text).toContain('Đơn vị được đề nghị Cờ thi đua: UBND thành phố Điện Biên Phủ (DBP).');
      const settled = await chair.get(taskPath());
      expect(settled.text).toContain('Đơn vị được đề nghị Cờ thi đua: UBND thành phố Điện Biên Phủ (DBP).');
      expect(settled.text).not.toContain('action="/task/chair/decide"');
    },
  );
});

describe('the cluster’s giấy khen', () => {
  const certificates = () =>
    h.db
      .selectFrom('cluster_certificate')
      .select(['number', 'recipient', 'recipient_kind', 'unit_code', 'recorded_by', 'signed_by_unit'])
      .where('cycle_id', '=', cycle)
      .orderBy('seq')
      .execute();
  const rows = {
    'cert.1.recipient': 'Trường Tiểu học Thanh An',
    'cert.1.kind': 'collective',
    'cert.1.unit': 'DBI',
    'cert.1.achievement': 'Hoàn thành xuất sắc nhiệm vụ năm học 2017–2018',
    'cert.2.recipient': 'Hộ ông Lò Văn Pọm',
    'cert.2.kind': 'household',
    'cert.2.unit': 'MAN',
    'cert.2.achievement': 'Điển hình sản xuất giỏi, giúp 5 hộ thoát nghèo',
    'cert.3.recipient': '',
    'cert.3.kind': 'collective',
    'cert.3.unit': '',
    'cert.3.achievement': '',
  };

  it('are recorded by the chair, once: rows checked beside their fields, more rows without JavaScript, the rows and a receipt', async () => {
    expect(await tasksOf(REPS.DBI)).toEqual([['certificates', 'chair']]);
    const page = await chair.get(taskPath());
    expect(page.text).toContain('Giấy khen của cụm');
    expect(page.text).toContain('name="cert.3.achievement"');
    const base = { ...formOf(page.text), rows: '3', action: 'record' };

    // The deputy may not; nothing filled in is refused; a bad row is shown beside its fields, the input kept.
    const deputyPage = await deputy.get(taskPath());
    expect(deputyPage.text).toContain('Chỉ Trưởng cụm (UBND huyện Điện Biên (DBI)) ghi Giấy khen của cụm.');
    expect((await deputy.post('/task/chair/certificates', { ...base, ...formOf(deputyPage.text), ...rows })).status).toBe(403);
    const none = await chair.post('/task/chair/certificates', base);
    expect(none.status).toBe(400);
    expect(none.text).toContain('Hãy điền ít nhất một Giấy khen');
    const bad = await chair.post('/task/chair/certificates', {
      ...base,
      ...rows,
      'cert.1.achievement': 'Tốt',
      'cert.2.recipient': 'Hộ ông A – hình bầu cua tôm cá',
      'cert.3.recipient': 'Thôn Na Sang',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<p class="error" id="cert-1-achievement-error">Thành tích: 10 đến 500 ký tự.</p>');
    expect(bad.text).toMatch(/id="cert-2-recipient-error">a certificate cannot carry/);
    expect(bad.text).toContain('<p class="error" id="cert-3-unit-error">Hãy chọn một đơn vị thành viên của cụm.</p>');
    expect(bad.text).toContain('value="Trường Tiểu học Thanh An"');
    expect(bad.text).toContain('<option value="household" selected>');
    // More rows: the same form with three more, nothing lost.
    const more = await chair.post('/task/chair/certificates', { ...base, ...rows, action: 'more' });
    expect(more.status).toBe(200);
    expect(more.text).toContain('name="rows" value="6"');
    expect(more.text).toContain('name="cert.6.recipient"');
    expect(more.text).toContain('value="Hộ ông Lò Văn Pọm"');
    expect(await certificates()).toEqual([]);

    const form = { ...base, ...rows, request: fieldOf(more.text, 'request') };
    const done = await chair.post('/task/chair/certificates', form);
    expect(done.status).toBe(200);
    const numbers = [`01/GK-${cluster}-2018`, `02/GK-${cluster}-2018`];
    expect(done.text).toContain(`Đã ghi 2 Giấy khen: ${numbers.join(', ')}.`);
    expect(await certificates()).toEqual([
      {
        number: numbers[0],
        recipient: 'Trường Tiểu học Thanh An',
        recipient_kind: 'collective',
        unit_code: 'DBI',
        recorded_by: REPS.DBI,
        signed_by_unit: 'DBI',
      },
      {
        number: numbers[1],
        recipient: 'Hộ ông Lò Văn Pọm',
        recipient_kind: 'household',
        unit_code: 'MAN',
        recorded_by: REPS.DBI,
        signed_by_unit: 'DBI',
      },
    ]);
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'details'])
      .where('key', '=', `${cycle}:certificates`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor: REPS.DBI, details: { numbers, channel: 'web' } });

    // Sent again: refused with what was recorded; the page lists them instead of the form.
    const twice = await chair.post('/task/chair/certificates', form);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain(`Danh sách Giấy khen của cụm đã được ghi: ${numbers.join(', ')}.`);
    const listed = await chair.get(taskPath());
    expect(listed.text).not.toContain('action="/task/chair/certificates"');
    expect(listed.text).toContain(`${numbers[1]}: Hộ ông Lò Văn Pọm (Hộ gia đình, UBND huyện Mường Ảng (MAN))`);
    expect(await tasksOf(REPS.DBI)).toEqual([]);

    // In English too.
    const english = await chair.get(`${taskPath()}&lang=en`);
    expect(english.text).toContain('Cluster chair and deputy');
    expect(english.text).toContain('The flag nominee: UBND thành phố Điện Biên Phủ (DBP).');
  });
});
