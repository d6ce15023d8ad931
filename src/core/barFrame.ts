/**
 * Columnar bars: one typed array per field, rows sorted by (symbol id, ts).
 * Slicing by row range, by symbol and (within one symbol) by time range is
 * zero-copy: the slice's columns are `subarray` views of the parent's.
 */

import type { SymbolTable } from './symbols.js';
import type { Micros } from './time.js';
import type { Bar } from './types.js';

/** Float64 fields of a bar, in storage order. */
export const BAR_FLOAT_FIELDS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'vwap', 'knownAt'] as const;
export type BarFloatField = (typeof BAR_FLOAT_FIELDS)[number];

/** Every column of a BarFrame. */
export const BAR_FIELDS = [
  'symbol',
  'ts',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'vwap',
  'trades',
  'knownAt',
] as const;

export interface BarColumns {
  /** Interned symbol id per row. */
  symbol: Int32Array;
  /** Event time (bar open), epoch µs. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Shares. */
  volume: Float64Array;
  /** NaN when unknown. */
  vwap: Float64Array;
  /** Trade count, 0 when unknown. */
  trades: Int32Array;
  /** Knowledge time, epoch µs. */
  knownAt: Float64Array;
}

export class BarFrame implements BarColumns {
  readonly symbol: Int32Array;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly vwap: Float64Array;
  readonly trades: Int32Array;
  readonly knownAt: Float64Array;

  /**
   * Wraps columns that are already sorted by (symbol, ts); use
   * `BarFrame.sorted` when they might not be (row by row: data/csv's FileOrderBars).
   */
  constructor(
    readonly symbols: SymbolTable,
    cols: BarColumns,
  ) {
    const n = cols.ts.length;
    for (const f of BAR_FLOAT_FIELDS) {
      if (cols[f].length !== n) throw new RangeError(`column ${f} has ${cols[f].length} rows, ts has ${n}`);
    }
    if (cols.symbol.length !== n || cols.trades.length !== n) throw new RangeError('column lengths differ');
    this.symbol = cols.symbol;
    this.ts = cols.ts;
    this.open = cols.open;
    this.high = cols.high;
    this.low = cols.low;
    this.close = cols.close;
    this.volume = cols.volume;
    this.vwap = cols.vwap;
    this.trades = cols.trades;
    this.knownAt = cols.knownAt;
  }

  /** An empty frame of `n` zeroed rows (fill the columns, then keep them sorted). */
  static allocate(symbols: SymbolTable, n: number): BarFrame {
    return new BarFrame(symbols, {
      symbol: new Int32Array(n),
      ts: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
      vwap: new Float64Array(n),
      trades: new Int32Array(n),
      knownAt: new Float64Array(n),
    });
  }

  /** Frame over `cols` reordered by (symbol, ts) (stable; copies only when out of order). */
  static sorted(symbols: SymbolTable, cols: BarColumns): BarFrame {
    const n = cols.ts.length;
    let ordered = true;
    for (let i = 1; i < n && ordered; i++) {
      const ds = cols.symbol[i]! - cols.symbol[i - 1]!;
      ordered = ds > 0 || (ds === 0 && cols.ts[i]! >= cols.ts[i - 1]!);
    }
    if (ordered) return new BarFrame(symbols, cols);
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const perm = Array.from(idx).sort(
      (a, b) => cols.symbol[a]! - cols.symbol[b]! || cols.ts[a]! - cols.ts[b]! || a - b,
    );
    const out = BarFrame.allocate(symbols, n);
    for (let i = 0; i < n; i++) {
      const j = perm[i]!;
      out.symbol[i] = cols.symbol[j]!;
      out.trades[i] = cols.trades[j]!;
      for (const f of BAR_FLOAT_FIELDS) out[f][i] = cols[f][j]!;
    }
    return out;
  }

  get length(): number {
    return this.ts.length;
  }

  /** Rows [start, end) as a zero-copy view. */
  slice(start: number, end: number = this.length): BarFrame {
    return new BarFrame(this.symbols, {
      symbol: this.symbol.subarray(start, end),
      ts: this.ts.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
      vwap: this.vwap.subarray(start, end),
      trades: this.trades.subarray(start, end),
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
  forSymbol(id: number): BarFrame {
    const [s, e] = this.symbolRange(id);
    return this.slice(s, e);
  }

  /** Distinct symbol ids present, ascending. */
  symbolIds(): Int32Array {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const s = this.symbol[i]!;
      if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
    }
    return Int32Array.from(out);
  }

  /**
   * Rows with from ≤ ts < to. Zero-copy when the frame holds one symbol;
   * for several symbols the per-symbol ranges are copied into a new frame.
   */
  between(from: Micros, to: Micros): BarFrame {
    const n = this.length;
    if (n === 0 || this.symbol[0] === this.symbol[n - 1]) {
      return this.slice(lowerBoundF64(this.ts, from, 0, n), lowerBoundF64(this.ts, to, 0, n));
    }
    const ranges: Array<[number, number]> = [];
    let total = 0;
    for (const id of this.symbolIds()) {
      const [s, e] = this.symbolRange(id);
      const a = lowerBoundF64(this.ts, from, s, e);
      const b = lowerBoundF64(this.ts, to, s, e);
      if (b > a) {
        ranges.push([a, b]);
        total += b - a;
      }
    }
    const out = BarFrame.allocate(this.symbols, total);
    let k = 0;
    for (const [a, b] of ranges) {
      out.symbol.set(this.symbol.subarray(a, b), k);
      out.trades.set(this.trades.subarray(a, b), k);
      for (const f of BAR_FLOAT_FIELDS) out[f].set(this[f].subarray(a, b), k);
      k += b - a;
    }
    return out;
  }

  /** Row `i` as an object (allocates: for tests, debugging and the API edge). */
  bar(i: number): Bar {
    return {
      symbol: this.symbols.name(this.symbol[i]!),
      ts: this.ts[i]!,
      open: this.open[i]!,
      high: this.high[i]!,
      low: this.low[i]!,
      close: this.close[i]!,
      volume: this.volume[i]!,
      vwap: this.vwap[i]!,
      trades: this.trades[i]!,
      knownAt: this.knownAt[i]!,
    };
  }

  /** Concatenates frames that share one symbol table, then sorts by (symbol, ts). */
  static concat(symbols: SymbolTable, frames: readonly BarFrame[]): BarFrame {
    let total = 0;
    for (const f of frames) total += f.length;
    const out = BarFrame.allocate(symbols, total);
    let k = 0;
    for (const f of frames) {
      out.symbol.set(f.symbol, k);
      out.trades.set(f.trades, k);
      for (const fld of BAR_FLOAT_FIELDS) out[fld].set(f[fld], k);
      k += f.length;
    }
    return BarFrame.sorted(symbols, out);
  }
}

/** First index in [lo, hi) whose value is ≥ x (arr ascending). */
export function lowerBoundInt(arr: Int32Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose value is ≥ x (arr ascending). */
export function lowerBoundF64(arr: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
