import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import { overlaps, randomWindows } from './fixtures.js';
import { purgedKFoldSplits } from './purgedKFold.js';

// Ten samples with windows [t0, t1] on times 0..9 (plain numbers as µs):
//   sample: 0  1  2  3  4  5  6  7  8  9
//   t0:     0  1  2  3  4  5  6  7  8  9
//   t1:     1  3  2  5  4  8  6  7  9  9
// k = 3 over 10 distinct times → blocks {0,1,2}, {3,4,5}, {6,7,8,9}.
const t0 = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const t1 = Float64Array.from([1, 3, 2, 5, 4, 8, 6, 7, 9, 9]);

describe('purgedKFoldSplits: hand-worked', () => {
  it('purges every overlap', () => {
    // Fold 0: test 0,1,2, test labels end at 3 → after the block keep t0 > 3: 4..9 (3 purged).
    // Fold 1: test 3,4,5, labels end at 8 → before: keep t1 < 3: 0, 2 (1 ends at 3, purged);
    //         after: keep t0 > 8: 9 (6, 7, 8 start inside the test labels, purged).
    // Fold 2: test 6..9 → before: keep t1 < 6: 0..4 (5 ends at 8, purged).
    const splits = purgedKFoldSplits(t0, t1, { nSplits: 3 });
    expect(splits.map((s) => Array.from(s.test))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8, 9],
    ]);
    expect(splits.map((s) => Array.from(s.train))).toEqual([
      [4, 5, 6, 7, 8, 9],
      [0, 2, 9],
      [0, 1, 2, 3, 4],
    ]);
  });

  it('embargoes after the test labels, in µs or as a fraction of the span', () => {
    // Embargo 1: fold 0 resumes after 3 + 1 → drops 4; fold 1 after 8 + 1 → drops 9; fold 2 has nothing after.
    // Span = max t1 − min t0 = 9, so a fraction of 1/9 is the same 1 µs.
    const want = [
      [5, 6, 7, 8, 9],
      [0, 2],
      [0, 1, 2, 3, 4],
    ];
    expect(
      purgedKFoldSplits(t0, t1, { nSplits: 3, embargo: { micros: 1 } }).map((s) => Array.from(s.train)),
    ).toEqual(want);
    const byFraction = purgedKFoldSplits(t0, t1, { nSplits: 3, embargo: { fraction: 1 / 9 } });
    expect(byFraction.map((s) => Array.from(s.train))).toEqual(want);
  });

  it('rejects bad windows and options', () => {
    expect(() => purgedKFoldSplits(t0, Float64Array.from([1, 3, 2, 5, 4, 8, 6, 7, 9, 8]))).toThrow(DataError);
    expect(() => purgedKFoldSplits(t0, t1.subarray(1))).toThrow(DataError);
    expect(() => purgedKFoldSplits(t0, t1, { nSplits: 11 })).toThrow(ConfigError);
    expect(() => purgedKFoldSplits(t0, t1, { nSplits: 1 })).toThrow(ConfigError);
    expect(() => purgedKFoldSplits(t0, t1, { embargo: { fraction: 1 } })).toThrow(ConfigError);
    expect(() => purgedKFoldSplits(t0, t1, { embargo: { micros: -1 } })).toThrow(ConfigError);
  });
});

describe('purgedKFoldSplits: random interleaved symbols', () => {
  const rng = new Rng(7);
  const data = randomWindows(rng, 6, 260, 12);
  const n = data.t0.length;
  const embargoUs = 7 * MICROS_PER_MINUTE;
  const splits = purgedKFoldSplits(data.t0, data.t1, { nSplits: 5, embargo: { micros: embargoUs } });

  it('puts every sample in exactly one test fold, folds being contiguous time blocks', () => {
    const seen = new Int32Array(n);
    let prevMax = Number.NEGATIVE_INFINITY;
    for (const { test } of splits) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const j of test) {
        seen[j]!++;
        min = Math.min(min, data.t0[j]!);
        max = Math.max(max, data.t0[j]!);
      }
      expect(min).toBeGreaterThan(prevMax);
      prevMax = max;
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('leaves no training window overlapping any test window (all pairs)', () => {
    let pairs = 0;
    let clashes = 0;
    for (const { train, test } of splits) {
      for (const i of train) {
        for (const j of test) {
          if (overlaps(data.t0[i]!, data.t1[i]!, data.t0[j]!, data.t1[j]!)) clashes++;
          pairs++;
        }
      }
    }
    expect(clashes).toBe(0);
    expect(pairs).toBeGreaterThan(100_000);
  });

  it('honours the embargo and drops nothing else (brute-force oracle)', () => {
    for (const { train, test } of splits) {
      const isTest = new Uint8Array(n);
      let lastT0 = Number.NEGATIVE_INFINITY;
      let endT1 = Number.NEGATIVE_INFINITY;
      for (const j of test) {
        isTest[j] = 1;
        lastT0 = Math.max(lastT0, data.t0[j]!);
        endT1 = Math.max(endT1, data.t1[j]!);
      }
      const want: number[] = [];
      for (let i = 0; i < n; i++) {
        if (isTest[i]) continue;
        let clash = false;
        for (const j of test) clash ||= overlaps(data.t0[i]!, data.t1[i]!, data.t0[j]!, data.t1[j]!);
        const embargoed = data.t0[i]! > lastT0 && data.t0[i]! <= endT1 + embargoUs;
        if (!clash && !embargoed) want.push(i);
      }
      expect(Array.from(train)).toEqual(want);
      for (const i of train) expect(data.t0[i]! > endT1 && data.t0[i]! <= endT1 + embargoUs).toBe(false);
    }
    // The embargo must bite somewhere, or the check above proves nothing.
    const plain = purgedKFoldSplits(data.t0, data.t1, { nSplits: 5 });
    expect(plain.reduce((a, s) => a + s.train.length, 0)).toBeGreaterThan(
      splits.reduce((a, s) => a + s.train.length, 0),
    );
  });
});
