/**
 * The GBDT engine port: what alphaflow needs from a gradient-boosted tree
 * library (train, predict, importance, save/load), so LightGBM can be swapped
 * without touching callers. Also holds the TrainData contract with its checker
 * and the ProbabilityModel contract the logistic baseline shares.
 */
import { DataError, ErrorCode, ModelError } from '../core/errors.js';

/** A feature matrix with labels, as every engine takes it. */
export interface TrainData {
  /** Row-major nRows × nCols matrix; NaN = missing. */
  readonly X: Float32Array;
  readonly nRows: number;
  readonly nCols: number;
  /** One label per row: 0/1 for the binary objective, any finite value for regression. */
  readonly y: Float32Array;
  /** Sample weight per row (finite, ≥ 0); omitted = all 1. */
  readonly weight?: Float32Array;
  /** One unique name per column. */
  readonly featureNames: readonly string[];
  /** Indices of columns holding categorical codes (non-negative integers, NaN = missing). */
  readonly categorical: readonly number[];
}

export type GbdtObjective = 'binary' | 'regression';
export type GbdtMetric = 'binary_logloss' | 'auc' | 'l2';

/**
 * Engine-neutral GBDT hyper-parameters. `seed` and `numThreads` are required
 * because the same inputs must give a byte-identical model; unset optional
 * fields take LightGBM's defaults.
 */
export interface GbdtParams {
  /** Default 'binary'. */
  objective?: GbdtObjective;
  /** Boosting rounds (trees for single-output objectives). */
  numIterations: number;
  /** Default 0.1. */
  learningRate?: number;
  /** Default 31. */
  numLeaves?: number;
  /** Default -1 (no limit). */
  maxDepth?: number;
  /** Default 20 rows. */
  minDataInLeaf?: number;
  /** Default 1e-3. */
  minSumHessianInLeaf?: number;
  /** Fraction of columns sampled per tree, (0, 1]; default 1. */
  featureFraction?: number;
  /** Fraction of rows sampled, (0, 1]; default 1 (active only with baggingFreq > 0). */
  baggingFraction?: number;
  /** Re-sample rows every k iterations; default 0 (off). */
  baggingFreq?: number;
  /** Default 0. */
  lambdaL1?: number;
  /** Default 0. */
  lambdaL2?: number;
  /** Default 0. */
  minGainToSplit?: number;
  /** Histogram bins per feature; default 255. */
  maxBin?: number;
  /** Validation metric for early stopping; default binary_logloss (binary) or l2 (regression). */
  metric?: GbdtMetric;
  /** Stop when the validation metric has not improved for this many rounds; needs a validation set. */
  earlyStoppingRounds?: number;
  seed: number;
  numThreads: number;
}

/** Something the engine tells the caller about the data (never printed to the console). */
export interface ModelLogEvent {
  level: 'info' | 'warn';
  message: string;
  /** Names of feature columns the event concerns (e.g. dropped ones). */
  columns?: readonly string[];
}

/** Receives ModelLogEvents; must not throw. */
export type ModelLogger = (event: ModelLogEvent) => void;

/** How one training runs (not what it learns: that is GbdtParams). */
export interface TrainOptions {
  /** Held-out rows (same columns) scored every iteration; enables early stopping. */
  validation?: TrainData;
  logger?: ModelLogger;
  /** Checked between boosting iterations; an abort rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 'worker' (default) keeps the event loop free; 'caller' trains on the calling thread. */
  thread?: 'worker' | 'caller';
  /**
   * Move the input buffers to the worker instead of copying them (only for
   * arrays that span their whole, non-shared ArrayBuffer). The caller's arrays
   * are detached afterwards, so only set this for data you are done with.
   */
  transferInputs?: boolean;
}

/** Validation metric per boosting iteration (empty without a validation set). */
export interface EvalHistory {
  metric: GbdtMetric;
  valid: readonly number[];
}

/** A fitted model scoring rows of the same columns it was trained on. */
export interface ProbabilityModel {
  /** Input column names, in the order predict() expects them. */
  readonly featureNames: readonly string[];
  /** Scores nRows row-major rows: probabilities (binary) or values (regression); fills `out` when given. */
  predict(X: Float32Array, nRows: number, out?: Float64Array): Float64Array;
  /** Scores one row without allocating. */
  predictOne(row: Float32Array): number;
  /** Portable text form; the matching loader rebuilds an identical model. */
  save(): string;
  /** Releases native resources; the model is unusable afterwards. */
  dispose(): void;
}

export type ImportanceType = 'gain' | 'split';

/** A trained gradient-boosted model. */
export interface TrainedModel extends ProbabilityModel {
  /** Number of boosting iterations kept (the best one under early stopping). */
  readonly bestIteration: number;
  readonly evalHistory: EvalHistory;
  /** Input columns that were dropped before training (constant or all-NaN); they score as ignored. */
  readonly droppedFeatures: readonly string[];
  /** Total gain, or number of splits, per input column (0 for dropped ones). */
  featureImportance(type: ImportanceType): Float64Array;
}

/** Checks and settings applied when a saved model is loaded. */
export interface LoadOptions {
  /** Refuse the model (E_FEATURE_SET_MISMATCH) unless its input columns are exactly these, in order. */
  expectedFeatureNames?: readonly string[];
  /** Threads for batch prediction by the library's own scorer; default 1 (the compiled one uses the calling thread). */
  numThreads?: number;
  /**
   * 'compiled' (default): alphaflow's evaluator compiled from the model text, giving the library's
   * exact outputs ≈ 3× faster once warm (the first ~10k rows run unoptimized; models it cannot
   * compile use the library); 'native': the library's own prediction, the reference. Models
   * returned by train() use 'native': they are mostly scored once.
   */
  scorer?: 'compiled' | 'native';
}

/** The port itself: one implementation per GBDT library. */
export interface GbdtEngine {
  readonly name: string;
  train(data: TrainData, params: GbdtParams, opts?: TrainOptions): Promise<TrainedModel>;
  /** Rebuilds a model from save() output; corrupted text → ModelError E_CORRUPT_MODEL. */
  loadModel(text: string, opts?: LoadOptions): TrainedModel;
  /** Releases the engine's own resources (e.g. a worker thread); trained models stay usable. */
  close(): Promise<void>;
}

/**
 * Checks shapes, names, labels and weights of `data` against the contract
 * above; `role` names the set in messages ('training' / 'validation').
 */
export function validateTrainData(data: TrainData, objective: GbdtObjective, role: string): void {
  const { X, nRows, nCols, y, weight, featureNames, categorical } = data;
  if (!Number.isInteger(nRows) || nRows < 1 || !Number.isInteger(nCols) || nCols < 1) {
    throw new DataError(ErrorCode.InvalidInput, `${role} data needs nRows ≥ 1 and nCols ≥ 1`, {
      rule: 'shape',
    });
  }
  if (X.length !== nRows * nCols) {
    throw new DataError(
      ErrorCode.InvalidInput,
      `${role} X has ${X.length} values, expected nRows × nCols = ${nRows * nCols}`,
      { rule: 'shape' },
    );
  }
  if (y.length !== nRows) {
    throw new DataError(ErrorCode.InvalidInput, `${role} y has ${y.length} labels for ${nRows} rows`, {
      column: 'label',
      rule: 'shape',
    });
  }
  if (featureNames.length !== nCols) {
    throw new DataError(
      ErrorCode.InvalidInput,
      `${role} data has ${featureNames.length} feature names for ${nCols} columns`,
      { rule: 'shape' },
    );
  }
  const seen = new Set<string>();
  for (const name of featureNames) {
    if (seen.has(name)) {
      throw new DataError(ErrorCode.Duplicate, `feature name '${name}' appears twice`, {
        column: name,
        rule: 'unique feature names',
      });
    }
    seen.add(name);
  }
  for (const c of categorical) {
    if (!Number.isInteger(c) || c < 0 || c >= nCols) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `categorical column index ${c} is outside 0..${nCols - 1}`,
        { rule: 'categorical index' },
      );
    }
  }
  for (let i = 0; i < nRows; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      throw new DataError(ErrorCode.NonFinite, `${role} label of row index ${i} is ${v}`, {
        column: 'label',
        rule: 'finite labels',
      });
    }
    if (objective === 'binary' && v !== 0 && v !== 1) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `${role} label of row index ${i} is ${v}, expected 0 or 1`,
        { column: 'label', rule: 'binary labels' },
      );
    }
  }
  if (weight !== undefined) {
    if (weight.length !== nRows) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `${role} weight has ${weight.length} values for ${nRows} rows`,
        { column: 'weight', rule: 'shape' },
      );
    }
    for (let i = 0; i < nRows; i++) {
      const w = weight[i]!;
      if (!Number.isFinite(w) || w < 0) {
        throw new DataError(ErrorCode.NonFinite, `${role} weight of row index ${i} is ${w}`, {
          column: 'weight',
          rule: 'finite non-negative weights',
        });
      }
    }
  }
}

/** Throws E_SINGLE_CLASS unless binary labels hold both classes. */
export function requireBothClasses(y: Float32Array, role: string): void {
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i]!;
  if (ones === 0 || ones === y.length) {
    throw new DataError(ErrorCode.SingleClass, `${role} labels hold only class ${ones === 0 ? 0 : 1}`, {
      column: 'label',
      rule: 'both classes present',
    });
  }
}

/** Throws E_FEATURE_SET_MISMATCH unless `actual` equals `expected` element by element. */
export function checkFeatureNames(actual: readonly string[], expected: readonly string[]): void {
  const missing = expected.filter((n) => !actual.includes(n));
  const extra = actual.filter((n) => !expected.includes(n));
  const sameOrder = actual.length === expected.length && actual.every((n, i) => n === expected[i]);
  if (sameOrder) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(', ')}`);
  if (parts.length === 0) parts.push('same names in a different order');
  throw new ModelError(
    ErrorCode.FeatureSetMismatch,
    `model features differ from the expected ones: ${parts.join('; ')}`,
    { rule: 'feature set' },
  );
}
