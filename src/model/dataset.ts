/**
 * Training rows from a feature matrix and labels: which frame rows become
 * samples, their Float32 feature matrix (LightGBM's layout), label windows
 * [t0, t1] for purging, and uniqueness weights. The features and labels come
 * in already computed; nothing here looks at prices.
 */
import type { BarFrame } from '../core/barFrame.js';
import { DataError, ErrorCode } from '../core/errors.js';
import type { FeatureMatrix } from '../features/batch.js';
import type { LabelColumns } from '../labels/types.js';
import { averageUniqueness } from '../labels/uniqueness.js';
import type { TrainData } from './engine.js';

/** A labelled sample set: TrainData plus what splitters and cross-sectional metrics need. */
export interface LabeledDataset extends TrainData {
  /** Frame row of each sample. */
  readonly rows: Int32Array;
  readonly symbol: Int32Array;
  /** Label window start (the sample's bar time) and end, epoch µs. */
  readonly t0: Float64Array;
  readonly t1: Float64Array;
  /** Realised forward log return of the label window, fraction. */
  readonly fwdReturn: Float64Array;
  /** Label as float64 (for metrics). */
  readonly label: Float64Array;
  /** Sample weights (average uniqueness, scaled to mean 1). */
  readonly weight: Float32Array;
}

export interface DatasetOptions {
  /** Keep every `stride`-th bar per symbol (1 = all); thins overlapping label windows. */
  stride?: number;
  /** 1 for symbol ids that may become samples (e.g. stocks, not indices); default all. */
  tradable?: Uint8Array;
  /** Skip the first `warmup` bars of every symbol (features still warming up). */
  warmup?: number;
}

/**
 * Feature column name as models store it: LightGBM forbids ':' (and JSON
 * punctuation) in names, so 'macd:12:26:9.hist' becomes 'macd_12_26_9.hist'.
 * Every model input name goes through here, so checks compare like with like.
 */
export function modelFeatureName(column: string): string {
  return column.replace(/[:"',[\]{}\s]/g, '_');
}

/** Builds samples where the label exists, in frame order (symbol, then time). */
export function buildDataset(
  frame: BarFrame,
  features: FeatureMatrix,
  labels: LabelColumns,
  opts: DatasetOptions = {},
): LabeledDataset {
  const stride = opts.stride ?? 1;
  const warmup = opts.warmup ?? 0;
  if (features.rows !== frame.length || labels.label.length !== frame.length) {
    throw new DataError(ErrorCode.InvalidInput, 'features, labels and frame must have the same rows', {
      rule: `frame ${frame.length}, features ${features.rows}, labels ${labels.label.length}`,
    });
  }
  // Uniqueness is computed over all labelled rows, then sampled, so that
  // thinning does not pretend the skipped windows never overlapped.
  const uniq = averageUniqueness(frame.symbol, labels.endRow);
  const picked: number[] = [];
  let pos = 0;
  for (let i = 0; i < frame.length; i++) {
    pos = i > 0 && frame.symbol[i] === frame.symbol[i - 1] ? pos + 1 : 0;
    if (pos < warmup || (pos - warmup) % stride !== 0) continue;
    if (opts.tradable && opts.tradable[frame.symbol[i]!] !== 1) continue;
    if (Number.isNaN(labels.label[i]!)) continue;
    picked.push(i);
  }
  const n = picked.length;
  const w = features.width;
  const X = new Float32Array(n * w);
  const rows = Int32Array.from(picked);
  const symbol = new Int32Array(n);
  const t0 = new Float64Array(n);
  const t1 = new Float64Array(n);
  const fwd = new Float64Array(n);
  const label = new Float64Array(n);
  const y = new Float32Array(n);
  const weight = new Float32Array(n);
  let wsum = 0;
  for (let k = 0; k < n; k++) {
    const i = rows[k]!;
    X.set(features.values.subarray(i * w, i * w + w), k * w);
    symbol[k] = frame.symbol[i]!;
    t0[k] = frame.ts[i]!;
    t1[k] = labels.t1[i]!;
    fwd[k] = labels.fwdReturn[i]!;
    label[k] = labels.label[i]!;
    y[k] = labels.label[i]!;
    const u = uniq[i]!;
    weight[k] = Number.isFinite(u) ? u : 0;
    wsum += weight[k]!;
  }
  const scale = wsum > 0 ? n / wsum : 1;
  for (let k = 0; k < n; k++) weight[k]! *= scale;
  const categorical: number[] = [];
  features.columns.forEach((c, j) => {
    if (c.categorical) categorical.push(j);
  });
  return {
    X,
    nRows: n,
    nCols: w,
    y,
    weight,
    featureNames: features.names.map(modelFeatureName),
    categorical,
    rows,
    symbol,
    t0,
    t1,
    fwdReturn: fwd,
    label,
  };
}

/** Rows `idx` of `d` as a new contiguous TrainData, optionally keeping only columns `cols`. */
export function subsetTrainData(d: TrainData, idx: Int32Array, cols?: readonly number[]): TrainData {
  const keep = cols ?? Array.from({ length: d.nCols }, (_, j) => j);
  const m = keep.length;
  const X = new Float32Array(idx.length * m);
  const y = new Float32Array(idx.length);
  const weight = d.weight ? new Float32Array(idx.length) : undefined;
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k]!;
    const base = r * d.nCols;
    if (cols === undefined) X.set(d.X.subarray(base, base + d.nCols), k * m);
    else for (let j = 0; j < m; j++) X[k * m + j] = d.X[base + keep[j]!]!;
    y[k] = d.y[r]!;
    if (weight) weight[k] = d.weight![r]!;
  }
  const remap = new Map(keep.map((c, j) => [c, j]));
  return {
    X,
    nRows: idx.length,
    nCols: m,
    y,
    ...(weight ? { weight } : {}),
    featureNames: keep.map((j) => d.featureNames[j]!),
    categorical: d.categorical.filter((c) => remap.has(c)).map((c) => remap.get(c)!),
  };
}
