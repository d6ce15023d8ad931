/**
 * Proleptic Gregorian calendar arithmetic on epoch days (days since
 * 1970-01-01): the few rules holiday calendars are written in (n-th weekday
 * of a month, Easter). Hand-written because Date objects allocate and carry a
 * time zone, and these run once per day when a calendar is built.
 */

/** Day of week of an epoch day: 0 = Sunday … 6 = Saturday. */
export function weekday(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Epoch day of the civil date year-month-day (month 1..12). */
export function epochDayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Civil year of an epoch day. */
export function yearOf(epochDay: number): number {
  return new Date(epochDay * 86_400_000).getUTCFullYear();
}

/** Epoch day of the n-th (1-based) `wd` weekday (0 = Sunday) of a month. */
export function nthWeekdayOfMonth(year: number, month: number, wd: number, n: number): number {
  const first = epochDayOf(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** Epoch day of the last `wd` weekday (0 = Sunday) of a month. */
export function lastWeekdayOfMonth(year: number, month: number, wd: number): number {
  const last = epochDayOf(year, month + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Epoch day of Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayOf(year, month, day);
}
