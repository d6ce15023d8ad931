/**
 * `hurst:n` — rolling Hurst exponent of ln(close) over the last n bars by the
 * variance of lagged differences (see src/stats/hurst.ts). Per-lag running
 * sums of the differences make an update O(L), L = ⌊log2(n/4)⌋ + 1 lags.
 * Every n bars the running sums are replaced by exact ones, so add/subtract
 * rounding cannot accumulate: "fresh" sums that only ever add the differences
 * of values that arrived since the last replacement. After n bars those are
 * exactly the window's pairs, added oldest first, which is the same double a
 * re-summation of the window would give; but no bar pays O(n·L) for it. A
 * re-summation every n bars hit every symbol of a universe on the same tick
 * (they start together), a spike in the tick's latency.
 */
import { hurstFromSums, hurstLags, hurstSlopeWeights } from '../../stats/hurst.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';

/**
 * Slots: [next write slot, bars seen, bars since the fresh sums started, current
 * value, ring of the last n log closes…, Σd per lag…, Σd² per lag…, fresh Σd
 * per lag…, fresh Σd² per lag…].
 */
const HEAD = 0;
const COUNT = 1;
const FRESH_BARS = 2;
const VALUE = 3;
const RING = 4;

/** Rolling Hurst exponent; NaN until n bars, and for a window whose differences at some lag are constant. */
export class Hurst extends PackedState implements Indicator {
  readonly outputs = ['hurst'] as const;
  private readonly lags: Int32Array;
  private readonly weights: Float64Array;
  /** 1/(differences per lag in a full window) = 1/(n − τ). */
  private readonly invCounts: Float64Array;
  /** Slots of Σd[0] and Σd²[0], then of their fresh twins. */
  private readonly sum1At: number;
  private readonly sum2At: number;
  private readonly fresh1At: number;
  private readonly fresh2At: number;

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
    this.fresh1At = this.sum2At + this.lags.length;
    this.fresh2At = this.fresh1At + this.lags.length;
    this.pack(this.fresh2At + this.lags.length, []);
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
    const fresh1 = this.fresh1At;
    const fresh2 = this.fresh2At;
    // Bars since the fresh sums started, this one included: a lag below it pairs two of those bars.
    const fresh = st[FRESH_BARS]! + 1;
    for (let i = 0; i < lags.length; i++) {
      const tau = lags[i]!;
      if (tau > before) break;
      const j = head - tau;
      const d = x - st[RING + (j >= 0 ? j : j + n)]!;
      st[sum1 + i]! += d;
      st[sum2 + i]! += d * d;
      if (tau < fresh) {
        st[fresh1 + i]! += d;
        st[fresh2 + i]! += d * d;
      }
    }
    st[RING + head] = x;
    st[HEAD] = head + 1 === n ? 0 : head + 1;
    st[COUNT] = count + 1;
    if (fresh === n) {
      // The window is now exactly the fresh bars: their sums take over and start again from 0.
      const L = lags.length;
      st.copyWithin(sum1, fresh1, fresh1 + 2 * L);
      st.fill(0, fresh1, fresh1 + 2 * L);
      st[FRESH_BARS] = 0;
    } else st[FRESH_BARS] = fresh;
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
}

/** Registry entry: `hurst:100` (window n ≥ 8 bars). */
export const hurstSpec: IndicatorSpec = {
  name: 'hurst',
  description: 'Rolling Hurst exponent of log close (variance of lagged differences, lags 1,2,4,…≤n/4)',
  params: [{ name: 'n', default: 100, min: 8, integer: true }],
  outputs: () => ['hurst'],
  create: (p) => new Hurst(p[0]!),
};
