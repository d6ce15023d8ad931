/**
 * Records a research run in the model registry: the model, its feature-set
 * hash and names, training window, label spec, CV metrics of LightGBM and the
 * baseline, the adversarial AUC (training window vs the most recent 20 % of
 * it, a regime-shift flag) and a content hash of the training data.
 */
import { ErrorCode, ModelError } from '../core/errors.js';
import { type FeatureSet, featureSetHash, resolveFeatureSet } from '../features/featureSet.js';
import { type AdversarialResult, adversarialValidation } from '../model/adversarial.js';
import { modelFeatureName, subsetTrainData } from '../model/dataset.js';
import type { GbdtEngine, GbdtParams, TrainedModel } from '../model/engine.js';
import {
  hashTrainingData,
  type JsonValue,
  type ModelManifest,
  type ModelRegistry,
} from '../model/registry/index.js';
import type { LabelSpec, TrainingRunResult } from './trainingRun.js';

/** Fraction of the sample span treated as "recent" by adversarial validation. */
const RECENT_FRACTION = 0.2;

export interface RegisterRunOptions {
  engine: GbdtEngine;
  label: LabelSpec;
  params: GbdtParams;
  seed: number;
}

/** Adversarial validation of the run's samples: older 80 % of the span vs the newest 20 % (undefined when too few). */
export async function adversarialOf(
  run: TrainingRunResult,
  engine: GbdtEngine,
  seed: number,
): Promise<AdversarialResult | undefined> {
  const ds = run.dataset;
  const cut = run.window.from + (1 - RECENT_FRACTION) * (run.window.to - run.window.from);
  const older: number[] = [];
  const recent: number[] = [];
  for (let i = 0; i < ds.nRows; i++) (ds.t0[i]! < cut ? older : recent).push(i);
  if (older.length < 10 || recent.length < 10) return undefined;
  const a = subsetTrainData(ds, Int32Array.from(older));
  const b = subsetTrainData(ds, Int32Array.from(recent));
  return adversarialValidation(a, b, {
    classifier: (train) =>
      engine.train(train, { numIterations: 50, numLeaves: 15, minDataInLeaf: 100, seed, numThreads: 2 }),
    featureNames: ds.featureNames,
    categorical: ds.categorical,
    // Rows of one minute share market-wide features: keep each minute in one fold.
    groups: Float64Array.from([...older, ...recent], (i) => ds.t0[i]!),
    seed,
    folds: 3,
  });
}

/** Registers the run's final model; returns its manifest. */
export async function registerTrainingRun(
  registry: ModelRegistry,
  run: TrainingRunResult,
  opts: RegisterRunOptions,
): Promise<{ manifest: ModelManifest; adversarial: AdversarialResult | undefined }> {
  const adversarial = await adversarialOf(run, opts.engine, opts.seed);
  const cvMetrics: Record<string, number> = {};
  for (const [model, cv] of Object.entries(run.cv)) {
    for (const [k, v] of Object.entries(cv.summary)) cvMetrics[`${model}.${k}`] = v;
  }
  const manifest = registry.register({
    kind: 'lightgbm',
    featureSetHash: run.featureSetHash,
    featureNames: run.model.featureNames,
    trainWindow: run.window,
    labelSpec: { ...opts.label } as JsonValue,
    cvMetrics,
    adversarialAuc: adversarial?.auc ?? null,
    params: { ...opts.params } as Record<string, JsonValue>,
    dataHash: hashTrainingData(run.dataset),
    modelText: run.model.save(),
  });
  return { manifest, adversarial };
}

/**
 * Loads registered `version` to score features of `featureSet`. Refuses
 * (ModelError E_FEATURE_SET_MISMATCH) a model trained on another feature set
 * or on other columns: scoring it would silently feed the wrong numbers.
 */
export function loadRegisteredModel(
  registry: ModelRegistry,
  version: string,
  engine: GbdtEngine,
  featureSet: FeatureSet,
): TrainedModel {
  const manifest = registry.get(version);
  const hash = featureSetHash(featureSet);
  if (manifest.featureSetHash !== hash) {
    throw new ModelError(
      ErrorCode.FeatureSetMismatch,
      `model ${version} was trained on feature set ${manifest.featureSetHash.slice(0, 12)}, not ${hash.slice(0, 12)}`,
      { rule: 'a model scores only the feature set it was trained on' },
    );
  }
  const expected = resolveFeatureSet(featureSet).columns.map((c) => modelFeatureName(c.name));
  return engine.loadModel(registry.loadModelText(version), { expectedFeatureNames: expected });
}
