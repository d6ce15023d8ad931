/**
 * Rolling maximum or minimum of the last n values in O(1) per push with the
 * van Herk / Gil-Werman block scheme: the window ending at t is the suffix of
 * the previous n-block (precomputed once per block, amortised O(1)) plus the
 * prefix of the current block, so each push costs two Math.max and no
 * data-dependent branch (a monotonic deque mispredicts about once per push).
 * A NaN inside the window makes the output NaN, as TTR's runMax/runMin,
 * because Math.max propagates it. A minimum is a maximum of −x.
 */
import type { Stateful } from './snapshotCodec.js';

export class RollingExtremum implements Stateful {
  readonly n: number;
  readonly stateSize: number;
  private readonly sign: number;
  /** The current block's values (sign·x) so far. */
  private readonly block: Float64Array;
  /** suffix[j] = max of the previous block from slot j to its end. */
  private readonly suffix: Float64Array;
  /** Max of the current block so far. */
  private prefix = Number.NaN;
  /** Slot of the next push in the current block. */
  private j = 0;
  /** True once a first block has completed (the window is full). */
  private full = false;

  /** Max (`max` true) or min over the last n ≥ 1 values. */
  constructor(n: number, max: boolean) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`window must be ≥ 1, got ${n}`);
    this.n = n;
    this.sign = max ? 1 : -1;
    this.block = new Float64Array(n);
    this.suffix = new Float64Array(n).fill(Number.NaN);
    this.stateSize = 2 * n + 3;
  }

  /** Adds x; returns the extreme of the last n values (NaN before n pushes or while a NaN is inside). */
  push(x: number): number {
    const v = this.sign * x;
    const j = this.j;
    this.block[j] = v;
    const p = j === 0 ? v : Math.max(this.prefix, v);
    this.prefix = p;
    if (j === this.n - 1) {
      this.j = 0;
      this.full = true;
      this.closeBlock();
      return this.sign * p;
    }
    this.j = j + 1;
    return this.full ? this.sign * Math.max(this.suffix[j + 1]!, p) : Number.NaN;
  }

  /** The block just completed becomes the suffix table for the next n pushes. */
  private closeBlock(): void {
    const b = this.block;
    const s = this.suffix;
    let m = b[this.n - 1]!;
    s[this.n - 1] = m;
    for (let k = this.n - 2; k >= 0; k--) {
      m = Math.max(b[k]!, m);
      s[k] = m;
    }
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.prefix;
    dst[at + 1] = this.j;
    dst[at + 2] = this.full ? 1 : 0;
    dst.set(this.block, at + 3);
    dst.set(this.suffix, at + 3 + this.n);
  }

  load(src: Float64Array, at: number): void {
    this.prefix = src[at]!;
    this.j = src[at + 1]! | 0;
    this.full = src[at + 2] === 1;
    this.block.set(src.subarray(at + 3, at + 3 + this.n));
    this.suffix.set(src.subarray(at + 3 + this.n, at + 3 + 2 * this.n));
  }

  reset(): void {
    this.prefix = Number.NaN;
    this.j = 0;
    this.full = false;
    this.block.fill(0);
    this.suffix.fill(Number.NaN);
  }
}
