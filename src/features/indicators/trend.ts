/**
 * Trend and channel indicators matching TTR 0.24.3: ADX/DMI (with TTR's
 * wilderSum seed), Donchian channels and Aroon. O(1) amortised per bar.
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { positivePart } from '../state/branchFree.js';
import { MaxAgeRing } from '../state/maxAgeRing.js';
import { RingBuffer } from '../state/ringBuffer.js';
import { RollingExtremum } from '../state/rollingExtremum.js';
import { Ema, WilderSum } from '../state/smoothing.js';
import { BaseIndicator, defineSpec } from './base.js';

/**
 * Directional movement as TTR ADX: +DM/−DM from H and L changes (both 0 on a
 * tie or when both moves are negative), DI± = 100·wilderSum(DM)/wilderSum(TR),
 * DX = 100·|DI+ − DI−|/(DI+ + DI−), ADX = Wilder EMA(DX, n), valid from 2n−1.
 */
export class Adx extends BaseIndicator {
  /** Previous bar's high, low, close: written straight into its slots, three pushes per bar. */
  private readonly prev = new RingBuffer(3);
  private readonly sTr: WilderSum;
  private readonly sPlus: WilderSum;
  private readonly sMinus: WilderSum;
  private readonly adx: Ema;

  constructor(token: string, n: number) {
    super(token, ['DIp', 'DIn', 'DX', 'ADX']);
    this.sTr = new WilderSum(n);
    this.sPlus = new WilderSum(n);
    this.sMinus = new WilderSum(n);
    this.adx = new Ema(n, true);
    this.track(this.prev, this.sTr, this.sPlus, this.sMinus, this.adx);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close } = c;
    const { prev, out } = this;
    // The previous bar's slots are read and written here, not through a call per value: V8 ran out
    // of inlining budget for the third such call in this loop and boxed the doubles of the others
    // (32 bytes of garbage per streamed bar). `advance` below does the pushes' bookkeeping.
    const p = prev.slotData;
    const p0 = prev.slotStart + prev.nextSlot;
    for (let i = from; i < to; i++, at += stride) {
      const h = high[i]!;
      const l = low[i]!;
      const ph = p[p0]!;
      const pl = p[p0 + 1]!;
      const pc = p[p0 + 2]!;
      p[p0] = h;
      p[p0 + 1] = l;
      p[p0 + 2] = close[i]!;
      const dH = h - ph;
      const dL = pl - l;
      // Wilder's rule (the larger move counts if positive; ties and two down moves give 0 to both)
      // without branches, which up and down bars made mispredict (see branchFree.ts): +(a > b)
      // compiles to a flag, and `unknown` is 0, or NaN when either move is.
      const unknown = dH - dH + (dL - dL);
      const plus = positivePart(dH) * +(dH > dL) + unknown;
      const minus = positivePart(dL) * +(dL > dH) + unknown;
      const tr = this.sTr.push(Math.max(h, pc) - Math.min(l, pc));
      const dip = (100 * this.sPlus.push(plus)) / tr;
      const din = (100 * this.sMinus.push(minus)) / tr;
      const dx = 100 * (Math.abs(dip - din) / (dip + din));
      const adx = this.adx.push(dx);
      out[0] = dip;
      out[1] = din;
      out[2] = dx;
      out[3] = adx;
      if (!this.warm) this.settle();
      dst[at] = dip;
      dst[at + 1] = din;
      dst[at + 2] = dx;
      dst[at + 3] = adx;
    }
    prev.advance(3 * (to - from));
  }
}

/** Donchian channel over the last n bars including this one: high = max H, low = min L, mid = (high + low)/2. */
export class Donchian extends BaseIndicator {
  private readonly hi: RollingExtremum;
  private readonly lo: RollingExtremum;

  constructor(token: string, n: number) {
    super(token, ['high', 'mid', 'low']);
    this.hi = new RollingExtremum(n, true);
    this.lo = new RollingExtremum(n, false);
    this.track(this.hi, this.lo);
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
      const h = this.hi.push(bars.high[i]!);
      const l = this.lo.push(bars.low[i]!);
      const out = this.out;
      out[0] = h;
      out[1] = (h + l) / 2;
      out[2] = l;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * Aroon as TTR: up = 100·(n − bars since the highest high)/n, down likewise
 * with lows, oscillator = up − down; ties go to the most recent bar. The first
 * value (bar n−1) looks back n bars, later ones n+1 bars, as TTR does.
 * O(1) amortised per bar (MaxAgeRing's monotonic queue; a NaN in the window
 * makes the output NaN). Highs and negated lows go through one loop so that
 * each MaxAgeRing method has one call site, within V8's inlining budget.
 */
export class Aroon extends BaseIndicator {
  /** Highs, then negated lows (the lowest low is the highest −low). */
  private readonly rings: readonly MaxAgeRing[];
  private readonly n: number;

  constructor(token: string, n: number) {
    super(token, ['up', 'down', 'oscillator']);
    this.n = n | 0;
    this.rings = [new MaxAgeRing(n + 1), new MaxAgeRing(n + 1)];
    this.track(...this.rings);
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
      const out = this.out;
      for (let w = 0; w < 2; w++) {
        const ring = this.rings[w]!;
        ring.push(w === 0 ? bars.high[i]! : -bars.low[i]!);
        out[w] = (100 * (this.n - ring.ageOfMax(this.n))) / this.n;
      }
      out[2] = out[0]! - out[1]!;
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

const N = (def: number) => ({ name: 'n', default: def, min: 1, integer: true }) as const;

export const trendSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'adx',
    description: 'DI+, DI−, DX and ADX, 0..100 (TTR ADX with its wilderSum seed)',
    params: [N(14)],
    outputs: ['DIp', 'DIn', 'DX', 'ADX'],
    make: (p, t) => new Adx(t, p[0]!),
  }),
  defineSpec({
    name: 'donchian',
    description:
      'Donchian channel high, mid, low over the last n bars including the current one (TTR DonchianChannel)',
    params: [N(20)],
    outputs: ['high', 'mid', 'low'],
    make: (p, t) => new Donchian(t, p[0]!),
  }),
  defineSpec({
    name: 'aroon',
    description: 'Aroon up, down (0..100) and oscillator (TTR aroon)',
    params: [N(20)],
    outputs: ['up', 'down', 'oscillator'],
    make: (p, t) => new Aroon(t, p[0]!),
  }),
];
