import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPledge, startCycle } from '../../client/operations.ts';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { copySeedCluster, fastCycle, REPS, startStandaloneRound, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { HOSTILE_WEB_CASES, type HostileWebWorld } from '../support/hostileWebCases.ts';
import { recordCounts } from '../support/recordCounts.ts';
import { Browser, csrfOf, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// Every row of test/support/hostileWebCases.ts posted to the web server over HTTP by DBI's
// representative, signed in by mail as people are, with the CSRF token of their session: the
// status and the page's words; no raw markup of the row echoed back; no row and no outbox mail
// added for the refused rows; the accepted reports stored, quarantined when they should be, and
// shown and mailed escaped, with no CR or LF in any mail's subject.

let h: Harness;
let web: TestWeb;
let world: HostileWebWorld;
let refusedCycles: string[];
let acceptingCycle: string;
let signedIn: Browser;
let csrf: string;

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  const cluster = await copySeedCluster(h.db);
  const running = cycleId(cluster, 2018);
  const open = {
    opensAt: new Date().toISOString(),
    deadline: new Date(Date.now() + 600_000).toISOString(),
    remindBefore: [],
    late: { mode: 'refuse' as const },
  };
  await startCycle(h.client, h.taskQueue, fastCycle(cluster, 600_000));
  const [report, score, accepting, closed] = await Promise.all([
    startStandaloneRound(h, 'report', open),
    startStandaloneRound(h, 'score', open),
    startStandaloneRound(h, 'report', open),
    startStandaloneRound(h, 'report', { ...open, deadline: new Date(Date.now() + 3_000).toISOString() }),
    waitForRound(h.client, cluster, 'open'),
  ]);
  await h.client.workflow.getHandle(closed.roundId).result();
  await signPledge(h.client, { cycleId: running, unit: 'DBI', signer: REPS.DBI });
  world = {
    pledge: roundId(running, 'pledge'),
    report: report.roundId,
    score: score.roundId,
    accepting: accepting.roundId,
    closed: closed.roundId,
  };
  refusedCycles = [running, report.cycleId, score.cycleId, closed.cycleId];
  acceptingCycle = accepting.cycleId;
  signedIn = new Browser(web.url);
  await signInByMail(web, h, signedIn, emailOf(REPS.DBI));
  const page = await signedIn.get(`/task?wf=${encodeURIComponent(world.report)}&unit=DBI`);
  expect(page.status).toBe(200);
  csrf = csrfOf(page.text);
}, 90_000);
afterAll(async () => {
  for (const id of Object.values(world ?? {}))
    await h.client.workflow
      .getHandle(id)
      .terminate('the hostile posts are done')
      .catch(() => undefined);
  await web?.close();
  await h?.close();
});

/** The page's text without its markup, for the message check. */
const textOf = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The problems a form page shows (beside the fields and above the form), for a failing row's message. */
const errorsOf = (page: string) =>
  [...page.matchAll(/class="errors?"[^>]*>([\s\S]*?)<\/div>|class="error"[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) => textOf(m[1] ?? m[2]!))
    .join(' | ');

// One at a time: each row's check of the tables must see only what that row did.
describe('hostile form posts to the web pages (test/support/hostileWebCases.ts)', () => {
  it.each(HOSTILE_WEB_CASES.map((row) => [row.name, row] as const))('%s', { timeout: 30_000 }, async (_, row) => {
    const before = await recordCounts(h.db, refusedCycles);
    const form = row.form(world);
    const token: Record<string, string> = row.csrf === 'missing' ? {} : { csrf: row.csrf === 'forged' ? 'x'.repeat(43) : csrf };
    const answer = await signedIn.post(row.path, { ...token, ...form });
    expect(answer.status, textOf(answer.text).slice(0, 600)).toBe(row.status);
    expect(textOf(answer.text), errorsOf(answer.text)).toContain(row.message);
    // Nothing the row sent comes back as markup (a script, an image with a handler), nor a stack trace.
    expect(answer.text).not.toMatch(/<script>alert|<img src=x|<b>đậm/);
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await recordCounts(h.db, refusedCycles)).toEqual(before);
    if (!row.accepted) return;
    const stored = await h.db
      .selectFrom('report')
      .select(['version', 'narrative', 'quarantined'])
      .where('cycle_id', '=', acceptingCycle)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.narrative).toBe(form.narrative!.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''));
    expect(stored.quarantined).toBe(row.accepted.quarantined.length > 0);
    const quarantine = await h.db
      .selectFrom('report_quarantine')
      .select('fragments')
      .where('cycle_id', '=', acceptingCycle)
      .where('version', '=', stored.version)
      .execute();
    expect(quarantine.map((q) => q.fragments)).toEqual(row.accepted.quarantined.length ? [row.accepted.quarantined] : []);
    // The secretariat is mailed each quarantined version, never a clean one.
    const notices = await h.db
      .selectFrom('email_outbox')
      .select('person_id')
      .where('key', '=', `${world.accepting}:quarantine:DBI:v${stored.version}:snv.ha`)
      .execute();
    expect(notices).toHaveLength(row.accepted.quarantined.length ? 1 : 0);
  });

  it('shows and mails the accepted HTML as text, and puts no CR or LF in a subject', async () => {
    const page = await signedIn.get(`/task?wf=${encodeURIComponent(world.accepting)}&unit=DBI`);
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/<script>alert|<img src=x|<b>đậm/);
    const mails = await h.db
      .selectFrom('email_outbox')
      .select(['subject', 'html_body', 'text_body'])
      .where('cycle_id', 'in', [...refusedCycles, acceptingCycle])
      .execute();
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html_body).not.toMatch(/<script>alert|<img src=x|<b>đậm/);
    }
  });

  it('counts its rows', () => {
    const refused = HOSTILE_WEB_CASES.filter((row) => !row.accepted).length;
    const byWorkflow = HOSTILE_WEB_CASES.filter((row) => row.byWorkflow).length;
    const accepted = HOSTILE_WEB_CASES.length - refused;
    console.log(
      `web corpus: ${HOSTILE_WEB_CASES.length} rows; ${refused - byWorkflow} stopped by the web server itself, ` +
        `${byWorkflow} by the round behind it (its Update validator, or a round that has ended); ${accepted} accepted (shown escaped, quarantined when spam)`,
    );
    expect(new Set(HOSTILE_WEB_CASES.map((row) => row.name)).size).toBe(HOSTILE_WEB_CASES.length);
  });
});
