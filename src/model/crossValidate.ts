/**
 * Cross-validation driver: fit on each split's training rows, score its test
 * rows, and report per-fold and pooled out-of-fold metrics. Any classifier
 * that turns TrainData into a ProbabilityModel plugs in (LightGBM, logistic).
 */

import type { Split } from './cv/types.js';
import { type LabeledDataset, subsetTrainData } from './dataset.js';
import type { GbdtEngine, GbdtParams, ProbabilityModel, TrainData } from './engine.js';
import { fitLogistic, type LogisticOptions } from './logistic.js';
import { accuracy, auc, averagePrecision, f1Score, logLoss, precisionAtK, rankIC } from './metrics/index.js';

/** Something that fits a probability model on TrainData. */
export interface Classifier {
  readonly name: string;
  fit(train: TrainData): Promise<ProbabilityModel>;
}

/** Out-of-sample quality of probabilities against 0/1 labels (fractions; log-loss in nats). */
export interface ClassificationMetrics {
  n: number;
  auc: number;
  prAuc: number;
  logLoss: number;
  accuracy: number;
  f1: number;
}

export interface CvSummary extends ClassificationMetrics {
  /** Mean Spearman IC of score vs forward return per timestamp cross-section, and its t-stat. */
  rankIcMean: number;
  rankIcTStat: number;
  /** Mean precision of the top-10 scores per cross-section. */
  precisionAt10: number;
}

export interface CvResult {
  model: string;
  folds: Array<ClassificationMetrics & { fold: number; nTrain: number }>;
  /** Out-of-fold probability per sample (NaN where a sample was never in a test fold). */
  oof: Float64Array;
  /** Metrics of the pooled out-of-fold predictions. */
  summary: CvSummary;
}

/** Metrics of probabilities `p` for labels `y` (NaN rows skipped). */
export function classificationMetrics(p: Float64Array, y: Float64Array): ClassificationMetrics {
  let n = 0;
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!) && !Number.isNaN(y[i]!)) n++;
  return {
    n,
    auc: auc(p, y),
    prAuc: averagePrecision(p, y),
    logLoss: logLoss(p, y),
    accuracy: accuracy(p, y),
    f1: f1Score(p, y),
  };
}

/** Runs `clf` over `splits` of `ds`. */
export async function crossValidate(
  ds: LabeledDataset,
  splits: readonly Split[],
  clf: Classifier,
): Promise<CvResult> {
  const oof = new Float64Array(ds.nRows).fill(Number.NaN);
  const folds: CvResult['folds'] = [];
  for (const [k, split] of splits.entries()) {
    const model = await clf.fit(subsetTrainData(ds, split.train));
    const test = subsetTrainData(ds, split.test);
    const p = model.predict(test.X, test.nRows);
    model.dispose();
    const yTest = new Float64Array(split.test.length);
    for (let i = 0; i < split.test.length; i++) {
      oof[split.test[i]!] = p[i]!;
      yTest[i] = ds.label[split.test[i]!]!;
    }
    folds.push({ fold: k, nTrain: split.train.length, ...classificationMetrics(p, yTest) });
  }
  const ic = rankIC(oof, ds.fwdReturn, ds.t0);
  const pk = precisionAtK(oof, ds.label, ds.t0, 10);
  return {
    model: clf.name,
    folds,
    oof,
    summary: {
      ...classificationMetrics(oof, ds.label),
      rankIcMean: ic.mean,
      rankIcTStat: ic.tStat,
      precisionAt10: pk.mean,
    },
  };
}

/** LightGBM (or any GBDT engine) as a Classifier. */
export function gbdtClassifier(engine: GbdtEngine, params: GbdtParams): Classifier {
  return { name: engine.name, fit: (train) => engine.train(train, params) };
}

/** The logistic baseline as a Classifier; categorical id columns are left out (codes are not magnitudes). */
export function logisticClassifier(opts: LogisticOptions = {}): Classifier {
  return {
    name: 'logistic',
    fit: async (train) => {
      const numeric = Array.from({ length: train.nCols }, (_, j) => j).filter(
        (j) => !train.categorical.includes(j),
      );
      const model = fitLogistic(subsetTrainData(train, identity(train.nRows), numeric), opts);
      return selectColumns(model, train.featureNames, numeric);
    },
  };
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Wraps a model fitted on a column subset so it scores full-width rows. */
function selectColumns(
  inner: ProbabilityModel,
  allNames: readonly string[],
  cols: readonly number[],
): ProbabilityModel {
  const width = allNames.length;
  const row = new Float32Array(cols.length);
  return {
    featureNames: allNames,
    predict(X, nRows, out) {
      const sub = new Float32Array(nRows * cols.length);
      for (let r = 0; r < nRows; r++)
        for (let j = 0; j < cols.length; j++) sub[r * cols.length + j] = X[r * width + cols[j]!]!;
      return inner.predict(sub, nRows, out);
    },
    predictOne(full) {
      for (let j = 0; j < cols.length; j++) row[j] = full[cols[j]!]!;
      return inner.predictOne(row);
    },
    save: () => inner.save(),
    dispose: () => inner.dispose(),
  };
}
