/**
 * The research run shared by the demo, the CLI `train` command and the leak
 * test: bars → features (the streaming engine replayed) → labels → samples →
 * purged k-fold CV of LightGBM and the logistic baseline → final model.
 * One implementation, so what the demo shows is what a user's run does.
 */
import type { BarFrame } from '../core/barFrame.js';
import type { QuoteFrame } from '../core/quoteFrame.js';
import type { TradingCalendar } from '../data/calendar/types.js';
import { computeFeatures, type FeatureMatrix } from '../features/batch.js';
import { DEFAULT_FEATURE_SET } from '../features/defaultFeatureSet.js';
import { type FeatureSet, featureSetHash } from '../features/featureSet.js';
import { fixedHorizonLabels } from '../labels/fixedHorizon.js';
import type { LabelColumns } from '../labels/types.js';
import { type CvResult, crossValidate, gbdtClassifier, logisticClassifier } from '../model/crossValidate.js';
import { purgedKFoldSplits } from '../model/cv/purgedKFold.js';
import { buildDataset, type LabeledDataset } from '../model/dataset.js';
import type { GbdtEngine, GbdtParams, TrainedModel } from '../model/engine.js';
import { featureContextOf } from './researchData.js';

/** Who is who in the universe (ids in the frame's symbol table). */
export interface UniverseInfo {
  /** Market index symbol id (-1 when none). */
  marketSymbol: number;
  /** Sector id per symbol id (-1 none). */
  sectorOf: Int32Array;
  /** Sector index symbol id by sector id. */
  sectorIndexSymbol: Int32Array;
  /** 1 for symbol ids that are tradable samples (stocks). */
  tradable: Uint8Array;
}

/** Label spec recorded with the model. */
export interface LabelSpec {
  kind: 'fixedHorizon';
  horizonBars: number;
  /** Up when the forward log return exceeds this, fraction. */
  threshold: number;
}

export interface TrainingRunOptions {
  featureSet: FeatureSet;
  label: LabelSpec;
  gbdt: GbdtParams;
  /** Purged k-fold: folds and embargo as a fraction of the sample span. */
  folds: number;
  embargoFraction: number;
  /** Keep every `stride`-th bar per symbol as a sample. */
  stride: number;
  /** Bars skipped at each symbol's start while features warm up. */
  warmup: number;
  barIntervalUs: number;
  calendar: TradingCalendar;
}

export interface TrainingRunResult {
  featureSetHash: string;
  features: FeatureMatrix;
  labels: LabelColumns;
  dataset: LabeledDataset;
  cv: { lightgbm: CvResult; logistic: CvResult };
  /** LightGBM fitted on every sample. */
  model: TrainedModel;
  /** Training window of the final model, epoch µs. */
  window: { from: number; to: number };
  /** Wall time per stage, ms. */
  timings: Record<'features' | 'labels' | 'cv' | 'final', number>;
}

/** Runs the whole research loop on `frame` (adjusted prices) and `quotes`. */
export async function runTraining(
  frame: BarFrame,
  quotes: QuoteFrame | undefined,
  universe: UniverseInfo,
  engine: GbdtEngine,
  opts: TrainingRunOptions,
  clock: () => number = () => performance.now(),
): Promise<TrainingRunResult> {
  let t = clock();
  const lap = () => {
    const now = clock();
    const d = now - t;
    t = now;
    return d;
  };
  const features = computeFeatures(
    frame,
    opts.featureSet,
    featureContextOf(universe, quotes, opts.barIntervalUs, opts.calendar),
  );
  const tFeatures = lap();
  const labels = fixedHorizonLabels(frame, {
    horizon: opts.label.horizonBars,
    threshold: opts.label.threshold,
  });
  const dataset = buildDataset(frame, features, labels, {
    stride: opts.stride,
    warmup: opts.warmup,
    tradable: universe.tradable,
  });
  const tLabels = lap();
  const splits = purgedKFoldSplits(dataset.t0, dataset.t1, {
    nSplits: opts.folds,
    embargo: { fraction: opts.embargoFraction },
  });
  const lightgbm = await crossValidate(dataset, splits, gbdtClassifier(engine, opts.gbdt));
  const logistic = await crossValidate(dataset, splits, logisticClassifier());
  const tCv = lap();
  const model = await engine.train(dataset, opts.gbdt);
  const tFinal = lap();
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < dataset.nRows; i++) {
    from = Math.min(from, dataset.t0[i]!);
    to = Math.max(to, dataset.t1[i]!);
  }
  return {
    featureSetHash: featureSetHash(opts.featureSet),
    features,
    labels,
    dataset,
    cv: { lightgbm, logistic },
    model,
    window: { from, to },
    timings: { features: tFeatures, labels: tLabels, cv: tCv, final: tFinal },
  };
}

/** LightGBM parameters the demo and `alphaflow train` start from (regularised: the edge is weak). */
export function defaultGbdtParams(seed: number): GbdtParams {
  // Chosen on the synthetic market (200 stocks × 10 days, purged 3-fold): shallow
  // trees, strong L2 and column sampling; see docs/synthetic-market.md.
  return {
    numIterations: 300,
    learningRate: 0.03,
    numLeaves: 15,
    minDataInLeaf: 500,
    lambdaL2: 10,
    featureFraction: 0.7,
    seed,
    numThreads: 2,
  };
}

/** Run options with the documented defaults: 5-bar direction labels, purged 5-fold CV with 1 % embargo. */
export function defaultRunOptions(
  calendar: TradingCalendar,
  overrides: Partial<TrainingRunOptions> & { seed: number },
): TrainingRunOptions {
  const { seed, ...rest } = overrides;
  const horizon = rest.label?.horizonBars ?? 5;
  return {
    featureSet: DEFAULT_FEATURE_SET,
    label: { kind: 'fixedHorizon', horizonBars: horizon, threshold: 0 },
    gbdt: defaultGbdtParams(seed),
    folds: 5,
    embargoFraction: 0.01,
    stride: horizon,
    warmup: 60,
    barIntervalUs: 60_000_000,
    calendar,
    ...rest,
  };
}
