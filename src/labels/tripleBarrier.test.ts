import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../core/errors.js';
import { MICROS_PER_MINUTE } from '../core/time.js';
import { FIXTURE_T0, frameFromLogCloses, frameFromOhlc } from './fixtures.js';
import { tripleBarrierLabels } from './tripleBarrier.js';
import { averageUniqueness } from './uniqueness.js';

const ts = (bar: number): number => FIXTURE_T0 + bar * MICROS_PER_MINUTE;
const constVol = (n: number, sigma: number): Float64Array => new Float64Array(n).fill(sigma);

describe('tripleBarrierLabels: hand-worked series', () => {
  // Log closes x_i (close = 100·e^x), horizon h = 3 bars, σ = 0.01 injected, profitTake = stopLoss = 1,
  // so the barriers sit at ±0.01 in log return from the event close; touches on closes.
  //   bar:   0      1      2      3      4       5       6      7
  //   x:     0    .005   .012   .004   −.002   −.009   .003   .009
  // Row 0: paths x_j − x_0 for j = 1..3: +.005, +.012 ≥ .01 → profit-take at bar 2, r = +.012, label 1.
  // Row 1: +.007, −.001, −.007 (j = 2..4): nothing touched → vertical at bar 4, r = −.007, label 0.
  // Row 2: −.008, −.014 ≤ −.01 → stop-loss at bar 4, r = −.014, label −1.
  // Row 3: −.006, −.013 → stop-loss at bar 5, r = −.013, label −1.
  // Row 4: −.007, +.005, +.011 → profit-take on the LAST bar (7), r = +.011, label 1.
  // Rows 5–7: the vertical barrier (bar 8+) lies past the data → NaN, although row 5 would touch
  //   the upper barrier at bar 6 (+.012): labelling it would bias the tail towards touches.
  // Windows (bars): L0 [0,2], L1 [1,4], L2 [2,4], L3 [3,5], L4 [4,7].
  // Concurrency c_t, t = 0..7: 1, 2, 3, 3, 4, 2, 1, 1.
  // Average uniqueness:
  //   w0 = (1 + 1/2 + 1/3)/3         = 11/18
  //   w1 = (1/2 + 1/3 + 1/3 + 1/4)/4 = 17/48
  //   w2 = (1/3 + 1/3 + 1/4)/3       = 11/36
  //   w3 = (1/3 + 1/4 + 1/2)/3       = 13/36
  //   w4 = (1/4 + 1/2 + 1 + 1)/4     = 11/16
  const x = [0, 0.005, 0.012, 0.004, -0.002, -0.009, 0.003, 0.009];
  const opts = { horizon: 3, volatility: constVol(8, 0.01) };

  it('labels, touch times, returns and barriers', () => {
    const out = tripleBarrierLabels(frameFromLogCloses([x]), opts);
    expect(Array.from(out.label)).toEqual([1, 0, -1, -1, 1, Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(out.endRow)).toEqual([2, 4, 4, 5, 7, -1, -1, -1]);
    expect(Array.from(out.t1)).toEqual([
      ts(2),
      ts(4),
      ts(4),
      ts(5),
      ts(7),
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
    expect(Array.from(out.barrier)).toEqual([1, 0, -1, -1, 1, 0, 0, 0]);
    const want = [0.012, -0.007, -0.014, -0.013, 0.011];
    want.forEach((r, i) => {
      expect(out.fwdReturn[i]).toBeCloseTo(r, 12);
    });
    expect(Array.from(out.fwdReturn.subarray(5)).every(Number.isNaN)).toBe(true);
  });

  it('average-uniqueness weights of those windows', () => {
    const frame = frameFromLogCloses([x]);
    const out = tripleBarrierLabels(frame, opts);
    const w = averageUniqueness(frame.symbol, out.endRow);
    [11 / 18, 17 / 48, 11 / 36, 13 / 36, 11 / 16].forEach((v, i) => {
      expect(w[i]).toBeCloseTo(v, 12);
    });
    expect(Array.from(w.subarray(5)).every(Number.isNaN)).toBe(true);
  });

  it('never reaches into the next symbol', () => {
    // The same series as the 2nd symbol, after a 3-bar symbol (rising by .5 a bar): with h = 3 every one of
    // its windows runs past its own last bar, so all three are NaN instead of borrowing the next symbol's bars.
    const frame = frameFromLogCloses([[0, 0.5, 1], x]);
    const out = tripleBarrierLabels(frame, { horizon: 3, volatility: constVol(11, 0.01) });
    expect(Array.from(out.label.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(out.label.subarray(3, 8))).toEqual([1, 0, -1, -1, 1]);
    expect(Array.from(out.endRow.subarray(3, 8))).toEqual([5, 7, 7, 8, 10]);
    const w = averageUniqueness(frame.symbol, out.endRow);
    expect(w[3]).toBeCloseTo(11 / 18, 12);
    expect(w[7]).toBeCloseTo(11 / 16, 12);
  });

  it('asymmetric and disabled barriers', () => {
    // profitTake 2, stopLoss 0.5 → barriers +.02 / −.005:
    // row 0: +.005, +.012, +.004 → vertical at bar 3 (label 0); row 1: +.007, −.001, −.007 → stop at bar 4;
    // row 2: −.008 → stop at bar 3; row 3: −.006 → stop at bar 4; row 4: −.007 → stop at bar 5.
    const asym = tripleBarrierLabels(frameFromLogCloses([x]), { ...opts, profitTake: 2, stopLoss: 0.5 });
    expect(Array.from(asym.label.subarray(0, 5))).toEqual([0, -1, -1, -1, -1]);
    expect(Array.from(asym.endRow.subarray(0, 5))).toEqual([3, 4, 3, 4, 5]);
    // profitTake 0 disables the upper barrier: row 0 never touches −.01 → vertical at bar 3, r = +.004.
    const noUpper = tripleBarrierLabels(frameFromLogCloses([x]), { ...opts, profitTake: 0 });
    expect(noUpper.label[0]).toBe(0);
    expect(noUpper.endRow[0]).toBe(3);
    expect(noUpper.fwdReturn[0]).toBeCloseTo(0.004, 12);
  });

  it('binary encodings differ only on a vertical exit above the entry', () => {
    // x = [0, .004, .006, .003], h = 3, σ = .01: no barrier touched, vertical return +.003 > 0.
    const frame = frameFromLogCloses([[0, 0.004, 0.006, 0.003]]);
    const o = { horizon: 3, volatility: constVol(4, 0.01) };
    expect(tripleBarrierLabels(frame, { ...o, classes: 'ternary' }).label[0]).toBe(0);
    expect(tripleBarrierLabels(frame, { ...o, classes: 'binarySign' }).label[0]).toBe(1);
    expect(tripleBarrierLabels(frame, { ...o, classes: 'binaryUpper' }).label[0]).toBe(0);
    // On the hand-worked series, stop-losses and the negative vertical give 0 in both binary forms.
    const main = frameFromLogCloses([x]);
    for (const classes of ['binarySign', 'binaryUpper'] as const) {
      expect(Array.from(tripleBarrierLabels(main, { ...opts, classes }).label.subarray(0, 5))).toEqual([
        1, 0, 0, 0, 1,
      ]);
    }
  });
});

describe('tripleBarrierLabels: touches on high/low', () => {
  // Event bar 0 closes at 100; σ = .01, h = 2 → profit-take price 100·e^.01 ≈ 101.005, stop 100·e^−.01 ≈ 99.005.
  // Bar 2 is quiet ([100.4, 100.6, 100.3, 100.5]) in every case; each case is its own symbol (rows 0, 3, 6, …).
  const flat = [100, 100, 100, 100] as const;
  const quiet = [100.4, 100.6, 100.3, 100.5] as const;
  const cases = [
    [flat, [100, 101.2, 98.9, 100.1], quiet], // A: range holds both barriers → stop-loss, r = −.01
    [flat, [101.5, 101.6, 100.2, 100.3], quiet], // B: opens above the profit-take → fills at the open, r = ln 1.015
    [flat, [100.2, 101.1, 100, 100.4], quiet], // C: high crosses the profit-take → r = +.01 (the barrier)
    [flat, [98.5, 99.2, 98.4, 99.1], quiet], // D: opens below the stop → fills at the open, r = ln .985
  ] as const;
  const frame = frameFromOhlc(cases);
  const o = { horizon: 2, volatility: constVol(12, 0.01) };

  it('stop wins a two-sided bar, gaps fill at the open, otherwise at the barrier', () => {
    const out = tripleBarrierLabels(frame, { ...o, touch: 'highLow' });
    expect([out.label[0], out.label[3], out.label[6], out.label[9]]).toEqual([-1, 1, 1, -1]);
    expect([out.endRow[0], out.endRow[3], out.endRow[6], out.endRow[9]]).toEqual([1, 4, 7, 10]);
    expect(out.fwdReturn[0]).toBeCloseTo(-0.01, 15);
    expect(out.fwdReturn[3]).toBeCloseTo(Math.log(1.015), 15);
    expect(out.fwdReturn[6]).toBeCloseTo(0.01, 15);
    expect(out.fwdReturn[9]).toBeCloseTo(Math.log(0.985), 15);
  });

  it('on closes the same bars touch nothing except where the close itself crosses', () => {
    // Closes: A 100.1, C 100.4 stay inside (99.005, 101.005) → vertical at bar 2 (close 100.5, r = ln 1.005);
    // B closes at 100.3 → vertical too; D closes at 99.1 > 99.005 → vertical, r = ln 1.005.
    const out = tripleBarrierLabels(frame, o);
    expect([out.label[0], out.label[3], out.label[6], out.label[9]]).toEqual([0, 0, 0, 0]);
    expect(out.fwdReturn[6]).toBeCloseTo(Math.log(1.005), 15);
  });
});

describe('tripleBarrierLabels: estimator and input checks', () => {
  it('scales the barriers by the rolling σ at the event bar', () => {
    // x = [0, .01, 0, .02, .035, .038, .03]; span 3, lookback 3: σ at row 3 = √.0003 ≈ .01732
    // (derived in volatility.test.ts). Row 3, h = 3: +.015 < .01732, then +.018 ≥ .01732 → profit-take at bar 5.
    // Rows 0–2 are in the volatility warm-up → NaN.
    const frame = frameFromLogCloses([[0, 0.01, 0, 0.02, 0.035, 0.038, 0.03]]);
    const out = tripleBarrierLabels(frame, { horizon: 3, volSpan: 3, volLookback: 3 });
    expect(Array.from(out.label.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(out.volatility[3]).toBeCloseTo(Math.sqrt(0.0003), 12);
    expect(out.label[3]).toBe(1);
    expect(out.endRow[3]).toBe(5);
    expect(out.fwdReturn[3]).toBeCloseTo(0.018, 12);
  });

  it('rejects non-positive prices and bad options', () => {
    const bad = frameFromLogCloses([[0, 0.01, 0.02]]);
    bad.close[1] = 0;
    expect(() => tripleBarrierLabels(bad, { volatility: constVol(3, 0.01) })).toThrow(DataError);
    const ok = frameFromLogCloses([[0, 0.01, 0.02]]);
    expect(() => tripleBarrierLabels(ok, { horizon: 0 })).toThrow(ConfigError);
    expect(() => tripleBarrierLabels(ok, { stopLoss: -1 })).toThrow(ConfigError);
    expect(() => tripleBarrierLabels(ok, { volatility: constVol(2, 0.01) })).toThrow(DataError);
  });
});
