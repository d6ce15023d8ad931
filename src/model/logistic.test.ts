import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { TrainData } from './engine.js';
import { fitLogistic, loadLogistic } from './logistic.js';

function oneFeature(x: number[], y: number[]): TrainData {
  return {
    X: Float32Array.from(x),
    nRows: x.length,
    nCols: 1,
    y: Float32Array.from(y),
    featureNames: ['x'],
    categorical: [],
  };
}

/** x = +1 in half the rows, −1 in the other half; a fraction `a` of x=+1 rows and 1−a of x=−1 rows are positive. */
function symmetric(a: number, perSide: number): TrainData {
  const x: number[] = [];
  const y: number[] = [];
  const pos = Math.round(a * perSide);
  for (let i = 0; i < perSide; i++) {
    x.push(1, -1);
    y.push(i < pos ? 1 : 0, i < pos ? 0 : 1);
  }
  return oneFeature(x, y);
}

/** Root of σ(β) − a + λβ = 0 by bisection: the optimum of the symmetric case, derived by hand. */
function symmetricOptimum(a: number, l2: number): number {
  let lo = -100;
  let hi = 100;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (1 / (1 + Math.exp(-mid)) - a + l2 * mid > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function planted(seed: number, nRows: number): TrainData {
  const rng = new Rng(seed);
  const nCols = 5;
  const X = new Float32Array(nRows * nCols);
  const y = new Float32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) X[i * nCols + j] = 3 * rng.normal() + 10;
    y[i] = X[i * nCols]! - 10 - 0.5 * (X[i * nCols + 2]! - 10) + 2 * rng.normal() > 0 ? 1 : 0;
  }
  return { X, nRows, nCols, y, featureNames: ['a', 'b', 'c', 'd', 'e'], categorical: [] };
}

describe('fitLogistic', () => {
  it('without penalty reproduces the empirical rate of each value of a binary feature', () => {
    // x = 0: 3 of 10 positive; x = 1: 8 of 10 positive. Two parameters, two groups: the MLE is saturated.
    const x = [...Array(10).fill(0), ...Array(10).fill(1)];
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const model = fitLogistic(oneFeature(x, y), { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.predictOne(Float32Array.of(0))).toBeCloseTo(0.3, 9);
    expect(model.predictOne(Float32Array.of(1))).toBeCloseTo(0.8, 9);
    // Raw log-odds ratio: log(0.8/0.2) − log(0.3/0.7).
    expect(model.rawCoefficients().weights[0]).toBeCloseTo(Math.log(4) - Math.log(3 / 7), 9);
  });

  it.each([
    [0.8, 0.1],
    [0.6, 0.5],
    [1, 0.05], // perfectly separable: only the penalty keeps the weight finite
  ])('matches the hand-derived optimum σ(β) − a + λβ = 0 (a = %d, λ = %d)', (a, l2) => {
    const model = fitLogistic(symmetric(a, 50), { l2 });
    expect(model.converged).toBe(true);
    expect(model.intercept).toBeCloseTo(0, 9);
    expect(model.weights[0]).toBeCloseTo(symmetricOptimum(a, l2), 8);
  });

  it('beats chance clearly on a planted linear signal, out of sample', () => {
    const model = fitLogistic(planted(1, 2000));
    const test = planted(2, 1000);
    expect(auc(model.predict(test.X, test.nRows), test.y)).toBeGreaterThan(0.8);
    const w = model.weights;
    expect(w[0]!).toBeGreaterThan(0);
    expect(w[2]!).toBeLessThan(0);
    expect(Math.abs(w[1]!)).toBeLessThan(Math.abs(w[0]!) / 5);
  });

  it('takes exact Newton steps on correlated columns: few iterations, zero score at the optimum', () => {
    // 1,003 rows: not a multiple of the fit's 128-row blocks nor of its 4-way sums. Columns b and c
    // lean on a, so the Hessian's off-diagonal entries matter; with a wrong Hessian Newton still
    // reaches the optimum, but linearly, in far more iterations.
    const rng = new Rng(9);
    const nRows = 1003;
    const nCols = 3;
    const X = new Float32Array(nRows * nCols);
    const y = new Float32Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const a = rng.normal();
      X[i * nCols] = a;
      X[i * nCols + 1] = 0.8 * a + 0.6 * rng.normal();
      X[i * nCols + 2] = -0.5 * a + rng.normal();
      y[i] = a - X[i * nCols + 1]! + 0.5 * X[i * nCols + 2]! + rng.normal() > 0 ? 1 : 0;
    }
    const data: TrainData = { X, nRows, nCols, y, featureNames: ['a', 'b', 'c'], categorical: [] };
    const model = fitLogistic(data, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.iterations).toBeLessThanOrEqual(8);
    // Without a penalty the optimum solves Σ (p_i − y_i)·(1, x_i) = 0 (the score equations).
    const score = new Float64Array(nCols + 1);
    for (let i = 0; i < nRows; i++) {
      const r = model.predictOne(X.subarray(i * nCols, (i + 1) * nCols)) - y[i]!;
      score[0]! += r;
      for (let j = 0; j < nCols; j++) score[j + 1]! += r * X[i * nCols + j]!;
    }
    for (const v of score) expect(Math.abs(v) / nRows).toBeLessThan(1e-9);
  });

  it('imputes a missing value with the training mean', () => {
    const train = planted(3, 500);
    const model = fitLogistic(train);
    const row = Float32Array.from([11, 9, Number.NaN, 10, 12]);
    const withMean = Float32Array.from(row);
    withMean[2] = model.mean[2]!;
    expect(model.predictOne(row)).toBeCloseTo(model.predictOne(withMean), 6);
    expect(model.mean[2]).toBeCloseTo(
      Array.from({ length: 500 }, (_, i) => train.X[i * 5 + 2]!).reduce((s, v) => s + v) / 500,
      4,
    );
  });

  it('gives a constant column weight 0 and stays finite', () => {
    const d = planted(4, 300);
    for (let i = 0; i < d.nRows; i++) d.X[i * 5 + 3] = 7;
    const model = fitLogistic(d);
    expect(model.weights[3]).toBe(0);
    expect(model.converged).toBe(true);
  });

  it('uses sample weights: weight 2 on a row equals that row twice (λ = 0, raw units)', () => {
    const x = [0, 0, 1, 1, 1, 0.5, 0.2];
    const y = [0, 1, 1, 0, 1, 1, 0];
    const weighted = fitLogistic(
      { ...oneFeature(x, y), weight: Float32Array.from([1, 1, 1, 1, 1, 2, 1]) },
      { l2: 0 },
    );
    const duplicated = fitLogistic(oneFeature([...x, 0.5], [...y, 1]), { l2: 0 });
    const plain = fitLogistic(oneFeature(x, y), { l2: 0 });
    // Standardisation differs between the two fits, but without a penalty the optimum in raw units does not.
    for (const v of [0, 0.3, 1]) {
      const row = Float32Array.of(v);
      expect(weighted.predictOne(row)).toBeCloseTo(duplicated.predictOne(row), 9);
      expect(Math.abs(weighted.predictOne(row) - plain.predictOne(row))).toBeGreaterThan(1e-3);
    }
  });

  it('refuses one-class labels, categorical columns and a negative penalty', () => {
    expect(() => fitLogistic(oneFeature([1, 2, 3], [1, 1, 1]))).toThrow(
      expect.objectContaining({ code: ErrorCode.SingleClass }),
    );
    expect(() => fitLogistic({ ...oneFeature([1, 2, 3], [0, 1, 1]), categorical: [0] })).toThrow(
      expect.objectContaining({ code: ErrorCode.Config }),
    );
    expect(() => fitLogistic(oneFeature([1, 2, 3], [0, 1, 1]), { l2: -1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.Config }),
    );
  });
});

describe('save / loadLogistic', () => {
  const model = fitLogistic(planted(5, 400));
  const test = planted(6, 100);

  it('round-trips to identical predictions', () => {
    const loaded = loadLogistic(model.save(), { expectedFeatureNames: ['a', 'b', 'c', 'd', 'e'] });
    expect(Array.from(loaded.predict(test.X, test.nRows))).toEqual(
      Array.from(model.predict(test.X, test.nRows)),
    );
    expect(loaded.save()).toBe(model.save());
  });

  it('refuses corrupted text and a different feature set', () => {
    const text = model.save();
    for (const bad of [
      '{',
      'null',
      text.replace('"weights":[', '"weights":["x",'),
      text.replace('logistic', 'gbdt'),
    ]) {
      expect(() => loadLogistic(bad)).toThrow(expect.objectContaining({ code: ErrorCode.CorruptModel }));
    }
    expect(() => loadLogistic(text, { expectedFeatureNames: ['a', 'b'] })).toThrow(
      expect.objectContaining({ code: ErrorCode.FeatureSetMismatch }),
    );
  });
});
