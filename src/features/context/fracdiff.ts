/**
 * `fracdiff:d:tol` — fixed-width window fractional differencing of ln(close):
 * Σ_k w_k·ln C[t−k] with the (1 − B)^d weights cut below `tol` (López de
 * Prado). It keeps memory that plain returns (d = 1) throw away while being far
 * closer to stationary than the price (d = 0). O(K) per bar, K = number of
 * weights (282 for d = 0.4, tol = 1e-4; 55 for tol = 1e-3).
 */
import { fracDiffDot, fracDiffWeights } from '../../stats/fracdiff.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';

/**
 * Slots: [next write slot, bars seen, current value, window (2K)…]. The window
 * is stored twice (slot i and i + K) so the last K values are always
 * contiguous at [pos, pos + K); a snapshot holds the first copy only.
 */
const POS = 0;
const COUNT = 1;
const VALUE = 2;
const BUF = 3;

/** Fractionally differenced log close; NaN until K bars have been seen. */
export class FracDiff extends PackedState implements Indicator {
  readonly outputs = ['fracdiff'] as const;
  /** Number of weights = bars in the window. */
  readonly width: number;
  private readonly weights: Float64Array;

  constructor(d: number, tolerance: number) {
    super(`fracdiff:${d}:${tolerance}`);
    // Oldest first, the window's order (see fracDiffDot).
    this.weights = fracDiffWeights(d, tolerance).reverse();
    this.width = this.weights.length;
    this.pack(BUF + 2 * this.width, []);
    this.outputSlot = VALUE;
    this.snapshotSlots = BUF + this.width;
    this.reset();
  }

  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const st = this.state;
    const k = this.width;
    const logClose = c.logClose;
    for (let i = from; i < to; i++, at += stride) {
      const x = logClose[i]!;
      let pos = st[POS]!;
      st[BUF + pos] = x;
      st[BUF + pos + k] = x;
      pos = pos + 1 === k ? 0 : pos + 1;
      st[POS] = pos;
      const count = ++st[COUNT]!;
      const v = count >= k ? fracDiffDot(this.weights, st, BUF + pos) : Number.NaN;
      st[VALUE] = v;
      dst[at] = v;
    }
  }

  value(): number {
    return this.state[VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.state[VALUE]!;
  }

  get ready(): boolean {
    return this.state[COUNT]! >= this.width;
  }

  protected override restored(): void {
    this.state.copyWithin(BUF + this.width, BUF, BUF + this.width);
  }

  reset(): void {
    const st = this.state;
    st[POS] = 0;
    st[COUNT] = 0;
    st[VALUE] = Number.NaN;
    st.fill(Number.NaN, BUF, BUF + 2 * this.width);
  }
}

/** Registry entry: `fracdiff:0.4:0.0001` (d ≥ 0, tolerance > 0). */
export const fracdiffSpec: IndicatorSpec = {
  name: 'fracdiff',
  description: 'Fixed-width window fractional differencing of log close (order d, weights cut below tol)',
  params: [
    { name: 'd', default: 0.4, min: 0 },
    { name: 'tol', default: 1e-4, min: 1e-12 },
  ],
  outputs: () => ['fracdiff'],
  create: (p) => new FracDiff(p[0]!, p[1]!),
};
