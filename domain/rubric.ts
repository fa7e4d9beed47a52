import { z } from 'zod';
import { normaliseText, storableText } from './text.ts';

// The scoring rubric of a cluster-year (DOMAIN.md "Scoring"): groups → criteria → maximum points,
// plus bonus and penalty items whose sums are capped. The rubric travels inside workflow inputs
// and is stored with every published result, so it is plain JSON and carries its own version.

/** True when `value` has at most 2 decimal places, as the sender wrote it. */
export function hasAtMostTwoDecimals(value: number): boolean {
  // String(value) is the shortest text that reads back as the same number, so 9.12 stays "9.12"
  // and 9.123 stays "9.123"; value * 100 would carry binary noise (0.29 * 100 = 28.999…).
  const text = String(Math.abs(value));
  if (text.includes('e')) return !text.includes('e-'); // 1e+21 is whole; 1e-7 has 7 decimals
  const dot = text.indexOf('.');
  return dot === -1 || text.length - dot - 1 <= 2;
}

const TWO_DECIMALS = 'points have at most 2 decimal places (e.g. 9.25, not 9.123)';

/**
 * Points: finite, never negative, at most 2 decimal places (z.number() already refuses NaN and
 * ±Infinity). The decimals' issue says what it is as data too (`params.problem`), for a page that
 * words it in its own language; a negative number is zod's own `too_small`.
 */
export const pointsSchema = z
  .number()
  .min(0, 'points cannot be negative')
  .refine(hasAtMostTwoDecimals, { message: TWO_DECIMALS, params: { problem: 'decimals' } });

/** What a zod issue of a `pointsSchema` value is, as a problem code: negative, too many decimals, or neither. */
export function pointsIssue(issue: { code: string; params?: Record<string, unknown> }): 'pointsNegative' | 'pointsDecimals' | undefined {
  if (issue.code === 'too_small') return 'pointsNegative';
  if (issue.code === 'custom' && issue.params?.problem === 'decimals') return 'pointsDecimals';
  return undefined;
}

/** Adds points exactly: in whole hundredths, so 0.1 + 0.2 is 0.3 and not 0.30000000000000004. */
export function sumPoints(values: Iterable<number>): number {
  let hundredths = 0;
  for (const value of values) hundredths += Math.round(value * 100);
  return hundredths / 100;
}

const title = z
  .string()
  .superRefine(storableText('one'))
  .transform(normaliseText)
  .pipe(z.string().min(1, 'a title may not be empty').max(200, 'a title is at most 200 characters'));

// A maximum has the same precision as a score: a maximum of 9.123 could never be reached exactly.
const maximum = z.number().gt(0, 'a maximum must be greater than 0').refine(hasAtMostTwoDecimals, TWO_DECIMALS);

const criterionSchema = z
  .object({
    code: z.string().regex(/^[A-Z][0-9]{1,2}$/, 'a criterion code is its group letter and 1-2 digits, e.g. A1'),
    title,
    max: maximum,
  })
  .strict();

// T (thưởng) and P (phạt) start the bonus and penalty codes; a group with either letter would make
// a code like T1 ambiguous.
const groupSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z]$/, 'a group code is one capital letter, e.g. A')
      .refine((code) => code !== 'T' && code !== 'P', 'group letters T and P are reserved for bonus (thưởng) and penalty (phạt) items'),
    title,
    criteria: z.array(criterionSchema).min(1, 'a group needs at least one criterion').max(20, 'a group has at most 20 criteria'),
  })
  .strict()
  .superRefine((group, ctx) => {
    group.criteria.forEach((criterion, i) => {
      if (!criterion.code.startsWith(group.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'code'],
          message: `criterion ${criterion.code} is in group ${group.code}, so its code must start with ${group.code}`,
        });
      }
    });
  });

function adjustmentsSchema(letter: 'T' | 'P', what: string) {
  const item = z
    .object({
      code: z.string().regex(new RegExp(`^${letter}[0-9]{1,2}$`), `a ${what} code is ${letter} and 1-2 digits, e.g. ${letter}1`),
      title,
      max: maximum,
    })
    .strict();
  return z
    .object({
      // The cap bounds the sum of the items; an item's own maximum may reach it (P1 may cost all 10).
      cap: pointsSchema,
      items: z.array(item).max(20, `at most 20 ${what} items`),
    })
    .strict();
}

export const rubricSchema = z
  .object({
    version: z.string().min(1, 'the rubric needs a version, e.g. DB-VT-2018.1').max(40, 'a rubric version is at most 40 characters'),
    groups: z.array(groupSchema).min(1, 'a rubric needs at least one group').max(12, 'a rubric has at most 12 groups'),
    bonus: adjustmentsSchema('T', 'bonus'),
    penalties: adjustmentsSchema('P', 'penalty'),
  })
  .strict()
  .superRefine((rubric, ctx) => {
    // Scores are keyed by code alone, so a code may mean only one thing in the whole rubric.
    const seen = new Set<string>();
    const claim = (code: string, path: (string | number)[]) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path, message: `the code ${code} is used more than once in the rubric` });
      seen.add(code);
    };
    rubric.groups.forEach((group, g) => {
      claim(group.code, ['groups', g, 'code']);
      group.criteria.forEach((criterion, c) => claim(criterion.code, ['groups', g, 'criteria', c, 'code']));
    });
    rubric.bonus.items.forEach((item, i) => claim(item.code, ['bonus', 'items', i, 'code']));
    rubric.penalties.items.forEach((item, i) => claim(item.code, ['penalties', 'items', i, 'code']));
  });

export type Rubric = z.infer<typeof rubricSchema>;

/** Every criterion code, in rubric order (A1, A2, …, E5). */
export function criterionCodes(rubric: Rubric): string[] {
  return rubric.groups.flatMap((group) => group.criteria.map((criterion) => criterion.code));
}

/** The most a unit can score on the criteria, without bonus or penalties (100 for DOMAIN.md's rubrics). */
export function rubricMax(rubric: Rubric): number {
  return sumPoints(rubric.groups.flatMap((group) => group.criteria.map((criterion) => criterion.max)));
}

/**
 * Each group's maximum, in rubric order. Reported (for the tie cascade "higher score in group A,
 * then B…" and for printed score sheets), never required to add up to anything.
 */
export function groupMaxima(rubric: Rubric): { code: string; title: string; max: number }[] {
  return rubric.groups.map((group) => ({ code: group.code, title: group.title, max: sumPoints(group.criteria.map((c) => c.max)) }));
}

// DOMAIN.md "Reference data": the same bonus and penalty items serve both reference rubrics.
// Penalties are −1 per late report and −2 per missed cluster event, so each item's maximum is the
// whole cap: the count of late reports is not known in advance. Functions, so that the two
// rubrics never share (and never mutate each other's) item lists.
const bonusItems = () => ({
  cap: 5,
  items: [
    { code: 'T1', title: 'Sáng kiến được tỉnh công nhận', max: 2 },
    { code: 'T2', title: 'Khen thưởng cấp trên', max: 3 },
  ],
});
const penaltyItems = () => ({
  cap: 10,
  items: [
    { code: 'P1', title: 'Nộp báo cáo muộn', max: 10 },
    { code: 'P2', title: 'Vắng hoạt động cụm', max: 10 },
  ],
});

/** DOMAIN.md's illustrative rubric of the Điện Biên low-land cluster: 100 + ≤5 bonus − ≤10 penalties. */
export const DB_VT_2018_RUBRIC: Rubric = {
  version: 'DB-VT-2018.1',
  groups: [
    {
      code: 'A',
      title: 'Kinh tế và ngân sách',
      criteria: [
        { code: 'A1', title: 'Chỉ tiêu sản xuất', max: 10 },
        { code: 'A2', title: 'Thu ngân sách', max: 8 },
        { code: 'A3', title: 'Nông thôn mới', max: 7 },
        { code: 'A4', title: 'Giảm nghèo bền vững', max: 5 },
        { code: 'A5', title: 'Giải ngân đầu tư công', max: 5 },
      ],
    },
    {
      code: 'B',
      title: 'Văn hoá – xã hội',
      criteria: [
        { code: 'B1', title: 'Giáo dục và đào tạo', max: 6 },
        { code: 'B2', title: 'Y tế và bảo hiểm', max: 5 },
        { code: 'B3', title: 'Phong trào văn hoá', max: 5 },
        { code: 'B4', title: 'An sinh xã hội', max: 4 },
      ],
    },
    {
      code: 'C',
      title: 'Quốc phòng – an ninh',
      criteria: [
        { code: 'C1', title: 'Tuyển quân', max: 4 },
        { code: 'C2', title: 'Trật tự an toàn xã hội', max: 6 },
      ],
    },
    {
      code: 'D',
      title: 'Xây dựng chính quyền',
      criteria: [
        { code: 'D1', title: 'Cải cách hành chính', max: 5 },
        { code: 'D2', title: 'Chuyển đổi số', max: 4 },
        { code: 'D3', title: 'Kỷ luật và phòng chống tham nhũng', max: 3 },
        { code: 'D4', title: 'Giải quyết khiếu nại, tố cáo', max: 3 },
      ],
    },
    {
      code: 'E',
      title: 'Công tác thi đua và hoạt động cụm',
      criteria: [
        { code: 'E1', title: 'Phong trào thi đua', max: 5 },
        { code: 'E2', title: 'Thực hiện giao ước', max: 5 },
        { code: 'E3', title: 'Báo cáo đúng hạn', max: 4 },
        { code: 'E4', title: 'Điển hình tiên tiến', max: 3 },
        { code: 'E5', title: 'Tham dự hoạt động cụm', max: 3 },
      ],
    },
  ],
  bonus: bonusItems(),
  penalties: penaltyItems(),
};

/** The 2026 bloc of provincial departments (Khối các cơ quan tổng hợp): one criterion per group. */
export const DB_KTH_2026_RUBRIC: Rubric = {
  version: 'DB-KTH-2026.1',
  groups: [
    { code: 'A', title: 'Nhiệm vụ chuyên môn', criteria: [{ code: 'A1', title: 'Nhiệm vụ chuyên môn', max: 50 }] },
    {
      code: 'B',
      title: 'Cải cách hành chính và chuyển đổi số',
      criteria: [{ code: 'B1', title: 'Cải cách hành chính và chuyển đổi số', max: 15 }],
    },
    {
      code: 'C',
      title: 'Kỷ luật và phòng chống tham nhũng',
      criteria: [{ code: 'C1', title: 'Kỷ luật và phòng chống tham nhũng', max: 10 }],
    },
    { code: 'D', title: 'Công tác Đảng, đoàn thể', criteria: [{ code: 'D1', title: 'Công tác Đảng, đoàn thể', max: 10 }] },
    { code: 'E', title: 'Công tác thi đua', criteria: [{ code: 'E1', title: 'Công tác thi đua', max: 15 }] },
  ],
  bonus: bonusItems(),
  penalties: penaltyItems(),
};
