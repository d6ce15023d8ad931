/**
 * Test helper: a seeded random OHLCV series with the awkward cases indicators
 * must survive (flat bars with H = L, repeated closes, zero volume, session
 * changes every 13 bars, optional bar vwap).
 */
import { Rng } from '../../core/random.js';
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../indicator.js';

export interface RandomBars {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly vwap: Float64Array;
  readonly sessionOpen: Float64Array;
  readonly length: number;
}

const HOUR_US = 3_600_000_000;

/** `n` bars from seed; bars from `from` on can be regenerated with another seed (look-ahead tests). */
export function randomBars(seed: number, n: number, base?: RandomBars, from = 0): RandomBars {
  const rng = new Rng(seed);
  const mk = (src: Float64Array | undefined): Float64Array => {
    const a = new Float64Array(n);
    if (src !== undefined) a.set(src.subarray(0, Math.min(from, n)));
    return a;
  };
  const b = {
    ts: mk(base?.ts),
    open: mk(base?.open),
    high: mk(base?.high),
    low: mk(base?.low),
    close: mk(base?.close),
    volume: mk(base?.volume),
    vwap: mk(base?.vwap),
    sessionOpen: mk(base?.sessionOpen),
    length: n,
  };
  const start = base === undefined ? 0 : from;
  let last = start > 0 ? b.close[start - 1]! : 100;
  for (let i = start; i < n; i++) {
    const kind = rng.int(20);
    const o = last;
    const c = kind === 0 ? o : o * Math.exp(0.01 * rng.normal());
    const flat = kind === 1;
    const h = flat ? Math.max(o, c) : Math.max(o, c) * (1 + 0.005 * rng.next());
    const l = flat ? Math.min(o, c) : Math.min(o, c) * (1 - 0.005 * rng.next());
    b.ts[i] = 1_600_000_000_000_000 + i * HOUR_US;
    b.open[i] = o;
    b.high[i] = flat ? c : h;
    b.low[i] = flat ? c : l;
    b.close[i] = c;
    b.volume[i] = kind === 2 ? 0 : Math.round(1000 + 9000 * rng.next());
    b.vwap[i] = kind === 3 ? Number.NaN : (h + l + c) / 3;
    b.sessionOpen[i] = 1_600_000_000_000_000 + Math.floor(i / 13) * 13 * HOUR_US;
    last = c;
  }
  return b;
}

/** Copies bar i into the reused input object (as the engine does). */
export function fillRandomInput(input: FeatureInput, b: RandomBars, i: number): void {
  input.ts = b.ts[i]!;
  input.open = b.open[i]!;
  input.high = b.high[i]!;
  input.low = b.low[i]!;
  input.close = b.close[i]!;
  input.volume = b.volume[i]!;
  input.vwap = b.vwap[i]!;
  input.sessionOpen = b.sessionOpen[i]!;
}

/** Runs `ind` over bars [from, to); returns outputs row-major (bar × outputs) and `ready` per bar. */
export function runRandom(
  ind: Indicator,
  b: RandomBars,
  from = 0,
  to = b.length,
): { values: Float64Array; ready: boolean[] } {
  const k = ind.outputs.length;
  const values = new Float64Array((to - from) * k);
  const ready: boolean[] = [];
  const input = emptyFeatureInput();
  for (let i = from; i < to; i++) {
    fillRandomInput(input, b, i);
    ind.update(input);
    for (let j = 0; j < k; j++) values[(i - from) * k + j] = ind.value(j);
    ready.push(ind.ready);
  }
  return { values, ready };
}
