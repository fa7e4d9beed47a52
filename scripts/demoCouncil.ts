import { councilStatus } from '../client/councilOperations.ts';
import { table } from '../client/format.ts';
import { cycleStatus } from '../client/operations.ts';
import { COUNCIL, PEOPLE, sampleScoreSheets, sampleSelfScore } from '../db/referenceData.ts';
import { AWARDS, awardAmount } from '../domain/council.ts';
import { ballotRoundName, cycleId, reportRoundName, roundId } from '../domain/ids.ts';
import {
  acceptNominationOnWeb,
  approveDecisionOnWeb,
  castBallotOnWeb,
  councilVoteOnWeb,
  crossScoreOnWeb,
  fileReportOnWeb,
  takeAttendanceOnWeb,
  type Participant,
} from './demoParticipant.ts';
import type { LocalRuntime } from './localRuntime.ts';

// The demo's second cluster and the provincial council: the highland cluster's year (simulated
// briefly: its year-end reports, cross-scores and ballot, on the web pages of its mails), then the
// council session that takes both clusters' submissions to the chair's signed decision: the
// secretariat's steps through the client operations, the members' votes and the chair's decision
// on the council's web page.

const HIGHLAND = 'DB-VC';
const YEAR = 2018;
/** The highland members' cross-scores on the criteria; with the self-score's 2 bonus points, Mường Chà leads at 96. */
const HIGHLAND_SCORES = { MCH: 94, TCH: 92, MNH: 91, DBD: 89, NPO: 87 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rep = (unit: string) => PEOPLE.find((p) => p.unit === unit && p.representsIn.includes(YEAR))!.id;

async function waitFor<T>(look: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = await look().catch(() => undefined);
    if (found !== undefined) return found;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const roundOpen = (rt: LocalRuntime, id: string, kind: string) =>
  waitFor(
    async () =>
      (await cycleStatus(rt.client, id)).rounds.find((r) => r.roundId === roundId(id, kind) && r.phase === 'open') ? true : undefined,
    `${id} ${kind} to open`,
  );

/** The highland cluster's year, from its year-end reports to its ballot. */
export async function runHighlandYear(
  rt: LocalRuntime,
  log: (line: string) => void,
  people: (personId: string) => Participant,
): Promise<void> {
  const id = cycleId(HIGHLAND, YEAR);
  const units = Object.keys(HIGHLAND_SCORES);
  // The five act at the same time, each in their own browser.
  const everyone = (act: (unit: string) => Promise<unknown>) => Promise.all(units.map(act));
  await roundOpen(rt, id, reportRoundName('YEAR'));
  await everyone((unit) =>
    fileReportOnWeb(people(rep(unit)), roundId(id, reportRoundName('YEAR')), unit, {
      narrative: `Báo cáo tổng kết năm ${YEAR} của ${unit}.`,
      selfScore: sampleSelfScore(HIGHLAND_SCORES[unit as keyof typeof HIGHLAND_SCORES] + 2),
    }),
  );
  log(`${HIGHLAND}: the five highland districts filed their year-end reports via web`);
  await roundOpen(rt, id, 'score');
  await everyone((unit) =>
    crossScoreOnWeb(people(rep(unit)), roundId(id, 'score'), unit, sampleScoreSheets(unit, units, HIGHLAND_SCORES, 0.5)),
  );
  log(`${HIGHLAND}: cross-scores in via web`);
  await roundOpen(rt, id, ballotRoundName(1));
  const open = (await cycleStatus(rt.client, id)).rounds.find((r) => r.roundId === roundId(id, ballotRoundName(1)))!.ballot!;
  // Each votes the leading unit (the form's first candidate) for the flag and every certificate for.
  await everyone((unit) =>
    castBallotOnWeb(people(rep(unit)), roundId(id, ballotRoundName(1)), unit, (offered) => ({
      flag: offered.flag[0]!,
      certificates: Object.fromEntries(offered.certificates.map((c) => [c, 'for'])),
    })),
  );
  log(`${HIGHLAND}: ballot cast via web (flag ${open.items.flag.join(', ')}; certificates ${open.items.certificates.join(', ')})`);
}

/**
 * The council: the secretariat appraises the clusters' submissions and records that 13 of the 15
 * members are present, on the council's page; every member votes on the council's web page (the 13 present by secret
 * ballot, the 2 absent in writing) and the chair signs the decision there.
 */
export async function runCouncil(
  rt: LocalRuntime,
  councilId: string,
  log: (line: string) => void,
  people: (personId: string) => Participant,
  clusters = 2,
): Promise<void> {
  const members = [COUNCIL.chair.id, ...COUNCIL.members.map((m) => m.id)].sort();
  // The members sign in by mail while the clusters submit; a session outlives the demo, so next year's council finds them signed in.
  const signedIn = Promise.all(members.map((member) => people(member).ensureSignedIn()));
  const submitted = await waitFor(async () => {
    const s = await councilStatus(rt.client, councilId);
    // Every cluster's submission in, and the council's members and secretariat loaded.
    return s.submissions.length === clusters && s.chair ? s : undefined;
  }, 'the clusters to submit');
  log(
    `council ${councilId}: ${clusters === 1 ? "the cluster's submission" : `the ${clusters} clusters' submissions`} (tờ trình) received: ${Object.keys(submitted.appraisal).join(', ')}`,
  );
  const secretariat = people('snv.ha');
  for (const nomination of Object.keys(submitted.appraisal)) await acceptNominationOnWeb(secretariat, councilId, nomination);
  log('council: the secretariat appraised and accepted every nomination via web');
  await waitFor(async () => ((await councilStatus(rt.client, councilId)).phase === 'session' ? true : undefined), 'the session to open');
  const present = members.slice(0, 13);
  const quorum = await takeAttendanceOnWeb(secretariat, councilId, present);
  log(
    `council: session opened with ${quorum.present} of ${quorum.members} members present (${quorum.needed} needed), attendance taken via web`,
  );
  await signedIn;
  await waitFor(async () => ((await councilStatus(rt.client, councilId)).phase === 'voting' ? true : undefined), 'the vote to open');
  // Every nomination approved; the web page takes a present member's vote as a secret ballot and an absent one's in writing.
  let written = 0;
  for (const member of [...present, ...members.filter((m) => !present.includes(m))])
    if ((await councilVoteOnWeb(people(member), councilId, () => 'approve')).written) written++;
  log(`council: ${members.length - written} members voted in the session and ${written} absent members in writing, via web`);
  await waitFor(async () => ((await councilStatus(rt.client, councilId)).phase === 'decision' ? true : undefined), 'the count');
  const decision = await approveDecisionOnWeb(people(COUNCIL.chair.id), councilId);
  log(`council: the chair signed decision ${decision.number} on ${decision.date} via web`);
}

/** The signed decision: its number, the awards with their amounts, the counts, the documents. */
export async function printDecision(rt: LocalRuntime, councilId: string): Promise<void> {
  const { db } = rt;
  const decision = await db.selectFrom('decision').selectAll().where('council_id', '=', councilId).executeTakeFirstOrThrow();
  const awards = await db
    .selectFrom('award')
    .innerJoin('unit', 'unit.code', 'award.unit_code')
    .select(['award.nomination', 'award.award', 'unit.name', 'award.amount_vnd'])
    .where('council_id', '=', councilId)
    .orderBy('award.award', 'desc')
    .orderBy('award.nomination')
    .execute();
  const result = await db
    .selectFrom('council_event')
    .select('details')
    .where('council_id', '=', councilId)
    .where('kind', '=', 'result')
    .orderBy('occurred_at', 'desc')
    .executeTakeFirstOrThrow();
  const counts = (result.details as { counts: { nomination: string; for: number; written: number; needed: number; approved: boolean }[] })
    .counts;
  const documents = await db
    .selectFrom('document')
    .select(['id', 'title'])
    .where('council_id', '=', councilId)
    .orderBy('kind')
    .orderBy('id')
    .execute();
  const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đ`;
  const total = awards.reduce((sum, a) => sum + Number(a.amount_vnd), 0);
  console.log(`Quyết định khen thưởng (the council chair's decision) — số ${decision.number}, ngày ${decision.decided_on.split('-').reverse().join('/')}:
${table(
  ['AWARD', 'UNIT', 'VOTES FOR (OF 15)', 'AMOUNT'],
  awards.map((a) => {
    const c = counts.find((x) => x.nomination === a.nomination)!;
    return [
      AWARDS[a.award].title,
      a.name,
      `${c.for}${c.written ? ` (${c.written} in writing)` : ''}, ${c.needed} needed`,
      vnd(awardAmount(a.award)),
    ];
  }),
)}
total ${vnd(total)} (multiples of the base salary 2.340.000 đ: flag 8×, certificate 3×)

Documents (./bin/tdkt document get <id>):
${documents.map((d) => `  ${d.id}  ${d.title}`).join('\n')}
`);
}
