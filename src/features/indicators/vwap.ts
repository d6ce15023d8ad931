/**
 * Volume-weighted average prices. Two different things share the name:
 * - `vwap` is TTR's VWAP(n): a rolling Σ(C·V)/ΣV of the close over the last n
 *   bars, never reset (a volume-weighted moving average).
 * - `vwap_session` is the trader's session VWAP: Σ(p·V)/ΣV since the session
 *   opened, p the typical price (H+L+C)/3 (src=0) or the bar's own vwap
 *   (src=1, falling back to the typical price when the bar has none). It
 *   restarts whenever `input.sessionOpen` changes; without a calendar
 *   (sessionOpen NaN) the session is the UTC day of the bar's open time.
 *   NaN until the session has traded volume.
 */
import { MICROS_PER_DAY } from '../../core/time.js';
import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { Cells } from '../state/cells.js';
import { RollingSum } from '../state/rollingSum.js';
import { typicalPrice } from '../state/typicalPrice.js';
import { BaseIndicator, defineSpec } from './base.js';

/** Rolling VWAP of the close over n bars (TTR VWAP/VWMA). */
export class Vwap extends BaseIndicator {
  private readonly pv: RollingSum;
  private readonly vol: RollingSum;

  constructor(token: string, n: number) {
    super(token, ['vwap']);
    this.pv = new RollingSum(n);
    this.vol = new RollingSum(n);
    this.track(this.pv, this.vol);
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
      this.out[0] = this.pv.push(bars.close[i]! * v) / this.vol.push(v);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

/** Session-anchored VWAP (see the module comment). */
export class SessionVwap extends BaseIndicator {
  /** [session key (epoch µs), Σ p·V, Σ V] of the current session. */
  private readonly s = new Cells([Number.NaN, 0, 0]);
  private readonly barVwap: boolean;

  constructor(token: string, barVwap: boolean) {
    super(token, ['vwap_session']);
    this.barVwap = barVwap;
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
      const s = this.s;
      const open = bars.sessionOpen[i]!;
      const key = Number.isNaN(open) ? Math.floor(bars.ts[i]! / MICROS_PER_DAY) * MICROS_PER_DAY : open;
      if (key !== s.get(0)) {
        s.set(0, key);
        s.set(1, 0);
        s.set(2, 0);
      }
      let p = this.barVwap ? bars.vwap[i]! : Number.NaN;
      if (Number.isNaN(p)) p = typicalPrice(bars.high[i]!, bars.low[i]!, bars.close[i]!);
      const v = bars.volume[i]!;
      const pv = p * v;
      if (pv - pv === 0) {
        s.set(1, s.get(1) + pv);
        s.set(2, s.get(2) + v);
      }
      this.out[0] = s.get(2) === 0 ? Number.NaN : s.get(1) / s.get(2);
      if (!this.warm) this.settle();
      this.write(dst, at);
    }
  }
}

export const vwapSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'vwap',
    description: 'Rolling volume-weighted average close over n bars (TTR VWAP; no session reset)',
    params: [{ name: 'n', default: 20, min: 1, integer: true }],
    outputs: ['vwap'],
    make: (p, t) => new Vwap(t, p[0]!),
  }),
  defineSpec({
    name: 'vwap_session',
    description:
      'Session-anchored VWAP; src 0 = typical price, 1 = bar vwap (typical when missing); resets on sessionOpen',
    params: [{ name: 'src', default: 0, min: 0, max: 1, integer: true }],
    outputs: ['vwap_session'],
    make: (p, t) => new SessionVwap(t, p[0] === 1),
  }),
];
