import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { MICROS_PER_MINUTE } from '../core/time.js';
import { fixedHorizonLabels } from './fixedHorizon.js';
import { FIXTURE_T0, frameFromLogCloses } from './fixtures.js';

describe('fixedHorizonLabels', () => {
  // Log closes x = [0, .002, .0025, .0015, −.003], h = 2, threshold .001:
  // row 0: x2 − x0 = +.0025 > .001         → binary 1, ternary 1
  // row 1: x3 − x1 = −.0005, |r| ≤ .001    → binary 0, ternary 0
  // row 2: x4 − x2 = −.0055 < −.001        → binary 0, ternary −1
  // rows 3, 4: bar i + 2 is past the data  → NaN
  // A 2nd symbol of 2 bars follows: all its windows run past its end, and symbol 0's last rows
  // must not borrow its bars.
  const frame = frameFromLogCloses([
    [0, 0.002, 0.0025, 0.0015, -0.003],
    [0, 1],
  ]);
  const nan = Number.NaN;

  it('binary labels, forward returns and windows', () => {
    const out = fixedHorizonLabels(frame, { horizon: 2 });
    expect(Array.from(out.label)).toEqual([1, 0, 0, nan, nan, nan, nan]);
    [0.0025, -0.0005, -0.0055].forEach((r, i) => {
      expect(out.fwdReturn[i]).toBeCloseTo(r, 12);
    });
    expect(Array.from(out.endRow)).toEqual([2, 3, 4, -1, -1, -1, -1]);
    expect(out.t1[0]).toBe(FIXTURE_T0 + 2 * MICROS_PER_MINUTE);
    expect(Number.isNaN(out.t1[3])).toBe(true);
  });

  it('ternary labels and the threshold', () => {
    expect(Array.from(fixedHorizonLabels(frame, { horizon: 2, classes: 'ternary' }).label)).toEqual([
      1,
      0,
      -1,
      nan,
      nan,
      nan,
      nan,
    ]);
    // threshold .003 > .0025: row 0 becomes neutral; row 2 (−.0055) stays down.
    const wide = fixedHorizonLabels(frame, { horizon: 2, classes: 'ternary', threshold: 0.003 });
    expect(Array.from(wide.label.subarray(0, 3))).toEqual([0, 0, -1]);
  });

  it('defaults to 5 bars and rejects bad options', () => {
    const long = frameFromLogCloses([[0, 0, 0, 0, 0, 0.01, 0]]);
    const out = fixedHorizonLabels(long);
    expect(out.label[0]).toBe(1);
    expect(out.endRow[0]).toBe(5);
    expect(Number.isNaN(out.label[2])).toBe(true);
    expect(() => fixedHorizonLabels(frame, { horizon: 1.5 })).toThrow(ConfigError);
    expect(() => fixedHorizonLabels(frame, { threshold: Number.NaN })).toThrow(ConfigError);
  });
});
