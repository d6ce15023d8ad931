/**
 * GbdtParams → LightGBM's 'key=value key=value' parameter string. Every
 * setting that affects the result is written out explicitly (seed,
 * deterministic, force_row_wise, num_threads), so a model never depends on
 * LightGBM's defaults changing or on the machine's core count.
 */
import { ConfigError } from '../../core/errors.js';
import type { GbdtMetric, GbdtObjective, GbdtParams } from '../engine.js';

/** GbdtParams with every optional field filled in. */
export type ResolvedGbdtParams = Required<Omit<GbdtParams, 'earlyStoppingRounds'>> & {
  /** 0 = no early stopping. */
  earlyStoppingRounds: number;
};

/** Fills LightGBM's defaults and checks ranges; bad values → ConfigError (E_CONFIG). */
export function resolveParams(p: GbdtParams): ResolvedGbdtParams {
  const objective: GbdtObjective = p.objective ?? 'binary';
  const r: ResolvedGbdtParams = {
    objective,
    numIterations: p.numIterations,
    learningRate: p.learningRate ?? 0.1,
    numLeaves: p.numLeaves ?? 31,
    maxDepth: p.maxDepth ?? -1,
    minDataInLeaf: p.minDataInLeaf ?? 20,
    minSumHessianInLeaf: p.minSumHessianInLeaf ?? 1e-3,
    featureFraction: p.featureFraction ?? 1,
    baggingFraction: p.baggingFraction ?? 1,
    baggingFreq: p.baggingFreq ?? 0,
    lambdaL1: p.lambdaL1 ?? 0,
    lambdaL2: p.lambdaL2 ?? 0,
    minGainToSplit: p.minGainToSplit ?? 0,
    maxBin: p.maxBin ?? 255,
    metric: p.metric ?? (objective === 'binary' ? 'binary_logloss' : 'l2'),
    earlyStoppingRounds: p.earlyStoppingRounds ?? 0,
    seed: p.seed,
    numThreads: p.numThreads,
  };
  int('numIterations', r.numIterations, 1);
  positive('learningRate', r.learningRate);
  int('numLeaves', r.numLeaves, 2);
  if (r.maxDepth !== -1) int('maxDepth', r.maxDepth, 1);
  int('minDataInLeaf', r.minDataInLeaf, 0);
  nonNegative('minSumHessianInLeaf', r.minSumHessianInLeaf);
  fraction('featureFraction', r.featureFraction);
  fraction('baggingFraction', r.baggingFraction);
  int('baggingFreq', r.baggingFreq, 0);
  nonNegative('lambdaL1', r.lambdaL1);
  nonNegative('lambdaL2', r.lambdaL2);
  nonNegative('minGainToSplit', r.minGainToSplit);
  int('maxBin', r.maxBin, 2);
  int('earlyStoppingRounds', r.earlyStoppingRounds, 0);
  int('seed', r.seed, 0);
  if (r.seed > 2147483647) throw new ConfigError(`seed must fit in int32, got ${r.seed}`, { rule: 'seed' });
  int('numThreads', r.numThreads, 1);
  if (objective === 'regression' && r.metric !== 'l2') {
    throw new ConfigError(`metric ${r.metric} needs the binary objective`, { rule: 'metric fits objective' });
  }
  if (objective === 'binary' && r.metric === 'l2') {
    throw new ConfigError('metric l2 needs the regression objective', { rule: 'metric fits objective' });
  }
  return r;
}

/** True when a larger value of `metric` is better. */
export function higherIsBetter(metric: GbdtMetric): boolean {
  return metric === 'auc';
}

/** The parameter string for dataset construction and the booster; `categorical` are model-column indices. */
export function lightgbmParamString(r: ResolvedGbdtParams, categorical: readonly number[]): string {
  const kv: Array<[string, string | number]> = [
    ['objective', r.objective],
    ['metric', r.metric],
    ['num_iterations', r.numIterations],
    ['learning_rate', r.learningRate],
    ['num_leaves', r.numLeaves],
    ['max_depth', r.maxDepth],
    ['min_data_in_leaf', r.minDataInLeaf],
    ['min_sum_hessian_in_leaf', r.minSumHessianInLeaf],
    ['feature_fraction', r.featureFraction],
    ['bagging_fraction', r.baggingFraction],
    ['bagging_freq', r.baggingFreq],
    ['lambda_l1', r.lambdaL1],
    ['lambda_l2', r.lambdaL2],
    ['min_gain_to_split', r.minGainToSplit],
    ['max_bin', r.maxBin],
    ['seed', r.seed],
    ['deterministic', 'true'],
    // Row-wise histograms chosen explicitly: LightGBM's auto choice times both layouts, so it can differ between runs.
    ['force_row_wise', 'true'],
    ['num_threads', r.numThreads],
    ['verbosity', -1],
  ];
  if (categorical.length > 0) kv.push(['categorical_feature', categorical.join(',')]);
  return kv.map(([k, v]) => `${k}=${v}`).join(' ');
}

function int(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got ${v}`, { rule: name });
  }
}

function positive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new ConfigError(`${name} must be > 0, got ${v}`, { rule: name });
}

function nonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new ConfigError(`${name} must be ≥ 0, got ${v}`, { rule: name });
}

function fraction(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0 || v > 1) {
    throw new ConfigError(`${name} must be in (0, 1], got ${v}`, { rule: name });
  }
}
