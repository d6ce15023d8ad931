/**
 * Adversarial validation: can a classifier tell the training window's feature
 * rows (label 0) from a recent window's (label 1)? The out-of-fold AUC says:
 * ≈ 0.5 means the same distribution, above the threshold (default 0.6) flags
 * a regime shift. The folds are shuffled and stratified rather than split by
 * time, because the question is whether the two sets are distinguishable at
 * all, not whether a forecast generalizes forward.
 * The classifier is injected (LightGBM, the logistic baseline, a stub);
 * feature importances come from the model when it has them, else from each
 * feature's own AUC between the two sets.
 */
import { DataError, ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { TrainData } from './engine.js';
import { auc } from './metrics/index.js';

/** A fitted model as adversarial validation uses it (TrainedModel and LogisticModel fit). */
export interface AdversarialModel {
  /** P(row comes from the recent window) per row of a row-major matrix. */
  predict(X: Float32Array, nRows: number): Float64Array;
  /** Gain per input column, when the model has such a notion. */
  featureImportance?(type: 'gain'): Float64Array;
  /** Releases native resources, when the model holds any. */
  dispose?(): void;
}

/** Fits a binary classifier on TrainData. */
export type AdversarialClassifier = (train: TrainData) => Promise<AdversarialModel>;

/** Feature rows of one window: row-major, `featureNames.length` columns. */
export interface FeatureRows {
  readonly X: Float32Array;
  readonly nRows: number;
}

export interface AdversarialOptions {
  readonly classifier: AdversarialClassifier;
  readonly featureNames: readonly string[];
  /** Indices of categorical columns, passed through to the classifier. */
  readonly categorical?: readonly number[];
  /** Seed of the fold shuffle. */
  readonly seed: number;
  /** Default 5. */
  readonly folds?: number;
  /** AUC above which a shift is flagged; default 0.6. */
  readonly threshold?: number;
  /** Features to report; default 10. */
  readonly topK?: number;
  /**
   * Group key per row (train rows first, then recent rows), e.g. the event
   * time: rows sharing a key land in the same fold. Without it, cross-sectional
   * features (one market return shared by every symbol at a minute) let the
   * classifier recognise the minute across folds and score a false AUC ≈ 1.
   */
  readonly groups?: Float64Array;
}

export interface FeatureShift {
  readonly name: string;
  /** Share of the model's total gain, or 2·|AUC − 0.5| of the feature alone (fractions). */
  readonly importance: number;
}

export interface AdversarialResult {
  /** AUC of the pooled out-of-fold predictions. */
  readonly auc: number;
  readonly foldAucs: readonly number[];
  readonly flagged: boolean;
  readonly threshold: number;
  /** Most distinguishing features, most important first. */
  readonly topFeatures: readonly FeatureShift[];
  readonly importanceSource: 'model' | 'univariate-auc';
}

/** Out-of-fold AUC of telling `train` rows (0) from `recent` rows (1), with the features that separate them. */
export async function adversarialValidation(
  train: FeatureRows,
  recent: FeatureRows,
  opts: AdversarialOptions,
): Promise<AdversarialResult> {
  const nCols = opts.featureNames.length;
  const k = opts.folds ?? 5;
  const threshold = opts.threshold ?? 0.6;
  for (const [role, s] of [
    ['training', train],
    ['recent', recent],
  ] as const) {
    if (s.X.length !== s.nRows * nCols) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `${role} rows: X has ${s.X.length} values, expected ${s.nRows}×${nCols}`,
        {
          rule: 'X is nRows × featureNames.length',
        },
      );
    }
    if (s.nRows < k) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `${role} window has ${s.nRows} rows, fewer than ${k} folds`,
      );
    }
  }
  const n = train.nRows + recent.nRows;
  const X = new Float32Array(n * nCols);
  X.set(train.X);
  X.set(recent.X, train.X.length);
  const label = new Float64Array(n);
  label.fill(1, train.nRows);
  if (opts.groups !== undefined && opts.groups.length !== n) {
    throw new DataError(ErrorCode.InvalidInput, `groups has ${opts.groups.length} keys for ${n} rows`, {
      rule: 'one group key per row, train rows then recent rows',
    });
  }
  const fold = stratifiedFolds(train.nRows, recent.nRows, k, new Rng(opts.seed), opts.groups);

  const oof = new Float64Array(n);
  const gain = new Float64Array(nCols);
  let modelGain = true;
  const foldAucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    const model = await opts.classifier({
      X: gatherRows(X, nCols, trainIdx),
      nRows: trainIdx.length,
      nCols,
      y: Float32Array.from(trainIdx, (i) => label[i]!),
      featureNames: opts.featureNames,
      categorical: opts.categorical ?? [],
    });
    try {
      const p = model.predict(gatherRows(X, nCols, testIdx), testIdx.length);
      for (let j = 0; j < testIdx.length; j++) oof[testIdx[j]!] = p[j]!;
      foldAucs.push(
        auc(
          p,
          Float64Array.from(testIdx, (i) => label[i]!),
        ),
      );
      if (model.featureImportance === undefined) modelGain = false;
      else {
        const g = model.featureImportance('gain');
        for (let c = 0; c < nCols; c++) gain[c]! += g[c]!;
      }
    } finally {
      model.dispose?.();
    }
  }
  const pooled = auc(oof, label);
  const useModel = modelGain && gain.some((g) => g > 0);
  const importance = useModel ? normalized(gain) : univariateShift(X, nCols, label);
  const topFeatures = Array.from(importance, (v, c) => ({ name: opts.featureNames[c]!, importance: v }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name))
    .slice(0, opts.topK ?? 10);
  return {
    auc: pooled,
    foldAucs,
    flagged: pooled > threshold,
    threshold,
    topFeatures,
    importanceSource: useModel ? 'model' : 'univariate-auc',
  };
}

/**
 * Fold id per row: each class's rows (or groups of rows, when keys are given)
 * shuffled, then dealt round-robin, so every fold holds both classes.
 */
function stratifiedFolds(n0: number, n1: number, k: number, rng: Rng, groups?: Float64Array): Int32Array {
  const fold = new Int32Array(n0 + n1);
  for (const [start, len] of [
    [0, n0],
    [n0, n1],
  ] as const) {
    // Units are rows, or the distinct keys of this class's rows.
    const unitOf = new Int32Array(len);
    let units = len;
    if (groups === undefined) {
      for (let i = 0; i < len; i++) unitOf[i] = i;
    } else {
      const ids = new Map<number, number>();
      for (let i = 0; i < len; i++) {
        const key = groups[start + i]!;
        let u = ids.get(key);
        if (u === undefined) {
          u = ids.size;
          ids.set(key, u);
        }
        unitOf[i] = u;
      }
      units = ids.size;
    }
    const order = Int32Array.from({ length: units }, (_, i) => i);
    for (let i = units - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const unitFold = new Int32Array(units);
    for (let i = 0; i < units; i++) unitFold[order[i]!] = i % k;
    for (let i = 0; i < len; i++) fold[start + i] = unitFold[unitOf[i]!]!;
  }
  return fold;
}

function gatherRows(X: Float32Array, nCols: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * nCols);
  for (let r = 0; r < rows.length; r++)
    out.set(X.subarray(rows[r]! * nCols, rows[r]! * nCols + nCols), r * nCols);
  return out;
}

function normalized(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return v.map((x) => x / s);
}

/** 2·|AUC − 0.5| of each feature alone between the two sets (NaN values skipped). */
function univariateShift(X: Float32Array, nCols: number, label: Float64Array): Float64Array {
  const n = label.length;
  const col = new Float64Array(n);
  const out = new Float64Array(nCols);
  for (let c = 0; c < nCols; c++) {
    for (let i = 0; i < n; i++) col[i] = X[i * nCols + c]!;
    const a = auc(col, label);
    out[c] = Number.isNaN(a) ? 0 : 2 * Math.abs(a - 0.5);
  }
  return out;
}
