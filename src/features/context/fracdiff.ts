/**
 * `fracdiff:d:tol` — fixed-width window fractional differencing of ln(close):
 * Σ_k w_k·ln C[t−k] with the (1 − B)^d weights cut below `tol` (López de
 * Prado). It keeps memory that plain returns (d = 1) throw away while being far
 * closer to stationary than the price (d = 0). O(K) per bar, K = number of
 * weights (282 for d = 0.4, tol = 1e-4; 55 for tol = 1e-3).
 */
import { fracDiffDot, fracDiffWeights } from '../../stats/fracdiff.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import { decodeState, encodeState, stateKind } from '../state/snapshotCodec.js';

const POS = 0;
const COUNT = 1;
const VALUE = 2;

/** Fractionally differenced log close; NaN until K bars have been seen. */
export class FracDiff implements Indicator {
  readonly outputs = ['fracdiff'] as const;
  /** Number of weights = bars in the window. */
  readonly width: number;
  private readonly weights: Float64Array;
  private readonly kind: number;
  /** [next write slot, bars seen, current value]. */
  private readonly s = new Float64Array(3);
  /** Window stored twice (slot i and i + K) so the last K values are always contiguous at [pos, pos + K). */
  private readonly buf: Float64Array;

  constructor(d: number, tolerance: number) {
    this.weights = fracDiffWeights(d, tolerance);
    this.width = this.weights.length;
    this.kind = stateKind(`fracdiff:${d}:${tolerance}`);
    this.buf = new Float64Array(2 * this.width);
    this.reset();
  }

  update(input: FeatureInput): void {
    const s = this.s;
    const k = this.width;
    const x = Math.log(input.close);
    let pos = s[POS]!;
    this.buf[pos] = x;
    this.buf[pos + k] = x;
    pos = pos + 1 === k ? 0 : pos + 1;
    s[POS] = pos;
    const count = ++s[COUNT]!;
    s[VALUE] = count >= k ? fracDiffDot(this.weights, this.buf, pos) : Number.NaN;
  }

  value(): number {
    return this.s[VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.s[VALUE]!;
  }

  get ready(): boolean {
    return this.s[COUNT]! >= this.width;
  }

  snapshot(): Uint8Array {
    return encodeState(this.kind, [this.s, this.buf.subarray(0, this.width)]);
  }

  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, [this.s, this.buf.subarray(0, this.width)], 'fracdiff');
    this.buf.copyWithin(this.width, 0, this.width);
  }

  reset(): void {
    this.s.fill(0);
    this.s[VALUE] = Number.NaN;
    this.buf.fill(Number.NaN);
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
