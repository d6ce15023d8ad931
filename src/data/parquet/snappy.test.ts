import { describe, expect, it } from 'vitest';
import { snappyDecompress, snappyLength } from './snappy.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const literal = (s: string) => [(s.length - 1) << 2, ...Buffer.from(s, 'latin1')];

/** Decompresses a block given as bytes (preamble included). */
function inflate(block: number[]): string {
  const input = Uint8Array.from(block);
  const out = new Uint8Array(snappyLength(input));
  expect(snappyDecompress(input, out)).toBe(out.length);
  return text(out);
}

describe('snappyDecompress', () => {
  it('expands literals and the three copy forms, overlapping copies repeating their pattern', () => {
    // "ab", then copy (1-byte offset 2, length 6): the copy reads what it writes.
    expect(inflate([8, ...literal('ab'), ((6 - 4) << 2) | 1, 2])).toBe('abababab');
    // A pattern of 4 or more bytes repeats by word moves: offset 5, length 11.
    expect(inflate([16, ...literal('abcde'), ((11 - 4) << 2) | 1, 5])).toBe('abcdeabcdeabcdea');
    // 2-byte offset 5, length 5; 4-byte offset 3, length 4.
    expect(inflate([14, ...literal('hello'), ((5 - 1) << 2) | 2, 5, 0, ((4 - 1) << 2) | 3, 3, 0, 0, 0])).toBe(
      'hellohellollol',
    );
  });

  it('reads long literals whose length follows the tag', () => {
    const s = 'x'.repeat(70) + 'y'.repeat(130);
    // Tag 60 << 2: one length byte (length − 1); 200 is 0xc8 0x01 as a varint.
    expect(inflate([0xc8, 0x01, 60 << 2, 199, ...Buffer.from(s, 'latin1')])).toBe(s);
  });

  it('rejects blocks that lie about their contents', () => {
    const run =
      (block: number[], size = 64) =>
      () =>
        snappyDecompress(Uint8Array.from(block), new Uint8Array(size));
    expect(run([4, ...literal('ab')])).toThrow(/preamble says 4/);
    expect(run([8, ...literal('ab'), ((6 - 4) << 2) | 1, 0])).toThrow(/copy outside/);
    expect(run([8, ...literal('ab'), ((6 - 4) << 2) | 1, 3])).toThrow(/copy outside/);
    expect(run([8, (7 << 2) | 0, 97])).toThrow(/literal runs past/);
    expect(run([100, ...literal('ab')], 10)).toThrow(/do not fit/);
  });
});
