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
