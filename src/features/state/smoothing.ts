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
 *
 * Once seeded, an indicator's `run` may take over an Ema for the rest of a
 * block: read `value`, step a local with `emaStep`, write it back with `hold`.
 * Kept in a register, the EMA's dependency chain is one multiply and one add
 * per bar; through its slot it also waits on a store and a reload every bar,
 * which doubled the cost of EMA and RSI.
 */
import { SlotBlock } from './slotBlock.js';

/** One steady-state EMA step in TTR's operation order: x·k + e·(1−k). */
export function emaStep(e: number, x: number, k: number, k1: number): number {
  return x * k + e * k1;
}

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
  readonly k1: number;
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
    // emaStep written out: a call here that V8 compiled before any EMA was seeded stays a
    // real call, boxing its doubles on every bar (see BaseIndicator.steady).
    if (this.seen >= this.n) return (s[o + 2] = x * this.k + s[o + 2]! * this.k1);
    s[o]! += x / this.n;
    if (++this.seen === this.n) s[o + 2] = s[o]!;
    return s[o + 2]!;
  }

  /** The current EMA; NaN during warm-up. */
  get value(): number {
    return this.s[this.o + 2]!;
  }

  /** Stores e as the current EMA: the write-back of a `run` loop that stepped it in a local (seeded only). */
  hold(e: number): void {
    this.s[this.o + 2] = e;
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
