/**
 * Rolling mean and variance of the last n values in O(1) per push (Bollinger,
 * runSD, volatility, z-scores). Sums are kept about a shift c near the window
 * mean, Σ(x−c) and Σ(x−c)², so the variance does not suffer the cancellation
 * of the naive Σx² − (Σx)²/n when the spread is tiny next to the level (FX
 * closes: level 1.2, 20-bar SD 5e-4). Every n pushes c moves to the current
 * mean and the sums are recomputed from the ring (amortised O(1)). Non-finite
 * values count as missing: outputs are NaN while one is inside the window.
 */
import { RingBuffer } from './ringBuffer.js';
import { SlotBlock } from './slotBlock.js';

/** Window mean from the centre c and Σ(x−c) over n values (invN = 1/n). */
function meanOf(c: number, s1: number, invN: number): number {
  return c + s1 * invN;
}

/** Σ(x − mean)² from Σ(x−c) and Σ(x−c)² over n values (invN = 1/n); never negative. */
function squaredDeviations(s1: number, s2: number, invN: number): number {
  return Math.max(s2 - s1 * s1 * invN, 0);
}

/** The one-row block of `push` (module scratch: pushes never nest). */
const ONE = new Float64Array(1);
const ONE_MEAN = new Float64Array(1);
const ONE_VARIANCE = new Float64Array(1);

/**
 * Slots: s[o] = centre c of the sums (0 until the first wrap, which comes
 * before the first value can be read), s[o + 1] = Σ(x−c), s[o + 2] = Σ(x−c)², s[o + 3] =
 * non-finite values (and never-filled slots) inside (a field, see
 * SlotBlock), then the ring from s[o + 4].
 */
export class RollingMoments extends SlotBlock {
  readonly n: number;
  /** 1/n and 1/(n−1): multiplications keep the divider free for the callers' ratios. */
  private readonly invN: number;
  private readonly invN1: number;
  private readonly ring: RingBuffer;
  private bad: number;

  /** A window of n ≥ 1 values (n ≥ 2 for the sample variance). */
  constructor(n: number) {
    const ring = new RingBuffer(n);
    super(4 + ring.stateSize);
    this.n = n | 0;
    this.bad = this.n;
    this.invN = 1 / n;
    this.invN1 = 1 / (n - 1);
    this.ring = ring;
    ring.bind(this.s, 4);
    this.reset();
  }

  /** Adds x and drops the value n pushes ago (a one-row `pushRows`). */
  push(x: number): void {
    ONE[0] = x;
    this.pushRows(ONE, 0, 1, ONE_MEAN, ONE_VARIANCE, false);
  }

  /**
   * Pushes xs[from..to) in order and writes, after row i, the window mean to
   * mean[i − from] and the variance (sample: ÷(n−1), else ÷n) to
   * variance[i − from], NaN unless ready: the values `mean()` and
   * `variance(sample)` would give after each push. The sums, the ring head and
   * the missing count stay in locals for the block (see Ema on why).
   */
  pushRows(
    xs: Float64Array,
    from: number,
    to: number,
    mean: Float64Array,
    variance: Float64Array,
    sample: boolean,
  ): void {
    const ring = this.ring;
    const data = ring.slotData;
    const base = ring.slotStart;
    const n = this.n;
    const { invN } = this;
    const scale = sample ? this.invN1 : invN;
    const s = this.s;
    const o = this.o;
    let c = s[o]!;
    let s1 = s[o + 1]!;
    let s2 = s[o + 2]!;
    let bad = this.bad;
    let h = ring.nextSlot;
    for (let i = from; i < to; i++) {
      const x = xs[i]!;
      const old = data[base + h]!;
      data[base + h] = x;
      if (x - x === 0) {
        const d = x - c;
        s1 += d;
        s2 += d * d;
      } else bad++;
      if (old - old === 0) {
        const d = old - c;
        s1 -= d;
        s2 -= d * d;
      } else bad--;
      if (++h === n) {
        h = 0;
        s[o + 1] = s1;
        s[o + 2] = s2;
        this.bad = bad;
        this.resum();
        c = s[o]!;
        s1 = s[o + 1]!;
        s2 = s[o + 2]!;
      }
      if (bad === 0) {
        mean[i - from] = meanOf(c, s1, invN);
        variance[i - from] = squaredDeviations(s1, s2, invN) * scale;
      } else {
        mean[i - from] = Number.NaN;
        variance[i - from] = Number.NaN;
      }
    }
    s[o] = c;
    s[o + 1] = s1;
    s[o + 2] = s2;
    this.bad = bad;
    ring.advance(to - from);
  }

  /** True once n values were pushed and none inside is non-finite. */
  get ready(): boolean {
    return this.bad === 0;
  }

  /** Window mean; NaN unless ready. */
  mean(): number {
    return this.ready ? meanOf(this.s[this.o]!, this.s[this.o + 1]!, this.invN) : Number.NaN;
  }

  /** Window variance, population (÷n) or sample (÷(n−1)); NaN unless ready; never negative. */
  variance(sample: boolean): number {
    if (!this.ready) return Number.NaN;
    return (
      squaredDeviations(this.s[this.o + 1]!, this.s[this.o + 2]!, this.invN) *
      (sample ? this.invN1 : this.invN)
    );
  }

  /** Window standard deviation, population or sample; NaN unless ready. */
  sd(sample: boolean): number {
    return Math.sqrt(this.variance(sample));
  }

  /**
   * Re-centres on the window mean and re-sums in one pass over the ring; called
   * right after a wrap (window full). The mean comes from the running sums, not
   * from a pass of its own: a centre only has to be near the mean, while the
   * sums around it are rebuilt exactly, which is what removes the drift.
   */
  private resum(): void {
    const k = this.n - this.bad;
    if (k === 0) return;
    const s = this.s;
    const o = this.o;
    const c = s[o]! + s[o + 1]! / k;
    const xs = this.ring.slotData;
    const first = this.ring.slotStart;
    const end = first + this.n;
    let s1 = 0;
    let s2 = 0;
    for (let j = first; j < end; j++) {
      const d = xs[j]! - c;
      if (d - d === 0) {
        s1 += d;
        s2 += d * d;
      }
    }
    s[o] = c;
    s[o + 1] = s1;
    s[o + 2] = s2;
  }

  override bind(arena: Float64Array, at: number): void {
    super.bind(arena, at);
    this.ring.bind(arena, at + 4);
  }

  protected override writeFields(): void {
    this.s[this.o + 3] = this.bad;
    this.ring.save(this.s, this.o + 4);
  }

  protected override readFields(): void {
    this.bad = this.s[this.o + 3]! | 0;
    this.ring.load(this.s, this.o + 4);
  }

  reset(): void {
    const s = this.s;
    const o = this.o;
    s[o] = 0;
    s[o + 1] = 0;
    s[o + 2] = 0;
    this.bad = this.n;
    this.ring.reset();
  }
}
