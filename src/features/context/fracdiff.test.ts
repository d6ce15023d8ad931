import { describe, expect, it } from 'vitest';
import { AlphaflowError } from '../../core/errors.js';
import { emptyFeatureInput } from '../indicator.js';
import { FracDiff, fracdiffSpec } from './fracdiff.js';
import { expectNoLookAhead, expectSnapshotContinues, randomInputs, runIndicator } from './indicatorChecks.js';

function closes(...xs: number[]) {
  return xs.map((x, i) => ({ ...emptyFeatureInput(), ts: i, close: x }));
}

describe('FracDiff', () => {
  it('applies the cut weights to the log close once the window is full', () => {
    // d = 0.5, tol = 0.1 → weights [1, −0.5, −0.125] (K = 3). Log closes 1, 2, 4, 3:
    // bar 2: 4 − 0.5·2 − 0.125·1 = 2.875; bar 3: 3 − 0.5·4 − 0.125·2 = 0.75.
    const f = new FracDiff(0.5, 0.1);
    const v = runIndicator(f, closes(Math.E, Math.exp(2), Math.exp(4), Math.exp(3))).map((r) => r[0]!);
    expect(v[0]).toBeNaN();
    expect(v[1]).toBeNaN();
    expect(v[2]).toBeCloseTo(2.875, 12);
    expect(v[3]).toBeCloseTo(0.75, 12);
    expect(f.ready).toBe(true);
  });

  it('is the log return for d = 1', () => {
    const v = runIndicator(new FracDiff(1, 1e-4), closes(100, 110, 99)).map((r) => r[0]!);
    expect(v[1]).toBeCloseTo(Math.log(1.1), 14);
    expect(v[2]).toBeCloseTo(Math.log(0.9), 14);
  });

  it('is not ready and NaN during the K − 1 bars of warm-up', () => {
    const f = new FracDiff(0.4, 1e-3);
    const rows = runIndicator(f, randomInputs(1, f.width - 1));
    expect(rows.every((r) => Number.isNaN(r[0]))).toBe(true);
    expect(f.ready).toBe(false);
  });

  it('uses no future bars', () => {
    expectNoLookAhead(() => fracdiffSpec.create([0.4, 1e-3]), randomInputs(2, 200), 120);
  });

  it('continues bit-identically after snapshot/restore, including across the ring seam', () => {
    const bars = randomInputs(3, 700);
    expectSnapshotContinues(() => fracdiffSpec.create([0.4, 1e-4]), bars, 100);
    expectSnapshotContinues(() => fracdiffSpec.create([0.4, 1e-4]), bars, 433);
  });

  it('refuses a snapshot made with other parameters', () => {
    const a = new FracDiff(0.4, 1e-3);
    runIndicator(a, randomInputs(4, 10));
    const b = new FracDiff(0.3, 1e-3);
    expect(() => b.restore(a.snapshot())).toThrow(AlphaflowError);
  });
});
