import { describe, expect, it } from 'vitest';
import { int, list, struct, ThriftReader, text } from './thriftCompact.js';

describe('ThriftReader', () => {
  it('reads a compact-protocol struct: zigzag ints, binary, lists, long field deltas, nested structs', () => {
    const bytes = Uint8Array.from([
      0x15,
      5, // field 1, i32: zigzag 5 = −3
      0x18,
      2,
      0x68,
      0x69, // field 2, binary "hi"
      0x29,
      0x36,
      2,
      1,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x40, // field 4 (delta 2), list of 3 i64: 1, −1, 2^40
      0x0c,
      40, // field 20 (long form: zigzag i16 40 = 20), struct
      0x11,
      0, // nested: field 1 true; stop
      0, // stop
    ]);
    const r = new ThriftReader(bytes);
    const s = r.readStruct();
    expect(r.pos).toBe(bytes.length);
    expect(int(s, 1)).toBe(-3);
    expect(text(s, 2)).toBe('hi');
    expect(list(s, 4)).toEqual([1, -1, 2 ** 40]);
    expect(struct(s, 20)?.get(1)).toBe(true);
    expect(int(s, 3, 7)).toBe(7);
    expect(list(s, 9)).toEqual([]);
  });

  it('a field of another type or bytes past the end is an error', () => {
    const s = new ThriftReader(Uint8Array.from([0x15, 5, 0])).readStruct();
    expect(() => text(s, 1)).toThrow(/not binary/);
    expect(() => int(s, 2)).toThrow(/not an integer/);
    expect(() => new ThriftReader(Uint8Array.from([0x18, 9, 1, 2])).readStruct()).toThrow(/past the end/);
    expect(() => new ThriftReader(Uint8Array.from([0x15])).readStruct()).toThrow(/past the end/);
  });
});
