/**
 * Fixed-capacity ring of the last `capacity` values: the window store under
 * every rolling statistic, and a lag operator (push returns x[t - capacity]).
 * Hand-written because it must be allocation-free and snapshot into float64 slots.
 */
import type { Stateful } from './snapshotCodec.js';

export class RingBuffer implements Stateful {
  readonly capacity: number;
  readonly stateSize: number;
  private readonly buf: Float64Array;
  /** Slot the next push writes. */
  private head = 0;
  private count = 0;

  /** A ring of `capacity` ≥ 1 values, initially empty. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring capacity must be ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    this.stateSize = capacity + 2;
    this.buf = new Float64Array(capacity).fill(Number.NaN);
  }

  /** Appends x and returns the value it displaces (x from `capacity` pushes ago; NaN while not full). */
  push(x: number): number {
    const h = this.head;
    const old = this.buf[h]!;
    this.buf[h] = x;
    this.head = h + 1 === this.capacity ? 0 : h + 1;
    if (this.count < this.capacity) this.count++;
    return old;
  }

  /** Value pushed `age` pushes ago (0 = newest); NaN when not stored. */
  get(age: number): number {
    if (age < 0 || age >= this.count) return Number.NaN;
    const i = this.head - 1 - age;
    return this.buf[i < 0 ? i + this.capacity : i]!;
  }

  /** Number of values held (≤ capacity). */
  get length(): number {
    return this.count;
  }

  /** After a push: true when it wrapped the write position back to slot 0 (once every `capacity` pushes). */
  get wrapped(): boolean {
    return this.head === 0;
  }

  /** Slot of the newest value in `slots` (meaningful once something was pushed). */
  get newestSlot(): number {
    return this.head === 0 ? this.capacity - 1 : this.head - 1;
  }

  /**
   * The storage itself, read-only, for periodic O(n) re-summation: right after
   * a push that `wrapped`, slot order is oldest-first.
   */
  get slots(): Float64Array {
    return this.buf;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.head;
    dst[at + 1] = this.count;
    dst.set(this.buf, at + 2);
  }

  load(src: Float64Array, at: number): void {
    this.head = src[at]! | 0;
    this.count = src[at + 1]! | 0;
    this.buf.set(src.subarray(at + 2, at + 2 + this.capacity));
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.buf.fill(Number.NaN);
  }
}
