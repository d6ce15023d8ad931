import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, parseIsoMicros } from '../../core/time.js';
import { calendarByName } from '../calendar/index.js';
import { gapCheckable, missingBars } from './calendarGaps.js';

const nyse = calendarByName('nyse');
const fx = calendarByName('fx24x5');
const t = (s: string): number => parseIsoMicros(s);
const M30 = 30 * MICROS_PER_MINUTE;

describe('missingBars, intraday', () => {
  it('counts nothing for consecutive bars, overnight or over a weekend', () => {
    // NYSE 2024-01-05 (Fri) 15:30 EST bar (20:30Z), next bar Mon 2024-01-08 09:30 EST (14:30Z).
    expect(missingBars(nyse, t('2024-01-05T20:30:00Z'), t('2024-01-08T14:30:00Z'), M30)).toBe(0);
    expect(missingBars(nyse, t('2024-01-08T14:30:00Z'), t('2024-01-08T15:00:00Z'), M30)).toBe(0);
  });

  it('counts the missing 30-minute slots inside a session', () => {
    // 10:00 → 11:30 EST: 10:30 and 11:00 are missing.
    expect(missingBars(nyse, t('2024-01-08T15:00:00Z'), t('2024-01-08T16:30:00Z'), M30)).toBe(2);
  });

  it('counts a whole missing session (13 half-hour bars) and respects an early close', () => {
    // Last bar Mon 15:30 EST, next Wed 09:30 EST: Tuesday's 13 bars are missing.
    expect(missingBars(nyse, t('2024-01-08T20:30:00Z'), t('2024-01-10T14:30:00Z'), M30)).toBe(13);
    // 2023-11-24 closes at 13:00 EST (7 bars from 09:30): from Wed 15:30 to Mon 09:30 only Friday's 7 are missing
    // (Thursday is Thanksgiving).
    expect(missingBars(nyse, t('2023-11-22T20:30:00Z'), t('2023-11-27T14:30:00Z'), M30)).toBe(7);
  });

  it('expects FX bars from the Sunday 17:00 New York open', () => {
    // USDCHF-style week start at 22:00Z in summer (Zurich midnight); the fx24x5 week opens at 21:00Z (17:00 EDT):
    // 21:00 and 21:30 are missing. Friday's last bar 20:30Z (16:30 EDT) closes the week.
    expect(missingBars(fx, t('1996-07-05T20:30:00Z'), t('1996-07-07T22:00:00Z'), M30)).toBe(2);
  });
});

describe('missingBars, daily', () => {
  it('counts missing sessions by date whichever way daily bars are stamped', () => {
    // 00:00 UTC stamps: Fri 2024-01-05 → Tue 2024-01-09 misses Monday.
    expect(missingBars(nyse, t('2024-01-05T00:00:00Z'), t('2024-01-09T00:00:00Z'), MICROS_PER_DAY)).toBe(1);
    // Session-open stamps across the DST change (Fri 2024-03-08 09:30 EST → Mon 2024-03-11 09:30 EDT): none.
    expect(missingBars(nyse, t('2024-03-08T14:30:00Z'), t('2024-03-11T13:30:00Z'), MICROS_PER_DAY)).toBe(0);
    // The post-9/11 closure (2001-09-11..14) is no gap: the exchange was closed.
    expect(missingBars(nyse, t('2001-09-10T00:00:00Z'), t('2001-09-17T00:00:00Z'), MICROS_PER_DAY)).toBe(0);
    // Good Friday 2024-03-29 is a holiday: Thu → Mon misses nothing.
    expect(missingBars(nyse, t('2024-03-28T00:00:00Z'), t('2024-04-01T00:00:00Z'), MICROS_PER_DAY)).toBe(0);
  });

  it('does not check weekly bars', () => {
    expect(gapCheckable(7 * MICROS_PER_DAY)).toBe(false);
    expect(gapCheckable(4 * MICROS_PER_HOUR)).toBe(true);
    expect(missingBars(nyse, t('2024-01-05T00:00:00Z'), t('2024-02-05T00:00:00Z'), 7 * MICROS_PER_DAY)).toBe(
      0,
    );
  });
});
