/**
 * Fixed-horizon labels: the forward LOG return of the close over h bars of
 * the same symbol, thresholded. Log returns because they add over time and
 * treat up and down moves symmetrically, so one threshold serves both sides.
 * Window of row i: [ts_i, ts_{i+h}]; rows whose window runs past the
 * symbol's last bar get NaN.
 */
import type { BarFrame } from '../core/barFrame.js';
import { intOption, nonNegativeOption } from './options.js';
import { assertPositivePrices } from './prices.js';
import type { LabelColumns } from './types.js';

export interface FixedHorizonOptions {
  /** Bars ahead (default 5). */
  horizon?: number;
  /** Log-return threshold, fraction (default 0.001 ≈ 0.1 %). */
  threshold?: number;
  /** 'binary' (default): 1 if r > threshold else 0. 'ternary': 1 if r > threshold, −1 if r < −threshold, else 0. */
  classes?: 'binary' | 'ternary';
}

/** Labels every row by its forward log return over `horizon` bars (fraction) against `threshold`. */
export function fixedHorizonLabels(frame: BarFrame, opts: FixedHorizonOptions = {}): LabelColumns {
  const h = intOption('horizon', opts.horizon ?? 5, 1);
  const thr = nonNegativeOption('threshold', opts.threshold ?? 0.001);
  const ternary = (opts.classes ?? 'binary') === 'ternary';
  assertPositivePrices(frame, ['close']);

  const { symbol, ts, close } = frame;
  const n = frame.length;
  const label = new Float64Array(n);
  const t1 = new Float64Array(n);
  const fwdReturn = new Float64Array(n);
  const endRow = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i + h;
    if (j >= n || symbol[j] !== symbol[i]) {
      label[i] = t1[i] = fwdReturn[i] = Number.NaN;
      endRow[i] = -1;
      continue;
    }
    const r = Math.log(close[j]! / close[i]!);
    fwdReturn[i] = r;
    t1[i] = ts[j]!;
    endRow[i] = j;
    label[i] = r > thr ? 1 : ternary && r < -thr ? -1 : 0;
  }
  return { label, t1, fwdReturn, endRow };
}
