/**
 * Training matrices on their way into LightGBM: screening out constant and
 * all-NaN columns, checking what LightGBM would reject or silently alter
 * (feature names, categorical codes), and building native Dataset handles
 * straight from the caller's Float32Array (row-major, no per-row copy).
 */
import { DataError, ErrorCode } from '../../core/errors.js';
import type { TrainData } from '../engine.js';
import { C_API_DTYPE_FLOAT32, check, type Handle, type LightgbmApi } from './ffi.js';

/** Which input columns reach the model. */
export interface ColumnScreen {
  /** Input-column index of each model column, ascending. */
  keep: Int32Array;
  /** Input columns whose every value is NaN. */
  allNaN: number[];
  /** Input columns holding one value in every row (no NaN). */
  constant: number[];
}

/**
 * Finds the columns worth training on. A column with one distinct value plus
 * some NaNs is kept: whether a value is missing can itself carry signal.
 */
export function screenColumns(X: Float32Array, nRows: number, nCols: number): ColumnScreen {
  const first = new Float64Array(nCols).fill(Number.NaN);
  const varies = new Uint8Array(nCols);
  const nanCount = new Int32Array(nCols);
  for (let i = 0, k = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++, k++) {
      const v = X[k]!;
      if (Number.isNaN(v)) nanCount[j]!++;
      else if (Number.isNaN(first[j]!)) first[j] = v;
      else if (v !== first[j]!) varies[j] = 1;
    }
  }
  const keep: number[] = [];
  const allNaN: number[] = [];
  const constant: number[] = [];
  for (let j = 0; j < nCols; j++) {
    if (nanCount[j] === nRows) allNaN.push(j);
    else if (varies[j] === 0 && nanCount[j] === 0) constant.push(j);
    else keep.push(j);
  }
  return { keep: Int32Array.from(keep), allNaN, constant };
}

/** True when `keep` selects every one of `nCols` columns. */
export function keepsAll(keep: Int32Array, nCols: number): boolean {
  return keep.length === nCols;
}

/** Copies the kept columns of a row-major matrix into `out` (nRows × keep.length). */
export function projectColumns(
  X: Float32Array,
  nRows: number,
  nCols: number,
  keep: Int32Array,
  out: Float32Array,
): Float32Array {
  const k = keep.length;
  for (let i = 0; i < nRows; i++) {
    const src = i * nCols;
    const dst = i * k;
    for (let j = 0; j < k; j++) out[dst + j] = X[src + keep[j]!]!;
  }
  return out;
}

// LightGBM rewrites whitespace in names and rejects JSON punctuation; either would break name matching on load.
const BAD_NAME = /[\s"',:[\]{}]/;

/** Throws unless every name survives LightGBM's model text unchanged. */
export function checkFeatureNamesForLightgbm(names: readonly string[]): void {
  for (const name of names) {
    if (name.length === 0 || BAD_NAME.test(name)) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `feature name '${name}' is empty or holds whitespace or one of " ' , : [ ] { }`,
        { column: name, rule: 'LightGBM feature name' },
      );
    }
  }
}

/** Throws unless each categorical column holds only NaN or integer codes in [0, 2^31 - 1). */
export function checkCategoricalCodes(data: TrainData, role: string): void {
  const { X, nRows, nCols } = data;
  for (const c of data.categorical) {
    for (let i = 0; i < nRows; i++) {
      const v = X[i * nCols + c]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isInteger(v) || v < 0 || v >= 2147483647) {
        throw new DataError(
          ErrorCode.InvalidInput,
          `${role} categorical value ${v} at row index ${i} is not a non-negative integer code`,
          { column: data.featureNames[c], rule: 'categorical codes' },
        );
      }
    }
  }
}

/** The matrix and columns one native Dataset is built from. */
export interface DatasetInput {
  X: Float32Array;
  nRows: number;
  nCols: number;
  y: Float32Array;
  weight: Float32Array | undefined;
  featureNames: readonly string[];
}

/**
 * Builds a LightGBM Dataset; with `reference` (a training Dataset) the bins
 * are aligned to it, as a validation set must be. The caller frees the handle.
 */
export function createDataset(
  api: LightgbmApi,
  d: DatasetInput,
  parameters: string,
  reference: Handle | null,
): Handle {
  const out = new BigUint64Array(1);
  check(
    api,
    api.datasetCreateFromMat(d.X, C_API_DTYPE_FLOAT32, d.nRows, d.nCols, 1, parameters, reference, out),
    'DatasetCreateFromMat',
  );
  const handle = out[0]!;
  try {
    check(
      api,
      api.datasetSetField(handle, 'label', d.y, d.nRows, C_API_DTYPE_FLOAT32),
      'DatasetSetField(label)',
    );
    if (d.weight !== undefined) {
      check(
        api,
        api.datasetSetField(handle, 'weight', d.weight, d.nRows, C_API_DTYPE_FLOAT32),
        'DatasetSetField(weight)',
      );
    }
    check(
      api,
      api.datasetSetFeatureNames(handle, d.featureNames, d.featureNames.length),
      'DatasetSetFeatureNames',
    );
  } catch (err) {
    api.datasetFree(handle);
    throw err;
  }
  return handle;
}
