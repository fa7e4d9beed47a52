import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilStatus, councilVote } from '../../client/councilOperations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { atLeast, DEFAULT_COUNCIL_RULES, type CouncilPhase } from '../../domain/council.ts';
import { vietnamLocalInput } from '../../domain/time.ts';
import { ABSENT, PRESENT, startCouncilFromSubmission } from '../support/councilFromSubmission.ts';
import { appointConsoleStaff, staffEmail, type ConsoleStaff } from '../support/consoleStaff.ts';
import { REPS } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { Browser, csrfOf, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The council in the console over plain HTTP against the real worker, Temporal, PostgreSQL and
// mail sink. A council of a province of its own starts from a recorded submission, with console
// staff appointed there (the reference people's console opens on Điện Biên). The secretariat
// appraises through the console (one accepted, one returned with its reason: the cluster's chair
// is mailed, the cycle is told); the council's secretary takes the first session's attendance, too
// few come, the session fails and the secretariat sets a new one in Vietnam time; the second
// session's attendance is taken and its vote opens; an absent member's written vote is listed (who
// and when, never the choice). An administrator reads but may not act (403, nothing changed);
// another province's secretariat finds nothing (404); junk gets a clear 400.

const WRITER = ABSENT[0]!;

let h: Harness;
let web: TestWeb;
let council: string;
let cycle: string;
let flag: string;
let certificate: string;
let staff: ConsoleStaff;

const MEMBERS = 15;
const QUORUM = atLeast(DEFAULT_COUNCIL_RULES.quorum, MEMBERS);
const AWARD = atLeast(DEFAULT_COUNCIL_RULES.awardAttendance, MEMBERS);

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  ({ council, cycle, flag, certificate } = await startCouncilFromSubmission(h, {
    // Time to sign four people in and appraise before the first session opens.
    sessionInMs: 25_000,
    sessionLength: 'PT120S',
    complaintWindow: 'PT120S',
    toTrinhHtml: '<!doctype html><html lang="vi"><head><title>t</title></head><body><h1>TỜ TRÌNH</h1></body></html>',
    beforeStart: async (province) => {
      staff = await appointConsoleStaff(h.db, province, 2018);
    },
  }));
  // The cycle was only recorded: a stand-in execution under its id takes the council's signals (nothing runs it).
  await h.client.workflow.start('recordedCycle', { workflowId: cycle, taskQueue: `nobody-${cycle}` });
}, 90_000);

afterAll(async () => {
  for (const id of [council, cycle])
    await h?.client.workflow
      .getHandle(id)
      .terminate('test done')
      .catch(() => undefined);
  await web?.close();
  await h?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const status = () => councilStatus(h.client, council);
const phase = (p: CouncilPhase) => until(`the council's phase ${p}`, async () => ((await status()).phase === p ? true : undefined));
const pagePath = () => `/console/council?id=${encodeURIComponent(council)}`;
const appraisalEvents = () =>
  h.db.selectFrom('council_event').select(['actor', 'details']).where('council_id', '=', council).where('kind', '=', 'appraisal').execute();
const signedIn = async (email: string) => {
  const browser = new Browser(web.url);
  await signInByMail(web, h, browser, email);
  return browser;
};

let secretariat: Browser;
let secretary: Browser;

describe('the council in the console', () => {
  it('refuses the administrator (read only, 403), another province (404) and junk (400); nothing is recorded', async () => {
    const administrator = await signedIn(staffEmail(staff.administrator));
    const read = await administrator.get(pagePath());
    expect(read.status).toBe(200);
    expect(read.text).toContain('Chỉ xem.');
    expect(read.text).toContain(`phiên xét khen thưởng cần ít nhất ${AWARD} người (80%)`);
    expect(read.text).not.toContain('action="/console/council/appraise"');
    const forged = await administrator.post('/console/council/appraise', {
      csrf: csrfOf(read.text),
      wf: council,
      nomination: flag,
      verdict: 'accept',
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Không có gì được ghi nhận');
    // Điện Biên's administrator may act on nothing either: refused before its council is even looked up.
    const khanh = await signedIn(emailOf('qt.khanh'));
    const refused = await khanh.post('/console/council/appraise', {
      csrf: csrfOf((await khanh.get('/')).text),
      wf: council,
      nomination: flag,
      verdict: 'accept',
    });
    expect(refused.status).toBe(403);
    // Lai Châu's secretariat may act, but not on this province's council; Điện Biên's, whose console opens there, neither.
    for (const email of [emailOf('lc.thuy'), emailOf('snv.ha')]) {
      const other = await signedIn(email);
      expect((await other.get(pagePath())).status).toBe(404);
      const posted = await other.post('/console/council/appraise', {
        csrf: csrfOf((await other.get('/')).text),
        wf: council,
        nomination: flag,
        verdict: 'accept',
      });
      expect(posted.status).toBe(404);
    }
    expect((await status()).appraisal[flag]).toEqual({ status: 'pending' });
    expect(await appraisalEvents()).toEqual([]);

    secretariat = await signedIn(staffEmail(staff.secretariat));
    for (const junk of [
      '/console/council',
      '/console/council?id=junk',
      `/console/council?id=${'x'.repeat(5000)}`,
      `${pagePath()}&done=junk`,
    ]) {
      const answer = await secretariat.get(junk);
      expect(answer.status, junk).toBe(400);
      expect(answer.text).toContain('council/&lt;TỈNH&gt;/&lt;NĂM&gt;');
    }
    expect((await secretariat.get('/console/council?id=council/NOWHERE/2018')).status).toBe(404);
    const page = await secretariat.get(pagePath());
    const badNomination = await secretariat.post('/console/council/appraise', {
      csrf: csrfOf(page.text),
      wf: council,
      nomination: '<x>',
      verdict: 'accept',
    });
    expect(badNomination.status).toBe(400);
    expect(badNomination.text).toContain('Yêu cầu không hợp lệ');
    expect(badNomination.text).not.toMatch(/at \S+\.ts:\d+/);
  });

  it('the secretariat appraises: accepts one, returns one with its reason (a short one is kept beside its field)', async () => {
    const page = await secretariat.get(pagePath());
    expect(page.status).toBe(200);
    expect(page.text).toContain('Giai đoạn hiện tại');
    expect(page.text).toContain(
      `Hội đồng có ${MEMBERS} thành viên: phiên họp hợp lệ khi có ít nhất ${QUORUM} người dự; phiên xét khen thưởng cần ít nhất ${AWARD} người (80%).`,
    );
    expect(page.text).toContain('action="/console/council/appraise"');
    const csrf = csrfOf(page.text);

    const accepted = await secretariat.post('/console/council/appraise', { csrf, wf: council, nomination: flag, verdict: 'accept' });
    expect(accepted.status).toBe(303);
    const confirmed = await secretariat.get(accepted.location!);
    expect(confirmed.text).toContain('Đã ghi nhận kết quả thẩm định Cờ thi đua');
    expect(confirmed.text).toContain('đủ điều kiện');

    const short = await secretariat.post('/console/council/appraise', {
      csrf,
      wf: council,
      nomination: certificate,
      verdict: 'return',
      reason: 'thiếu',
    });
    expect(short.status).toBe(400);
    expect(short.text).toMatch(/aria-invalid="true" aria-describedby="appraise-reason-\d-error"/);
    expect(short.text).toContain('thiếu</textarea>');
    const reason = 'Thiếu báo cáo thành tích có xác nhận của cấp trên.';
    const returned = await secretariat.post('/console/council/appraise', {
      csrf,
      wf: council,
      nomination: certificate,
      verdict: 'return',
      reason,
    });
    expect(returned.status).toBe(303);
    expect((await secretariat.get(returned.location!)).text).toContain('trả lại để bổ sung');

    const now = await status();
    expect(now.appraisal[flag]).toEqual({ status: 'accepted', by: staff.secretariat });
    expect(now.appraisal[certificate]).toEqual({ status: 'returned', by: staff.secretariat, reason });
    const events = await appraisalEvents();
    expect(events.map((e) => [e.actor, (e.details as { nomination: string; status: string }).status])).toEqual(
      expect.arrayContaining([
        [staff.secretariat, 'accepted'],
        [staff.secretariat, 'returned'],
      ]),
    );
    // The cluster's chair is mailed the reason, and the cycle is told.
    await h.mail.waitFor((all) => all.some((m) => m.to.includes(emailOf(REPS.DBI)) && m.text.includes(reason)));
    const told = (await h.client.workflow.getHandle(cycle).fetchHistory()).events?.find((e) => e.workflowExecutionSignaledEventAttributes);
    expect(told?.workflowExecutionSignaledEventAttributes?.signalName).toBe('councilReturned');
  });

  it("the council's secretary takes a failed session's attendance; the secretariat reschedules it in Vietnam time", async () => {
    secretary = await signedIn(staffEmail(staff.secretary));
    await phase('session');
    const page = await secretary.get(pagePath());
    expect(page.text).toContain('action="/console/council/attendance"');
    const few = PRESENT.slice(0, QUORUM - 1);
    const taken = await secretary.post('/console/council/attendance', {
      csrf: csrfOf(page.text),
      wf: council,
      ...Object.fromEntries(few.map((m) => [`present.${m}`, 'on'])),
    });
    expect(taken.status).toBe(303);
    const confirmed = await secretary.get(taken.location!);
    expect(confirmed.text).toContain(`Đã ghi nhận điểm danh: ${few.length}/${MEMBERS} thành viên có mặt, cần ${AWARD}.`);
    expect(confirmed.text).toContain(`<td class="num">${few.length}/${MEMBERS}</td>`);
    const attendance = await h.db
      .selectFrom('council_event')
      .select(['actor', 'details'])
      .where('council_id', '=', council)
      .where('kind', '=', 'attendance')
      .executeTakeFirstOrThrow();
    expect(attendance.actor).toBe(staff.secretary);
    expect((attendance.details as { present: string[] }).present.sort()).toEqual([...few].sort());

    await phase('rescheduling');
    const failed = await secretariat.get(pagePath());
    expect(failed.text).toContain('action="/console/council/reschedule"');
    const csrf = csrfOf(failed.text);
    for (const at of ['2018-02-31T08:00', '31/12/2018 08:00', 'x'.repeat(10_000), vietnamLocalInput(Date.now() - 3_600_000)]) {
      const refused = await secretariat.post('/console/council/reschedule', { csrf, wf: council, at });
      expect(refused.status, at.slice(0, 40)).toBe(400);
      expect(refused.text).toContain('aria-invalid="true"');
    }
    expect((await status()).phase).toBe('rescheduling');
    // The new session in 12 s, typed on Vietnam's clock (seconds, as a datetime-local field may send them).
    const next = Date.now() + 12_000;
    const typed = new Date(next + 7 * 3_600_000).toISOString().slice(0, 19);
    const rescheduled = await secretariat.post('/console/council/reschedule', { csrf, wf: council, at: typed });
    expect(rescheduled.status).toBe(303);
    const shown = await secretariat.get(rescheduled.location!);
    const clock = typed.slice(11, 19);
    const [y, m, d] = typed.slice(0, 10).split('-');
    expect(shown.text).toContain(`Đã dời phiên họp: phiên họp thứ 2 lúc ${clock} ngày ${d}/${m}/${y}.`);
    const event = await h.db
      .selectFrom('council_event')
      .select('details')
      .where('council_id', '=', council)
      .where('kind', '=', 'phase')
      .execute();
    const sessionAt = event
      .map((e) => e.details as { phase: string; sessionAt?: string; by?: string })
      .find((e) => e.phase === 'rescheduled');
    expect(sessionAt?.by).toBe(staff.secretariat);
    expect(Date.parse(sessionAt!.sessionAt!)).toBe(Math.floor(next / 1000) * 1000);
  });

  it('the second session has its quorum; a written vote is listed with its time, never its choice', async () => {
    await until('the second session', async () => ((await status()).sessions.length === 2 ? true : undefined));
    await phase('session');
    const page = await secretary.get(pagePath());
    const taken = await secretary.post('/console/council/attendance', {
      csrf: csrfOf(page.text),
      wf: council,
      ...Object.fromEntries(PRESENT.map((m) => [`present.${m}`, 'on'])),
    });
    expect(taken.status).toBe(303);
    const confirmed = await secretary.get(taken.location!);
    expect(confirmed.text).toContain(`Đã ghi nhận điểm danh: ${PRESENT.length}/${MEMBERS} thành viên có mặt, cần ${AWARD}.`);
    expect(confirmed.text).toContain('Phiên họp đủ điều kiện biểu quyết.');
    await phase('voting');
    expect((await status()).sessions.at(-1)!.quorum).toMatchObject({ ok: true, present: PRESENT.length, needed: AWARD });

    expect((await secretariat.get(pagePath())).text).toContain('Chưa có phiếu biểu quyết bằng văn bản nào.');
    await councilVote(h.client, { councilId: council, ballot: { actor: WRITER, votes: { [flag]: 'reject' }, written: true } });
    const row = await h.db
      .selectFrom('council_vote')
      .select(['written', 'votes'])
      .where('council_id', '=', council)
      .where('member_id', '=', WRITER)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ written: true, votes: { [flag]: 'reject' } });
    const listed = await secretariat.get(pagePath());
    expect(listed.text).toContain(`(${WRITER})</th><td>2</td>`);
    expect(listed.text).not.toContain('Không đồng ý');
    expect(listed.text).not.toContain('reject');
  });
});
