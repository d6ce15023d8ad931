/**
 * Recursive smoothers exactly as TTR 0.24.3 computes them (same seeds, same
 * operation order), so every EMA-based indicator matches its reference vectors:
 * - `Ema`: k = 2/(n+1) (or 1/n with `wilder`), seeded with the simple mean of
 *   the first n valid inputs (accumulated as Σ x/n, as TTR's C code), then
 *   out = x·k + out·(1−k).
 * - `WilderSum`: TTR's `wilderSum`, seeded S = x + Σ(previous n−1)·(n−1)/n,
 *   then S = x + S·(n−1)/n (not the textbook plain-sum seed; see refvec NOTES).
 * NaN inputs are skipped (state unchanged): leading NaNs delay the seed to the
 * first valid value as in TTR; a later NaN is treated as a missing bar.
 */
import { SlotBlock } from './slotBlock.js';

/**
 * Exponential moving average with TTR's SMA seed. Slots: v[0] = seed
 * accumulator, v[1] = valid inputs seen, counting up to n (a field, see
 * SlotBlock), v[2] = current EMA.
 */
export class Ema extends SlotBlock {
  readonly n: number;
  /** Smoothing factor k (2/(n+1), or 1/n for Wilder). */
  readonly k: number;
  /** 1 − k, the same double TTR computes on every step. */
  private readonly k1: number;
  private seen = 0;

  /** EMA over n ≥ 1 bars; `wilder` uses k = 1/n. */
  constructor(n: number, wilder = false) {
    super(3);
    this.n = n | 0;
    this.k = wilder ? 1 / n : 2 / (n + 1);
    this.k1 = 1 - this.k;
    this.reset();
  }

  /** Feeds x (NaN is skipped); returns the EMA (NaN until n valid inputs were seen). */
  push(x: number): number {
    const v = this.v;
    if (Number.isNaN(x)) return v[2]!;
    if (this.seen >= this.n) return (v[2] = x * this.k + v[2]! * this.k1);
    v[0]! += x / this.n;
    if (++this.seen === this.n) v[2] = v[0]!;
    return v[2]!;
  }

  /** The current EMA; NaN during warm-up. */
  get value(): number {
    return this.v[2]!;
  }

  protected override writeFields(): void {
    this.v[1] = this.seen;
  }

  protected override readFields(): void {
    this.seen = this.v[1]! | 0;
  }

  reset(): void {
    this.v[0] = 0;
    this.seen = 0;
    this.v[2] = Number.NaN;
  }
}

/**
 * TTR's `wilderSum` (ADX's smoothing of DM and TR). Slots: v[0] = seed sum,
 * v[1] = valid inputs seen, counting up to n (a field), v[2] = current sum.
 */
export class WilderSum extends SlotBlock {
  readonly n: number;
  private seen = 0;

  /** Wilder running sum over n ≥ 1 bars. */
  constructor(n: number) {
    super(3);
    this.n = n | 0;
    this.reset();
  }

  /** Feeds x (NaN is skipped); returns the sum (NaN until n valid inputs were seen). */
  push(x: number): number {
    const v = this.v;
    if (Number.isNaN(x)) return v[2]!;
    const n = this.n;
    if (this.seen >= n) return (v[2] = x + (v[2]! * (n - 1)) / n);
    if (this.seen++ === n - 1) return (v[2] = x + (v[0]! * (n - 1)) / n);
    v[0]! += x;
    return v[2]!;
  }

  protected override writeFields(): void {
    this.v[1] = this.seen;
  }

  protected override readFields(): void {
    this.seen = this.v[1]! | 0;
  }

  reset(): void {
    this.v[0] = 0;
    this.seen = 0;
    this.v[2] = Number.NaN;
  }
}
