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
 * Exponential moving average with TTR's SMA seed. Slots: s[o] = seed
 * accumulator, s[o + 1] = valid inputs seen, counting up to n (a field, see
 * SlotBlock), s[o + 2] = current EMA.
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
    const s = this.s;
    const o = this.o;
    if (Number.isNaN(x)) return s[o + 2]!;
    if (this.seen >= this.n) return (s[o + 2] = x * this.k + s[o + 2]! * this.k1);
    s[o]! += x / this.n;
    if (++this.seen === this.n) s[o + 2] = s[o]!;
    return s[o + 2]!;
  }

  /** The current EMA; NaN during warm-up. */
  get value(): number {
    return this.s[this.o + 2]!;
  }

  protected override writeFields(): void {
    this.s[this.o + 1] = this.seen;
  }

  protected override readFields(): void {
    this.seen = this.s[this.o + 1]! | 0;
  }

  reset(): void {
    this.s[this.o] = 0;
    this.seen = 0;
    this.s[this.o + 2] = Number.NaN;
  }
}

/**
 * TTR's `wilderSum` (ADX's smoothing of DM and TR). Slots: s[o] = seed sum,
 * s[o + 1] = valid inputs seen, counting up to n (a field), s[o + 2] = current sum.
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
    const s = this.s;
    const o = this.o;
    if (Number.isNaN(x)) return s[o + 2]!;
    const n = this.n;
    if (this.seen >= n) return (s[o + 2] = x + (s[o + 2]! * (n - 1)) / n);
    if (this.seen++ === n - 1) return (s[o + 2] = x + (s[o]! * (n - 1)) / n);
    s[o]! += x;
    return s[o + 2]!;
  }

  protected override writeFields(): void {
    this.s[this.o + 1] = this.seen;
  }

  protected override readFields(): void {
    this.seen = this.s[this.o + 1]! | 0;
  }

  reset(): void {
    this.s[this.o] = 0;
    this.seen = 0;
    this.s[this.o + 2] = Number.NaN;
  }
}
