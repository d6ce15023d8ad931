/**
 * Batch features: the streaming engine's indicators, stream layout and input
 * rules replayed over a BarFrame into one row-major Float64Array, so offline
 * values are the streaming values by construction.
 *
 * The replay is indicator-major within a chunk of one symbol's rows: the rows
 * are joined with their context and checked first (FrameRows, checkBar, in row
 * order, so the first bad row fails exactly as a bar-by-bar replay would),
 * then each indicator runs over the whole chunk in one loop. Indicators of a
 * symbol never read each other, so each sees exactly the input sequence it
 * would see in streaming; the loop's call site sees one indicator class at a
 * time instead of the whole feature set on every row.
 */
import type { BarFrame } from '../core/barFrame.js';
import { AlphaflowError, DataError } from '../core/errors.js';
import { checkBar } from './barRules.js';
import type { FeatureColumn, FeatureSet, ResolvedFeatureSet } from './featureSet.js';
import { resolveFeatureSet } from './featureSet.js';
import { type FeatureContext, FrameRows } from './frameRows.js';
import type { Indicator } from './indicator.js';
import { type Stream, StreamLayout } from './streamLayout.js';

export type { FeatureContext } from './frameRows.js';

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

/** Rows joined, checked and run per indicator at a time: bounds the context arrays and keeps the chunk's matrix rows in cache. */
const CHUNK = 256;

/** Computes `fs` over every row of `frame` by replaying the streaming indicators. */
export function computeFeatures(
  frame: BarFrame,
  fs: FeatureSet | ResolvedFeatureSet,
  context: FeatureContext = {},
): FeatureMatrix {
  const resolved = resolveFeatureSet(fs);
  const features = resolved.features;
  const width = resolved.columns.length;
  const n = frame.length;
  const values = new Float64Array(n * width);
  const layout = new StreamLayout(features, width);
  const cols = features.map((f) => Int32Array.from(f.columnIndex));
  const srcs = cols.map((c) => c.map((col) => layout.source[col]!));
  const rows = new FrameRows(frame, context, CHUNK);
  const streams: Array<Stream | undefined> = [];
  const lastTs = new Map<number, number>();
  const symbol = frame.symbol;
  for (let start = 0; start < n; ) {
    const s = symbol[start]!;
    let end = start + 1;
    while (end < n && symbol[end] === s) end++;
    rows.startSymbol(s);
    while (streams.length <= s) streams.push(undefined);
    const stream = streams[s] ?? layout.createStream();
    streams[s] = stream;
    const inds = stream.indicators;
    let last = lastTs.get(s) ?? Number.NaN;
    for (let from = start; from < end; from += CHUNK) {
      const to = Math.min(end, from + CHUNK);
      rows.beginChunk(from);
      for (let i = from; i < to; i++) {
        rows.joinRow(i);
        try {
          checkBar(s, rows, last);
        } catch (err) {
          throw withRow(err, i);
        }
        last = rows.ts;
      }
      for (let j = 0; j < inds.length; j++) {
        runRows(
          inds[j]!,
          rows,
          from,
          to,
          values,
          width,
          stream.state,
          cols[j]!,
          srcs[j]!,
          layout.writeAt[j]!,
        );
      }
    }
    lastTs.set(s, last);
    start = end;
  }
  return {
    columns: resolved.columns,
    names: resolved.columns.map((c) => c.name),
    hash: resolved.hash,
    rows: n,
    width,
    values,
  };
}

/** Column `j` of a feature matrix as its own array (a copy). */
export function featureColumn(m: FeatureMatrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.values[i * m.width + j]!;
  return out;
}

/**
 * Rows [from, to) of one symbol through one indicator: after each update the
 * value in state[srcs[q]] goes to values[row * width + cols[q]]; an indicator
 * that keeps its own state first writes its outputs to state[writeAt …]
 * (writeAt ≥ 0).
 */
function runRows(
  ind: Indicator,
  rows: FrameRows,
  from: number,
  to: number,
  values: Float64Array,
  width: number,
  state: Float64Array,
  cols: Int32Array,
  srcs: Int32Array,
  writeAt: number,
): void {
  for (let i = from; i < to; i++) {
    rows.i = i;
    ind.update(rows);
    if (writeAt >= 0) ind.write(state, writeAt);
    const at = i * width;
    for (let q = 0; q < cols.length; q++) values[at + cols[q]!] = state[srcs[q]!]!;
  }
}

/** Re-throws a rejected bar with the frame row (1-based) it came from; the original stays as `cause`. */
function withRow(err: unknown, i: number): unknown {
  if (!(err instanceof AlphaflowError)) return err;
  return new DataError(err.code, err.message, { row: i + 1, cause: err });
}
