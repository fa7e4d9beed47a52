import { describe, it, expect } from 'vitest';
import { formatIsoDuration, parseIsoDuration } from '../../domain/duration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseIsoDuration', () => {
  it.each([
    ['P7D', 7 * DAY],
    ['PT4S', 4 * SECOND],
    ['P1DT12H', DAY + 12 * HOUR],
    ['PT0.5S', 500],
    ['P1W', 7 * DAY],
    ['P2W', 14 * DAY],
    ['P1W2D', 9 * DAY],
    ['PT1M', MINUTE],
    ['PT2H30M', 2 * HOUR + 30 * MINUTE],
    ['PT90S', 90 * SECOND],
    ['P1DT1H1M1S', DAY + HOUR + MINUTE + SECOND],
    ['PT1.25S', 1250],
    ['P0D', 0],
    ['PT0S', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it('reads PT1M as one minute, not one month', () => {
    expect(parseIsoDuration('PT1M')).toBe(60_000);
  });

  it.each([
    ['P', 'no component at all'],
    ['PT', 'a time designator with nothing after it'],
    ['P1DT', 'a dangling time designator after days'],
    ['P1Y', 'years (length depends on the date)'],
    ['P1M', 'months (ISO P1M is a month, not a minute)'],
    ['P1Y2M3D', 'years and months mixed with days'],
    ['-P1D', 'a negative duration'],
    ['P-1D', 'a negative component'],
    ['PT-4S', 'negative seconds'],
    ['', 'the empty string'],
    ['7D', 'no leading P'],
    ['p7d', 'lower case'],
    ['P7D ', 'trailing space'],
    [' P7D', 'leading space'],
    ['P7D\n', 'trailing newline'],
    ['P1H', 'hours without the T designator'],
    ['PT1D', 'days inside the time part'],
    ['P1.5D', 'fractional days'],
    ['PT1,5S', 'decimal comma'],
    ['PT.5S', 'a fraction without a whole part'],
    ['P1D7W', 'components out of order'],
    ['PT4S4S', 'a repeated component'],
    ['seven days', 'junk'],
    ['P7DT4S; DROP TABLE', 'trailing junk'],
  ])('refuses %j (%s)', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('formatIsoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [4 * SECOND, 'PT4S'],
    [MINUTE, 'PT1M'],
    [HOUR, 'PT1H'],
    [7 * DAY, 'P7D'],
    [DAY + 12 * HOUR, 'P1DT12H'],
    [DAY + HOUR + MINUTE + SECOND, 'P1DT1H1M1S'],
    [2 * HOUR + 30 * MINUTE, 'PT2H30M'],
    [90 * SECOND, 'PT1M30S'],
    [14 * DAY, 'P14D'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatIsoDuration(ms)).toBe(text);
  });

  it('never writes months or years, even for long spans', () => {
    const text = formatIsoDuration(400 * DAY);
    expect(text).toBe('P400D');
    expect(text).not.toMatch(/[YM]/);
  });

  it.each(['P7D', 'PT4S', 'P1DT12H', 'PT1M', 'PT2H30M', 'P1DT1H1M1S', 'PT0S'])('round-trips %s through parse and format', (text) => {
    const ms = parseIsoDuration(text);
    expect(ms).toBeDefined();
    expect(formatIsoDuration(ms!)).toBe(text);
  });

  it('round-trips weeks as the equivalent days', () => {
    expect(formatIsoDuration(parseIsoDuration('P2W')!)).toBe('P14D');
  });

  it.each([0, 1000, 59_000, 60_000, 3_599_000, 3_600_000, 86_399_000, 86_400_000, 90_061_000, 31 * DAY + 5 * SECOND])(
    'parse(format(%d)) gives back the same whole-second span',
    (ms) => {
      expect(parseIsoDuration(formatIsoDuration(ms))).toBe(ms);
    },
  );

  // parseIsoDuration accepts fractional seconds ("PT0.5S" is 500 ms), so the formatter that
  // compressedCalendar relies on should be able to write them back. It rounds to whole seconds.
  it.each([500, 1500, 2250])('parse(format(%d)) keeps sub-second spans (fractional seconds)', (ms) => {
    expect(parseIsoDuration(formatIsoDuration(ms))).toBe(ms);
  });
});
