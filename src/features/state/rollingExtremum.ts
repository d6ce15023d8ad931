/**
 * Rolling maximum or minimum of the last n values in amortised O(1) per push
 * (monotonic deque), plus the age of the extreme (for Aroon). Ties go to the
 * most recent value, as TTR. Non-finite values count as missing: the output is
 * NaN while one is inside the window. A minimum is a maximum of −x, so one
 * class serves both.
 */
import type { Stateful } from './snapshotCodec.js';

export class RollingExtremum implements Stateful {
  readonly n: number;
  readonly stateSize: number;
  /** Pushes needed before the output is valid (n unless a shorter first window is asked for). */
  readonly warm: number;
  private readonly sign: number;
  /** Deque of (sign·value, push position), values strictly decreasing from the front. */
  private readonly vals: Float64Array;
  private readonly pos: Float64Array;
  private front = 0;
  private size = 0;
  /** Pushes so far. */
  private t = 0;
  /** Position of the latest non-finite push. */
  private lastBad = Number.NEGATIVE_INFINITY;

  /** Max (`max` true) or min over the last n ≥ 1 values, valid after `warm` (≤ n) pushes. */
  constructor(n: number, max: boolean, warm = n) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`window must be ≥ 1, got ${n}`);
    this.n = n;
    this.warm = warm;
    this.sign = max ? 1 : -1;
    this.vals = new Float64Array(n);
    this.pos = new Float64Array(n);
    this.stateSize = 2 * n + 4;
  }

  /** Adds x; returns the window's extreme (NaN before `warm` pushes or while a non-finite value is inside). */
  push(x: number): number {
    const n = this.n;
    const t = this.t++;
    if (this.size > 0 && this.pos[this.front]! <= t - n) {
      this.front = this.front + 1 === n ? 0 : this.front + 1;
      this.size--;
    }
    if (x - x === 0) {
      const v = this.sign * x;
      while (this.size > 0) {
        let b = this.front + this.size - 1;
        if (b >= n) b -= n;
        if (this.vals[b]! <= v) this.size--;
        else break;
      }
      let i = this.front + this.size;
      if (i >= n) i -= n;
      this.vals[i] = v;
      this.pos[i] = t;
      this.size++;
    } else this.lastBad = t;
    return this.value;
  }

  /** True after `warm` pushes while no non-finite value is inside the window. */
  get ready(): boolean {
    return this.t >= this.warm && this.lastBad <= this.t - 1 - this.n;
  }

  /** The window's extreme; NaN unless ready. */
  get value(): number {
    return this.ready ? this.sign * this.vals[this.front]! : Number.NaN;
  }

  /** Pushes since the extreme was pushed (0 = the newest value); NaN unless ready. */
  get age(): number {
    return this.ready ? this.t - 1 - this.pos[this.front]! : Number.NaN;
  }

  save(dst: Float64Array, at: number): void {
    dst[at] = this.front;
    dst[at + 1] = this.size;
    dst[at + 2] = this.t;
    dst[at + 3] = this.lastBad;
    dst.set(this.vals, at + 4);
    dst.set(this.pos, at + 4 + this.n);
  }

  load(src: Float64Array, at: number): void {
    this.front = src[at]! | 0;
    this.size = src[at + 1]! | 0;
    this.t = src[at + 2]!;
    this.lastBad = src[at + 3]!;
    this.vals.set(src.subarray(at + 4, at + 4 + this.n));
    this.pos.set(src.subarray(at + 4 + this.n, at + 4 + 2 * this.n));
  }

  reset(): void {
    this.front = 0;
    this.size = 0;
    this.t = 0;
    this.lastBad = Number.NEGATIVE_INFINITY;
    this.vals.fill(0);
    this.pos.fill(0);
  }
}
