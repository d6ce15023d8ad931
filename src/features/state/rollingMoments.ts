/**
 * Rolling mean and variance of the last n values in O(1) per push (Bollinger,
 * runSD, volatility, z-scores). Sums are kept about a shift c near the window
 * mean, Σ(x−c) and Σ(x−c)², so the variance does not suffer the cancellation
 * of the naive Σx² − (Σx)²/n when the spread is tiny next to the level (FX
 * closes: level 1.2, 20-bar SD 5e-4). Every n pushes c moves to the current
 * mean and the sums are recomputed from the ring (amortised O(1)). Non-finite
 * values count as missing: outputs are NaN while one is inside the window.
 */
import { RingBuffer } from './ringBuffer.js';
import type { Stateful } from './snapshotCodec.js';

export class RollingMoments implements Stateful {
  readonly n: number;
  readonly stateSize: number;
  /** 1/n and 1/(n−1): multiplications keep the divider free for the callers' ratios. */
  private readonly invN: number;
  private readonly invN1: number;
  private readonly ring: RingBuffer;
  /** Centre of the sums; 0 until the first wrap, which happens before the first value can be read. */
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  /** Non-finite values (and never-filled slots) inside the window. */
  private bad: number;

  /** A window of n ≥ 1 values (n ≥ 2 for the sample variance). */
  constructor(n: number) {
    this.n = n;
    this.bad = n;
    this.invN = 1 / n;
    this.invN1 = 1 / (n - 1);
    this.ring = new RingBuffer(n);
    this.stateSize = this.ring.stateSize + 4;
  }

  /** Adds x and drops the value n pushes ago. */
  push(x: number): void {
    const ring = this.ring;
    const old = ring.push(x);
    const shift = this.shift;
    if (x - x === 0) {
      const d = x - shift;
      this.s1 += d;
      this.s2 += d * d;
    } else this.bad++;
    if (old - old === 0) {
      const d = old - shift;
      this.s1 -= d;
      this.s2 -= d * d;
    } else this.bad--;
    if (ring.wrapped) this.resum();
  }

  /** True once n values were pushed and none inside is non-finite. */
  get ready(): boolean {
    return this.bad === 0;
  }

  /** Window mean; NaN unless ready. */
  mean(): number {
    return this.ready ? this.shift + this.s1 * this.invN : Number.NaN;
  }

  /** Window variance, population (÷n) or sample (÷(n−1)); NaN unless ready; never negative. */
  variance(sample: boolean): number {
    if (!this.ready) return Number.NaN;
    const m2 = this.s2 - this.s1 * this.s1 * this.invN;
    return Math.max(m2, 0) * (sample ? this.invN1 : this.invN);
  }

  /** Window standard deviation, population or sample; NaN unless ready. */
  sd(sample: boolean): number {
    return Math.sqrt(this.variance(sample));
  }

  /** Re-centres on the window mean and re-sums; called right after a wrap (window full). */
  private resum(): void {
    const xs = this.ring.slots;
    let sum = 0;
    let k = 0;
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j]!;
      if (x - x === 0) {
        sum += x;
        k++;
      }
    }
    if (k === 0) return;
    const c = sum / k;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < xs.length; j++) {
      const d = xs[j]! - c;
      if (d - d === 0) {
        s1 += d;
        s2 += d * d;
      }
    }
    this.shift = c;
    this.s1 = s1;
    this.s2 = s2;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.shift;
    dst[at + 1] = this.s1;
    dst[at + 2] = this.s2;
    dst[at + 3] = this.bad;
    this.ring.save(dst, at + 4);
  }

  load(src: Float64Array, at: number): void {
    this.shift = src[at]!;
    this.s1 = src[at + 1]!;
    this.s2 = src[at + 2]!;
    this.bad = src[at + 3]! | 0;
    this.ring.load(src, at + 4);
  }

  reset(): void {
    this.shift = 0;
    this.s1 = 0;
    this.s2 = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}
