/**
 * Fixed-capacity ring of the last `capacity` values: the window store under
 * every rolling statistic, and a lag operator (push returns x[t - capacity]).
 * Hand-written because it must be allocation-free and snapshot into float64 slots.
 */
import { SlotBlock } from './slotBlock.js';

/** Slots: v[0] = head, v[1] = count (both fields, see SlotBlock), v[2 + j] = slot j. */
export class RingBuffer extends SlotBlock {
  readonly capacity: number;
  /** Slot the next push writes. */
  protected head = 0;
  /** Values held (≤ capacity). */
  protected count = 0;

  /** A ring of `capacity` ≥ 1 values, initially empty. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be ≥ 1, got ${capacity}`);
    super(capacity + 2);
    this.capacity = capacity | 0;
    this.reset();
  }

  /** Appends x and returns the value it displaces (x from `capacity` pushes ago; NaN while not full). */
  push(x: number): number {
    const v = this.v;
    const h = this.head;
    const old = v[2 + h]!;
    v[2 + h] = x;
    this.head = h + 1 === this.capacity ? 0 : h + 1;
    if (this.count < this.capacity) this.count++;
    return old;
  }

  /** Value pushed `age` pushes ago (0 = newest); NaN when not stored. */
  get(age: number): number {
    if (age < 0 || age >= this.count) return Number.NaN;
    const i = this.head - 1 - age;
    return this.v[2 + (i < 0 ? i + this.capacity : i)]!;
  }

  /** Number of values held (≤ capacity). */
  get length(): number {
    return this.count;
  }

  /** After a push: true when it wrapped the write position back to slot 0 (once every `capacity` pushes). */
  get wrapped(): boolean {
    return this.head === 0;
  }

  /** Slot of the newest value (meaningful once something was pushed). */
  get newestSlot(): number {
    return this.head === 0 ? this.capacity - 1 : this.head - 1;
  }

  /**
   * The array holding the slots, read-only, for O(n) scans and periodic
   * re-summation: slot j is slotData[slotStart + j]. Right after a push that
   * `wrapped`, slot order is oldest-first.
   */
  get slotData(): Float64Array {
    return this.v;
  }

  get slotStart(): number {
    return 2;
  }

  protected override writeFields(): void {
    this.v[0] = this.head;
    this.v[1] = this.count;
  }

  protected override readFields(): void {
    this.head = this.v[0]! | 0;
    this.count = this.v[1]! | 0;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.v.fill(Number.NaN, 2);
  }
}

/**
 * A RingBuffer(k) fed the same k series every bar in a fixed order (say the
 * bar's high, low and close): `swap(i, x)` is the push of the i-th of them and
 * returns its value from the previous bar, without the ring arithmetic. The
 * slots after each complete bar are those of the plain ring pushed k times.
 */
export class PreviousBar extends RingBuffer {
  /** Room for one bar's `k` values. */
  constructor(k: number) {
    super(k);
  }

  /** Stores value i of this bar; returns value i of the previous bar (NaN on the first). */
  swap(i: number, x: number): number {
    const v = this.v;
    const old = v[2 + i]!;
    v[2 + i] = x;
    this.count = this.capacity;
    return old;
  }
}

/** The previous value: PreviousBar(1), with `push` as its swap (same slots and results as a RingBuffer(1)). */
export class PreviousValue extends PreviousBar {
  constructor() {
    super(1);
  }

  override push(x: number): number {
    return this.swap(0, x);
  }
}
