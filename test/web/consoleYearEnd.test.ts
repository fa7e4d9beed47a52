import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleStatus, startCycle } from '../../client/operations.ts';
import { describeSchedule } from '../../client/yearEndOperations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf } from '../../domain/ids.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import { copyClusterWithOwnUnits, fastCycle, waitForPhase } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { Browser, csrfOf, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The console's year end and yearly schedule over plain HTTP against the real worker, Temporal,
// PostgreSQL and mail sink. One cycle of a cluster with units of its own (a merge is a fact about
// a unit) runs with a conference far off, as the year-end workflow tests run theirs: the
// secretariat's rotation instructions and merges are taken from the cycle's start until the
// conference. snv.ha excuses a unit, records a merge and overrides the order through the forms
// (the rotation on the page follows; rows, audit events and the workflow's state say it was
// recorded), then creates, pauses, unpauses and runs the cluster's schedule. The administrator
// reads but every POST of theirs (and of the council's secretary) is refused; Lai Châu's secretariat finds nothing; junk is a 400.

const ROUND_MS = 600_000;

let h: Harness;
let web: TestWeb;
let cluster: string;
let id: string;
let unit: (seed: string) => string;
const ha = () => new Browser(web.url);
let secretariat: Browser;
let administrator: Browser;
let neighbour: Browser;
let councilSecretary: Browser;

const pagePath = () => `/console/cycle/year-end?id=${encodeURIComponent(id)}`;
const schedulePath = () => `/console/schedule?cluster=${cluster}`;
const mainOf = (page: string) => page.slice(page.indexOf('<main'), page.indexOf('</main>'));

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  ({ cluster, unit } = await copyClusterWithOwnUnits(h.db));
  id = cycleIdOf(cluster, 2018);
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, ROUND_MS, 300, { reporting: false, conference: true }));
  secretariat = ha();
  administrator = ha();
  neighbour = ha();
  councilSecretary = ha();
  await Promise.all([
    waitForPhase(h.client, id, 'pledges'),
    signInByMail(web, h, secretariat, emailOf('snv.ha')),
    signInByMail(web, h, administrator, emailOf('qt.khanh')),
    signInByMail(web, h, neighbour, emailOf('lc.thuy')),
    signInByMail(web, h, councilSecretary, emailOf('hd.thuky')),
  ]);
}, 120_000);

afterAll(async () => {
  await h?.client.schedule
    .getHandle(`next-cycle/${cluster}`)
    .delete()
    .catch(() => undefined);
  await h?.client.workflow
    .getHandle(id)
    .terminate('test over')
    .catch(() => undefined);
  await web?.close();
  await h?.close();
});

/** Posts a form of the page at `from` (with its CSRF token) and returns the answer. */
async function postFrom(browser: Browser, from: string, action: string, form: Record<string, string>) {
  const page = await browser.get(from);
  return browser.post(action, { csrf: csrfOf(page.text), ...form });
}

const instructions = () => h.db.selectFrom('rotation_instruction').selectAll().where('cycle_id', '=', id).orderBy('id').execute();
const auditOf = (action: string) =>
  h.db.selectFrom('audit_event').selectAll().where('cycle_id', '=', id).where('action', '=', action).orderBy('id').execute();

describe("the year end's page and forms", () => {
  it('shows the rotation as it stands, and follows an excuse, a merge and an override posted by the secretariat', async () => {
    const before = await secretariat.get(pagePath());
    expect(before.status).toBe(200);
    // DBI chairs 2018 with MAN deputy: by the order, MAN chairs 2019 and DBP deputises.
    expect(mainOf(before.text)).toMatch(new RegExp(`Cụm trưởng năm sau</dt><dd>[^<]*\\(${unit('MAN')}\\)`));
    expect(mainOf(before.text)).toMatch(new RegExp(`Cụm phó năm sau</dt><dd>[^<]*\\(${unit('DBP')}\\)`));
    expect(before.text).toContain('Theo thứ tự luân phiên');

    const excuseReason = 'Hội đồng đồng ý tại Thông báo 5/TB-HĐTĐKT';
    const excused = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/excuse', {
      wf: id,
      unit: unit('DBP'),
      reason: excuseReason,
    });
    expect(excused.status).toBe(303);
    expect(excused.location).toBe(`${pagePath()}&done=excused`);
    const afterExcuse = await secretariat.get(excused.location!);
    expect(afterExcuse.text).toContain('Đã ghi nhận việc miễn luân phiên.');
    expect(mainOf(afterExcuse.text)).toMatch(new RegExp(`Cụm phó năm sau</dt><dd>[^<]*\\(${unit('MLA')}\\)`));
    expect(afterExcuse.text).toContain('được miễn luân phiên');

    const today = vietnamIsoDate(Date.now());
    const merged = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/merge', {
      wf: id,
      unit: unit('MLA'),
      into: unit('DBI').toLowerCase(),
      on: today,
      openTasks: 'transfer',
      reason: 'Nghị quyết 1661/NQ-UBTVQH15 sắp xếp đơn vị hành chính',
    });
    expect(merged.status).toBe(303);
    expect((await secretariat.get(merged.location!)).text).toContain('Đã ghi nhận việc sáp nhập');
    // DBP excused and MLA merged away are passed over: TGI deputises.
    const afterMerge = await secretariat.get(pagePath());
    expect(mainOf(afterMerge.text)).toMatch(new RegExp(`Cụm phó năm sau</dt><dd>[^<]*\\(${unit('TGI')}\\)`));
    expect(afterMerge.text).toContain(`sáp nhập vào ${unit('DBI')} từ ${today}`);

    const overrideReason = 'UBND tỉnh đề nghị tại Công văn 12/UBND-NC';
    const overridden = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/override', {
      wf: id,
      chair: unit('TGI'),
      deputy: unit('MAN'),
      reason: overrideReason,
    });
    expect(overridden.status).toBe(303);
    const afterOverride = await secretariat.get(overridden.location!);
    expect(afterOverride.text).toContain('Đã ghi nhận chỉ định cụm trưởng, cụm phó.');
    expect(mainOf(afterOverride.text)).toMatch(new RegExp(`Cụm trưởng năm sau</dt><dd>[^<]*\\(${unit('TGI')}\\)`));
    expect(afterOverride.text).toContain(`Theo chỉ đạo của Văn phòng: ${overrideReason}`);

    // Recorded as the CLI records them: the rows, the audit events, the workflow's state.
    expect((await instructions()).map((i) => [i.kind, i.unit_code ?? `${i.chair_unit}/${i.deputy_unit}`, i.actor, i.reason])).toEqual([
      ['excuse', unit('DBP'), 'snv.ha', excuseReason],
      ['override', `${unit('TGI')}/${unit('MAN')}`, 'snv.ha', overrideReason],
    ]);
    expect((await auditOf('rotation.excuse')).map((e) => e.actor)).toEqual(['snv.ha']);
    expect((await auditOf('rotation.override')).map((e) => e.actor)).toEqual(['snv.ha']);
    const link = await h.db.selectFrom('unit_link').selectAll().where('predecessor_code', '=', unit('MLA')).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ successor_code: unit('DBI'), open_tasks: 'transfer', recorded_by: 'snv.ha' });
    expect((await auditOf('unit.merged')).map((e) => e.actor)).toEqual(['snv.ha']);
    expect((await cycleStatus(h.client, id)).cycle.merged).toEqual([{ unit: unit('MLA'), into: unit('DBI'), on: today }]);
  }, 120_000);

  it("shows the workflow's refusal readably, and answers junk with a clear 400 that records nothing", async () => {
    const recorded = (await instructions()).length;
    const again = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/override', {
      wf: id,
      chair: unit('TGI'),
      deputy: unit('MAN'),
      reason: 'Một lần nữa, cùng chỉ đạo như trên',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Không ghi nhận được.');
    expect(again.text).not.toMatch(/at .*\.ts:\d+/);

    const short = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/excuse', {
      wf: id,
      unit: unit('TGI'),
      reason: 'vì thế',
    });
    expect(short.status).toBe(400);
    expect(short.text).toContain('give a reason of at least 10 characters');
    expect(short.text).toContain(`href="${pagePath().replace(/&/g, '&amp;')}"`);
    for (const junk of [
      { wf: id, unit: '<script>alert(1)</script>', reason: 'x'.repeat(20) },
      { wf: id, unit: unit('TGI'), reason: 'x'.repeat(6000) },
      { wf: 'cycle/../../etc', unit: unit('TGI'), reason: 'x'.repeat(20) },
    ]) {
      const answer = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/excuse', junk);
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain('<script>alert');
    }
    const badDate = await postFrom(secretariat, pagePath(), '/console/cycle/year-end/merge', {
      wf: id,
      unit: unit('TGI'),
      into: unit('DBI'),
      on: '2018-02-30',
      openTasks: 'keep',
      reason: 'Nghị quyết sắp xếp đơn vị hành chính',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('not a date of the calendar');
    for (const query of ['?id=junk', '?id=', '']) expect((await secretariat.get(`/console/cycle/year-end${query}`)).status).toBe(400);
    expect((await secretariat.get('/console/cycle/year-end?id=cycle%2FNO-SUCH%2F2018')).status).toBe(404);
    expect((await instructions()).length).toBe(recorded);
  }, 60_000);

  it("lets the administrator read but refuses every POST of theirs (and the council's secretary's), and shows Lai Châu's secretariat nothing", async () => {
    const read = await administrator.get(pagePath());
    expect(read.status).toBe(200);
    expect(read.text).toContain('Chỉ xem.');
    expect(read.text).not.toContain('action="/console/cycle/year-end/excuse"');
    const recorded = (await instructions()).length;
    for (const action of ['excuse', 'override', 'merge']) {
      const refused = await administrator.post(`/console/cycle/year-end/${action}`, {
        csrf: csrfOf(read.text),
        wf: id,
        unit: unit('TGI'),
        chair: unit('TGI'),
        deputy: unit('DBI'),
        reason: 'Quản trị viên thử ghi nhận',
      });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Không được thực hiện thao tác này');
    }
    // The council's secretary acts on the council only: past the console's guard, refused by the year end's own check.
    const secretaryPage = await councilSecretary.get(pagePath());
    const secretaryPost = await councilSecretary.post('/console/cycle/year-end/excuse', {
      csrf: csrfOf(secretaryPage.text),
      wf: id,
      unit: unit('TGI'),
      reason: 'Thư ký Hội đồng thử ghi nhận',
    });
    expect(secretaryPost.status).toBe(403);
    expect(secretaryPost.text).toContain('Thư ký Hội đồng chỉ thao tác trên phiên họp');
    expect((await instructions()).length).toBe(recorded);

    expect((await neighbour.get(pagePath())).status).toBe(404);
    expect((await neighbour.get(schedulePath())).status).toBe(404);
    const theirs = await neighbour.get(pagePath());
    const posted = await neighbour.post('/console/cycle/year-end/excuse', {
      csrf: csrfOf(theirs.text),
      wf: id,
      unit: unit('TGI'),
      reason: 'Tỉnh khác thử ghi nhận',
    });
    expect(posted.status).toBe(404);
    expect(posted.text).toContain('Không có hồ sơ này trong tỉnh của bạn.');
    expect((await instructions()).length).toBe(recorded);
  }, 60_000);
});

describe("the cluster's yearly schedule", () => {
  it('is created, paused with a note, unpaused and run now through its forms', async () => {
    const none = await secretariat.get(schedulePath());
    expect(none.status).toBe(200);
    expect(none.text).toContain('Cụm chưa có lịch tự động hằng năm.');

    expect(
      (await postFrom(secretariat, schedulePath(), '/console/schedule/create', { cluster, month: '13', day: '15', hour: '8' })).status,
    ).toBe(400);
    const created = await postFrom(secretariat, schedulePath(), '/console/schedule/create', { cluster, month: '1', day: '15', hour: '8' });
    expect(created.status).toBe(303);
    expect(created.location).toBe(`${schedulePath()}&done=created`);
    const shown = await secretariat.get(created.location!);
    expect(shown.text).toContain('Đã tạo lịch.');
    expect(shown.text).toContain('15/01 08:00 every year (Asia/Ho_Chi_Minh)');
    expect(shown.text).toMatch(/Lần chạy tới<\/dt><dd>\d\d:\d\d:\d\d ngày 15\/01\/\d{4}/);
    expect(await describeSchedule(h.client, cluster)).toMatchObject({ paused: false, note: 'created by snv.ha' });

    expect((await postFrom(secretariat, schedulePath(), '/console/schedule/pause', { cluster, note: ' ab ' })).status).toBe(400);
    const note = 'tạm dừng để kiểm tra dữ liệu sáp nhập';
    const paused = await postFrom(secretariat, schedulePath(), '/console/schedule/pause', { cluster, note });
    expect(paused.location).toBe(`${schedulePath()}&done=paused`);
    expect(await describeSchedule(h.client, cluster)).toMatchObject({ paused: true, note: `${note} (snv.ha)` });
    expect((await secretariat.get(schedulePath())).text).toContain('action="/console/schedule/unpause"');

    // The administrator's POST changes nothing.
    const read = await administrator.get(schedulePath());
    expect(read.text).not.toContain('action="/console/schedule/');
    const refused = await administrator.post('/console/schedule/unpause', { csrf: csrfOf(read.text), cluster, note: 'quản trị viên thử' });
    expect(refused.status).toBe(403);
    expect((await describeSchedule(h.client, cluster)).paused).toBe(true);

    const unpaused = await postFrom(secretariat, schedulePath(), '/console/schedule/unpause', { cluster, note: 'đã kiểm tra xong' });
    expect(unpaused.location).toBe(`${schedulePath()}&done=unpaused`);
    expect(await describeSchedule(h.client, cluster)).toMatchObject({ paused: false, note: 'đã kiểm tra xong (snv.ha)' });

    // Before the conference the run has nothing to start.
    const triggered = await postFrom(secretariat, schedulePath(), '/console/schedule/trigger', { cluster });
    expect(triggered.location).toBe(`${schedulePath()}&done=triggered`);
    const runs = (await describeSchedule(h.client, cluster)).recentRuns;
    expect(runs).toHaveLength(1);
    const after = await secretariat.get(triggered.location!);
    expect(after.text).toContain('Đã chạy: chưa đến hạn');
    expect(after.text).toContain(runs[0]!.workflowId);

    for (const junk of ['?cluster=junk%20code', '?cluster=', ''])
      expect((await secretariat.get(`/console/schedule${junk}`)).status).toBe(400);
    expect((await secretariat.get('/console/schedule?cluster=NO-SUCH')).status).toBe(404);
  }, 120_000);
});
