import { describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../../core/errors.js';
import { RingBuffer } from './ringBuffer.js';
import { decodeState, encodeState, stateKind, stateSlots } from './snapshotCodec.js';

describe('snapshot codec', () => {
  it('round-trips raw arrays and blocks, also from an unaligned view', () => {
    const a = Float64Array.of(1.5, Number.NaN, -0);
    const r = new RingBuffer(2);
    r.push(7);
    const kind = stateKind('demo:1');
    const bytes = encodeState(kind, [a, r]);
    expect(stateSlots([a, r])).toBe(3 + r.stateSize);
    expect(bytes.byteLength).toBe(8 + 8 * (3 + r.stateSize));
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const a2 = new Float64Array(3);
    const r2 = new RingBuffer(2);
    decodeState(kind, shifted.subarray(3), [a2, r2], 'demo');
    expect(Object.is(a2[2], -0)).toBe(true);
    expect(a2[0]).toBe(1.5);
    expect(a2[1]).toBeNaN();
    expect(r2.get(0)).toBe(7);
  });

  it('rejects another kind, another length or another version with E_CORRUPT_FILE, leaving parts untouched', () => {
    const a = Float64Array.of(1, 2);
    const bytes = encodeState(stateKind('x:1'), [a]);
    const target = Float64Array.of(9, 9);
    const attempts = [
      () => decodeState(stateKind('x:2'), bytes, [target], 'x'),
      () => decodeState(stateKind('x:1'), bytes, [new Float64Array(3)], 'x'),
      () => {
        const v = bytes.slice();
        v[0] = 2;
        decodeState(stateKind('x:1'), v, [target], 'x');
      },
    ];
    for (const f of attempts) {
      try {
        f();
        expect.unreachable('decode should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(AlphaflowError);
        expect((e as AlphaflowError).code).toBe(ErrorCode.CorruptFile);
      }
    }
    expect([...target]).toEqual([9, 9]);
  });

  it('derives distinct kinds from distinct tokens', () => {
    expect(stateKind('rsi:14')).not.toBe(stateKind('rsi:15'));
    expect(stateKind('rsi:14')).toBe(stateKind('rsi:14'));
  });
});
