import { describe, expect, it } from 'vitest';
import { packedSize, packRows, unpackRowAt } from './vectorCodec.js';

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

  it('unpacks a row bit-exactly into its slot from any byte offset', () => {
    const buf = packRows(times, matrix, 3);
    // The second vector at an odd offset: replies need not be 8-byte aligned in memory.
    const bytes = new Uint8Array(1 + 64);
    bytes.set(buf, 1);
    const view = new DataView(bytes.buffer);
    const t = new Float64Array(3);
    const m = new Float64Array(9);
    unpackRowAt(view, 1 + 32, 3, t, m, 2);
    unpackRowAt(view, 1, 3, t, m, 0);
    expect(Array.from(t)).toEqual([times[0], 0, 5]);
    expect(Array.from(m)).toEqual([1.25, Number.NaN, -0, 0, 0, 0, Number.MAX_VALUE, -Number.MIN_VALUE, 3]);
    expect(Object.is(m[2], -0)).toBe(true);
  });
});
