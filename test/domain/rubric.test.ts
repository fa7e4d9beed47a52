import { describe, it, expect } from 'vitest';
import {
  DB_KTH_2026_RUBRIC,
  DB_VT_2018_RUBRIC,
  criterionCodes,
  groupMaxima,
  hasAtMostTwoDecimals,
  pointsSchema,
  rubricMax,
  rubricSchema,
  sumPoints,
  type Rubric,
} from '../../domain/rubric.ts';

/** A small valid rubric to break one rule at a time. */
function smallRubric(): Rubric {
  return {
    version: 'TEST-1',
    groups: [
      {
        code: 'A',
        title: 'Nhóm A',
        criteria: [
          { code: 'A1', title: 'Tiêu chí A1', max: 6 },
          { code: 'A2', title: 'Tiêu chí A2', max: 4 },
        ],
      },
      { code: 'B', title: 'Nhóm B', criteria: [{ code: 'B1', title: 'Tiêu chí B1', max: 10 }] },
    ],
    bonus: { cap: 5, items: [{ code: 'T1', title: 'Thưởng', max: 2 }] },
    penalties: { cap: 10, items: [{ code: 'P1', title: 'Phạt', max: 10 }] },
  };
}

/** The schema's problems as "path: message" lines. */
function problemsOf(input: unknown): string[] {
  const result = rubricSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const allTitles = (rubric: Rubric) => [
  ...rubric.groups.flatMap((g) => [g.title, ...g.criteria.map((c) => c.title)]),
  ...rubric.bonus.items.map((i) => i.title),
  ...rubric.penalties.items.map((i) => i.title),
];

describe('DB_VT_2018_RUBRIC (DOMAIN.md illustrative rubric)', () => {
  it('is valid and unchanged by parsing', () => {
    expect(rubricSchema.parse(DB_VT_2018_RUBRIC)).toEqual(DB_VT_2018_RUBRIC);
    expect(DB_VT_2018_RUBRIC.version).toBe('DB-VT-2018.1');
  });

  it('totals 100 points on the criteria', () => {
    expect(rubricMax(DB_VT_2018_RUBRIC)).toBe(100);
  });

  it('has the five groups with their maxima and titles', () => {
    expect(groupMaxima(DB_VT_2018_RUBRIC)).toEqual([
      { code: 'A', title: 'Kinh tế và ngân sách', max: 35 },
      { code: 'B', title: 'Văn hoá – xã hội', max: 20 },
      { code: 'C', title: 'Quốc phòng – an ninh', max: 10 },
      { code: 'D', title: 'Xây dựng chính quyền', max: 15 },
      { code: 'E', title: 'Công tác thi đua và hoạt động cụm', max: 20 },
    ]);
  });

  it('has every criterion with its maximum, in rubric order', () => {
    const criteria = DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria.map((c) => [c.code, c.title, c.max]));
    expect(criteria).toEqual([
      ['A1', 'Chỉ tiêu sản xuất', 10],
      ['A2', 'Thu ngân sách', 8],
      ['A3', 'Nông thôn mới', 7],
      ['A4', 'Giảm nghèo bền vững', 5],
      ['A5', 'Giải ngân đầu tư công', 5],
      ['B1', 'Giáo dục và đào tạo', 6],
      ['B2', 'Y tế và bảo hiểm', 5],
      ['B3', 'Phong trào văn hoá', 5],
      ['B4', 'An sinh xã hội', 4],
      ['C1', 'Tuyển quân', 4],
      ['C2', 'Trật tự an toàn xã hội', 6],
      ['D1', 'Cải cách hành chính', 5],
      ['D2', 'Chuyển đổi số', 4],
      ['D3', 'Kỷ luật và phòng chống tham nhũng', 3],
      ['D4', 'Giải quyết khiếu nại, tố cáo', 3],
      ['E1', 'Phong trào thi đua', 5],
      ['E2', 'Thực hiện giao ước', 5],
      ['E3', 'Báo cáo đúng hạn', 4],
      ['E4', 'Điển hình tiên tiến', 3],
      ['E5', 'Tham dự hoạt động cụm', 3],
    ]);
  });

  it('caps the bonus at 5 (T1 2, T2 3) and the penalties at 10 (P1, P2 up to 10 each)', () => {
    expect(DB_VT_2018_RUBRIC.bonus).toEqual({
      cap: 5,
      items: [
        { code: 'T1', title: 'Sáng kiến được tỉnh công nhận', max: 2 },
        { code: 'T2', title: 'Khen thưởng cấp trên', max: 3 },
      ],
    });
    expect(DB_VT_2018_RUBRIC.penalties).toEqual({
      cap: 10,
      items: [
        { code: 'P1', title: 'Nộp báo cáo muộn', max: 10 },
        { code: 'P2', title: 'Vắng hoạt động cụm', max: 10 },
      ],
    });
  });

  it('writes every title in NFC with its Vietnamese diacritics', () => {
    for (const title of allTitles(DB_VT_2018_RUBRIC)) expect(title).toBe(title.normalize('NFC'));
    expect(allTitles(DB_VT_2018_RUBRIC)).toContain('Nông thôn mới');
  });
});

describe('DB_KTH_2026_RUBRIC (the 2026 bloc of departments)', () => {
  it('is valid, versioned and totals 100', () => {
    expect(rubricSchema.parse(DB_KTH_2026_RUBRIC)).toEqual(DB_KTH_2026_RUBRIC);
    expect(DB_KTH_2026_RUBRIC.version).toBe('DB-KTH-2026.1');
    expect(rubricMax(DB_KTH_2026_RUBRIC)).toBe(100);
  });

  it('has one criterion per group: 50, 15, 10, 10, 15', () => {
    expect(groupMaxima(DB_KTH_2026_RUBRIC)).toEqual([
      { code: 'A', title: 'Nhiệm vụ chuyên môn', max: 50 },
      { code: 'B', title: 'Cải cách hành chính và chuyển đổi số', max: 15 },
      { code: 'C', title: 'Kỷ luật và phòng chống tham nhũng', max: 10 },
      { code: 'D', title: 'Công tác Đảng, đoàn thể', max: 10 },
      { code: 'E', title: 'Công tác thi đua', max: 15 },
    ]);
    expect(criterionCodes(DB_KTH_2026_RUBRIC)).toEqual(['A1', 'B1', 'C1', 'D1', 'E1']);
    for (const title of allTitles(DB_KTH_2026_RUBRIC)) expect(title).toBe(title.normalize('NFC'));
  });

  it('has the same bonus and penalty items as the 2018 rubric, in lists of its own', () => {
    expect(DB_KTH_2026_RUBRIC.bonus).toEqual(DB_VT_2018_RUBRIC.bonus);
    expect(DB_KTH_2026_RUBRIC.penalties).toEqual(DB_VT_2018_RUBRIC.penalties);
    expect(DB_KTH_2026_RUBRIC.bonus.items).not.toBe(DB_VT_2018_RUBRIC.bonus.items);
    expect(DB_KTH_2026_RUBRIC.penalties.items).not.toBe(DB_VT_2018_RUBRIC.penalties.items);
  });
});

describe('criterionCodes', () => {
  it('lists every criterion code in rubric order, without bonus or penalty codes', () => {
    expect(criterionCodes(DB_VT_2018_RUBRIC)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'B1',
      'B2',
      'B3',
      'B4',
      'C1',
      'C2',
      'D1',
      'D2',
      'D3',
      'D4',
      'E1',
      'E2',
      'E3',
      'E4',
      'E5',
    ]);
  });

  it('follows the order the rubric gives, not alphabetical order', () => {
    const rubric = smallRubric();
    rubric.groups.reverse();
    expect(criterionCodes(rubric)).toEqual(['B1', 'A1', 'A2']);
  });
});

describe('rubricMax and sumPoints', () => {
  it('adds criteria maxima only (bonus and penalties excluded)', () => {
    expect(rubricMax(smallRubric())).toBe(20);
  });

  it('adds decimal maxima exactly', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria = [
      { code: 'A1', title: 'x', max: 0.1 },
      { code: 'A2', title: 'y', max: 0.2 },
    ];
    expect(rubricMax(rubric)).toBe(10.3);
    expect(sumPoints([0.1, 0.2])).toBe(0.3);
    expect(sumPoints([])).toBe(0);
    expect(sumPoints([95.5, -2.25])).toBe(93.25);
  });
});

describe('points', () => {
  it.each([0, 9, 9.1, 9.12, 0.29, 1.01, 100, 1e21])('accepts %s (at most 2 decimal places)', (value) => {
    expect(hasAtMostTwoDecimals(value)).toBe(true);
    expect(pointsSchema.safeParse(value).success).toBe(true);
  });

  it.each([9.123, 0.001, 1e-7, 2.555])('refuses %s (more than 2 decimal places)', (value) => {
    expect(hasAtMostTwoDecimals(value)).toBe(false);
    expect(pointsSchema.safeParse(value).error?.issues[0]?.message).toBe('points have at most 2 decimal places (e.g. 9.25, not 9.123)');
  });

  it('refuses negative, infinite and non-numeric values', () => {
    expect(pointsSchema.safeParse(-1).error?.issues[0]?.message).toBe('points cannot be negative');
    expect(pointsSchema.safeParse(Infinity).success).toBe(false);
    expect(pointsSchema.safeParse(NaN).success).toBe(false);
    expect(pointsSchema.safeParse('9').success).toBe(false);
  });
});

describe('rubricSchema', () => {
  it('accepts the small rubric and a cap of 0 with no items', () => {
    expect(problemsOf(smallRubric())).toEqual([]);
    expect(problemsOf({ ...smallRubric(), bonus: { cap: 0, items: [] } })).toEqual([]);
  });

  it('normalises titles to NFC without zero-width characters', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.title = 'Kinh t\u200Bế'.normalize('NFD');
    expect(rubricSchema.parse(rubric).groups[0]!.title).toBe('Kinh tế');
  });

  it('refuses empty titles, including ones made only of zero-width characters', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.title = '\u200B';
    expect(problemsOf(rubric)).toEqual(['groups.0.criteria.0.title: a title may not be empty']);
    expect(problemsOf({ ...smallRubric(), version: '' })).toEqual(['version: the rubric needs a version, e.g. DB-VT-2018.1']);
  });

  it('limits the version to 40 characters', () => {
    expect(problemsOf({ ...smallRubric(), version: 'V'.repeat(40) })).toEqual([]);
    expect(problemsOf({ ...smallRubric(), version: 'V'.repeat(41) })).toEqual(['version: a rubric version is at most 40 characters']);
  });

  it('refuses unknown keys at every level (strict objects)', () => {
    const rubric = smallRubric() as unknown as Record<string, unknown>;
    expect(problemsOf({ ...rubric, extra: 1 })[0]).toMatch(/^: Unrecognized key.*extra/);
    const inGroup = smallRubric();
    (inGroup.groups[0] as unknown as Record<string, unknown>).weight = 2;
    expect(problemsOf(inGroup)[0]).toMatch(/^groups\.0: Unrecognized key.*weight/);
    const inCriterion = smallRubric();
    (inCriterion.groups[0]!.criteria[0] as unknown as Record<string, unknown>).min = 0;
    expect(problemsOf(inCriterion)[0]).toMatch(/^groups\.0\.criteria\.0: Unrecognized key.*min/);
    const inBonus = smallRubric();
    (inBonus.bonus as unknown as Record<string, unknown>).perItem = true;
    expect(problemsOf(inBonus)[0]).toMatch(/^bonus: Unrecognized key.*perItem/);
  });

  it.each(['a', 'AA', '1', ''])('refuses the group code %j', (code) => {
    const rubric = smallRubric();
    rubric.groups[0]!.code = code;
    expect(problemsOf(rubric)).toContain('groups.0.code: a group code is one capital letter, e.g. A');
  });

  it.each(['T', 'P'])('reserves the group letter %s for bonus and penalty items', (letter) => {
    const rubric = smallRubric();
    rubric.groups[1] = { code: letter, title: 'Nhóm', criteria: [{ code: `${letter}5`, title: 'x', max: 1 }] };
    expect(problemsOf(rubric)).toEqual(['groups.1.code: group letters T and P are reserved for bonus (thưởng) and penalty (phạt) items']);
  });

  it.each(['A', 'a1', 'A100', 'AB1', 'A-1'])('refuses the criterion code %j', (code) => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.code = code;
    expect(problemsOf(rubric)[0]).toBe('groups.0.criteria.0.code: a criterion code is its group letter and 1-2 digits, e.g. A1');
  });

  it('accepts two-digit criterion codes', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.code = 'A10';
    expect(problemsOf(rubric)).toEqual([]);
  });

  it("requires a criterion code to start with its group's letter", () => {
    const rubric = smallRubric();
    rubric.groups[1]!.criteria[0]!.code = 'A3';
    expect(problemsOf(rubric)).toEqual(['groups.1.criteria.0.code: criterion A3 is in group B, so its code must start with B']);
  });

  it.each([
    [0, 'a maximum must be greater than 0'],
    [-1, 'a maximum must be greater than 0'],
    [9.123, 'points have at most 2 decimal places (e.g. 9.25, not 9.123)'],
  ])('refuses the criterion maximum %s', (max, message) => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.max = max;
    expect(problemsOf(rubric)).toEqual([`groups.0.criteria.0.max: ${message}`]);
  });

  it('refuses infinite maxima', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.max = Infinity;
    expect(problemsOf(rubric)).toHaveLength(1);
    expect(problemsOf(rubric)[0]).toMatch(/^groups\.0\.criteria\.0\.max: /);
  });

  it('needs 1-12 groups', () => {
    expect(problemsOf({ ...smallRubric(), groups: [] })).toEqual(['groups: a rubric needs at least one group']);
    const letters = 'ABCDEFGHIJKLM'.split('');
    const groups = (n: number) =>
      letters.slice(0, n).map((code) => ({ code, title: `Nhóm ${code}`, criteria: [{ code: `${code}1`, title: 'x', max: 1 }] }));
    expect(problemsOf({ ...smallRubric(), groups: groups(12) })).toEqual([]);
    expect(problemsOf({ ...smallRubric(), groups: groups(13) })).toEqual(['groups: a rubric has at most 12 groups']);
  });

  it('needs 1-20 criteria per group', () => {
    const criteria = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `A${i + 1}`, title: 'x', max: 1 }));
    const withCriteria = (n: number) => {
      const rubric = smallRubric();
      rubric.groups[0]!.criteria = criteria(n);
      return rubric;
    };
    expect(problemsOf(withCriteria(0))).toEqual(['groups.0.criteria: a group needs at least one criterion']);
    expect(problemsOf(withCriteria(20))).toEqual([]);
    expect(problemsOf(withCriteria(21))).toEqual(['groups.0.criteria: a group has at most 20 criteria']);
  });

  it('uses T codes for bonus items: B would clash with group B', () => {
    const rubric = smallRubric();
    rubric.bonus.items[0]!.code = 'B1';
    expect(problemsOf(rubric)).toContain('bonus.items.0.code: a bonus code is T and 1-2 digits, e.g. T1');
  });

  it.each(['X1', 'T', 'P100'])('refuses the penalty code %j', (code) => {
    const rubric = smallRubric();
    rubric.penalties.items[0]!.code = code;
    expect(problemsOf(rubric)).toContain('penalties.items.0.code: a penalty code is P and 1-2 digits, e.g. P1');
  });

  it('refuses a negative cap and a bonus or penalty item maximum of 0', () => {
    const rubric = smallRubric();
    rubric.bonus.cap = -1;
    rubric.penalties.items[0]!.max = 0;
    expect(problemsOf(rubric)).toEqual(['bonus.cap: points cannot be negative', 'penalties.items.0.max: a maximum must be greater than 0']);
  });

  it('refuses a code used twice anywhere in the rubric', () => {
    const twiceInGroup = smallRubric();
    twiceInGroup.groups[0]!.criteria[1]!.code = 'A1';
    expect(problemsOf(twiceInGroup)).toEqual(['groups.0.criteria.1.code: the code A1 is used more than once in the rubric']);

    const groupTwice = smallRubric();
    groupTwice.groups[1] = { code: 'A', title: 'Nhóm A lần nữa', criteria: [{ code: 'A3', title: 'x', max: 1 }] };
    expect(problemsOf(groupTwice)).toEqual(['groups.1.code: the code A is used more than once in the rubric']);

    const bonusTwice = smallRubric();
    bonusTwice.bonus.items.push({ code: 'T1', title: 'again', max: 1 });
    expect(problemsOf(bonusTwice)).toEqual(['bonus.items.1.code: the code T1 is used more than once in the rubric']);

    const penaltyTwice = smallRubric();
    penaltyTwice.penalties.items.push({ code: 'P1', title: 'again', max: 1 });
    expect(problemsOf(penaltyTwice)).toEqual(['penalties.items.1.code: the code P1 is used more than once in the rubric']);
  });

  it('does not require the maxima to add up to 100', () => {
    const rubric = smallRubric();
    rubric.groups[0]!.criteria[0]!.max = 7.5;
    expect(problemsOf(rubric)).toEqual([]);
    expect(rubricMax(rubric)).toBe(21.5);
  });
});
