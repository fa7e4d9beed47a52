import { describe, it, expect } from 'vitest';
import { formatVietnamClock, formatVietnamDate, formatVietnamTime, vietnamIsoDate } from '../../domain/time.ts';

describe('formatVietnamTime', () => {
  it('gives Vietnam (UTC+7) wall time', () => {
    expect(formatVietnamTime(Date.parse('2018-03-31T10:00:00Z'))).toBe('17:00:00 ngày 31/03/2018');
  });

  it('says the same time in English in the same order', () => {
    expect(formatVietnamTime(Date.parse('2018-03-31T10:00:00Z'), 'en')).toBe('17:00:00 on 31/03/2018');
  });

  it('reads a +07:00 instant back as the same wall time', () => {
    expect(formatVietnamTime(Date.parse('2018-03-31T17:00:00+07:00'))).toBe('17:00:00 ngày 31/03/2018');
  });

  it('moves to the next day across the UTC date boundary', () => {
    expect(formatVietnamTime(Date.parse('2018-03-31T20:00:00Z'))).toBe('03:00:00 ngày 01/04/2018');
  });

  it('moves to the next year across the UTC year boundary', () => {
    expect(formatVietnamTime(Date.parse('2018-12-31T17:00:00Z'))).toBe('00:00:00 ngày 01/01/2019');
  });

  it('stays on the same day one second before the Vietnam midnight', () => {
    expect(formatVietnamTime(Date.parse('2018-12-31T16:59:59Z'))).toBe('23:59:59 ngày 31/12/2018');
  });

  it('handles the leap day', () => {
    expect(formatVietnamTime(Date.parse('2020-02-28T18:30:05Z'))).toBe('01:30:05 ngày 29/02/2020');
  });

  it('pads hours, minutes, seconds, day and month with zeros', () => {
    expect(formatVietnamTime(Date.parse('2018-01-04T02:03:04+07:00'))).toBe('02:03:04 ngày 04/01/2018');
  });

  it('drops milliseconds rather than rounding them up', () => {
    expect(formatVietnamTime(Date.parse('2018-03-31T10:00:00.999Z'))).toBe('17:00:00 ngày 31/03/2018');
  });

  it('formats the epoch as 07:00 on 1 January 1970', () => {
    expect(formatVietnamTime(0)).toBe('07:00:00 ngày 01/01/1970');
  });

  it('has no daylight-saving shift: the offset is +7 in January and July alike', () => {
    expect(formatVietnamTime(Date.parse('2018-01-15T01:00:00Z'))).toBe('08:00:00 ngày 15/01/2018');
    expect(formatVietnamTime(Date.parse('2018-07-15T01:00:00Z'))).toBe('08:00:00 ngày 15/07/2018');
  });
});

describe('formatVietnamDate', () => {
  it('gives the day in Vietnam, which is the next day from 17:00 UTC', () => {
    expect(formatVietnamDate(Date.parse('2018-12-20T16:59:59Z'))).toBe('20/12/2018');
    expect(formatVietnamDate(Date.parse('2018-12-20T17:00:00Z'))).toBe('21/12/2018');
  });
});

describe('vietnamIsoDate and formatVietnamClock', () => {
  it("give Vietnam's day as stored (yyyy-mm-dd), already the next day after 17:00 UTC", () => {
    expect(vietnamIsoDate(Date.parse('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(vietnamIsoDate(Date.parse('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(vietnamIsoDate(Date.parse('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
  });

  it("give Vietnam's time of day", () => {
    expect(formatVietnamClock(Date.parse('2018-03-31T20:05:09Z'))).toBe('03:05:09');
  });
});
