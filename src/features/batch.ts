/**
 * Batch features: feeds a BarFrame's rows, symbol by symbol in blocks of
 * BLOCK rows laid out as columns (one reused InputBlock, no per-row
 * allocation), to FeatureEngine.updateRows, which runs each indicator's one
 * update code over the block into one row-major Float64Array; offline values
 * are the streaming values by construction.
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
import { AlphaflowError, DataError } from '../core/errors.js';
import type { QuoteFrame } from '../core/quoteFrame.js';
import type { TradingCalendar } from '../data/calendar/types.js';
import { FeatureEngine } from './engine.js';
import type { FeatureColumn, FeatureSet, ResolvedFeatureSet } from './featureSet.js';
import { emptyFeatureInput } from './indicator.js';
import { InputBlock } from './inputBlock.js';
import { quoteInterval, SessionCursor } from './liveInputRules.js';

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

/** Feature values for every frame row. */
export interface FeatureMatrix {
  readonly columns: readonly FeatureColumn[];
  readonly names: readonly string[];
  /** Feature-set content hash. */
  readonly hash: string;
  readonly rows: number;
  readonly width: number;
  /** Row-major: values[row * width + column]; row i is the frame's row i. */
  readonly values: Float64Array;
}

/** Computes `fs` over every row of `frame` by replaying the streaming engine. */
export function computeFeatures(
  frame: BarFrame,
  fs: FeatureSet | ResolvedFeatureSet,
  context: FeatureContext = {},
): FeatureMatrix {
  const engine = new FeatureEngine(fs);
  const n = frame.length;
  const width = engine.width;
  const values = new Float64Array(n * width);
  const blocks = new BlockFeed(frame, context);
  const { symbol } = frame;
  let i = 0;
  while (i < n) {
    const s = symbol[i]!;
    let end = i + 1;
    while (end < n && symbol[end] === s) end++;
    blocks.seek(s);
    for (let a = i; a < end; a += BLOCK) {
      const len = Math.min(BLOCK, end - a);
      blocks.fill(a, len);
      try {
        engine.updateRows(s, blocks.cols, 0, len, values, a * width);
      } catch (err) {
        throw locate(engine, blocks.cols, len, a, err);
      }
    }
    i = end;
  }
  return {
    columns: engine.featureSet.columns,
    names: engine.columnNames,
    hash: engine.hash,
    rows: n,
    width,
    values,
  };
}

/**
 * Lays a frame's rows out as InputBlocks, one symbol's run at a time, with the
 * context joined (see the module comment). Its per-row loops sit in methods
 * called once per block, not in computeFeatures: a function called once per
 * frame is optimized only mid-loop (OSR) and dropped again at the first code
 * it had not run yet, so its loops kept falling back to the interpreter, which
 * boxes every double (measured: 16 bytes of garbage and ~100 ns per bar).
 */
class BlockFeed {
  /** The block handed to the engine (reused). */
  readonly cols = new InputBlock(BLOCK);
  /** ln(close) per frame row: an index's log is then taken once, not again for every symbol joining it. */
  private readonly logClose: Float64Array;
  private readonly market: AsOfCursor;
  private readonly sector: AsOfCursor;
  /** The quotes and their as-of cursor, when the context has quotes. */
  private readonly quotes: { readonly frame: QuoteFrame; readonly cursor: AsOfCursor } | undefined;
  private readonly session: SessionCursor;
  /** A bar at ts reads the last quote before ts + interval (its close), µs. */
  private readonly interval: number;

  constructor(
    private readonly frame: BarFrame,
    private readonly context: FeatureContext,
  ) {
    this.logClose = logColumn(frame.close);
    this.market = new AsOfCursor(frame);
    this.sector = new AsOfCursor(frame);
    this.session = new SessionCursor(context.calendar);
    const quotes = context.quotes;
    this.quotes = quotes === undefined ? undefined : { frame: quotes, cursor: new AsOfCursor(quotes) };
    this.interval = quotes === undefined ? 0 : quoteInterval(frame, quotes, context.barIntervalUs);
  }

  /** Starts symbol s's run: its ids and the cursors of its quotes, market and sector index. */
  seek(s: number): void {
    const { sectorOf, sectorIndexSymbol, marketSymbol } = this.context;
    const sec = sectorOf !== undefined && s < sectorOf.length ? sectorOf[s]! : -1;
    this.cols.symbolId = s;
    this.cols.sectorId = sec;
    this.market.seek(marketSymbol ?? -1);
    this.quotes?.cursor.seek(s);
    this.sector.seek(
      sec >= 0 && sectorIndexSymbol !== undefined && sec < sectorIndexSymbol.length
        ? sectorIndexSymbol[sec]!
        : -1,
    );
  }

  /** Fills the block with frame rows [a, a + len) of the current symbol, context joined. */
  fill(a: number, len: number): void {
    const { cols, frame, logClose, market, sector, session } = this;
    const { ts, open, high, low, close, volume, vwap } = frame;
    for (let r = 0; r < len; r++) {
      const i = a + r;
      const t = ts[i]!;
      cols.ts[r] = t;
      cols.open[r] = open[i]!;
      cols.high[r] = high[i]!;
      cols.low[r] = low[i]!;
      cols.close[r] = close[i]!;
      cols.volume[r] = volume[i]!;
      cols.vwap[r] = vwap[i]!;
      cols.logClose[r] = logClose[i]!;
      const m = market.rowAtOrBefore(t);
      cols.marketClose[r] = m < 0 ? Number.NaN : close[m]!;
      cols.logMarketClose[r] = m < 0 ? Number.NaN : logClose[m]!;
      const sc = sector.rowAtOrBefore(t);
      cols.sectorClose[r] = sc < 0 ? Number.NaN : close[sc]!;
      cols.logSectorClose[r] = sc < 0 ? Number.NaN : logClose[sc]!;
      session.at(t);
      cols.sessionOpen[r] = session.open;
      cols.sessionClose[r] = session.close;
    }
    if (this.quotes !== undefined) this.fillQuotes(this.quotes.frame, this.quotes.cursor, a, len);
  }

  /** The block's top of book: each bar's last quote before its close. */
  private fillQuotes(quotes: QuoteFrame, cursor: AsOfCursor, a: number, len: number): void {
    const { cols, interval } = this;
    const ts = this.frame.ts;
    for (let r = 0; r < len; r++) {
      const q = cursor.rowAtOrBefore(ts[a + r]! + interval - 1);
      cols.bid[r] = q < 0 ? Number.NaN : quotes.bid[q]!;
      cols.ask[r] = q < 0 ? Number.NaN : quotes.ask[q]!;
      cols.bidSize[r] = q < 0 ? Number.NaN : quotes.bidSize[q]!;
      cols.askSize[r] = q < 0 ? Number.NaN : quotes.askSize[q]!;
    }
  }
}

/** ln of every value (its own small function, so its one loop is optimized early and stays so). */
function logColumn(xs: Float64Array): Float64Array {
  const out = new Float64Array(xs.length);
  for (let r = 0; r < xs.length; r++) out[r] = Math.log(xs[r]!);
  return out;
}

/**
 * Rows per block handed to the engine: long enough that one call per
 * indicator and block costs next to nothing, short enough that the block's
 * columns and its rows of the output matrix stay in cache.
 */
const BLOCK = 128;

/**
 * The error for a block the engine refused (which leaves its state as it was):
 * the block is fed again bar by bar until the bad row throws, and that error
 * gets the frame row.
 */
function locate(engine: FeatureEngine, cols: InputBlock, len: number, first: number, err: unknown): unknown {
  if (!(err instanceof AlphaflowError)) return err;
  const input = emptyFeatureInput();
  for (let r = 0; r < len; r++) {
    cols.getRow(r, input);
    try {
      engine.update(cols.symbolId, input);
    } catch (rowErr) {
      return withRow(rowErr, first + r);
    }
  }
  return err;
}

/** Column `j` of a feature matrix as its own array (a copy). */
export function featureColumn(m: FeatureMatrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.values[i * m.width + j]!;
  return out;
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

/** Re-throws an engine rejection with the frame row (1-based) it came from; the original stays as `cause`. */
function withRow(err: unknown, i: number): unknown {
  if (!(err instanceof AlphaflowError)) return err;
  return new DataError(err.code, err.message, { row: i + 1, cause: err });
}
