/**
 * The one feature engine behind streaming and batch: per symbol id it holds the
 * indicator instances of one FeatureSet (created on the symbol's first bar) and
 * turns each bar into one row of feature values. Each symbol's indicator state
 * is packed into one array (StreamLayout), from which the row is gathered in
 * one loop. Every indicator is driven through `Indicator.run`: over a one-row
 * block per streaming bar (`update`), over blocks of a symbol's rows in batch
 * mode (`updateRows`, which batch.ts feeds from a frame), so offline and
 * online values come from the same code and are bit-identical.
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
import { checkBar, firstBadRow } from './barRules.js';
import { type FeatureSet, type ResolvedFeatureSet, resolveFeatureSet } from './featureSet.js';
import { emptyFeatureInput, type FeatureInput } from './indicator.js';
import { InputBlock } from './inputBlock.js';
import { runByUpdate } from './rowAdapters.js';
import { type Stream, StreamLayout } from './streamLayout.js';

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
  /** Where a stream's state lives and where each column is read from. */
  private readonly layout: StreamLayout;
  /** Indicators that keep their own state (none among the built-ins): they `write` their outputs after each update. */
  private readonly foreign: Int32Array;
  /** Indicator instances and state per symbol id (undefined until the symbol's first bar). */
  private streams: Array<Stream | undefined> = [];
  /** Last accepted event time per symbol id, epoch µs (NaN: none yet). */
  private lastTs: Float64Array = new Float64Array(0);
  /** Returned by `update` when the caller passes no row buffer. */
  private readonly row: Float64Array;
  /** The bar of `update` as a one-row block. */
  private readonly bar = new InputBlock(1);
  /** Where built-ins' `run` writes during `update` (their outputs are read from the state). */
  private readonly sink: Float64Array;
  /** Outputs of one indicator over a block of rows, before they are gathered into their columns. */
  private scratch: Float64Array = new Float64Array(0);

  constructor(featureSet: FeatureSet | ResolvedFeatureSet) {
    this.featureSet = resolveFeatureSet(featureSet);
    this.hash = this.featureSet.hash;
    this.columnNames = this.featureSet.columns.map((c) => c.name);
    this.width = this.columnNames.length;
    this.layout = new StreamLayout(this.featureSet.features, this.width);
    this.foreign = Int32Array.from(this.layout.writeAt.keys()).filter((j) => this.layout.writeAt[j]! >= 0);
    this.row = new Float64Array(this.width);
    this.sink = new Float64Array(this.layout.maxOutputs);
  }

  /**
   * Consumes one bar of `symbolId` and writes its `width` feature values into
   * out[offset .. offset + width) (default: an internal row, overwritten by
   * the next call). Returns `out`. Copies what it needs from `input`.
   */
  update(symbolId: number, input: FeatureInput, out: Float64Array = this.row, offset = 0): Float64Array {
    checkBar(symbolId, input, this.lastEventTime(symbolId));
    const stream = this.streams[symbolId] ?? this.open(symbolId);
    this.lastTs[symbolId] = input.ts;
    const { indicators, state, runs } = stream;
    const { foreign, layout, bar, sink } = this;
    bar.setRow(0, input);
    for (let j = 0; j < indicators.length; j++) {
      const run = runs[j];
      if (run !== undefined) run.call(indicators[j]!, bar, 0, 1, sink, 0, 0);
      else indicators[j]!.update(input);
    }
    for (let f = 0; f < foreign.length; f++) {
      const j = foreign[f]!;
      indicators[j]!.write(state, layout.writeAt[j]!);
    }
    const source = layout.source;
    for (let c = 0; c < source.length; c++) out[offset + c] = state[source[c]!]!;
    return out;
  }

  /**
   * Consumes rows [from, to) of `cols`, bars of `symbolId` in time order
   * (batch mode), and writes row i's `width` values to
   * out[at + (i − from)·width …]. Same values as `update` row by row. All or
   * nothing: a row that breaks an input rule throws that rule's error (as
   * `update` would) before any state changes.
   */
  updateRows(
    symbolId: number,
    cols: InputBlock,
    from: number,
    to: number,
    out: Float64Array,
    at: number,
  ): void {
    const last = this.lastEventTime(symbolId);
    const bad = firstBadRow(symbolId, cols, from, to, last);
    if (bad < to) {
      const input = emptyFeatureInput();
      cols.getRow(bad, input);
      checkBar(symbolId, input, bad === from ? last : cols.ts[bad - 1]!);
    }
    if (to <= from) return;
    const { indicators } = this.streams[symbolId] ?? this.open(symbolId);
    this.lastTs[symbolId] = cols.ts[to - 1]!;
    const { layout, width } = this;
    const rows = to - from;
    if (this.scratch.length < rows * layout.maxOutputs)
      this.scratch = new Float64Array(rows * layout.maxOutputs);
    const scratch = this.scratch;
    for (let j = 0; j < indicators.length; j++) {
      const ind = indicators[j]!;
      const first = layout.firstColumn[j]!;
      if (first >= 0 && ind.run !== undefined) {
        ind.run(cols, from, to, out, at + first, width);
        continue;
      }
      const n = layout.outputCount[j]!;
      if (ind.run !== undefined) ind.run(cols, from, to, scratch, 0, n);
      else runByUpdate(ind, cols, from, to, scratch, 0, n);
      const { selected, columnIndex } = layout.routes(j);
      for (let q = 0; q < selected.length; q++) {
        const c = columnIndex[q]!;
        for (let i = 0, k = selected[q]!; i < rows; i++, k += n) out[at + i * width + c] = scratch[k]!;
      }
    }
  }

  /** Event time of the last accepted bar of `symbolId`, epoch µs; NaN before its first. */
  lastEventTime(symbolId: number): number {
    return symbolId < this.lastTs.length ? this.lastTs[symbolId]! : Number.NaN;
  }

  /** True once every indicator of `symbolId` has left its warm-up. */
  isReady(symbolId: number): boolean {
    const stream = this.streams[symbolId];
    return stream?.indicators.every((i) => i.ready) === true;
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
      const stream = this.streams[id];
      if (stream === undefined) continue;
      const bytes = stream.indicators.map((i) => i.snapshot());
      ids.push(id);
      parts.push(bytes);
      size += 12;
      for (const b of bytes) size += 4 + b.byteLength;
    }
    const out = this.snapshotHeader(size, ids.length);
    const view = new DataView(out.buffer);
    let at = 8 + HASH_BYTES + 4;
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
   * Replaces the whole state with a snapshot's (only the symbols `keep` accepts,
   * when given). Throws E_FEATURE_SET_MISMATCH for another feature set's bytes
   * and E_CORRUPT_FILE for damaged ones; on any error the engine keeps its
   * previous state.
   */
  restore(bytes: Uint8Array, keep?: (symbolId: number) => boolean): void {
    const streams: Array<Stream | undefined> = [];
    let lastTs: Float64Array = new Float64Array(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.walkSnapshot(bytes, (id, ts, at) => {
      if (keep !== undefined && !keep(id)) return;
      lastTs = grow(lastTs, id + 1);
      lastTs[id] = ts;
      const stream = this.layout.createStream();
      for (const ind of stream.indicators) {
        const len = view.getUint32(at, true);
        ind.restore(bytes.subarray(at + 4, at + 4 + len));
        at += 4 + len;
      }
      while (streams.length < id) streams.push(undefined);
      streams[id] = stream;
    });
    this.streams = streams;
    this.lastTs = lastTs;
  }

  /** Last event time per symbol id (NaN: none) that a snapshot holds; checks its header and framing only. */
  snapshotEventTimes(bytes: Uint8Array): Float64Array {
    let lastTs: Float64Array = new Float64Array(0);
    this.walkSnapshot(bytes, (id, ts) => {
      lastTs = grow(lastTs, id + 1);
      lastTs[id] = ts;
    });
    return lastTs;
  }

  /**
   * One snapshot holding the symbols of several (of this feature set, no symbol
   * in two): the bytes `snapshot` gives for an engine that had seen them all,
   * which is how a sharded engine's workers' snapshots become one.
   */
  mergeSnapshots(parts: readonly Uint8Array[]): Uint8Array {
    const records: { id: number; bytes: Uint8Array }[] = [];
    for (const part of parts) {
      this.walkSnapshot(part, (id, _ts, at, end) => {
        records.push({ id, bytes: part.subarray(at - 12, end) });
      });
    }
    records.sort((a, b) => a.id - b.id);
    let size = 8 + HASH_BYTES + 4;
    for (let i = 0; i < records.length; i++) {
      if (i > 0 && records[i]!.id === records[i - 1]!.id) {
        throw snapshotCorrupt(`symbol ${records[i]!.id} is in more than one snapshot`);
      }
      size += records[i]!.bytes.byteLength;
    }
    const out = this.snapshotHeader(size, records.length);
    let at = 8 + HASH_BYTES + 4;
    for (const r of records) {
      out.set(r.bytes, at);
      at += r.bytes.byteLength;
    }
    return out;
  }

  /** A snapshot of `size` bytes with its header written: magic, version, feature-set hash and symbol count. */
  private snapshotHeader(size: number, symbols: number): Uint8Array {
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, VERSION, true);
    out.set(Buffer.from(this.hash, 'hex'), 8);
    view.setUint32(8 + HASH_BYTES, symbols, true);
    return out;
  }

  /**
   * Checks a snapshot's header and framing, then calls `record` per symbol with
   * its id, last event time and the byte range of its indicators' parts.
   */
  private walkSnapshot(
    bytes: Uint8Array,
    record: (id: number, lastTs: number, at: number, end: number) => void,
  ): void {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8 + HASH_BYTES + 4 || view.getUint32(0, true) !== MAGIC)
      throw snapshotCorrupt('bad magic');
    if (view.getUint32(4, true) !== VERSION)
      throw snapshotCorrupt(`unsupported version ${view.getUint32(4, true)}`);
    this.assertFeatureSetHash(Buffer.from(bytes.subarray(8, 8 + HASH_BYTES)).toString('hex'));
    const nSymbols = view.getUint32(8 + HASH_BYTES, true);
    const nIndicators = this.layout.outputCount.length;
    let at = 8 + HASH_BYTES + 4;
    try {
      for (let s = 0; s < nSymbols; s++) {
        if (at + 12 > bytes.byteLength) throw snapshotCorrupt('truncated');
        const id = view.getInt32(at, true);
        if (id < 0) throw snapshotCorrupt(`negative symbol id ${id}`);
        const ts = view.getFloat64(at + 4, true);
        const first = at + 12;
        at = first;
        for (let j = 0; j < nIndicators; j++) {
          if (at + 4 > bytes.byteLength) throw snapshotCorrupt('truncated');
          at += 4 + view.getUint32(at, true);
          if (at > bytes.byteLength) throw snapshotCorrupt('truncated');
        }
        record(id, ts, first, at);
      }
    } catch (err) {
      if (err instanceof AlphaflowError) throw err;
      throw snapshotCorrupt(err instanceof Error ? err.message : String(err));
    }
    if (at !== bytes.byteLength) throw snapshotCorrupt(`${bytes.byteLength - at} trailing bytes`);
  }

  private open(symbolId: number): Stream {
    const stream = this.layout.createStream();
    while (this.streams.length < symbolId) this.streams.push(undefined);
    this.streams[symbolId] = stream;
    if (symbolId >= this.lastTs.length) this.lastTs = grow(this.lastTs, symbolId + 1);
    return stream;
  }
}

function snapshotCorrupt(why: string): DataError {
  return new DataError(ErrorCode.CorruptFile, `feature engine snapshot: ${why}`, {
    rule: 'snapshot made by FeatureEngine',
  });
}

/** `a` copied into a NaN-filled array of at least `n` slots (doubling, so growth is amortised O(1)); `a` if it has them. */
export function grow(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const next = new Float64Array(Math.max(n, 2 * a.length)).fill(Number.NaN);
  next.set(a);
  return next;
}
