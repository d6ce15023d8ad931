/**
 * Walk-forward splits: nSplits consecutive test blocks at the end of the
 * timeline; each trains only on samples whose whole label window ends before
 * its test block starts (less `gap`), so no training label uses information
 * from the test period. 'expanding' trains on everything before; 'rolling'
 * only on samples whose t0 lies within `trainSize` before the cutoff.
 * Sizes count distinct event timestamps (default) or µs of time.
 */
import { ConfigError } from '../../core/errors.js';
import { assertWindows, countOption, distinctTimes } from './timeline.js';
import type { Split } from './types.js';

export interface WalkForwardCommon {
  /** Number of test blocks (≥ 1). */
  nSplits: number;
  /** Unit of testSize, trainSize and gap: distinct t0 timestamps (default) or µs. */
  unit?: 'timestamps' | 'micros';
  /** Length of each test block (default: the timeline cut into nSplits + 1 equal parts). */
  testSize?: number;
  /** Distance kept between the end of every training label window and the test block (default 0). */
  gap?: number;
}

/** 'expanding' trains on all the past; 'rolling' on the last `trainSize` before the cutoff. */
export type WalkForwardOptions = WalkForwardCommon &
  ({ window: 'expanding' } | { window: 'rolling'; trainSize: number });

/** Walk-forward train/test splits over samples with event times t0 and label ends t1 (epoch µs). */
export function walkForwardSplits(t0: Float64Array, t1: Float64Array, opts: WalkForwardOptions): Split[] {
  assertWindows(t0, t1);
  const k = countOption('nSplits', opts.nSplits, 1);
  const times = distinctTimes(t0);
  const m = times.length;
  const rolling = opts.window === 'rolling';
  // Per split: test block [lo, hi) on t0; training needs t1 < cutoff and t0 ≥ trainStart.
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  const cutoff = new Float64Array(k);
  const trainStart = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  if ((opts.unit ?? 'timestamps') === 'timestamps') {
    const testSize = countOption('testSize', opts.testSize ?? Math.floor(m / (k + 1)), 1);
    const gap = countOption('gap', opts.gap ?? 0, 0);
    const trainSize = opts.window === 'rolling' ? countOption('trainSize', opts.trainSize, 1) : 0;
    for (let s = 0; s < k; s++) {
      const a = m - (k - s) * testSize;
      if (a - gap < 1) {
        throw new ConfigError(
          `${m} distinct timestamps leave no training data for split ${s} (nSplits ${k}, testSize ${testSize}, gap ${gap})`,
          { rule: 'nSplits × testSize + gap < timestamps' },
        );
      }
      lo[s] = times[a]!;
      hi[s] = a + testSize < m ? times[a + testSize]! : Number.POSITIVE_INFINITY;
      cutoff[s] = times[a - gap]!;
      if (rolling) trainStart[s] = times[Math.max(0, a - gap - trainSize)]!;
    }
  } else {
    // +1 µs: the last event time belongs to the last block, which is half-open like the others.
    const end = times[m - 1]! + 1;
    const testSize = positiveDuration('testSize', opts.testSize ?? (end - times[0]!) / (k + 1));
    const gap = opts.gap === undefined || opts.gap === 0 ? 0 : positiveDuration('gap', opts.gap);
    const trainSize = opts.window === 'rolling' ? positiveDuration('trainSize', opts.trainSize) : 0;
    for (let s = 0; s < k; s++) {
      lo[s] = end - (k - s) * testSize;
      hi[s] = lo[s]! + testSize;
      cutoff[s] = lo[s]! - gap;
      if (rolling) trainStart[s] = cutoff[s]! - trainSize;
    }
  }

  const n = t0.length;
  const trainBuf = new Int32Array(n);
  const testBuf = new Int32Array(n);
  const splits: Split[] = [];
  for (let s = 0; s < k; s++) {
    let nTrain = 0;
    let nTest = 0;
    const a = lo[s]!;
    const b = hi[s]!;
    const c = cutoff[s]!;
    const from = trainStart[s]!;
    for (let i = 0; i < n; i++) {
      const e = t0[i]!;
      if (e >= a && e < b) testBuf[nTest++] = i;
      else if (t1[i]! < c && e >= from) trainBuf[nTrain++] = i;
    }
    if (nTrain === 0 || nTest === 0) {
      throw new ConfigError(`walk-forward split ${s} has ${nTrain} training and ${nTest} test samples`, {
        rule: 'every split needs training and test samples',
      });
    }
    splits.push({ train: trainBuf.slice(0, nTrain), test: testBuf.slice(0, nTest) });
  }
  return splits;
}

function positiveDuration(name: string, value: number): number {
  if (value > 0 && value < Number.POSITIVE_INFINITY) return value;
  throw new ConfigError(`${name} must be a positive duration in µs, got ${value}`, { rule: `${name} > 0` });
}
