import { describe, expect, it } from 'vitest';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import { emptyFeatureInput } from '../indicator.js';
import { contextSpecs, isCategoricalSpec } from './index.js';
import { expectNoLookAhead, expectSnapshotContinues, randomInputs, runIndicator } from './indicatorChecks.js';
import { mtcSpec, obiSpec, sectorIdSpec, spreadSpec, symbolIdSpec, todSpec } from './inputFeature.js';

function valueFor(
  spec: { create(p: readonly number[]): import('../indicator.js').Indicator },
  patch: object,
): number {
  return runIndicator(spec.create([]), [{ ...emptyFeatureInput(), ts: 0, close: 1, ...patch }])[0]![0]!;
}

describe('input features', () => {
  it('spread is bps of the mid', () => {
    // bid 99, ask 101: mid 100, spread 2 → 1e4·2/100 = 200 bps.
    expect(valueFor(spreadSpec, { bid: 99, ask: 101 })).toBe(200);
    expect(valueFor(spreadSpec, {})).toBeNaN();
  });

  it('obi is the signed share of top-of-book size on the bid', () => {
    // (300 − 100)/(300 + 100) = 0.5.
    expect(valueFor(obiSpec, { bidSize: 300, askSize: 100 })).toBe(0.5);
    expect(valueFor(obiSpec, { bidSize: 0, askSize: 200 })).toBe(-1);
    expect(valueFor(obiSpec, { bidSize: 0, askSize: 0 })).toBeNaN();
  });

  it('tod and mtc count minutes from the open and to the close', () => {
    // Session 1000 µs + [0, 390 min); bar opens 30 min in → tod 30, mtc 360.
    const session = {
      sessionOpen: 1000,
      sessionClose: 1000 + 390 * MICROS_PER_MINUTE,
      ts: 1000 + 30 * MICROS_PER_MINUTE,
    };
    expect(valueFor(todSpec, session)).toBe(30);
    expect(valueFor(mtcSpec, session)).toBe(360);
    expect(valueFor(todSpec, { ts: 5 })).toBeNaN();
  });

  it('symbol_id and sector_id emit the ids, NaN when unknown, and are categorical', () => {
    expect(valueFor(symbolIdSpec, { symbolId: 7 })).toBe(7);
    expect(valueFor(sectorIdSpec, { sectorId: -1 })).toBeNaN();
    expect(valueFor(sectorIdSpec, { sectorId: 3 })).toBe(3);
    const categorical = contextSpecs.filter(isCategoricalSpec).map((s) => s.name);
    expect(categorical).toEqual(['symbol_id', 'sector_id']);
  });

  it('use no future bars and continue after snapshot/restore', () => {
    for (const spec of [spreadSpec, obiSpec, todSpec, mtcSpec, symbolIdSpec, sectorIdSpec]) {
      expectNoLookAhead(() => spec.create([]), randomInputs(1, 30), 10);
      expectSnapshotContinues(() => spec.create([]), randomInputs(2, 30), 12);
    }
  });
});
