/**
 * The one contract test suite of the OnlineStore port, run against every
 * adapter: memory in memoryOnlineStore.test.ts, Redis in
 * test/integration/redisOnlineStore.test.ts. Test-only (imports vitest), so
 * it is not exported from index.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { allocateVectors, type OnlineStore } from './onlineStore.js';

export interface OnlineStoreAdapter {
  /** A store over the adapter's backend; persistent backends hand out stores over the SAME data. */
  open(): Promise<OnlineStore>;
  /** True when data outlives a store instance (Redis), false when it dies with it (memory). */
  persistent: boolean;
}

function expectCode(err: unknown, code: string): void {
  expect(err).toBeInstanceOf(AlphaflowError);
  expect((err as AlphaflowError).code).toBe(code);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** Registers the contract tests for one adapter. */
export function describeOnlineStoreContract(name: string, adapter: OnlineStoreAdapter): void {
  describe(`OnlineStore contract: ${name}`, () => {
    const open: OnlineStore[] = [];
    let seq = 0;
    // Every test uses its own feature set, so tests never see each other's vectors.
    const freshHash = (): string => `contract${name.replace(/[^A-Za-z0-9]/g, '')}${++seq}`;
    const openStore = async (): Promise<OnlineStore> => {
      const s = await adapter.open();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.teardown();
    });

    it('reads NaN rows and NaN event times for symbols never written', async () => {
      const store = await openStore();
      const h = freshHash();
      await store.update(h, 3);
      await store.writeBatch(h, Int32Array.of(2), Float64Array.of(100), Float64Array.of(1, 2, 3));
      const r = await store.read(h, Int32Array.of(0, 2, 7, 5000));
      expect(Array.from(r.eventTimes)).toEqual([Number.NaN, 100, Number.NaN, Number.NaN]);
      expect(Array.from(r.matrix)).toEqual([
        ...[Number.NaN, Number.NaN, Number.NaN],
        ...[1, 2, 3],
        ...[Number.NaN, Number.NaN, Number.NaN],
        ...[Number.NaN, Number.NaN, Number.NaN],
      ]);
    });

    it('round-trips a whole universe bit-exactly, rows in the order asked (NaN, -0 and extremes kept)', async () => {
      const store = await openStore();
      const h = freshHash();
      const rng = new Rng(7);
      const n = 2500;
      const nCols = 40;
      await store.update(h, nCols);
      const ids = Int32Array.from({ length: n }, (_, i) => i * 2);
      const times = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000_000 + i);
      const m = Float64Array.from({ length: n * nCols }, () => rng.normal() * 1e6);
      m[0] = Number.NaN;
      m[1] = -0;
      m[2] = Number.MAX_VALUE;
      m[3] = Number.MIN_VALUE;
      await store.writeBatch(h, ids, times, m);
      const ask = Int32Array.from({ length: n }, (_, i) => ids[n - 1 - i]!);
      const r = await store.read(h, ask);
      const mismatches: string[] = [];
      for (let i = 0; i < n; i++) {
        const src = n - 1 - i;
        if (r.eventTimes[i] !== times[src]) mismatches.push(`eventTimes[${i}]`);
        for (let c = 0; c < nCols; c++) {
          if (!Object.is(r.matrix[i * nCols + c], m[src * nCols + c])) mismatches.push(`matrix[${i}, ${c}]`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('keeps the newest event time: an older write is ignored, an equal one replaces, a newer one replaces', async () => {
      const store = await openStore();
      const h = freshHash();
      await store.update(h, 2);
      const id = Int32Array.of(4);
      await store.writeBatch(h, id, Float64Array.of(1000), Float64Array.of(1, 1));
      await store.writeBatch(h, id, Float64Array.of(999), Float64Array.of(2, 2));
      let r = await store.read(h, id);
      expect([r.eventTimes[0], ...r.matrix]).toEqual([1000, 1, 1]);
      await store.writeBatch(h, id, Float64Array.of(1000), Float64Array.of(3, 3));
      r = await store.read(h, id);
      expect([r.eventTimes[0], ...r.matrix]).toEqual([1000, 3, 3]);
      await store.writeBatch(h, id, Float64Array.of(1001), Float64Array.of(4, 4));
      r = await store.read(h, id);
      expect([r.eventTimes[0], ...r.matrix]).toEqual([1001, 4, 4]);
    });

    it('applies the rows of one batch in order (a stale row after a newer one is ignored)', async () => {
      const store = await openStore();
      const h = freshHash();
      await store.update(h, 1);
      await store.writeBatch(
        h,
        Int32Array.of(1, 1, 2, 2),
        Float64Array.of(10, 20, 30, 25),
        Float64Array.of(1.5, 2.5, 3.5, 4.5),
      );
      const r = await store.read(h, Int32Array.of(1, 2));
      expect(Array.from(r.eventTimes)).toEqual([20, 30]);
      expect(Array.from(r.matrix)).toEqual([2.5, 3.5]);
    });

    it('keeps feature sets apart', async () => {
      const store = await openStore();
      const a = freshHash();
      const b = freshHash();
      await store.update(a, 1);
      await store.update(b, 2);
      await store.writeBatch(a, Int32Array.of(0), Float64Array.of(5), Float64Array.of(1));
      await store.writeBatch(b, Int32Array.of(0), Float64Array.of(6), Float64Array.of(2, 3));
      expect(Array.from((await store.read(a, Int32Array.of(0))).matrix)).toEqual([1]);
      expect(Array.from((await store.read(b, Int32Array.of(0))).matrix)).toEqual([2, 3]);
    });

    it('fills the caller-supplied output, overwriting stale contents', async () => {
      const store = await openStore();
      const h = freshHash();
      await store.update(h, 2);
      await store.writeBatch(h, Int32Array.of(1), Float64Array.of(42), Float64Array.of(7, 8));
      const out = allocateVectors(2, 2);
      out.eventTimes.fill(-1);
      out.matrix.fill(-1);
      const r = await store.read(h, Int32Array.of(0, 1), out);
      expect(r).toBe(out);
      expect(Array.from(out.eventTimes)).toEqual([Number.NaN, 42]);
      expect(Array.from(out.matrix)).toEqual([Number.NaN, Number.NaN, 7, 8]);
    });

    it('rejects an undeclared feature set, a width change and malformed batches with typed errors', async () => {
      const store = await openStore();
      const h = freshHash();
      expectCode(await rejection(store.read(h, Int32Array.of(0))), ErrorCode.NotFound);
      await store.update(h, 2);
      await store.update(h, 2);
      expect(store.width(h)).toBe(2);
      expectCode(await rejection(store.update(h, 3)), ErrorCode.FeatureSetMismatch);
      expectCode(await rejection(store.update('bad hash*', 2)), ErrorCode.InvalidInput);
      const one = Int32Array.of(0);
      expectCode(
        await rejection(store.writeBatch(h, one, Float64Array.of(1), Float64Array.of(1))),
        ErrorCode.InvalidInput,
      );
      expectCode(
        await rejection(store.writeBatch(h, one, Float64Array.of(1, 2), Float64Array.of(1, 2))),
        ErrorCode.InvalidInput,
      );
      expectCode(
        await rejection(store.writeBatch(h, Int32Array.of(-1), Float64Array.of(1), Float64Array.of(1, 2))),
        ErrorCode.InvalidInput,
      );
      expectCode(
        await rejection(store.writeBatch(h, one, Float64Array.of(Number.NaN), Float64Array.of(1, 2))),
        ErrorCode.NonFinite,
      );
      expectCode(
        await rejection(store.writeBatch(h, one, Float64Array.of(1.5), Float64Array.of(1, 2))),
        ErrorCode.NonFinite,
      );
      // A rejected batch stored nothing.
      expect(Array.from((await store.read(h, one)).eventTimes)).toEqual([Number.NaN]);
    });

    if (adapter.persistent) {
      it('serves vectors written by another store instance after it closed', async () => {
        const h = freshHash();
        const writer = await adapter.open();
        await writer.update(h, 2);
        await writer.writeBatch(h, Int32Array.of(3), Float64Array.of(77), Float64Array.of(0.5, -0.5));
        await writer.close();
        const reader = await openStore();
        await reader.update(h, 2);
        const r = await reader.read(h, Int32Array.of(3));
        expect([r.eventTimes[0], ...r.matrix]).toEqual([77, 0.5, -0.5]);
      });

      it('teardown deletes the vectors of its feature sets and nothing else', async () => {
        const gone = freshHash();
        const kept = freshHash();
        const a = await adapter.open();
        await a.update(gone, 1);
        await a.writeBatch(gone, Int32Array.of(0, 1), Float64Array.of(1, 1), Float64Array.of(1, 2));
        const b = await openStore();
        await b.update(kept, 1);
        await b.writeBatch(kept, Int32Array.of(0), Float64Array.of(1), Float64Array.of(9));
        await a.teardown();
        await b.update(gone, 1);
        expect(Array.from((await b.read(gone, Int32Array.of(0, 1))).eventTimes)).toEqual([
          Number.NaN,
          Number.NaN,
        ]);
        expect(Array.from((await b.read(kept, Int32Array.of(0))).matrix)).toEqual([9]);
      });
    }

    it('forgets every declared feature set on teardown', async () => {
      const store = await adapter.open();
      const h = freshHash();
      await store.update(h, 1);
      await store.writeBatch(h, Int32Array.of(0), Float64Array.of(1), Float64Array.of(9));
      await store.teardown();
      expect(() => store.width(h)).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
    });
  });
}
