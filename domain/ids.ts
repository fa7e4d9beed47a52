import { z } from 'zod';

// Units, clusters and people are identified by codes from the master list, never by free text
// (DOMAIN.md "Data hazards"). Codes are short, upper-case ASCII so they are safe in workflow ids,
// search attributes, file names and mail headers alike.
export const unitCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,15}$/, 'a unit code is 2-16 upper-case letters, digits, "-" or "_" (e.g. DBI)');
export const clusterCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,15}$/, 'a cluster code is 2-16 upper-case letters, digits, "-" or "_" (e.g. DB-VT)');
export const personId = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,47}$/, 'a person id is 2-48 lower-case letters, digits, ".", "_" or "-" (e.g. dbi.lo-van-hung)');
export const year = z.number().int().min(2000, 'the year must be 2000 or later').max(2100, 'the year must be 2100 or earlier');

export function cycleId(cluster: string, forYear: number): string {
  return `${cycleIdPrefix(cluster)}${forYear}`;
}

/** What every cycle id of a cluster starts with (`cycle/DB-VT/`), to find a cluster's cycles by prefix. */
export function cycleIdPrefix(cluster: string): string {
  return `cycle/${cluster}/`;
}

const CYCLE_ID = /^cycle\/([A-Z][A-Z0-9_-]{1,15})\/(\d{4})$/;

/** Splits `cycle/<cluster>/<year>`; undefined when the text is not a cycle id. */
export function parseCycleId(id: string): { cluster: string; year: number } | undefined {
  const match = CYCLE_ID.exec(id);
  if (!match || !year.safeParse(Number(match[2])).success) return undefined;
  return { cluster: match[1]!, year: Number(match[2]) };
}

export const cycleIdSchema = z.string().refine((id) => parseCycleId(id) !== undefined, {
  message: 'a cycle id looks like cycle/<CLUSTER>/<YEAR>, e.g. cycle/DB-VT/2018',
});

/** The round's workflow id: a child of the cycle, so the CLI can address it from the cycle id alone. */
export function roundId(ofCycle: string, kind: string): string {
  return `${roundIdPrefix(ofCycle)}${kind}`;
}

/** What every round id of a cycle starts with (`cycle/DB-VT/2018/`), to find a cycle's rounds by prefix. */
export function roundIdPrefix(ofCycle: string): string {
  return `${ofCycle}/`;
}

/** The kinds of round, as their names within the cycle say them (the same keys as ROUND_KINDS in round.ts). */
export type RoundNameKind = 'pledge' | 'report' | 'score' | 'ballot';

/** A report round's name within its cycle: `report-<period>` (`report-H1`, `report-YEAR`). */
export function reportRoundName(period: string): string {
  return `report-${period}`;
}

/** A ballot round's name within its cycle: `ballot-<n>`. */
export function ballotRoundName(number: number): string {
  return `ballot-${number}`;
}

const ROUND_ID = /^(.+)\/(pledge|score|report-([A-Za-z0-9_]+)|ballot-(\d+))$/;

/**
 * Takes a round's workflow id apart (`<cycle id>/pledge`, `…/report-H1`, `…/score`, `…/ballot-2`);
 * undefined when the id is not a round's.
 */
export function splitRoundId(
  id: string,
): { cycleId: string; name: string; kind: RoundNameKind; period?: string; ballot?: number } | undefined {
  const match = ROUND_ID.exec(id);
  if (!match) return undefined;
  const [, ofCycle, name, period, ballot] = match as unknown as [string, string, string, string | undefined, string | undefined];
  if (period !== undefined) return { cycleId: ofCycle, name, kind: 'report', period };
  if (ballot !== undefined) return { cycleId: ofCycle, name, kind: 'ballot', ballot: Number(ballot) };
  return { cycleId: ofCycle, name, kind: name as 'pledge' | 'score' };
}

/**
 * A round's name within the given cycle (`pledge`, `report-H1`, `score`, `ballot-2`); undefined when
 * the id is not the id of one of that cycle's rounds.
 */
export function roundNameIn(ofCycle: string, id: string): string | undefined {
  const parts = splitRoundId(id);
  return parts?.cycleId === ofCycle ? parts.name : undefined;
}

/** The council session of a province-year: `council/<PROVINCE>/<YEAR>`, the province as its code (`DIEN-BIEN`). */
export function councilSessionId(province: string, forYear: number): string {
  return `council/${province}/${forYear}`;
}

const COUNCIL_ID = /^council\/[A-Z0-9-]{2,40}\/\d{4}$/;

/** Whether the text is a council session's id. */
export function isCouncilId(id: string): boolean {
  return COUNCIL_ID.test(id);
}

/** The ballot box of a council's session: `<council id>/session-<n>` (`council/DIEN-BIEN/2018/session-2`). */
export function councilBallotId(ofCouncil: string, session: number): string {
  return `${ofCouncil}/session-${session}`;
}

/** The Temporal Schedule that starts a cluster's next cycle every year: one per cluster, `next-cycle/<cluster>`. */
export function nextCycleScheduleId(cluster: string): string {
  return `next-cycle/${cluster}`;
}

// Any workflow's id as typed: printable and without spaces, so that an id pasted from a mail or a
// terminal with a stray space or control character is refused rather than reported as an unknown workflow.
export const WORKFLOW_ID = /^[^\s\p{C}]{1,200}$/u;

/** What a workflow id belongs to: a cluster's cycle, a province's council, or a cluster (its schedule's runs). */
export type WorkflowOwner =
  { kind: 'cycle'; cycleId: string } | { kind: 'council'; councilId: string } | { kind: 'cluster'; cluster: string };

// A schedule's run is named after its schedule and the instant it fires: `next-cycle/DB-VT-2019-01-15T01:00:00Z`.
const SCHEDULED_RUN = /^next-cycle\/(.+?)(?:-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)?$/;
const COUNCIL_PART = /^(council\/[A-Z0-9-]{2,40}\/\d{4})(?:\/session-\d{1,3})?$/;

/**
 * Which cycle or council a workflow id belongs to, from the id alone: a cycle and its rounds
 * (`cycle/DB-VT/2018`, `…/pledge`), a council and its sessions' ballot boxes (`council/DIEN-BIEN/2018`,
 * `…/session-2`), a cluster's schedule and the runs it starts (`next-cycle/DB-VT`, `next-cycle/DB-VT-<instant>`).
 * Undefined for any other text: the console then knows nothing of it.
 */
export function workflowOwner(id: string): WorkflowOwner | undefined {
  const cycle = splitRoundId(id)?.cycleId ?? id;
  if (parseCycleId(cycle)) return { kind: 'cycle', cycleId: cycle };
  const council = COUNCIL_PART.exec(id);
  if (council) return { kind: 'council', councilId: council[1]! };
  const scheduled = SCHEDULED_RUN.exec(id);
  if (scheduled && clusterCode.safeParse(scheduled[1]).success) return { kind: 'cluster', cluster: scheduled[1]! };
  return undefined;
}
