/**
 * Volume indicators matching TTR 0.24.3: OBV (with TTR's ln-change epsilon),
 * MFI (with the correctly rounded typical price), Chaikin A/D, CMF and CLV,
 * plus a volume z-score. O(1) per bar.
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { Cells } from '../state/cells.js';
import { PreviousValue } from '../state/ringBuffer.js';
import { RollingMoments } from '../state/rollingMoments.js';
import { RollingSum } from '../state/rollingSum.js';
import { scratchColumn } from '../state/scratchColumns.js';
import { typicalPrice } from '../state/typicalPrice.js';
import { BaseIndicator, defineSpec } from './base.js';

const N = (def: number, min = 1) => ({ name: 'n', default: def, min, integer: true }) as const;

/** R's sqrt(.Machine$double.eps): TTR's OBV treats |ln C − ln C[−1]| below it as no change. */
const OBV_EPSILON = Math.sqrt(Number.EPSILON);

/**
 * On-balance volume as TTR: starts at the first bar's volume, then ±V by the
 * sign of ln C − ln C[−1] (TTR's ROC), 0 when |ln change| < √ε. Bars with a NaN close or
 * volume are skipped (the total carries over).
 */
export class Obv extends BaseIndicator {
  /** [previous valid log close, running total]. */
  private readonly s = new Cells([Number.NaN, Number.NaN]);

  constructor(token: string) {
    super(token, ['obv']);
    this.track(this.s);
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
      const c = bars.logClose[i]!;
      const v = bars.volume[i]!;
      const s = this.s;
      if (!Number.isNaN(c) && !Number.isNaN(v)) {
        const prev = s.get(0);
        if (Number.isNaN(prev)) s.set(1, v);
        else {
          const r = c - prev;
          s.set(1, s.get(1) + (Math.abs(r) < OBV_EPSILON ? 0 : r > 0 ? v : -v));
        }
        s.set(0, c);
      }
      this.out[0] = s.get(1);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** MFI's two candidates for a leg: [0 (NaN when a TP is unknown), this bar's money flow]. */
const MFI_PICK = new Float64Array(2);

/**
 * Money flow index 0..100 as TTR: TP = (H+L+C)/3 correctly rounded (so the
 * TP[i] vs TP[i−1] tie test matches R), positive/negative flow TP·V summed
 * over n bars; 100 when there is no negative flow, 50 when there is none at all.
 */
export class Mfi extends BaseIndicator {
  private readonly prev = new PreviousValue();
  private readonly pos: RollingSum;
  private readonly neg: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['mfi']);
    this.pos = new RollingSum(n);
    this.neg = new RollingSum(n);
    this.track(this.prev, this.pos, this.neg);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { high, low, close, volume } = c;
    const out = this.out;
    for (let i = from; i < to; i++, at += stride) {
      const tp = typicalPrice(high[i]!, low[i]!, close[i]!);
      const last = this.prev.push(tp);
      const mf = tp * volume[i]!;
      // NaN when either TP is unknown (no comparison holds), as TTR's NA. Which leg gets the flow
      // is picked by index, not by a branch: up and down bars made it mispredict (see branchFree.ts).
      const pick = MFI_PICK;
      pick[0] = tp - tp + (last - last);
      pick[1] = mf;
      const p = this.pos.push(pick[+(tp > last)]!);
      const n = this.neg.push(pick[+(tp < last)]!);
      out[0] = n === 0 ? (p === 0 ? 50 : 100) : 100 - 100 / (1 + p / n);
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

/** Close location value ((C − L) − (H − C))/(H − L) in [−1, 1]; 0 when H = L (TTR CLV). */
function clv(h: number, l: number, c: number): number {
  const den = h - l;
  return den === 0 ? 0 : (c - l - (h - c)) / den;
}

/** Close location value of the bar. */
export class Clv extends BaseIndicator {
  constructor(token: string) {
    super(token, ['clv']);
    this.track();
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
      this.out[0] = clv(bars.high[i]!, bars.low[i]!, bars.close[i]!);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Chaikin accumulation/distribution: cumulative CLV·V from the first bar (TTR chaikinAD); NaN bars are skipped. */
export class ChaikinAd extends BaseIndicator {
  /** [running total]. */
  private readonly s = new Cells([0]);

  constructor(token: string) {
    super(token, ['ad']);
    this.track(this.s);
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
      const x = clv(bars.high[i]!, bars.low[i]!, bars.close[i]!) * bars.volume[i]!;
      if (!Number.isNaN(x)) this.s.set(0, this.s.get(0) + x);
      this.out[0] = this.s.get(0);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Chaikin money flow: Σ CLV·V / Σ V over n bars (TTR CMF). */
export class Cmf extends BaseIndicator {
  private readonly flow: RollingSum;
  private readonly vol: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['cmf']);
    this.flow = new RollingSum(n);
    this.vol = new RollingSum(n);
    this.track(this.flow, this.vol);
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
      this.out[0] = this.flow.push(clv(bars.high[i]!, bars.low[i]!, bars.close[i]!) * v) / this.vol.push(v);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/**
 * Volume z-score (V − mean)/SD over the last n bars including this one, SD
 * the sample SD (n−1); 0 when every volume in the window is equal.
 */
export class Volz extends BaseIndicator {
  private readonly m: RollingMoments;

  constructor(token: string, n: number) {
    super(token, ['volz']);
    this.m = new RollingMoments(n);
    this.track(this.m);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const rows = to - from;
    if (rows <= 0) return;
    const volume = c.volume;
    const mean = scratchColumn(1, rows);
    const variance = scratchColumn(2, rows);
    this.m.pushRows(volume, from, to, mean, variance, true);
    for (let r = 0; r < rows; r++, at += stride) {
      const sd = Math.sqrt(variance[r]!);
      dst[at] = sd === 0 ? 0 : (volume[from + r]! - mean[r]!) / sd;
      if (!this.warm) this.adoptRow(dst, at);
    }
    this.adoptRow(dst, at - stride);
  }
}

export const volumeSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'obv',
    description: 'On-balance volume (TTR OBV: starts at the first volume, no step when |ln change| < √ε)',
    params: [],
    outputs: ['obv'],
    make: (_p, t) => new Obv(t),
  }),
  defineSpec({
    name: 'mfi',
    description: 'Money flow index 0..100 of the typical price (TTR MFI)',
    params: [N(14)],
    outputs: ['mfi'],
    make: (p, t) => new Mfi(t, p[0]!),
  }),
  defineSpec({
    name: 'clv',
    description: 'Close location value in [−1, 1], 0 when H = L (TTR CLV)',
    params: [],
    outputs: ['clv'],
    make: (_p, t) => new Clv(t),
  }),
  defineSpec({
    name: 'ad',
    description: 'Chaikin accumulation/distribution line, cumulative CLV·V (TTR chaikinAD)',
    params: [],
    outputs: ['ad'],
    make: (_p, t) => new ChaikinAd(t),
  }),
  defineSpec({
    name: 'cmf',
    description: 'Chaikin money flow Σ CLV·V / Σ V over n bars (TTR CMF)',
    params: [N(20)],
    outputs: ['cmf'],
    make: (p, t) => new Cmf(t, p[0]!),
  }),
  defineSpec({
    name: 'volz',
    description: 'Volume z-score over the last n bars (sample SD; 0 when all volumes are equal)',
    params: [N(20, 2)],
    outputs: ['volz'],
    make: (p, t) => new Volz(t, p[0]!),
  }),
];
