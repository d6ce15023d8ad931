/** Binary log-loss (cross-entropy) of predicted probabilities. */
import { assertRange, binaryRows } from './rows.js';

/** Default probability clip, so a confident miss costs −ln(1e-15) ≈ 34.5 nats instead of ∞. */
export const LOG_LOSS_EPS = 1e-15;

/** Mean −[y·ln p + (1−y)·ln(1−p)] in nats, p clipped to [eps, 1 − eps]; weighted mean with `weight`. */
export function logLoss(
  prob: Float64Array,
  label: Float64Array,
  weight?: Float64Array,
  eps = LOG_LOSS_EPS,
): number {
  const rows = binaryRows('prob', prob, label, weight);
  assertRange('prob', prob, rows, 0, 1);
  let sum = 0;
  let total = 0;
  for (const i of rows) {
    const p = Math.min(Math.max(prob[i]!, eps), 1 - eps);
    const w = weight === undefined ? 1 : weight[i]!;
    sum -= w * (label[i] === 1 ? Math.log(p) : Math.log(1 - p));
    total += w;
  }
  return total > 0 ? sum / total : Number.NaN;
}
