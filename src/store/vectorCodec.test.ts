import { describe, expect, it } from 'vitest';
import { type AlphaflowError, ErrorCode } from '../core/errors.js';
import { packedSize, packRows, unpackRow, unpackRows } from './vectorCodec.js';

describe('vector codec', () => {
  const times = Float64Array.of(1_700_000_000_000_001, 5);
  const matrix = Float64Array.of(1.25, Number.NaN, -0, Number.MAX_VALUE, -Number.MIN_VALUE, 3);

  it('packs rows as eventTime then values, f64 little-endian, 8 × (1 + nCols) bytes each', () => {
    const buf = packRows(times, matrix, 3);
    expect(packedSize(3)).toBe(32);
    expect(buf.length).toBe(64);
    const expected = [times[0], 1.25, Number.NaN, -0, times[1], Number.MAX_VALUE, -Number.MIN_VALUE, 3];
    expected.forEach((v, k) => {
      expect(Object.is(buf.readDoubleLE(8 * k), v)).toBe(true);
    });
  });

  it('unpacks single rows and concatenated rows (all-NaN bytes = absent) bit-exactly', () => {
    const buf = packRows(times, matrix, 3);
    const t = new Float64Array(3);
    const m = new Float64Array(9);
    unpackRow(buf.subarray(32, 64), 3, t, m, 2);
    expect(t[2]).toBe(5);
    expect(Array.from(m.subarray(6))).toEqual([Number.MAX_VALUE, -Number.MIN_VALUE, 3]);

    const absent = Buffer.alloc(32);
    for (let k = 0; k < 4; k++) absent.writeDoubleLE(Number.NaN, 8 * k);
    // An odd offset: replies need not be 8-byte aligned in memory.
    const reply = Buffer.concat([Buffer.alloc(1), buf.subarray(0, 32), absent, buf.subarray(32)]).subarray(1);
    const t3 = new Float64Array(3);
    const m3 = new Float64Array(9);
    unpackRows(reply, 3, t3, m3, new Float64Array(12));
    expect(Array.from(t3)).toEqual([times[0], Number.NaN, 5]);
    expect(Array.from(m3)).toEqual([
      1.25,
      Number.NaN,
      -0,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.MAX_VALUE,
      -Number.MIN_VALUE,
      3,
    ]);
    expect(Object.is(m3[2], -0)).toBe(true);
  });

  it('refuses a vector of another width with E_FEATURE_SET_MISMATCH', () => {
    const buf = packRows(times, matrix, 3);
    const codeOf = (fn: () => void): string | undefined => {
      try {
        fn();
      } catch (err) {
        return (err as AlphaflowError).code;
      }
      return undefined;
    };
    expect(codeOf(() => unpackRow(buf.subarray(0, 24), 3, new Float64Array(1), new Float64Array(3), 0))).toBe(
      ErrorCode.FeatureSetMismatch,
    );
    expect(
      codeOf(() => unpackRows(buf, 2, new Float64Array(2), new Float64Array(4), new Float64Array(6))),
    ).toBe(ErrorCode.FeatureSetMismatch);
  });
});
