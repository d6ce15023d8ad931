/**
 * A BarFrame's rows as FeatureInputs for batch mode, without copying: `i`
 * selects the row, the bar fields are getters over the frame's columns and the
 * context fields are getters over per-chunk arrays that `joinRow` fills.
 * An indicator reads only the fields it uses, and moving to the next row is
 * one store (`i`).
 *
 * Context joins, all as-of (the latest value with time ≤ the bar's ts, which is
 * what a live feed has seen when the bar closes):
 * - market and sector index levels: the indices are ordinary symbols of the
 *   same frame; a cursor walks each index's rows alongside each symbol's rows
 *   (frame order is (symbol, ts)), so the join is O(rows) with no maps;
 * - quotes: the symbol's last quote with time < the bar's end (ts + barIntervalUs),
 *   i.e. the top of book in force at the bar's close;
 * - session bounds: the calendar's session holding the bar's ts (cached while
 *   consecutive bars stay in it; NaN outside sessions).
 */
import type { BarFrame } from '../core/barFrame.js';
import { ConfigError } from '../core/errors.js';
import type { QuoteFrame } from '../core/quoteFrame.js';
import type { TradingCalendar } from '../data/calendar/types.js';
import type { FeatureInput } from './indicator.js';

/** What the bars alone do not say. Every field is optional; missing context gives NaN features. */
export interface FeatureContext {
  /** Symbol id (in the frame's table) of the market index, whose closes feed mktret/beta. */
  marketSymbol?: number;
  /** Sector id per symbol id (-1 = none). */
  sectorOf?: Int32Array;
  /** Symbol id of each sector's index, by sector id (-1 = none). */
  sectorIndexSymbol?: Int32Array;
  /** Level-1 quotes with the same symbol ids as the bars (needs barIntervalUs). */
  quotes?: QuoteFrame;
  /** Bar length, µs: a bar at ts closes at ts + barIntervalUs. */
  barIntervalUs?: number;
  calendar?: TradingCalendar;
}

export class FrameRows implements FeatureInput {
  /** The frame row the getters read. */
  i = 0;
  symbolId = -1;
  sectorId = -1;
  private readonly tsCol: Float64Array;
  private readonly openCol: Float64Array;
  private readonly highCol: Float64Array;
  private readonly lowCol: Float64Array;
  private readonly closeCol: Float64Array;
  private readonly volumeCol: Float64Array;
  private readonly vwapCol: Float64Array;
  /** First frame row of the joined chunk: context slot k holds row chunkStart + k. */
  private chunkStart = 0;
  private readonly marketCol: Float64Array;
  private readonly sectorCol: Float64Array;
  private readonly bidCol: Float64Array;
  private readonly askCol: Float64Array;
  private readonly bidSizeCol: Float64Array;
  private readonly askSizeCol: Float64Array;
  private readonly sessionOpenCol: Float64Array;
  private readonly sessionCloseCol: Float64Array;
  private readonly market: AsOfCursor;
  private readonly sector: AsOfCursor;
  private readonly quote: AsOfCursor | undefined;
  private readonly session: SessionCursor;
  private readonly quotes: QuoteFrame | undefined;
  /** Bar length, µs: the quote in force at a bar's close is the last one before ts + barInterval. */
  private readonly barInterval: number;
  private readonly context: FeatureContext;

  /** Rows of `frame` with `context`, joined `chunk` rows at a time. */
  constructor(frame: BarFrame, context: FeatureContext, chunk: number) {
    this.context = context;
    this.tsCol = frame.ts;
    this.openCol = frame.open;
    this.highCol = frame.high;
    this.lowCol = frame.low;
    this.closeCol = frame.close;
    this.volumeCol = frame.volume;
    this.vwapCol = frame.vwap;
    const col = () => new Float64Array(chunk).fill(Number.NaN);
    this.marketCol = col();
    this.sectorCol = col();
    this.bidCol = col();
    this.askCol = col();
    this.bidSizeCol = col();
    this.askSizeCol = col();
    this.sessionOpenCol = col();
    this.sessionCloseCol = col();
    this.market = new AsOfCursor(frame);
    this.sector = new AsOfCursor(frame);
    this.session = new SessionCursor(context.calendar);
    this.quotes = context.quotes;
    this.quote = context.quotes === undefined ? undefined : new AsOfCursor(context.quotes);
    this.barInterval =
      context.quotes === undefined ? 0 : quoteInterval(frame, context.quotes, context.barIntervalUs);
  }

  /** Starts the rows of symbol `s`: its ids, and the market, sector and quote cursors at its first rows. */
  startSymbol(s: number): void {
    const { sectorOf, sectorIndexSymbol } = this.context;
    const sec = sectorOf !== undefined && s < sectorOf.length ? sectorOf[s]! : -1;
    this.symbolId = s;
    this.sectorId = sec;
    this.market.seek(this.context.marketSymbol ?? -1);
    this.quote?.seek(s);
    this.sector.seek(
      sec >= 0 && sectorIndexSymbol !== undefined && sec < sectorIndexSymbol.length
        ? sectorIndexSymbol[sec]!
        : -1,
    );
  }

  /** Starts a chunk at row `from`; its rows (at most `chunk`) are then joined in order with `joinRow`. */
  beginChunk(from: number): void {
    this.chunkStart = from;
  }

  /** Joins the context of row i of the current symbol and chunk (rows in order) and makes it the current row. */
  joinRow(i: number): void {
    const k = i - this.chunkStart;
    const t = this.tsCol[i]!;
    const quotes = this.quotes;
    if (quotes !== undefined) {
      const q = this.quote!.rowAtOrBefore(t + this.barInterval - 1);
      this.bidCol[k] = q < 0 ? Number.NaN : quotes.bid[q]!;
      this.askCol[k] = q < 0 ? Number.NaN : quotes.ask[q]!;
      this.bidSizeCol[k] = q < 0 ? Number.NaN : quotes.bidSize[q]!;
      this.askSizeCol[k] = q < 0 ? Number.NaN : quotes.askSize[q]!;
    }
    const close = this.closeCol;
    const m = this.market.rowAtOrBefore(t);
    this.marketCol[k] = m < 0 ? Number.NaN : close[m]!;
    const sc = this.sector.rowAtOrBefore(t);
    this.sectorCol[k] = sc < 0 ? Number.NaN : close[sc]!;
    this.session.at(t);
    this.sessionOpenCol[k] = this.session.open;
    this.sessionCloseCol[k] = this.session.close;
    this.i = i;
  }

  get ts(): number {
    return this.tsCol[this.i]!;
  }

  get open(): number {
    return this.openCol[this.i]!;
  }

  get high(): number {
    return this.highCol[this.i]!;
  }

  get low(): number {
    return this.lowCol[this.i]!;
  }

  get close(): number {
    return this.closeCol[this.i]!;
  }

  get volume(): number {
    return this.volumeCol[this.i]!;
  }

  get vwap(): number {
    return this.vwapCol[this.i]!;
  }

  get bid(): number {
    return this.bidCol[this.i - this.chunkStart]!;
  }

  get ask(): number {
    return this.askCol[this.i - this.chunkStart]!;
  }

  get bidSize(): number {
    return this.bidSizeCol[this.i - this.chunkStart]!;
  }

  get askSize(): number {
    return this.askSizeCol[this.i - this.chunkStart]!;
  }

  get marketClose(): number {
    return this.marketCol[this.i - this.chunkStart]!;
  }

  get sectorClose(): number {
    return this.sectorCol[this.i - this.chunkStart]!;
  }

  get sessionOpen(): number {
    return this.sessionOpenCol[this.i - this.chunkStart]!;
  }

  get sessionClose(): number {
    return this.sessionCloseCol[this.i - this.chunkStart]!;
  }
}

/** Rows sorted by (symbol, ts): a BarFrame or a QuoteFrame. */
interface SymbolTimeRows {
  readonly ts: Float64Array;
  symbolRange(id: number): [number, number];
}

/** As-of lookup within one symbol's rows; the times asked must not decrease between seeks. */
class AsOfCursor {
  private hi = 0;
  private p = 0;

  constructor(private readonly rows: SymbolTimeRows) {}

  /** Restarts at the first row of `symbolId` (-1: no such stream, every lookup misses). */
  seek(symbolId: number): void {
    if (symbolId < 0) {
      this.hi = this.p = 0;
      return;
    }
    [this.p, this.hi] = this.rows.symbolRange(symbolId);
  }

  /** Index of the last row with ts ≤ t, or -1 when there is none. */
  rowAtOrBefore(t: number): number {
    const ts = this.rows.ts;
    let p = this.p;
    while (p + 1 < this.hi && ts[p + 1]! <= t) p++;
    this.p = p;
    return p < this.hi && ts[p]! <= t ? p : -1;
  }
}

/** The bar length to place quotes at bar closes; quotes must share the bars' symbol ids. */
function quoteInterval(frame: BarFrame, quotes: QuoteFrame, barIntervalUs: number | undefined): number {
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
class SessionCursor {
  open = Number.NaN;
  close = Number.NaN;

  constructor(private readonly calendar: TradingCalendar | undefined) {}

  at(t: number): void {
    if (this.calendar === undefined || (t >= this.open && t < this.close)) return;
    const s = this.calendar.sessionAt(t);
    this.open = s === undefined ? Number.NaN : s.open;
    this.close = s === undefined ? Number.NaN : s.close;
  }
}
