/**
 * Rolling sums over the last n values in O(1) per push: a plain sum (SMA, VWAP,
 * MFI, CMF…) and a linearly weighted sum (WMA). Non-finite values count as
 * missing: the window value is NaN while one is inside (as TTR's runSum), and
 * the sums recover exactly once it leaves. The empty slots of a fresh window
 * count as missing too, so "not yet full" needs no separate test. Every n pushes the sums are
 * recomputed from the ring (amortised O(1)) so rounding never accumulates over
 * long streams; that re-summation is deterministic, so snapshots stay exact.
 */
import { RingBuffer } from './ringBuffer.js';
import type { Stateful } from './snapshotCodec.js';

/** Sum of the last n values. */
export class RollingSum implements Stateful {
  readonly n: number;
  readonly stateSize: number;
  private readonly ring: RingBuffer;
  private total = 0;
  /** Non-finite values (and never-filled slots) inside the window. */
  private bad: number;

  /** A window of n ≥ 1 values. */
  constructor(n: number) {
    this.n = n;
    this.bad = n;
    this.ring = new RingBuffer(n);
    this.stateSize = this.ring.stateSize + 2;
  }

  /** Adds x, drops the value n pushes ago; returns the window sum (NaN until full or while a NaN is inside). */
  push(x: number): number {
    const ring = this.ring;
    const old = ring.push(x);
    // Same operation order as TTR's runSum: (sum + new) - old.
    if (x - x === 0) this.total += x;
    else this.bad++;
    if (old - old === 0) this.total -= old;
    else this.bad--;
    if (ring.wrapped) this.resum();
    return this.bad === 0 ? this.total : Number.NaN;
  }

  /** The window's storage in slot order (not age order; NaN = never filled), for order-free O(n) scans such as CCI's mean deviation. */
  get slots(): Float64Array {
    return this.ring.slots;
  }

  /** Exact re-summation, oldest first as TTR's first window; called right after a wrap (slot order = age order). */
  private resum(): void {
    const xs = this.ring.slots;
    let s = 0;
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j]!;
      if (x - x === 0) s += x;
    }
    this.total = s;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.total;
    dst[at + 1] = this.bad;
    this.ring.save(dst, at + 2);
  }

  load(src: Float64Array, at: number): void {
    this.total = src[at]!;
    this.bad = src[at + 1]! | 0;
    this.ring.load(src, at + 2);
  }

  reset(): void {
    this.total = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}

/** Linearly weighted sum of the last n values: Σ w·x with weight n for the newest down to 1 for the oldest. */
export class RollingWeightedSum implements Stateful {
  readonly n: number;
  readonly stateSize: number;
  /** Σ of the weights, n(n+1)/2. */
  readonly weightTotal: number;
  private readonly ring: RingBuffer;
  private weighted = 0;
  private plain = 0;
  /** Non-finite values (and never-filled slots) inside the window. */
  private bad: number;

  /** A window of n ≥ 1 values. */
  constructor(n: number) {
    this.n = n;
    this.bad = n;
    this.weightTotal = (n * (n + 1)) / 2;
    this.ring = new RingBuffer(n);
    this.stateSize = this.ring.stateSize + 3;
  }

  /** Adds x; returns Σ w·x over the window (NaN until full or while a non-finite value is inside). */
  push(x: number): number {
    const ring = this.ring;
    const old = ring.push(x);
    let xv = x;
    if (x - x !== 0) {
      xv = 0;
      this.bad++;
    }
    // Every held value loses one weight step (−plain), the new one enters with weight n.
    this.weighted += this.n * xv - this.plain;
    this.plain += xv;
    if (old - old === 0) this.plain -= old;
    else this.bad--;
    if (ring.wrapped) this.resum();
    return this.bad === 0 ? this.weighted : Number.NaN;
  }

  /** Exact re-summation; called right after a wrap, when the window is full and slot order = age order. */
  private resum(): void {
    const xs = this.ring.slots;
    let w = 0;
    let s = 0;
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j]!;
      if (x - x === 0) {
        w += (j + 1) * x;
        s += x;
      }
    }
    this.weighted = w;
    this.plain = s;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.weighted;
    dst[at + 1] = this.plain;
    dst[at + 2] = this.bad;
    this.ring.save(dst, at + 3);
  }

  load(src: Float64Array, at: number): void {
    this.weighted = src[at]!;
    this.plain = src[at + 1]!;
    this.bad = src[at + 2]! | 0;
    this.ring.load(src, at + 3);
  }

  reset(): void {
    this.weighted = 0;
    this.plain = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}
