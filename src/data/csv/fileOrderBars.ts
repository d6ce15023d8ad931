/**
 * Bars accumulated in file order, then put into a `BarFrame`'s (symbol, ts)
 * order together with each row's file line: validation reports must name
 * the file line of every row of the sorted frame.
 */
import { BarFrame } from '../../core/barFrame.js';
import type { SymbolTable } from '../../core/symbols.js';
import type { Micros } from '../../core/time.js';

/** Growable file-order columns; `push` per row, `sortInPlace` once at the end. */
export class FileOrderBars {
  length = 0;
  symbol: Int32Array;
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  vwap: Float64Array;
  trades: Int32Array;
  /** 1-based file line per row. */
  line: Int32Array;
  /** Adjusted close per row, when the file has one. */
  adjClose: Float64Array | undefined;

  constructor(capacity: number, withAdjClose: boolean) {
    const n = Math.max(16, capacity);
    this.symbol = new Int32Array(n);
    this.ts = new Float64Array(n);
    this.open = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.vwap = new Float64Array(n);
    this.trades = new Int32Array(n);
    this.line = new Int32Array(n);
    this.adjClose = withAdjClose ? new Float64Array(n) : undefined;
  }

  get capacity(): number {
    return this.ts.length;
  }

  /** Grows the columns to hold at least `n` rows (one copy per column). */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    this.symbol = growI32(this.symbol, n, this.length);
    this.ts = growF64(this.ts, n, this.length);
    this.open = growF64(this.open, n, this.length);
    this.high = growF64(this.high, n, this.length);
    this.low = growF64(this.low, n, this.length);
    this.close = growF64(this.close, n, this.length);
    this.volume = growF64(this.volume, n, this.length);
    this.vwap = growF64(this.vwap, n, this.length);
    this.trades = growI32(this.trades, n, this.length);
    this.line = growI32(this.line, n, this.length);
    if (this.adjClose) this.adjClose = growF64(this.adjClose, n, this.length);
  }

  /** Appends one row (prices in file units, `adjClose` ignored when the file has none). */
  push(
    symbolId: number,
    ts: Micros,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    vwap: number,
    trades: number,
    adjClose: number,
    line: number,
  ): void {
    if (this.length === this.capacity) this.reserve(Math.ceil(this.capacity * 1.5));
    const i = this.length++;
    this.symbol[i] = symbolId;
    this.ts[i] = ts;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.vwap[i] = vwap;
    this.trades[i] = trades;
    this.line[i] = line;
    if (this.adjClose) this.adjClose[i] = adjClose;
  }

  /**
   * Reorders the rows into (symbol, ts) order, stable (ties keep file order),
   * in place: one temporary column at a time, so peak memory is the columns
   * plus one column and the destination index. Rows are scattered (read in
   * file order, written to their place): a time-major file then writes one
   * sequential stream per symbol instead of reading at a stride.
   */
  sortInPlace(symbolCount: number): void {
    const dest = sortDestinations(this.symbol, this.ts, this.length, symbolCount);
    if (dest === undefined) return;
    const n = this.length;
    const f64 = new Float64Array(n);
    for (const col of [
      this.ts,
      this.open,
      this.high,
      this.low,
      this.close,
      this.volume,
      this.vwap,
      this.adjClose,
    ]) {
      if (col === undefined) continue;
      for (let i = 0; i < n; i++) f64[dest[i]!] = col[i]!;
      col.set(f64);
    }
    const i32 = new Int32Array(f64.buffer, 0, n);
    for (const col of [this.symbol, this.trades, this.line]) {
      for (let i = 0; i < n; i++) i32[dest[i]!] = col[i]!;
      col.set(i32);
    }
  }

  /** The rows as a frame (views over these columns; call after `sortInPlace`). */
  toFrame(symbols: SymbolTable, knownAt: Float64Array): BarFrame {
    const n = this.length;
    return new BarFrame(symbols, {
      symbol: this.symbol.subarray(0, n),
      ts: this.ts.subarray(0, n),
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      volume: this.volume.subarray(0, n),
      vwap: this.vwap.subarray(0, n),
      trades: this.trades.subarray(0, n),
      knownAt,
    });
  }
}

/**
 * Destination of each row in (symbol, ts, file position) order, or
 * undefined when the rows are already in it. A counting sort by symbol
 * (O(n), all a time-major multi-symbol file needs), then a comparison sort
 * of only those symbols whose times go backwards somewhere.
 */
export function sortDestinations(
  symbol: Int32Array,
  ts: Float64Array,
  n: number,
  symbolCount: number,
): Int32Array | undefined {
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) {
    const ds = symbol[i]! - symbol[i - 1]!;
    ordered = ds > 0 || (ds === 0 && ts[i]! >= ts[i - 1]!);
  }
  if (ordered) return undefined;
  const next = new Int32Array(symbolCount + 1);
  for (let i = 0; i < n; i++) next[symbol[i]! + 1]!++;
  for (let s = 1; s <= symbolCount; s++) next[s]! += next[s - 1]!;
  const starts = next.slice();
  const dest = new Int32Array(n);
  const lastTs = new Float64Array(symbolCount).fill(Number.NEGATIVE_INFINITY);
  const timeOrdered = new Uint8Array(symbolCount).fill(1);
  for (let i = 0; i < n; i++) {
    const s = symbol[i]!;
    dest[i] = next[s]!++;
    if (ts[i]! < lastTs[s]!) timeOrdered[s] = 0;
    else lastTs[s] = ts[i]!;
  }
  if (timeOrdered.every((v) => v === 1)) return dest;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[dest[i]!] = i;
  for (let s = 0; s < symbolCount; s++) {
    if (timeOrdered[s] === 1) continue;
    const seg = perm.subarray(starts[s]!, starts[s + 1]!);
    seg.sort((a, b) => ts[a]! - ts[b]! || a - b);
    for (let k = 0; k < seg.length; k++) dest[seg[k]!] = starts[s]! + k;
  }
  return dest;
}

function growF64(a: Float64Array, n: number, used: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a.subarray(0, used));
  return b;
}

function growI32(a: Int32Array, n: number, used: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a.subarray(0, used));
  return b;
}
