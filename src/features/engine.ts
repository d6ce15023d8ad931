/**
 * The one feature engine behind streaming and batch: per symbol id it holds the
 * indicator instances of one FeatureSet (created on the symbol's first bar) and
 * turns each bar into one row of feature values. Batch mode (batch.ts) replays
 * this same `update` over a frame, so offline and online values are
 * bit-identical by construction.
 *
 * Input rules, checked before any state changes (a rejected bar leaves the
 * engine exactly as it was):
 * - event times per symbol strictly increase; an older or equal time is
 *   E_OUT_OF_ORDER (never reordered or dropped silently);
 * - open/high/low/close must be finite (E_NON_FINITE) and > 0 (E_NEGATIVE_PRICE);
 * - volume may be 0 or NaN (unknown), not negative or infinite. Zero volume is
 *   passed through and each indicator defines its 0/0 case: obv adds 0; mfi's
 *   flows are 0 (50 when the whole window has none); vwap and vwap_session are
 *   NaN until their window/session has traded; volz treats 0 as an ordinary
 *   (low) volume; no context indicator reads volume (see each indicator's doc);
 * - gaps in time are allowed: indicators count bars, not clock time.
 *
 * Snapshot format (little-endian):
 *   u32 magic = 0x45464641 ('AFFE')   u32 version = 1
 *   u8[32] feature-set hash (sha256)   u32 symbols
 *   per symbol: i32 id, f64 last event time, then per indicator (feature-set order): u32 length, bytes
 */
import { AlphaflowError, DataError, ErrorCode, ModelError } from '../core/errors.js';
import { type FeatureSet, type ResolvedFeatureSet, resolveFeatureSet } from './featureSet.js';
import type { FeatureInput, Indicator } from './indicator.js';

const MAGIC = 0x45464641;
const VERSION = 1;
const HASH_BYTES = 32;

/** Streaming feature computation for many symbols with one FeatureSet. */
export class FeatureEngine {
  readonly featureSet: ResolvedFeatureSet;
  /** Content hash of the feature set (hex sha256); recorded by everything downstream. */
  readonly hash: string;
  /** Output columns per row. */
  readonly width: number;
  readonly columnNames: readonly string[];
  /**
   * Column that indicator j's output 0 goes to when all its outputs are
   * columns, in order and side by side (it writes straight into the row);
   * -1 otherwise: it writes into `scratch` at scratchAt[j] and output selOut[q]
   * is copied to column selCol[q] for q in [selStart[j], selStart[j + 1]).
   */
  private readonly direct: Int32Array;
  private readonly scratchAt: Int32Array;
  private readonly selStart: Int32Array;
  private readonly selOut: Int32Array;
  private readonly selCol: Int32Array;
  private readonly scratch: Float64Array;
  /** Indicator instances per symbol id (undefined until the symbol's first bar). */
  private streams: Array<Indicator[] | undefined> = [];
  /** Last accepted event time per symbol id, epoch µs (NaN: none yet). */
  private lastTs: Float64Array = new Float64Array(0);
  /** Returned by `update` when the caller passes no row buffer. */
  private readonly row: Float64Array;

  constructor(featureSet: FeatureSet | ResolvedFeatureSet) {
    this.featureSet = resolveFeatureSet(featureSet);
    this.hash = this.featureSet.hash;
    this.columnNames = this.featureSet.columns.map((c) => c.name);
    this.width = this.columnNames.length;
    const features = this.featureSet.features;
    this.selStart = new Int32Array(features.length + 1);
    for (let j = 0; j < features.length; j++)
      this.selStart[j + 1] = this.selStart[j]! + features[j]!.selected.length;
    this.selOut = Int32Array.from(features.flatMap((f) => f.selected));
    this.selCol = Int32Array.from(features.flatMap((f) => f.columnIndex));
    this.direct = Int32Array.from(features, (f) =>
      f.selected.length === f.outputs.length &&
      f.selected.every((k, q) => k === q && f.columnIndex[q] === f.columnIndex[0]! + q)
        ? f.columnIndex[0]!
        : -1,
    );
    this.scratchAt = new Int32Array(features.length);
    let scratchSize = 0;
    for (let j = 0; j < features.length; j++) {
      this.scratchAt[j] = scratchSize;
      if (this.direct[j]! < 0) scratchSize += features[j]!.outputs.length;
    }
    this.scratch = new Float64Array(scratchSize);
    this.row = new Float64Array(this.width);
  }

  /**
   * Consumes one bar of `symbolId` and writes its `width` feature values into
   * out[offset .. offset + width) (default: an internal row, overwritten by
   * the next call). Returns `out`. Copies what it needs from `input`.
   */
  update(symbolId: number, input: FeatureInput, out: Float64Array = this.row, offset = 0): Float64Array {
    this.check(symbolId, input);
    const inds = this.streams[symbolId] ?? this.open(symbolId);
    this.lastTs[symbolId] = input.ts;
    const { direct, scratch, scratchAt, selStart, selOut, selCol } = this;
    for (let j = 0; j < inds.length; j++) {
      const ind = inds[j]!;
      ind.update(input);
      const col = direct[j]!;
      if (col >= 0) {
        ind.write(out, offset + col);
        continue;
      }
      const at = scratchAt[j]!;
      ind.write(scratch, at);
      for (let q = selStart[j]!; q < selStart[j + 1]!; q++) out[offset + selCol[q]!] = scratch[at + selOut[q]!]!;
    }
    return out;
  }

  /** Event time of the last accepted bar of `symbolId`, epoch µs; NaN before its first. */
  lastEventTime(symbolId: number): number {
    return symbolId < this.lastTs.length ? this.lastTs[symbolId]! : Number.NaN;
  }

  /** True once every indicator of `symbolId` has left its warm-up. */
  isReady(symbolId: number): boolean {
    const inds = this.streams[symbolId];
    return inds?.every((i) => i.ready) === true;
  }

  /** Throws E_FEATURE_SET_MISMATCH unless `expected` is this engine's feature-set hash (e.g. a model's). */
  assertFeatureSetHash(expected: string): void {
    if (expected !== this.hash) {
      throw new ModelError(
        ErrorCode.FeatureSetMismatch,
        `feature set '${this.featureSet.name}' has hash ${this.hash}, expected ${expected}`,
        { rule: 'model and features come from the same feature set' },
      );
    }
  }

  /** Forgets every symbol. */
  reset(): void {
    this.streams = [];
    this.lastTs = new Float64Array(0);
  }

  /** The whole engine state (all symbols) as bytes; `restore` on an engine of the same feature set continues exactly. */
  snapshot(): Uint8Array {
    const ids: number[] = [];
    const parts: Uint8Array[][] = [];
    let size = 8 + HASH_BYTES + 4;
    for (let id = 0; id < this.streams.length; id++) {
      const inds = this.streams[id];
      if (inds === undefined) continue;
      const bytes = inds.map((i) => i.snapshot());
      ids.push(id);
      parts.push(bytes);
      size += 12;
      for (const b of bytes) size += 4 + b.byteLength;
    }
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, VERSION, true);
    out.set(Buffer.from(this.hash, 'hex'), 8);
    let at = 8 + HASH_BYTES;
    view.setUint32(at, ids.length, true);
    at += 4;
    for (let s = 0; s < ids.length; s++) {
      view.setInt32(at, ids[s]!, true);
      view.setFloat64(at + 4, this.lastTs[ids[s]!]!, true);
      at += 12;
      for (const b of parts[s]!) {
        view.setUint32(at, b.byteLength, true);
        out.set(b, at + 4);
        at += 4 + b.byteLength;
      }
    }
    return out;
  }

  /**
   * Replaces the whole state with a snapshot's. Throws E_FEATURE_SET_MISMATCH
   * for another feature set's bytes and E_CORRUPT_FILE for damaged ones; on
   * any error the engine keeps its previous state.
   */
  restore(bytes: Uint8Array): void {
    const corrupt = (why: string) =>
      new DataError(ErrorCode.CorruptFile, `feature engine snapshot: ${why}`, {
        rule: 'snapshot made by FeatureEngine',
      });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 + HASH_BYTES + 4 || view.getUint32(0, true) !== MAGIC)
      throw corrupt('bad magic');
    if (view.getUint32(4, true) !== VERSION) throw corrupt(`unsupported version ${view.getUint32(4, true)}`);
    this.assertFeatureSetHash(Buffer.from(bytes.subarray(8, 8 + HASH_BYTES)).toString('hex'));
    const nSymbols = view.getUint32(8 + HASH_BYTES, true);
    const streams: Array<Indicator[] | undefined> = [];
    let lastTs: Float64Array = new Float64Array(0);
    let at = 8 + HASH_BYTES + 4;
    try {
      for (let s = 0; s < nSymbols; s++) {
        const id = view.getInt32(at, true);
        if (id < 0) throw corrupt(`negative symbol id ${id}`);
        lastTs = grow(lastTs, id + 1);
        lastTs[id] = view.getFloat64(at + 4, true);
        at += 12;
        const inds = this.featureSet.features.map((f) => f.create());
        for (const ind of inds) {
          const len = view.getUint32(at, true);
          if (at + 4 + len > bytes.byteLength) throw corrupt('truncated');
          ind.restore(bytes.subarray(at + 4, at + 4 + len));
          at += 4 + len;
        }
        while (streams.length < id) streams.push(undefined);
        streams[id] = inds;
      }
    } catch (err) {
      if (err instanceof AlphaflowError) throw err;
      throw corrupt(err instanceof Error ? err.message : String(err));
    }
    if (at !== bytes.byteLength) throw corrupt(`${bytes.byteLength - at} trailing bytes`);
    this.streams = streams;
    this.lastTs = lastTs;
  }

  private check(symbolId: number, input: FeatureInput): void {
    if (!Number.isInteger(symbolId) || symbolId < 0 || symbolId !== input.symbolId) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `symbol id ${symbolId} does not match the input's ${input.symbolId}`,
        {
          column: 'symbolId',
          rule: 'symbol id is a non-negative integer equal to input.symbolId',
        },
      );
    }
    const ts = input.ts;
    if (!Number.isFinite(ts)) throw this.bad(ErrorCode.NonFinite, symbolId, 'ts', ts, 'event time is finite');
    const last = symbolId < this.lastTs.length ? this.lastTs[symbolId]! : Number.NaN;
    if (ts <= last) {
      throw new DataError(
        ErrorCode.OutOfOrder,
        `symbol ${symbolId}: bar at ${ts} µs is ${ts === last ? 'a duplicate of' : 'older than'} the last bar at ${last} µs`,
        { column: 'ts', rule: 'event times strictly increase per symbol' },
      );
    }
    this.checkPrice(symbolId, 'open', input.open);
    this.checkPrice(symbolId, 'high', input.high);
    this.checkPrice(symbolId, 'low', input.low);
    this.checkPrice(symbolId, 'close', input.close);
    const v = input.volume;
    if (v < 0 || v === Number.POSITIVE_INFINITY) {
      throw this.bad(
        ErrorCode.InvalidInput,
        symbolId,
        'volume',
        v,
        'volume is ≥ 0 and finite (NaN = unknown)',
      );
    }
  }

  private checkPrice(symbolId: number, column: string, p: number): void {
    if (!Number.isFinite(p)) throw this.bad(ErrorCode.NonFinite, symbolId, column, p, 'prices are finite');
    if (p <= 0) throw this.bad(ErrorCode.NegativePrice, symbolId, column, p, 'prices are > 0');
  }

  private bad(code: ErrorCode, symbolId: number, column: string, v: number, rule: string): DataError {
    return new DataError(code, `symbol ${symbolId}: ${column} = ${v}`, { column, rule });
  }

  private open(symbolId: number): Indicator[] {
    const inds = this.featureSet.features.map((f) => f.create());
    while (this.streams.length < symbolId) this.streams.push(undefined);
    this.streams[symbolId] = inds;
    if (symbolId >= this.lastTs.length) this.lastTs = grow(this.lastTs, symbolId + 1);
    return inds;
  }
}

/** `a` copied into a NaN-filled array of at least `n` slots (doubling, so growth is amortised O(1)). */
function grow(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const next = new Float64Array(Math.max(n, 2 * a.length)).fill(Number.NaN);
  next.set(a);
  return next;
}
