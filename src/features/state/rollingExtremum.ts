/**
 * Rolling maximum or minimum of the last n values in O(1) per push with the
 * van Herk / Gil-Werman block scheme: the window ending at t is the suffix of
 * the previous n-block (precomputed once per block, amortised O(1)) plus the
 * prefix of the current block, so each push costs two maxima and no
 * data-dependent branch (a monotonic deque mispredicts about once per push;
 * the maxima are branch-free too, see branchFree.ts). A NaN inside the window
 * makes the output NaN, as TTR's runMax/runMin. A minimum is a maximum of −x.
 */
import { maxOf } from './branchFree.js';
import { SlotBlock } from './slotBlock.js';

/**
 * Slots: s[o] = max of the current block so far, s[o + 1] = slot of the next push
 * in the current block, s[o + 2] = 1 once a first block has completed (the window
 * is full) (both fields, see SlotBlock), s[o + 3 + j] = the current block's value
 * (sign·x) at slot j, s[o + 3 + n + j] = suffix[j], the max of the previous block
 * from slot j to its end.
 */
export class RollingExtremum extends SlotBlock {
  readonly n: number;
  private readonly sign: number;
  private j = 0;
  private full = false;

  /** Max (`max` true) or min over the last n ≥ 1 values. */
  constructor(n: number, max: boolean) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`window must be ≥ 1, got ${n}`);
    super(3 + 2 * n);
    this.n = n | 0;
    this.sign = max ? 1 : -1;
    this.reset();
  }

  /** Adds x; returns the extreme of the last n values (NaN before n pushes or while a NaN is inside). */
  push(x: number): number {
    const s = this.s;
    const o = this.o;
    const y = this.sign * x;
    const j = this.j;
    s[o + 3 + j] = y;
    const p = j === 0 ? y : maxOf(s[o]!, y);
    s[o] = p;
    if (j === this.n - 1) {
      this.j = 0;
      this.full = true;
      this.closeBlock();
      return this.sign * p;
    }
    this.j = j + 1;
    return this.full ? this.sign * maxOf(s[o + 4 + this.n + j]!, p) : Number.NaN;
  }

  /** The block just completed becomes the suffix table for the next n pushes. */
  private closeBlock(): void {
    const s = this.s;
    const o = this.o;
    const n = this.n;
    let m = s[o + 2 + n]!;
    s[o + 2 + 2 * n] = m;
    for (let k = n - 2; k >= 0; k--) {
      m = maxOf(s[o + 3 + k]!, m);
      s[o + 3 + n + k] = m;
    }
  }

  protected override writeFields(): void {
    this.s[this.o + 1] = this.j;
    this.s[this.o + 2] = this.full ? 1 : 0;
  }

  protected override readFields(): void {
    this.j = this.s[this.o + 1]! | 0;
    this.full = this.s[this.o + 2] === 1;
  }

  reset(): void {
    const s = this.s;
    const o = this.o;
    s[o] = Number.NaN;
    this.j = 0;
    this.full = false;
    s.fill(0, o + 3, o + 3 + this.n);
    s.fill(Number.NaN, o + 3 + this.n, o + this.stateSize);
  }
}
