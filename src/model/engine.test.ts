import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { checkFeatureNames, requireBothClasses, type TrainData, validateTrainData } from './engine.js';

function data(over: Partial<TrainData> = {}): TrainData {
  return {
    X: Float32Array.from([1, 2, 3, 4, 5, 6]),
    nRows: 3,
    nCols: 2,
    y: Float32Array.from([0, 1, 0]),
    featureNames: ['a', 'b'],
    categorical: [],
    ...over,
  };
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('validateTrainData', () => {
  it('accepts well-formed data', () => {
    expect(codeOf(() => validateTrainData(data(), 'binary', 'training'))).toBeUndefined();
    expect(
      codeOf(() => validateTrainData(data({ y: Float32Array.from([0.5, -2, 9]) }), 'regression', 't')),
    ).toBe(undefined);
  });

  it.each<[string, Partial<TrainData>, string]>([
    ['X of the wrong length', { X: new Float32Array(5) }, ErrorCode.InvalidInput],
    ['zero rows', { nRows: 0, X: new Float32Array(0), y: new Float32Array(0) }, ErrorCode.InvalidInput],
    ['a short y', { y: Float32Array.from([0, 1]) }, ErrorCode.InvalidInput],
    ['a NaN label', { y: Float32Array.from([0, Number.NaN, 1]) }, ErrorCode.NonFinite],
    ['an infinite label', { y: Float32Array.from([0, Number.POSITIVE_INFINITY, 1]) }, ErrorCode.NonFinite],
    ['a non-binary label', { y: Float32Array.from([0, 2, 1]) }, ErrorCode.InvalidInput],
    ['a negative weight', { weight: Float32Array.from([1, -1, 1]) }, ErrorCode.NonFinite],
    ['a short weight', { weight: Float32Array.from([1, 1]) }, ErrorCode.InvalidInput],
    ['duplicate names', { featureNames: ['a', 'a'] }, ErrorCode.Duplicate],
    ['too few names', { featureNames: ['a'] }, ErrorCode.InvalidInput],
    ['a categorical index out of range', { categorical: [2] }, ErrorCode.InvalidInput],
  ])('refuses %s', (_what, over, code) => {
    expect(codeOf(() => validateTrainData(data(over), 'binary', 'training'))).toBe(code);
  });
});

describe('requireBothClasses', () => {
  it('throws E_SINGLE_CLASS for one class only', () => {
    expect(codeOf(() => requireBothClasses(Float32Array.from([1, 1, 1]), 'training'))).toBe(
      ErrorCode.SingleClass,
    );
    expect(codeOf(() => requireBothClasses(Float32Array.from([0, 0]), 'training'))).toBe(
      ErrorCode.SingleClass,
    );
    expect(codeOf(() => requireBothClasses(Float32Array.from([0, 1]), 'training'))).toBeUndefined();
  });
});

describe('checkFeatureNames', () => {
  it('passes identical lists and names the difference otherwise', () => {
    expect(codeOf(() => checkFeatureNames(['a', 'b'], ['a', 'b']))).toBeUndefined();
    expect(() => checkFeatureNames(['a', 'b'], ['a', 'c'])).toThrow(/missing c; unexpected b/);
    expect(() => checkFeatureNames(['b', 'a'], ['a', 'b'])).toThrow(/different order/);
    expect(codeOf(() => checkFeatureNames(['a'], ['a', 'b']))).toBe(ErrorCode.FeatureSetMismatch);
  });
});
