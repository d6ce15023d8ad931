/**
 * Lead–lag features against an index the caller supplies on every bar
 * (`input.marketClose`, `input.sectorClose`, the index level at this bar's
 * time): `mktret:k` / `secret:k`, the index's one-bar log return k bars ago
 * (k = 0 is the bar that just closed, as known at the same instant as this
 * symbol's close), and `beta:n`, the rolling OLS beta of this symbol's one-bar
 * log return on the market's. Returns are between this symbol's consecutive
 * bars, so over a gap in the symbol they span the gap. A missing index level
 * (NaN) makes the returns on both sides of it NaN.
 */

import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';

/** Which index an IndexReturn follows. */
export type IndexSource = 'market' | 'sector';

/**
 * IndexReturn slots: [previous log index level, next ring slot, bars seen, ring of
 * the last lag + 1 returns…, current value]. The value (the ring slot at HEAD,
 * the return `lag` bars back) is kept in its own slot so that it sits at a
 * fixed place; it is derived, so snapshots leave it out.
 */
const LAST = 0;
const HEAD = 1;
const COUNT = 2;
const RING = 3;

/** One-bar log return of the market or sector index, `lag` bars back; NaN until lag + 2 bars. */
export class IndexReturn extends PackedState implements Indicator {
  readonly outputs: readonly string[];
  private readonly sector: boolean;
  /** Bars back (integer sizes are stored `| 0`, see SlotBlock). */
  readonly lag: number;
  /** Ring length, lag + 1. */
  private readonly len: number;
  /** Slot of the current value, right after the ring. */
  private readonly valueAt: number;

  constructor(lag: number, source: IndexSource) {
    if (!Number.isInteger(lag) || lag < 0)
      throw new RangeError(`index return lag must be an integer ≥ 0, got ${lag}`);
    const output = source === 'sector' ? 'secret' : 'mktret';
    super(`${output}:${lag}`);
    this.lag = lag | 0;
    this.sector = source === 'sector';
    this.outputs = [output];
    this.len = this.lag + 1;
    this.valueAt = RING + this.len;
    this.pack(this.valueAt + 1, []);
    this.snapshotSlots = this.valueAt;
    this.outputSlot = this.valueAt;
    this.reset();
  }

  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const st = this.state;
    const logLevels = this.sector ? c.logSectorClose : c.logMarketClose;
    const len = this.len;
    for (let i = from; i < to; i++, at += stride) {
      const logLevel = logLevels[i]!;
      const head = st[HEAD]!;
      st[RING + head] = logLevel - st[LAST]!;
      st[LAST] = logLevel;
      const next = head + 1 === len ? 0 : head + 1;
      st[HEAD] = next;
      st[COUNT]!++;
      const v = st[RING + next]!;
      st[this.valueAt] = v;
      dst[at] = v;
    }
  }

  value(): number {
    return this.state[this.valueAt]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.state[this.valueAt]!;
  }

  get ready(): boolean {
    return this.state[COUNT]! >= this.lag + 2;
  }

  protected override restored(): void {
    this.state[this.valueAt] = this.state[RING + this.state[HEAD]!]!;
  }

  reset(): void {
    const st = this.state;
    st[LAST] = Number.NaN;
    st[HEAD] = 0;
    st[COUNT] = 0;
    st.fill(Number.NaN, RING);
  }
}

/**
 * RollingBeta slots: scalars (the last log close and log market level first), then the window's market
 * returns (x), then its symbol returns (y); NaN marks a missing pair.
 */
const B_LAST_SYM = 0;
const B_LAST_MKT = 1;
const B_HEAD = 2;
const B_COUNT = 3;
const B_SX = 4;
const B_SY = 5;
const B_SXX = 6;
const B_SXY = 7;
const B_MISSING = 8;
const B_FRESH_BARS = 9;
const B_VALUE = 10;
/** Fresh twins of B_SX … B_MISSING: the same sums over the pairs since the last takeover only. */
const B_FRESH = 11;
const B_XS = 16;

/**
 * Rolling beta over the last n bars: cov(r, m)/var(m) with r, m the symbol's and
 * the market's one-bar log returns, from running sums (O(1) per bar). NaN while
 * any pair in the window is missing (first bar, missing index level) or var(m) = 0.
 * So that rounding cannot drift, every n bars the running sums are replaced by
 * "fresh" ones that only added the pairs of those n bars, oldest first: the
 * double a re-summation of the window would give, without the O(n) bar that
 * would hit every symbol of a universe on the same tick (see hurst.ts).
 */
export class RollingBeta extends PackedState implements Indicator {
  readonly outputs = ['beta'] as const;
  /** Slot of ys[0]. */
  private readonly ysAt: number;

  /** Window, bars (stored `| 0`, see SlotBlock). */
  readonly n: number;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 3) throw new RangeError(`beta window must be an integer ≥ 3, got ${n}`);
    super(`beta:${n}`);
    this.n = n | 0;
    this.ysAt = B_XS + this.n;
    this.pack(B_XS + 2 * this.n, []);
    this.outputSlot = B_VALUE;
    this.reset();
  }

  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const { logClose, logMarketClose } = c;
    const st = this.state;
    for (let i = from; i < to; i++, at += stride) {
      this.step(logClose, logMarketClose, i);
      dst[at] = st[B_VALUE]!;
    }
  }

  /**
   * Row i's log close and log market level in. The columns and the row go in, not the two doubles,
   * and nothing comes out: V8 leaves this call un-inlined, and a double passed to or returned from
   * such a call is boxed on every bar.
   */
  private step(logCloses: Float64Array, logMarkets: Float64Array, i: number): void {
    const logClose = logCloses[i]!;
    const logMarket = logMarkets[i]!;
    const st = this.state;
    const n = this.n;
    const y = logClose - st[B_LAST_SYM]!;
    const x = logMarket - st[B_LAST_MKT]!;
    st[B_LAST_SYM] = logClose;
    st[B_LAST_MKT] = logMarket;
    const head = st[B_HEAD]!;
    const xAt = B_XS + head;
    const yAt = this.ysAt + head;
    if (st[B_COUNT]! >= n) {
      const ox = st[xAt]!;
      const oy = st[yAt]!;
      if (Number.isNaN(ox) || Number.isNaN(oy)) st[B_MISSING]!--;
      else {
        st[B_SX]! -= ox;
        st[B_SY]! -= oy;
        st[B_SXX]! -= ox * ox;
        st[B_SXY]! -= ox * oy;
      }
    }
    st[xAt] = x;
    st[yAt] = y;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      st[B_MISSING]!++;
      st[B_FRESH + 4]!++;
    } else {
      const xx = x * x;
      const xy = x * y;
      st[B_SX]! += x;
      st[B_SY]! += y;
      st[B_SXX]! += xx;
      st[B_SXY]! += xy;
      st[B_FRESH]! += x;
      st[B_FRESH + 1]! += y;
      st[B_FRESH + 2]! += xx;
      st[B_FRESH + 3]! += xy;
    }
    st[B_HEAD] = head + 1 === n ? 0 : head + 1;
    const count = ++st[B_COUNT]!;
    if (++st[B_FRESH_BARS]! === n) {
      // The window now holds exactly the fresh pairs: their sums take over and start again.
      st.copyWithin(B_SX, B_FRESH, B_FRESH + 5);
      st.fill(0, B_FRESH, B_FRESH + 5);
      st[B_FRESH_BARS] = 0;
    }
    let beta = Number.NaN;
    if (count >= n && st[B_MISSING] === 0) {
      const sx = st[B_SX]!;
      const varX = st[B_SXX]! - (sx * sx) / n;
      if (varX > 0) beta = (st[B_SXY]! - (sx * st[B_SY]!) / n) / varX;
    }
    st[B_VALUE] = beta;
  }

  value(): number {
    return this.state[B_VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.state[B_VALUE]!;
  }

  get ready(): boolean {
    return this.state[B_COUNT]! > this.n;
  }

  reset(): void {
    const st = this.state;
    st.fill(0, 0, B_XS);
    st[B_LAST_SYM] = Number.NaN;
    st[B_LAST_MKT] = Number.NaN;
    st[B_VALUE] = Number.NaN;
    st.fill(Number.NaN, B_XS, B_XS + 2 * this.n);
  }
}

/** Registry entry: `mktret:k` (k ≥ 0 bars back; 0 = the bar just closed). */
export const mktretSpec: IndicatorSpec = {
  name: 'mktret',
  description: 'One-bar log return of the market index, k bars back (k = 0: the bar just closed)',
  params: [{ name: 'k', default: 0, min: 0, integer: true }],
  outputs: () => ['mktret'],
  create: (p) => new IndexReturn(p[0]!, 'market'),
};

/** Registry entry: `secret:k` (k ≥ 0 bars back), the symbol's sector index. */
export const secretSpec: IndicatorSpec = {
  name: 'secret',
  description: "One-bar log return of the symbol's sector index, k bars back (k = 0: the bar just closed)",
  params: [{ name: 'k', default: 0, min: 0, integer: true }],
  outputs: () => ['secret'],
  create: (p) => new IndexReturn(p[0]!, 'sector'),
};

/** Registry entry: `beta:n` (window n ≥ 3 bars). */
export const betaSpec: IndicatorSpec = {
  name: 'beta',
  description: "Rolling OLS beta of the symbol's one-bar log return on the market index's over n bars",
  params: [{ name: 'n', default: 60, min: 3, integer: true }],
  outputs: () => ['beta'],
  create: (p) => new RollingBeta(p[0]!),
};
