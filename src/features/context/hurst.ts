/**
 * `hurst:n` — rolling Hurst exponent of ln(close) over the last n bars by the
 * variance of lagged differences (see src/stats/hurst.ts). Per-lag running
 * sums of the differences make an update O(L), L = ⌊log2(n/4)⌋ + 1 lags; the
 * sums are recomputed from the window every n bars (amortised O(L)) so that
 * add/subtract rounding cannot accumulate.
 */
import { hurstFromSums, hurstLags, hurstSlopeWeights } from '../../stats/hurst.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import { decodeState, encodeState, stateKind } from '../state/snapshotCodec.js';

const HEAD = 0;
const COUNT = 1;
const SINCE_RESYNC = 2;
const VALUE = 3;

/** Rolling Hurst exponent; NaN until n bars, and for a window whose differences at some lag are constant. */
export class Hurst implements Indicator {
  readonly outputs = ['hurst'] as const;
  private readonly lags: Int32Array;
  private readonly kind: number;
  private readonly weights: Float64Array;
  /** Differences per lag in a full window: n − τ. */
  private readonly counts: Int32Array;
  /** [next write slot, bars seen, updates since the last resync, current value]. */
  private readonly s = new Float64Array(4);
  private readonly ring: Float64Array;
  private readonly sum1: Float64Array;
  private readonly sum2: Float64Array;

  constructor(readonly n: number) {
    this.lags = hurstLags(n);
    this.kind = stateKind(`hurst:${n}`);
    this.weights = hurstSlopeWeights(this.lags);
    this.counts = this.lags.map((tau) => n - tau);
    this.ring = new Float64Array(n);
    this.sum1 = new Float64Array(this.lags.length);
    this.sum2 = new Float64Array(this.lags.length);
    this.reset();
  }

  update(input: FeatureInput): void {
    const { s, ring, lags, sum1, sum2, n } = this;
    const x = Math.log(input.close);
    const head = s[HEAD]!;
    const count = s[COUNT]!;
    if (count >= n) {
      // The slot about to be overwritten holds the oldest value: drop its differences.
      const old = ring[head]!;
      for (let i = 0; i < lags.length; i++) {
        const j = head + lags[i]!;
        const d = ring[j < n ? j : j - n]! - old;
        sum1[i]! -= d;
        sum2[i]! -= d * d;
      }
    }
    const before = count >= n ? n - 1 : count;
    for (let i = 0; i < lags.length; i++) {
      const tau = lags[i]!;
      if (tau > before) break;
      const j = head - tau;
      const d = x - ring[j >= 0 ? j : j + n]!;
      sum1[i]! += d;
      sum2[i]! += d * d;
    }
    ring[head] = x;
    s[HEAD] = head + 1 === n ? 0 : head + 1;
    s[COUNT] = count + 1;
    if (++s[SINCE_RESYNC]! >= n) this.resync();
    s[VALUE] = count + 1 >= n ? hurstFromSums(this.weights, sum1, sum2, this.counts) : Number.NaN;
  }

  value(): number {
    return this.s[VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.s[VALUE]!;
  }

  get ready(): boolean {
    return this.s[COUNT]! >= this.n;
  }

  snapshot(): Uint8Array {
    return encodeState(this.kind, [this.s, this.ring, this.sum1, this.sum2]);
  }

  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, [this.s, this.ring, this.sum1, this.sum2], 'hurst');
  }

  reset(): void {
    this.s.fill(0);
    this.s[VALUE] = Number.NaN;
    this.ring.fill(0);
    this.sum1.fill(0);
    this.sum2.fill(0);
  }

  /** Exact per-lag sums over the values in the ring (oldest first). */
  private resync(): void {
    const { s, ring, lags, sum1, sum2, n } = this;
    s[SINCE_RESYNC] = 0;
    const len = Math.min(s[COUNT]!, n);
    let start = s[HEAD]! - len;
    if (start < 0) start += n;
    for (let i = 0; i < lags.length; i++) {
      const tau = lags[i]!;
      let a = 0;
      let b = 0;
      for (let j = tau; j < len; j++) {
        const p = start + j;
        const q = p - tau;
        const d = ring[p < n ? p : p - n]! - ring[q < n ? q : q - n]!;
        a += d;
        b += d * d;
      }
      sum1[i] = a;
      sum2[i] = b;
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
