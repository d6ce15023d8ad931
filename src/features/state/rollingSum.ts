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
import { SlotBlock } from './slotBlock.js';

/**
 * Sum of the last n values. Slots: s[o] = window sum, s[o + 1] = non-finite
 * values (and never-filled slots) inside (a field, see SlotBlock), then the
 * ring from s[o + 2].
 */
export class RollingSum extends SlotBlock {
  readonly n: number;
  private readonly ring: RingBuffer;
  private bad: number;

  /** A window of n ≥ 1 values. */
  constructor(n: number) {
    const ring = new RingBuffer(n);
    super(2 + ring.stateSize);
    this.n = n | 0;
    this.bad = this.n;
    this.ring = ring;
    ring.bind(this.s, 2);
    this.reset();
  }

  /** Adds x, drops the value n pushes ago; returns the window sum (NaN until full or while a NaN is inside). */
  push(x: number): number {
    const ring = this.ring;
    const old = ring.push(x);
    const s = this.s;
    const o = this.o;
    let total = s[o]!;
    // Same operation order as TTR's runSum: (sum + new) - old.
    if (x - x === 0) total += x;
    else this.bad++;
    if (old - old === 0) total -= old;
    else this.bad--;
    s[o] = total;
    if (ring.wrapped) this.resum();
    return this.bad === 0 ? s[o]! : Number.NaN;
  }

  /**
   * The array holding the window (slot order, not age order; NaN = never
   * filled), for order-free O(n) scans such as CCI's mean deviation: slot j
   * (j < n) is slotData[slotStart + j].
   */
  get slotData(): Float64Array {
    return this.ring.slotData;
  }

  get slotStart(): number {
    return this.ring.slotStart;
  }

  /** Exact re-summation, oldest first as TTR's first window; called right after a wrap (slot order = age order). */
  private resum(): void {
    const xs = this.ring.slotData;
    let s = 0;
    for (let j = this.ring.slotStart, end = j + this.n; j < end; j++) {
      const x = xs[j]!;
      if (x - x === 0) s += x;
    }
    this.s[this.o] = s;
  }

  override bind(arena: Float64Array, at: number): void {
    super.bind(arena, at);
    this.ring.bind(arena, at + 2);
  }

  protected override writeFields(): void {
    this.s[this.o + 1] = this.bad;
    this.ring.save(this.s, this.o + 2);
  }

  protected override readFields(): void {
    this.bad = this.s[this.o + 1]! | 0;
    this.ring.load(this.s, this.o + 2);
  }

  reset(): void {
    this.s[this.o] = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}

/**
 * Linearly weighted sum of the last n values: Σ w·x with weight n for the
 * newest down to 1 for the oldest. Slots: s[o] = Σ w·x, s[o + 1] = Σ x, s[o + 2] =
 * non-finite values (and never-filled slots) inside (a field), then the ring
 * from s[o + 3].
 */
export class RollingWeightedSum extends SlotBlock {
  readonly n: number;
  /** Σ of the weights, n(n+1)/2. */
  readonly weightTotal: number;
  private readonly ring: RingBuffer;
  private bad: number;

  /** A window of n ≥ 1 values. */
  constructor(n: number) {
    const ring = new RingBuffer(n);
    super(3 + ring.stateSize);
    this.n = n | 0;
    this.bad = this.n;
    this.weightTotal = ((n * (n + 1)) / 2) | 0;
    this.ring = ring;
    ring.bind(this.s, 3);
    this.reset();
  }

  /** Adds x; returns Σ w·x over the window (NaN until full or while a non-finite value is inside). */
  push(x: number): number {
    const ring = this.ring;
    const old = ring.push(x);
    const s = this.s;
    const o = this.o;
    let xv = x;
    if (x - x !== 0) {
      xv = 0;
      this.bad++;
    }
    // Every held value loses one weight step (−plain), the new one enters with weight n.
    s[o]! += this.n * xv - s[o + 1]!;
    s[o + 1]! += xv;
    if (old - old === 0) s[o + 1]! -= old;
    else this.bad--;
    if (ring.wrapped) this.resum();
    return this.bad === 0 ? s[o]! : Number.NaN;
  }

  /** Exact re-summation; called right after a wrap, when the window is full and slot order = age order. */
  private resum(): void {
    const xs = this.ring.slotData;
    const first = this.ring.slotStart;
    const end = first + this.n;
    let w = 0;
    let s = 0;
    for (let j = first; j < end; j++) {
      const x = xs[j]!;
      if (x - x === 0) {
        w += (j - first + 1) * x;
        s += x;
      }
    }
    this.s[this.o] = w;
    this.s[this.o + 1] = s;
  }

  override bind(arena: Float64Array, at: number): void {
    super.bind(arena, at);
    this.ring.bind(arena, at + 3);
  }

  protected override writeFields(): void {
    this.s[this.o + 2] = this.bad;
    this.ring.save(this.s, this.o + 3);
  }

  protected override readFields(): void {
    this.bad = this.s[this.o + 2]! | 0;
    this.ring.load(this.s, this.o + 3);
  }

  reset(): void {
    this.s[this.o] = 0;
    this.s[this.o + 1] = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}
