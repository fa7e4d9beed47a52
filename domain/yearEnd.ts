import { certificatesSchema, mergeSchema } from './conference.ts';
import { issueList, type Refusal, Rejection, stillSettingUp } from './rejections.ts';
import { excuseSchema, overrideSchema } from './rotation.ts';
import { vietnamIsoDate } from './time.ts';

// The rules the cycle's year-end Updates (workflows/yearEnd.ts: the chair's giấy khen, the
// secretariat's rotation instructions) and its merge Update (workflows/memberMerge.ts) ask in their
// validators: each `check…(state, input[, now])` says why the action is refused, or undefined when
// it is taken. The workflows keep the state and pass what these look at.

/** What the year-end Updates' rules look at. */
export interface YearEndState {
  cycleId: string;
  hasConference: boolean;
  /** The chair's representative; undefined until the cycle's setup is loaded. */
  chairRepresentative: string | undefined;
  secretariat: string[];
  /** The giấy khen numbers, once recorded (empty while being recorded). */
  certificates?: string[];
  /** Set when the conference is held: the year takes nothing more. */
  conference?: { heldAt: string };
}

/** The year-end Updates are taken from the cycle's start (once set up) until the conference, and only with one in the calendar. */
function checkYearOpen(state: YearEndState): Refusal | undefined {
  if (!state.hasConference) return { code: Rejection.RoundNotOpen, message: `${state.cycleId} has no year-end conference in its calendar` };
  if (state.chairRepresentative === undefined) return stillSettingUp(state.cycleId);
  if (state.conference)
    return {
      code: Rejection.RoundClosed,
      message: `the conference of ${state.cycleId} was held at ${state.conference.heldAt}; the year is closed`,
    };
  return undefined;
}

/** The chair's representative records the cluster's giấy khen for the conference, once. */
export function checkCertificates(state: YearEndState, input: unknown): Refusal | undefined {
  const parsed = certificatesSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const closed = checkYearOpen(state);
  if (closed) return closed;
  const chair = state.chairRepresentative;
  if (parsed.data.actor !== chair)
    return {
      code: Rejection.NotAuthorised,
      message: `only the chair's representative (${chair}) records the cluster's giấy khen; ${parsed.data.actor} may not`,
    };
  if (state.certificates)
    return {
      code: Rejection.Duplicate,
      message: `the giấy khen of ${state.cycleId} are already recorded (${state.certificates.join(', ') || 'none'})`,
    };
  return undefined;
}

function checkRotationInstruction(
  state: YearEndState,
  parsed: { success: true; data: { actor: string } } | { success: false; error: Parameters<typeof issueList>[0] },
): Refusal | undefined {
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const closed = checkYearOpen(state);
  if (closed) return closed;
  const { actor } = parsed.data;
  if (!state.secretariat.includes(actor))
    return {
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${state.secretariat.join(', ')}) instructs the rotation; ${actor} may not`,
    };
  return undefined;
}

/** The secretariat names next year's chair and deputy instead of the rotation order. */
export function checkRotationOverride(state: YearEndState, input: unknown): Refusal | undefined {
  return checkRotationInstruction(state, overrideSchema.safeParse(input));
}

/** The secretariat excuses a unit from next year's rotation with the council's consent. */
export function checkRotationExcuse(state: YearEndState, input: unknown): Refusal | undefined {
  return checkRotationInstruction(state, excuseSchema.safeParse(input));
}

/** What the merge Update's rules look at. */
export interface MergeState {
  cycleId: string;
  /** The cycle's members now; undefined until its setup is loaded. */
  members: string[] | undefined;
  secretariat: string[];
  /** Whether the year is over (the conference held): merges then go to next year's cycle. */
  closed: boolean;
  /** Units whose merge is recorded or being recorded. */
  merging: readonly string[];
}

/** The secretariat records a member merged into another unit, on or after the day it takes effect. */
export function checkMerge(state: MergeState, input: unknown, now: number): Refusal | undefined {
  const parsed = mergeSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'merge') };
  const merge = parsed.data;
  const { cycleId, members } = state;
  if (!members) return stillSettingUp(cycleId);
  if (!state.secretariat.includes(merge.actor))
    return {
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${state.secretariat.join(', ')}) records a merge; ${merge.actor} may not`,
    };
  if (state.closed)
    return { code: Rejection.RoundClosed, message: `the year of ${cycleId} is closed; record the merge on next year's cycle` };
  if (state.merging.includes(merge.unit)) return { code: Rejection.Duplicate, message: `the merge of ${merge.unit} is already recorded` };
  if (!members.includes(merge.unit))
    return {
      code: Rejection.NotAMember,
      message: `${merge.unit} is not (or no longer) a member of ${cycleId}; members: ${members.join(', ')}`,
    };
  if (merge.on > vietnamIsoDate(now))
    return {
      code: Rejection.InvalidInput,
      message: `the merge takes effect on ${merge.on}, which has not come yet; record it on that day or later`,
    };
  return undefined;
}
