import { z } from 'zod';
import { leadersDecisionSchema } from './ballot.ts';
import { PHASES, type Phase } from './cycle.ts';
import { personId, unitCode } from './ids.ts';
import { issueList, type Refusal, Rejection } from './rejections.ts';
import { hasAtMostTwoDecimals } from './rubric.ts';
import { normaliseText, storableText, type TextLines } from './text.ts';

// What the chair, the deputy and the secretariat do to the cluster's scoring, as Updates on the
// cycle: adjust a unit's consolidated score (always with a written reason), record a veto input
// from the police, inspectorate, tax or social insurance, and — when two ballot rounds left the
// flag undecided — decide the flag nominee. Each is checked here before it enters the history.

export const VETO_SOURCES = {
  police: 'Công an',
  inspectorate: 'Thanh tra',
  tax: 'Cơ quan thuế',
  'social-insurance': 'Bảo hiểm xã hội',
  other: 'Cơ quan khác',
} as const;
export type VetoSource = keyof typeof VETO_SOURCES;

const text = (min: number, max: number, what: string, lines: TextLines) =>
  z
    .string()
    .max(max * 5, `${what} is at most ${max} characters`)
    .superRefine(storableText(lines))
    .transform(normaliseText)
    .pipe(
      z
        .string()
        .refine((t) => t.trim().length >= min, `${what} needs at least ${min} characters`)
        .refine((t) => t.length <= max, `${what} is at most ${max} characters`),
    );

/** The most one adjustment may move a score, either way. */
export const MAX_ADJUSTMENT = 20;
/** How many times one unit's score may be adjusted in a year (each adjustment is kept, with its reason). */
export const MAX_ADJUSTMENTS_PER_UNIT = 5;

export const adjustmentSchema = z
  .object({
    actor: personId,
    unit: unitCode,
    points: z
      .number()
      .refine((p) => p !== 0, 'an adjustment of 0 points changes nothing')
      .refine((p) => Math.abs(p) <= MAX_ADJUSTMENT, `an adjustment is at most ${MAX_ADJUSTMENT} points either way`)
      .refine(hasAtMostTwoDecimals, 'points have at most 2 decimal places'),
    reason: text(10, 1000, 'the reason', 'multi'),
    /** Where the adjustment was made, for the audit log (absent: the CLI). */
    channel: z.enum(['web', 'cli']).optional(),
  })
  .strict();
export type Adjustment = z.infer<typeof adjustmentSchema>;

export const vetoSchema = z
  .object({
    actor: personId,
    unit: unitCode,
    source: z.enum(Object.keys(VETO_SOURCES) as [VetoSource, ...VetoSource[]]),
    /** The document that reports the violation, e.g. "Công văn 45/CAT-PV01". */
    reference: text(1, 100, 'the reference', 'one'),
    description: text(5, 1000, 'the description', 'multi'),
  })
  .strict();
export type Veto = z.infer<typeof vetoSchema>;

/** What the validators need to know about the cycle. */
export interface ScoringGate {
  cycleId: string;
  phase: Phase;
  /** False for cycles whose calendar has no scoring (started before it existed). */
  scores: boolean;
  members: string[];
  chair: { unit: string; representative: string };
  deputy: { unit: string; representative: string };
  secretariat: string[];
  vetoes: { unit: string; source: string; reference: string }[];
  /** The flag candidates the chair and the deputy choose between (leaders-decide phase). */
  flagCandidates: string[];
  /** How many times each unit's score has been adjusted so far. */
  adjusted?: Record<string, number>;
  /** The flag nominee once settled (by a ballot round or by the chair and the deputy); 'none' when nobody got it. */
  flagSettled?: FlagSettlement;
}

export interface FlagSettlement {
  nominee: string;
  by: 'ballot' | 'chair-and-deputy' | 'nobody';
  round?: number;
}

function settledMessage(cycleId: string, s: FlagSettlement): string {
  const how =
    s.by === 'ballot'
      ? `elected by ballot round ${s.round ?? 1}`
      : s.by === 'chair-and-deputy'
        ? 'decided by the chair and the deputy'
        : 'no unit gets the flag this year';
  return `the flag nominee of ${cycleId} is already settled: ${s.nominee} (${how})`;
}

const BALLOT_OR_LATER: Phase[] = [PHASES.ballot, PHASES.leadersDecide, PHASES.nominated];

function notMember(gate: ScoringGate, unit: string): Refusal | undefined {
  return gate.members.includes(unit)
    ? undefined
    : { code: Rejection.NotAMember, message: `${unit} is not a member of the cluster this year; members: ${gate.members.join(', ')}` };
}

export function checkAdjustment(gate: ScoringGate, input: unknown): Refusal | undefined {
  const parsed = adjustmentSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const { actor, unit } = parsed.data;
  if (actor !== gate.chair.representative && !gate.secretariat.includes(actor)) {
    return {
      code: Rejection.NotAuthorised,
      message: `only the cluster chair (${gate.chair.representative}, ${gate.chair.unit}) or the secretariat (${gate.secretariat.join(', ')}) may adjust a score; ${actor} may not`,
    };
  }
  if (!gate.scores) return { code: Rejection.InvalidInput, message: `${gate.cycleId} has no scoring in its calendar` };
  if (gate.phase !== PHASES.consolidation) {
    return BALLOT_OR_LATER.includes(gate.phase)
      ? {
          code: Rejection.RoundClosed,
          message: `the consolidated table of ${gate.cycleId} is final: the ballot has opened (phase ${gate.phase})`,
        }
      : {
          code: Rejection.RoundNotOpen,
          message: `scores of ${gate.cycleId} can be adjusted once the cross-scores are consolidated (phase now: ${gate.phase})`,
        };
  }
  if ((gate.adjusted?.[unit] ?? 0) >= MAX_ADJUSTMENTS_PER_UNIT) {
    return {
      code: Rejection.Duplicate,
      message: `${unit}'s score was adjusted ${MAX_ADJUSTMENTS_PER_UNIT} times already, the most a unit's score may be (each adjustment stays in the table with its reason)`,
    };
  }
  return notMember(gate, unit);
}

export function checkVeto(gate: ScoringGate, input: unknown): Refusal | undefined {
  const parsed = vetoSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const { actor, unit, source, reference } = parsed.data;
  if (!gate.secretariat.includes(actor))
    return {
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${gate.secretariat.join(', ')}) records veto inputs; ${actor} may not`,
    };
  if (!gate.scores) return { code: Rejection.InvalidInput, message: `${gate.cycleId} has no scoring in its calendar` };
  if (BALLOT_OR_LATER.includes(gate.phase))
    return {
      code: Rejection.RoundClosed,
      message: `veto inputs for ${gate.cycleId} are taken until the cluster ballot opens (phase now: ${gate.phase}); later ones go to the provincial appraisal`,
    };
  const member = notMember(gate, unit);
  if (member) return member;
  if (gate.vetoes.some((v) => v.unit === unit && v.source === source && v.reference === reference)) {
    return {
      code: Rejection.Duplicate,
      message: `a veto input for ${unit} from ${source} with reference ${reference} is already recorded`,
    };
  }
  return undefined;
}

export function checkLeadersDecision(gate: ScoringGate, input: unknown): Refusal | undefined {
  const parsed = leadersDecisionSchema.safeParse(input);
  if (!parsed.success) return { code: Rejection.InvalidInput, message: issueList(parsed.error, 'input') };
  const { actor, flag } = parsed.data;
  if (actor !== gate.chair.representative && actor !== gate.deputy.representative) {
    return {
      code: Rejection.NotAuthorised,
      message: `only the chair (${gate.chair.representative}) and the deputy (${gate.deputy.representative}) decide the flag nominee; ${actor} may not`,
    };
  }
  if (gate.flagSettled) return { code: Rejection.Duplicate, message: settledMessage(gate.cycleId, gate.flagSettled) };
  if (gate.phase !== PHASES.leadersDecide) {
    return {
      code: Rejection.RoundNotOpen,
      message: `the chair and the deputy decide the flag only when the ballot rounds left it undecided (phase now: ${gate.phase})`,
    };
  }
  if (flag !== 'none' && !gate.flagCandidates.includes(flag))
    return { code: Rejection.InvalidInput, message: `the flag candidates are ${gate.flagCandidates.join(', ')} (or none), not ${flag}` };
  return undefined;
}
