import { describe, expect, it } from 'vitest';
import { MemoryOnlineStore } from './memoryOnlineStore.js';
import { describeOnlineStoreContract } from './onlineStoreContract.js';

describeOnlineStoreContract('memory', { open: async () => new MemoryOnlineStore(), persistent: false });

describe('MemoryOnlineStore', () => {
  it('grows past its preallocated symbol slots without losing stored vectors', async () => {
    const store = new MemoryOnlineStore({ initialSymbols: 2 });
    await store.update('h', 2);
    await store.writeBatch('h', Int32Array.of(1), Float64Array.of(10), Float64Array.of(1, 2));
    await store.writeBatch('h', Int32Array.of(9, 0), Float64Array.of(20, 30), Float64Array.of(3, 4, 5, 6));
    const r = await store.read('h', Int32Array.of(0, 1, 9, 4, 100));
    expect(Array.from(r.eventTimes)).toEqual([30, 10, 20, Number.NaN, Number.NaN]);
    expect(Array.from(r.matrix.subarray(0, 6))).toEqual([5, 6, 1, 2, 3, 4]);
  });

  it('gathers runs of consecutive ids, short runs, repeats and ids past its slots like a row-by-row lookup', async () => {
    const nCols = 3;
    const store = new MemoryOnlineStore({ initialSymbols: 16 });
    await store.update('h', nCols);
    const written = Int32Array.from({ length: 16 }, (_, i) => i);
    const times = Float64Array.from(written, (id) => 1000 + id);
    const m = Float64Array.from({ length: 16 * nCols }, (_, k) => k * 0.5);
    await store.writeBatch('h', written, times, m);
    // A long run, a run crossing the last slot, a short run, a repeat, reversed ids.
    const ask = Int32Array.of(2, 3, 4, 5, 6, 13, 14, 15, 16, 17, 9, 10, 9, 1, 0, 40);
    const r = await store.read('h', ask);
    ask.forEach((id, i) => {
      const stored = id < 16;
      expect(r.eventTimes[i]).toEqual(stored ? 1000 + id : Number.NaN);
      for (let c = 0; c < nCols; c++) {
        expect(r.matrix[i * nCols + c]).toEqual(stored ? (id * nCols + c) * 0.5 : Number.NaN);
      }
    });
  });
});
