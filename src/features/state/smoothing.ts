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
import type { Stateful } from './snapshotCodec.js';

/** Exponential moving average with TTR's SMA seed. */
export class Ema implements Stateful {
  readonly n: number;
  /** Smoothing factor k (2/(n+1), or 1/n for Wilder). */
  readonly k: number;
  readonly stateSize = 3;
  /** 1 − k, the same double TTR computes on every step. */
  private readonly k1: number;
  private seed = 0;
  private seen = 0;
  private current = Number.NaN;

  /** EMA over n ≥ 1 bars; `wilder` uses k = 1/n. */
  constructor(n: number, wilder = false) {
    this.n = n;
    this.k = wilder ? 1 / n : 2 / (n + 1);
    this.k1 = 1 - this.k;
  }

  /** Feeds x (NaN is skipped); returns the EMA (NaN until n valid inputs were seen). */
  push(x: number): number {
    if (Number.isNaN(x)) return this.current;
    if (this.seen >= this.n) {
      this.current = x * this.k + this.current * this.k1;
    } else {
      this.seed += x / this.n;
      if (++this.seen === this.n) this.current = this.seed;
    }
    return this.current;
  }

  /** The current EMA; NaN during warm-up. */
  get value(): number {
    return this.current;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.seed;
    dst[at + 1] = this.seen;
    dst[at + 2] = this.current;
  }

  load(src: Float64Array, at: number): void {
    this.seed = src[at]!;
    this.seen = src[at + 1]!;
    this.current = src[at + 2]!;
  }

  reset(): void {
    this.seed = 0;
    this.seen = 0;
    this.current = Number.NaN;
  }
}

/** TTR's `wilderSum` (ADX's smoothing of DM and TR). */
export class WilderSum implements Stateful {
  readonly n: number;
  readonly stateSize = 3;
  private seed = 0;
  private seen = 0;
  private current = Number.NaN;

  /** Wilder running sum over n ≥ 1 bars. */
  constructor(n: number) {
    this.n = n;
  }

  /** Feeds x (NaN is skipped); returns the sum (NaN until n valid inputs were seen). */
  push(x: number): number {
    if (Number.isNaN(x)) return this.current;
    const n = this.n;
    if (this.seen >= n) {
      this.current = x + (this.current * (n - 1)) / n;
    } else if (this.seen === n - 1) {
      this.current = x + (this.seed * (n - 1)) / n;
      this.seen++;
    } else {
      this.seed += x;
      this.seen++;
    }
    return this.current;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.seed;
    dst[at + 1] = this.seen;
    dst[at + 2] = this.current;
  }

  load(src: Float64Array, at: number): void {
    this.seed = src[at]!;
    this.seen = src[at + 1]!;
    this.current = src[at + 2]!;
  }

  reset(): void {
    this.seed = 0;
    this.seen = 0;
    this.current = Number.NaN;
  }
}
