/**
 * America/New_York wall-clock time → UTC from the US daylight-saving rules
 * (Energy Policy Acts of 1986 and 2005), so calendars need no time-zone
 * database. Valid for 1987 onwards and for wall-clock times from 03:00 to
 * 24:00, where the offset depends on the date alone (every session edge the
 * calendars use lies there).
 */
import { MICROS_PER_DAY, MICROS_PER_MINUTE, type Micros } from '../../core/time.js';
import { lastWeekdayOfMonth, nthWeekdayOfMonth, yearOf } from './civilDate.js';

/** First year the rules below describe. */
export const NEW_YORK_RULES_FROM_YEAR = 1987;

/**
 * True when daylight time is in force at 03:00–24:00 New York time on `epochDay`:
 * 1987–2006 from the first Sunday of April to the last Sunday of October,
 * since 2007 from the second Sunday of March to the first Sunday of November.
 */
export function isNewYorkDaylightTime(epochDay: number): boolean {
  const y = yearOf(epochDay);
  if (y < NEW_YORK_RULES_FROM_YEAR)
    throw new RangeError(`New York DST rules are encoded from 1987, not ${y}`);
  let start: number;
  let end: number;
  if (y < 2007) {
    start = nthWeekdayOfMonth(y, 4, 0, 1);
    end = lastWeekdayOfMonth(y, 10, 0);
  } else {
    start = nthWeekdayOfMonth(y, 3, 0, 2);
    end = nthWeekdayOfMonth(y, 11, 0, 1);
  }
  return epochDay >= start && epochDay < end;
}

/** UTC offset of New York wall-clock time on `epochDay` (03:00–24:00), minutes (−240 or −300). */
export function newYorkUtcOffsetMinutes(epochDay: number): number {
  return isNewYorkDaylightTime(epochDay) ? -240 : -300;
}

/** Epoch µs of New York wall-clock `minuteOfDay` (180..1440) on local date `epochDay`. */
export function newYorkLocalToMicros(epochDay: number, minuteOfDay: number): Micros {
  return epochDay * MICROS_PER_DAY + (minuteOfDay - newYorkUtcOffsetMinutes(epochDay)) * MICROS_PER_MINUTE;
}
