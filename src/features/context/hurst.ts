/**
 * `hurst:n` — rolling Hurst exponent of ln(close) over the last n bars by the
 * variance of lagged differences (see src/stats/hurst.ts). Per-lag running
 * sums of the differences make an update O(L), L = ⌊log2(n/4)⌋ + 1 lags; the
 * sums are recomputed from the window every n bars (amortised O(L)) so that
 * add/subtract rounding cannot accumulate.
 */
import { hurstFromSums, hurstLags, hurstSlopeWeights } from '../../stats/hurst.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';

/**
 * Slots: [next write slot, bars seen, updates since the last resync, current
 * value, ring of the last n log closes…, Σd per lag…, Σd² per lag…].
 */
const HEAD = 0;
const COUNT = 1;
const SINCE_RESYNC = 2;
const VALUE = 3;
const RING = 4;

/** Rolling Hurst exponent; NaN until n bars, and for a window whose differences at some lag are constant. */
export class Hurst extends PackedState implements Indicator {
  readonly outputs = ['hurst'] as const;
  private readonly lags: Int32Array;
  private readonly weights: Float64Array;
  /** 1/(differences per lag in a full window) = 1/(n − τ). */
  private readonly invCounts: Float64Array;
  /** Slots of Σd[0] and Σd²[0]. */
  private readonly sum1At: number;
  private readonly sum2At: number;

  /** Window, bars (stored `| 0`, see SlotBlock). */
  readonly n: number;

  constructor(n: number) {
    super(`hurst:${n}`);
    this.n = n | 0;
    this.lags = hurstLags(n);
    this.weights = hurstSlopeWeights(this.lags);
    this.invCounts = Float64Array.from(this.lags, (tau) => 1 / (n - tau));
    this.sum1At = RING + this.n;
    this.sum2At = this.sum1At + this.lags.length;
    this.pack(this.sum2At + this.lags.length, []);
    this.outputSlot = VALUE;
    this.reset();
  }

  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const logClose = c.logClose;
    const st = this.state;
    for (let i = from; i < to; i++, at += stride) {
      this.step(logClose, i);
      dst[at] = st[VALUE]!;
    }
  }

  /** Row i's log close in: the column and the row, not a double, which an un-inlined call would box on every bar. */
  private step(logClose: Float64Array, i: number): void {
    const x = logClose[i]!;
    const { state: st, lags, n } = this;
    const sum1 = this.sum1At;
    const sum2 = this.sum2At;
    const head = st[HEAD]!;
    const count = st[COUNT]!;
    if (count >= n) {
      // The slot about to be overwritten holds the oldest value: drop its differences.
      const old = st[RING + head]!;
      for (let i = 0; i < lags.length; i++) {
        const j = head + lags[i]!;
        const d = st[RING + (j < n ? j : j - n)]! - old;
        st[sum1 + i]! -= d;
        st[sum2 + i]! -= d * d;
      }
    }
    const before = count >= n ? n - 1 : count;
    for (let i = 0; i < lags.length; i++) {
      const tau = lags[i]!;
      if (tau > before) break;
      const j = head - tau;
      const d = x - st[RING + (j >= 0 ? j : j + n)]!;
      st[sum1 + i]! += d;
      st[sum2 + i]! += d * d;
    }
    st[RING + head] = x;
    st[HEAD] = head + 1 === n ? 0 : head + 1;
    st[COUNT] = count + 1;
    if (++st[SINCE_RESYNC]! >= n) this.resync();
    st[VALUE] = count + 1 >= n ? hurstFromSums(this.weights, st, sum1, this.invCounts) : Number.NaN;
  }

  value(): number {
    return this.state[VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.state[VALUE]!;
  }

  get ready(): boolean {
    return this.state[COUNT]! >= this.n;
  }

  reset(): void {
    this.state.fill(0);
    this.state[VALUE] = Number.NaN;
  }

  /** Exact per-lag sums over the values in the ring (oldest first). */
  private resync(): void {
    const { state: st, lags, n } = this;
    st[SINCE_RESYNC] = 0;
    const len = Math.min(st[COUNT]!, n);
    let start = st[HEAD]! - len;
    if (start < 0) start += n;
    for (let i = 0; i < lags.length; i++) {
      const tau = lags[i]!;
      let a = 0;
      let c = 0;
      for (let j = tau; j < len; j++) {
        const p = start + j;
        const q = p - tau;
        const d = st[RING + (p < n ? p : p - n)]! - st[RING + (q < n ? q : q - n)]!;
        a += d;
        c += d * d;
      }
      st[this.sum1At + i] = a;
      st[this.sum2At + i] = c;
    }
  }
}

/** Registry entry: `hurst:100` (window n ≥ 8 bars). */
export const hurstSpec: IndicatorSpec = {
  name: 'hurst',
  description: 'Rolling Hurst exponent of log close (variance of lagged differences, lags 1,2,4,…≤n/4)',
  params: [{ name: 'n', default: 100, min: 8, integer: true }],
  outputs: () => ['hurst'],
  create: (p) => new Hurst(p[0]!),
};
