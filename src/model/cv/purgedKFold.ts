/**
 * Purged k-fold with embargo (López de Prado, AFML ch. 7). The distinct
 * event timestamps are cut into k contiguous blocks; block f's samples are
 * test fold f, so every sample is tested exactly once.
 *
 * Purge: a training sample is dropped when its window [t0, t1] overlaps any
 * test window. With the test t0s filling [lo, hiT0] and the test windows
 * reaching maxT1, that is exactly: before the block, t1 ≥ lo; after it,
 * t0 ≤ maxT1 (every timestamp of the block starts a test window, so the
 * windows' union has no hole a training window could fit into).
 * Embargo: after the block, training samples with t0 ≤ maxT1 + embargo are
 * dropped as well, since serially correlated features can carry test-period
 * information into the samples right after it. The embargo counts from the
 * END OF THE TEST LABELS (maxT1), as in AFML's PurgedKFold; none is applied
 * before the block, where the purge already removes every overlap.
 */
import { ConfigError } from '../../core/errors.js';
import { assertWindows, countOption, distinctTimes } from './timeline.js';
import type { Embargo, Split } from './types.js';

export interface PurgedKFoldOptions {
  /** Number of folds k (default 5). */
  nSplits?: number;
  /** Embargo after each test block (default none). */
  embargo?: Embargo;
}

/** Purged, embargoed k-fold splits over samples with event times t0 and label ends t1 (epoch µs). */
export function purgedKFoldSplits(
  t0: Float64Array,
  t1: Float64Array,
  opts: PurgedKFoldOptions = {},
): Split[] {
  assertWindows(t0, t1);
  const k = countOption('nSplits', opts.nSplits ?? 5, 2);
  const times = distinctTimes(t0);
  const m = times.length;
  if (m < k) {
    throw new ConfigError(`${m} distinct timestamps cannot make ${k} folds`, {
      rule: 'nSplits ≤ timestamps',
    });
  }
  const embargo = embargoMicros(opts.embargo, t0, t1);

  const n = t0.length;
  const trainBuf = new Int32Array(n);
  const testBuf = new Int32Array(n);
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    const a = Math.floor((f * m) / k);
    const b = Math.floor(((f + 1) * m) / k);
    const lo = times[a]!;
    const hi = b < m ? times[b]! : Number.POSITIVE_INFINITY;
    let maxT1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const e = t0[i]!;
      if (e >= lo && e < hi && t1[i]! > maxT1) maxT1 = t1[i]!;
    }
    const resume = maxT1 + embargo;
    let nTrain = 0;
    let nTest = 0;
    for (let i = 0; i < n; i++) {
      const e = t0[i]!;
      if (e < lo) {
        if (t1[i]! < lo) trainBuf[nTrain++] = i;
      } else if (e < hi) testBuf[nTest++] = i;
      else if (e > resume) trainBuf[nTrain++] = i;
    }
    splits.push({ train: trainBuf.slice(0, nTrain), test: testBuf.slice(0, nTest) });
  }
  return splits;
}

/** The embargo as a duration in µs. */
function embargoMicros(e: Embargo | undefined, t0: Float64Array, t1: Float64Array): number {
  if (e === undefined) return 0;
  if ('micros' in e) {
    if (e.micros >= 0 && e.micros < Number.POSITIVE_INFINITY) return e.micros;
    throw new ConfigError(`embargo must be ≥ 0 µs, got ${e.micros}`, { rule: 'embargo.micros ≥ 0' });
  }
  if (!(e.fraction >= 0 && e.fraction < 1)) {
    throw new ConfigError(`embargo fraction must be in [0, 1), got ${e.fraction}`, {
      rule: '0 ≤ embargo.fraction < 1',
    });
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < t0.length; i++) {
    if (t0[i]! < first) first = t0[i]!;
    if (t1[i]! > last) last = t1[i]!;
  }
  return e.fraction * (last - first);
}
