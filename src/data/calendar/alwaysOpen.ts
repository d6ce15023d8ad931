/** The `none` calendar: always open, one session per UTC day (crypto, synthetic 24×7 data). */
import { MICROS_PER_DAY } from '../../core/time.js';
import { epochDayOf } from './civilDate.js';
import { SessionCalendar, SessionTableBuilder } from './sessionCalendar.js';

export const ALWAYS_OPEN_FIRST_YEAR = 1970;
export const ALWAYS_OPEN_LAST_YEAR = 2100;

/** Builds the always-open calendar (≈ 47,800 UTC-day sessions); reuse the object. */
export function alwaysOpenCalendar(): SessionCalendar {
  const b = new SessionTableBuilder();
  const first = epochDayOf(ALWAYS_OPEN_FIRST_YEAR, 1, 1);
  const end = epochDayOf(ALWAYS_OPEN_LAST_YEAR + 1, 1, 1);
  for (let day = first; day < end; day++) b.add(day, day * MICROS_PER_DAY, (day + 1) * MICROS_PER_DAY, false);
  return new SessionCalendar('none', b.build(), { from: first * MICROS_PER_DAY, to: end * MICROS_PER_DAY });
}
