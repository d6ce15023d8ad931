/**
 * Volatility and range indicators matching TTR 0.24.3: Bollinger bands
 * (population SD), ATR, Keltner channels, runSD, TTR's volatility estimators,
 * plus realized volatility and the high–low range. O(1) per bar.
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { PreviousValue } from '../state/ringBuffer.js';
import { RollingMoments } from '../state/rollingMoments.js';
import { RollingSum } from '../state/rollingSum.js';
import { scratchColumn } from '../state/scratchColumns.js';
import { Ema, emaStep } from '../state/smoothing.js';
import { typicalPrice } from '../state/typicalPrice.js';
import { BaseIndicator, defineSpec } from './base.js';

const N = (name: string, def: number, min = 1) => ({ name, default: def, min, integer: true }) as const;

/**
 * Bollinger bands: mid = SMA(p, n), upper/lower = mid ± k·SD (population, as
 * TTR), pctb = (p − lower)/(upper − lower), width = (upper − lower)/mid.
 * p is the close, or the typical price (H+L+C)/3 with price=1 (TTR given HLC).
 */
export class Bbands extends BaseIndicator {
  private readonly m: RollingMoments;
  private readonly k: number;
  private readonly typical: boolean;

  constructor(token: string, n: number, k: number, typical: boolean) {
    super(token, ['mid', 'upper', 'lower', 'pctb', 'width']);
    this.m = new RollingMoments(n);
    this.k = k;
    this.typical = typical;
    this.track(this.m);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const rows = to - from;
    if (rows <= 0) return;
    let price = c.close;
    let first = from;
    if (this.typical) {
      const { high, low, close } = c;
      price = scratchColumn(0, rows);
      for (let i = from; i < to; i++) price[i - from] = typicalPrice(high[i]!, low[i]!, close[i]!);
      first = 0;
    }
    const mean = scratchColumn(1, rows);
    const variance = scratchColumn(2, rows);
    this.m.pushRows(price, first, first + rows, mean, variance, false);
    const k = this.k;
    for (let r = 0; r < rows; r++, at += stride) {
      const p = price[first + r]!;
      const mid = mean[r]!;
      const band = k * Math.sqrt(variance[r]!);
      const up = mid + band;
      const dn = mid - band;
      dst[at] = mid;
      dst[at + 1] = up;
      dst[at + 2] = dn;
      dst[at + 3] = (p - dn) / (up - dn);
      dst[at + 4] = (up - dn) / mid;
      if (!this.warm) this.adoptRow(dst, at);
    }
    this.adoptRow(dst, at - stride);
  }
}

/** Average true range as TTR: TR = max(H, C[−1]) − min(L, C[−1]) (NaN on the first bar), ATR = Wilder EMA(TR, n). */
export class Atr extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly ema: Ema;

  constructor(token: string, n: number) {
    super(token, ['tr', 'atr', 'trueHigh', 'trueLow']);
    this.ema = new Ema(n, true);
    this.track(this.prev, this.ema);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const { out, prev, ema } = this;
    let i = from;
    for (; i < to && !this.steady(to - i); i++, at += stride) {
      const pc = prev.push(close[i]!);
      const th = Math.max(high[i]!, pc);
      const tl = Math.min(low[i]!, pc);
      const tr = th - tl;
      const atr = ema.push(tr);
      out[0] = tr;
      out[1] = atr;
      out[2] = th;
      out[3] = tl;
      if (!this.warm) this.settle();
      dst[at] = tr;
      dst[at + 1] = atr;
      dst[at + 2] = th;
      dst[at + 3] = tl;
    }
    if (i === to) return;
    // Warm means the EMA is seeded: the rest of the block keeps the state in locals (see Ema).
    let p = prev.get(0);
    let atr = ema.value;
    for (; i < to; i++, at += stride) {
      const pc = p;
      p = close[i]!;
      const th = Math.max(high[i]!, pc);
      const tl = Math.min(low[i]!, pc);
      const tr = th - tl;
      if (!Number.isNaN(tr)) atr = emaStep(atr, tr, ema.k, ema.k1);
      dst[at] = tr;
      dst[at + 1] = atr;
      dst[at + 2] = th;
      dst[at + 3] = tl;
    }
    prev.push(p);
    ema.hold(atr);
    this.adoptRow(dst, at - stride);
  }
}

/** Keltner channels as TTR: mid = EMA(TP, n), bands = mid ± k·ATR(n). */
export class Keltner extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly mid: Ema;
  private readonly atr: Ema;
  private readonly k: number;

  constructor(token: string, n: number, k: number) {
    super(token, ['mid', 'upper', 'lower']);
    this.mid = new Ema(n);
    this.atr = new Ema(n, true);
    this.k = k;
    this.track(this.prev, this.mid, this.atr);
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
      const pc = this.prev.push(bars.close[i]!);
      const mid = this.mid.push(typicalPrice(bars.high[i]!, bars.low[i]!, bars.close[i]!));
      const range = this.k * this.atr.push(Math.max(bars.high[i]!, pc) - Math.min(bars.low[i]!, pc));
      const out = this.out;
      out[0] = mid;
      out[1] = mid + range;
      out[2] = mid - range;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Rolling standard deviation of the close; sample=1 (n−1, TTR runSD's default) or 0 (population). */
export class Stddev extends BaseIndicator {
  private readonly m: RollingMoments;
  private readonly sample: boolean;

  constructor(token: string, n: number, sample: boolean) {
    super(token, ['stddev']);
    this.m = new RollingMoments(n);
    this.sample = sample;
    this.track(this.m);
  }

  override run(
    bars: InputBlock,
    from: number,
    to: number,
    dst: Float64Array,
    at: number,
    stride: number,
  ): void {
    const rows = to - from;
    if (rows <= 0) return;
    const variance = scratchColumn(2, rows);
    this.m.pushRows(bars.close, from, to, scratchColumn(1, rows), variance, this.sample);
    for (let r = 0; r < rows; r++, at += stride) {
      dst[at] = Math.sqrt(variance[r]!);
      if (!this.warm) this.adoptRow(dst, at);
    }
    this.adoptRow(dst, at - stride);
  }
}

/** TTR `volatility` estimators (annualised with N periods per year). */
export const VolatilityCalc = { Close: 0, GarmanKlass: 1, Parkinson: 2, RogersSatchell: 3 } as const;

/**
 * TTR volatility(n, N, calc): close = √N · sample SD of the last n−1 one-bar
 * log returns; Garman–Klass, Parkinson and Rogers–Satchell sum their per-bar
 * terms over n bars.
 */
export class Volatility extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly ret: RollingMoments;
  private readonly sum: RollingSum;
  private readonly calc: number;
  private readonly scale: number;
  private readonly sqrtN: number;

  constructor(token: string, n: number, periods: number, calc: number) {
    super(token, ['volatility']);
    this.calc = calc | 0;
    this.ret = new RollingMoments(n - 1);
    this.sum = new RollingSum(n);
    this.sqrtN = Math.sqrt(periods);
    this.scale = calc === VolatilityCalc.Parkinson ? periods / (4 * n * Math.log(2)) : periods / n;
    this.track(this.prev, this.ret, this.sum);
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
      const o = bars.open[i]!;
      const h = bars.high[i]!;
      const l = bars.low[i]!;
      const c = bars.close[i]!;
      let v: number;
      if (this.calc === VolatilityCalc.Close) {
        const lc = bars.logClose[i]!;
        this.ret.push(lc - this.prev.push(lc));
        v = this.sqrtN * this.ret.sd(true);
      } else {
        let term: number;
        if (this.calc === VolatilityCalc.GarmanKlass) {
          const hl = Math.log(h / l);
          const co = Math.log(c / o);
          term = 0.5 * (hl * hl) - (2 * Math.log(2) - 1) * (co * co);
        } else if (this.calc === VolatilityCalc.Parkinson) {
          const hl = Math.log(h / l);
          term = hl * hl;
        } else {
          term = Math.log(h / c) * Math.log(h / o) + Math.log(l / c) * Math.log(l / o);
        }
        v = Math.sqrt(this.scale * this.sum.push(term));
      }
      this.out[0] = v;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Realized volatility: √(Σ r²) over the last n one-bar log returns of the close (not annualised). */
export class Rvol extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly sq: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['rvol']);
    this.sq = new RollingSum(n);
    this.track(this.prev, this.sq);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const logClose = c.logClose;
    const out = this.out;
    for (let i = from; i < to; i++, at += stride) {
      const x = logClose[i]!;
      const r = x - this.prev.push(x);
      out[0] = Math.sqrt(this.sq.push(r * r));
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

/** High–low range as a fraction of the close, (H − L)/C. */
export class Hlrange extends BaseIndicator {
  constructor(token: string) {
    super(token, ['hlrange']);
    this.track();
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const out = this.out;
    for (let i = from; i < to; i++, at += stride) {
      out[0] = (high[i]! - low[i]!) / close[i]!;
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

export const volatilitySpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'bbands',
    description:
      'Bollinger bands (population SD, as TTR): mid, upper, lower, pctb, width; price 0 = close, 1 = (H+L+C)/3',
    params: [
      N('n', 20),
      { name: 'k', default: 2, min: 0 },
      { name: 'price', default: 0, min: 0, max: 1, integer: true },
    ],
    outputs: ['mid', 'upper', 'lower', 'pctb', 'width'],
    make: (p, t) => new Bbands(t, p[0]!, p[1]!, p[2] === 1),
  }),
  defineSpec({
    name: 'atr',
    description: 'True range, Wilder ATR, true high and true low (TTR ATR; TR is NaN on the first bar)',
    params: [N('n', 14)],
    outputs: ['tr', 'atr', 'trueHigh', 'trueLow'],
    make: (p, t) => new Atr(t, p[0]!),
  }),
  defineSpec({
    name: 'keltner',
    description: 'Keltner channels: EMA of the typical price ± k·ATR(n) (TTR keltnerChannels)',
    params: [N('n', 20), { name: 'k', default: 2, min: 0 }],
    outputs: ['mid', 'upper', 'lower'],
    make: (p, t) => new Keltner(t, p[0]!, p[1]!),
  }),
  defineSpec({
    name: 'stddev',
    description: 'Rolling SD of the close; sample=1 (TTR runSD default) or 0 (population, TA-Lib STDDEV)',
    params: [N('n', 20, 2), { name: 'sample', default: 1, min: 0, max: 1, integer: true }],
    outputs: ['stddev'],
    make: (p, t) => new Stddev(t, p[0]!, p[1] === 1),
  }),
  defineSpec({
    name: 'volatility',
    description:
      'TTR volatility, annualised by N: calc 0 = close-to-close, 1 = Garman–Klass, 2 = Parkinson, 3 = Rogers–Satchell',
    params: [
      N('n', 20, 3),
      { name: 'N', default: 260, min: Number.MIN_VALUE },
      { name: 'calc', default: 0, min: 0, max: 3, integer: true },
    ],
    outputs: ['volatility'],
    make: (p, t) => new Volatility(t, p[0]!, p[1]!, p[2]!),
  }),
  defineSpec({
    name: 'rvol',
    description: 'Realized volatility √(Σ r²) of the last n one-bar log returns (fraction, not annualised)',
    params: [N('n', 20)],
    outputs: ['rvol'],
    make: (p, t) => new Rvol(t, p[0]!),
  }),
  defineSpec({
    name: 'hlrange',
    description: 'High–low range as a fraction of the close, (H − L)/C',
    params: [],
    outputs: ['hlrange'],
    make: (_p, t) => new Hlrange(t),
  }),
];
