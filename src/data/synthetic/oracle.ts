/**
 * How well a score ranks the sign of realised forward returns: the ROC AUC
 * used to state the oracle's (best achievable) AUC and to check that no model
 * beats it by much. Hand-written: a sort and a merge over typed arrays.
 */
import type { SyntheticMarket } from './market.js';

/**
 * ROC AUC of `scores` for the event `outcome > 0` against `outcome < 0`
 * (rows where either is NaN, or the outcome is exactly 0, are skipped; ties in
 * score count one half). NaN when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  if (scores.length !== outcomes.length)
    throw new RangeError(`${scores.length} scores for ${outcomes.length} outcomes`);
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const o = outcomes[i]!;
    if (Number.isNaN(s) || Number.isNaN(o) || o === 0) continue;
    if (o > 0) nPos++;
    else nNeg++;
  }
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const o = outcomes[i]!;
    if (Number.isNaN(s) || Number.isNaN(o) || o === 0) continue;
    if (o > 0) pos[ip++] = s;
    else neg[ineg++] = s;
  }
  pos.sort();
  neg.sort();
  // For each negative score s (ascending): positives above s, plus half of those equal to s.
  let below = 0;
  let belowOrEqual = 0;
  let wins = 0;
  for (let j = 0; j < nNeg; j++) {
    const s = neg[j]!;
    while (below < nPos && pos[below]! < s) below++;
    if (belowOrEqual < below) belowOrEqual = below;
    while (belowOrEqual < nPos && pos[belowOrEqual]! <= s) belowOrEqual++;
    wins += nPos - belowOrEqual + 0.5 * (belowOrEqual - below);
  }
  return wins / (nPos * nNeg);
}

/** The oracle's AUC for the sign of the H-bar forward return over every stock row of `market`. */
export function oracleAuc(market: Pick<SyntheticMarket, 'oracle' | 'forwardReturn'>): number {
  return rocAuc(market.oracle, market.forwardReturn);
}
