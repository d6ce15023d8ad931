import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { precisionAtK, rankIC } from './crossSection.js';

/** Columns from [ts, score, y] rows, permuted (7 is coprime to the row counts used) so time order is lost. */
function columns(rows: number[][]): [Float64Array, Float64Array, Float64Array] {
  const order = rows.map((_, i) => (i * 7) % rows.length);
  return [0, 1, 2].map((c) => Float64Array.from(order, (i) => rows[i]![c]!)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
}

describe('rankIC', () => {
  // ts 100: scores 1 2 3 4, returns .1 .2 .3 .4 → identical ranks → ρ = 1 (a 5th name with a NaN return is skipped).
  // ts 200: scores 1 2 3 4, returns .2 .1 .4 .3 → return ranks 2 1 4 3, d = ±1, Σd² = 4
  //         → ρ = 1 − 6·4/(4·(16 − 1)) = 0.6.
  // ts 300: scores 1 1 2 3 → mid-ranks 1.5 1.5 3 4; returns ranks 1 2 3 4. Deviations from 2.5:
  //         (−1, −1, .5, 1.5) and (−1.5, −.5, .5, 1.5): Σ products 4.5, Σ squares 4.5 and 5
  //         → ρ = 4.5/√(4.5·5) = √0.9.
  // ts 400: 2 names < 3 → skipped.  ts 500: constant score → no correlation → skipped.
  // mean = (1 + 0.6 + √0.9)/3; std with n − 1 = 2; t = mean / (std/√3).
  const [ts, score, ret] = columns([
    [100, 1, 0.1],
    [100, 2, 0.2],
    [100, 3, 0.3],
    [100, 4, 0.4],
    [100, 5, Number.NaN],
    [200, 1, 0.2],
    [200, 2, 0.1],
    [200, 3, 0.4],
    [200, 4, 0.3],
    [300, 1, 0.1],
    [300, 1, 0.2],
    [300, 2, 0.3],
    [300, 3, 0.4],
    [400, 1, 0.1],
    [400, 2, 0.2],
    [500, 5, 0.1],
    [500, 5, 0.3],
    [500, 5, 0.2],
  ]);

  it('per-timestamp Spearman, then mean, std and t-stat', () => {
    const r = rankIC(score, ret, ts);
    const ics = [1, 0.6, Math.sqrt(0.9)];
    const mean = (1 + 0.6 + Math.sqrt(0.9)) / 3;
    const std = Math.sqrt(ics.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    expect(Array.from(r.ts)).toEqual([100, 200, 300]);
    ics.forEach((v, i) => {
      expect(r.values[i]).toBeCloseTo(v, 14);
    });
    expect(r.count).toBe(3);
    expect(r.mean).toBeCloseTo(mean, 14);
    expect(r.std).toBeCloseTo(std, 14);
    expect(r.tStat).toBeCloseTo(mean / (std / Math.sqrt(3)), 12);
  });

  it('honours minNames', () => {
    // With minNames 2, ts 400 joins: two names in the same order → ρ = 1.
    const r = rankIC(score, ret, ts, { minNames: 2 });
    expect(Array.from(r.ts)).toEqual([100, 200, 300, 400]);
    expect(r.values[3]).toBeCloseTo(1, 15);
    expect(() => rankIC(score, ret, ts, { minNames: 1 })).toThrow(ConfigError);
  });
});

describe('precisionAtK', () => {
  // K = 2. ts 1: scores .9 .8 .7 .1, labels 1 0 1 1 → top two .9 (1), .8 (0) → ½.
  // ts 2: scores .5 .5 .5 .2, labels 1 0 0 1 → three names tie for both slots, 1 of them a hit
  //       → expected hits 2·⅓ → precision ⅓.  ts 3: one name < K → skipped.  mean = (½ + ⅓)/2 = 5/12.
  // K = 3: ts 1 → .9, .8, .7 → ⅔; ts 2 → the whole tie group → ⅓; mean ½.
  const [ts, score, label] = columns([
    [1, 0.9, 1],
    [1, 0.8, 0],
    [1, 0.7, 1],
    [1, 0.1, 1],
    [2, 0.5, 1],
    [2, 0.5, 0],
    [2, 0.5, 0],
    [2, 0.2, 1],
    [3, 0.9, 1],
  ]);

  it('top-K hit rate per timestamp, ties shared pro rata', () => {
    const r2 = precisionAtK(score, label, ts, 2);
    expect(Array.from(r2.ts)).toEqual([1, 2]);
    expect(r2.values[0]).toBeCloseTo(0.5, 15);
    expect(r2.values[1]).toBeCloseTo(1 / 3, 15);
    expect(r2.mean).toBeCloseTo(5 / 12, 15);
    const r3 = precisionAtK(score, label, ts, 3);
    expect(r3.values[0]).toBeCloseTo(2 / 3, 15);
    expect(r3.values[1]).toBeCloseTo(1 / 3, 15);
    expect(r3.mean).toBeCloseTo(0.5, 15);
  });

  it('is NaN when no cross-section has K names', () => {
    const r = precisionAtK(score, label, ts, 5);
    expect(r.count).toBe(0);
    expect(r.mean).toBeNaN();
    expect(() => precisionAtK(score, label, ts, 0)).toThrow(ConfigError);
  });
});
