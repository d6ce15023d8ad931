/**
 * Metrics of hard predictions: a row is predicted positive when its
 * probability is STRICTLY above the threshold (as LightGBM's binary_error
 * and scikit-learn's predict), so p = 0.5 is a negative at the default.
 */
import { binaryRows } from './rows.js';

export interface ThresholdOptions {
  /** Decision threshold on the probability (default 0.5). */
  threshold?: number;
  /** Per-row sample weights (≥ 0); counts become weight sums. */
  weight?: Float64Array;
}

/** Confusion-matrix cells (weight sums with weights, else counts). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** Confusion-matrix cells of `prob > threshold` against binary labels. */
export function confusion(prob: Float64Array, label: Float64Array, opts: ThresholdOptions = {}): Confusion {
  const { weight } = opts;
  const threshold = opts.threshold ?? 0.5;
  const rows = binaryRows('prob', prob, label, weight);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const i of rows) {
    const w = weight === undefined ? 1 : weight[i]!;
    if (prob[i]! > threshold) {
      if (label[i] === 1) tp += w;
      else fp += w;
    } else if (label[i] === 1) fn += w;
    else tn += w;
  }
  return { tp, fp, tn, fn };
}

/** Fraction of rows predicted right; NaN with no rows. */
export function accuracy(prob: Float64Array, label: Float64Array, opts: ThresholdOptions = {}): number {
  const c = confusion(prob, label, opts);
  const total = c.tp + c.fp + c.tn + c.fn;
  return total > 0 ? (c.tp + c.tn) / total : Number.NaN;
}

/** F1 = 2·TP / (2·TP + FP + FN); NaN when there are neither positive labels nor positive predictions. */
export function f1Score(prob: Float64Array, label: Float64Array, opts: ThresholdOptions = {}): number {
  const c = confusion(prob, label, opts);
  const d = 2 * c.tp + c.fp + c.fn;
  return d > 0 ? (2 * c.tp) / d : Number.NaN;
}
