/** A trading calendar over precomputed sessions held in typed arrays; every calendar is one of these. */

import { lowerBoundF64 } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { dateToEpochDay, epochDayToDate, formatIsoMicros, type Micros } from '../../core/time.js';
import type { CalendarName, IndexedTradingCalendar, Session } from './types.js';

/** Sessions in time order: local date (epoch day), open and close (epoch µs), early-close flag. */
export interface SessionTable {
  readonly day: Int32Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly early: Uint8Array;
}

/** Appends sessions into a SessionTable (build time only). */
export class SessionTableBuilder {
  private readonly days: number[] = [];
  private readonly opens: number[] = [];
  private readonly closes: number[] = [];
  private readonly earlies: number[] = [];

  /** Adds one session; sessions must come in time order and not overlap. */
  add(epochDay: number, open: Micros, close: Micros, early: boolean): void {
    const n = this.opens.length;
    if (!(close > open) || (n > 0 && open < this.closes[n - 1]!)) {
      throw new RangeError(`session ${epochDayToDate(epochDay)} overlaps or is empty`);
    }
    this.days.push(epochDay);
    this.opens.push(open);
    this.closes.push(close);
    this.earlies.push(early ? 1 : 0);
  }

  build(): SessionTable {
    return {
      day: Int32Array.from(this.days),
      open: Float64Array.from(this.opens),
      close: Float64Array.from(this.closes),
      early: Uint8Array.from(this.earlies),
    };
  }
}

export class SessionCalendar implements IndexedTradingCalendar {
  readonly sessionCount: number;

  constructor(
    readonly name: CalendarName,
    private readonly table: SessionTable,
    readonly coverage: { readonly from: Micros; readonly to: Micros },
  ) {
    this.sessionCount = table.open.length;
  }

  isOpen(t: Micros): boolean {
    return this.sessionIndexAt(t) >= 0;
  }

  sessionAt(t: Micros): Session | undefined {
    const i = this.sessionIndexAt(t);
    return i < 0 ? undefined : this.session(i);
  }

  sessions(from: Micros, to: Micros): Session[] {
    this.check(from);
    if (to > this.coverage.to) this.check(to);
    const out: Session[] = [];
    for (let i = this.nextSessionIndex(from); i < this.sessionCount && this.table.open[i]! < to; i++) {
      out.push(this.session(i));
    }
    return out;
  }

  nextSession(t: Micros): Session {
    const i = this.nextSessionIndex(t);
    if (i >= this.sessionCount) {
      throw new DataError(ErrorCode.InvalidInput, `no ${this.name} session after ${describe(t)}`, {
        rule: 'calendar-coverage',
      });
    }
    return this.session(i);
  }

  /** Bars of `intervalUs` µs in the session, the last partial bar included (390 one-minute bars on a full NYSE day). */
  barsPerSession(session: Session, intervalUs: number): number {
    if (!(intervalUs > 0)) throw new RangeError(`bar interval must be > 0 µs, got ${intervalUs}`);
    return Math.ceil((session.close - session.open) / intervalUs);
  }

  sessionIndexAt(t: Micros): number {
    this.check(t);
    const i = this.upperBoundOpen(t) - 1;
    return i >= 0 && t < this.table.close[i]! ? i : -1;
  }

  nextSessionIndex(t: Micros): number {
    this.check(t);
    return lowerBoundF64(this.table.open, t, 0, this.sessionCount);
  }

  sessionIndexOnDate(date: string): number {
    const day = dateToEpochDay(date);
    const d = this.table.day;
    let lo = 0;
    let hi = this.sessionCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sessionCount && d[lo] === day ? lo : -1;
  }

  openAt(i: number): Micros {
    return this.table.open[i]!;
  }

  closeAt(i: number): Micros {
    return this.table.close[i]!;
  }

  session(i: number): Session {
    if (!(i >= 0 && i < this.sessionCount))
      throw new RangeError(`session index ${i} outside 0..${this.sessionCount - 1}`);
    return {
      date: epochDayToDate(this.table.day[i]!),
      open: this.table.open[i]!,
      close: this.table.close[i]!,
      earlyClose: this.table.early[i] === 1,
    };
  }

  /** First session index whose open is > t. */
  private upperBoundOpen(t: Micros): number {
    const o = this.table.open;
    let lo = 0;
    let hi = this.sessionCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (o[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private check(t: Micros): void {
    if (!(t >= this.coverage.from && t < this.coverage.to)) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `${describe(t)} is outside the ${this.name} calendar's coverage ` +
          `${formatIsoMicros(this.coverage.from)} .. ${formatIsoMicros(this.coverage.to)}`,
        { rule: 'calendar-coverage' },
      );
    }
  }
}

function describe(t: Micros): string {
  return Number.isFinite(t) ? formatIsoMicros(t) : String(t);
}
