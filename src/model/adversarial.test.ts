import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { AdversarialClassifier, FeatureRows } from './adversarial.js';
import { adversarialValidation } from './adversarial.js';
import type { TrainData } from './engine.js';

const NAMES = ['f0', 'f1', 'f2', 'f3', 'f4'];

/** Gaussian rows with per-column means `mu` (unit variance). */
function rows(n: number, mu: readonly number[], seed: number): FeatureRows {
  const rng = new Rng(seed);
  const X = new Float32Array(n * mu.length);
  for (let i = 0; i < X.length; i++) X[i] = mu[i % mu.length]! + rng.normal();
  return { X, nRows: n };
}

/**
 * Test-only classifier: nearest centroid, p = σ(|x − c0|² − |x − c1|²).
 * With `importance`, reports |c1 − c0| per column as its "gain".
 */
function nearestCentroid(importance: boolean, disposed: { n: number } = { n: 0 }): AdversarialClassifier {
  return async (d: TrainData) => {
    const c = [new Float64Array(d.nCols), new Float64Array(d.nCols)];
    const cnt = [0, 0];
    for (let i = 0; i < d.nRows; i++) {
      const k = d.y[i]!;
      cnt[k]! += 1;
      for (let j = 0; j < d.nCols; j++) c[k]![j]! += d.X[i * d.nCols + j]!;
    }
    for (const k of [0, 1]) for (let j = 0; j < d.nCols; j++) c[k]![j]! /= cnt[k]!;
    return {
      predict(X: Float32Array, n: number): Float64Array {
        const p = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < d.nCols; j++) {
            const x = X[i * d.nCols + j]!;
            s += (x - c[0]![j]!) ** 2 - (x - c[1]![j]!) ** 2;
          }
          p[i] = 1 / (1 + Math.exp(-s));
        }
        return p;
      },
      ...(importance ? { featureImportance: () => c[1]!.map((v, j) => Math.abs(v - c[0]![j]!)) } : {}),
      dispose: () => {
        disposed.n++;
      },
    };
  };
}

describe('adversarial validation', () => {
  it('same distribution: AUC ≈ 0.5, not flagged', async () => {
    const r = await adversarialValidation(rows(800, [0, 0, 0, 0, 0], 1), rows(800, [0, 0, 0, 0, 0], 2), {
      classifier: nearestCentroid(false),
      featureNames: NAMES,
      seed: 7,
    });
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.05);
    expect(r.flagged).toBe(false);
    expect(r.foldAucs.length).toBe(5);
  });

  it('mean-shifted recent window: AUC high, flagged, the shifted feature on top', async () => {
    const disposed = { n: 0 };
    const train = rows(800, [0, 0, 0, 0, 0], 3);
    const recent = rows(400, [0, 0, 1.5, 0, 0.2], 4);
    const r = await adversarialValidation(train, recent, {
      classifier: nearestCentroid(false, disposed),
      featureNames: NAMES,
      seed: 7,
      folds: 4,
      topK: 2,
    });
    // Two unit-variance normals 1.5σ apart: Φ(1.5/√2) = 0.856 is the best possible AUC.
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.flagged).toBe(true);
    expect(r.importanceSource).toBe('univariate-auc');
    expect(r.topFeatures.map((f) => f.name)).toEqual(['f2', 'f4']);
    expect(disposed.n).toBe(4);

    const withGain = await adversarialValidation(train, recent, {
      classifier: nearestCentroid(true),
      featureNames: NAMES,
      seed: 7,
    });
    expect(withGain.importanceSource).toBe('model');
    expect(withGain.topFeatures[0]!.name).toBe('f2');
    expect(withGain.topFeatures.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seed and honours the threshold', async () => {
    const a = rows(300, [0, 0, 0, 0, 0], 5);
    const b = rows(300, [0.3, 0, 0, 0, 0], 6);
    const opts = { classifier: nearestCentroid(false), featureNames: NAMES, seed: 11 };
    const r1 = await adversarialValidation(a, b, opts);
    const r2 = await adversarialValidation(a, b, opts);
    expect(r2).toEqual(r1);
    const strict = await adversarialValidation(a, b, { ...opts, threshold: r1.auc - 1e-9 });
    expect(strict.flagged).toBe(true);
    const lax = await adversarialValidation(a, b, { ...opts, threshold: r1.auc });
    expect(lax.flagged).toBe(false);
  });

  it('keeps rows that share a group key in one fold', async () => {
    // Column 0 holds the group key itself, so the stub sees which groups each fold trained on.
    const rows = (n: number, offset: number): FeatureRows => {
      const X = new Float32Array(n);
      for (let i = 0; i < n; i++) X[i] = offset + Math.floor(i / 4); // 4 rows per group
      return { X, nRows: n };
    };
    const train = rows(40, 0);
    const recent = rows(20, 1000);
    const groups = Float64Array.from([...train.X, ...recent.X]);
    let leakedRows = 0;
    const recorder: AdversarialClassifier = async (d: TrainData) => {
      const keys = new Set(Array.from(d.X));
      return {
        predict: (X: Float32Array, n: number) => {
          for (let i = 0; i < n; i++) if (keys.has(X[i]!)) leakedRows++;
          return new Float64Array(n).fill(0.5);
        },
      };
    };
    const opts = { classifier: recorder, featureNames: ['g'], seed: 1, folds: 3 };
    await adversarialValidation(train, recent, { ...opts, groups });
    expect(leakedRows).toBe(0);
    // Control: shuffling single rows puts members of one group on both sides.
    await adversarialValidation(train, recent, opts);
    expect(leakedRows).toBeGreaterThan(0);
    await expect(
      adversarialValidation(train, recent, {
        classifier: recorder,
        featureNames: ['g'],
        seed: 1,
        groups: new Float64Array(3),
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
  });

  it('rejects mis-shaped input', async () => {
    const good = rows(50, [0, 0, 0, 0, 0], 1);
    await expect(
      adversarialValidation({ X: good.X, nRows: 49 }, good, {
        classifier: nearestCentroid(false),
        featureNames: NAMES,
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
    await expect(
      adversarialValidation(rows(3, [0, 0, 0, 0, 0], 1), good, {
        classifier: nearestCentroid(false),
        featureNames: NAMES,
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidInput });
  });
});
