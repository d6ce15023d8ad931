/**
 * Test support shared by the context indicator tests: random bar streams,
 * a runner that feeds bars through ONE reused FeatureInput (as the engine
 * does), and the look-ahead and snapshot/restore checks every indicator must
 * pass.
 */
import { expect } from 'vitest';
import { Rng } from '../../core/random.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../indicator.js';

const SESSION_US = 390 * MICROS_PER_MINUTE;
const DAY_US = 1440 * MICROS_PER_MINUTE;

/** `n` one-minute bars of a random walk with market/sector levels, quotes and session bounds. */
export function randomInputs(seed: number, n: number): FeatureInput[] {
  const rng = new Rng(seed);
  const out: FeatureInput[] = [];
  let c = 100;
  let m = 4000;
  let sec = 250;
  let minute = 0;
  let day = 0;
  for (let i = 0; i < n; i++) {
    if (minute === 390) {
      minute = 0;
      day++;
    }
    const rm = 0.001 * rng.normal();
    m *= Math.exp(rm);
    sec *= Math.exp(0.8 * rm + 0.0005 * rng.normal());
    const open = c;
    c *= Math.exp(1.2 * rm + 0.001 * rng.normal());
    const half = c * 0.0002 * (1 + rng.next());
    const bar = emptyFeatureInput();
    bar.symbolId = 7;
    bar.sectorId = 2;
    bar.sessionOpen = day * DAY_US;
    bar.sessionClose = day * DAY_US + SESSION_US;
    bar.ts = bar.sessionOpen + minute * MICROS_PER_MINUTE;
    bar.open = open;
    bar.high = Math.max(open, c) * (1 + 0.0005 * rng.next());
    bar.low = Math.min(open, c) * (1 - 0.0005 * rng.next());
    bar.close = c;
    bar.volume = rng.int(1000);
    bar.bid = c - half;
    bar.ask = c + half;
    bar.bidSize = 100 * (1 + rng.int(10));
    bar.askSize = 100 * (1 + rng.int(10));
    bar.marketClose = m;
    bar.sectorClose = sec;
    out.push(bar);
    minute++;
  }
  return out;
}

/** Feeds `bars` through one reused input object; returns values[bar][output]. */
export function runIndicator(
  ind: Indicator,
  bars: readonly FeatureInput[],
  from = 0,
  to = bars.length,
): number[][] {
  const input = emptyFeatureInput();
  const rows: number[][] = [];
  for (let i = from; i < to; i++) {
    Object.assign(input, bars[i]);
    ind.update(input);
    const row: number[] = [];
    for (let k = 0; k < ind.outputs.length; k++) row.push(ind.value(k));
    rows.push(row);
  }
  return rows;
}

/** Bars after index `t` replaced by another random stream (levels scaled so the jump is visible). */
export function mutateAfter(bars: readonly FeatureInput[], t: number, seed: number): FeatureInput[] {
  const other = randomInputs(seed, bars.length);
  return bars.map((b, i) => {
    if (i <= t) return { ...b };
    const o = other[i]!;
    return {
      ...b,
      open: o.open * 1.7,
      high: o.high * 1.7,
      low: o.low * 1.7,
      close: o.close * 1.7,
      volume: o.volume + 5,
      bid: o.bid * 1.7,
      ask: o.ask * 1.8,
      bidSize: o.bidSize + 300,
      askSize: o.askSize,
      marketClose: o.marketClose * 0.6,
      sectorClose: o.sectorClose * 1.3,
      sessionOpen: b.sessionOpen - 60 * MICROS_PER_MINUTE,
      sessionClose: b.sessionClose + 60 * MICROS_PER_MINUTE,
      symbolId: 9,
      sectorId: 4,
    };
  });
}

/** Values at bars ≤ t are identical (NaN included) after every bar > t changes. */
export function expectNoLookAhead(create: () => Indicator, bars: readonly FeatureInput[], t: number): void {
  const base = runIndicator(create(), bars);
  const changed = runIndicator(create(), mutateAfter(bars, t, 991));
  for (let i = 0; i <= t; i++) expect(changed[i], `bar ${i}`).toEqual(base[i]);
  // The mutation must reach the indicator, or the check above proves nothing.
  const differs = changed
    .slice(t + 1)
    .some((row, j) => row.some((v, k) => !Object.is(v, base[t + 1 + j]![k])));
  expect(differs).toBe(true);
}

/** Snapshot at bar `at`, restore into a fresh instance, continue: bit-identical values and `ready`. */
export function expectSnapshotContinues(
  create: () => Indicator,
  bars: readonly FeatureInput[],
  at: number,
): void {
  const whole = create();
  const wholeRows = runIndicator(whole, bars);
  const first = create();
  runIndicator(first, bars, 0, at);
  const bytes = first.snapshot();
  const resumed = create();
  resumed.restore(bytes);
  const restRows = runIndicator(resumed, bars, at);
  for (let i = at; i < bars.length; i++) {
    const a = wholeRows[i]!;
    const b = restRows[i - at]!;
    for (let k = 0; k < a.length; k++)
      expect(Object.is(a[k], b[k]), `bar ${i} output ${k}: ${a[k]} vs ${b[k]}`).toBe(true);
  }
  expect(resumed.ready).toBe(whole.ready);
  resumed.reset();
  expect(resumed.ready).toBe(false);
  expect(runIndicator(resumed, bars)).toEqual(wholeRows);
}
