/**
 * Cross-sectional metrics of a ranking model: each timestamp's names form one
 * cross-section, scored on its own; the per-timestamp values are then
 * summarised. Rows may come in any order (they are grouped by `ts`).
 */
import { ConfigError } from '../../core/errors.js';
import { assignMidranks, sortRowsBy } from '../../stats/ranking.js';
import { assertBinary, usableRows } from './rows.js';

/** A metric per scored cross-section. */
export interface CrossSectionSeries {
  /** Timestamps of the cross-sections that were scored, ascending, epoch µs. */
  readonly ts: Float64Array;
  /** The metric of each of those cross-sections. */
  readonly values: Float64Array;
  /** Mean of `values`; NaN when none was scored. */
  readonly mean: number;
  /** Number of cross-sections scored. */
  readonly count: number;
}

export interface RankICResult extends CrossSectionSeries {
  /** Sample standard deviation (n − 1) of the per-timestamp ICs; NaN below 2. */
  readonly std: number;
  /** mean / (std / √count): how many standard errors the mean IC is from 0. */
  readonly tStat: number;
}

/**
 * Rank information coefficient: Spearman correlation between score and
 * forward return within each timestamp (ties get mid-ranks), skipping
 * cross-sections with fewer than `minNames` names (default 3) or with a
 * constant score or return (no correlation defined).
 */
export function rankIC(
  score: Float64Array,
  fwdReturn: Float64Array,
  ts: Float64Array,
  opts: { minNames?: number } = {},
): RankICResult {
  const minNames = opts.minNames ?? 3;
  if (!(Number.isInteger(minNames) && minNames >= 2)) {
    throw new ConfigError(`minNames must be an integer ≥ 2, got ${minNames}`, { rule: 'minNames ≥ 2' });
  }
  const rows = sortRowsBy(
    usableRows([
      ['score', score],
      ['fwdReturn', fwdReturn],
      ['ts', ts],
    ]),
    ts,
  );
  const n = score.length;
  const rankS = new Float64Array(n);
  const rankR = new Float64Array(n);
  const outTs: number[] = [];
  const outIc: number[] = [];
  const starts = groupStarts(rows, ts);
  for (let g = 0; g + 1 < starts.length; g++) {
    const group = rows.subarray(starts[g]!, starts[g + 1]!);
    if (group.length < minNames) continue;
    assignMidranks(sortRowsBy(group, score), score, rankS);
    assignMidranks(sortRowsBy(group, fwdReturn), fwdReturn, rankR);
    // Mid-ranks keep the rank sum, so both means are (m + 1) / 2.
    const mean = (group.length + 1) / 2;
    let cov = 0;
    let vs = 0;
    let vr = 0;
    for (const i of group) {
      const ds = rankS[i]! - mean;
      const dr = rankR[i]! - mean;
      cov += ds * dr;
      vs += ds * ds;
      vr += dr * dr;
    }
    if (vs === 0 || vr === 0) continue;
    outTs.push(ts[group[0]!]!);
    outIc.push(cov / Math.sqrt(vs * vr));
  }
  const s = series(outTs, outIc);
  let ss = 0;
  for (const v of s.values) ss += (v - s.mean) * (v - s.mean);
  const std = s.count > 1 ? Math.sqrt(ss / (s.count - 1)) : Number.NaN;
  return { ...s, std, tStat: s.mean / (std / Math.sqrt(s.count)) };
}

/**
 * Precision@K per timestamp: the fraction of the K highest scores whose label
 * is 1. Scores tied across the K-th place share its remaining slots pro rata
 * (the expected hit count under a random tie-break); cross-sections with
 * fewer than K names are skipped.
 */
export function precisionAtK(
  score: Float64Array,
  label: Float64Array,
  ts: Float64Array,
  k: number,
): CrossSectionSeries {
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new ConfigError(`K must be an integer ≥ 1, got ${k}`, { rule: 'K ≥ 1' });
  }
  const rows = usableRows([
    ['score', score],
    ['label', label],
    ['ts', ts],
  ]);
  assertBinary(label, rows);
  sortRowsBy(rows, ts);
  const outTs: number[] = [];
  const outP: number[] = [];
  const starts = groupStarts(rows, ts);
  for (let g = 0; g + 1 < starts.length; g++) {
    const group = rows.subarray(starts[g]!, starts[g + 1]!);
    if (group.length < k) continue;
    sortRowsBy(group, score);
    let taken = 0;
    let hits = 0;
    for (let e = group.length; taken < k; ) {
      // Tie group [b, e) of equal scores, walking down from the top.
      let b = e - 1;
      while (b > 0 && score[group[b - 1]!] === score[group[e - 1]!]) b--;
      let pos = 0;
      for (let q = b; q < e; q++) pos += label[group[q]!]!;
      const size = e - b;
      const take = Math.min(size, k - taken);
      hits += (take * pos) / size;
      taken += take;
      e = b;
    }
    outTs.push(ts[group[0]!]!);
    outP.push(hits / k);
  }
  return series(outTs, outP);
}

function series(ts: number[], values: number[]): CrossSectionSeries {
  let sum = 0;
  for (const v of values) sum += v;
  return {
    ts: Float64Array.from(ts),
    values: Float64Array.from(values),
    mean: values.length > 0 ? sum / values.length : Number.NaN,
    count: values.length,
  };
}

/** Offsets in `rows` (sorted by ts) where each timestamp's run starts, plus rows.length at the end. */
function groupStarts(rows: Int32Array, ts: Float64Array): Int32Array {
  const starts: number[] = [];
  for (let g = 0; g < rows.length; g++) if (g === 0 || ts[rows[g]!] !== ts[rows[g - 1]!]) starts.push(g);
  starts.push(rows.length);
  return Int32Array.from(starts);
}
