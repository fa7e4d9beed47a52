import type { Context } from 'hono';
import { html } from 'hono/html';
import { councilStatus } from '../../client/councilOperations.ts';
import { roundStatus } from '../../client/operations.ts';
import { councilsOf, councilVotesBy, decisionsApprovedBy } from '../../db/queries/council.ts';
import {
  ballotsCastBy,
  crossScoresSubmittedBy,
  openRoundsFor,
  pledgesSignedBy,
  reportsSubmittedBy,
} from '../../db/queries/participants.ts';
import type { CouncilStatus } from '../../domain/council.ts';
import { parseIsoDuration } from '../../domain/duration.ts';
import { splitRoundId } from '../../domain/ids.ts';
import { REPORT_PERIODS } from '../../domain/report.ts';
import type { RoundStatus } from '../../domain/round.ts';
import { consoleStandingsOf } from '../../db/queries/console.ts';
import type { AppEnv, Session, WebDeps } from '../env.ts';
import { formatTime, periodName, type Lang, type Translate } from '../i18n.ts';
import { page, type Markup } from '../layout.ts';
import { chairTaskLabel, chairTasksFor } from './chairTasks.ts';

// My tasks: what is waiting for the person, each with its deadline (or, for a council, its
// session) and a link, and what they did before. What waits comes from the task sources below,
// asked side by side: each reads PostgreSQL for the person's rounds or councils, then asks their
// workflows whether the person still has something to do and until when. The workflows are asked
// all at once, and for 2 s at most: one that does not answer in time (its worker is gone, say) is
// shown from the database alone.

/** One thing waiting for the person. */
export interface WaitingTask {
  href: string;
  label: string;
  /** Whom or what it is for: the unit and its cluster, the council. */
  about: string;
  /** Its deadline, or when its session is; none when it has neither. */
  due?: { kind: 'deadline' | 'session'; at: Date };
}

/** What a task source is given: who is asking, in which language, and the page's way to ask a workflow. */
export interface TaskSourceContext {
  deps: WebDeps;
  person: string;
  t: Translate;
  lang: Lang;
  /** Runs a workflow query within the page's 2-second deadline: undefined when it fails or does not answer in time. */
  ask: <T>(query: () => Promise<T>) => Promise<T | undefined>;
}

/** A kind of task that may wait for a person: it lists the person's, as they stand now. */
export type TaskSource = (ctx: TaskSourceContext) => Promise<WaitingTask[]>;

const STATUS_WAIT_MS = 2000;

const taskPath = (wf: string, unit?: string) =>
  `/task?wf=${encodeURIComponent(wf)}${unit === undefined ? '' : `&unit=${encodeURIComponent(unit)}`}`;

/** A round's task as people say it ("Báo cáo sơ kết 6 tháng", "Ballot round 2"), from its id. */
export function roundLabel(roundId: string, t: Translate, lang: Lang): string {
  const parts = splitRoundId(roundId);
  if (!parts) return roundId;
  if (parts.kind === 'report') return t('kind_report', { period: periodName(parts.period ?? '', lang, REPORT_PERIODS) });
  if (parts.kind === 'ballot') return t('kind_ballotRound', { number: parts.ballot ?? 1 });
  return t(`kind_${parts.kind}`);
}

/**
 * The open rounds (pledge, reports, cross-scores, ballots) of the units the person represents that
 * the unit has not done yet, each with the unit's own deadline (extensions included).
 */
export const roundTasks: TaskSource = async ({ deps, person, t, lang, ask }) => {
  const rows = await openRoundsFor(deps.db, person);
  const roundIds = [...new Set(rows.map((r) => r.roundId))];
  const answers = await Promise.all(roundIds.map((roundId) => ask(() => roundStatus(deps.temporal, roundId))));
  const statuses = new Map<string, RoundStatus | undefined>(roundIds.map((roundId, i) => [roundId, answers[i]]));
  return rows.flatMap((row) => {
    const status = statuses.get(row.roundId);
    if (status?.phase === 'closed' || status?.phase === 'scheduled') return [];
    const line = status?.units.find((u) => u.unit === row.unit);
    if (status && (!line || line.submittedAt || line.excused)) return [];
    const deadline = line?.deadline ?? status?.deadline;
    return [
      {
        href: taskPath(row.roundId, row.unit),
        label: roundLabel(row.roundId, t, lang),
        about: `${t('forUnit', { unit: row.unitName })} – ${row.clusterName} ${row.year}`,
        due: { kind: 'deadline' as const, at: deadline ? new Date(deadline) : row.deadline },
      },
    ];
  });
};

type CouncilStep = {
  label: 'task_councilSession' | 'task_councilVote' | 'task_councilDecide' | 'task_councilAppraise' | 'task_councilAttendance';
  due?: WaitingTask['due'];
};
type CouncilRoles = { member: boolean; chair: boolean; secretariat: boolean };

/** What the council asks of its secretariat now: to appraise what is pending before the session, to take the attendance when it opens. */
function secretariatStep(status: CouncilStatus): CouncilStep | 'nothing' {
  const session = status.sessions.at(-1);
  const sessionAt = new Date(Date.parse(session?.at ?? status.calendar.sessionAt));
  const pending = Object.values(status.appraisal).some((v) => v.status === 'pending');
  if (['collecting', 'appraisal', 'rescheduling'].includes(status.phase) && pending)
    return { label: 'task_councilAppraise', due: { kind: 'session', at: sessionAt } };
  if (status.phase === 'session' && !session?.present) return { label: 'task_councilAttendance', due: { kind: 'session', at: sessionAt } };
  return 'nothing';
}

/** What a council asks of a member now, from its status: to read before the session, to vote, or (the chair) to decide. */
function memberStep(status: CouncilStatus, person: string, chair: boolean): CouncilStep | 'nothing' {
  const session = status.sessions.at(-1);
  switch (status.phase) {
    case 'collecting':
    case 'appraisal':
    case 'session': {
      const at = Date.parse(session?.at ?? status.calendar.sessionAt);
      return { label: 'task_councilSession', due: { kind: 'session', at: new Date(at) } };
    }
    case 'rescheduling':
      return { label: 'task_councilSession' };
    case 'voting': {
      if (!session || status.voted.some((v) => v.member === person)) return 'nothing';
      const end = Date.parse(session.at) + (parseIsoDuration(status.calendar.sessionLength) ?? 0);
      return { label: 'task_councilVote', due: { kind: 'deadline', at: new Date(end) } };
    }
    case 'decision':
      return chair ? { label: 'task_councilDecide' } : 'nothing';
    default:
      return 'nothing';
  }
}

function councilSteps(status: CouncilStatus, person: string, roles: CouncilRoles): CouncilStep[] {
  const steps = [
    roles.secretariat ? secretariatStep(status) : 'nothing',
    roles.member ? memberStep(status, person, roles.chair) : 'nothing',
  ];
  return steps.filter((s): s is CouncilStep => s !== 'nothing');
}

/**
 * The provincial councils where the person is a member, the chair or the secretariat, while they
 * have something to do there: the secretariat appraises and takes the attendance; a member reads
 * the nominations before the session and votes while the vote is open (until the session ends);
 * the chair decides on the proposal. A council that does not answer is listed from its recorded
 * phase, unless that phase is past the chair's decision.
 */
export const councilTasks: TaskSource = async ({ deps, person, t, ask }) => {
  const councils = (await councilsOf(deps.db, person)).filter((c) => c.phase !== 'closed');
  const answers = await Promise.all(councils.map((c) => ask(() => councilStatus(deps.temporal, c.id))));
  return councils.flatMap((council, i) => {
    const status = answers[i];
    const about = t('councilName', { province: council.province, year: council.year });
    const href = taskPath(council.id);
    if (!status) return council.phase === 'approved' ? [] : [{ href, about, label: t('task_council') }];
    return councilSteps(status, person, council).map((step) => ({
      href,
      about,
      label: t(step.label),
      ...(step.due ? { due: step.due } : {}),
    }));
  });
};

/** The cluster chair's and deputy's tasks: adjustments, the flag decision, the giấy khen (chairTasks.ts asks within its own 2 s). */
export const chairTasks: TaskSource = async ({ deps, person, t }) =>
  (await chairTasksFor(deps, person)).map((task) => ({
    href: task.href,
    label: chairTaskLabel(task, t),
    about: `${t('forUnit', { unit: task.unitName })} – ${task.clusterName} ${task.year}`,
    ...(task.deadline ? { due: { kind: 'deadline' as const, at: task.deadline } } : {}),
  }));

/** Where My tasks looks for what waits for the person: one source per kind of task. */
export const TASK_SOURCES: readonly TaskSource[] = [roundTasks, councilTasks, chairTasks];

/** Everything waiting, from every source: the soonest first, those without a date last. */
async function waitingFor(ctx: TaskSourceContext): Promise<WaitingTask[]> {
  const lists = await Promise.all(TASK_SOURCES.map((source) => source(ctx)));
  return lists.flat().sort((a, b) => (a.due?.at.getTime() ?? Infinity) - (b.due?.at.getTime() ?? Infinity));
}

/** What the person did before: pledges, report and cross-score versions, ballots and council votes cast (never how), decisions issued; the latest first. */
async function history(deps: WebDeps, person: string, t: Translate, lang: Lang): Promise<Markup[]> {
  const [pledges, reports, scores, ballots, votes, decisions, councils] = await Promise.all([
    pledgesSignedBy(deps.db, person),
    reportsSubmittedBy(deps.db, person),
    crossScoresSubmittedBy(deps.db, person),
    ballotsCastBy(deps.db, person),
    councilVotesBy(deps.db, person),
    decisionsApprovedBy(deps.db, person),
    councilsOf(deps.db, person),
  ]);
  const at = (when: Date) => formatTime(when, lang);
  const late = (was: boolean) => (was ? html` (${t('late')})` : '');
  const councilName = (id: string) => {
    const council = councils.find((c) => c.id === id);
    return council ? t('councilName', { province: council.province, year: council.year }) : id;
  };
  const lines: { when: Date; line: Markup }[] = [
    ...pledges.map((p) => ({
      when: p.signedAt,
      line: html`${t('pledgeSigned', { unit: p.unit, cycle: p.cycleId, at: at(p.signedAt) })}${late(p.late)}`,
    })),
    ...reports.map((r) => ({
      when: r.submittedAt,
      line: html`${t('reportVersion', {
        unit: r.unit,
        period: periodName(r.period, lang, REPORT_PERIODS),
        cycle: r.cycleId,
        version: r.version,
        at: at(r.submittedAt),
      })}${r.scoreTotal !== null ? html`, ${t('total', { total: Number(r.scoreTotal) })}` : ''}${late(r.late)}`,
    })),
    ...scores.map((s) => ({
      when: s.submittedAt,
      line: html`${t('crossScoreVersion', { unit: s.unit, cycle: s.cycleId, version: s.version, at: at(s.submittedAt) })}${late(s.late)}`,
    })),
    ...ballots.flatMap((b) => {
      const round = splitRoundId(b.ballotId);
      if (!round) return [];
      return [
        {
          when: b.votedAt,
          line: html`${t('ballotCast', { unit: b.unit, number: round.ballot ?? 1, cycle: round.cycleId, at: at(b.votedAt) })}`,
        },
      ];
    }),
    ...votes.map((v) => ({
      when: v.votedAt,
      line: html`${t('councilVoted', {
        council: councilName(v.councilId),
        session: v.session,
        how: v.written ? t('howWritten') : t('howSecret'),
        at: at(v.votedAt),
      })}`,
    })),
    ...decisions.map((d) => ({
      when: d.approvedAt,
      line: html`${t('decisionIssued', { number: d.number, council: councilName(d.councilId), at: at(d.approvedAt) })}`,
    })),
  ];
  return lines.sort((a, b) => b.when.getTime() - a.when.getTime()).map((l) => l.line);
}

export async function myTasksPage(c: Context<AppEnv>, deps: WebDeps, session: Session) {
  const t = c.get('t');
  const lang = c.get('lang');
  const person = session.person.id;
  const deadline = Date.now() + STATUS_WAIT_MS;
  const ctx: TaskSourceContext = {
    deps,
    person,
    t,
    lang,
    ask: (query) => deps.temporal.withDeadline(deadline, query).catch(() => undefined),
  };
  const [waiting, done, standings] = await Promise.all([
    waitingFor(ctx),
    history(deps, person, t, lang),
    consoleStandingsOf(deps.db, person),
  ]);
  return page(
    c,
    t('myTasks'),
    html`${standings.length ? html`<p class="console-link"><a href="/console">${t('consoleLink')}</a></p>` : ''}
<h2>${t('waiting')}</h2>
${
  waiting.length
    ? html`<ul class="tasks">${waiting.map(
        (w) => html`<li>
<a href="${w.href}">${w.label}</a>
<span>${w.about}</span>
${
  w.due
    ? html`<span>${w.due.kind === 'deadline' ? t('deadline') : t('sessionAt')}: <time datetime="${w.due.at.toISOString()}">${formatTime(
        w.due.at,
        lang,
      )}</time></span>`
    : ''
}
</li>`,
      )}</ul>`
    : html`<p>${t('nothingWaiting')}</p>`
}
<h2>${t('done')}</h2>
${done.length ? html`<ul class="history">${done.map((line) => html`<li>${line}</li>`)}</ul>` : html`<p>${t('nothingDone')}</p>`}`,
  );
}
