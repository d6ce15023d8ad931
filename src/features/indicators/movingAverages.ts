/**
 * Moving averages of the close, matching TTR 0.24.3: SMA, EMA (SMA-seeded,
 * optional Wilder k = 1/n), WMA (weights 1..n), DEMA, HMA, ZLEMA and EVWMA.
 * All O(1) per bar.
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { RingBuffer } from '../state/ringBuffer.js';
import { RollingSum, RollingWeightedSum } from '../state/rollingSum.js';
import { Ema, emaStep } from '../state/smoothing.js';
import { BaseIndicator, defineSpec } from './base.js';

const N = (def: number) => ({ name: 'n', default: def, min: 1, integer: true }) as const;
const SWITCH = (name: string, def: number) =>
  ({ name, default: def, min: 0, max: 1, integer: true }) as const;

/** Simple moving average of the close over n bars. */
export class Sma extends BaseIndicator {
  private readonly sum: RollingSum;
  private readonly n: number;

  constructor(token: string, n: number) {
    super(token, ['sma']);
    this.n = n | 0;
    this.sum = new RollingSum(n);
    this.track(this.sum);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const close = c.close;
    const out = this.out;
    for (let i = from; i < to; i++, at += stride) {
      out[0] = this.sum.push(close[i]!) / this.n;
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

/** Exponential moving average of the close (TTR seed; `wilder` uses k = 1/n). */
export class EmaIndicator extends BaseIndicator {
  private readonly ema: Ema;

  constructor(token: string, n: number, wilder: boolean) {
    super(token, ['ema']);
    this.ema = new Ema(n, wilder);
    this.track(this.ema);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const close = c.close;
    const { ema, out } = this;
    let i = from;
    for (; i < to && !this.steady(to - i); i++, at += stride) {
      const v = ema.push(close[i]!);
      out[0] = v;
      if (!this.warm) this.settle();
      dst[at] = v;
    }
    if (i === to) return;
    // Warm, so seeded: the rest of the block steps the EMA in a local.
    const { k, k1 } = ema;
    let e = ema.value;
    for (; i < to; i++, at += stride) {
      const x = close[i]!;
      if (!Number.isNaN(x)) e = emaStep(e, x, k, k1);
      dst[at] = e;
    }
    ema.hold(e);
    this.adoptRow(dst, at - stride);
  }
}

/** Linearly weighted moving average of the close (newest weight n). */
export class Wma extends BaseIndicator {
  private readonly wsum: RollingWeightedSum;

  constructor(token: string, n: number) {
    super(token, ['wma']);
    this.wsum = new RollingWeightedSum(n);
    this.track(this.wsum);
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
      this.out[0] = this.wsum.push(bars.close[i]!) / this.wsum.weightTotal;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Double EMA: 2·EMA(x) − EMA(EMA(x)); 2(n−1) leading NaNs. */
export class Dema extends BaseIndicator {
  private readonly e1: Ema;
  private readonly e2: Ema;

  constructor(token: string, n: number) {
    super(token, ['dema']);
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
    this.track(this.e1, this.e2);
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
      const a = this.e1.push(bars.close[i]!);
      this.out[0] = 2 * a - this.e2.push(a);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * Hull MA: WMA(2·WMA(x, ⌊n/2⌋) − WMA(x, n), ⌊√n⌋). The two inner WMAs are
 * pushed in a loop (one call site, within V8's inlining budget; a push left as
 * a real call boxes its double result).
 */
export class Hma extends BaseIndicator {
  /** The inner WMAs over x: ⌊n/2⌋ bars, then n bars. */
  private readonly inner: readonly RollingWeightedSum[];
  private readonly outer: RollingWeightedSum;
  /** This bar's inner weighted sums. */
  private readonly sums = new Float64Array(2);

  constructor(token: string, n: number) {
    super(token, ['hma']);
    this.inner = [new RollingWeightedSum(Math.trunc(n / 2)), new RollingWeightedSum(n)];
    this.outer = new RollingWeightedSum(Math.trunc(Math.sqrt(n)));
    this.track(...this.inner, this.outer);
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
      const { inner, sums } = this;
      for (let w = 0; w < 2; w++) sums[w] = inner[w]!.push(x);
      const d = (2 * sums[0]!) / inner[0]!.weightTotal - sums[1]! / inner[1]!.weightTotal;
      this.out[0] = this.outer.push(d) / this.outer.weightTotal;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * Zero-lag EMA as TTR: lag = (n+1)/2 bars, the lagged price linearly
 * interpolated when the lag is fractional; v = 2x − x_lag is EMA-smoothed,
 * seeded with the SMA of the first n closes.
 */
export class Zlema extends BaseIndicator {
  private readonly ema: Ema;
  private readonly past: RingBuffer;
  /** Whole bars back to the older of the two interpolated prices (TTR's `i - loc`). */
  private readonly back: number;
  private readonly wOld: number;
  private readonly wNew: number;

  constructor(token: string, n: number) {
    super(token, ['zlema']);
    this.ema = new Ema(n);
    const lag = 1 / this.ema.k;
    this.wNew = lag % 1;
    this.wOld = 1 - this.wNew;
    this.back = Math.ceil(lag);
    this.past = new RingBuffer(this.back + 1);
    this.track(this.ema, this.past);
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
      this.past.push(x);
      if (Number.isNaN(this.ema.value)) {
        this.out[0] = this.ema.push(x);
      } else {
        const v = 2 * x - (this.wOld * this.past.get(this.back) + this.wNew * this.past.get(this.back - 1));
        this.out[0] = this.ema.push(v);
      }
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Elastic volume-weighted MA (TTR EVWMA): seeded with the close, then volume-share weighted. */
export class Evwma extends BaseIndicator {
  private readonly vol: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['evwma']);
    this.vol = new RollingSum(n);
    this.track(this.vol);
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
      const v = bars.volume[i]!;
      const p = bars.close[i]!;
      const vs = this.vol.push(v);
      const prev = this.out[0]!;
      this.out[0] = Number.isNaN(prev) ? (Number.isNaN(vs) ? Number.NaN : p) : ((vs - v) * prev + v * p) / vs;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

export const movingAverageSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'sma',
    description: 'Simple moving average of the close (TTR SMA)',
    params: [N(20)],
    outputs: ['sma'],
    make: (p, t) => new Sma(t, p[0]!),
  }),
  defineSpec({
    name: 'ema',
    description: 'EMA of the close, SMA-seeded (TTR EMA); wilder=1 uses k = 1/n',
    params: [N(20), SWITCH('wilder', 0)],
    outputs: ['ema'],
    make: (p, t) => new EmaIndicator(t, p[0]!, p[1] === 1),
  }),
  defineSpec({
    name: 'wma',
    description: 'Linearly weighted moving average of the close (TTR WMA)',
    params: [N(20)],
    outputs: ['wma'],
    make: (p, t) => new Wma(t, p[0]!),
  }),
  defineSpec({
    name: 'dema',
    description: 'Double EMA 2·EMA − EMA(EMA) (TTR DEMA, v = 1)',
    params: [N(20)],
    outputs: ['dema'],
    make: (p, t) => new Dema(t, p[0]!),
  }),
  defineSpec({
    name: 'hma',
    description: 'Hull moving average (TTR HMA)',
    params: [{ name: 'n', default: 20, min: 2, integer: true }],
    outputs: ['hma'],
    make: (p, t) => new Hma(t, p[0]!),
  }),
  defineSpec({
    name: 'zlema',
    description: 'Zero-lag EMA with interpolated lag (TTR ZLEMA)',
    params: [N(20)],
    outputs: ['zlema'],
    make: (p, t) => new Zlema(t, p[0]!),
  }),
  defineSpec({
    name: 'evwma',
    description: 'Elastic volume-weighted moving average of the close (TTR EVWMA)',
    params: [N(20)],
    outputs: ['evwma'],
    make: (p, t) => new Evwma(t, p[0]!),
  }),
];
