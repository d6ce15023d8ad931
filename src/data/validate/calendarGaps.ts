/**
 * Missing bars between two consecutive bars of one symbol, judged by a
 * trading calendar.
 *
 * Intraday bars (interval < 20 h): the expected bars continue the previous
 * bar's grid (prev + k·interval); a grid bar is expected when [t, t + interval)
 * overlaps a session, so a closed night or weekend is skipped in one jump and
 * an early close or unscheduled closure expects nothing. Daily bars
 * (20 h ≤ interval ≤ 2 days): one bar per session, so the missing bars are
 * the sessions whose local date lies strictly between the two bars' dates (a
 * bar's date is that of the session holding it, else its UTC date — which
 * covers both the 00:00 UTC and the session-open stamping of daily bars).
 * Longer intervals (weekly, monthly) are not checked.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, type Micros, utcDate } from '../../core/time.js';
import type { TradingCalendar } from '../calendar/types.js';

const DAILY_FROM = 20 * MICROS_PER_HOUR;
const DAILY_TO = 2 * MICROS_PER_DAY;

/** True when `missingBars` checks bars of this interval at all. */
export function gapCheckable(intervalUs: number): boolean {
  return intervalUs > 0 && intervalUs <= DAILY_TO;
}

/** Expected bars of `intervalUs` strictly between bars at `prev` and `next` (epoch µs, prev < next). */
export function missingBars(cal: TradingCalendar, prev: Micros, next: Micros, intervalUs: number): number {
  if (next - prev <= intervalUs) return 0;
  if (intervalUs >= DAILY_FROM) return intervalUs > DAILY_TO ? 0 : missingSessions(cal, prev, next);
  let missing = 0;
  let t = prev + intervalUs;
  while (t < next) {
    if (cal.isOpen(t)) {
      missing++;
      t += intervalUs;
      continue;
    }
    const open = cal.nextSession(t).open;
    if (open >= next) break;
    if (open < t + intervalUs) {
      missing++;
      t += intervalUs;
    } else {
      t += Math.floor((open - t) / intervalUs) * intervalUs;
    }
  }
  return missing;
}

function missingSessions(cal: TradingCalendar, prev: Micros, next: Micros): number {
  // Consecutive dates are < 1.5 days apart whatever the stamping and DST.
  if (next - prev < 1.5 * MICROS_PER_DAY) return 0;
  const from = sessionDate(cal, prev);
  const to = sessionDate(cal, next);
  let missing = 0;
  for (const s of cal.sessions(prev, next + MICROS_PER_DAY)) {
    if (s.date > from && s.date < to) missing++;
  }
  return missing;
}

function sessionDate(cal: TradingCalendar, t: Micros): string {
  return cal.sessionAt(t)?.date ?? utcDate(t);
}
