import { describe, expect, it } from 'vitest';
import { dateToEpochDay, MICROS_PER_DAY, parseIsoMicros } from '../../core/time.js';
import { epochDayOf } from './civilDate.js';
import { isNewYorkDaylightTime, newYorkLocalToMicros, newYorkUtcOffsetMinutes } from './newYorkTime.js';

const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Offset of New York at an instant according to the platform's tz database (ICU), minutes. */
function icuOffsetMinutes(epochMs: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(epochMs)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  return Math.round((wall - epochMs) / 60_000);
}

describe('New York UTC offsets from the US DST rules', () => {
  it('agree with the tz database at local noon on every day 1990–2040', () => {
    const mismatches: string[] = [];
    for (let day = epochDayOf(1990, 1, 1); day < epochDayOf(2041, 1, 1); day++) {
      // 16:00 UTC is 11:00 or 12:00 in New York, after any 02:00 switch that day.
      const icu = icuOffsetMinutes(day * 86_400_000 + 16 * 3_600_000);
      if (icu !== newYorkUtcOffsetMinutes(day)) mismatches.push(String(day));
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    // [last day of standard time, first day of daylight time, last day of daylight time, first standard day]
    ['1990-03-31', '1990-04-01', '1990-10-27', '1990-10-28'],
    ['2006-04-01', '2006-04-02', '2006-10-28', '2006-10-29'],
    ['2007-03-10', '2007-03-11', '2007-11-03', '2007-11-04'],
    ['2020-03-07', '2020-03-08', '2020-10-31', '2020-11-01'],
  ])('switches on both sides of the %s / %s transitions', (stdBefore, dstFirst, dstLast, stdAfter) => {
    expect(isNewYorkDaylightTime(dateToEpochDay(stdBefore))).toBe(false);
    expect(isNewYorkDaylightTime(dateToEpochDay(dstFirst))).toBe(true);
    expect(isNewYorkDaylightTime(dateToEpochDay(dstLast))).toBe(true);
    expect(isNewYorkDaylightTime(dateToEpochDay(stdAfter))).toBe(false);
  });

  it('converts wall-clock minutes to UTC instants', () => {
    expect(newYorkLocalToMicros(dateToEpochDay('2020-03-06'), 570)).toBe(
      parseIsoMicros('2020-03-06T14:30:00Z'),
    );
    expect(newYorkLocalToMicros(dateToEpochDay('2020-03-09'), 570)).toBe(
      parseIsoMicros('2020-03-09T13:30:00Z'),
    );
    expect(newYorkLocalToMicros(dateToEpochDay('2020-03-08'), 17 * 60)).toBe(
      parseIsoMicros('2020-03-08T21:00:00Z'),
    );
    const jan = dateToEpochDay('2000-01-15');
    expect(newYorkLocalToMicros(jan, 180) - jan * MICROS_PER_DAY).toBe(8 * 3_600_000_000);
  });

  it('refuses years before the 1987 rules', () => {
    expect(() => isNewYorkDaylightTime(epochDayOf(1986, 6, 1))).toThrow(RangeError);
  });
});
