import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { frameFromLogCloses, frameFromOhlc } from './fixtures.js';
import { metaLabels } from './metaLabels.js';

describe('metaLabels', () => {
  // The hand-worked series of tripleBarrier.test.ts: h = 3, σ = .01, barriers ±.01, touches on closes.
  //   x = [0, .005, .012, .004, −.002, −.009, .003, .009]
  // Side-adjusted path s·(x_j − x_i):
  // Row 0, long:  +.005, +.012 → profit-take at bar 2                 → 1, r = +.012
  // Row 1, short: −.007, +.001, +.007 → vertical at bar 4, s·r > 0     → 1, r = +.007
  // Row 2, short: +.008, +.014 → the price FELL through −.01: profit   → 1, r = +.014 (bar 4)
  // Row 3, long:  −.006, −.013 → stop-loss at bar 5                    → 0, r = −.013
  // Row 4, side 0 → NaN; row 5 long but its window runs past the data → NaN; rows 6, 7 side 0/NaN → NaN.
  const x = [0, 0.005, 0.012, 0.004, -0.002, -0.009, 0.003, 0.009];
  const vol = new Float64Array(8).fill(0.01);

  it('labels the primary side’s trade outcome', () => {
    const side = new Int8Array([1, -1, -1, 1, 0, 1, 0, 0]);
    const out = metaLabels(frameFromLogCloses([x]), side, { horizon: 3, volatility: vol });
    expect(Array.from(out.label)).toEqual([1, 1, 1, 0, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(out.endRow)).toEqual([2, 4, 4, 5, -1, -1, -1, -1]);
    expect(Array.from(out.barrier.subarray(0, 4))).toEqual([1, 0, 1, -1]);
    [0.012, 0.007, 0.014, -0.013].forEach((r, i) => {
      expect(out.fwdReturn[i]).toBeCloseTo(r, 12);
    });
  });

  it('puts a short’s stop-loss above the entry', () => {
    // Row 0 short with profitTake 2, stopLoss 1: side-adjusted −.005, −.012 ≤ −.01 → stopped at bar 2 → 0.
    const side = new Float64Array([-1, Number.NaN, 0, 0, 0, 0, 0, 0]);
    const out = metaLabels(frameFromLogCloses([x]), side, { horizon: 3, volatility: vol, profitTake: 2 });
    expect(out.label[0]).toBe(0);
    expect(out.endRow[0]).toBe(2);
    expect(out.fwdReturn[0]).toBeCloseTo(-0.012, 12);
    expect(Number.isNaN(out.label[1])).toBe(true);
  });

  it('a gap down is a short’s profit-take at the open (high/low touches)', () => {
    // Entry close 100, σ = .01, h = 1; the next bar opens at 98.5 below the short's profit-take 100·e^−.01.
    const frame = frameFromOhlc([
      [
        [100, 100, 100, 100],
        [98.5, 99.2, 98.4, 99.1],
      ],
    ]);
    const out = metaLabels(frame, new Int8Array([-1, 0]), {
      horizon: 1,
      touch: 'highLow',
      volatility: new Float64Array(2).fill(0.01),
    });
    expect(out.label[0]).toBe(1);
    expect(out.fwdReturn[0]).toBeCloseTo(-Math.log(0.985), 15);
  });

  it('rejects sides other than −1, 0, +1 and a side column of the wrong length', () => {
    const frame = frameFromLogCloses([x]);
    expect(() => metaLabels(frame, new Int8Array([2, 0, 0, 0, 0, 0, 0, 0]), { volatility: vol })).toThrow(
      DataError,
    );
    expect(() => metaLabels(frame, new Int8Array(3), { volatility: vol })).toThrow(DataError);
  });
});
