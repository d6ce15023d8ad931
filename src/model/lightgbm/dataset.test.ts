import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../core/errors.js';
import {
  checkCategoricalCodes,
  checkFeatureNamesForLightgbm,
  projectColumns,
  screenColumns,
} from './dataset.js';

const N = Number.NaN;

describe('screenColumns', () => {
  it('drops all-NaN and constant columns, keeps a value-plus-NaN column', () => {
    // columns: varying, constant, all NaN, one value + NaN, varying with NaN
    const X = Float32Array.from([1, 7, N, 2, N, 2, 7, N, N, 3, 3, 7, N, 2, 4]);
    const s = screenColumns(X, 3, 5);
    expect(Array.from(s.keep)).toEqual([0, 3, 4]);
    expect(s.constant).toEqual([1]);
    expect(s.allNaN).toEqual([2]);
  });
});

describe('projectColumns', () => {
  it('copies the kept columns row by row', () => {
    const X = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const out = projectColumns(X, 2, 3, Int32Array.from([0, 2]), new Float32Array(4));
    expect(Array.from(out)).toEqual([1, 3, 4, 6]);
  });
});

describe('checkFeatureNamesForLightgbm', () => {
  it.each(['', 'has space', 'a,b', 'x:y', 'q"', 'br[0]', '{k}', 'tab\tname'])('refuses %j', (name) => {
    expect(() => checkFeatureNamesForLightgbm(['ok', name])).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput }),
    );
  });

  it('accepts plain names', () => {
    expect(() => checkFeatureNamesForLightgbm(['ret_5', 'rsi.14', 'vol-z'])).not.toThrow();
  });
});

describe('checkCategoricalCodes', () => {
  const data = (v: number) => ({
    X: Float32Array.from([0.5, 1, 0.7, v]),
    nRows: 2,
    nCols: 2,
    y: Float32Array.from([0, 1]),
    featureNames: ['x', 'sector'],
    categorical: [1],
  });

  it('accepts non-negative integer codes and NaN', () => {
    expect(() => checkCategoricalCodes(data(3), 'training')).not.toThrow();
    expect(() => checkCategoricalCodes(data(N), 'training')).not.toThrow();
  });

  it.each([-1, 2.5, Number.POSITIVE_INFINITY])('refuses %d naming the column', (v) => {
    expect(() => checkCategoricalCodes(data(v), 'training')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput, column: 'sector' }),
    );
  });
});
