import { describe, expect, it } from 'vitest';
import { PreviousBar, PreviousValue, RingBuffer } from './ringBuffer.js';

describe('RingBuffer', () => {
  it('returns the value displaced `capacity` pushes ago, NaN while filling', () => {
    const r = new RingBuffer(3);
    expect([1, 2, 3].map((x) => r.push(x))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(r.length).toBe(3);
    expect(r.push(4)).toBe(1);
    expect(r.push(5)).toBe(2);
  });

  it('reads by age, NaN outside what it holds', () => {
    const r = new RingBuffer(4);
    for (const x of [10, 20, 30, 40, 50, 60]) r.push(x);
    expect([0, 1, 2, 3].map((a) => r.get(a))).toEqual([60, 50, 40, 30]);
    expect(r.get(4)).toBeNaN();
    expect(r.get(-1)).toBeNaN();
    const partial = new RingBuffer(4);
    partial.push(7);
    partial.push(8);
    expect([partial.get(0), partial.get(1), partial.get(2)]).toEqual([8, 7, Number.NaN]);
  });

  it('holds its slots oldest-first right after a wrap', () => {
    const r = new RingBuffer(3);
    for (const x of [1, 2, 3, 4, 5, 6]) r.push(x);
    expect(r.wrapped).toBe(true);
    expect([...r.slotData.subarray(r.slotStart, r.slotStart + 3)]).toEqual([4, 5, 6]);
  });

  it('locates the newest value in its slots', () => {
    const r = new RingBuffer(3);
    for (const x of [1, 2, 3, 4]) {
      r.push(x);
      expect(r.slotData[r.slotStart + r.newestSlot]).toBe(x);
    }
  });

  it('reports the wrap once per `capacity` pushes', () => {
    const r = new RingBuffer(3);
    const wraps: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      r.push(i);
      wraps.push(r.wrapped);
    }
    expect(wraps).toEqual([false, false, true, false, false, true, false]);
  });

  it('saves and loads its whole state; reset empties it', () => {
    const r = new RingBuffer(3);
    for (const x of [1, 2, 3, 4]) r.push(x);
    const slots = new Float64Array(r.stateSize + 1);
    r.save(slots, 1);
    const q = new RingBuffer(3);
    q.load(slots, 1);
    expect(q.push(5)).toBe(r.push(5));
    expect([q.get(0), q.get(1), q.get(2)]).toEqual([5, 4, 3]);
    q.reset();
    expect(q.length).toBe(0);
    expect(q.push(9)).toBeNaN();
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('PreviousValue and PreviousBar', () => {
  /** Saved slots of a block. */
  const slots = (r: RingBuffer) => {
    const out = new Float64Array(r.stateSize);
    r.save(out, 0);
    return [...out];
  };

  it('PreviousValue pushes exactly as a RingBuffer(1)', () => {
    const plain = new RingBuffer(1);
    const prev = new PreviousValue();
    for (const x of [3, Number.NaN, 5, 5, -1]) {
      expect(Object.is(prev.push(x), plain.push(x))).toBe(true);
      expect(slots(prev)).toEqual(slots(plain));
    }
  });

  it('PreviousBar swaps one bar of k values as a RingBuffer(k) pushed k times per bar', () => {
    const plain = new RingBuffer(3);
    const prev = new PreviousBar(3);
    expect(slots(prev)).toEqual(slots(plain));
    for (const bar of [
      [1, 2, 3],
      [4, 5, 6],
      [7, Number.NaN, 9],
    ]) {
      const swapped = bar.map((x, i) => prev.swap(i, x));
      const pushed = bar.map((x) => plain.push(x));
      expect(swapped).toEqual(pushed);
      expect(slots(prev)).toEqual(slots(plain));
    }
  });
});
