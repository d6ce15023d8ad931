/** The NYSE calendar: regular sessions 09:30–16:00 New York time with holidays and early closes, 1990–2040. */
import { MICROS_PER_DAY } from '../../core/time.js';
import { epochDayOf } from './civilDate.js';
import { newYorkLocalToMicros } from './newYorkTime.js';
import { NYSE_FIRST_YEAR, nyseTradingDays } from './nyseSchedule.js';
import { SessionCalendar, SessionTableBuilder } from './sessionCalendar.js';

/** Last year whose sessions are built (holiday rules projected forward). */
export const NYSE_LAST_YEAR = 2040;

/** Builds the NYSE calendar (≈ 12,800 sessions, a few ms); reuse the object. */
export function nyseCalendar(): SessionCalendar {
  const b = new SessionTableBuilder();
  for (let y = NYSE_FIRST_YEAR; y <= NYSE_LAST_YEAR; y++) {
    for (const d of nyseTradingDays(y)) {
      b.add(
        d.epochDay,
        newYorkLocalToMicros(d.epochDay, d.openMinute),
        newYorkLocalToMicros(d.epochDay, d.closeMinute),
        d.earlyClose,
      );
    }
  }
  return new SessionCalendar('nyse', b.build(), {
    from: epochDayOf(NYSE_FIRST_YEAR, 1, 1) * MICROS_PER_DAY,
    to: epochDayOf(NYSE_LAST_YEAR + 1, 1, 1) * MICROS_PER_DAY,
  });
}
