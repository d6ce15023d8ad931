/** Trading calendar port: which instants an exchange trades, for gap checks, features and the clock. */
import type { Micros } from '../../core/time.js';

/** One trading session, [open, close) in epoch µs. */
export interface Session {
  /** Exchange-local trading date, 'YYYY-MM-DD'. */
  readonly date: string;
  readonly open: Micros;
  readonly close: Micros;
  /** True for a scheduled early close (e.g. 13:00 the day after Thanksgiving). */
  readonly earlyClose: boolean;
}

export type CalendarName = 'nyse' | 'fx24x5' | 'none';

export interface TradingCalendar {
  readonly name: CalendarName;
  /** True when `t` lies inside a session. */
  isOpen(t: Micros): boolean;
  /** The session containing `t`, if any. */
  sessionAt(t: Micros): Session | undefined;
  /** Sessions whose open lies in [from, to), in order. */
  sessions(from: Micros, to: Micros): Session[];
  /** First session whose open is ≥ t. */
  nextSession(t: Micros): Session;
  /** Number of bars of `intervalUs` µs in `session` (last partial bar counts). */
  barsPerSession(session: Session, intervalUs: number): number;
}

/**
 * A calendar whose sessions are precomputed into typed arrays: index-based
 * access for hot paths (no Session objects allocated) and O(log n) lookups.
 * Instants outside `coverage` raise a DataError rather than guess.
 */
export interface IndexedTradingCalendar extends TradingCalendar {
  /** Instants [from, to) this calendar can answer for, epoch µs. */
  readonly coverage: { readonly from: Micros; readonly to: Micros };
  /** Number of precomputed sessions. */
  readonly sessionCount: number;
  /** Index of the session containing `t`, or -1 when closed. */
  sessionIndexAt(t: Micros): number;
  /** Index of the first session whose open is ≥ t, or `sessionCount` when none is precomputed. */
  nextSessionIndex(t: Micros): number;
  /** Index of the session on exchange-local date `date` ('YYYY-MM-DD'), or -1 when none. */
  sessionIndexOnDate(date: string): number;
  /** Open of session `i`, epoch µs. */
  openAt(i: number): Micros;
  /** Close of session `i`, epoch µs. */
  closeAt(i: number): Micros;
  /** Session `i` as an object. */
  session(i: number): Session;
}
