/**
 * Columnar level-1 quotes: one typed array per field, rows sorted by
 * (symbol id, ts), the quote counterpart of BarFrame. Slices and per-symbol
 * views are zero-copy `subarray` views of the parent's columns.
 */
import { lowerBoundInt } from './barFrame.js';
import type { SymbolTable } from './symbols.js';
import type { Quote } from './types.js';

/** Float64 fields of a quote, in storage order. */
export const QUOTE_FLOAT_FIELDS = ['ts', 'bid', 'ask', 'bidSize', 'askSize', 'knownAt'] as const;
export type QuoteFloatField = (typeof QUOTE_FLOAT_FIELDS)[number];

export interface QuoteColumns {
  /** Interned symbol id per row. */
  symbol: Int32Array;
  /** Event time: when this top of book was in force, epoch µs. */
  ts: Float64Array;
  /** Best bid price; NaN when there is no quote. */
  bid: Float64Array;
  /** Best ask price; NaN when there is no quote. */
  ask: Float64Array;
  /** Shares at the best bid. */
  bidSize: Float64Array;
  /** Shares at the best ask. */
  askSize: Float64Array;
  /** Knowledge time, epoch µs. */
  knownAt: Float64Array;
}

export class QuoteFrame implements QuoteColumns {
  readonly symbol: Int32Array;
  readonly ts: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly bidSize: Float64Array;
  readonly askSize: Float64Array;
  readonly knownAt: Float64Array;

  /** Wraps columns that are already sorted by (symbol, ts). */
  constructor(
    readonly symbols: SymbolTable,
    cols: QuoteColumns,
  ) {
    const n = cols.ts.length;
    for (const f of QUOTE_FLOAT_FIELDS) {
      if (cols[f].length !== n) throw new RangeError(`column ${f} has ${cols[f].length} rows, ts has ${n}`);
    }
    if (cols.symbol.length !== n)
      throw new RangeError(`column symbol has ${cols.symbol.length} rows, ts has ${n}`);
    this.symbol = cols.symbol;
    this.ts = cols.ts;
    this.bid = cols.bid;
    this.ask = cols.ask;
    this.bidSize = cols.bidSize;
    this.askSize = cols.askSize;
    this.knownAt = cols.knownAt;
  }

  /** An empty frame of `n` zeroed rows (fill the columns, keeping them sorted). */
  static allocate(symbols: SymbolTable, n: number): QuoteFrame {
    return new QuoteFrame(symbols, {
      symbol: new Int32Array(n),
      ts: new Float64Array(n),
      bid: new Float64Array(n),
      ask: new Float64Array(n),
      bidSize: new Float64Array(n),
      askSize: new Float64Array(n),
      knownAt: new Float64Array(n),
    });
  }

  get length(): number {
    return this.ts.length;
  }

  /** Rows [start, end) as a zero-copy view. */
  slice(start: number, end: number = this.length): QuoteFrame {
    return new QuoteFrame(this.symbols, {
      symbol: this.symbol.subarray(start, end),
      ts: this.ts.subarray(start, end),
      bid: this.bid.subarray(start, end),
      ask: this.ask.subarray(start, end),
      bidSize: this.bidSize.subarray(start, end),
      askSize: this.askSize.subarray(start, end),
      knownAt: this.knownAt.subarray(start, end),
    });
  }

  /** Row range [start, end) holding symbol `id` (empty range when absent); O(log n). */
  symbolRange(id: number): [number, number] {
    return [
      lowerBoundInt(this.symbol, id, 0, this.length),
      lowerBoundInt(this.symbol, id + 1, 0, this.length),
    ];
  }

  /** All rows of one symbol, zero-copy. */
  forSymbol(id: number): QuoteFrame {
    const [s, e] = this.symbolRange(id);
    return this.slice(s, e);
  }

  /** Row `i` as an object (allocates: for tests, debugging and the API edge). */
  quote(i: number): Quote {
    return {
      symbol: this.symbols.name(this.symbol[i]!),
      ts: this.ts[i]!,
      bid: this.bid[i]!,
      ask: this.ask[i]!,
      bidSize: this.bidSize[i]!,
      askSize: this.askSize[i]!,
      knownAt: this.knownAt[i]!,
    };
  }
}
