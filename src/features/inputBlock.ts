/**
 * Bars as columns: what indicators read in `Indicator.run`, the one update
 * code behind streaming (a one-row InputBlock per bar) and batch (a block of
 * a symbol's rows). Each indicator walks its rows in a loop of its own, so
 * the loop is monomorphic and its state blocks inline, instead of one
 * megamorphic `update(input)` call per bar and indicator.
 */
import type { FeatureInput } from './indicator.js';

/** Float64 columns an InputBlock holds (its storage is INPUT_COLUMNS·capacity float64s). */
export const INPUT_COLUMNS = 18;

/** Rows of one symbol's bars with their context; fields mean what FeatureInput's do (NaN = unknown). */
export class InputBlock {
  /** Rows the arrays hold. */
  readonly capacity: number;
  symbolId = -1;
  sectorId = -1;
  /** Bar open time, epoch µs. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Shares. */
  volume: Float64Array;
  vwap: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  bidSize: Float64Array;
  askSize: Float64Array;
  marketClose: Float64Array;
  sectorClose: Float64Array;
  /** Session open and close, epoch µs. */
  sessionOpen: Float64Array;
  sessionClose: Float64Array;
  /**
   * ln(close), ln(marketClose), ln(sectorClose): derived from those columns by
   * whoever fills the block (`setRow`; batch.ts gathers them from a log of the
   * frame's closes), once per row for all the return-based indicators (a
   * Math.log costs ~10 ns, and a default feature set would otherwise take 15 of
   * them per bar). A one-bar log return is then the difference of two logs,
   * which is also TTR's ROC(type = 'continuous').
   */
  logClose: Float64Array;
  logMarketClose: Float64Array;
  logSectorClose: Float64Array;

  /**
   * Columns of `capacity` rows, every value NaN; over `storage` (INPUT_COLUMNS·capacity
   * float64s, e.g. a SharedArrayBuffer another thread reads) when given, its values kept.
   */
  constructor(capacity: number, storage?: ArrayBufferLike) {
    this.capacity = capacity | 0;
    let next = 0;
    const col = () =>
      storage === undefined
        ? new Float64Array(capacity).fill(Number.NaN)
        : new Float64Array(storage, 8 * capacity * next++, capacity);
    this.ts = col();
    this.open = col();
    this.high = col();
    this.low = col();
    this.close = col();
    this.volume = col();
    this.vwap = col();
    this.bid = col();
    this.ask = col();
    this.bidSize = col();
    this.askSize = col();
    this.marketClose = col();
    this.sectorClose = col();
    this.sessionOpen = col();
    this.sessionClose = col();
    this.logClose = col();
    this.logMarketClose = col();
    this.logSectorClose = col();
  }

  /** Columns holding `bars` (one symbol's, in order; the ids are the last bar's). */
  static fromInputs(bars: readonly FeatureInput[]): InputBlock {
    const cols = new InputBlock(bars.length);
    for (let i = 0; i < bars.length; i++) cols.setRow(i, bars[i]!);
    return cols;
  }

  /** Row i := `input` (ids included), with its logs. */
  setRow(i: number, input: FeatureInput): void {
    this.setValues(i, input);
    this.logClose[i] = Math.log(input.close);
    this.logMarketClose[i] = Math.log(input.marketClose);
    this.logSectorClose[i] = Math.log(input.sectorClose);
  }

  /** Row i := `input` (ids included) without deriving the log columns (for a block whose reader derives them). */
  setValues(i: number, input: FeatureInput): void {
    this.symbolId = input.symbolId;
    this.sectorId = input.sectorId;
    this.ts[i] = input.ts;
    this.open[i] = input.open;
    this.high[i] = input.high;
    this.low[i] = input.low;
    this.close[i] = input.close;
    this.volume[i] = input.volume;
    this.vwap[i] = input.vwap;
    this.bid[i] = input.bid;
    this.ask[i] = input.ask;
    this.bidSize[i] = input.bidSize;
    this.askSize[i] = input.askSize;
    this.marketClose[i] = input.marketClose;
    this.sectorClose[i] = input.sectorClose;
    this.sessionOpen[i] = input.sessionOpen;
    this.sessionClose[i] = input.sessionClose;
  }

  /** `input` := row i (ids included). */
  getRow(i: number, input: FeatureInput): void {
    input.symbolId = this.symbolId;
    input.sectorId = this.sectorId;
    input.ts = this.ts[i]!;
    input.open = this.open[i]!;
    input.high = this.high[i]!;
    input.low = this.low[i]!;
    input.close = this.close[i]!;
    input.volume = this.volume[i]!;
    input.vwap = this.vwap[i]!;
    input.bid = this.bid[i]!;
    input.ask = this.ask[i]!;
    input.bidSize = this.bidSize[i]!;
    input.askSize = this.askSize[i]!;
    input.marketClose = this.marketClose[i]!;
    input.sectorClose = this.sectorClose[i]!;
    input.sessionOpen = this.sessionOpen[i]!;
    input.sessionClose = this.sessionClose[i]!;
  }
}
