import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundStatus } from '../../client/operations.ts';
import { cycleYearsOfProvince } from '../../db/queries/provinceClusters.ts';
import { cycleId as cycleIdOf, roundId } from '../../domain/ids.ts';
import { copySeedCluster, eventually, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { CONSOLE_PEOPLE, consoleBrowser, roomyCalendar, startConsoleWeb } from './consoleWeb.ts';
import { csrfOf, fieldOf, type Browser, type TestWeb } from './webSupport.ts';
import { vietnamLocalInput } from '../../domain/time.ts';

// The console's year and cycle pages over plain HTTP, against the real worker, Temporal,
// PostgreSQL and mail sink. The secretariat (snv.ha) starts a test cluster's year from the start
// page with a calendar of JSON, is refused a second start with a link to the first, extends one
// unit's pledge deadline (the round's status, the row, the audit event) and records a veto input
// (the row, the page). The administrator's posts are refused and change nothing; the neighbouring
// province's secretariat finds nothing; junk gets a clear 400 page.

let h: Harness;
let web: TestWeb;
let realOnly: TestWeb;
let cluster: string;
let cycle: string;
let ha: Browser;
let khanh: Browser;
let thuy: Browser;

beforeAll(async () => {
  h = await startHarness();
  [web, realOnly] = await Promise.all([startConsoleWeb(h, { allowTestCalendar: true }), startConsoleWeb(h)]);
  cluster = await copySeedCluster(h.db);
  cycle = cycleIdOf(cluster, 2018);
  [ha, khanh, thuy] = await Promise.all([
    consoleBrowser(web, h, CONSOLE_PEOPLE.secretariat),
    consoleBrowser(web, h, CONSOLE_PEOPLE.administrator),
    consoleBrowser(web, h, CONSOLE_PEOPLE.otherProvince),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([web?.close(), realOnly?.close()]);
  await h?.close();
});

const cyclePath = (id: string) => `/console/cycle?id=${encodeURIComponent(id)}`;
const mainOf = (text: string) => text.slice(text.indexOf('<main'));
const noStackTrace = (text: string) => expect(text).not.toMatch(/at .*\.ts:\d+/);

async function counts() {
  const [extensions, vetoes, cycles] = await Promise.all([
    h.db
      .selectFrom('round_extension')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('round_id', 'like', `${cycle}/%`)
      .executeTakeFirstOrThrow(),
    h.db
      .selectFrom('veto')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('cycle_id', '=', cycle)
      .executeTakeFirstOrThrow(),
    h.db
      .selectFrom('cycle')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('cluster_code', '=', cluster)
      .executeTakeFirstOrThrow(),
  ]);
  return { extensions: Number(extensions.n), vetoes: Number(vetoes.n), cycles: Number(cycles.n) };
}

describe("the secretariat's year", () => {
  it('starts a cluster-year from the start page; a second start is refused with a link to the running one', async () => {
    const form = await ha.get(`/console/start?cluster=${cluster}&year=2018`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${cluster}" selected>`);
    expect(form.text).toContain('phong trào thi đua mặc định');
    expect(form.text).toContain('name="calendarJson"');

    const calendarJson = JSON.stringify(roomyCalendar());
    const started = await ha.post('/console/start', { csrf: csrfOf(form.text), cluster, year: '2018', calendar: 'json', calendarJson });
    expect(started.status).toBe(303);
    expect(started.location).toBe(`${cyclePath(cycle)}&done=started`);
    const page = await ha.get(started.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đã bắt đầu năm thi đua.');
    const row = await h.db.selectFrom('cycle').select(['id', 'year']).where('cluster_code', '=', cluster).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: cycle, year: 2018 });

    const again = await ha.post('/console/start', { csrf: csrfOf(form.text), cluster, year: '2018', calendar: 'real' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Năm thi đua này đã được bắt đầu');
    expect(again.text).toContain(`href="${cyclePath(cycle).replace('&', '&amp;')}"`);
    expect((await counts()).cycles).toBe(1);
  }, 60_000);

  it('shows the province’s year: the cluster with its phase, open tasks and links, and the council', async () => {
    await waitOpen(h.client, roundId(cycle, 'pledge'));
    // The page reads the open tasks from Temporal's visibility, which lags the workflows a little,
    // and shows "unknown" when they do not answer within a few seconds: ask until the five show.
    const ownRow = (text: string) => text.slice(text.indexOf(`<span class="code">${cluster}</span>`));
    const year = await eventually(
      "the cluster's open tasks on the year page",
      () => ha.get('/console?year=2018'),
      (page) => page.status !== 200 || /<td>5<\/td>/.test(ownRow(page.text).slice(0, ownRow(page.text).indexOf('</tr>'))),
    );
    expect(year.status).toBe(200);
    expect(year.text).toContain('Năm thi đua 2018');
    const rowOf = year.text.slice(year.text.indexOf(`<span class="code">${cluster}</span>`));
    const row = rowOf.slice(0, rowOf.indexOf('</tr>'));
    expect(row).toContain(`href="${cyclePath(cycle)}"`);
    expect(row).toContain(`href="/console/history?wf=${encodeURIComponent(cycle)}"`);
    expect(row).toContain(`href="/console/schedule?cluster=${cluster}"`);
    expect(row).toMatch(/<td>5<\/td>/); // five pledges awaited
    expect(row).toMatch(/<time datetime="[^"]+">\d{2}:\d{2}:\d{2} ngày \d{2}\/\d{2}\/2018|<time datetime/);
    expect(year.text).toMatch(/council(\/|%2F)[A-Z-]+(\/|%2F)2018/); // the council's session, linked or named
    // Without ?year= it opens on the latest year with cycles (other files in the shared database may have recorded later ones).
    const [latest] = await cycleYearsOfProvince(h.db, 'Điện Biên');
    expect((await ha.get('/console')).text).toContain(`Năm thi đua ${latest}`);
  }, 60_000);

  it("extends one unit's pledge deadline, with the reason recorded and shown", async () => {
    const page = await ha.get(cyclePath(cycle));
    const until = Date.now() + 6 * 60_000;
    const local = vietnamLocalInput(until);
    const extended = await ha.post('/console/cycle/extend', {
      csrf: csrfOf(page.text),
      wf: cycle,
      request: fieldOf(page.text, 'request'),
      round: 'pledge',
      units: 'TGI',
      until: local,
      reason: 'Mưa lũ làm gián đoạn giao thông',
    });
    expect(extended.status, extended.text).toBe(303);
    expect(extended.location).toBe(`${cyclePath(cycle)}&done=extended`);
    const expectedUntil = Date.parse(`${local}:00+07:00`);
    const status = await roundStatus(h.client, roundId(cycle, 'pledge'));
    expect(Date.parse(status!.units.find((u) => u.unit === 'TGI')!.deadline!)).toBe(expectedUntil);
    expect(status!.units.find((u) => u.unit === 'DBI')!.deadline).toBeUndefined();
    const row = await h.db
      .selectFrom('round_extension')
      .selectAll()
      .where('round_id', '=', roundId(cycle, 'pledge'))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_code: 'TGI', granted_by: 'snv.ha', reason: 'Mưa lũ làm gián đoạn giao thông' });
    expect(row.until.getTime()).toBe(expectedUntil);
    const audit = await h.db
      .selectFrom('audit_event')
      .select(['actor', 'action'])
      .where('subject', '=', roundId(cycle, 'pledge'))
      .where('action', '=', 'round.extended')
      .execute();
    expect(audit).toEqual([{ actor: 'snv.ha', action: 'round.extended' }]);
    const after = await ha.get(extended.location!);
    expect(after.text).toContain('Đã gia hạn');
    expect(after.text).toContain('đã gia hạn');
  }, 60_000);

  it('records a veto input, listed on the page', async () => {
    const page = await ha.get(cyclePath(cycle));
    const veto = await ha.post('/console/cycle/veto', {
      csrf: csrfOf(page.text),
      wf: cycle,
      request: fieldOf(page.text, 'request'),
      unit: 'MAN',
      source: 'police',
      reference: 'Công văn 45/CAT-PV01',
      description: 'Vi phạm trật tự an toàn giao thông nghiêm trọng',
    });
    expect(veto.status, veto.text).toBe(303);
    const rows = await h.db.selectFrom('veto').selectAll().where('cycle_id', '=', cycle).execute();
    expect(rows).toMatchObject([{ unit_code: 'MAN', source: 'police', reference: 'Công văn 45/CAT-PV01', recorded_by: 'snv.ha' }]);
    const after = await ha.get(veto.location!);
    expect(after.text).toContain('Đã ghi nhận thông tin vi phạm.');
    expect(after.text).toContain('Công văn 45/CAT-PV01');
  }, 60_000);
});

describe('who may do what', () => {
  it("refuses the administrator's posts with a clear page, and nothing changes", async () => {
    const before = await counts();
    const page = await khanh.get(cyclePath(cycle));
    expect(page.status).toBe(200); // reads everything
    expect(page.text).not.toContain('action="/console/cycle/extend"');
    expect((await khanh.get('/console/start')).status).toBe(403);
    const csrf = csrfOf(page.text);
    for (const [path, form] of [
      ['/console/start', { cluster, year: '2019', calendar: 'real' }],
      [
        '/console/cycle/extend',
        { wf: cycle, round: 'pledge', units: 'DBI', until: vietnamLocalInput(Date.now() + 300_000), reason: 'Lý do gia hạn' },
      ],
      ['/console/cycle/veto', { wf: cycle, unit: 'DBI', source: 'tax', reference: 'CV 1', description: 'Nợ thuế kéo dài' }],
    ] as const) {
      const answer = await khanh.post(path, { csrf, ...form });
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('Quản trị viên được xem mọi hồ sơ của tỉnh nhưng không được thao tác');
    }
    expect(await counts()).toEqual(before);
  });

  it("gives the neighbouring province's secretariat nothing: 404 for the cycle page and its forms", async () => {
    const before = await counts();
    const page = await thuy.get(cyclePath(cycle));
    expect(page.status).toBe(404);
    expect(page.text).toContain('Không có hồ sơ này trong tỉnh của bạn.');
    expect(mainOf(page.text)).not.toContain(cluster);
    const home = await thuy.get('/console?year=2018');
    expect(mainOf(home.text)).not.toContain(cluster);
    const veto = await thuy.post('/console/cycle/veto', {
      csrf: csrfOf(home.text),
      wf: cycle,
      unit: 'DBI',
      source: 'tax',
      reference: 'CV 2',
      description: 'Nợ thuế kéo dài',
    });
    expect(veto.status).toBe(404);
    const start = await thuy.post('/console/start', { csrf: csrfOf(home.text), cluster, year: '2019', calendar: 'real' });
    expect(start.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('junk', () => {
  it('answers a clear 400 page, changing nothing', async () => {
    const before = await counts();
    const page = await ha.get(cyclePath(cycle));
    const csrf = csrfOf(page.text);
    const extend = {
      csrf,
      wf: cycle,
      round: 'pledge',
      units: 'DBI',
      until: vietnamLocalInput(Date.now() + 300_000),
      reason: 'Lý do gia hạn',
    };
    const cases: [string, string, Record<string, string> | undefined, string][] = [
      ['bad cycle id', '/console/cycle?id=cycle/../../etc', undefined, 'cycle/&lt;CỤM&gt;/&lt;NĂM&gt;'],
      ['bad year', '/console?year=20x8', undefined, 'bốn chữ số'],
      ['bad date', '/console/cycle/extend', { ...extend, until: '2018-13-45T99:99' }, 'không hợp lệ'],
      ['words for a date', '/console/cycle/extend', { ...extend, until: 'tomorrow' }, 'không hợp lệ'],
      ['a huge reason', '/console/cycle/extend', { ...extend, reason: 'x'.repeat(20_000) }, 'không hợp lệ'],
      ['an unknown round', '/console/cycle/extend', { ...extend, round: 'anything' }, 'không hợp lệ'],
      [
        'an unknown veto source',
        '/console/cycle/veto',
        { csrf, wf: cycle, unit: 'DBI', source: 'rumour', reference: 'x', description: 'Tin đồn không rõ' },
        'không hợp lệ',
      ],
      ['a bad start year', '/console/start', { csrf, cluster, year: '99999', calendar: 'real' }, 'không hợp lệ'],
      [
        'a calendar that is not JSON',
        '/console/start',
        { csrf, cluster, year: '2019', calendar: 'json', calendarJson: '{launchAt:' },
        'not JSON',
      ],
      [
        'a calendar without the pledge',
        '/console/start',
        { csrf, cluster, year: '2019', calendar: 'json', calendarJson: '{"launchAt":"2019-01-15T08:00:00+07:00"}' },
        'not a valid calendar',
      ],
    ];
    for (const [what, path, form, says] of cases) {
      const answer = form ? await ha.post(path, form) : await ha.get(path);
      expect(answer.status, what).toBe(400);
      expect(answer.text, what).toContain(says);
      noStackTrace(answer.text);
    }
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('refuses a test calendar where the server does not allow one', async () => {
    const browser = await consoleBrowser(realOnly, h, CONSOLE_PEOPLE.secretariat);
    const form = await browser.get('/console/start');
    expect(form.text).not.toContain('name="calendarJson"');
    for (const calendar of ['compressed', 'json']) {
      const answer = await browser.post('/console/start', {
        csrf: csrfOf(form.text),
        cluster,
        year: '2019',
        calendar,
        calendarJson: JSON.stringify(roomyCalendar()),
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('không nhận lịch thử nghiệm');
    }
    expect((await counts()).cycles).toBe(1);
  }, 60_000);
});
