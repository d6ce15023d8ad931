/**
 * The 24×5 FX calendar: the week trades from Sunday 17:00 to Friday 17:00
 * New York time, one session per New York trading day (Monday..Friday), each
 * opening at 17:00 the evening before its date. No holidays: spot FX trades
 * through them, thinly.
 */
import { MICROS_PER_DAY } from '../../core/time.js';
import { epochDayOf, weekday } from './civilDate.js';
import { newYorkLocalToMicros } from './newYorkTime.js';
import { SessionCalendar, SessionTableBuilder } from './sessionCalendar.js';

/** Years covered. */
export const FX_FIRST_YEAR = 1990;
export const FX_LAST_YEAR = 2040;
const ROLL_MINUTE = 17 * 60;

/** Builds the 24×5 FX calendar; reuse the object. */
export function fx24x5Calendar(): SessionCalendar {
  const b = new SessionTableBuilder();
  const first = epochDayOf(FX_FIRST_YEAR, 1, 1);
  const end = epochDayOf(FX_LAST_YEAR + 1, 1, 1);
  // A few days past the coverage end so the session open at its last instant is present.
  for (let day = first; day < end + 7; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    b.add(day, newYorkLocalToMicros(day - 1, ROLL_MINUTE), newYorkLocalToMicros(day, ROLL_MINUTE), false);
  }
  return new SessionCalendar('fx24x5', b.build(), { from: first * MICROS_PER_DAY, to: end * MICROS_PER_DAY });
}
