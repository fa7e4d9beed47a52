import { describe, it, expect } from 'vitest';
import {
  checkOverride,
  excuseSchema,
  nextLeadership,
  nextMembership,
  overrideSchema,
  RotationError,
  rotationAsItStands,
  SKIP_REASONS,
  type Departure,
  type Excuse,
  type NextMember,
  type Override,
  type Rotation,
  type RotationInput,
  type RotationMember,
  type SkipReason,
} from '../../domain/rotation.ts';

/** Members in the given rotation order, numbered from 1; never-chair units are marked. */
function cluster(units: string[], neverChair: string[] = []): RotationMember[] {
  return units.map((unit, i) => ({ unit, order: i + 1, neverChair: neverChair.includes(unit) }));
}

// DOMAIN.md's reference data: the Điện Biên low-land cluster, and the 2026 bloc of departments
// (Sở Nội vụ, SNV, is the council's standing body and never chairs).
const DB_VT = cluster(['TGI', 'DBI', 'MAN', 'DBP', 'MLA']);
const DB_KTH = cluster(['STP', 'TTR', 'SKHCN', 'VPUB', 'STC', 'SNV'], ['SNV']);

const MERGER_2025 = 'sắp xếp đơn vị hành chính cấp xã năm 2025';

function rotate(members: RotationMember[], chair: string, deputy: string, extra: Partial<RotationInput> = {}): Rotation {
  return nextLeadership({ members, chair, deputy, departures: [], excused: [], ...extra });
}

function merged(unit: string, into: string, reason = MERGER_2025, on = '2025-07-01'): Departure {
  return { unit, kind: 'merged', into, on, reason };
}

function dissolved(unit: string, reason = MERGER_2025, on = '2025-07-01'): Departure {
  return { unit, kind: 'dissolved', on, reason };
}

/** Rotates year after year with no departures, carrying each year's result into the next. */
function simulate(members: RotationMember[], chair: string, deputy: string, years: number): Rotation[] {
  const results: Rotation[] = [];
  let current = { members, chair, deputy };
  for (let y = 0; y < years; y++) {
    const next = rotate(current.members, current.chair, current.deputy);
    results.push(next);
    current = { members: next.members, chair: next.chair, deputy: next.deputy };
  }
  return results;
}

function expectRotationError(run: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RotationError);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}

const OVERRIDE_REASON = 'Hội đồng quyết định do DBI đăng cai Lễ hội Hoa Ban';

function override(chair: string, deputy: string, reason = OVERRIDE_REASON): Override {
  return { chair, deputy, reason, by: 'snv.tran-thi-lan' };
}

describe('SKIP_REASONS', () => {
  it('names the four reasons a unit is passed over', () => {
    expect(Object.values(SKIP_REASONS).sort()).toEqual(['council-consent', 'dissolved', 'merged', 'never-chair']);
  });
});

describe('nextLeadership: the DB-VT seed fact and a full cycle', () => {
  it('hands the 2018 chair from Tuần Giáo to huyện Điện Biên, with Mường Ảng deputy', () => {
    const r = rotate(DB_VT, 'TGI', 'DBI');
    expect(r).toEqual({
      chair: 'DBI',
      deputy: 'MAN',
      policy: 'default',
      skipped: [],
      members: DB_VT,
    });
    expect(r.defaultChoice).toBeUndefined();
    expect(r.override).toBeUndefined();
  });

  it('goes 2018 DBI/MAN → 2019 MAN/DBP → 2020 DBP/MLA → 2021 MLA/TGI → 2022 TGI/DBI, back to the start, with no skips', () => {
    const years = simulate(DB_VT, 'TGI', 'DBI', 5);
    expect(years.map((r) => `${r.chair}/${r.deputy}`)).toEqual(['DBI/MAN', 'MAN/DBP', 'DBP/MLA', 'MLA/TGI', 'TGI/DBI']);
    for (const r of years) {
      expect(r.skipped).toEqual([]);
      expect(r.members).toEqual(DB_VT);
    }
  });

  it('takes the members in any order, sorting them by rotation order', () => {
    const shuffled = [DB_VT[3]!, DB_VT[0]!, DB_VT[4]!, DB_VT[2]!, DB_VT[1]!];
    expect(rotate(shuffled, 'TGI', 'DBI')).toMatchObject({ chair: 'DBI', deputy: 'MAN', members: DB_VT });
  });

  it('follows the stored order numbers, not their spacing: 10, 20, 30 rotate like 1, 2, 3', () => {
    const spaced = [
      { unit: 'TGI', order: 30, neverChair: false },
      { unit: 'DBI', order: 10, neverChair: false },
      { unit: 'MAN', order: 20, neverChair: false },
    ];
    const r = rotate(spaced, 'DBI', 'MAN');
    expect(r).toMatchObject({ chair: 'MAN', deputy: 'TGI' });
    expect(r.members).toEqual(cluster(['DBI', 'MAN', 'TGI']));
  });
});

describe('nextLeadership: the DB-KTH bloc, where SNV never chairs', () => {
  it('goes 2027 TTR/SKHCN → 2028 SKHCN/VPUB → 2029 VPUB/STC → 2030 STC/STP → 2031 STP/TTR', () => {
    const years = simulate(DB_KTH, 'STP', 'TTR', 5);
    expect(years.map((r) => `${r.chair}/${r.deputy}`)).toEqual(['TTR/SKHCN', 'SKHCN/VPUB', 'VPUB/STC', 'STC/STP', 'STP/TTR']);
  });

  it('records SNV passed over as the 2030 deputy because it never chairs, and no other skip', () => {
    const years = simulate(DB_KTH, 'STP', 'TTR', 5);
    expect(years[3]!.skipped).toEqual([{ unit: 'SNV', as: 'deputy', reason: 'never-chair', detail: 'never chairs (marked never-chair)' }]);
    for (const i of [0, 1, 2, 4]) expect(years[i]!.skipped).toEqual([]);
  });

  it('never makes SNV chair or deputy over 10 years, and keeps it a never-chair member', () => {
    const years = simulate(DB_KTH, 'STP', 'TTR', 10);
    for (const r of years) {
      expect([r.chair, r.deputy]).not.toContain('SNV');
      expect(r.members.find((m) => m.unit === 'SNV')).toEqual({ unit: 'SNV', order: 6, neverChair: true });
    }
    // Five chairing units, so each chairs twice in 10 years.
    const chairs = years.map((r) => r.chair);
    for (const unit of ['STP', 'TTR', 'SKHCN', 'VPUB', 'STC']) expect(chairs.filter((c) => c === unit)).toHaveLength(2);
    expect(years.flatMap((r) => r.skipped).map((s) => `${s.unit} ${s.as} ${s.reason}`)).toEqual([
      'SNV deputy never-chair',
      'SNV deputy never-chair',
    ]);
  });
});

describe('nextLeadership: units that leave', () => {
  it('passes over a deputy-designate merged away, naming its successor', () => {
    // 2018 DBI/MAN: DBP would be the 2019 deputy, but it is merged into DBI.
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('DBP', 'DBI')] });
    expect(r.chair).toBe('MAN');
    expect(r.deputy).toBe('MLA');
    expect(r.skipped).toEqual([{ unit: 'DBP', as: 'deputy', reason: 'merged', detail: `merged into DBI from 2025-07-01: ${MERGER_2025}` }]);
    expect(r.members).toEqual([
      { unit: 'TGI', order: 1, neverChair: false },
      { unit: 'DBI', order: 2, neverChair: false, succeeds: ['DBP'] },
      { unit: 'MAN', order: 3, neverChair: false },
      { unit: 'MLA', order: 4, neverChair: false },
    ]);
  });

  it("passes over a chair-designate merged away: this year's deputy is recorded as skipped for chair, and the next eligible unit chairs", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('MAN', 'DBI', 'nhập vào huyện Điện Biên')] });
    expect(r).toMatchObject({ chair: 'DBP', deputy: 'MLA', policy: 'default' });
    expect(r.skipped).toEqual([
      { unit: 'MAN', as: 'chair', reason: 'merged', detail: 'merged into DBI from 2025-07-01: nhập vào huyện Điện Biên' },
    ]);
    expect(r.skipped[0]!.detail).toContain('DBI');
  });

  it('passes over a dissolved unit with its date and reason', () => {
    const r = rotate(DB_VT, 'MAN', 'DBP', { departures: [dissolved('MLA', 'giải thể thị xã', '2025-06-30')] });
    expect(r).toMatchObject({ chair: 'DBP', deputy: 'TGI' });
    expect(r.skipped).toEqual([{ unit: 'MLA', as: 'deputy', reason: 'dissolved', detail: 'dissolved from 2025-06-30: giải thể thị xã' }]);
    expect(r.members.map((m) => m.unit)).toEqual(['TGI', 'DBI', 'MAN', 'DBP']);
  });

  it('passes over a dissolved chair-designate, recorded as dissolved', () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [dissolved('MAN')] });
    expect(r).toMatchObject({ chair: 'DBP', deputy: 'MLA' });
    expect(r.skipped).toEqual([{ unit: 'MAN', as: 'chair', reason: 'dissolved', detail: `dissolved from 2025-07-01: ${MERGER_2025}` }]);
  });

  it("leaves out the reason's colon when a departure gives none", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [dissolved('MAN', ' \u200B ')] });
    expect(r.skipped[0]!.detail).toBe('dissolved from 2025-07-01');
  });

  it("normalises a departure's reason (NFC, no zero-width characters) in the detail", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('MAN', 'DBI', 'Nhập\u200B vào huyện'.normalize('NFD'))] });
    expect(r.skipped[0]!.detail).toBe('merged into DBI from 2025-07-01: Nhập vào huyện');
  });

  it("does not mind this year's chair leaving: the deputy still moves up", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('DBI', 'TGI')] });
    expect(r).toMatchObject({ chair: 'MAN', deputy: 'DBP', skipped: [] });
    expect(r.members.map((m) => m.unit)).toEqual(['TGI', 'MAN', 'DBP', 'MLA']);
  });

  it("appends a newcomer successor after this year's order, and it may deputise before the walk wraps round", () => {
    // 2020 DBP/MLA, and DBI merged into a new ward PDB: the deputy walk from MLA reaches PDB before TGI.
    const r = rotate(DB_VT, 'DBP', 'MLA', { departures: [merged('DBI', 'PDB')] });
    expect(r).toMatchObject({ chair: 'MLA', deputy: 'PDB', skipped: [] });
    expect(r.members).toEqual([
      { unit: 'TGI', order: 1, neverChair: false },
      { unit: 'MAN', order: 2, neverChair: false },
      { unit: 'DBP', order: 3, neverChair: false },
      { unit: 'MLA', order: 4, neverChair: false },
      { unit: 'PDB', order: 5, neverChair: false, succeeds: ['DBI'] },
    ]);
  });

  it("lets a newcomer that succeeds this year's deputy chair: it is next in the walk", () => {
    // 2020 DBP/MLA, and MLA (last in order) merged into a new ward PML, appended right after it.
    const r = rotate(DB_VT, 'DBP', 'MLA', { departures: [merged('MLA', 'PML')] });
    expect(r).toMatchObject({ chair: 'PML', deputy: 'TGI' });
    expect(r.skipped).toEqual([{ unit: 'MLA', as: 'chair', reason: 'merged', detail: `merged into PML from 2025-07-01: ${MERGER_2025}` }]);
    expect(r.members.at(-1)).toEqual({ unit: 'PML', order: 5, neverChair: false, succeeds: ['MLA'] });
  });

  it("passes over the departed units in this year's order before reaching a newcomer", () => {
    // 2021 MLA/TGI; TGI merged into a new unit XTG, and DBI dissolved. Chair walk from TGI: DBI (gone), MAN.
    const r = rotate(DB_VT, 'MLA', 'TGI', { departures: [merged('TGI', 'XTG'), dissolved('DBI')] });
    expect(r).toMatchObject({ chair: 'MAN', deputy: 'DBP' });
    expect(r.skipped.map((s) => [s.unit, s.as, s.reason])).toEqual([
      ['TGI', 'chair', 'merged'],
      ['DBI', 'chair', 'dissolved'],
    ]);
    expect(r.members.map((m) => `${m.order}:${m.unit}`)).toEqual(['1:MAN', '2:DBP', '3:MLA', '4:XTG']);
  });

  it('resolves a chain of mergers to the final successor, and says so in the detail', () => {
    // TGI into a commune XTG, which in turn merges into a ward PTG.
    const r = rotate(DB_VT, 'MLA', 'TGI', { departures: [merged('TGI', 'XTG'), merged('XTG', 'PTG', 'nhập xã vào phường', '2025-08-01')] });
    expect(r.skipped).toEqual([
      { unit: 'TGI', as: 'chair', reason: 'merged', detail: `merged into XTG from 2025-07-01, then on into PTG: ${MERGER_2025}` },
    ]);
    // The walk from TGI: DBI is next in this year's order; PTG waits at the end.
    expect(r).toMatchObject({ chair: 'DBI', deputy: 'MAN' });
    expect(r.members.at(-1)).toEqual({ unit: 'PTG', order: 5, neverChair: false, succeeds: ['TGI'] });
    expect(r.members.map((m) => m.unit)).not.toContain('XTG');
  });

  it('says when a merger chain ends in a dissolution, and brings no successor', () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('MAN', 'XMA'), dissolved('XMA', 'giải thể', '2025-09-01')] });
    expect(r.skipped).toEqual([
      { unit: 'MAN', as: 'chair', reason: 'merged', detail: `merged into XMA from 2025-07-01, which is itself dissolved: ${MERGER_2025}` },
    ]);
    expect(r.members.map((m) => m.unit)).toEqual(['TGI', 'DBI', 'DBP', 'MLA']);
  });

  it('wraps round the end of the order, passing a departed unit at the start', () => {
    // 2020 DBP/MLA: the 2021 deputy would be TGI, which is dissolved.
    const r = rotate(DB_VT, 'DBP', 'MLA', { departures: [dissolved('TGI')] });
    expect(r).toMatchObject({ chair: 'MLA', deputy: 'DBI' });
    expect(r.skipped).toEqual([{ unit: 'TGI', as: 'deputy', reason: 'dissolved', detail: `dissolved from 2025-07-01: ${MERGER_2025}` }]);
  });

  it('ignores departures of units that are not members', () => {
    const r = rotate(DB_VT, 'TGI', 'DBI', { departures: [dissolved('MCH'), merged('TCH', 'DBI')] });
    expect(r).toEqual(rotate(DB_VT, 'TGI', 'DBI'));
  });
});

describe("nextLeadership: the council's consent", () => {
  it("passes over a chair-designate excused with the council's consent, recording the reason", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { excused: [{ unit: 'MAN', reason: 'Đăng cai\u200B Đại hội Đảng bộ huyện'.normalize('NFD') }] });
    expect(r).toMatchObject({ chair: 'DBP', deputy: 'MLA' });
    expect(r.skipped).toEqual([
      { unit: 'MAN', as: 'chair', reason: 'council-consent', detail: "excused with the council's consent: Đăng cai Đại hội Đảng bộ huyện" },
    ]);
  });

  it('passes over an excused deputy-designate', () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { excused: [{ unit: 'DBP', reason: 'thiếu cán bộ chuyên trách' }] });
    expect(r).toMatchObject({ chair: 'MAN', deputy: 'MLA' });
    expect(r.skipped).toEqual([
      { unit: 'DBP', as: 'deputy', reason: 'council-consent', detail: "excused with the council's consent: thiếu cán bộ chuyên trách" },
    ]);
  });

  it("keeps an excused unit a member: the excuse is for next year's chair only", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { excused: [{ unit: 'MAN', reason: 'thiếu cán bộ chuyên trách' }] });
    expect(r.members).toEqual(DB_VT);
  });

  it('records a departure rather than an excuse when a departed unit is also excused', () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', { departures: [merged('MAN', 'DBI')], excused: [{ unit: 'MAN', reason: 'đang sáp nhập' }] });
    expect(r.skipped.map((s) => s.reason)).toEqual(['merged']);
  });

  it('may excuse a newcomer', () => {
    const r = rotate(DB_VT, 'DBP', 'MLA', {
      departures: [merged('DBI', 'PDB')],
      excused: [{ unit: 'PDB', reason: 'đơn vị mới thành lập' }],
    });
    expect(r).toMatchObject({ chair: 'MLA', deputy: 'TGI' });
    expect(r.skipped).toEqual([
      { unit: 'PDB', as: 'deputy', reason: 'council-consent', detail: "excused with the council's consent: đơn vị mới thành lập" },
    ]);
  });
});

describe('nextLeadership: several skips', () => {
  it('passes several units in a row for chair, in walk order, each with its reason', () => {
    // 2029 VPUB/STC in the bloc: STC excused, SNV never chairs, so STP chairs; TTR deputises.
    const r = rotate(DB_KTH, 'VPUB', 'STC', { excused: [{ unit: 'STC', reason: 'kiện toàn lãnh đạo sở' }] });
    expect(r).toMatchObject({ chair: 'STP', deputy: 'TTR' });
    expect(r.skipped).toEqual([
      { unit: 'STC', as: 'chair', reason: 'council-consent', detail: "excused with the council's consent: kiện toàn lãnh đạo sở" },
      { unit: 'SNV', as: 'chair', reason: 'never-chair', detail: 'never chairs (marked never-chair)' },
    ]);
  });

  it('passes several units in a row for deputy, wrapping round, each with its reason', () => {
    // 2029 VPUB/STC: STC chairs 2030; SNV never chairs, STP is merged into TTR, which is excused; SKHCN deputises.
    const r = rotate(DB_KTH, 'VPUB', 'STC', {
      departures: [merged('STP', 'TTR')],
      excused: [{ unit: 'TTR', reason: 'nhận bàn giao nhiệm vụ' }],
    });
    expect(r).toMatchObject({ chair: 'STC', deputy: 'SKHCN' });
    expect(r.skipped.map((s) => [s.unit, s.as, s.reason])).toEqual([
      ['SNV', 'deputy', 'never-chair'],
      ['STP', 'deputy', 'merged'],
      ['TTR', 'deputy', 'council-consent'],
    ]);
  });

  it('records skips for both roles in one rotation, chair skips first', () => {
    // 2018 DBI/MAN: MAN merged into DBI, DBP excused → MLA chairs; the deputy walk passes nothing more (TGI).
    const r = rotate(DB_VT, 'DBI', 'MAN', {
      departures: [merged('MAN', 'DBI')],
      excused: [{ unit: 'DBP', reason: 'thiếu cán bộ chuyên trách' }],
    });
    expect(r).toMatchObject({ chair: 'MLA', deputy: 'TGI' });
    expect(r.skipped.map((s) => [s.unit, s.as, s.reason])).toEqual([
      ['MAN', 'chair', 'merged'],
      ['DBP', 'chair', 'council-consent'],
    ]);
    const r2 = rotate(DB_VT, 'DBI', 'MAN', {
      departures: [merged('MAN', 'DBI')],
      excused: [{ unit: 'MLA', reason: 'thiếu cán bộ chuyên trách' }],
    });
    expect(r2).toMatchObject({ chair: 'DBP', deputy: 'TGI' });
    expect(r2.skipped.map((s) => [s.unit, s.as, s.reason])).toEqual([
      ['MAN', 'chair', 'merged'],
      ['MLA', 'deputy', 'council-consent'],
    ]);
  });

  it('makes the outgoing chair deputy only after every other unit', () => {
    // 2018 DBI/MAN with DBP, MLA and TGI all excused: DBI, the outgoing chair, is the only one left.
    const excused: Excuse[] = ['DBP', 'MLA', 'TGI'].map((unit) => ({ unit, reason: 'lý do riêng của đơn vị' }));
    const r = rotate(DB_VT, 'DBI', 'MAN', { excused });
    expect(r).toMatchObject({ chair: 'MAN', deputy: 'DBI' });
    expect(r.skipped.map((s) => s.unit)).toEqual(['DBP', 'MLA', 'TGI']);
  });

  it('has the outgoing chair chair again only when nobody else can, and then nobody can deputise', () => {
    // The chair walk reaches every other unit before the outgoing chair, so it is chosen only
    // when it is the last eligible unit left, and then the deputy walk finds nobody.
    const excused: Excuse[] = ['MAN', 'DBP', 'MLA', 'TGI'].map((unit) => ({ unit, reason: 'lý do riêng của đơn vị' }));
    expectRotationError(
      () => rotate(DB_VT, 'DBI', 'MAN', { excused }),
      'no unit besides the chair DBI can be deputy next year',
      'MAN excused',
      'TGI excused',
    );
  });
});

describe('nextLeadership: small clusters', () => {
  it('swaps the two units of a 2-member cluster every year', () => {
    const pair = cluster(['MCH', 'TCH']);
    expect(simulate(pair, 'MCH', 'TCH', 4).map((r) => `${r.chair}/${r.deputy}`)).toEqual(['TCH/MCH', 'MCH/TCH', 'TCH/MCH', 'MCH/TCH']);
  });

  it('cannot rotate a 2-member cluster when one of them leaves or is excused', () => {
    const pair = cluster(['MCH', 'TCH']);
    expectRotationError(
      () => rotate(pair, 'MCH', 'TCH', { departures: [merged('MCH', 'TCH')] }),
      'no unit besides the chair TCH can be deputy',
      'MCH merged into TCH',
    );
    expectRotationError(
      () => rotate(pair, 'MCH', 'TCH', { excused: [{ unit: 'TCH', reason: 'lý do riêng' }] }),
      'no unit besides the chair MCH',
      'TCH excused',
    );
  });

  it('rotates a 3-member cluster with one never-chair unit between the other two', () => {
    const three = cluster(['SNV', 'STP', 'STC'], ['SNV']);
    const years = simulate(three, 'STP', 'STC', 4);
    expect(years.map((r) => `${r.chair}/${r.deputy}`)).toEqual(['STC/STP', 'STP/STC', 'STC/STP', 'STP/STC']);
    expect(years[0]!.skipped).toEqual([{ unit: 'SNV', as: 'deputy', reason: 'never-chair', detail: 'never chairs (marked never-chair)' }]);
    expect(years[1]!.skipped).toEqual([]);
  });

  it("passes over a never-chair unit that is this year's deputy (e.g. marked never-chair since last year)", () => {
    const three = cluster(['STP', 'SNV', 'STC'], ['SNV']);
    const r = rotate(three, 'STP', 'SNV');
    expect(r).toMatchObject({ chair: 'STC', deputy: 'STP' });
    expect(r.skipped).toEqual([{ unit: 'SNV', as: 'chair', reason: 'never-chair', detail: 'never chairs (marked never-chair)' }]);
  });
});

describe('nextLeadership: refusals', () => {
  it('refuses when no unit can deputise, naming the units passed over and why', () => {
    const three = cluster(['SNV', 'STP', 'STC'], ['SNV']);
    expectRotationError(
      () => rotate(three, 'STP', 'STC', { excused: [{ unit: 'STP', reason: 'kiện toàn lãnh đạo' }] }),
      'no unit besides the chair STC can be deputy next year',
      'SNV never chairs',
      "STP excused with the council's consent: kiện toàn lãnh đạo",
    );
  });

  it('refuses when no unit can chair, naming them', () => {
    const pair = cluster(['MCH', 'TCH']);
    expectRotationError(
      () => rotate(pair, 'MCH', 'TCH', { departures: [dissolved('MCH')], excused: [{ unit: 'TCH', reason: 'lý do riêng' }] }),
      'no unit can chair next year',
      "TCH excused with the council's consent",
      'MCH dissolved from 2025-07-01',
    );
  });

  it("refuses this year's chair as its own deputy", () => {
    expectRotationError(() => rotate(DB_VT, 'DBI', 'DBI'), "DBI cannot be both this year's chair and deputy");
  });

  it('refuses a chair or deputy that is not a member, naming the unit and the members', () => {
    expectRotationError(() => rotate(DB_VT, 'XYZ', 'DBI'), "this year's chair XYZ is not a member", 'TGI, DBI, MAN, DBP, MLA');
    expectRotationError(() => rotate(DB_VT, 'TGI', 'MCH'), "this year's deputy MCH is not a member");
    expectRotationError(() => rotate([], 'TGI', 'DBI'), "this year's chair TGI is not a member");
  });

  it('refuses a unit listed twice or two units sharing an order', () => {
    expectRotationError(() => rotate([...DB_VT, { unit: 'DBI', order: 6, neverChair: false }], 'TGI', 'DBI'), 'DBI is listed twice');
    expectRotationError(
      () => rotate([...DB_VT, { unit: 'MCH', order: 3, neverChair: false }], 'TGI', 'DBI'),
      'MAN and MCH share rotation order 3',
    );
    expectRotationError(
      () => rotate([...DB_VT, { unit: 'MCH', order: Number.NaN, neverChair: false }], 'TGI', 'DBI'),
      'MCH has no usable rotation order',
    );
  });

  it('refuses an excuse of a unit that is not a member, or a unit excused twice', () => {
    expectRotationError(
      () => rotate(DB_VT, 'TGI', 'DBI', { excused: [{ unit: 'MCH', reason: 'lý do riêng' }] }),
      'MCH is excused but is not a member',
    );
    const twice = [
      { unit: 'MAN', reason: 'lý do một' },
      { unit: 'MAN', reason: 'lý do hai' },
    ];
    expectRotationError(() => rotate(DB_VT, 'TGI', 'DBI', { excused: twice }), 'MAN is excused twice');
  });

  it.each([
    ['a unit leaving twice', [dissolved('MAN'), merged('MAN', 'DBI')], 'MAN is recorded as leaving twice'],
    [
      'a merger without a successor',
      [{ unit: 'MAN', kind: 'merged', on: '2025-07-01', reason: 'x' } as Departure],
      'MAN is merged but no successor is named',
    ],
    [
      'a dissolution with a successor',
      [{ unit: 'MAN', kind: 'dissolved', into: 'DBI', on: '2025-07-01', reason: 'x' } as Departure],
      'MAN is dissolved, so it cannot have a successor (DBI)',
    ],
    ['a merger into itself', [merged('MAN', 'MAN')], 'MAN cannot be merged into itself'],
    ['a circle of mergers', [merged('MAN', 'DBP'), merged('DBP', 'MAN')], 'the mergers run in a circle: MAN → DBP → MAN'],
    ['a longer circle through non-members', [merged('MAN', 'XA1'), merged('XA1', 'XA2'), merged('XA2', 'MAN')], 'MAN → XA1 → XA2 → MAN'],
    ['a date that is not YYYY-MM-DD', [merged('MAN', 'DBI', 'x', '1/7/2025')], 'MAN leaves on "1/7/2025"'],
    ['a month 13', [merged('MAN', 'DBI', 'x', '2025-13-01')], 'expected a date as YYYY-MM-DD'],
    [
      'an unknown kind of departure',
      [{ unit: 'MAN', kind: 'split', on: '2025-07-01', reason: 'x' } as unknown as Departure],
      'MAN leaves in an unknown way (split)',
    ],
  ])('refuses inconsistent departures: %s', (_what, departures, message) => {
    expectRotationError(() => rotate(DB_VT, 'TGI', 'DBI', { departures }), message);
    expectRotationError(() => nextMembership(DB_VT, departures), message);
  });

  it('is an Error with its own name', () => {
    const error = new RotationError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RotationError');
  });
});

describe('nextLeadership: override', () => {
  it("takes the council's chair and deputy, keeping the default's choice and skips for the record", () => {
    const r = rotate(DB_VT, 'DBI', 'MAN', {
      excused: [{ unit: 'DBP', reason: 'thiếu cán bộ chuyên trách' }],
      override: override('TGI', 'DBI'),
    });
    expect(r).toEqual({
      chair: 'TGI',
      deputy: 'DBI',
      policy: 'override',
      skipped: [
        { unit: 'DBP', as: 'deputy', reason: 'council-consent', detail: "excused with the council's consent: thiếu cán bộ chuyên trách" },
      ],
      defaultChoice: { chair: 'MAN', deputy: 'MLA' },
      override: override('TGI', 'DBI'),
      members: DB_VT,
    });
  });

  it("stores the override's reason normalised", () => {
    const r = rotate(DB_VT, 'TGI', 'DBI', { override: override('MAN', 'DBP', `\u200B${OVERRIDE_REASON.normalize('NFD')}`) });
    expect(r.override?.reason).toBe(OVERRIDE_REASON);
  });

  it('may confirm what the default gives', () => {
    expect(rotate(DB_VT, 'TGI', 'DBI', { override: override('DBI', 'MAN') })).toMatchObject({
      policy: 'override',
      chair: 'DBI',
      deputy: 'MAN',
      defaultChoice: { chair: 'DBI', deputy: 'MAN' },
    });
  });

  it('may appoint an excused unit, and a never-chair unit as deputy', () => {
    const r = rotate(DB_KTH, 'STP', 'TTR', { excused: [{ unit: 'TTR', reason: 'kiện toàn lãnh đạo' }], override: override('TTR', 'SNV') });
    expect(r).toMatchObject({ chair: 'TTR', deputy: 'SNV', defaultChoice: { chair: 'SKHCN', deputy: 'VPUB' } });
  });

  it('stands, without a default choice, when the default policy has no answer', () => {
    const pair = cluster(['STP', 'SNV'], ['SNV']);
    expectRotationError(() => rotate(pair, 'SNV', 'STP'), 'no unit besides the chair STP');
    const r = rotate(pair, 'SNV', 'STP', { override: override('STP', 'SNV') });
    expect(r).toMatchObject({ chair: 'STP', deputy: 'SNV', policy: 'override' });
    expect(r.defaultChoice).toBeUndefined();
    expect(r.skipped).toEqual([{ unit: 'SNV', as: 'deputy', reason: 'never-chair', detail: 'never chairs (marked never-chair)' }]);
  });

  it.each([
    ['a never-chair chair', DB_KTH, override('SNV', 'STP'), 'the chair SNV never chairs (marked never-chair)'],
    ['a departed chair', DB_VT, override('MAN', 'TGI'), 'the chair MAN leaves the cluster: merged into DBI from 2025-07-01'],
    ['a departed deputy', DB_VT, override('TGI', 'MAN'), 'the deputy MAN leaves the cluster: merged into DBI'],
    ['a non-member', DB_VT, override('TGI', 'MCH'), 'the deputy MCH is not a member of the cluster next year'],
    ['the same unit twice', DB_VT, override('TGI', 'TGI'), 'TGI cannot be both chair and deputy'],
    ['a short reason', DB_VT, override('TGI', 'DBI', 'vì lý do'), 'give a reason of at least 10 characters for the override'],
  ])('refuses %s, with the message of checkOverride', (_what, members, o, message) => {
    const departures = [merged('MAN', 'DBI')];
    const chair = members[0]!.unit;
    const deputy = members[1]!.unit;
    expectRotationError(() => rotate(members, chair, deputy, { departures, override: o }), `the override is not acceptable: ${message}`);
  });

  it('still refuses inconsistent input with an override', () => {
    expectRotationError(
      () => rotate(DB_VT, 'DBI', 'DBI', { override: override('TGI', 'MAN') }),
      "DBI cannot be both this year's chair and deputy",
    );
  });
});

describe('checkOverride', () => {
  const MEMBERS = nextMembership(DB_KTH, []);

  it('accepts two distinct members, the chair not never-chair, with a reason', () => {
    expect(checkOverride(MEMBERS, [], override('VPUB', 'STC'))).toBeUndefined();
    expect(checkOverride(MEMBERS, [], override('VPUB', 'SNV'))).toBeUndefined();
  });

  it('refuses a never-chair chair', () => {
    expect(checkOverride(MEMBERS, [], override('SNV', 'STP'))).toBe('the chair SNV never chairs (marked never-chair)');
  });

  it('refuses a departed unit, naming it and where it went', () => {
    const departures = [merged('STC', 'STP', 'hợp nhất sở', '2026-03-01')];
    const members = nextMembership(DB_KTH, departures);
    expect(checkOverride(members, departures, override('STC', 'STP'))).toBe(
      'the chair STC leaves the cluster: merged into STP from 2026-03-01: hợp nhất sở',
    );
    expect(checkOverride(members, [dissolved('STC')], override('STP', 'STC'))).toBe(
      `the deputy STC leaves the cluster: dissolved from 2025-07-01: ${MERGER_2025}`,
    );
  });

  it('refuses a unit that is not a member next year', () => {
    expect(checkOverride(MEMBERS, [], override('XYZ', 'STP'))).toBe('the chair XYZ is not a member of the cluster next year');
    expect(checkOverride(MEMBERS, [], override('STP', 'XYZ'))).toBe('the deputy XYZ is not a member of the cluster next year');
  });

  it('refuses the same unit as chair and deputy, saying so once', () => {
    expect(checkOverride(MEMBERS, [], override('STP', 'STP'))).toBe('STP cannot be both chair and deputy');
    expect(checkOverride(MEMBERS, [], override('SNV', 'SNV'))).toBe(
      'SNV cannot be both chair and deputy; the chair SNV never chairs (marked never-chair)',
    );
  });

  it('measures the reason after normalising: zero-width characters do not count, NFD counts as NFC', () => {
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', '0123456789'))).toBeUndefined();
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', '012345678'))).toBe(
      'give a reason of at least 10 characters for the override',
    );
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', '012345678\u200B\u200C\u200D\u2060\uFEFF'))).toBe(
      'give a reason of at least 10 characters for the override',
    );
    const nfd = 'Mưa lũ to'.normalize('NFD');
    expect(nfd.length).toBeGreaterThanOrEqual(10);
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', nfd))).toBe('give a reason of at least 10 characters for the override');
  });

  it('refuses a reason over 1000 characters', () => {
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', 'a'.repeat(1000)))).toBeUndefined();
    expect(checkOverride(MEMBERS, [], override('STP', 'TTR', 'a'.repeat(1001)))).toBe(
      'the reason for the override may be at most 1000 characters',
    );
  });

  it('lists every problem at once', () => {
    expect(checkOverride(MEMBERS, [], override('SNV', 'XYZ', 'ngắn'))).toBe(
      'the chair SNV never chairs (marked never-chair); the deputy XYZ is not a member of the cluster next year; give a reason of at least 10 characters for the override',
    );
  });
});

describe('nextMembership', () => {
  it("keeps this year's members in order when nobody leaves, numbered 1..n", () => {
    expect(nextMembership(DB_KTH, [])).toEqual(DB_KTH);
    const spaced = DB_VT.map((m) => ({ ...m, order: m.order * 10 })).reverse();
    expect(nextMembership(spaced, [])).toEqual(DB_VT);
  });

  it('drops departed units and renumbers the rest', () => {
    expect(nextMembership(DB_VT, [dissolved('DBI'), dissolved('DBP')])).toEqual(cluster(['TGI', 'MAN', 'MLA']));
  });

  it('keeps a never-chair mark on a unit that stays', () => {
    expect(nextMembership(DB_KTH, [dissolved('STP')])).toEqual(cluster(['TTR', 'SKHCN', 'VPUB', 'STC', 'SNV'], ['SNV']));
  });

  it('appends successors that were not members, in the order of their predecessors', () => {
    // MLA (5th) into PML, TGI (1st) into XTG: XTG comes first because TGI came first.
    const next = nextMembership(DB_VT, [merged('MLA', 'PML'), merged('TGI', 'XTG')]);
    expect(next).toEqual([
      { unit: 'DBI', order: 1, neverChair: false },
      { unit: 'MAN', order: 2, neverChair: false },
      { unit: 'DBP', order: 3, neverChair: false },
      { unit: 'XTG', order: 4, neverChair: false, succeeds: ['TGI'] },
      { unit: 'PML', order: 5, neverChair: false, succeeds: ['MLA'] },
    ]);
  });

  it('makes one newcomer of several units merged into the same new unit', () => {
    expect(nextMembership(DB_VT, [merged('MLA', 'PDB'), merged('DBP', 'PDB')])).toEqual([
      ...cluster(['TGI', 'DBI', 'MAN']),
      { unit: 'PDB', order: 4, neverChair: false, succeeds: ['DBP', 'MLA'] },
    ]);
  });

  it('leaves a successor that is already a member where it is, recording its predecessors', () => {
    expect(nextMembership(DB_VT, [merged('MLA', 'DBI'), merged('TGI', 'DBI')])).toEqual([
      { unit: 'DBI', order: 1, neverChair: false, succeeds: ['TGI', 'MLA'] },
      { unit: 'MAN', order: 2, neverChair: false },
      { unit: 'DBP', order: 3, neverChair: false },
    ]);
  });

  it('keeps a never-chair member never-chair when it absorbs another unit', () => {
    expect(nextMembership(DB_KTH, [merged('STC', 'SNV')]).find((m) => m.unit === 'SNV')).toEqual({
      unit: 'SNV',
      order: 5,
      neverChair: true,
      succeeds: ['STC'],
    });
  });

  it('does not pass a never-chair mark on to a newcomer successor', () => {
    expect(nextMembership(DB_KTH, [merged('SNV', 'SNV2')]).at(-1)).toEqual({
      unit: 'SNV2',
      order: 6,
      neverChair: false,
      succeeds: ['SNV'],
    });
  });

  it('resolves chains through non-members to the final successor', () => {
    expect(nextMembership(DB_VT, [merged('XTG', 'PTG'), merged('TGI', 'XTG')]).at(-1)).toEqual({
      unit: 'PTG',
      order: 5,
      neverChair: false,
      succeeds: ['TGI'],
    });
  });

  it('resolves chains through members: both predecessors go to the final successor', () => {
    // DBP into MLA, MLA into a new ward PDB: PDB succeeds both; MLA is no longer a member.
    expect(nextMembership(DB_VT, [merged('DBP', 'MLA'), merged('MLA', 'PDB')])).toEqual([
      ...cluster(['TGI', 'DBI', 'MAN']),
      { unit: 'PDB', order: 4, neverChair: false, succeeds: ['DBP', 'MLA'] },
    ]);
    // ... and to a final successor that is a member.
    expect(nextMembership(DB_VT, [merged('DBP', 'MLA'), merged('MLA', 'TGI')])[0]).toEqual({
      unit: 'TGI',
      order: 1,
      neverChair: false,
      succeeds: ['DBP', 'MLA'],
    });
  });

  it('brings no successor when a chain ends in a dissolution', () => {
    expect(nextMembership(DB_VT, [merged('DBP', 'XDB'), dissolved('XDB')])).toEqual(cluster(['TGI', 'DBI', 'MAN', 'MLA']));
  });

  it('ignores departures of non-members', () => {
    expect(nextMembership(DB_VT, [dissolved('MCH'), merged('TCH', 'DBI'), merged('NPO', 'PNP')])).toEqual(DB_VT);
  });

  it('may leave nobody', () => {
    expect(nextMembership(cluster(['MCH', 'TCH']), [dissolved('MCH'), dissolved('TCH')])).toEqual([]);
  });

  it('refuses a unit listed twice or a shared order', () => {
    expectRotationError(() => nextMembership([...DB_VT, DB_VT[0]!], []), 'TGI is listed twice');
    expectRotationError(
      () => nextMembership([...DB_VT, { unit: 'MCH', order: 1, neverChair: false }], []),
      'TGI and MCH share rotation order 1',
    );
  });

  it('does not change its input', () => {
    const members = structuredClone(DB_VT).reverse();
    const departures = [merged('TGI', 'DBI')];
    const before = structuredClone({ members, departures });
    nextMembership(members, departures);
    rotate(members, 'TGI', 'DBI', { departures });
    expect({ members, departures }).toEqual(before);
  });
});

describe('overrideSchema and excuseSchema', () => {
  const OVERRIDE = { actor: 'snv.tran-thi-lan', chair: 'TGI', deputy: 'DBI', reason: OVERRIDE_REASON };
  const EXCUSE = { actor: 'snv.tran-thi-lan', unit: 'MAN', reason: 'Đăng cai Đại hội Đảng bộ huyện' };

  it('parses a well-formed override and excuse', () => {
    expect(overrideSchema.parse(OVERRIDE)).toEqual(OVERRIDE);
    expect(excuseSchema.parse(EXCUSE)).toEqual(EXCUSE);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'TGI'],
    ['an array', [OVERRIDE]],
    ['no actor', { ...OVERRIDE, actor: undefined }],
    ['a person id in upper case', { ...OVERRIDE, actor: 'SNV.LAN' }],
    ['a unit name instead of a code', { ...OVERRIDE, chair: 'UBND huyện Tuần Giáo' }],
    ['a unit code with spam', { ...OVERRIDE, deputy: 'hình bầu cua tôm cá' }],
    ['a number as the reason', { ...OVERRIDE, reason: 1234567890 }],
    ['an unknown key', { ...OVERRIDE, policy: 'override' }],
  ])('refuses an override with %s', (_what, input) => {
    expect(overrideSchema.safeParse(input).success).toBe(false);
  });

  it.each([
    ['nothing', null],
    ['no unit', { ...EXCUSE, unit: undefined }],
    ['two units', { ...EXCUSE, unit: ['MAN', 'DBP'] }],
    ['a lower-case unit', { ...EXCUSE, unit: 'man' }],
    ['an unknown key', { ...EXCUSE, until: 2030 }],
  ])('refuses an excuse with %s', (_what, input) => {
    expect(excuseSchema.safeParse(input).success).toBe(false);
  });

  it.each([
    ['override', overrideSchema as typeof overrideSchema | typeof excuseSchema, OVERRIDE],
    ['excuse', excuseSchema, EXCUSE],
  ])('refuses a short %s reason, with the reason named', (_what, schema, valid) => {
    const result = schema.safeParse({ ...valid, reason: 'vì lý do' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reason', 'give a reason of at least 10 characters']]);
  });

  it('strips zero-width characters before measuring, and stores the reason NFC', () => {
    for (const schema of [overrideSchema, excuseSchema]) {
      const base = schema === overrideSchema ? OVERRIDE : EXCUSE;
      expect(schema.safeParse({ ...base, reason: '012345678\u200B\u200B\u200B' }).success).toBe(false);
      expect(schema.safeParse({ ...base, reason: 'Mưa lũ to'.normalize('NFD') }).success).toBe(false);
      expect(schema.parse({ ...base, reason: '\u200BMưa lũ lớn\uFEFF'.normalize('NFD') }).reason).toBe('Mưa lũ lớn');
    }
  });

  it('refuses a huge reason without echoing it', () => {
    for (const schema of [overrideSchema, excuseSchema]) {
      const base = schema === overrideSchema ? OVERRIDE : EXCUSE;
      expect(schema.safeParse({ ...base, reason: 'a'.repeat(1000) }).success).toBe(true);
      for (const reason of ['a'.repeat(1001), 'a'.repeat(5001), 'a'.repeat(1_000_000)]) {
        const result = schema.safeParse({ ...base, reason });
        expect(result.success).toBe(false);
        expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
        expect(JSON.stringify(result.error!.issues).length).toBeLessThan(1000);
      }
    }
  });

  it('refuses 5000 zero-width characters around a short reason (the cap applies before stripping)', () => {
    expect(overrideSchema.safeParse({ ...OVERRIDE, reason: `${OVERRIDE_REASON}${'\u200B'.repeat(5000)}` }).success).toBe(false);
    expect(overrideSchema.parse({ ...OVERRIDE, reason: `${OVERRIDE_REASON}${'\u200B'.repeat(4000)}` }).reason).toBe(OVERRIDE_REASON);
  });
});

// ---------------------------------------------------------------------------------------------
// Exhaustive checks over small clusters. The oracle below restates the policy in terms of
// positions on the cycle, independently of the walk in domain/rotation.ts. Tens of thousands of
// cases: each check collects what is wrong, and the test expects nothing to be, so a failure
// lists every failing case rather than the first.

const UNITS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7'];

/** Every subset of `items`, as arrays in the items' order. */
function subsets<T>(items: T[]): T[][] {
  return Array.from({ length: 2 ** items.length }, (_, mask) => items.filter((_, i) => mask & (1 << i)));
}

/** Every ordered pair of distinct items. */
function pairs<T>(items: T[]): [T, T][] {
  return items.flatMap((a) => items.filter((b) => b !== a).map((b) => [a, b] as [T, T]));
}

/** The units strictly after `from` up to (not including) `to`, going round the cycle. */
function between(cycle: string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = (cycle.indexOf(from) + 1) % cycle.length; cycle[i] !== to; i = (i + 1) % cycle.length) out.push(cycle[i]!);
  return out;
}

interface Expected {
  chair: string;
  deputy: string;
  chairSkips: string[];
  deputySkips: string[];
}

/** The policy by positions: the first eligible unit from the deputy on chairs, the first eligible after it deputises. */
function oracle(cycle: string[], deputy: string, eligible: (unit: string) => boolean): Expected | undefined {
  const chair = [deputy, ...between(cycle, deputy, deputy)].find(eligible);
  if (chair === undefined) return undefined;
  const next = between(cycle, chair, chair).find(eligible);
  if (next === undefined) return undefined;
  const chairSkips = chair === deputy ? [] : [deputy, ...between(cycle, deputy, chair)];
  return { chair, deputy: next, chairSkips, deputySkips: between(cycle, chair, next) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What is wrong with a default rotation: the invariants (distinct, eligible members; every skip
 * barred for the reason given; chair skips before deputy skips) and agreement with the oracle.
 */
function problemsWith(r: Rotation, members: NextMember[], barred: Map<string, SkipReason>, expected: Expected): string[] {
  const problems: string[] = [];
  if (r.chair === r.deputy) problems.push(`chair and deputy are both ${r.chair}`);
  for (const unit of [r.chair, r.deputy]) {
    if (!members.some((m) => m.unit === unit)) problems.push(`${unit} is not a member`);
    if (barred.has(unit)) problems.push(`${unit} is barred (${barred.get(unit)})`);
  }
  if (!same(r.members, members)) problems.push(`members ${JSON.stringify(r.members)}`);
  for (const skip of r.skipped) {
    if (barred.get(skip.unit) !== skip.reason)
      problems.push(`${skip.unit} skipped as ${skip.reason}, barred as ${barred.get(skip.unit) ?? 'nothing'}`);
    if (!skip.detail) problems.push(`${skip.unit} skipped without detail`);
  }
  const chairSkips = r.skipped.filter((s) => s.as === 'chair').map((s) => s.unit);
  const deputySkips = r.skipped.filter((s) => s.as === 'deputy').map((s) => s.unit);
  if (
    !same(
      r.skipped.map((s) => s.as),
      [...r.skipped.map((s) => s.as)].sort(),
    )
  )
    problems.push('deputy skips before chair skips');
  if (deputySkips.includes(r.chair)) problems.push('the new chair is recorded as skipped for deputy');
  const got = { chair: r.chair, deputy: r.deputy, chairSkips, deputySkips };
  if (!same(got, expected)) problems.push(`got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  return problems;
}

/** Runs `check` for a case; a thrown error is a problem too. */
function collect(failures: string[], label: string, check: () => string[]): void {
  let problems: string[];
  try {
    problems = check();
  } catch (e) {
    problems = [`threw ${String(e)}`];
  }
  if (problems.length > 0) failures.push(`${label}: ${problems.join('; ')}`);
}

function refused(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    return e instanceof RotationError && e.message.includes('next year') ? [] : [`threw ${String(e)}`];
  }
  return ['expected a RotationError'];
}

describe('nextLeadership: exhaustively, for clusters of 2 to 7 units', () => {
  it('gives, for every chair/deputy pair and every set of never-chair units, an eligible distinct chair and deputy, skipping only never-chair units', () => {
    const failures: string[] = [];
    let rotations = 0;
    let refusals = 0;
    for (let size = 2; size <= 7; size++) {
      const units = UNITS.slice(0, size);
      for (const never of subsets(units)) {
        const members = cluster(units, never);
        const barred = new Map(never.map((u) => [u, SKIP_REASONS.neverChair] as const));
        const eligible = (u: string) => !barred.has(u);
        for (const [chair, deputy] of pairs(units)) {
          const label = `${units.join(',')} never ${never.join(',') || '-'}: ${chair}/${deputy}`;
          const expected = oracle(units, deputy, eligible);
          if (size - never.length < 2) {
            collect(failures, label, () => [
              ...(expected ? ['the oracle found a rotation'] : []),
              ...refused(() => rotate(members, chair, deputy)),
            ]);
            refusals++;
            continue;
          }
          collect(failures, label, () => {
            const r = rotate(members, chair, deputy);
            const problems = problemsWith(r, members, barred, expected!);
            if (eligible(deputy) && r.chair !== deputy) problems.push(`the eligible deputy ${deputy} did not move up`);
            if (r.skipped.some((s) => s.detail !== 'never chairs (marked never-chair)')) problems.push('a skip with another detail');
            if (r.policy !== 'default' || r.defaultChoice || r.override) problems.push('not a plain default rotation');
            return problems;
          });
          rotations++;
        }
      }
    }
    expect(failures).toEqual([]);
    // Σ n(n-1)·2^n over 2..7 units: every pair with every subset, each either rotated or refused.
    expect(rotations + refusals).toBe([2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + n * (n - 1) * 2 ** n, 0));
    expect(rotations).toBeGreaterThan(refusals);
  });

  it('makes every eligible unit chair exactly once per full cycle, from any start, with no departures', () => {
    const failures: string[] = [];
    for (let size = 2; size <= 7; size++) {
      const units = UNITS.slice(0, size);
      for (const never of subsets(units)) {
        const chairing = units.filter((u) => !never.includes(u));
        if (chairing.length < 2) continue;
        const members = cluster(units, never);
        for (const [chair, deputy] of pairs(units)) {
          collect(failures, `${units.join(',')} never ${never.join(',') || '-'}: ${chair}/${deputy}`, () => {
            const problems: string[] = [];
            // The first year may start anywhere (even with a never-chair deputy); from then on the
            // deputy is always the next eligible unit, so the chairs follow the order round.
            const years = simulate(members, chair, deputy, 1 + 3 * chairing.length);
            const chairs = years.map((r) => r.chair);
            for (let round = 0; round < 3; round++) {
              const window = chairs.slice(1 + round * chairing.length, 1 + (round + 1) * chairing.length);
              if (!same([...window].sort(), [...chairing].sort())) problems.push(`round ${round} chairs ${window.join(',')}`);
            }
            for (const [y, r] of years.entries()) {
              if (never.includes(r.chair) || never.includes(r.deputy))
                problems.push(`year ${y}: ${r.chair}/${r.deputy} includes a never-chair unit`);
              if (y > 0 && r.chair !== years[y - 1]!.deputy) problems.push(`year ${y}: the deputy ${years[y - 1]!.deputy} did not move up`);
              if (y > 0 && r.skipped.some((s) => s.as === 'chair')) problems.push(`year ${y}: a chair was skipped`);
            }
            return problems;
          });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  type Status = 'ok' | 'never' | 'excused' | 'dissolved' | 'merged';
  const STATUSES: Status[] = ['ok', 'never', 'excused', 'dissolved', 'merged'];
  const REASON_OF: Record<Exclude<Status, 'ok'>, SkipReason> = {
    never: 'never-chair',
    excused: 'council-consent',
    dissolved: 'dissolved',
    merged: 'merged',
  };

  /** Every assignment of a status to each of `n` units. */
  function assignments(n: number): Status[][] {
    let all: Status[][] = [[]];
    for (let i = 0; i < n; i++) all = all.flatMap((a) => STATUSES.map((s) => [...a, s]));
    return all;
  }

  it('agrees with the oracle for every mix of eligible, never-chair, excused, dissolved and merged units (2 to 5 units)', () => {
    // Merged units all go into one new unit NEW, which joins at the end and may serve.
    const failures: string[] = [];
    let rotations = 0;
    let refusals = 0;
    for (let size = 2; size <= 5; size++) {
      const units = UNITS.slice(0, size);
      for (const statuses of assignments(size)) {
        const of = (u: string) => statuses[units.indexOf(u)]!;
        const never = units.filter((u) => of(u) === 'never');
        const members = cluster(units, never);
        const departures = units.flatMap((u): Departure[] =>
          of(u) === 'dissolved' ? [dissolved(u)] : of(u) === 'merged' ? [merged(u, 'NEW')] : [],
        );
        const excused = units.filter((u) => of(u) === 'excused').map((unit) => ({ unit, reason: `lý do của ${unit}` }));
        const mergedUnits = units.filter((u) => of(u) === 'merged');
        const staying = units.filter((u) => of(u) !== 'dissolved' && of(u) !== 'merged');
        const next: NextMember[] = [
          ...cluster(staying, never),
          ...(mergedUnits.length > 0 ? [{ unit: 'NEW', order: staying.length + 1, neverChair: false, succeeds: mergedUnits }] : []),
        ];
        const situation = units.map((u) => `${u}:${of(u)}`).join(',');
        collect(failures, `${situation} nextMembership`, () =>
          same(nextMembership(members, departures), next) ? [] : ['wrong membership'],
        );
        const barred = new Map(units.filter((u) => of(u) !== 'ok').map((u) => [u, REASON_OF[of(u) as Exclude<Status, 'ok'>]] as const));
        const cycle = mergedUnits.length > 0 ? [...units, 'NEW'] : units;
        const eligible = (u: string) => !barred.has(u);
        for (const [chair, deputy] of pairs(units)) {
          const label = `${situation}: ${chair}/${deputy}`;
          const expected = oracle(cycle, deputy, eligible);
          if (!expected) {
            collect(failures, label, () => [
              ...(cycle.filter(eligible).length >= 2 ? ['the oracle found no rotation'] : []),
              ...refused(() => rotate(members, chair, deputy, { departures, excused })),
            ]);
            refusals++;
            continue;
          }
          collect(failures, label, () => {
            const r = rotate(members, chair, deputy, { departures, excused });
            const problems = problemsWith(r, next, barred, expected);
            for (const s of r.skipped) {
              if (s.reason === 'merged' && s.detail !== `merged into NEW from 2025-07-01: ${MERGER_2025}`)
                problems.push(`detail ${s.detail}`);
              if (s.reason === 'council-consent' && s.detail !== `excused with the council's consent: lý do của ${s.unit}`)
                problems.push(`detail ${s.detail}`);
            }
            return problems;
          });
          rotations++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(rotations + refusals).toBe([2, 3, 4, 5].reduce((sum, n) => sum + n * (n - 1) * 5 ** n, 0));
    expect(rotations).toBeGreaterThan(10_000);
    expect(refusals).toBeGreaterThan(1_000);
  });
});

describe('rotationAsItStands: what the hand-over records from the stored facts', () => {
  it('follows an override that still holds', () => {
    const facts: RotationInput = {
      members: DB_VT,
      chair: 'TGI',
      deputy: 'DBI',
      departures: [],
      excused: [],
      override: override('MAN', 'DBP'),
    };
    const r = rotationAsItStands(facts);
    expect([r.chair, r.deputy, r.policy, r.overrideSetAside]).toEqual(['MAN', 'DBP', 'override', undefined]);
  });

  it('sets aside an override naming a unit merged away since, and says why: the order stands', () => {
    const facts: RotationInput = {
      members: DB_VT,
      chair: 'TGI',
      deputy: 'DBI',
      departures: [merged('DBP', 'DBI')],
      excused: [],
      override: override('MAN', 'DBP'),
    };
    const r = rotationAsItStands(facts);
    expect([r.chair, r.deputy, r.policy]).toEqual(['DBI', 'MAN', 'default']);
    expect(r.overrideSetAside).toMatch(/^MAN\/DBP: the deputy DBP leaves the cluster: merged into DBI/);
  });
});
