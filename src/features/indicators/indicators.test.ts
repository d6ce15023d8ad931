/**
 * Contract tests run against every built-in indicator: no look-ahead,
 * snapshot/restore continues bit-identically, reset equals fresh, `ready`
 * latches exactly when every output is first valid.
 */
import { describe, expect, it } from 'vitest';
import { AlphaflowError } from '../../core/errors.js';
import { createIndicator } from '../registry.js';
import { indicatorSpecs } from './index.js';
import { randomBars, runRandom } from './randomBars.test-helpers.js';

/** Every spec with its defaults, plus the parameter variants that switch code paths. */
const TOKENS = [
  ...indicatorSpecs.map((s) => s.name),
  'ema:10:1',
  'macd:12:26:9:1',
  'bbands:20:2:1',
  'roc:5:1',
  'logret:3',
  'stddev:10:0',
  'volatility:20:260:1',
  'volatility:20:260:2',
  'volatility:20:260:3',
  'vwap_session:1',
  'zlema:9',
];

const N = 400;

/** True when a and b hold the same bits (NaN equals NaN). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((v, i) => v === y[i]);
}

describe.each(TOKENS)('%s', (token) => {
  const bars = randomBars(7, N);

  it('becomes ready and produces finite values', () => {
    const { values, ready } = runRandom(createIndicator(token), bars);
    expect(ready[N - 1]).toBe(true);
    expect(Number.isFinite(values[values.length - 1])).toBe(true);
  });

  it('latches ready on the first bar where every output is valid', () => {
    const ind = createIndicator(token);
    const k = ind.outputs.length;
    const { values, ready } = runRandom(ind, bars);
    let first = -1;
    for (let i = 0; i < N && first < 0; i++) {
      let all = true;
      for (let j = 0; j < k; j++) if (Number.isNaN(values[i * k + j])) all = false;
      if (all) first = i;
    }
    expect(ready.indexOf(true)).toBe(first);
    expect(ready.slice(first).every((r) => r)).toBe(true);
  });

  it('does not look ahead: changing bars after t leaves outputs up to t unchanged', () => {
    const k = createIndicator(token).outputs.length;
    const full = runRandom(createIndicator(token), bars).values;
    for (const t of [3, 60, 250]) {
      const mutated = randomBars(1000 + t, N, bars, t + 1);
      expect(mutated.close[t + 1]).not.toBe(bars.close[t + 1]);
      const other = runRandom(createIndicator(token), mutated).values;
      expect(sameBits(full.subarray(0, (t + 1) * k), other.subarray(0, (t + 1) * k))).toBe(true);
    }
  });

  it('continues bit-identically after snapshot → restore on a fresh instance', () => {
    for (const t of [5, 137]) {
      const a = createIndicator(token);
      runRandom(a, bars, 0, t);
      const bytes = a.snapshot();
      const b = createIndicator(token);
      b.restore(bytes);
      expect(b.ready).toBe(a.ready);
      expect(b.snapshot()).toEqual(bytes);
      const ra = runRandom(a, bars, t);
      const rb = runRandom(b, bars, t);
      expect(sameBits(ra.values, rb.values)).toBe(true);
      expect(rb.ready).toEqual(ra.ready);
    }
  });

  it('reset() then replay equals a fresh instance', () => {
    const ind = createIndicator(token);
    runRandom(ind, bars);
    ind.reset();
    expect(ind.ready).toBe(false);
    expect(ind.snapshot()).toEqual(createIndicator(token).snapshot());
    const again = runRandom(ind, bars).values;
    expect(sameBits(again, runRandom(createIndicator(token), bars).values)).toBe(true);
  });

  it('refuses a snapshot from another parameterisation or indicator', () => {
    const other = token === 'obv' ? 'ad' : 'obv';
    const bytes = createIndicator(other).snapshot();
    expect(() => createIndicator(token).restore(bytes)).toThrow(AlphaflowError);
  });
});

describe('indicator outputs', () => {
  it('value(k) outside the outputs is NaN', () => {
    const ind = createIndicator('sma:3');
    runRandom(ind, randomBars(1, 10));
    expect(Number.isFinite(ind.value(0))).toBe(true);
    expect(ind.value(1)).toBeNaN();
  });
});
