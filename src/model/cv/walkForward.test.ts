import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import { randomWindows } from './fixtures.js';
import type { Split } from './types.js';
import { walkForwardSplits } from './walkForward.js';

// The ten windows of purgedKFold.test.ts: t0 = 0..9, t1 = [1, 3, 2, 5, 4, 8, 6, 7, 9, 9].
const t0 = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const t1 = Float64Array.from([1, 3, 2, 5, 4, 8, 6, 7, 9, 9]);
const rows = (splits: Split[], key: 'train' | 'test'): number[][] => splits.map((s) => Array.from(s[key]));
// nSplits 2, testSize 3 (timestamps, or µs on this 1-µs grid): test blocks t0 ∈ {4,5,6} and {7,8,9}.
// Expanding training: split 0 on t1 < 4 → 0, 1, 2 (3 ends at 5); split 1 on t1 < 7 → 0–4 and 6 (5 ends at 8).
const BLOCKS = [
  [4, 5, 6],
  [7, 8, 9],
];
const EXPANDING = [
  [0, 1, 2],
  [0, 1, 2, 3, 4, 6],
];

describe('walkForwardSplits: hand-worked', () => {
  it('expanding, in timestamps', () => {
    const s = walkForwardSplits(t0, t1, { nSplits: 2, testSize: 3, window: 'expanding' });
    expect(rows(s, 'test')).toEqual(BLOCKS);
    expect(rows(s, 'train')).toEqual(EXPANDING);
  });

  it('gap and rolling windows, in timestamps', () => {
    // gap 1: cutoffs move one timestamp back, to 3 and 6 → t1 < 3: 0, 2; t1 < 6: 0–4.
    const gapped = walkForwardSplits(t0, t1, { nSplits: 2, testSize: 3, gap: 1, window: 'expanding' });
    expect(rows(gapped, 'train')).toEqual([
      [0, 2],
      [0, 1, 2, 3, 4],
    ]);
    // rolling over 3 timestamps: split 0 keeps t0 ∈ {1,2,3} with t1 < 4 → 1, 2; split 1 t0 ∈ {4,5,6}, t1 < 7 → 4, 6.
    const rolling = walkForwardSplits(t0, t1, { nSplits: 2, testSize: 3, window: 'rolling', trainSize: 3 });
    expect(rows(rolling, 'train')).toEqual([
      [1, 2],
      [4, 6],
    ]);
  });

  it('in µs', () => {
    // The timeline ends at 9 + 1 µs = 10; testSize 3 → blocks [4, 7) and [7, 10); gap 0.5 → cutoffs 3.5 and 6.5;
    // rolling 2.5 µs → training t0 ≥ 1 and ≥ 4.
    const s = walkForwardSplits(t0, t1, {
      nSplits: 2,
      unit: 'micros',
      testSize: 3,
      gap: 0.5,
      window: 'expanding',
    });
    // The gap of half a µs moves no sample across a cutoff, so the sets are the expanding ones above.
    expect(rows(s, 'test')).toEqual(BLOCKS);
    expect(rows(s, 'train')).toEqual(EXPANDING);
    const r = walkForwardSplits(t0, t1, {
      nSplits: 2,
      unit: 'micros',
      testSize: 3,
      gap: 0.5,
      window: 'rolling',
      trainSize: 2.5,
    });
    expect(rows(r, 'train')).toEqual([
      [1, 2],
      [4, 6],
    ]);
  });

  it('defaults testSize to an (nSplits + 1)-th of the timestamps and rejects what cannot split', () => {
    // 10 timestamps, 4 splits → testSize 2: blocks {2,3}, {4,5}, {6,7}, {8,9}.
    expect(rows(walkForwardSplits(t0, t1, { nSplits: 4, window: 'expanding' }), 'test')).toEqual([
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    expect(() => walkForwardSplits(t0, t1, { nSplits: 3, testSize: 3, window: 'expanding' })).toThrow(
      ConfigError,
    );
    expect(() => walkForwardSplits(t0, t1, { nSplits: 0, window: 'expanding' })).toThrow(ConfigError);
    // Block {4,5,6} with gap 3: cutoff at time 1, and only sample 0 ends before it; gap 4 leaves nothing.
    expect(() => walkForwardSplits(t0, t1, { nSplits: 2, testSize: 3, gap: 4, window: 'expanding' })).toThrow(
      ConfigError,
    );
  });
});

describe('walkForwardSplits: random interleaved symbols', () => {
  const data = randomWindows(new Rng(11), 5, 300, 10);
  const gapUs = 5 * MICROS_PER_MINUTE;
  const trainUs = 120 * MICROS_PER_MINUTE;
  const variants = [
    ['expanding, timestamps', walkForwardSplits(data.t0, data.t1, { nSplits: 4, window: 'expanding' }), 0],
    [
      'rolling, timestamps, gap',
      walkForwardSplits(data.t0, data.t1, { nSplits: 4, gap: 3, window: 'rolling', trainSize: 60 }),
      0,
    ],
    [
      'expanding, µs, gap',
      walkForwardSplits(data.t0, data.t1, { nSplits: 5, unit: 'micros', gap: gapUs, window: 'expanding' }),
      gapUs,
    ],
    [
      'rolling, µs',
      walkForwardSplits(data.t0, data.t1, {
        nSplits: 5,
        unit: 'micros',
        window: 'rolling',
        trainSize: trainUs,
      }),
      0,
    ],
  ] as const;

  it.each(variants)(
    '%s: every training label window ends before every test event (by more than the gap)',
    (_n, splits, gap) => {
      for (const { train, test } of splits) {
        let lastTrain = Number.NEGATIVE_INFINITY;
        let firstTest = Number.POSITIVE_INFINITY;
        for (const i of train) lastTrain = Math.max(lastTrain, data.t1[i]!);
        for (const j of test) firstTest = Math.min(firstTest, data.t0[j]!);
        expect(lastTrain + gap).toBeLessThan(firstTest);
      }
    },
  );

  it.each(variants)('%s: test blocks follow each other and the last one reaches the end', (_n, splits) => {
    let prevLast = Number.NEGATIVE_INFINITY;
    for (const { test } of splits) {
      const times = Array.from(test, (j) => data.t0[j]!);
      expect(Math.min(...times)).toBeGreaterThan(prevLast);
      prevLast = Math.max(...times);
    }
    expect(prevLast).toBe(Math.max(...data.t0));
  });

  it('expanding windows only grow, and train on every sample whose window ends before the test', () => {
    const splits = variants[0][1];
    for (let s = 0; s < splits.length; s++) {
      const { train, test } = splits[s]!;
      const start = Math.min(...Array.from(test, (j) => data.t0[j]!));
      const want = Array.from(data.t1.keys()).filter((i) => data.t1[i]! < start);
      expect(Array.from(train)).toEqual(want);
      if (s > 0) {
        const now = new Set(train);
        expect(Array.from(splits[s - 1]!.train).every((i) => now.has(i))).toBe(true);
      }
    }
  });

  it('rolling windows in µs keep exactly the samples of the last trainSize before the test block', () => {
    // By definition: the timeline ends 1 µs after the last event; 5 blocks of (end − start)/6 each;
    // block s starts at lo = end − (5 − s)·testSize; training is t0 ≥ lo − trainSize and t1 < lo.
    const end = Math.max(...data.t0) + 1;
    const testSize = (end - Math.min(...data.t0)) / 6;
    variants[3][1].forEach(({ train }, s) => {
      const lo = end - (5 - s) * testSize;
      const want = Array.from(data.t0.keys()).filter((i) => data.t0[i]! >= lo - trainUs && data.t1[i]! < lo);
      expect(want.length).toBeGreaterThan(0);
      expect(Array.from(train)).toEqual(want);
    });
  });
});
