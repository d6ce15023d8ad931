/** Trading calendars: NYSE, 24×5 FX and always-open, behind one `TradingCalendar` port. */
import { ConfigError } from '../../core/errors.js';
import { alwaysOpenCalendar } from './alwaysOpen.js';
import { fx24x5Calendar } from './fx24x5.js';
import { nyseCalendar } from './nyse.js';
import type { SessionCalendar } from './sessionCalendar.js';
import type { CalendarName } from './types.js';

export { ALWAYS_OPEN_FIRST_YEAR, ALWAYS_OPEN_LAST_YEAR, alwaysOpenCalendar } from './alwaysOpen.js';
export { FX_FIRST_YEAR, FX_LAST_YEAR, fx24x5Calendar } from './fx24x5.js';
export { isNewYorkDaylightTime, newYorkLocalToMicros, newYorkUtcOffsetMinutes } from './newYorkTime.js';
export { NYSE_LAST_YEAR, nyseCalendar } from './nyse.js';
export {
  NYSE_CLOSE_MINUTE,
  NYSE_FIRST_YEAR,
  NYSE_OPEN_MINUTE,
  type NyseDay,
  nyseEarlyCloses,
  nyseHolidays,
  nyseTradingDays,
} from './nyseSchedule.js';
export { SessionCalendar, type SessionTable, SessionTableBuilder } from './sessionCalendar.js';
export type { CalendarName, IndexedTradingCalendar, Session, TradingCalendar } from './types.js';

// Calendars are immutable once built, so one instance per name is shared rather than rebuilt per call.
const built = new Map<CalendarName, SessionCalendar>();

/** The calendar called `name` (built on first use, then shared: calendars are immutable). */
export function calendarByName(name: CalendarName): SessionCalendar {
  let cal = built.get(name);
  if (cal === undefined) {
    switch (name) {
      case 'nyse':
        cal = nyseCalendar();
        break;
      case 'fx24x5':
        cal = fx24x5Calendar();
        break;
      case 'none':
        cal = alwaysOpenCalendar();
        break;
      default:
        throw new ConfigError(`unknown calendar '${String(name)}'`, {
          rule: "one of 'nyse', 'fx24x5', 'none'",
        });
    }
    built.set(name, cal);
  }
  return cal;
}
