import type { CouncilStatus } from './council.ts';
import { parseIsoDuration } from './duration.ts';
import { PHASES } from './cycle.ts';
import type { RoundStatus } from './round.ts';

// What each running workflow is waiting for, and from whom, in a form that fits Temporal's
// visibility (DESIGN.md "Search attributes … pending actor"), so that `tdkt pending` and the
// console's pending page are one visibility query instead of a query to every workflow.
//
// A workflow publishes its open tasks as three search attributes (workflows/searchAttributes.ts):
// - TdktPendingActors (KeywordList): who must act, each once: a person id (the ids the rounds and
//   the council already carry, no names) or a role (`@secretariat`, `@chair:<cluster>`,
//   `@representative`) — `TdktPendingActors = 'snv.ha'` lists what waits for snv.ha.
// - TdktPendingTasks (KeywordList): one token per open task, `who|unit|task|due|since`:
//     who    as in TdktPendingActors;
//     unit   the unit whose task it is, or empty;
//     task   a code: `submit` (a round's submission; what is submitted is the round's, from its id),
//            `submission` (a cluster's tờ trình to the council), `appraisal:<nomination>`,
//            `attendance`, `reschedule`, `vote`, `decision` (the council), `flag-chair`,
//            `flag-deputy`, `amend`, `certificates` (the cycle);
//     due    when it is due, in ISO 8601's basic form to the second (`20181220T100000Z`), or empty;
//     since  when it has waited since (a round's opening), the same form, or empty.
//   e.g. `dbi.lo-van-hung|DBI|submit|20181220T100000Z|20181201T010000Z`. No field holds a `|`
//   (person ids, unit and cluster codes and nomination ids are made of [A-Za-z0-9._:-]).
// - TdktPendingDue (Datetime): the soonest due time among them, to find what is overdue.
// All three are removed when nothing is pending. Temporal caps each attribute's value (2 KiB by
// default): a list that would not fit is published as the single token `+` (OVERFLOW), and the
// reader asks that workflow itself (as it does for workflows started before the attributes existed).

/** One open task, as the workflow knows it. */
export interface PendingEntry {
  /** A person id, or a role: `@secretariat`, `@chair:<cluster>`, `@representative` (of `unit`). */
  who: string;
  unit?: string;
  task: string;
  /** ISO times. */
  due?: string;
  since?: string;
}

/** The three attributes' values; absent (undefined / empty lists) when nothing is pending. */
export interface PendingAttributes {
  actors: string[];
  tasks: string[];
  due?: Date;
}

/** The token that stands for "more than one attribute value holds: ask the workflow". */
export const OVERFLOW = '+';

/**
 * Below Temporal's default limit of a search attribute's value (2 KiB, `limit.searchAttributesSizeOfValue`),
 * counted as the JSON list the value is sent as, with room to spare.
 */
export const VALUE_BUDGET = 1800;

export const ROLES = { secretariat: '@secretariat', representative: '@representative', chairOf: (cluster: string) => `@chair:${cluster}` };

/** `2018-12-20T10:00:00.000Z` (or any ISO time) → `20181220T100000Z`. */
function compact(iso: string | undefined): string {
  // A predicate that throws would fail the workflow's task: a time that does not parse is left out.
  const ms = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) return '';
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** `20181220T100000Z` → `2018-12-20T10:00:00.000Z`; undefined for an empty field. */
function expand(field: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(field ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : undefined;
}

/** The size a list takes as the JSON it is sent as (UTF-8; a character above U+007F is counted as 3 bytes). */
function jsonSize(list: readonly string[]): number {
  let size = 2;
  for (const item of list) for (const ch of JSON.stringify(item) + ',') size += ch.charCodeAt(0) > 0x7f ? 3 : 1;
  return size;
}

const fitting = (list: string[]) => (jsonSize(list) <= VALUE_BUDGET ? list : [OVERFLOW]);

/** The attributes a workflow publishes for its open tasks. */
export function encodePending(entries: readonly PendingEntry[]): PendingAttributes {
  const tasks = entries.map((e) => [e.who, e.unit ?? '', e.task, compact(e.due), compact(e.since)].join('|'));
  const dues = entries.map((e) => (e.due ? Date.parse(e.due) : NaN)).filter(Number.isFinite);
  return {
    actors: fitting([...new Set(entries.map((e) => e.who))]),
    tasks: fitting(tasks),
    ...(dues.length ? { due: new Date(Math.min(...dues)) } : {}),
  };
}

/** The entries of TdktPendingTasks' tokens; undefined when they overflowed (ask the workflow). */
export function decodePending(tokens: readonly string[]): PendingEntry[] | undefined {
  if (tokens.includes(OVERFLOW)) return undefined;
  return tokens.map((token) => {
    const [who = '', unit, task = '', due, since] = token.split('|');
    const [dueIso, sinceIso] = [expand(due), expand(since)];
    return { who, ...(unit ? { unit } : {}), task, ...(dueIso ? { due: dueIso } : {}), ...(sinceIso ? { since: sinceIso } : {}) };
  });
}

/** A round's open tasks: each unit that has neither submitted nor been excused, while the round takes submissions. */
export function roundPending(round: RoundStatus): PendingEntry[] {
  if (round.phase !== 'open' && round.phase !== 'late') return [];
  return round.units
    .filter((u) => !u.submittedAt && !u.excused)
    .map((u) => ({ who: u.representative, unit: u.unit, task: 'submit', due: u.deadline ?? round.deadline, since: round.opensAt }));
}

/** The council's open tasks: missing submissions, pending appraisals, the session's attendance, a new date, votes, the decision. */
export function councilPending(council: CouncilStatus): PendingEntry[] {
  const entries: PendingEntry[] = [];
  const session = council.sessions.at(-1);
  const sessionEnd = session
    ? new Date(Date.parse(session.at) + (parseIsoDuration(council.calendar.sessionLength) ?? 0)).toISOString()
    : undefined;
  if (council.phase === 'collecting')
    for (const cluster of council.missing)
      entries.push({ who: ROLES.chairOf(cluster), task: 'submission', due: council.calendar.submitBy });
  for (const [nomination, verdict] of Object.entries(council.appraisal))
    if (verdict.status === 'pending')
      entries.push({ who: ROLES.secretariat, task: `appraisal:${nomination}`, due: council.calendar.sessionAt });
  if (council.phase === 'session') entries.push({ who: ROLES.secretariat, task: 'attendance', ...(session ? { due: session.at } : {}) });
  if (council.phase === 'rescheduling') entries.push({ who: ROLES.secretariat, task: 'reschedule' });
  if (council.phase === 'voting') {
    const voted = new Set(council.voted.map((v) => v.member));
    for (const member of council.members.filter((m) => !voted.has(m)))
      entries.push({ who: member, task: 'vote', ...(sessionEnd ? { due: sessionEnd } : {}) });
  }
  if (council.phase === 'decision') entries.push({ who: council.chair, task: 'decision' });
  return entries;
}

/** What of a cycle's state its own tasks depend on (the cycle's status, as its query answers it). */
export interface CycleForPending {
  phase: string;
  chairUnit?: string;
  deputyUnit?: string;
  calendar: { conference?: { at: string } };
  scoring?: { leaders?: { deadline: string; chair?: string; deputy?: string } };
  yearEnd?: { certificates?: string[] };
}

/** The cycle's own tasks: the flag decision of the chair and the deputy, an amendment, the giấy khen before the conference. */
export function cyclePending(cycle: CycleForPending, representativeOf: (unit: string) => string | undefined): PendingEntry[] {
  const of = (unit: string) => ({ who: representativeOf(unit) || ROLES.representative, unit });
  const entries: PendingEntry[] = [];
  const leaders = cycle.scoring?.leaders;
  if (cycle.phase === PHASES.leadersDecide && leaders) {
    if (!leaders.chair && cycle.chairUnit) entries.push({ ...of(cycle.chairUnit), task: 'flag-chair', due: leaders.deadline });
    if (!leaders.deputy && cycle.deputyUnit) entries.push({ ...of(cycle.deputyUnit), task: 'flag-deputy', due: leaders.deadline });
  }
  if (cycle.phase === PHASES.revision && cycle.chairUnit) entries.push({ ...of(cycle.chairUnit), task: 'amend' });
  if (cycle.phase === PHASES.conference && cycle.calendar.conference && !cycle.yearEnd?.certificates && cycle.chairUnit)
    entries.push({ ...of(cycle.chairUnit), task: 'certificates', due: cycle.calendar.conference.at });
  return entries;
}
