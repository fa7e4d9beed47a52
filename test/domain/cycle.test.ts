import { describe, it, expect } from 'vitest';
import { defaultCalendar } from '../../domain/calendar.ts';
import { campaignSchema, cycleInputSchema, defaultCampaigns, nextYearCampaigns, PHASES } from '../../domain/cycle.ts';

function validInput(): { cluster: string; year: number; calendar: unknown; campaigns: { code: string; title: string }[] } {
  return { cluster: 'DB-VT', year: 2018, calendar: defaultCalendar(2018), campaigns: defaultCampaigns(2018) };
}

function paths(input: unknown): string[] {
  const result = cycleInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('defaultCampaigns', () => {
  it('names the three standing campaigns, the first for the given year', () => {
    const campaigns = defaultCampaigns(2018);
    expect(campaigns.map((c) => c.code)).toEqual(['KTXH', 'NTM', 'VNGN']);
    expect(campaigns[0]?.title).toContain('năm 2018');
    expect(defaultCampaigns(2019)[0]?.title).toContain('năm 2019');
  });

  it('passes the campaign schema unchanged', () => {
    for (const campaign of defaultCampaigns(2018)) expect(campaignSchema.parse(campaign)).toEqual(campaign);
  });
});

describe('cycleInputSchema', () => {
  it('accepts a valid input with the default campaigns', () => {
    const result = cycleInputSchema.safeParse(validInput());
    expect(result.success).toBe(true);
    expect(result.data?.cluster).toBe('DB-VT');
    expect(result.data?.year).toBe(2018);
    expect(result.data?.campaigns).toEqual(defaultCampaigns(2018));
    expect(result.data?.calendar.pledge.deadline).toBe('2018-03-31T17:00:00+07:00');
  });

  it.each(['ktxh', 'KTXH 2018', 'KTXH.1', '-KTXH', '_KTXH', '', 'A'.repeat(33), 'THI ĐUA', 'hình bầu cua tôm cá'])(
    'refuses the campaign code %j',
    (code) => {
      const input = validInput();
      input.campaigns[1] = { code, title: 'Cả nước chung sức xây dựng nông thôn mới' };
      expect(paths(input)).toEqual(['campaigns.1.code']);
    },
  );

  it.each(['K', '1', 'A'.repeat(32), 'KT-XH_2018', '2018'])('accepts the campaign code %j', (code) => {
    const input = validInput();
    input.campaigns[0] = { code, title: 'Thi đua yêu nước' };
    expect(paths(input)).toEqual([]);
  });

  it('refuses an empty campaign list', () => {
    const input = validInput();
    input.campaigns = [];
    expect(paths(input)).toEqual(['campaigns']);
  });

  it('accepts 20 campaigns and refuses 21', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `C${i}`, title: `Phong trào ${i}` }));
    expect(paths({ ...validInput(), campaigns: many(20) })).toEqual([]);
    expect(paths({ ...validInput(), campaigns: many(21) })).toEqual(['campaigns']);
  });

  it.each([1999, 2101, 0, -2018, 2018.5])('refuses the year %d', (year) => {
    expect(paths({ ...validInput(), year })).toEqual(['year']);
  });

  it.each([2000, 2100])('accepts the year %d', (year) => {
    expect(paths({ ...validInput(), year })).toEqual([]);
  });

  it('refuses the year as a string', () => {
    expect(paths({ ...validInput(), year: '2018' })).toEqual(['year']);
  });

  it('refuses a bad cluster code', () => {
    expect(paths({ ...validInput(), cluster: 'db-vt' })).toEqual(['cluster']);
  });

  it('refuses unknown keys, at the top level and in a campaign', () => {
    const top = cycleInputSchema.safeParse({ ...validInput(), chair: 'DBI' });
    expect(top.success).toBe(false);
    expect(top.error?.issues[0]?.code).toBe('unrecognized_keys');

    const input = validInput();
    const inCampaign = cycleInputSchema.safeParse({ ...input, campaigns: [{ ...input.campaigns[0], owner: 'snv.ha' }] });
    expect(inCampaign.success).toBe(false);
    expect(inCampaign.error?.issues[0]?.path).toEqual(['campaigns', 0]);
  });

  it('refuses a missing calendar and an invalid one', () => {
    const noCalendar: Partial<ReturnType<typeof validInput>> = validInput();
    delete noCalendar.calendar;
    expect(paths(noCalendar)).toEqual(['calendar']);

    const bad = structuredClone(defaultCalendar(2018));
    bad.pledge.opensAt = '2018-01-01T08:00:00+07:00';
    expect(paths({ ...validInput(), calendar: bad })).toEqual(['calendar.pledge.opensAt']);
  });

  it('refuses titles shorter than 3 or longer than 300 characters', () => {
    expect(paths({ ...validInput(), campaigns: [{ code: 'X', title: 'ab' }] })).toEqual(['campaigns.0.title']);
    expect(paths({ ...validInput(), campaigns: [{ code: 'X', title: 'a'.repeat(301) }] })).toEqual(['campaigns.0.title']);
    expect(paths({ ...validInput(), campaigns: [{ code: 'X', title: 'a'.repeat(300) }] })).toEqual([]);
  });

  it('normalises campaign titles to NFC', () => {
    const nfd = 'Cả nước chung sức xây dựng nông thôn mới'.normalize('NFD');
    const parsed = cycleInputSchema.parse({ ...validInput(), campaigns: [{ code: 'NTM', title: nfd }] });
    expect(parsed.campaigns[0]?.title).toBe('Cả nước chung sức xây dựng nông thôn mới');
    expect(parsed.campaigns[0]?.title).not.toBe(nfd);
  });

  it('strips zero-width characters from campaign titles', () => {
    const parsed = cycleInputSchema.parse({ ...validInput(), campaigns: [{ code: 'NTM', title: '\uFEFFNông\u200B thôn mới\u2060' }] });
    expect(parsed.campaigns[0]?.title).toBe('Nông thôn mới');
  });

  it('does not normalise the cluster code or the campaign code (they are ASCII)', () => {
    const parsed = cycleInputSchema.parse(validInput());
    expect(parsed.campaigns.map((c) => c.code)).toEqual(['KTXH', 'NTM', 'VNGN']);
  });

  // The length limits are checked before normaliseText runs, so they measure the raw input.
  it('refuses a title that is only zero-width characters (it would be stored empty)', () => {
    const result = cycleInputSchema.safeParse({ ...validInput(), campaigns: [{ code: 'X', title: '\u200B\u200B\u200B' }] });
    expect(result.success).toBe(false);
  });

  it('judges a title length by its NFC form: 150 "ầ" are as valid in NFD as in NFC', () => {
    const nfc = 'ầ'.repeat(150);
    expect(paths({ ...validInput(), campaigns: [{ code: 'X', title: nfc }] })).toEqual([]);
    expect(paths({ ...validInput(), campaigns: [{ code: 'X', title: nfc.normalize('NFD') }] })).toEqual([]);
  });
});

describe('PHASES', () => {
  it('has distinct values and the pledges-closed spelling', () => {
    const values = Object.values(PHASES);
    expect(new Set(values).size).toBe(values.length);
    expect(PHASES.pledgesClosed).toBe('pledges-closed');
  });
});

describe('nextYearCampaigns', () => {
  it("moves the default campaigns on to next year's defaults, same codes", () => {
    expect(nextYearCampaigns(defaultCampaigns(2018), 2018)).toEqual(defaultCampaigns(2019));
    expect(nextYearCampaigns(defaultCampaigns(2018), 2018).map((c) => c.code)).toEqual(['KTXH', 'NTM', 'VNGN']);
  });

  it('replaces every standalone occurrence of the year, wherever it stands', () => {
    const campaigns = [{ code: 'X', title: '2018: về đích năm 2018 (2018), 12/2018, 2018-2020' }];
    expect(nextYearCampaigns(campaigns, 2018)[0]?.title).toBe('2019: về đích năm 2019 (2019), 12/2019, 2019-2020');
  });

  it('leaves other years and the year inside a longer number or word alone', () => {
    const title = 'Giai đoạn 2016–2020, năm 2017, mã 20180, 120180, KTXH2018, năm2018, 2018x, 2018_';
    expect(nextYearCampaigns([{ code: 'X', title }], 2018)[0]?.title).toBe(title);
  });

  it('keeps titles without the year as they are, and does not change the campaigns given', () => {
    const campaigns = defaultCampaigns(2018);
    const copy = structuredClone(campaigns);
    const next = nextYearCampaigns(campaigns, 2018);
    expect(campaigns).toEqual(copy);
    expect(next[1]).toEqual(campaigns[1]);
    expect(next[1]).not.toBe(campaigns[1]);
  });

  it('gives campaigns the campaign schema accepts, and chains 2018 → 2019 → 2020', () => {
    const next = nextYearCampaigns(nextYearCampaigns(defaultCampaigns(2018), 2018), 2019);
    expect(next).toEqual(defaultCampaigns(2020));
    for (const campaign of next) expect(campaignSchema.parse(campaign)).toEqual(campaign);
  });

  it('moves nothing when the title names another year', () => {
    expect(nextYearCampaigns(defaultCampaigns(2018), 2017)).toEqual(defaultCampaigns(2018));
    expect(nextYearCampaigns([], 2018)).toEqual([]);
  });
});
