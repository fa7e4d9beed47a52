import { z } from 'zod';
import { BASE_SALARY_VND } from './council.ts';
import { personId, unitCode } from './ids.ts';
import { normaliseText, storableText, type TextLines } from './text.ts';
import { screenText } from './textScreen.ts';

// The year-end conference (DOMAIN.md step 10) and the membership changes a running year must
// survive: the cluster's own certificates (giấy khen) that the chair records for the conference,
// and a member merged into another unit (the 2025 reform) while the year is in flight.

/** Giấy khen: 0.6× the base salary (NĐ 152/2025), for each certificate. */
export const GIAY_KHEN_MULTIPLE = 0.6;
export const giayKhenAmount = Math.round(GIAY_KHEN_MULTIPLE * BASE_SALARY_VND);

/** The certificate's number: the sequence in the cycle, the cluster and the year, e.g. 01/GK-DB-VT-2018. */
export function certificateNumber(seq: number, cluster: string, forYear: number): string {
  return `${String(seq).padStart(2, '0')}/GK-${cluster}-${forYear}`;
}

/** Names and achievements go on a printed certificate: normalised, and refused when they carry links or gambling terms. */
function certificateText(min: number, max: number, lines: TextLines) {
  return z
    .string()
    .max(max * 4)
    .superRefine(storableText(lines))
    .transform(normaliseText)
    .pipe(z.string().min(min).max(max))
    .superRefine((text, ctx) => {
      const screening = screenText(text);
      if (screening.suspicious)
        ctx.addIssue({ code: 'custom', message: `a certificate cannot carry ${screening.fragments.map((f) => `"${f}"`).join(', ')}` });
    });
}

export const certificateSchema = z
  .object({
    /** Who receives it: a collective (a school, a village), a farming household, or a person. */
    recipient: certificateText(3, 200, 'one'),
    kind: z.enum(['collective', 'household', 'individual']),
    /** The member unit the recipient belongs to: recipients are named as text, units are codes. */
    unit: unitCode,
    achievement: certificateText(10, 500, 'multi'),
  })
  .strict();
export type Certificate = z.infer<typeof certificateSchema>;

/** The chair's list of the cluster's giấy khen, recorded before the conference. */
export const certificatesSchema = z
  .object({
    actor: personId,
    certificates: z.array(certificateSchema).max(100, 'at most 100 certificates per conference'),
    /** Where the list was recorded, for the audit log (absent: the CLI). */
    channel: z.enum(['web', 'cli']).optional(),
  })
  .strict();
export type Certificates = z.infer<typeof certificatesSchema>;

export const MERGE_HANDLING = {
  /** The merged unit's open tasks are closed for it, with the merge as the reason. */
  close: 'close',
  /** The successor's representative takes over the merged unit's open tasks. */
  transfer: 'transfer',
} as const;
export type MergeHandling = (typeof MERGE_HANDLING)[keyof typeof MERGE_HANDLING];

/** The secretariat records that `unit` is merged into `into` from `on`; the running cycle applies it at once. */
export const mergeSchema = z
  .object({
    actor: personId,
    unit: unitCode,
    into: unitCode,
    // A plain pattern and a calendar check: zod's own date format does not hold inside the workflow sandbox.
    on: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2025-07-01')
      .refine((d) => {
        const date = new Date(`${d}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
      }, 'not a date of the calendar'),
    openTasks: z.enum(['close', 'transfer']),
    reason: z
      .string()
      .max(5000)
      .superRefine(storableText('multi'))
      .transform(normaliseText)
      .pipe(z.string().min(10, 'give a reason of at least 10 characters').max(1000)),
  })
  .strict()
  .refine((m) => m.unit !== m.into, { message: 'a unit cannot be merged into itself', path: ['into'] });
export type Merge = z.infer<typeof mergeSchema>;

/** What a round is told when one of its units is merged away. */
export interface MemberMerged {
  unit: string;
  into: string;
  handling: MergeHandling;
  reason: string;
  /** With `transfer`: who now acts for the merged unit (the successor's representative). */
  representative?: string;
}
