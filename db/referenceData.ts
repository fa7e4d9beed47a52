// Reference data for the demo, the local stack and the tests (DOMAIN.md "Reference data"). Units,
// clusters and the 2017→2018 chair hand-over are sourced facts; people, e-mail addresses and the
// 2026 bloc are invented (example.org addresses only).

import { DB_KTH_2026_RUBRIC, DB_VT_2018_RUBRIC, rubricMax, sumPoints } from '../domain/rubric.ts';

export const PROVINCE = 'Điện Biên';

export const UNITS = [
  { code: 'DBP', name: 'UBND thành phố Điện Biên Phủ', kind: 'city' },
  { code: 'MLA', name: 'UBND thị xã Mường Lay', kind: 'town' },
  { code: 'DBI', name: 'UBND huyện Điện Biên', kind: 'district' },
  { code: 'MAN', name: 'UBND huyện Mường Ảng', kind: 'district' },
  { code: 'TGI', name: 'UBND huyện Tuần Giáo', kind: 'district' },
  { code: 'MNH', name: 'UBND huyện Mường Nhé', kind: 'district' },
  { code: 'MCH', name: 'UBND huyện Mường Chà', kind: 'district' },
  { code: 'TCH', name: 'UBND huyện Tủa Chùa', kind: 'district' },
  { code: 'DBD', name: 'UBND huyện Điện Biên Đông', kind: 'district' },
  { code: 'NPO', name: 'UBND huyện Nậm Pồ', kind: 'district' },
  { code: 'VPUB', name: 'Văn phòng UBND tỉnh', kind: 'department' },
  { code: 'SNV', name: 'Sở Nội vụ', kind: 'department' },
  { code: 'STC', name: 'Sở Tài chính', kind: 'department' },
  { code: 'STP', name: 'Sở Tư pháp', kind: 'department' },
  { code: 'TTR', name: 'Thanh tra tỉnh', kind: 'department' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department' },
] as const;

export const CLUSTERS = [
  { code: 'DB-VT', name: 'Cụm thi đua các huyện, thị xã, thành phố vùng thấp', kind: 'cluster' },
  { code: 'DB-VC', name: 'Cụm thi đua các huyện vùng cao', kind: 'cluster' },
  { code: 'DB-KTH', name: 'Khối các cơ quan tổng hợp', kind: 'bloc' },
] as const;

/** Membership per cluster-year, in rotation order; never-chair units are marked. */
export const MEMBERSHIPS = [
  { cluster: 'DB-VT', years: [2017, 2018], units: ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'], neverChair: [] as string[] },
  // [I] the highland districts' cluster, so the 2018 council has two clusters' submissions.
  { cluster: 'DB-VC', years: [2018], units: ['MCH', 'TCH', 'MNH', 'DBD', 'NPO'], neverChair: [] as string[] },
  { cluster: 'DB-KTH', years: [2026], units: ['STP', 'TTR', 'SKHCN', 'VPUB', 'STC', 'SNV'], neverChair: ['SNV'] },
];

export const LEADERSHIP = [
  { cluster: 'DB-VT', year: 2017, chair: 'TGI', deputy: 'DBI' },
  { cluster: 'DB-VT', year: 2018, chair: 'DBI', deputy: 'MAN' },
  { cluster: 'DB-VC', year: 2018, chair: 'MCH', deputy: 'TCH' },
  { cluster: 'DB-KTH', year: 2026, chair: 'STP', deputy: 'TTR' },
];

export const PEOPLE = [
  { id: 'dbp.lan', fullName: 'Nguyễn Thị Lan', unit: 'DBP', representsIn: [2017, 2018] },
  { id: 'mla.hung', fullName: 'Lò Văn Hùng', unit: 'MLA', representsIn: [2017, 2018] },
  { id: 'dbi.binh', fullName: 'Quàng Văn Bình', unit: 'DBI', representsIn: [2017, 2018] },
  { id: 'man.hoa', fullName: 'Lường Thị Hoa', unit: 'MAN', representsIn: [2017, 2018] },
  { id: 'tgi.tuan', fullName: 'Cầm Văn Tuấn', unit: 'TGI', representsIn: [2017, 2018] },
  { id: 'mch.ly', fullName: 'Lý Văn Pao', unit: 'MCH', representsIn: [2018] },
  { id: 'tch.giang', fullName: 'Giàng A Dính', unit: 'TCH', representsIn: [2018] },
  { id: 'mnh.sung', fullName: 'Sùng A Lử', unit: 'MNH', representsIn: [2018] },
  { id: 'dbd.vang', fullName: 'Vàng Thị Mỷ', unit: 'DBD', representsIn: [2018] },
  { id: 'npo.thao', fullName: 'Thào A Chư', unit: 'NPO', representsIn: [2018] },
  { id: 'vpub.minh', fullName: 'Trần Quang Minh', unit: 'VPUB', representsIn: [2026] },
  { id: 'snv.quang', fullName: 'Phạm Văn Quang', unit: 'SNV', representsIn: [2026] },
  { id: 'stc.linh', fullName: 'Vũ Thùy Linh', unit: 'STC', representsIn: [2026] },
  { id: 'stp.duc', fullName: 'Hoàng Minh Đức', unit: 'STP', representsIn: [2026] },
  { id: 'ttr.nga', fullName: 'Đỗ Thị Nga', unit: 'TTR', representsIn: [2026] },
  { id: 'skhcn.phong', fullName: 'Bùi Văn Phong', unit: 'SKHCN', representsIn: [2026] },
  // The secretariat: Sở Nội vụ's emulation and commendation office.
  { id: 'snv.ha', fullName: 'Đặng Thu Hà', unit: 'SNV', representsIn: [] as number[] },
];

export const SECRETARIAT = [{ person: 'snv.ha', years: [2017, 2018, 2026] }];

/** The neighbouring province whose secretariat officer must see nothing of this one's console. */
export const OTHER_PROVINCE = 'Lai Châu';

/**
 * The console's other office staff (person_role, by province and year): the council's secretary
 * does the secretariat's part of the council only; the administrator reads everything of the
 * province and acts on nothing; Lai Châu's secretariat officer is of another province.
 */
export const OFFICE_STAFF = [
  { id: 'hd.thuky', fullName: 'Lê Thị Hồng', role: 'council_secretary', province: PROVINCE, years: [2018] },
  { id: 'qt.khanh', fullName: 'Ngô Quốc Khánh', role: 'administrator', province: PROVINCE, years: [2017, 2018, 2026] },
  { id: 'lc.thuy', fullName: 'Nguyễn Thu Thủy', role: 'secretariat', province: OTHER_PROVINCE, years: [2017, 2018, 2026] },
] as const;

/**
 * The province's Emulation and Commendation Council for 2018 [I]: 15 members, the chair (the
 * chairman of the provincial People's Committee) among them. Names are invented.
 */
export const COUNCIL = {
  year: 2018,
  chair: { id: 'ubnd.chutich', fullName: 'Trần Văn Quyết' },
  members: [
    ['hd.pho1', 'Nguyễn Đức Hạnh'],
    ['hd.pho2', 'Lò Thị Xuân'],
    ['hd.noivu', 'Đinh Văn Toàn'],
    ['hd.taichinh', 'Phạm Thị Thu'],
    ['hd.giaoduc', 'Hà Văn Khang'],
    ['hd.yte', 'Vũ Thị Nhung'],
    ['hd.congan', 'Bùi Quốc Hưng'],
    ['hd.quansu', 'Đào Văn Dũng'],
    ['hd.mttq', 'Mùa Thị Chứ'],
    ['hd.laodong', 'Cao Văn Thịnh'],
    ['hd.phunu', 'Lường Thị Ngọc'],
    ['hd.doanthanhnien', 'Quàng Văn Tú'],
    ['hd.nongdan', 'Tòng Văn Sơn'],
    ['hd.vanphong', 'Hoàng Thị Mai'],
  ].map(([id, fullName]) => ({ id: id!, fullName: fullName! })),
};

/** The scoring rubric of each cluster-year (DOMAIN.md's illustrative ones). */
export const RUBRICS = [
  { cluster: 'DB-VT', year: 2017, rubric: DB_VT_2018_RUBRIC },
  { cluster: 'DB-VT', year: 2018, rubric: DB_VT_2018_RUBRIC },
  { cluster: 'DB-VC', year: 2018, rubric: DB_VT_2018_RUBRIC },
  { cluster: 'DB-KTH', year: 2026, rubric: DB_KTH_2026_RUBRIC },
];

export function emailOf(personId: string): string {
  return `${personId}@example.org`;
}

/**
 * An illustrative self-score on the seed rubric with the given total: every criterion at its
 * maximum less the points short of it (taken from A1 onwards), and `bonus` points of T1. Used by
 * the demo's simulated units and by fixtures; DOMAIN.md's illustrative scores are TGI 95.5,
 * DBI 93.0, DBP 92.0, MAN 90.5, MLA 88.0.
 */
export function sampleSelfScore(total: number, bonus = 2) {
  let short = rubricMax(DB_VT_2018_RUBRIC) + bonus - total;
  const criteria = Object.fromEntries(
    DB_VT_2018_RUBRIC.groups.flatMap((g) =>
      g.criteria.map((c) => {
        const off = Math.min(c.max, short);
        short -= off;
        return [c.code, Math.round((c.max - off) * 100) / 100];
      }),
    ),
  );
  return { criteria, bonus: { T1: bonus }, penalties: {}, evidence: { A1: 'Số liệu Chi cục Thống kê năm 2018' }, total };
}

/**
 * Illustrative cross-score sheets from `scorer` for every other member: each target's criteria
 * are its base in `bases` spread over the criteria in proportion to their maxima (the rounding
 * remainder on A1), so they add up to the base exactly. With `spread` (at most 0.5), scorers
 * disagree: the k-th scorer of a target (in `members` order) moves A1 by +spread, −spread,
 * +spread/2, −spread/2 (repeating), which cancels out in the mean of four.
 */
export function sampleScoreSheets(scorer: string, members: readonly string[], bases: Record<string, number>, spread = 0) {
  const pattern = [spread, -spread, spread / 2, -spread / 2];
  const criteria = DB_VT_2018_RUBRIC.groups.flatMap((g) => g.criteria);
  const max = rubricMax(DB_VT_2018_RUBRIC);
  const sheets: Record<string, { criteria: Record<string, number> }> = {};
  for (const target of members.filter((m) => m !== scorer && bases[m] !== undefined)) {
    const base = bases[target]!;
    const values = Object.fromEntries(criteria.map((c) => [c.code, Math.round((c.max * base * 100) / max) / 100]));
    const k = members.filter((m) => m !== target).indexOf(scorer);
    const remainder = base - sumPoints(Object.values(values));
    values.A1 = sumPoints([values.A1!, remainder, pattern[k % pattern.length]!]);
    sheets[target] = { criteria: values };
  }
  return { sheets };
}
