/**
 * A window of the last n values that knows, in O(1) amortised per push, how many pushes
 * ago its largest held value came (the most recent one on ties): Aroon's "bars
 * since the highest high" without scanning the window. A monotonic queue keeps
 * the candidates (values strictly decreasing from oldest to newest); a push
 * drops the candidates it ties or beats, and the front leaves with the window.
 * NaNs never become candidates; the latest one's push number says whether the
 * window holds one, which makes the answer NaN. The queue is derived from the ring, so snapshots are
 * the plain ring's slots and the queue is rebuilt after a restore.
 */
import { RingBuffer } from './ringBuffer.js';
import { SlotBlock } from './slotBlock.js';

/** Slots: exactly those of its RingBuffer(capacity). */
export class MaxAgeRing extends SlotBlock {
  readonly capacity: number;
  private readonly ring: RingBuffer;
  /** Candidates as a circular queue: push number and value, `size` of them from `front`. */
  private readonly qAt: Float64Array;
  private readonly qValue: Float64Array;
  private front = 0;
  private size = 0;
  /** Pushes so far (numbers the candidates; only differences matter). */
  private pushes = 0;
  /** Push number of the latest NaN (−1: none). */
  private lastNaN = -1;

  /** A window of the last `capacity` ≥ 1 values, initially empty. */
  constructor(capacity: number) {
    const ring = new RingBuffer(capacity);
    super(ring.stateSize);
    this.capacity = capacity | 0;
    this.ring = ring;
    ring.bind(this.s, 0);
    this.qAt = new Float64Array(capacity);
    this.qValue = new Float64Array(capacity);
  }

  /**
   * Adds x. The ring push comes first and alone returns a double: the queue
   * work is a less frequent call, so V8's inliner takes the ring push first
   * (a double returned from a call left un-inlined would be boxed).
   */
  push(x: number): void {
    this.ring.push(x);
    const p = this.pushes++;
    // At most one value leaves per push: the oldest, which is the front if it is a candidate.
    if (this.size > 0 && this.qAt[this.front]! <= p - this.capacity) {
      this.front = this.front + 1 === this.capacity ? 0 : this.front + 1;
      this.size--;
    }
    if (Number.isNaN(x)) this.lastNaN = p;
    else this.enter(x, p);
  }

  /** Pushes since the largest held value (most recent on ties); NaN with fewer than `min` values or a NaN held. */
  ageOfMax(min: number): number {
    const len = this.ring.length;
    if (len < min || this.lastNaN >= this.pushes - len) return Number.NaN;
    return this.pushes - 1 - this.qAt[this.front]!;
  }

  /** The non-NaN x, push number p, joins the candidates after dropping those it ties or beats. */
  private enter(x: number, p: number): void {
    const cap = this.capacity;
    while (this.size > 0) {
      let back = this.front + this.size - 1;
      if (back >= cap) back -= cap;
      if (this.qValue[back]! > x) break;
      this.size--;
    }
    let at = this.front + this.size;
    if (at >= cap) at -= cap;
    this.qAt[at] = p;
    this.qValue[at] = x;
    this.size++;
  }

  private clearQueue(): void {
    this.front = 0;
    this.size = 0;
    this.pushes = 0;
    this.lastNaN = -1;
  }

  override bind(arena: Float64Array, at: number): void {
    super.bind(arena, at);
    this.ring.bind(arena, at);
  }

  protected override writeFields(): void {
    this.ring.save(this.s, this.o + 0);
  }

  /** Reloads the ring and rebuilds the queue from its values, oldest first (all of them are in the window). */
  protected override readFields(): void {
    this.ring.load(this.s, this.o + 0);
    this.clearQueue();
    for (let age = this.ring.length - 1; age >= 0; age--) {
      const x = this.ring.get(age);
      const p = this.pushes++;
      if (Number.isNaN(x)) this.lastNaN = p;
      else this.enter(x, p);
    }
  }

  reset(): void {
    this.ring.reset();
    this.clearQueue();
  }
}
