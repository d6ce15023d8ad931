/**
 * Momentum oscillators matching TTR 0.24.3: RSI (Wilder), MACD, stochastic,
 * Williams %R (TTR's WPR fraction), CCI, CMO, TRIX and the ultimate oscillator.
 * O(1) per bar except CCI (O(n): see there).
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { positivePart } from '../state/branchFree.js';
import { PreviousValue } from '../state/ringBuffer.js';
import { RollingExtremum } from '../state/rollingExtremum.js';
import { RollingSum } from '../state/rollingSum.js';
import { Ema, emaStep } from '../state/smoothing.js';
import { typicalPrice } from '../state/typicalPrice.js';
import { BaseIndicator, defineSpec } from './base.js';

const N = (name: string, def: number, min = 1) => ({ name, default: def, min, integer: true }) as const;

/** Wilder RSI in 0..100: Wilder EMAs of up/down close changes, each seeded with their mean over the first n changes. */
export class Rsi extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly up: Ema;
  private readonly dn: Ema;

  constructor(token: string, n: number) {
    super(token, ['rsi']);
    this.up = new Ema(n, true);
    this.dn = new Ema(n, true);
    this.track(this.prev, this.up, this.dn);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const close = c.close;
    const { out, prev, up, dn } = this;
    let i = from;
    for (; i < to && !this.steady(to - i); i++, at += stride) {
      const x = close[i]!;
      const d = x - prev.push(x);
      // As TTR: a NaN change stays NaN in both legs (and is skipped by the EMAs). The legs are
      // branch-free: up and down bars made max and ?: mispredict every other bar (13 → 5 ns per bar).
      const u = up.push(positivePart(d));
      const v = dn.push(positivePart(-d));
      out[0] = rsiOf(u, v);
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
    if (i === to) return;
    // Warm, so both legs are seeded (they skip the same NaNs): the rest of the block keeps the state in locals.
    const { k, k1 } = up;
    let p = prev.get(0);
    let u = up.value;
    let v = dn.value;
    for (; i < to; i++, at += stride) {
      const x = close[i]!;
      const d = x - p;
      p = x;
      if (!Number.isNaN(d)) {
        u = emaStep(u, positivePart(d), k, k1);
        v = emaStep(v, positivePart(-d), k, k1);
      }
      dst[at] = rsiOf(u, v);
    }
    prev.push(p);
    up.hold(u);
    dn.hold(v);
    this.adoptRow(dst, at - stride);
  }
}

/** RSI in percent from the smoothed gains u and losses v (NaN when both are 0). */
function rsiOf(u: number, v: number): number {
  return (100 * u) / (u + v);
}

/**
 * MACD = EMA(fast) − EMA(slow) (or 100·(fast/slow − 1) with percent=1, TTR's
 * default), signal = EMA(macd, sig) seeded at macd's first valid value, hist =
 * macd − signal. Our default is the conventional absolute MACD (percent=0).
 */
export class Macd extends BaseIndicator {
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly sig: Ema;
  private readonly percent: boolean;

  constructor(token: string, fast: number, slow: number, sig: number, percent: boolean) {
    super(token, ['macd', 'signal', 'hist']);
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.sig = new Ema(sig);
    this.percent = percent;
    this.track(this.fast, this.slow, this.sig);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const close = c.close;
    const { out, fast, slow, sig, percent } = this;
    let i = from;
    for (; i < to && !this.steady(to - i); i++, at += stride) {
      const x = close[i]!;
      const m = macdOf(fast.push(x), slow.push(x), percent);
      const g = sig.push(m);
      out[0] = m;
      out[1] = g;
      out[2] = m - g;
      if (!this.warm) this.settle();
      dst[at] = m;
      dst[at + 1] = g;
      dst[at + 2] = out[2]!;
    }
    if (i === to) return;
    // Warm means all three EMAs are seeded: the rest of the block keeps them in locals (see Ema).
    let f = fast.value;
    let s = slow.value;
    let g = sig.value;
    let m = out[0]!;
    for (; i < to; i++, at += stride) {
      const x = close[i]!;
      if (!Number.isNaN(x)) {
        f = emaStep(f, x, fast.k, fast.k1);
        s = emaStep(s, x, slow.k, slow.k1);
      }
      // A skipped close still feeds the unchanged macd to the signal, as the pushes above do.
      m = macdOf(f, s, percent);
      if (!Number.isNaN(m)) g = emaStep(g, m, sig.k, sig.k1);
      dst[at] = m;
      dst[at + 1] = g;
      dst[at + 2] = m - g;
    }
    fast.hold(f);
    slow.hold(s);
    sig.hold(g);
    this.adoptRow(dst, at - stride);
  }
}

/** MACD line from the fast and slow EMAs: their difference, or 100·(fast/slow − 1) in percent. */
function macdOf(f: number, s: number, percent: boolean): number {
  return percent ? 100 * (f / s - 1) : f - s;
}

/** Fraction (hi − x)/(hi − lo) style position in the range; TTR maps 0/0 to 0.5. */
function rangePosition(num: number, den: number): number {
  return den === 0 && num === 0 ? 0.5 : num / den;
}

/**
 * Stochastic oscillator as TTR fractions in [0,1]: fastK over nK bars, fastD = SMA(fastK, nD), slowD = SMA(fastD, nSD).
 * The high/low extremes and the two SMAs each run in a loop so that every
 * block method has one call site, which keeps the update within V8's
 * cumulative inlining budget (a push left as a real call boxes its double
 * result on every bar).
 */
export class Stoch extends BaseIndicator {
  /** Highest high, then lowest low, over nK bars. */
  private readonly extremes: readonly RollingExtremum[];
  /** SMA windows: fastD's over fastK, then slowD's over fastD. */
  private readonly smas: readonly RollingSum[];
  /** This bar's highest high and lowest low. */
  private readonly range = new Float64Array(2);

  constructor(token: string, nK: number, nD: number, nSD: number) {
    super(token, ['fastK', 'fastD', 'slowD']);
    this.extremes = [new RollingExtremum(nK, true), new RollingExtremum(nK, false)];
    this.smas = [new RollingSum(nD), new RollingSum(nSD)];
    this.track(...this.extremes, ...this.smas);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const { extremes, range, out } = this;
    for (let i = from; i < to; i++, at += stride) {
      for (let w = 0; w < 2; w++) range[w] = extremes[w]!.push(w === 0 ? high[i]! : low[i]!);
      const h = range[0]!;
      const l = range[1]!;
      let x = rangePosition(close[i]! - l, h - l);
      out[0] = x;
      for (let w = 0; w < 2; w++) {
        const sma = this.smas[w]!;
        x = sma.push(x) / sma.n;
        out[1 + w] = x;
      }
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
      dst[at + 1] = out[1]!;
      dst[at + 2] = x;
    }
  }
}

/**
 * Williams %R as TTR's WPR: (HH − C)/(HH − LL) over n bars, a fraction in
 * [0,1] where 0 = close at the high (0/0 → 0.5). The textbook −100..0 scale
 * is −100 × this value.
 */
export class Willr extends BaseIndicator {
  private readonly hi: RollingExtremum;
  private readonly lo: RollingExtremum;

  constructor(token: string, n: number) {
    super(token, ['willr']);
    this.hi = new RollingExtremum(n, true);
    this.lo = new RollingExtremum(n, false);
    this.track(this.hi, this.lo);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const out = this.out;
    for (let i = from; i < to; i++, at += stride) {
      const h = this.hi.push(high[i]!);
      const l = this.lo.push(low[i]!);
      out[0] = rangePosition(h - close[i]!, h - l);
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

/**
 * Commodity channel index: (TP − SMA(TP)) / (c · MD), MD the mean |TP − SMA|
 * over the window measured from the current mean. O(n) per bar: the mean
 * deviation about a moving centre has no exact running form.
 */
export class Cci extends BaseIndicator {
  private readonly tp: RollingSum;
  private readonly n: number;
  private readonly c: number;

  constructor(token: string, n: number, c: number) {
    super(token, ['cci']);
    this.n = n | 0;
    this.c = c;
    this.tp = new RollingSum(n);
    this.track(this.tp);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const out = this.out;
    const n = this.n;
    for (let i = from; i < to; i++, at += stride) {
      const x = typicalPrice(high[i]!, low[i]!, close[i]!);
      const mean = this.tp.push(x) / n;
      let md = Number.NaN;
      if (!Number.isNaN(mean)) {
        // Four partial sums over every fourth slot, combined as (s0 + s1) + (s2 + s3): four short add chains
        // instead of one of n dependent adds.
        const xs = this.tp.slotData;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let j = this.tp.slotStart;
        const end = j + n;
        for (; j + 3 < end; j += 4) {
          s0 += Math.abs(xs[j]! - mean);
          s1 += Math.abs(xs[j + 1]! - mean);
          s2 += Math.abs(xs[j + 2]! - mean);
          s3 += Math.abs(xs[j + 3]! - mean);
        }
        for (; j < end; j++) s0 += Math.abs(xs[j]! - mean);
        md = (s0 + s1 + (s2 + s3)) / n;
      }
      out[0] = (x - mean) / (this.c * md);
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

/** Chande momentum oscillator: 100·(ΣU − ΣD)/(ΣU + ΣD) over n close changes, unsmoothed. */
export class Cmo extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly up: RollingSum;
  private readonly dn: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['cmo']);
    this.up = new RollingSum(n);
    this.dn = new RollingSum(n);
    this.track(this.prev, this.up, this.dn);
  }

  override run(
    bars: InputBlock,
    from: number,
    to: number,
    dst: Float64Array,
    at: number,
    stride: number,
  ): void {
    for (let i = from; i < to; i++, at += stride) {
      const x = bars.close[i]!;
      const d = x - this.prev.push(x);
      const u = this.up.push(d > 0 ? d : d * 0);
      const v = this.dn.push(d < 0 ? -d : d * 0);
      this.out[0] = (100 * (u - v)) / (u + v);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * TRIX = 100·(E3/E3[−1] − 1), E3 a triple EMA(n) of the close; signal =
 * EMA(trix, sig). TTR 0.24.3 ignores its nSig and uses n for the signal, so
 * its TRIX(20, 9) equals our trix:20:20.
 */
export class Trix extends BaseIndicator {
  private readonly e1: Ema;
  private readonly e2: Ema;
  private readonly e3: Ema;
  private readonly prev = new PreviousValue();
  private readonly sig: Ema;

  constructor(token: string, n: number, sig: number) {
    super(token, ['trix', 'signal']);
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
    this.e3 = new Ema(n);
    this.sig = new Ema(sig);
    this.track(this.e1, this.e2, this.e3, this.prev, this.sig);
  }

  override run(
    bars: InputBlock,
    from: number,
    to: number,
    dst: Float64Array,
    at: number,
    stride: number,
  ): void {
    for (let i = from; i < to; i++, at += stride) {
      const e = this.e3.push(this.e2.push(this.e1.push(bars.close[i]!)));
      const t = 100 * (e / this.prev.push(e) - 1);
      this.out[0] = t;
      this.out[1] = this.sig.push(t);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * Ultimate oscillator (weights 4, 2, 1): 100 · Σ w·(ΣBP/ΣTR)_n / Σw, BP = C − min(L, C[−1]), TR as ATR.
 * O(1). The three windows are pushed in a loop so that there are only two
 * push call sites: six would exceed V8's cumulative inlining budget, and a
 * push left as a real call boxes its double result (garbage on every bar).
 */
export class Ultosc extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly bp: readonly RollingSum[];
  private readonly tr: readonly RollingSum[];
  /** ΣBP/ΣTR per window, this bar. */
  private readonly ratio = new Float64Array(3);

  constructor(token: string, n1: number, n2: number, n3: number) {
    super(token, ['ultosc']);
    this.bp = [new RollingSum(n1), new RollingSum(n2), new RollingSum(n3)];
    this.tr = [new RollingSum(n1), new RollingSum(n2), new RollingSum(n3)];
    this.track(this.prev, ...this.bp, ...this.tr);
  }

  override run(
    bars: InputBlock,
    from: number,
    to: number,
    dst: Float64Array,
    at: number,
    stride: number,
  ): void {
    for (let i = from; i < to; i++, at += stride) {
      const c = bars.close[i]!;
      const pc = this.prev.push(c);
      const lo = Math.min(bars.low[i]!, pc);
      const bp = c - lo;
      const tr = Math.max(bars.high[i]!, pc) - lo;
      const { bp: bps, tr: trs, ratio } = this;
      for (let w = 0; w < 3; w++) ratio[w] = bps[w]!.push(bp) / trs[w]!.push(tr);
      this.out[0] = 100 * ((4 * ratio[0]! + 2 * ratio[1]! + 1 * ratio[2]!) / 7);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

export const oscillatorSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'rsi',
    description: 'Wilder RSI of the close, 0..100 (TTR RSI)',
    params: [N('n', 14)],
    outputs: ['rsi'],
    make: (p, t) => new Rsi(t, p[0]!),
  }),
  defineSpec({
    name: 'macd',
    description: 'MACD line, signal and histogram; percent=0 absolute (default), 1 = TTR percent form',
    params: [
      N('fast', 12),
      N('slow', 26),
      N('signal', 9),
      { name: 'percent', default: 0, min: 0, max: 1, integer: true },
    ],
    outputs: ['macd', 'signal', 'hist'],
    make: (p, t) => new Macd(t, p[0]!, p[1]!, p[2]!, p[3] === 1),
  }),
  defineSpec({
    name: 'stoch',
    description: 'Stochastic fastK, fastD, slowD as fractions 0..1 (TTR stoch)',
    params: [N('nK', 14), N('nD', 3), N('nSD', 3)],
    outputs: ['fastK', 'fastD', 'slowD'],
    make: (p, t) => new Stoch(t, p[0]!, p[1]!, p[2]!),
  }),
  defineSpec({
    name: 'willr',
    description:
      "Williams %R as TTR's WPR fraction 0..1 (0 = close at the high; textbook scale = −100 × value)",
    params: [N('n', 14)],
    outputs: ['willr'],
    make: (p, t) => new Willr(t, p[0]!),
  }),
  defineSpec({
    name: 'cci',
    description: 'Commodity channel index of the typical price (TTR CCI)',
    params: [N('n', 20, 2), { name: 'c', default: 0.015, min: Number.MIN_VALUE }],
    outputs: ['cci'],
    make: (p, t) => new Cci(t, p[0]!, p[1]!),
  }),
  defineSpec({
    name: 'cmo',
    description: 'Chande momentum oscillator of the close, −100..100 (TTR CMO)',
    params: [N('n', 14)],
    outputs: ['cmo'],
    make: (p, t) => new Cmo(t, p[0]!),
  }),
  defineSpec({
    name: 'trix',
    description:
      'TRIX of the close in percent and its EMA signal (TTR TRIX; TTR 0.24.3 uses n for the signal)',
    params: [N('n', 20), N('signal', 9)],
    outputs: ['trix', 'signal'],
    make: (p, t) => new Trix(t, p[0]!, p[1]!),
  }),
  defineSpec({
    name: 'ultosc',
    description: 'Ultimate oscillator, weights 4/2/1, 0..100 (TTR ultimateOscillator)',
    params: [N('n1', 7), N('n2', 14), N('n3', 28)],
    outputs: ['ultosc'],
    make: (p, t) => new Ultosc(t, p[0]!, p[1]!, p[2]!),
  }),
];
