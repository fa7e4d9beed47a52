import { defaultPayloadConverter } from '@temporalio/common';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraise, councilStatus, councilVote, decide, recordAttendance } from '../../client/councilOperations.ts';
import { castBallot, cycleStatus } from '../../client/operations.ts';
import { emailOf } from '../../db/referenceData.ts';
import type { BallotChoices } from '../../domain/ballot.ts';
import type { CouncilVote } from '../../domain/council.ts';
import { roundId } from '../../domain/ids.ts';
import { cliChecks, stackEnv, tdktWith } from '../support/cli.ts';
import {
  ABSENT,
  CHAIR,
  PRESENT,
  SECRETARIAT,
  startCouncilFromSubmission,
  type CouncilFromSubmission,
} from '../support/councilFromSubmission.ts';
import { copySeedCluster, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startScoredCycle } from '../support/scoredCycle.ts';
import { Browser, csrfOf, fieldOf, signInByMail, startTestWeb, type TestWeb } from '../web/webSupport.ts';
import { waitUntil } from '../../infra/waitUntil.ts';

// Ballot secrecy end to end (DESIGN.md "Ballot contents are secret"): a cluster's secret ballot
// runs to its end and a council's secret ballot to its decision, each voter's choices cast through
// the client's operations or the web page; then the histories of every workflow the file ran, the
// worker's and the web server's logs, and every export (tdkt export and the console's, CSV and
// JSON) are searched for the choices. None may appear. The tally (counts per nominee) is public by
// design, and so is an absent council member's written vote (a signed letter): only who voted what
// in secret is searched for, and the absent members here write no vote on any nomination.
//
// "A choice appears" in a text when it holds any of the ways a voter's plain choices would be
// serialised (needlesOf): the choices object as the client seals it (JSON) and its parts, one vote
// as a JSON member (`"DBP":"against"`, `"<nomination>":"reject"`; on the flag only an abstention,
// as the elected nominee is published as `"flag":"TGI"`), and the web form's fields
// (`cert.DBP=against`, URL-encoded, or as a logger prints a form). The texts are searched as they
// are and with JSON's and CSV's quote escapes undone, so a choice inside a string or a cell counts.
// The positive controls show the same search finding the choices where they are plainly present.

const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };
/** Each member's sealed choices, all different; DBI votes on the web page, the others through the client. */
const CLUSTER_CHOICES: Record<keyof typeof REPS, BallotChoices> = {
  TGI: { flag: 'TGI', certificates: { DBI: 'for', DBP: 'against' } },
  DBI: { flag: 'TGI', certificates: { DBI: 'abstain', DBP: 'for' } },
  DBP: { flag: 'abstain', certificates: { DBI: 'for', DBP: 'for' } },
  MAN: { flag: 'TGI', certificates: { DBI: 'against', DBP: 'abstain' } },
  MLA: { flag: 'abstain', certificates: { DBI: 'for', DBP: 'against' } },
};
const WEB_VOTER = 'hd.pho1';

let h: Harness;
let web: TestWeb;
let cluster: string;
let cycle: string;
let ballotRound: string;
let council: CouncilFromSubmission;
/** Each present member's secret council votes, by nomination id. */
const councilChoices = new Map<string, Record<string, CouncilVote>>();
const workerLog: string[] = [];
const webLog: string[] = [];
const tdkt = tdktWith(() => stackEnv(h.taskQueue));
const { ok } = cliChecks(tdkt);

/** A worker log entry as one line; its metadata may hold bigints (times in ns). */
function workerLine(entry: LogEntry): string {
  return JSON.stringify({ level: entry.level, message: entry.message, meta: entry.meta }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

beforeAll(async () => {
  h = await startHarness(undefined, { logger: new DefaultLogger('TRACE', (entry) => void workerLog.push(workerLine(entry))) });
  // No redaction here (web/main.ts redacts forms): whatever the server logs is searched as it is.
  web = await startTestWeb(h, { log: pino({ level: 'trace' }, { write: (line: string) => void webLog.push(line) }) });
  cluster = await copySeedCluster(h.db);
  // The cycle's reports and cross-scores and the council's setup and appraisals run side by side.
  [cycle, council] = await Promise.all([
    startScoredCycle(h, cluster, {
      roundMs: 2500,
      bases: BASES,
      earlyYearReport: true,
      scoringMs: 10_000,
      ballotAfterScoringMs: 11_000,
      ballotDuration: 'PT120S',
    }),
    startCouncilFromSubmission(h, {
      sessionInMs: 8000,
      sessionLength: 'PT120S',
      complaintWindow: 'PT2S',
      toTrinhHtml: '<!doctype html><html lang="vi"><head><title>t</title></head><body><h1>TỜ TRÌNH</h1></body></html>',
    }).then(async (started) => {
      for (const nomination of [started.flag, started.certificate])
        await appraise(h.client, { councilId: started.council, appraisal: { actor: SECRETARIAT, nomination, verdict: 'accept' } });
      return started;
    }),
  ]);
  ballotRound = roundId(cycle, 'ballot-1');
  const votes: CouncilVote[] = ['approve', 'reject', 'abstain'];
  // The flag passes with all 12 present for it; the certificate's votes differ from member to member.
  PRESENT.forEach((member, i) => councilChoices.set(member, { [council.flag]: 'approve', [council.certificate]: votes[i % 3]! }));
}, 120_000);

afterAll(async () => {
  await h?.client.workflow
    .getHandle(council.council)
    .terminate('test done')
    .catch(() => undefined);
  await web?.close();
  await h?.close();
});

/** The shared wait (infra/waitUntil.ts), a minute at most. */
const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitUntil(what, probe, { timeoutMs: 60_000 });

const councilPhase = (phase: string) =>
  until(`the council's phase ${phase}`, async () => ((await councilStatus(h.client, council.council)).phase === phase ? true : undefined));

/** The web page's form fields for a cluster ballot's choices (web/pages/ballot.ts). */
function clusterForm(choices: BallotChoices): Record<string, string> {
  const fields: Record<string, string> = {};
  if (choices.flag) fields.flag = choices.flag;
  for (const [unit, vote] of Object.entries(choices.certificates)) fields[`cert.${unit}`] = vote;
  return fields;
}

/** The web page's form fields for a council member's votes (web/pages/council.ts). */
function councilForm(votes: Record<string, CouncilVote>): Record<string, string> {
  return Object.fromEntries(Object.entries(votes).map(([nomination, vote]) => [`vote.${nomination}`, vote]));
}

/** Every serialisation of one voter's plain choices that the search looks for. */
function needlesOf(choices: object, form: Record<string, string>, votes: Record<string, string>): string[] {
  // The whole choices and their objects (a cluster's certificates, a council's votes); a bare unit code alone is no choice.
  const parts = Object.values(choices).filter((part) => typeof part === 'object');
  const needles = [JSON.stringify(choices), ...parts.map((part) => JSON.stringify(part))];
  for (const [key, value] of Object.entries(votes)) needles.push(`"${key}":"${value}"`);
  for (const [field, value] of Object.entries(form))
    needles.push(`${field}=${value}`, `${encodeURIComponent(field)}=${encodeURIComponent(value)}`, `"${field}":"${value}"`);
  return needles;
}

function allNeedles(): string[] {
  const needles = new Set<string>();
  for (const choices of Object.values(CLUSTER_CHOICES)) {
    // The flag's winner is published as `"flag":"TGI"` (the cycle's nominations): only an abstention there is a voter's choice.
    const votes: Record<string, string> = { ...choices.certificates, ...(choices.flag === 'abstain' ? { flag: choices.flag } : {}) };
    for (const n of needlesOf(choices, clusterForm(choices), votes)) needles.add(n);
  }
  for (const votes of councilChoices.values()) for (const n of needlesOf({ votes }, councilForm(votes), votes)) needles.add(n);
  return [...needles];
}

/** The needles found in `text`, read as it is and with JSON's (\") and CSV's ("") quote escapes undone. */
function choicesIn(text: string, needles: string[]): string[] {
  const unescaped = text.replaceAll('\\"', '"').replaceAll('""', '"');
  return needles.filter((n) => text.includes(n) || unescaped.includes(n));
}

/** A history as an administrator reads it: its JSON with every payload's bytes as text, then each payload decoded. */
function historyText(history: unknown): string {
  const payloads: string[] = [];
  const json = JSON.stringify(history, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) {
      const text = Buffer.from(raw).toString('utf8');
      payloads.push(text);
      return text;
    }
    if (key === 'data' && typeof value === 'string') payloads.push(Buffer.from(value, 'base64').toString('utf8'));
    return typeof value === 'bigint' ? value.toString() : value;
  });
  return [json, ...payloads].join('\n');
}

describe('the council ballot', () => {
  it('runs to its decision: one member votes on the page, the other present members through the client, the absent in writing', async () => {
    await councilPhase('session');
    await recordAttendance(h.client, { councilId: council.council, attendance: { actor: SECRETARIAT, present: PRESENT } });
    await councilPhase('voting');

    const member = new Browser(web.url);
    const link = new URL(web.link({ person: WEB_VOTER, role: 'council_member', task: council.council, expiresAt: Date.now() + 3_600_000 }));
    const page = await member.follow(link.pathname);
    const cast = await member.post('/task/council/vote', {
      csrf: csrfOf(page.text),
      wf: council.council,
      request: fieldOf(page.text, 'request'),
      ...councilForm(councilChoices.get(WEB_VOTER)!),
    });
    expect(cast.status).toBe(200);
    for (const actor of PRESENT.filter((m) => m !== WEB_VOTER))
      await councilVote(h.client, { councilId: council.council, ballot: { actor, written: false, votes: councilChoices.get(actor)! } });
    for (const actor of ABSENT) await councilVote(h.client, { councilId: council.council, ballot: { actor, written: true, votes: {} } });
    await councilPhase('decision');
    const decision = await decide(h.client, { councilId: council.council, action: { actor: CHAIR, action: 'approve' } });
    expect(decision.status).toBe('approved');
    // The sealed votes were counted as cast: the flag had all 12 present, the certificate 4 of each vote.
    const counts = (await councilStatus(h.client, council.council)).counts!;
    expect(counts.map((c) => [c.nomination, c.for, c.against, c.abstain]).sort()).toEqual([
      [council.certificate, 4, 4, 4],
      [council.flag, 12, 0, 0],
    ]);
  });
});

describe('the cluster ballot', () => {
  it('runs to its end: DBI votes on the page, the other members through the client', async () => {
    const status = await waitOpen(h.client, ballotRound, 90_000);
    expect(status.ballot!.items).toEqual({ flag: ['TGI'], certificates: ['DBI', 'DBP'] });
    const browser = new Browser(web.url);
    const claim = { person: REPS.DBI, role: 'representative' as const, task: ballotRound, unit: 'DBI', expiresAt: Date.now() + 3_600_000 };
    const page = await browser.follow(new URL(web.link(claim)).pathname);
    const cast = await browser.post('/task/ballot', {
      csrf: csrfOf(page.text),
      wf: ballotRound,
      unit: 'DBI',
      request: fieldOf(page.text, 'request'),
      ...clusterForm(CLUSTER_CHOICES.DBI),
    });
    expect(cast.status).toBe(200);
    for (const unit of ['TGI', 'DBP', 'MAN', 'MLA'] as const)
      await castBallot(h.client, { cycleId: cycle, unit, voter: REPS[unit], choices: CLUSTER_CHOICES[unit] });
    // The round ends once all five have voted; the cycle then opens the envelopes and counts: the search must come after that.
    await h.client.workflow.getHandle(ballotRound).result();
    const tally = await until(
      'the count',
      async () => (await cycleStatus(h.client, cycle, { rounds: false })).cycle.scoring?.ballots[0]?.tally,
    );
    const row = await h.db.selectFrom('ballot_result').select('tally').where('ballot_id', '=', ballotRound).executeTakeFirstOrThrow();
    expect(row.tally).toEqual(tally);
    expect(tally).toMatchObject({
      cast: 5,
      flag: [{ unit: 'TGI', votes: 3 }],
      certificates: [
        { unit: 'DBI', for: 3, against: 1, abstain: 1 },
        { unit: 'DBP', for: 2, against: 2, abstain: 1 },
      ],
    });
  });
});

describe('the search for the choices', () => {
  it('finds them where they are plainly present (the positive controls)', () => {
    const needles = allNeedles();
    // The choices object as the client would send it unsealed, in an Update's payload of a history.
    const unsealed = defaultPayloadConverter.toPayload({ unit: 'MAN', actor: REPS.MAN, content: CLUSTER_CHOICES.MAN });
    const history = {
      events: [{ workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { args: { payloads: [unsealed] } } } } }],
    };
    expect(choicesIn(historyText(history), needles)).toContain(JSON.stringify(CLUSTER_CHOICES.MAN));
    // A council member's votes in a log line, as pino would print a request's form.
    const line: string[] = [];
    pino({ level: 'info' }, { write: (l: string) => void line.push(l) }).info({ form: councilForm(councilChoices.get(WEB_VOTER)!) }, 'x');
    expect(choicesIn(line.join(''), needles)).toContain(
      `"vote.${council.certificate}":"${councilChoices.get(WEB_VOTER)![council.certificate]}"`,
    );
    // A vote in a CSV cell, and a web form's body.
    expect(choicesIn(`unit,choices\r\nMLA,"${JSON.stringify(CLUSTER_CHOICES.MLA).replaceAll('"', '""')}"`, needles)).toContain(
      JSON.stringify(CLUSTER_CHOICES.MLA),
    );
    expect(choicesIn(new URLSearchParams(clusterForm(CLUSTER_CHOICES.DBP)).toString(), needles)).toContain('cert.DBP=for');
    // The public tally and a written letter without votes are not choices.
    expect(
      choicesIn(
        JSON.stringify({ flag: [{ unit: 'TGI', votes: 3 }], certificates: [{ unit: 'DBP', for: 2, against: 2, abstain: 1 }] }),
        needles,
      ),
    ).toEqual([]);
    expect(choicesIn(JSON.stringify({ actor: ABSENT[0], written: true, votes: {} }), needles)).toEqual([]);
  });

  it('finds none in the histories of the workflows the file ran, the worker and web logs, or any export', { timeout: 60_000 }, async () => {
    const needles = allNeedles();
    const found: Record<string, string[]> = {};
    const search = (where: string, text: string) => {
      const hits = choicesIn(text, needles);
      if (hits.length) found[where] = hits;
    };

    // Every workflow on the file's task queue: the cycle, its rounds (the ballot among them) and the council.
    const ids: string[] = [];
    for await (const execution of h.client.workflow.list({ query: `TaskQueue = '${h.taskQueue}'` })) ids.push(execution.workflowId);
    expect(ids).toEqual(expect.arrayContaining([cycle, ballotRound, council.council]));
    let events = 0;
    for (const id of ids) {
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      events += history.events?.length ?? 0;
      search(`history of ${id}`, historyText(history));
    }
    search('worker log', workerLog.join('\n'));
    search('web server log', webLog.join('\n'));

    const exports: Record<string, string> = {};
    for (const of of [cluster, council.cluster])
      for (const format of ['json', 'csv'])
        exports[`tdkt export ${of} ${format}`] = await ok('export', '--year', '2018', '--cluster', of, '--format', format);
    // The console's downloads of the cluster (in Điện Biên, the secretariat's province).
    const snv = new Browser(web.url);
    await signInByMail(web, h, snv, emailOf(SECRETARIAT));
    const cookie = [...snv.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const format of ['json', 'csv']) {
      const response = await fetch(new URL(`/console/exports/download?cluster=${cluster}&year=2018&format=${format}`, web.url), {
        headers: { cookie, 'x-forwarded-for': snv.client },
      });
      expect(response.status).toBe(200);
      exports[`console export ${format}`] = await response.text();
    }
    // The exports hold the ballot's year: the cycle's rows are there, its voters among them.
    expect(exports[`tdkt export ${cluster} json`]).toContain(cluster);
    for (const [where, text] of Object.entries(exports)) search(where, text);

    const exportBytes = Object.values(exports).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    console.info(
      `searched ${needles.length} needles in ${ids.length} histories (${events} events), ${workerLog.length} worker log lines, ` +
        `${webLog.length} web log lines, ${Object.keys(exports).length} exports (${exportBytes} bytes)`,
    );
    expect(events).toBeGreaterThan(100);
    expect(workerLog.length).toBeGreaterThan(0);
    expect(found).toEqual({});
  });
});
