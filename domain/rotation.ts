import { z } from 'zod';
import { personId, unitCode } from './ids.ts';
import { normaliseText, storableText } from './text.ts';

// Who chairs the cluster next year (DOMAIN.md "Rotation"): chair and deputy serve one year and
// hand over at the year-end conference. By default the deputy moves up to chair and the next
// eligible unit in the stored rotation order becomes deputy; units that leave (merged or
// dissolved, the 2025 reform), units that never chair (e.g. the council's standing body in a bloc)
// and units the council has excused are passed over. Every unit passed over is recorded with its
// reason, so the conference's minutes can say why the order was not followed; the council may
// also override the result, and the default it replaced is kept for the record. This file also
// works out next year's membership, since who may chair depends on who is still a member.

export const SKIP_REASONS = {
  merged: 'merged',
  dissolved: 'dissolved',
  neverChair: 'never-chair',
  councilConsent: 'council-consent',
} as const;
export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

export interface RotationMember {
  unit: string;
  order: number;
  neverChair: boolean;
}
/** A unit that leaves: merged into another (successor) or dissolved, effective on a date (YYYY-MM-DD). */
export interface Departure {
  unit: string;
  kind: 'merged' | 'dissolved';
  into?: string;
  on: string;
  reason: string;
}
/** A unit excused from chairing next year with the council's consent. */
export interface Excuse {
  unit: string;
  reason: string;
}
export interface Override {
  chair: string;
  deputy: string;
  reason: string;
  by: string;
}

export interface NextMember {
  unit: string;
  order: number;
  neverChair: boolean;
  /** set when the unit joins as a merged unit's successor */
  succeeds?: string[];
}

export interface RotationInput {
  /** This year's, any order (sorted by `order`). */
  members: RotationMember[];
  /** This year's. */
  chair: string;
  deputy: string;
  departures: Departure[];
  excused: Excuse[];
  override?: Override;
}
export interface Skip {
  unit: string;
  as: 'chair' | 'deputy';
  reason: SkipReason;
  /** Human text in English, e.g. "merged into DBI from 2025-07-01: <reason>". */
  detail: string;
}
export interface Rotation {
  chair: string;
  deputy: string;
  policy: 'default' | 'override';
  /** Every unit passed over, in the order it was passed, with why. */
  skipped: Skip[];
  /** What the default policy gave, kept when an override replaced it (for the record). */
  defaultChoice?: { chair: string; deputy: string };
  override?: Override;
  /** nextMembership(...) of the input. */
  members: NextMember[];
}

/** No eligible chair or deputy, or input that contradicts itself; the message names the units. */
export class RotationError extends Error {
  override name = 'RotationError';
}

// The same rule as an extension's reason (round.ts), but longer: an override or an excuse changes
// who leads the cluster for a year, so the minutes need more than a word.
const reasonField = z
  .string()
  .max(5000)
  .superRefine(storableText('multi'))
  .transform(normaliseText)
  .pipe(z.string().min(10, 'give a reason of at least 10 characters').max(1000));

/** The council's decision to appoint a chair and deputy other than the default policy's. */
export const overrideSchema = z.object({ actor: personId, chair: unitCode, deputy: unitCode, reason: reasonField }).strict();
export type OverrideRequest = z.infer<typeof overrideSchema>;

/** The council's consent that a unit need not chair next year. */
export const excuseSchema = z.object({ actor: personId, unit: unitCode, reason: reasonField }).strict();
export type ExcuseRequest = z.infer<typeof excuseSchema>;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** This year's members in rotation order; a unit or an order listed twice makes the order ambiguous. */
function inRotationOrder(members: RotationMember[]): RotationMember[] {
  const byUnit = new Set<string>();
  const byOrder = new Map<number, string>();
  for (const m of members) {
    if (byUnit.has(m.unit)) throw new RotationError(`${m.unit} is listed twice in the rotation order`);
    const sharing = byOrder.get(m.order);
    if (sharing !== undefined) throw new RotationError(`${sharing} and ${m.unit} share rotation order ${m.order}`);
    if (!Number.isFinite(m.order)) throw new RotationError(`${m.unit} has no usable rotation order (${m.order})`);
    byUnit.add(m.unit);
    byOrder.set(m.order, m.unit);
  }
  return [...members].sort((a, b) => a.order - b.order);
}

/** Departures by unit, each checked: a unit leaves once, a merger names a successor other than itself. */
function indexDepartures(departures: Departure[]): Map<string, Departure> {
  const byUnit = new Map<string, Departure>();
  for (const d of departures) {
    if (byUnit.has(d.unit)) throw new RotationError(`${d.unit} is recorded as leaving twice`);
    if (d.kind !== 'merged' && d.kind !== 'dissolved') throw new RotationError(`${d.unit} leaves in an unknown way (${String(d.kind)})`);
    if (d.kind === 'merged' && !d.into) throw new RotationError(`${d.unit} is merged but no successor is named`);
    if (d.kind === 'dissolved' && d.into) throw new RotationError(`${d.unit} is dissolved, so it cannot have a successor (${d.into})`);
    if (d.into === d.unit) throw new RotationError(`${d.unit} cannot be merged into itself`);
    if (!ISO_DATE.test(d.on)) throw new RotationError(`${d.unit} leaves on "${d.on}": expected a date as YYYY-MM-DD`);
    byUnit.set(d.unit, d);
  }
  return byUnit;
}

/**
 * Where a departed unit's place goes: the end of its merger chain (A into B, B into C gives C), or
 * undefined when the chain ends in a dissolution.
 */
function finalSuccessor(unit: string, departures: Map<string, Departure>): string | undefined {
  const chain = [unit];
  for (let d = departures.get(unit); d; d = departures.get(chain[chain.length - 1]!)) {
    if (d.kind === 'dissolved') return undefined;
    const into = d.into!;
    if (chain.includes(into)) throw new RotationError(`the mergers run in a circle: ${[...chain, into].join(' → ')}`);
    chain.push(into);
  }
  return chain[chain.length - 1];
}

/** ": <reason>", or nothing when no reason was given, so the detail never ends in a dangling colon. */
function because(reason: string): string {
  const text = normaliseText(reason).trim();
  return text ? `: ${text}` : '';
}

function departureDetail(d: Departure, departures: Map<string, Departure>): string {
  if (d.kind === 'dissolved') return `dissolved from ${d.on}${because(d.reason)}`;
  const final = finalSuccessor(d.unit, departures);
  const onward = final === d.into ? '' : final ? `, then on into ${final}` : `, which is itself dissolved`;
  return `merged into ${d.into} from ${d.on}${onward}${because(d.reason)}`;
}

const NEVER_CHAIR_DETAIL = 'never chairs (marked never-chair)';

/**
 * Next year's membership: this year's, minus units that left, plus successors that were not
 * members (appended at the end of the order, in the order of their predecessors). Orders
 * renumbered 1..n. A successor that is already a member stays where it is (the predecessor is
 * recorded in its `succeeds`). A successor inherits neverChair=false. Departures of non-members
 * are ignored. Chains (A into B, B into C) resolve to the final successor C.
 */
export function nextMembership(members: RotationMember[], departures: Departure[]): NextMember[] {
  const ordered = inRotationOrder(members);
  const gone = indexDepartures(departures);
  const staying = ordered
    .filter((m) => !gone.has(m.unit))
    .map((m) => ({ unit: m.unit, neverChair: m.neverChair, succeeds: [] as string[] }));
  // A successor's never-chair mark is a decision about that unit, not something a merger brings
  // along: a newcomer starts unmarked until the master list says otherwise.
  const newcomers: typeof staying = [];
  for (const m of ordered) {
    if (!gone.has(m.unit)) continue;
    const successor = finalSuccessor(m.unit, gone);
    if (successor === undefined) continue;
    let entry = staying.find((s) => s.unit === successor) ?? newcomers.find((s) => s.unit === successor);
    if (!entry) {
      entry = { unit: successor, neverChair: false, succeeds: [] };
      newcomers.push(entry);
    }
    entry.succeeds.push(m.unit);
  }
  return [...staying, ...newcomers].map((m, i) => ({
    unit: m.unit,
    order: i + 1,
    neverChair: m.neverChair,
    ...(m.succeeds.length > 0 ? { succeeds: m.succeeds } : {}),
  }));
}

/**
 * Why an override is not acceptable (undefined when it is): both units must be next year's
 * members, distinct, not departed; the chair may not be never-chair; the reason needs at least 10
 * characters after normaliseText. Messages name the units; several problems are joined by "; ".
 */
export function checkOverride(members: NextMember[], departures: Departure[], override: Override): string | undefined {
  const gone = indexDepartures(departures);
  const problems: string[] = [];
  if (override.chair === override.deputy) problems.push(`${override.chair} cannot be both chair and deputy`);
  const roles = override.chair === override.deputy ? (['chair'] as const) : (['chair', 'deputy'] as const);
  for (const role of roles) {
    const unit = override[role];
    const departure = gone.get(unit);
    const member = members.find((m) => m.unit === unit);
    if (departure) problems.push(`the ${role} ${unit} leaves the cluster: ${departureDetail(departure, gone)}`);
    else if (!member) problems.push(`the ${role} ${unit} is not a member of the cluster next year`);
    // The deputy may be a never-chair unit when the council says so: the mark is about chairing.
    else if (role === 'chair' && member.neverChair) problems.push(`the chair ${unit} ${NEVER_CHAIR_DETAIL}`);
  }
  const reason = normaliseText(override.reason);
  if (reason.length < 10) problems.push('give a reason of at least 10 characters for the override');
  else if (reason.length > 1000) problems.push('the reason for the override may be at most 1000 characters');
  return problems.length > 0 ? problems.join('; ') : undefined;
}

type Bar = Pick<Skip, 'reason' | 'detail'>;

/**
 * Walks the rotation cyclically from the unit after `from`, once round (never back to `from`
 * itself), and returns the first unit without a bar; every unit passed is recorded in `skipped`.
 */
function firstEligibleAfter(
  sequence: string[],
  from: string,
  as: Skip['as'],
  barOf: (unit: string) => Bar | undefined,
  skipped: Skip[],
): string | undefined {
  const start = sequence.indexOf(from);
  for (let step = 1; step < sequence.length; step++) {
    const unit = sequence[(start + step) % sequence.length]!;
    const bar = barOf(unit);
    if (!bar) return unit;
    skipped.push({ unit, as, ...bar });
  }
  return undefined;
}

function listSkips(skipped: Skip[], as: Skip['as']): string {
  const passed = skipped.filter((s) => s.as === as).map((s) => `${s.unit} ${s.detail}`);
  return passed.length > 0 ? passed.join('; ') : 'no other units';
}

type DefaultOutcome = { chair: string; deputy: string; skipped: Skip[] } | { error: string; skipped: Skip[] };

/** The default policy: the deputy moves up, the next eligible unit after the new chair deputises. */
function defaultPolicy(sequence: string[], deputy: string, barOf: (unit: string) => Bar | undefined): DefaultOutcome {
  const skipped: Skip[] = [];
  let chair: string | undefined = deputy;
  const deputyBar = barOf(deputy);
  if (deputyBar) {
    skipped.push({ unit: deputy, as: 'chair', ...deputyBar });
    chair = firstEligibleAfter(sequence, deputy, 'chair', barOf, skipped);
    if (chair === undefined) return { error: `no unit can chair next year: ${listSkips(skipped, 'chair')}`, skipped };
  }
  const next = firstEligibleAfter(sequence, chair, 'deputy', barOf, skipped);
  if (next === undefined)
    return { error: `no unit besides the chair ${chair} can be deputy next year: ${listSkips(skipped, 'deputy')}`, skipped };
  return { chair, deputy: next, skipped };
}

/**
 * Next year's chair and deputy. Default policy: this year's deputy chairs if eligible, else the
 * next eligible unit after it in rotation order; the deputy is the next eligible unit after the
 * new chair, cyclically. A unit is eligible when it is a member next year, not never-chair and not
 * excused. The walk goes over this year's order (departed units included, and passed over)
 * followed by next year's newcomers. An override is checked, and the default still computed for
 * the record; when the default has no answer (the reason an override may be needed) the override
 * stands without a defaultChoice.
 */
export function nextLeadership(input: RotationInput): Rotation {
  const ordered = inRotationOrder(input.members);
  const thisYear = ordered.map((m) => m.unit);
  for (const [role, unit] of [
    ['chair', input.chair],
    ['deputy', input.deputy],
  ] as const) {
    if (!thisYear.includes(unit))
      throw new RotationError(`this year's ${role} ${unit} is not a member of the cluster (members: ${thisYear.join(', ')})`);
  }
  if (input.chair === input.deputy) throw new RotationError(`${input.chair} cannot be both this year's chair and deputy`);

  const members = nextMembership(input.members, input.departures);
  const gone = indexDepartures(input.departures);
  const sequence = [...thisYear, ...members.filter((m) => !thisYear.includes(m.unit)).map((m) => m.unit)];

  const excused = new Map<string, Excuse>();
  for (const e of input.excused) {
    if (!sequence.includes(e.unit)) throw new RotationError(`${e.unit} is excused but is not a member of the cluster`);
    if (excused.has(e.unit)) throw new RotationError(`${e.unit} is excused twice`);
    excused.set(e.unit, e);
  }

  // Leaving outweighs the other reasons: a departed unit could not serve even if the council asked it to.
  const barOf = (unit: string): Bar | undefined => {
    const departure = gone.get(unit);
    if (departure)
      return {
        reason: departure.kind === 'merged' ? SKIP_REASONS.merged : SKIP_REASONS.dissolved,
        detail: departureDetail(departure, gone),
      };
    if (members.find((m) => m.unit === unit)?.neverChair) return { reason: SKIP_REASONS.neverChair, detail: NEVER_CHAIR_DETAIL };
    const excuse = excused.get(unit);
    if (excuse) return { reason: SKIP_REASONS.councilConsent, detail: `excused with the council's consent${because(excuse.reason)}` };
    return undefined;
  };

  const outcome = defaultPolicy(sequence, input.deputy, barOf);
  if (!input.override) {
    if ('error' in outcome) throw new RotationError(outcome.error);
    return { chair: outcome.chair, deputy: outcome.deputy, policy: 'default', skipped: outcome.skipped, members };
  }

  const problem = checkOverride(members, input.departures, input.override);
  if (problem) throw new RotationError(`the override is not acceptable: ${problem}`);
  return {
    chair: input.override.chair,
    deputy: input.override.deputy,
    policy: 'override',
    skipped: outcome.skipped,
    ...('error' in outcome ? {} : { defaultChoice: { chair: outcome.chair, deputy: outcome.deputy } }),
    override: { ...input.override, reason: normaliseText(input.override.reason) },
    members,
  };
}

export type RotationAsItStands = Rotation & {
  /** An override the hand-over could not follow, and why: the order then stands. */
  overrideSetAside?: string;
};

/**
 * The rotation the hand-over records from the stored facts: nextLeadership, except that an
 * override recorded before a later merge may name a unit that has since left; the order then
 * stands, and the result says which override was set aside and why. Throws RotationError when no
 * unit can chair or deputise.
 */
export function rotationAsItStands(facts: RotationInput): RotationAsItStands {
  const problem = facts.override && checkOverride(nextMembership(facts.members, facts.departures), facts.departures, facts.override);
  if (facts.override && problem) {
    const { override, ...withoutOverride } = facts;
    return { ...nextLeadership(withoutOverride), overrideSetAside: `${override.chair}/${override.deputy}: ${problem}` };
  }
  return nextLeadership(facts);
}
