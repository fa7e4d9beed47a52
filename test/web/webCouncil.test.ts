import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilStatus, councilVote } from '../../client/councilOperations.ts';
import { emailOf } from '../../db/referenceData.ts';
import type { CouncilPhase } from '../../domain/council.ts';
import type { TaskClaim } from '../../taskLinks/taskLink.ts';
import { ABSENT, CHAIR, MEMBERS, PRESENT, SECRETARIAT, startCouncilFromSubmission } from '../support/councilFromSubmission.ts';
import { HIGHLAND_REPS, REPS } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { Browser, csrfOf, fieldOf, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The council's pages over plain HTTP against the real worker, Temporal, PostgreSQL and mail sink.
// The council of a province of its own starts as a cluster's submission starts it (signal-with-
// start), from a cycle recorded in the database with its tờ trình, rather than after a whole
// compressed year. The secretariat signs in by mail and appraises on the page (a return without
// its reason is shown beside the field), a member cannot appraise; the session opens and the
// secretariat takes the attendance on the page (the quorum and the 80% rule shown), and the vote
// opens. A present member votes on the page (sealed: the envelope is stored, the choice is never
// shown back; a second vote is refused), an absent member votes in writing, a non-member is
// refused; once everyone has voted the chair approves on the page (the decision row, its number,
// the link to the quyết định) and revokes an award; the quyết định opens as a page for the chair
// and is refused to a stranger; a form without its CSRF token is refused.

const VOTER = 'hd.pho1';
const WRITER = 'hd.nongdan';

let h: Harness;
let web: TestWeb;
let council: string;
let flag: string;
let certificate: string;
let toTrinh: string;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const phase = (p: CouncilPhase) =>
  until(`the council's phase ${p}`, async () => ((await councilStatus(h.client, council)).phase === p ? true : undefined));

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  ({ council, flag, certificate, toTrinh } = await startCouncilFromSubmission(h, {
    // Time for the secretariat to appraise on the page before the session opens.
    sessionInMs: 20_000,
    sessionLength: 'PT120S',
    complaintWindow: 'PT120S',
    toTrinhHtml:
      '<!doctype html><html lang="vi"><head><title>t</title></head><body><h1 class="center">TỜ TRÌNH</h1><h3>Thị xã Mường Lay</h3><p style="white-space:pre-wrap">Thu ngân sách vượt 12%</p></body></html>',
  }));
}, 60_000);

afterAll(async () => {
  await h?.client.workflow
    .getHandle(council)
    .terminate('test done')
    .catch(() => undefined);
  await web?.close();
  await h?.close();
});

const link = (person: string, role: TaskClaim['role']) =>
  new URL(web.link({ person, role, task: council, expiresAt: Date.now() + 3_600_000 })).pathname;
const councilPath = () => `/task?wf=${encodeURIComponent(council)}`;
const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/** The secretariat's browser, signed in by mail once. */
let secretariat: Browser;

describe('the secretariat', () => {
  it('appraises on the page: a return without its reason is shown beside the field, both nominations accepted; a member cannot appraise', async () => {
    secretariat = new Browser(web.url);
    await signInByMail(web, h, secretariat, emailOf(SECRETARIAT));
    // My tasks lists the appraisal, until the session, with the council's page.
    const tasks = await secretariat.get('/');
    expect(tasks.text).toContain('Thẩm định hồ sơ đề nghị khen thưởng');
    expect(tasks.text).toContain(`href="${councilPath().replace(/&/g, '&amp;')}"`);
    const page = await secretariat.get(councilPath());
    expect(page.status).toBe(200);
    expect(page.text).toContain('Thẩm định hồ sơ đề nghị');
    expect(page.text).toContain(`name="nomination" value="${flag}"`);
    // The secretariat does not vote.
    expect(page.text).not.toContain('action="/task/council/vote"');
    expect(page.text).toContain(
      'Hội đồng có 15 thành viên: phiên họp hợp lệ khi có ít nhất 10 người dự; phiên xét khen thưởng cần ít nhất 12 người (80%).',
    );

    const short = await secretariat.post('/task/council/appraise', {
      csrf: csrfOf(page.text),
      wf: council,
      nomination: flag,
      verdict: 'return',
      reason: 'thiếu <b>',
    });
    expect(short.status).toBe(400);
    expect(short.text).toMatch(/aria-invalid="true" aria-describedby="appraise-reason-\d-error"/);
    expect(short.text).toContain('thiếu &lt;b&gt;</textarea>');
    expect((await councilStatus(h.client, council)).appraisal[flag]).toEqual({ status: 'pending' });

    for (const nomination of [flag, certificate]) {
      const accepted = await secretariat.post('/task/council/appraise', {
        csrf: csrfOf(page.text),
        wf: council,
        nomination,
        verdict: 'accept',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.text).toContain('Đã ghi nhận kết quả thẩm định');
      expect(accepted.text).toContain('đủ điều kiện');
    }
    const events = await h.db
      .selectFrom('council_event')
      .select(['kind', 'actor', 'details'])
      .where('council_id', '=', council)
      .where('kind', '=', 'appraisal')
      .execute();
    expect(events.map((e) => [e.actor, (e.details as { nomination: string; status: string }).nomination])).toEqual(
      expect.arrayContaining([
        [SECRETARIAT, flag],
        [SECRETARIAT, certificate],
      ]),
    );
    expect(events.every((e) => (e.details as { status: string }).status === 'accepted')).toBe(true);
    expect((await secretariat.get('/')).text).not.toContain('Thẩm định hồ sơ đề nghị khen thưởng');

    // A council member is not the secretariat: no appraisal form, and a forged post is refused.
    const member = new Browser(web.url);
    const memberPage = await member.follow(link(VOTER, 'council_member'));
    expect(memberPage.text).not.toContain('action="/task/council/appraise"');
    const forged = await member.post('/task/council/appraise', {
      csrf: csrfOf(memberPage.text),
      wf: council,
      nomination: flag,
      verdict: 'accept',
    });
    expect(forged.status).toBe(403);
  });
});

describe('the council member', () => {
  it('reads the nominations with their tờ trình before the session; a vote then is refused with a clear page; a non-member is refused', async () => {
    const member = new Browser(web.url);
    const page = await member.follow(link(VOTER, 'council_member'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hội đồng Thi đua – Khen thưởng tỉnh');
    expect(page.text).toContain('UBND huyện Tuần Giáo (TGI)');
    expect(page.text).toContain(`href="${documentPath(toTrinh)}"`);
    expect(page.text).toContain('chưa vào phiên biểu quyết');
    expect(page.text).not.toContain('action="/task/council/vote"');
    const early = await member.post('/task/council/vote', {
      csrf: csrfOf(page.text),
      wf: council,
      [`vote.${flag}`]: 'approve',
      [`vote.${certificate}`]: 'approve',
    });
    expect(early.status).toBe(409);
    expect(early.text).not.toMatch(/at .*\.ts:\d+/);

    // The tờ trình opens as a printable page for the member, its inline style replaced by a class.
    const doc = await member.get(documentPath(toTrinh));
    expect(doc.status).toBe(200);
    expect(doc.text).toContain('<article class="document"');
    expect(doc.text).toContain('<h2 class="center">TỜ TRÌNH</h2>');
    expect(doc.text).toContain('class="pre-wrap"');
    expect(doc.text).not.toContain('style=');

    // A representative of a unit outside the council (and of a cluster that did not submit) opens nothing.
    const stranger = new Browser(web.url);
    const refused = await stranger.follow(link(HIGHLAND_REPS.MCH, 'council_member'));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Không có quyền');
    expect(refused.text).not.toContain('name="wf"');
    const posted = await stranger.post('/task/council/vote', { csrf: csrfOf((await stranger.get('/')).text), wf: council });
    expect(posted.status).toBe(403);
    expect((await stranger.get(documentPath(toTrinh))).status).toBe(403);
  });

  it('votes in session on the page: sealed, recorded, never shown back; a second vote is refused; an absent member votes in writing', async () => {
    await phase('session');
    // The secretariat (signed in above) ticks who came: 12 of 15, which the page says is enough.
    expect((await secretariat.get('/')).text).toContain('Điểm danh phiên họp Hội đồng');
    const sheet = await secretariat.get(councilPath());
    expect(sheet.text).toContain('action="/task/council/attendance"');
    for (const m of [CHAIR, ...MEMBERS]) expect(sheet.text).toContain(`name="present.${m}"`);
    const taken = await secretariat.post('/task/council/attendance', {
      csrf: csrfOf(sheet.text),
      wf: council,
      ...Object.fromEntries(PRESENT.map((m) => [`present.${m}`, 'on'])),
    });
    expect(taken.status).toBe(200);
    expect(taken.text).toContain('12/15 thành viên có mặt, cần 12.');
    expect(taken.text).toContain('Phiên họp đủ điều kiện biểu quyết.');
    expect((await secretariat.get('/')).text).not.toContain('Điểm danh phiên họp Hội đồng');
    expect((await councilStatus(h.client, council)).sessions.at(-1)!.present!.sort()).toEqual([...PRESENT].sort());
    await phase('voting');

    const member = new Browser(web.url);
    const page = await member.follow(link(VOTER, 'council_member'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('action="/task/council/vote"');
    expect(page.text).toContain('phiếu kín');
    expect(page.text).toContain(`name="vote.${flag}" value="approve"`);
    // A form without its CSRF token is refused before anything is read.
    const forged = await member.post('/task/council/vote', { wf: council, [`vote.${flag}`]: 'approve', [`vote.${certificate}`]: 'reject' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Biểu mẫu đã hết hiệu lực');
    // A choice left out sends nothing.
    const partial = await member.post('/task/council/vote', { csrf: csrfOf(page.text), wf: council, [`vote.${flag}`]: 'approve' });
    expect(partial.status).toBe(400);
    expect(partial.text).toContain('hãy chọn một ý kiến cho mỗi đề nghị');

    const form = {
      csrf: csrfOf(page.text),
      wf: council,
      request: fieldOf(page.text, 'request'),
      [`vote.${flag}`]: 'approve',
      [`vote.${certificate}`]: 'reject',
    };
    const cast = await member.post('/task/council/vote', form);
    expect(cast.status).toBe(200);
    expect(cast.text).toContain('Đã ghi nhận');
    expect(cast.text).toContain('bỏ phiếu kín');
    for (const word of ['approve', 'reject', 'Đồng ý', 'Không đồng ý']) expect(cast.text).not.toContain(word);

    const row = await h.db
      .selectFrom('council_vote')
      .selectAll()
      .where('council_id', '=', council)
      .where('member_id', '=', VOTER)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ session: 1, written: false, votes: {} });
    const envelopes = await h.db.selectFrom('ballot_envelope').select('sealed').where('ballot_id', '=', `${council}/session-1`).execute();
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]!.sealed).not.toContain('approve');

    // The page says the vote was recorded and offers no form; what was chosen is not on it.
    const after = await member.get(councilPath());
    expect(after.text).toContain('đã được ghi nhận');
    expect(after.text).not.toContain('action="/task/council/vote"');
    expect(after.text).not.toContain('checked');
    // A second vote (a fresh form) is refused with what was recorded.
    const second = await member.post('/task/council/vote', { ...form, request: `web-${crypto.randomUUID()}` });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Đã thực hiện');
    expect(second.text).toContain('đã được ghi nhận');
    for (const word of ['approve', 'reject']) expect(second.text).not.toContain(word);

    // An absent member votes in writing, recorded with the name.
    const writer = new Browser(web.url);
    const written = await writer.follow(link(WRITER, 'council_member'));
    expect(written.text).toContain('phiếu lấy ý kiến bằng văn bản');
    const sent = await writer.post('/task/council/vote', {
      csrf: csrfOf(written.text),
      wf: council,
      [`vote.${flag}`]: 'approve',
      [`vote.${certificate}`]: 'abstain',
    });
    expect(sent.status).toBe(200);
    const letter = await h.db
      .selectFrom('council_vote')
      .select(['written', 'votes'])
      .where('council_id', '=', council)
      .where('member_id', '=', WRITER)
      .executeTakeFirstOrThrow();
    expect(letter).toEqual({ written: true, votes: { [flag]: 'approve', [certificate]: 'abstain' } });
  });
});

describe('the council chair', () => {
  it('approves the proposal on the page (the decision, its number, the quyết định), then revokes the award; the quyết định is refused to a stranger', async () => {
    // The others vote as the CLI does: the flag passes (13 of 15), the certificate does not.
    for (const member of PRESENT.filter((m) => m !== VOTER))
      await councilVote(h.client, {
        councilId: council,
        ballot: { actor: member, written: false, votes: { [flag]: 'approve', [certificate]: 'reject' } },
      });
    for (const member of ABSENT.filter((m) => m !== WRITER))
      await councilVote(h.client, { councilId: council, ballot: { actor: member, written: true, votes: { [flag]: 'abstain' } } });
    await phase('decision');

    // A member who is not the chair sees no decision and cannot post one.
    const member = new Browser(web.url);
    const memberPage = await member.follow(link(VOTER, 'council_member'));
    expect(memberPage.text).not.toContain('action="/task/council/decide"');
    const notChair = await member.post('/task/council/decide', { csrf: csrfOf(memberPage.text), wf: council, action: 'approve' });
    expect(notChair.status).toBe(403);

    const chair = new Browser(web.url);
    const page = await chair.follow(link(CHAIR, 'council_chair'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đề xuất của Hội đồng');
    expect(page.text).toContain(`href="${documentPath(`${council}/bien-ban-1`)}"`);
    expect(page.text).toContain('Dự thảo quyết định');
    expect(page.text).toContain('18.720.000 đồng'); // the flag: 8 × 2,340,000
    // A return without a reason is shown again with the problem beside the field.
    const short = await chair.post('/task/council/decide', { csrf: csrfOf(page.text), wf: council, action: 'return', reason: 'ngắn' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('id="return-reason-error"');
    expect(short.text).toContain('>ngắn</textarea>');

    const approved = await chair.post('/task/council/decide', {
      csrf: csrfOf(page.text),
      wf: council,
      action: 'approve',
      request: fieldOf(page.text, 'request'),
    });
    expect(approved.status).toBe(200);
    const decision = await h.db.selectFrom('decision').selectAll().where('council_id', '=', council).executeTakeFirstOrThrow();
    expect(decision.approved_by).toBe(CHAIR);
    expect(decision.number).toMatch(/^\d+\/QĐ-UBND$/);
    expect(approved.text).toContain(`Quyết định số ${decision.number}`);
    const decisionLink = documentPath(decision.document_id);
    expect(decision.document_id).toBe(`${council}/quyet-dinh`);
    expect(approved.text).toContain(`href="${decisionLink}"`);

    // The quyết định as a printable page for the chair; a stranger is refused, and nobody signed out sees it.
    const doc = await chair.get(decisionLink);
    expect(doc.status).toBe(200);
    expect(doc.text).toContain('QUYẾT ĐỊNH');
    expect(doc.text).toContain(decision.number);
    expect(doc.text).toContain('class="right"');
    const stranger = new Browser(web.url);
    await stranger.follow(link(HIGHLAND_REPS.MCH, 'council_member'));
    const refused = await stranger.get(decisionLink);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(decision.number);
    const anonymous = await new Browser(web.url).get(decisionLink);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe('/sign-in');
    expect((await chair.get(documentPath(`${council}/no-such`))).status).toBe(404);
    // The representative of the nominated cluster's chair unit may read it.
    const clusterChair = new Browser(web.url);
    await clusterChair.follow(link(REPS.DBI, 'council_member'));
    expect((await clusterChair.get(decisionLink)).status).toBe(200);

    // Within the complaint window the chair revokes the award, with a reason.
    const approvedPage = await chair.get(councilPath());
    expect(approvedPage.text).toContain('Thu hồi khen thưởng');
    const revoked = await chair.post('/task/council/decide', {
      csrf: csrfOf(approvedPage.text),
      wf: council,
      action: 'revoke',
      scope: 'some',
      [`revoke.${flag}`]: 'on',
      reason: 'Khiếu nại về số liệu thu ngân sách được xác minh là đúng.',
    });
    expect(revoked.status).toBe(200);
    const award = await h.db
      .selectFrom('award')
      .select(['revoked_at', 'revoked_by'])
      .where('council_id', '=', council)
      .where('nomination', '=', flag)
      .executeTakeFirstOrThrow();
    expect(award.revoked_by).toBe(CHAIR);
    expect(award.revoked_at).not.toBeNull();
    expect(revoked.text).toContain('Quyết định thu hồi số');
  });
});
