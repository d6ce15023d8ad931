/**
 * Barrier widths: an exponentially weighted standard deviation of 1-bar log
 * returns over a FINITE lookback, per symbol. σ at row t uses the closes of
 * rows t − lookback … t only, so a label's dependence on the past is declared
 * and testable (an untruncated EWM would let every earlier bar leak in by a
 * vanishing weight). Weights are (1 − α)^k, newest k = 0, α = 2 / (span + 1),
 * with the unbiased weighted-variance correction V1² / (V1² − V2) used by
 * pandas' `ewm(span).std()` (adjust=True, bias=False).
 * Hand-written: a few lines over typed arrays; no library in the stack has it.
 */
import type { BarFrame } from '../core/barFrame.js';
import { ConfigError } from '../core/errors.js';
import { intOption } from './options.js';
import { assertPositivePrices } from './prices.js';

export interface VolatilityOptions {
  /** EWM span, bars: decay α = 2 / (span + 1) (default 20). */
  span?: number;
  /** 1-bar returns in the window (default 3 × span; ≥ 2). */
  lookback?: number;
}

/** Default EWM span of the barrier volatility, bars. */
export const DEFAULT_VOL_SPAN = 20;

/** σ of 1-bar log returns (fraction) per row, from the row's own close and the `lookback` before it; NaN in each symbol's warm-up. */
export function ewmVolatility(frame: BarFrame, opts: VolatilityOptions = {}): Float64Array {
  const span = opts.span ?? DEFAULT_VOL_SPAN;
  if (!(span > 1 && span < Number.POSITIVE_INFINITY)) {
    throw new ConfigError(`volatility span must be finite and > 1, got ${span}`, { rule: 'span > 1' });
  }
  const lookback = intOption('volatility lookback', opts.lookback ?? Math.ceil(3 * span), 2);
  assertPositivePrices(frame, ['close']);

  const beta = 1 - 2 / (span + 1);
  const w = new Float64Array(lookback);
  let v1 = 0;
  let v2 = 0;
  for (let k = 0, wk = 1; k < lookback; k++, wk *= beta) {
    w[k] = wk;
    v1 += wk;
    v2 += wk * wk;
  }
  // Σ w (r − m)² / V1 is the biased variance; × V1² / (V1² − V2) removes the bias.
  const scale = v1 / (v1 * v1 - v2);

  const { symbol, close } = frame;
  const n = frame.length;
  const ret = new Float64Array(n);
  const out = new Float64Array(n);
  let segStart = 0;
  for (let t = 0; t < n; t++) {
    if (t === 0 || symbol[t] !== symbol[t - 1]) segStart = t;
    ret[t] = t === segStart ? Number.NaN : Math.log(close[t]! / close[t - 1]!);
    if (t - segStart < lookback) {
      out[t] = Number.NaN;
      continue;
    }
    let m = 0;
    for (let k = 0; k < lookback; k++) m += w[k]! * ret[t - k]!;
    m /= v1;
    let ss = 0;
    for (let k = 0; k < lookback; k++) {
      const d = ret[t - k]! - m;
      ss += w[k]! * d * d;
    }
    out[t] = Math.sqrt(ss * scale);
  }
  return out;
}
