/**
 * One LightGBM training run, synchronous and thread-agnostic: the worker and
 * the caller-thread path both run exactly this, so they give identical
 * models. Native datasets and booster live only inside the call.
 */
import { ConfigError, DataError, ErrorCode, NativeError } from '../../core/errors.js';
import {
  type GbdtMetric,
  type GbdtParams,
  type ModelLogger,
  requireBothClasses,
  type TrainData,
  validateTrainData,
} from '../engine.js';
import {
  checkCategoricalCodes,
  checkFeatureNamesForLightgbm,
  createDataset,
  type DatasetInput,
  keepsAll,
  projectColumns,
  screenColumns,
} from './dataset.js';
import { C_API_FEATURE_IMPORTANCE_SPLIT, check, type Handle, type LightgbmApi } from './ffi.js';
import type { ParsedModel } from './modelText.js';
import { higherIsBetter, lightgbmParamString, resolveParams } from './params.js';

/** What a run produces (LightGBM text cut at the best iteration, plus metadata); the caller turns it into a model. */
export type TrainOutcome = ParsedModel;

/** Inputs of one run besides the data and parameters. */
export interface TrainRunOptions {
  validation?: TrainData;
  logger?: ModelLogger;
  /** Polled between iterations; true stops the run with an AbortError. */
  isCancelled?: () => boolean;
}

/** Validates, screens columns, trains with optional early stopping, returns the model text. */
export function trainLightgbm(
  api: LightgbmApi,
  data: TrainData,
  params: GbdtParams,
  opts: TrainRunOptions = {},
): TrainOutcome {
  const p = resolveParams(params);
  const { validation, logger } = opts;
  validateTrainData(data, p.objective, 'training');
  if (p.objective === 'binary') requireBothClasses(data.y, 'training');
  checkFeatureNamesForLightgbm(data.featureNames);
  checkCategoricalCodes(data, 'training');
  if (validation !== undefined) {
    validateTrainData(validation, p.objective, 'validation');
    if (
      validation.nCols !== data.nCols ||
      validation.featureNames.some((n, i) => n !== data.featureNames[i])
    ) {
      throw new DataError(ErrorCode.FeatureSetMismatch, 'validation columns differ from training columns', {
        rule: 'same columns',
      });
    }
    checkCategoricalCodes({ ...validation, categorical: data.categorical }, 'validation');
  }
  if (p.earlyStoppingRounds > 0 && validation === undefined) {
    throw new ConfigError('earlyStoppingRounds needs a validation set', { rule: 'early stopping' });
  }

  const screen = screenColumns(data.X, data.nRows, data.nCols);
  const names = (cols: number[]) => cols.map((c) => data.featureNames[c]!);
  if (screen.allNaN.length > 0) {
    logger?.({ level: 'warn', message: 'dropped all-NaN feature columns', columns: names(screen.allNaN) });
  }
  if (screen.constant.length > 0) {
    logger?.({ level: 'warn', message: 'dropped constant feature columns', columns: names(screen.constant) });
  }
  const keep = screen.keep;
  if (keep.length === 0) {
    throw new DataError(
      ErrorCode.InvalidInput,
      'no usable feature column: every column is constant or all NaN',
      { rule: 'usable features' },
    );
  }
  const categorical: number[] = [];
  keep.forEach((c, modelCol) => {
    if (data.categorical.includes(c)) categorical.push(modelCol);
  });
  const paramString = lightgbmParamString(p, categorical);
  const trainInput = datasetInput(data, keep);
  const validInput = validation === undefined ? undefined : datasetInput(validation, keep);

  let trainDs: Handle = 0n;
  let validDs: Handle = 0n;
  let booster: Handle = 0n;
  try {
    trainDs = createDataset(api, trainInput, paramString, null);
    if (validInput !== undefined) validDs = createDataset(api, validInput, paramString, trainDs);
    const out = new BigUint64Array(1);
    check(api, api.boosterCreate(trainDs, paramString, out), 'BoosterCreate');
    booster = out[0]!;
    if (validDs !== 0n) check(api, api.boosterAddValidData(booster, validDs), 'BoosterAddValidData');
    const { bestIteration, valid } = boost(api, booster, {
      numIterations: p.numIterations,
      hasValid: validDs !== 0n,
      metric: p.metric,
      earlyStoppingRounds: p.earlyStoppingRounds,
      isCancelled: opts.isCancelled,
    });
    return {
      lightgbmText: saveToString(api, booster, bestIteration),
      inputFeatures: [...data.featureNames],
      modelColumns: Array.from(keep),
      bestIteration,
      evalHistory: { metric: p.metric, valid },
    };
  } finally {
    if (booster !== 0n) api.boosterFree(booster);
    if (validDs !== 0n) api.datasetFree(validDs);
    if (trainDs !== 0n) api.datasetFree(trainDs);
  }
}

function datasetInput(d: TrainData, keep: Int32Array): DatasetInput {
  const all = keepsAll(keep, d.nCols);
  return {
    // The only copy of the matrix, and only when columns were dropped.
    X: all ? d.X : projectColumns(d.X, d.nRows, d.nCols, keep, new Float32Array(d.nRows * keep.length)),
    nRows: d.nRows,
    nCols: keep.length,
    y: d.y,
    weight: d.weight,
    featureNames: Array.from(keep, (c) => d.featureNames[c]!),
  };
}

/** Runs the boosting loop; under early stopping keeps the iteration with the best validation metric. */
function boost(
  api: LightgbmApi,
  booster: Handle,
  o: {
    numIterations: number;
    hasValid: boolean;
    metric: GbdtMetric;
    earlyStoppingRounds: number;
    isCancelled: (() => boolean) | undefined;
  },
): { bestIteration: number; valid: number[] } {
  const { hasValid, isCancelled } = o;
  const finished = new Int32Array(1);
  const count = new Int32Array(1);
  let evalBuf = new Float64Array(1);
  if (hasValid) {
    check(api, api.boosterGetEvalCounts(booster, count), 'BoosterGetEvalCounts');
    evalBuf = new Float64Array(Math.max(1, count[0]!));
  }
  const up = higherIsBetter(o.metric);
  const valid: number[] = [];
  let best = up ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let bestIteration = 0;
  for (let it = 1; it <= o.numIterations; it++) {
    if (isCancelled?.()) throw abortError();
    check(api, api.boosterUpdateOneIter(booster, finished), 'BoosterUpdateOneIter');
    if (hasValid) {
      check(api, api.boosterGetEval(booster, 1, count, evalBuf), 'BoosterGetEval');
      const v = evalBuf[0]!;
      valid.push(v);
      if (up ? v > best : v < best) {
        best = v;
        bestIteration = it;
      }
      if (o.earlyStoppingRounds > 0 && it - bestIteration >= o.earlyStoppingRounds) break;
    }
    // LightGBM reports "finished" when no split is possible any more; further rounds add nothing.
    if (finished[0] === 1) break;
  }
  check(api, api.boosterGetCurrentIteration(booster, count), 'BoosterGetCurrentIteration');
  const done = count[0]!;
  if (done < 1) {
    throw new NativeError(ErrorCode.Native, 'LightGBM trained no iteration', { rule: 'iterations' });
  }
  return { bestIteration: hasValid && bestIteration > 0 ? bestIteration : done, valid };
}

function saveToString(api: LightgbmApi, booster: Handle, numIteration: number): string {
  const len = new BigInt64Array(1);
  check(
    api,
    api.boosterSaveModelToString(booster, 0, numIteration, C_API_FEATURE_IMPORTANCE_SPLIT, 0n, len, null),
    'BoosterSaveModelToString',
  );
  const buf = new Uint8Array(Number(len[0]!));
  check(
    api,
    api.boosterSaveModelToString(
      booster,
      0,
      numIteration,
      C_API_FEATURE_IMPORTANCE_SPLIT,
      BigInt(buf.length),
      len,
      buf,
    ),
    'BoosterSaveModelToString',
  );
  // out_len counts the terminating NUL.
  return Buffer.from(buf.buffer, 0, Number(len[0]!) - 1).toString('utf8');
}

function abortError(): Error {
  return new DOMException('training was aborted', 'AbortError');
}
