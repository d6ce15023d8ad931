/**
 * The NYSE trading schedule from 1990 on, as rules in New York wall-clock
 * minutes: regular hours 09:30–16:00, the holidays in force each year, the
 * scheduled early closes, and the unscheduled closures and shortened sessions
 * since 1990. Hand-written from the NYSE rules (no calendar package is a
 * dependency); cross-checked against published yearly trading-day counts and
 * real daily prices in the tests.
 */
import { dateToEpochDay } from '../../core/time.js';
import { easterSunday, epochDayOf, lastWeekdayOfMonth, nthWeekdayOfMonth, weekday } from './civilDate.js';

/** First year whose rules are encoded. */
export const NYSE_FIRST_YEAR = 1990;
/** 09:30 New York, minutes after midnight. */
export const NYSE_OPEN_MINUTE = 570;
/** 16:00 New York, minutes after midnight. */
export const NYSE_CLOSE_MINUTE = 960;

/** One NYSE trading day in New York wall-clock minutes. */
export interface NyseDay {
  readonly epochDay: number;
  readonly openMinute: number;
  readonly closeMinute: number;
  /** Scheduled early close (holiday eve), as opposed to an unscheduled shortened session. */
  readonly earlyClose: boolean;
}

/** Whole-day closures outside the holiday rules: days of mourning, 9/11, Hurricane Sandy. */
const UNSCHEDULED_CLOSURES: readonly string[] = [
  '1994-04-27', // President Nixon's funeral
  '2001-09-11', // September 11 attacks, market closed through Friday
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11', // President Reagan's funeral
  '2007-01-02', // President Ford's day of mourning
  '2012-10-29', // Hurricane Sandy
  '2012-10-30',
  '2018-12-05', // President G. H. W. Bush's day of mourning
  '2025-01-09', // President Carter's day of mourning
];

/**
 * Unscheduled shortened sessions [date, open minute, close minute]. Delays of
 * a few minutes for moments of silence are left out: bars are still printed
 * from 09:30 by data vendors, so they would only desynchronise the grid.
 */
const UNSCHEDULED_HOURS: ReadonlyArray<readonly [string, number, number]> = [
  ['1994-02-11', 570, 870], // snowstorm, closed 14:30
  ['1995-12-18', 630, 960], // computer problems, opened 10:30
  ['1996-01-08', 660, 840], // blizzard: opened 11:00, closed 14:00 (not a full closure)
  ['1997-10-27', 570, 930], // circuit breakers halted trading at 15:30
  ['2002-09-11', 720, 960], // first anniversary of 9/11, opened 12:00
];

/**
 * Ad-hoc scheduled 13:00 closes outside the yearly rules. 1999-12-31 is not
 * one: the NYSE's own closings history lists no early close for it, though
 * some calendars carry one.
 */
const EXTRA_EARLY_CLOSES: readonly string[] = ['1997-12-26', '2003-12-26'];

/** Saturday → preceding Friday, Sunday → following Monday (NYSE Rule 7.2 observance). */
function observed(day: number): number {
  const wd = weekday(day);
  if (wd === 6) return day - 1;
  if (wd === 0) return day + 1;
  return day;
}

/** Epoch days of the full-day holidays of `year` that fall on weekdays (by rule, ≥ 1990). */
export function nyseHolidays(year: number): number[] {
  const out: number[] = [];
  // New Year's Day: a Saturday New Year is not moved to Friday, which closes a month, quarter and year.
  const ny = epochDayOf(year, 1, 1);
  if (weekday(ny) !== 6) out.push(observed(ny));
  if (year >= 1998) out.push(nthWeekdayOfMonth(year, 1, 1, 3)); // Martin Luther King Jr. Day
  out.push(nthWeekdayOfMonth(year, 2, 1, 3)); // Washington's Birthday
  out.push(easterSunday(year) - 2); // Good Friday
  out.push(lastWeekdayOfMonth(year, 5, 1)); // Memorial Day
  if (year >= 2022) out.push(observed(epochDayOf(year, 6, 19))); // Juneteenth
  out.push(observed(epochDayOf(year, 7, 4))); // Independence Day
  out.push(nthWeekdayOfMonth(year, 9, 1, 1)); // Labor Day
  out.push(nthWeekdayOfMonth(year, 11, 4, 4)); // Thanksgiving
  out.push(observed(epochDayOf(year, 12, 25))); // Christmas
  return out.sort((a, b) => a - b);
}

/** Scheduled early closes of `year` as [epoch day, close minute]. */
export function nyseEarlyCloses(year: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // 14:00 closes until 1992, 13:00 since 1993.
  const close = year <= 1992 ? 840 : 780;
  if (year >= 1992) out.push([nthWeekdayOfMonth(year, 11, 4, 4) + 1, close]); // day after Thanksgiving
  const xmasEve = epochDayOf(year, 12, 24);
  const xmasEveWd = weekday(xmasEve);
  if (xmasEveWd >= 1 && xmasEveWd <= 4) out.push([xmasEve, close]);
  const july3 = epochDayOf(year, 7, 3);
  const july3Wd = weekday(july3);
  // July 3 on Mon/Tue/Thu since 1995; on Wednesday since 2013; until 2012 the Friday after a Thursday July 4.
  if (year >= 1995 && (july3Wd === 1 || july3Wd === 2 || july3Wd === 4)) out.push([july3, 780]);
  if (year >= 2013 && july3Wd === 3) out.push([july3, 780]);
  if (year >= 1996 && year <= 2012 && july3Wd === 3) out.push([july3 + 2, 780]);
  for (const d of EXTRA_EARLY_CLOSES) {
    const day = dateToEpochDay(d);
    if (Number(d.slice(0, 4)) === year) out.push([day, 780]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Every NYSE trading day of `year`, in order. */
export function nyseTradingDays(year: number): NyseDay[] {
  if (year < NYSE_FIRST_YEAR)
    throw new RangeError(`NYSE rules are encoded from ${NYSE_FIRST_YEAR}, not ${year}`);
  const closed = new Set(nyseHolidays(year));
  for (const d of UNSCHEDULED_CLOSURES) closed.add(dateToEpochDay(d));
  const early = new Map(nyseEarlyCloses(year));
  const special = new Map<number, readonly [string, number, number]>();
  for (const h of UNSCHEDULED_HOURS) special.set(dateToEpochDay(h[0]), h);
  const out: NyseDay[] = [];
  const end = epochDayOf(year + 1, 1, 1);
  for (let day = epochDayOf(year, 1, 1); day < end; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6 || closed.has(day)) continue;
    const s = special.get(day);
    const earlyClose = early.get(day);
    if (s !== undefined) out.push({ epochDay: day, openMinute: s[1], closeMinute: s[2], earlyClose: false });
    else if (earlyClose !== undefined)
      out.push({ epochDay: day, openMinute: NYSE_OPEN_MINUTE, closeMinute: earlyClose, earlyClose: true });
    else
      out.push({
        epochDay: day,
        openMinute: NYSE_OPEN_MINUTE,
        closeMinute: NYSE_CLOSE_MINUTE,
        earlyClose: false,
      });
  }
  return out;
}
