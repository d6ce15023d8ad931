/**
 * How well a score ranks the sign of realised forward returns: the ROC AUC
 * used to state the oracle's (best achievable) AUC and to check that no model
 * beats it by much (stats/rocAuc.ts computes it).
 */
import { rocAucOfRows } from '../../stats/rocAuc.js';
import type { SyntheticMarket } from './market.js';

/**
 * ROC AUC of `scores` for the event `outcome > 0` against `outcome < 0`
 * (rows where either is NaN, or the outcome is exactly 0, are skipped; ties in
 * score count one half). NaN when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  if (scores.length !== outcomes.length)
    throw new RangeError(`${scores.length} scores for ${outcomes.length} outcomes`);
  const n = scores.length;
  const score = Float64Array.from(scores);
  const label = new Float64Array(n);
  const rows = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const o = outcomes[i]!;
    if (Number.isNaN(score[i]!) || Number.isNaN(o) || o === 0) continue;
    label[i] = o > 0 ? 1 : 0;
    rows[m++] = i;
  }
  return rocAucOfRows(score, label, rows.subarray(0, m));
}

/** The oracle's AUC for the sign of the H-bar forward return over every stock row of `market`. */
export function oracleAuc(market: Pick<SyntheticMarket, 'oracle' | 'forwardReturn'>): number {
  return rocAuc(market.oracle, market.forwardReturn);
}
