import { parseArgs } from 'node:util';
import { workflowUiLink } from '../client/config.ts';
import { table } from '../client/format.ts';
import { explainUnit, formatExplanation } from '../client/explain.ts';
import { cycleStatus, roundStatus } from '../client/operations.ts';
import type { Certificate } from '../domain/conference.ts';
import { COUNCIL, emailOf, PEOPLE, PROVINCE, sampleScoreSheets, sampleSelfScore } from '../db/referenceData.ts';
import { councilId } from '../domain/council.ts';
import { formatIsoDuration } from '../domain/duration.ts';
import { DB_VT_2018_RUBRIC } from '../domain/rubric.ts';
import { compressedCalendar } from '../domain/calendar.ts';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.ts';
import { ballotRoundName, cycleId, reportRoundName, roundId, roundIdPrefix } from '../domain/ids.ts';
import { formatVietnamTime } from '../domain/time.ts';
import type { Tally } from '../domain/ballot.ts';
import type { annualCycle } from '../workflows/annualCycle.ts';
import { printDecision, runCouncil, runHighlandYear } from './demoCouncil.ts';
import {
  castBallotOnWeb,
  councilPagePath,
  crossScoreOnWeb,
  demoPeople,
  fileReportOnWeb,
  signPledgeOnWeb,
  type Participant,
  recordCertificatesOnWeb,
} from './demoParticipant.ts';
import { printNextYear } from './demoRotation.ts';
import { extendOnConsole, startCycleOnConsole } from './demoSecretariat.ts';
import { startLocalRuntime, untilInterrupted, type LocalRuntime } from './localRuntime.ts';

// `npm run demo`: the 2018 cycle of the Điện Biên low-land cluster, end to end on a real Temporal
// dev server, embedded PostgreSQL and a mail inbox, with the year's calendar squeezed into under a
// minute. The secretariat (snv.ha), signed in by mail, starts the low-land and the highland
// clusters' years on the console's start page with the demo's calendar as JSON
// (scripts/demoSecretariat.ts). Representatives are simulated, and act as people do, through the
// web pages from the task links of their mails (scripts/demoParticipant.ts): pledges (Mường Lay
// late, after two reminders and the escalation), the 6-month review (a re-submission, a report
// laced with gambling spam, an extension for Tuần Giáo that the secretariat grants on the
// cycle's console page, Mường Lay late again), the year-end reports with DOMAIN.md's
// illustrative self-scores, the cross-scores (scorers who disagree, one sheet re-submitted) and
// the cluster's secret ballot; then, with the highland cluster of the same province, the
// provincial council's session to the chair's signed decision (the members and the chair signed
// in by mail; the secretariat appraises and takes the attendance on the council's page); then
// the year-end conference (the chair records the cluster's
// giấy khen on the chair's page, the awards handed over) hands the chair from DBI to MAN and starts 2019,
// which the demo plays through to its own decision and conference. It prints the ranking, the
// nominations, how the leader's score was computed, the decisions with their awards and amounts,
// and the chair's rotation over the years.

const CLUSTER = 'DB-VT';
/** The province's secretariat (db/referenceData.ts), who starts the years and grants the extension on the console. */
const SECRETARIAT = 'snv.ha';
const YEAR = 2018;
const ROUND_MS = 8_000;
const SELF_SCORES = { TGI: 95.5, DBI: 93, DBP: 92, MAN: 90.5, MLA: 88 } as const;
const MEMBERS = Object.keys(SELF_SCORES);
/**
 * What the simulated scorers give each unit on the criteria: DOMAIN.md's illustrative scores less
 * the 2 bonus points every self-score claims, and for Mường Lay plus the point its late 6-month
 * review costs, so the consolidated table comes out as DOMAIN.md's.
 */
const CROSS_SCORES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 87 };

const { values: args } = parseArgs({ options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (args.help) {
  console.log(`npm run demo [-- --keep]

Runs the 2018 cycle of the Điện Biên low-land cluster end to end: starts a Temporal dev server,
an embedded PostgreSQL, a mail inbox and the web pages, starts the worker, launches the campaigns,
mails every member's representative, who acts as people do: opens the task link of the mail and
sends the page's form (the council's members and chair sign in by mail). They sign the pledge (one late, after reminders), file the 6-month
review (one re-submitted, one quarantined for spam, one extended, one late), the year-end
report with its self-score, the cross-scores and the secret ballot; the highland cluster of the
same province runs alongside, and the provincial council takes both clusters' submissions through
appraisal, a session with quorum, the vote and the chair's signed decision. At the year-end
conference the chair records the cluster's giấy khen, the awards are handed over and the chair
rotates (DBI → MAN); the hand-over starts the 2019 cycle, which runs through to its own decision
and conference (MAN → DBP). Prints the ranking, the nominations, how the leader's score was
computed, the decisions with their amounts, and the rotation. Takes about three and a half
minutes. Once the first mails are out it prints one link per role (a member unit's representative,
the cluster chair, a council member, the council chair: a personal task link from the inbox, or
the sign-in page and the person's address); acting there before the demo's people do changes the
year's course and stops the demo.
--keep leaves everything running until Ctrl-C and prints those links again with the web pages'
address, so the year can be clicked through in a browser and the tdkt CLI used against it.`);
  process.exit(0);
}

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Representatives carry over from year to year at the hand-over.
const rep = (unit: string) => PEOPLE.find((p) => p.unit === unit && p.representsIn.includes(YEAR))!.id;

async function main(): Promise<void> {
  log('starting Temporal dev server, embedded PostgreSQL and the mail inbox…');
  const rt = await startLocalRuntime({ log, web: true });
  try {
    log(
      `ready: Temporal ${rt.stack.temporal.address}, PostgreSQL, SMTP ${rt.stack.mail.smtpUrl}, web pages ${rt.web!.baseUrl}; worker running on task queue "${rt.taskQueue}"`,
    );
    const people = demoPeople({ mail: rt.stack.mail, baseUrl: rt.web!.baseUrl });
    await runCycle(rt, people).catch((error: unknown) => {
      // Said before stopping: what is still running may fail noisily once the stack is down.
      log(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw error;
    });
    if (args.keep) {
      console.log(
        `\nEverything stays up. The web pages: ${rt.web!.baseUrl} (sign in with a person's address; the link arrives in the mail inbox, ${rt.stack.mail.webUrl})\n${await roleLinks(rt, people)}\nTry:\n${rt.cliEnvironment.map((l) => `  ${l}\n`).join('')}  ./bin/tdkt cycle status ${cycleId(CLUSTER, YEAR)}\nPress Ctrl-C to stop.`,
      );
      await untilInterrupted();
    }
  } finally {
    log('stopping…');
    await rt.stop();
  }
}

/** A simulated person's action in a round: `at` ms after the round opened, or after its deadline. */
interface Action {
  at: { afterOpening: number } | { afterDeadline: number };
  run: () => Promise<string>;
}

async function runCycle(rt: LocalRuntime, people: (personId: string) => Participant): Promise<void> {
  const id = cycleId(CLUSTER, YEAR);
  // The secretariat starts both years on the console: signed in first, so the calendar's first minutes are not spent on it.
  const secretariat = people(SECRETARIAT);
  await secretariat.ensureSignedIn();
  const start = Date.now() + 2_000;
  const calendar = compressedCalendar(start, ROUND_MS, { reporting: true, scoring: true, council: true, conference: true });
  // Both clusters' ballots are done a round after they open; the council takes submissions until
  // then and meets right after, and the demo has no complaints to wait for.
  calendar.council = {
    ...calendar.council!,
    submitBy: new Date(start + ROUND_MS * 8.5).toISOString(),
    sessionAt: new Date(start + ROUND_MS * 9).toISOString(),
    sessionLength: formatIsoDuration(ROUND_MS * 4),
    complaintWindow: 'PT2S',
  };
  // The ballot closes as soon as every member has voted; its closing time only matters on a busy machine, so it gets
  // all the time there is before the council's deadline.
  calendar.ballot = { ...calendar.ballot!, duration: formatIsoDuration(ROUND_MS * 1.4) };
  const input = cycleInputSchema.parse({ cluster: CLUSTER, year: YEAR, calendar, campaigns: defaultCampaigns(YEAR) });
  const council = councilId(PROVINCE, YEAR);
  const { pledge } = input.calendar;
  const [h1, yearEnd] = input.calendar.reporting!;
  log(
    `starting ${id}: pledges due ${formatVietnamTime(Date.parse(pledge.deadline))}, the 6-month review ${formatVietnamTime(Date.parse(h1!.deadline))}, the year-end report ${formatVietnamTime(Date.parse(yearEnd!.deadline))}, cross-scores ${formatVietnamTime(Date.parse(input.calendar.scoring!.deadline))}, the ballot from ${formatVietnamTime(Date.parse(input.calendar.ballot!.opensAt))}; reminders ${pledge.remindBefore.join(' and ')} before each deadline`,
  );
  await startCycleOnConsole(secretariat, CLUSTER, YEAR, input.calendar);
  log(`${SECRETARIAT} started ${id} on the console's start page (the calendar as JSON)`);
  // The highland cluster ends its year at the council's decision: the demo follows one cluster into the next year.
  const { conference, ...withoutConference } = input.calendar;
  await startCycleOnConsole(secretariat, 'DB-VC', YEAR, withoutConference);
  log(`started ${cycleId('DB-VC', YEAR)} too on the console, the highland cluster of the same province, on the same calendar`);
  const watching = watchProgress(rt, id);
  const linksShown = printRoleLinksOnceMailed(rt, people, id);
  const highland = runHighlandYear(rt, log, people);

  // The representatives act on the web pages their mails link to; what the round then records is read back for the log.
  const sign = (unit: string) => async () => {
    const round = roundId(id, 'pledge');
    await signPledgeOnWeb(people(rep(unit)), round, unit);
    const r = await unitLine(rt, round, unit);
    return `${rep(unit)} signed the pledge for ${unit} via web${r.late ? ' — LATE, accepted in the grace period' : ''}`;
  };
  const report = (unit: string, period: 'H1' | 'YEAR', narrative: string) => async () => {
    const content =
      period === 'YEAR' ? { narrative, selfScore: sampleSelfScore(SELF_SCORES[unit as keyof typeof SELF_SCORES]) } : { narrative };
    const round = roundId(id, reportRoundName(period));
    await fileReportOnWeb(people(rep(unit)), round, unit, content);
    const r = await unitLine(rt, round, unit);
    const notes = [
      r.version && r.version > 1 ? `version ${r.version}, the earlier one kept` : '',
      r.late ? `LATE, ${r.penalty} point off` : '',
      r.total !== undefined ? `self-score ${r.total}` : '',
    ].filter(Boolean);
    return `${unit} filed its ${period} report via web${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
  const extend = (unit: string, byMs: number, deadline: string) => async () => {
    const round = roundId(id, reportRoundName('H1'));
    await extendOnConsole(secretariat, {
      cycleId: id,
      round: reportRoundName('H1'),
      unit,
      untilMs: Date.parse(deadline) + byMs,
      reason: 'Mưa lũ làm gián đoạn giao thông',
    });
    const until = (await roundStatus(rt.client, round))?.units.find((u) => u.unit === unit)?.deadline;
    return `the secretariat extended ${unit}'s H1 deadline on the console to ${until ? formatVietnamTime(Date.parse(until)) : '?'}`;
  };

  await runRound(rt, id, 'pledge', pledge.deadline, [
    { at: { afterOpening: 1_000 }, run: sign('TGI') },
    { at: { afterOpening: 2_000 }, run: sign('DBI') },
    { at: { afterOpening: 3_000 }, run: sign('DBP') },
    { at: { afterOpening: 4_000 }, run: sign('MAN') },
    { at: { afterDeadline: 2_000 }, run: sign('MLA') },
  ]);
  await runRound(rt, id, reportRoundName('H1'), h1!.deadline, [
    { at: { afterOpening: 1_000 }, run: report('DBI', 'H1', 'Sơ kết 6 tháng: thu ngân sách đạt 52% dự toán (bản nháp).') },
    {
      at: { afterOpening: 2_000 },
      run: report('MAN', 'H1', 'Sơ kết 6 tháng. Hưởng ứng phong trào, xem hình bầu cua tôm cá tại www.nhacai.vn'),
    },
    { at: { afterOpening: 2_500 }, run: report('DBP', 'H1', 'Sơ kết 6 tháng của thành phố Điện Biên Phủ.') },
    { at: { afterOpening: 3_000 }, run: report('DBI', 'H1', 'Sơ kết 6 tháng: thu ngân sách đạt 55% dự toán.') },
    { at: { afterOpening: 4_000 }, run: extend('TGI', 3_000, h1!.deadline) },
    { at: { afterDeadline: 1_500 }, run: report('TGI', 'H1', 'Sơ kết 6 tháng của huyện Tuần Giáo.') },
    { at: { afterDeadline: 2_000 }, run: report('MLA', 'H1', 'Sơ kết 6 tháng của thị xã Mường Lay.') },
  ]);
  await runRound(
    rt,
    id,
    reportRoundName('YEAR'),
    yearEnd!.deadline,
    Object.keys(SELF_SCORES).map((unit, i) => ({
      at: { afterOpening: 1_000 + i * 700 },
      run: report(unit, 'YEAR', `Báo cáo tổng kết năm ${YEAR}.`),
    })),
  );

  const score = (unit: string, spread: number) => async () => {
    const round = roundId(id, 'score');
    await crossScoreOnWeb(people(rep(unit)), round, unit, sampleScoreSheets(unit, MEMBERS, CROSS_SCORES, spread));
    const r = await unitLine(rt, round, unit);
    return `${unit} cross-scored the other ${MEMBERS.length - 1} members via web${r.version && r.version > 1 ? ` (version ${r.version}, correcting the first)` : ''}`;
  };
  await runRound(rt, id, 'score', input.calendar.scoring!.deadline, [
    // DBP's first sheets have every scorer agree; its second version brings it in line with the others' spread.
    { at: { afterOpening: 800 }, run: score('DBP', 0) },
    ...MEMBERS.map((unit, i) => ({ at: { afterOpening: 1_500 + i * 600 }, run: score(unit, 0.5) })),
  ]);

  // The secret ballot: the leader for the flag, the next two (the form's certificates) for certificates.
  const vote =
    (unit: string, flag: string, against: string[] = []) =>
    async () => {
      await castBallotOnWeb(people(rep(unit)), roundId(id, ballotRoundName(1)), unit, (offered) => ({
        flag,
        certificates: Object.fromEntries(offered.certificates.map((u) => [u, against.includes(u) ? 'against' : 'for'])),
      }));
      return `${unit} cast its sealed ballot in round 1 via web`;
    };
  await runRound(rt, id, ballotRoundName(1), new Date(Date.now() + ROUND_MS * 10).toISOString(), [
    { at: { afterOpening: 500 }, run: vote('TGI', 'TGI') },
    { at: { afterOpening: 900 }, run: vote('DBI', 'TGI') },
    { at: { afterOpening: 1_300 }, run: vote('MAN', 'TGI', ['DBP']) },
    { at: { afterOpening: 1_700 }, run: vote('DBP', 'TGI') },
    { at: { afterOpening: 2_100 }, run: vote('MLA', 'abstain') },
  ]);

  await highland;
  await linksShown;
  await runCouncil(rt, council, log, people);
  const result = await closeYear(rt, people, id, [
    { recipient: 'Trường PTDTBT THCS Quài Tở', kind: 'collective', unit: 'TGI', achievement: 'Hoàn thành xuất sắc nhiệm vụ năm học' },
    { recipient: 'Hợp tác xã Thanh Yên', kind: 'collective', unit: 'DBI', achievement: 'Phát triển sản xuất lúa gạo hàng hóa' },
    { recipient: 'Hộ ông Lò Văn Pánh', kind: 'household', unit: 'MAN', achievement: 'Hộ nông dân sản xuất kinh doanh giỏi' },
  ]).finally(() => watching.stop());
  await rt.client.workflow.getHandle(council).result();

  // The hand-over started next year's cycle with the new chair; the demo plays it through too.
  const nextYear = await playNextYear(rt, people, result.yearEnd!.next!.cycleId, conference!);
  await printSummary(rt, id);
  await printDecision(rt, council);
  await printDecision(rt, nextYear.council);
  await printNextYear(rt, { id: nextYear.id, council: nextYear.council, cluster: CLUSTER, year: YEAR + 1 });
}

/** Waits for the council's outcome, has the chair record the cluster's giấy khen, then waits for the conference and the hand-over. */
async function closeYear(rt: LocalRuntime, people: (personId: string) => Participant, id: string, certificates: Certificate[]) {
  const status = await waitForPhase(rt, id, 'conference');
  const chairRep = rep(status.cycle.chairUnit!);
  const numbers = await recordCertificatesOnWeb(people(chairRep), id, certificates);
  log(`${chairRep} (the chair) recorded the cluster's giấy khen for the conference via web: ${numbers.join(', ')}`);
  const result = await rt.client.workflow.getHandle<typeof annualCycle>(id).result();
  const next = result.yearEnd!.next!;
  log(
    `conference of ${id} held: ${result.yearEnd!.conference!.awardsHandedOver} award(s) of the province handed over, ${result.yearEnd!.conference!.certificates} giấy khen; the chair passes from ${status.cycle.chairUnit} to ${next.chair} (deputy ${next.deputy}), and ${next.cycleId} ${next.started ? 'is started' : 'was already running'}`,
  );
  return result;
}

async function waitForPhase(rt: LocalRuntime, id: string, phase: string) {
  for (;;) {
    const status = await rt.client.withDeadline(Date.now() + 3_000, () => cycleStatus(rt.client, id)).catch(() => undefined);
    if (status?.cycle.phase === phase) return status;
    await sleep(200);
  }
}

/**
 * The next year of the same cluster, as the hand-over started it (a year's calendar later): every
 * member on time, the cross-scores, a ballot for the leading unit, the council (this cluster
 * alone this time) and the next conference, which hands the chair on again.
 */
async function playNextYear(
  rt: LocalRuntime,
  people: (personId: string) => Participant,
  id: string,
  conference: { yearLength?: string },
): Promise<{ id: string; council: string; result: Awaited<ReturnType<typeof closeYear>> }> {
  const status = await waitForPhase(rt, id, 'scheduled');
  const { calendar } = status.cycle;
  const year = status.cycle.year;
  log(
    `── ${id}: chair ${status.cycle.chairUnit}, deputy ${status.cycle.deputyUnit}; its calendar is the last one moved on by ${conference.yearLength}: launch ${formatVietnamTime(Date.parse(calendar.launchAt))}`,
  );
  const watching = watchProgress(rt, id);
  const sign = (unit: string) => async () => (
    await signPledgeOnWeb(people(rep(unit)), roundId(id, 'pledge'), unit),
    `${unit} signed the ${year} pledge via web`
  );
  const report = (unit: string, period: 'H1' | 'YEAR') => async () => {
    const content =
      period === 'YEAR'
        ? { narrative: `Báo cáo tổng kết năm ${year}.`, selfScore: sampleSelfScore(SELF_SCORES[unit as keyof typeof SELF_SCORES]) }
        : { narrative: `Sơ kết 6 tháng năm ${year}.` };
    await fileReportOnWeb(people(rep(unit)), roundId(id, reportRoundName(period)), unit, content);
    return `${unit} filed its ${year} ${period} report via web`;
  };
  const inTurn = (make: (unit: string) => () => Promise<string>) =>
    MEMBERS.map((unit, i) => ({ at: { afterOpening: 800 + i * 500 }, run: make(unit) }));
  await runRound(rt, id, 'pledge', calendar.pledge.deadline, inTurn(sign));
  await runRound(
    rt,
    id,
    reportRoundName('H1'),
    calendar.reporting![0]!.deadline,
    inTurn((unit) => report(unit, 'H1')),
  );
  await runRound(
    rt,
    id,
    reportRoundName('YEAR'),
    calendar.reporting![1]!.deadline,
    inTurn((unit) => report(unit, 'YEAR')),
  );
  await runRound(
    rt,
    id,
    'score',
    calendar.scoring!.deadline,
    inTurn(
      (unit) => async () => (
        await crossScoreOnWeb(people(rep(unit)), roundId(id, 'score'), unit, sampleScoreSheets(unit, MEMBERS, CROSS_SCORES, 0.5)),
        `${unit} cross-scored via web`
      ),
    ),
  );
  await runRound(
    rt,
    id,
    ballotRoundName(1),
    new Date(Date.now() + ROUND_MS * 10).toISOString(),
    inTurn((unit) => async () => {
      // The leading unit (the form's first candidate) for the flag, every certificate for.
      await castBallotOnWeb(people(rep(unit)), roundId(id, ballotRoundName(1)), unit, (offered) => ({
        flag: offered.flag[0]!,
        certificates: Object.fromEntries(offered.certificates.map((c) => [c, 'for'])),
      }));
      return `${unit} cast its sealed ballot via web`;
    }),
  );
  const council = councilId(PROVINCE, year);
  await runCouncil(rt, council, log, people, 1);
  const result = await closeYear(rt, people, id, [
    { recipient: 'Trường Mầm non Ẳng Nưa', kind: 'collective', unit: 'MAN', achievement: 'Đơn vị dẫn đầu phong trào thi đua năm học' },
  ]).finally(() => watching.stop());
  return { id, council, result };
}

/** The unit's line in the round's status: what the round recorded of its submission (late, version, penalty, self-score). */
async function unitLine(rt: LocalRuntime, round: string, unit: string) {
  const line = (await roundStatus(rt.client, round))?.units.find((u) => u.unit === unit);
  if (!line?.submittedAt) throw new Error(`${round} shows nothing received from ${unit}`);
  return line;
}

/**
 * One person per role, with what opens their pages: the newest personal task link of their mails
 * while one is still honoured, else the sign-in page and their address (the council has no
 * personal links: its members sign in and open the council's page).
 */
async function roleLinks(rt: LocalRuntime, people: (personId: string) => Participant, memberLink?: string): Promise<string> {
  const base = rt.web!.baseUrl;
  const signIn = `sign in at ${base}/sign-in with this address`;
  const councils = [YEAR, YEAR + 1].map((y) => `${base}${councilPagePath(councilId(PROVINCE, y))}`).join(' or ');
  const member = people(rep('DBP'));
  const link = memberLink ?? (await member.newestTaskLink())?.link;
  const lines = [
    ['a member unit (Điện Biên Phủ)', member.email, link ?? `${signIn}, then open My tasks`],
    [
      "the cluster chair (Điện Biên's representative, 2018)",
      emailOf(rep('DBI')),
      `${signIn} (the chair's own link comes with the score table)`,
    ],
    ['a council member', emailOf(COUNCIL.members[0]!.id), `${signIn}, then ${councils}`],
    ['the council chair', emailOf(COUNCIL.chair.id), `${signIn}, then ${councils}`],
  ];
  return lines.map(([role, email, how]) => `  ${role}: ${email}\n      ${how}`).join('\n');
}

/** Once Điện Biên Phủ's pledge invitation is in the inbox, prints the links a person can follow the year with. */
async function printRoleLinksOnceMailed(rt: LocalRuntime, people: (personId: string) => Participant, id: string): Promise<void> {
  const first = await people(rep('DBP')).waitForTaskLink(roundId(id, 'pledge'));
  log(
    `the first mails are out; to follow the year in a browser (mails in ${rt.stack.mail.webUrl}), one person per role:\n${await roleLinks(rt, people, first.link)}`,
  );
}

/** Waits for the round to open (its invitations are mailed), then plays its actions at their times. */
async function runRound(rt: LocalRuntime, id: string, kind: string, deadline: string, actions: Action[]): Promise<void> {
  const until = Date.parse(deadline);
  for (let failures = 0; ;) {
    // Each look is bounded, so one slow answer (a busy 2-core machine) costs a retry, not the round.
    const status = await rt.client
      .withDeadline(Date.now() + 3_000, () => cycleStatus(rt.client, id))
      .catch((error: unknown) => {
        if (++failures === 3)
          log(`(${kind}: the cycle's status is slow to answer: ${error instanceof Error ? error.message : String(error)}; still trying)`);
        return undefined;
      });
    if (status?.rounds.find((r) => r.roundId === roundId(id, kind))?.phase === 'open') break;
    if (Date.now() > until) throw new Error(`the ${kind} round did not open before its deadline`);
    await sleep(100);
  }
  const opened = Date.now();
  await Promise.all(
    actions.map(async (action) => {
      const at = 'afterOpening' in action.at ? opened + action.at.afterOpening : Date.parse(deadline) + action.at.afterDeadline;
      await sleep(Math.max(0, at - Date.now()));
      log(await action.run());
    }),
  );
}

/** Prints what changes in the cycle's status while it runs: phases, reminders, escalations. */
function watchProgress(rt: LocalRuntime, id: string): { stop(): void } {
  let running = true;
  let phase = '';
  const reminders = new Map<string, number>();
  const escalated = new Map<string, number>();
  void (async () => {
    while (running) {
      const report = await cycleStatus(rt.client, id).catch(() => undefined);
      if (report && report.cycle.phase !== phase) {
        phase = report.cycle.phase;
        log(`phase: ${phase}`);
      }
      for (const round of report?.rounds ?? []) {
        const name = round.period
          ? `${round.period} report`
          : round.ballot
            ? `ballot round ${round.ballot.number}`
            : round.kind === 'score'
              ? 'cross-scores'
              : round.kind;
        if (round.remindersSent > (reminders.get(round.roundId) ?? 0)) {
          reminders.set(round.roundId, round.remindersSent);
          const pending = round.units.filter((u) => !u.submittedAt).map((u) => u.unit);
          log(`${name}: reminder ${round.remindersSent} mailed${pending.length ? ` to ${pending.join(', ')}` : ''}`);
        }
        if (round.escalated.length > (escalated.get(round.roundId) ?? 0)) {
          escalated.set(round.roundId, round.escalated.length);
          log(`${name}: deadline passed, escalated to the secretariat: ${round.escalated.join(', ')}`);
        }
      }
      await sleep(250);
    }
  })();
  return { stop: () => (running = false) };
}

async function printSummary(rt: LocalRuntime, id: string): Promise<void> {
  const { db } = rt;
  const cluster = await db.selectFrom('cluster').select('name').where('code', '=', CLUSTER).executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('cluster_membership as m')
    .innerJoin('unit as u', 'u.code', 'm.unit_code')
    .select(['u.code', 'u.name'])
    .where('m.cluster_code', '=', CLUSTER)
    .where('m.year', '=', YEAR)
    .orderBy('m.rotation_order')
    .execute();
  const pledges = await db.selectFrom('pledge').selectAll().where('cycle_id', '=', id).execute();
  const reports = await db.selectFrom('report').selectAll().where('cycle_id', '=', id).orderBy('version').execute();
  const extensions = await db
    .selectFrom('round_extension')
    .selectAll()
    .where('round_id', 'like', `${roundIdPrefix(id)}%`)
    .execute();
  const notices = await db
    .selectFrom('round_notice')
    .select(['round_id', 'kind', 'seq', 'unit_code'])
    .where('round_id', 'like', `${roundIdPrefix(id)}%`)
    .orderBy('round_id')
    .orderBy('kind')
    .orderBy('seq')
    .execute();
  const outbox = await db.selectFrom('email_outbox').select(['status']).where('cycle_id', '=', id).execute();
  const inbox = await rt.stack.mail.messages();
  const latest = (period: string, unit: string) => reports.filter((r) => r.period === period && r.unit_code === unit).at(-1);
  const when = (date: Date | undefined) => (date ? formatVietnamTime(date.getTime()) : '—');
  const noticesOf = (round: string, kind: string) =>
    notices
      .filter((n) => n.round_id === roundId(id, round) && n.kind === kind)
      .map((n) => (kind === 'reminder' ? `#${n.seq} ${n.unit_code}` : n.unit_code));
  const uiLink = rt.stack.temporal.uiUrl
    ? workflowUiLink({ TEMPORAL_UI_URL: rt.stack.temporal.uiUrl, temporal: { namespace: 'default' } }, id)
    : '(Web UI not started)';
  const consolidated = await db
    .selectFrom('score_consolidation')
    .selectAll()
    .where('cycle_id', '=', id)
    .orderBy('rank')
    .orderBy('unit_code')
    .execute();
  const nominations = await db.selectFrom('nomination').selectAll().where('cycle_id', '=', id).execute();
  const ballots = await db.selectFrom('ballot_result').selectAll().where('cycle_id', '=', id).orderBy('number').execute();
  const nameOf = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const leader = consolidated[0]!;
  const explanation = await explainUnit(db, id, leader.unit_code);
  const titles = new Map(DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria.map((c) => [c.code, { title: c.title, max: c.max }] as const)));

  console.log(`
════════ ${cluster.name} — năm ${YEAR} (${id}) ════════

Giao ước thi đua (pledges):
${table(
  ['UNIT', 'NAME', 'SIGNED BY', 'SIGNED AT (UTC+7)', ''],
  units.map((u) => {
    const p = pledges.find((x) => x.unit_code === u.code);
    return [u.code, u.name, p?.signer_id ?? '—', p ? when(p.signed_at) : 'not signed', p?.late ? 'LATE' : ''];
  }),
)}
reminders ${noticesOf('pledge', 'reminder').join(', ') || 'none'}; escalated: ${noticesOf('pledge', 'escalation').join(', ') || 'nobody'}

Báo cáo sơ kết 6 tháng (H1 reports):
${table(
  ['UNIT', 'VERSIONS', 'LATEST AT (UTC+7)', 'LATE', 'PENALTY', 'NOTE'],
  units.map((u) => {
    const r = latest('H1', u.code);
    const ext = extensions.find((e) => e.unit_code === u.code);
    const notes = [r?.quarantined ? 'QUARANTINED for the secretariat (spam/links)' : '', ext ? `deadline extended: ${ext.reason}` : '']
      .filter(Boolean)
      .join('; ');
    return [
      u.code,
      String(reports.filter((x) => x.period === 'H1' && x.unit_code === u.code).length),
      when(r?.submitted_at),
      r?.late ? 'LATE' : '',
      r && Number(r.late_penalty) ? `-${Number(r.late_penalty)}` : '',
      notes,
    ];
  }),
)}

Báo cáo tổng kết năm — tự chấm điểm (year-end self-scores, rubric ${reports.find((r) => r.rubric_version)?.rubric_version ?? '—'}):
${table(
  ['UNIT', 'NAME', 'SELF-SCORE', 'FILED AT (UTC+7)'],
  units.map((u) => {
    const r = latest('YEAR', u.code);
    return [u.code, u.name, r?.score_total ? Number(r.score_total).toFixed(1) : '—', when(r?.submitted_at)];
  }),
)}

Chấm điểm chéo — xếp hạng (consolidated ranking from the cross-scores, formula ${leader.formula_version}):
${table(
  ['#', 'UNIT', 'NAME', 'TOTAL', 'CROSS-SCORES', 'BONUS', 'PENALTY', 'NOTES'],
  consolidated.map((r) => {
    const d = r.detail as {
      base: number;
      bonus: { applied: number };
      penalties: { applied: number; items: { reason?: string }[] };
      notes: string[];
    };
    return [
      String(r.rank),
      r.unit_code,
      nameOf(r.unit_code),
      Number(r.total).toFixed(1),
      String(d.base),
      `+${d.bonus.applied}`,
      d.penalties.applied ? `-${d.penalties.applied}` : '',
      [...d.penalties.items.map((i) => i.reason ?? ''), ...d.notes].join('; '),
    ];
  }),
)}

Bình xét, suy tôn (secret ballot; a nominee needs more than half of all ${units.length} members):
${ballots
  .map((b) => {
    const t = b.tally as Tally;
    return [
      `round ${b.number}: ${t.cast}/${t.members} ballots, ${t.spoiled} spoiled, ${t.needed} votes needed`,
      ...t.flag.map((f) => `  flag ${f.unit}: ${f.votes} for${t.flagElected === f.unit ? ' → elected' : ''}`),
      ...t.certificates.map(
        (c) =>
          `  certificate ${c.unit}: ${c.for} for, ${c.against} against, ${c.abstain} abstained${t.certificatesApproved.includes(c.unit) ? ' → approved' : ''}`,
      ),
    ].join('\n');
  })
  .join('\n')}

Đề nghị khen thưởng (the cluster's nominations to the province):
${table(
  ['AWARD', 'UNIT', 'NAME', 'DECIDED BY'],
  [...nominations]
    .sort((a, b) => a.award.localeCompare(b.award, 'en') * -1)
    .map((n) => [
      n.award === 'flag' ? 'Cờ thi đua (flag)' : 'Bằng khen (certificate)',
      n.unit_code,
      nameOf(n.unit_code),
      n.decided_by === 'ballot' ? `ballot round ${n.ballot_round}` : 'the chair and the deputy',
    ]),
)}

How the leader's score was computed (./bin/tdkt explain --cycle ${id} --unit ${leader.unit_code}):
${formatExplanation(explanation, titles)}

Mails:            ${outbox.filter((m) => m.status === 'sent').length} sent from the outbox (${outbox.filter((m) => m.status !== 'sent').length} pending), ${inbox.length} received by the inbox
Temporal Web UI:  ${uiLink}
Mail inbox:       ${rt.stack.mail.webUrl}
`);
}

main().catch((error: unknown) => {
  // runCycle logged its own failures with their stack already; a failure to start is its cause alone.
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
