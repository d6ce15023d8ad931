/**
 * Fixed-capacity ring of the last `capacity` values: the window store under
 * every rolling statistic, and a lag operator (push returns x[t - capacity]).
 * Hand-written because it must be allocation-free and snapshot into float64 slots.
 */
import { SlotBlock } from './slotBlock.js';

/** Slots: s[o] = head, s[o + 1] = count (both fields, see SlotBlock), s[o + 2 + j] = slot j. */
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
    const s = this.s;
    const h = this.head;
    const at = this.o + 2 + h;
    const old = s[at]!;
    s[at] = x;
    this.head = h + 1 === this.capacity ? 0 : h + 1;
    if (this.count < this.capacity) this.count++;
    return old;
  }

  /** Value pushed `age` pushes ago (0 = newest); NaN when not stored. */
  get(age: number): number {
    if (age < 0 || age >= this.count) return Number.NaN;
    const i = this.head - 1 - age;
    return this.s[this.o + 2 + (i < 0 ? i + this.capacity : i)]!;
  }

  /** Number of values held (≤ capacity). */
  get length(): number {
    return this.count;
  }

  /** After a push: true when it wrapped the write position back to slot 0 (once every `capacity` pushes). */
  get wrapped(): boolean {
    return this.head === 0;
  }

  /** Slot the next push writes: a caller that stores a block of values straight into `slotData` starts here. */
  get nextSlot(): number {
    return this.head;
  }

  /** Accounts for `pushes` values the caller stored straight into the slots from `nextSlot` on (wrapping). */
  advance(pushes: number): void {
    this.head = (this.head + pushes) % this.capacity;
    this.count = Math.min(this.capacity, this.count + pushes);
  }

  /** Slot of the newest value (meaningful once something was pushed). */
  get newestSlot(): number {
    return this.head === 0 ? this.capacity - 1 : this.head - 1;
  }

  /**
   * The array holding the slots, read-only, for O(n) scans and periodic
   * re-summation: slot j (j < capacity) is slotData[slotStart + j]. Right
   * after a push that `wrapped`, slot order is oldest-first.
   */
  get slotData(): Float64Array {
    return this.s;
  }

  get slotStart(): number {
    return this.o + 2;
  }

  protected override writeFields(): void {
    this.s[this.o] = this.head;
    this.s[this.o + 1] = this.count;
  }

  protected override readFields(): void {
    this.head = this.s[this.o]! | 0;
    this.count = this.s[this.o + 1]! | 0;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.s.fill(Number.NaN, this.o + 2, this.o + this.stateSize);
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
    const s = this.s;
    const o = this.o;
    const old = s[o + 2 + i]!;
    s[o + 2 + i] = x;
    // A load where a store would dirty the field on every bar.
    if (this.count !== this.capacity) this.count = this.capacity;
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
