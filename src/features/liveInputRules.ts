/**
 * The parts of a bar's input that are not the bar itself, as known when it
 * closes, shared by batch mode (batch.ts, symbol by symbol) and the live
 * replay (engine/featureReplay.ts, tick by tick): where quotes are placed
 * and which trading session holds the bar.
 */
import type { BarFrame } from '../core/barFrame.js';
import { ConfigError } from '../core/errors.js';
import type { QuoteFrame } from '../core/quoteFrame.js';
import type { TradingCalendar } from '../data/calendar/types.js';

/** The bar length to place quotes at bar closes; quotes must share the bars' symbol ids. */
export function quoteInterval(
  frame: BarFrame,
  quotes: QuoteFrame,
  barIntervalUs: number | undefined,
): number {
  if (barIntervalUs === undefined || !(barIntervalUs > 0)) {
    throw new ConfigError('quotes need barIntervalUs (> 0) to find the quote in force at each bar close', {
      rule: 'barIntervalUs with quotes',
    });
  }
  if (
    quotes.symbols !== frame.symbols &&
    quotes.symbols.list().join('\n') !== frame.symbols.list().join('\n')
  ) {
    throw new ConfigError('quotes and bars use different symbol tables', { rule: 'one symbol table' });
  }
  return barIntervalUs;
}

/** Session bounds for bar times, reusing the last session while bars stay inside it. */
export class SessionCursor {
  open = Number.NaN;
  close = Number.NaN;

  constructor(private readonly calendar: TradingCalendar | undefined) {}

  /** Moves to the session holding t (epoch µs); open/close are NaN outside sessions or without a calendar. */
  at(t: number): void {
    if (this.calendar === undefined || (t >= this.open && t < this.close)) return;
    const s = this.calendar.sessionAt(t);
    this.open = s === undefined ? Number.NaN : s.open;
    this.close = s === undefined ? Number.NaN : s.close;
  }
}
