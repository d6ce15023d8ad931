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
});
