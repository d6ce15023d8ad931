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
import { decodeState, encodeState, stateKind } from '../state/snapshotCodec.js';

/** Which index an IndexReturn follows. */
export type IndexSource = 'market' | 'sector';

const LAST = 0;
const HEAD = 1;
const COUNT = 2;

/** One-bar log return of the market or sector index, `lag` bars back; NaN until lag + 2 bars. */
export class IndexReturn implements Indicator {
  readonly outputs: readonly string[];
  private readonly sector: boolean;
  private readonly kind: number;
  /** [previous index level, next ring slot, bars seen]. */
  private readonly s = new Float64Array(3);
  /** The last lag + 1 one-bar returns; the slot at HEAD is the one `lag` bars back. */
  private readonly ring: Float64Array;

  constructor(
    readonly lag: number,
    source: IndexSource,
  ) {
    if (!Number.isInteger(lag) || lag < 0)
      throw new RangeError(`index return lag must be an integer ≥ 0, got ${lag}`);
    this.sector = source === 'sector';
    this.outputs = [this.sector ? 'secret' : 'mktret'];
    this.kind = stateKind(`${this.outputs[0]}:${lag}`);
    this.ring = new Float64Array(lag + 1);
    this.reset();
  }

  update(input: FeatureInput): void {
    const s = this.s;
    const level = this.sector ? input.sectorClose : input.marketClose;
    const head = s[HEAD]!;
    this.ring[head] = Math.log(level / s[LAST]!);
    s[LAST] = level;
    s[HEAD] = head + 1 === this.ring.length ? 0 : head + 1;
    s[COUNT]!++;
  }

  value(): number {
    return this.ring[this.s[HEAD]!]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.ring[this.s[HEAD]!]!;
  }

  get ready(): boolean {
    return this.s[COUNT]! >= this.lag + 2;
  }

  snapshot(): Uint8Array {
    return encodeState(this.kind, [this.s, this.ring]);
  }

  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, [this.s, this.ring], this.outputs[0]!);
  }

  reset(): void {
    this.s.fill(0);
    this.s[LAST] = Number.NaN;
    this.ring.fill(Number.NaN);
  }
}

const B_LAST_SYM = 0;
const B_LAST_MKT = 1;
const B_HEAD = 2;
const B_COUNT = 3;
const B_SX = 4;
const B_SY = 5;
const B_SXX = 6;
const B_SXY = 7;
const B_MISSING = 8;
const B_SINCE_RESYNC = 9;
const B_VALUE = 10;

/**
 * Rolling beta over the last n bars: cov(r, m)/var(m) with r, m the symbol's and
 * the market's one-bar log returns, from running sums (O(1) per bar; resynced
 * from the window every n bars so rounding cannot drift). NaN while any pair in
 * the window is missing (first bar, missing index level) or var(m) = 0.
 */
export class RollingBeta implements Indicator {
  readonly outputs = ['beta'] as const;
  private readonly kind: number;
  private readonly s = new Float64Array(11);
  /** Market returns (x) and symbol returns (y) of the window; NaN marks a missing pair. */
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 3) throw new RangeError(`beta window must be an integer ≥ 3, got ${n}`);
    this.kind = stateKind(`beta:${n}`);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.reset();
  }

  update(input: FeatureInput): void {
    const { s, xs, ys, n } = this;
    const y = Math.log(input.close / s[B_LAST_SYM]!);
    const x = Math.log(input.marketClose / s[B_LAST_MKT]!);
    s[B_LAST_SYM] = input.close;
    s[B_LAST_MKT] = input.marketClose;
    const head = s[B_HEAD]!;
    if (s[B_COUNT]! >= n) {
      const ox = xs[head]!;
      const oy = ys[head]!;
      if (Number.isNaN(ox) || Number.isNaN(oy)) s[B_MISSING]!--;
      else {
        s[B_SX]! -= ox;
        s[B_SY]! -= oy;
        s[B_SXX]! -= ox * ox;
        s[B_SXY]! -= ox * oy;
      }
    }
    xs[head] = x;
    ys[head] = y;
    if (Number.isNaN(x) || Number.isNaN(y)) s[B_MISSING]!++;
    else {
      s[B_SX]! += x;
      s[B_SY]! += y;
      s[B_SXX]! += x * x;
      s[B_SXY]! += x * y;
    }
    s[B_HEAD] = head + 1 === n ? 0 : head + 1;
    const count = ++s[B_COUNT]!;
    if (++s[B_SINCE_RESYNC]! >= n) this.resync();
    let beta = Number.NaN;
    if (count >= n && s[B_MISSING] === 0) {
      const sx = s[B_SX]!;
      const varX = s[B_SXX]! - (sx * sx) / n;
      if (varX > 0) beta = (s[B_SXY]! - (sx * s[B_SY]!) / n) / varX;
    }
    s[B_VALUE] = beta;
  }

  value(): number {
    return this.s[B_VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.s[B_VALUE]!;
  }

  get ready(): boolean {
    return this.s[B_COUNT]! > this.n;
  }

  snapshot(): Uint8Array {
    return encodeState(this.kind, [this.s, this.xs, this.ys]);
  }

  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, [this.s, this.xs, this.ys], 'beta');
  }

  reset(): void {
    this.s.fill(0);
    this.s[B_LAST_SYM] = Number.NaN;
    this.s[B_LAST_MKT] = Number.NaN;
    this.s[B_VALUE] = Number.NaN;
    this.xs.fill(Number.NaN);
    this.ys.fill(Number.NaN);
  }

  /** Exact sums over the pairs currently in the window. */
  private resync(): void {
    const { s, xs, ys } = this;
    const len = Math.min(s[B_COUNT]!, this.n);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let missing = 0;
    for (let i = 0; i < len; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) missing++;
      else {
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
    }
    s[B_SX] = sx;
    s[B_SY] = sy;
    s[B_SXX] = sxx;
    s[B_SXY] = sxy;
    s[B_MISSING] = missing;
    s[B_SINCE_RESYNC] = 0;
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
