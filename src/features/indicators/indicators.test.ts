/**
 * Contract tests run against every built-in indicator: no look-ahead,
 * snapshot/restore continues bit-identically, reset equals fresh, `ready`
 * latches exactly when every output is first valid, block runs equal bar-by-bar updates.
 */
import { describe, expect, it } from 'vitest';
import { AlphaflowError } from '../../core/errors.js';
import { emptyFeatureInput } from '../indicator.js';
import { InputBlock } from '../inputBlock.js';
import { createIndicator } from '../registry.js';
import { indicatorSpecs } from './index.js';
import { fillRandomInput, randomBars, runRandom } from './randomBars.test-helpers.js';

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

  it('run() over blocks of any size equals update() bar by bar, NaN gaps after warm-up included', () => {
    // Several indicators take a faster loop once warm (state held in locals for the rest of a
    // block); NaN inputs there must be skipped exactly as the bar-by-bar path skips them.
    const gappy = randomBars(7, N);
    for (const i of [150, 151, 152, 300]) gappy.close[i] = Number.NaN;
    gappy.volume[200] = Number.NaN;
    gappy.high[250] = gappy.low[250] = Number.NaN;
    const k = createIndicator(token).outputs.length;
    const byBar = createIndicator(token);
    const expected = runRandom(byBar, gappy);
    const input = emptyFeatureInput();
    const cols = new InputBlock(N);
    for (let i = 0; i < N; i++) {
      fillRandomInput(input, gappy, i);
      cols.setRow(i, input);
    }
    const blocked = createIndicator(token);
    const got = new Float64Array(N * k);
    const sizes = [1, 7, 128, 3, 64, 1, 190];
    const last = new Float64Array(k);
    for (let from = 0, b = 0; from < N; b++) {
      const to = Math.min(N, from + sizes[b % sizes.length]!);
      blocked.run!(cols, from, to, got, from * k, k);
      // value()/ready after a block are those of its last bar.
      blocked.write(last, 0);
      expect(sameBits(last, expected.values.subarray((to - 1) * k, to * k))).toBe(true);
      expect(blocked.ready).toBe(expected.ready[to - 1]);
      from = to;
    }
    expect(sameBits(got, expected.values)).toBe(true);
    expect(blocked.snapshot()).toEqual(byBar.snapshot());
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
