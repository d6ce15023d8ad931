import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { randomInputs } from './context/indicatorChecks.js';
import { DEFAULT_FEATURE_SET } from './defaultFeatureSet.js';
import { FeatureEngine } from './engine.js';
import type { FeatureInput } from './indicator.js';
import { CTL_DONE, CTL_SEQ, ShardedFeatureEngine, shardOf } from './shardedEngine.js';

// Symbol ids with gaps, spread over several runs so that both workers own some.
const IDS = [0, 1, 2, 5, 7, 8, 9, 15, 16, 17, 23, 24, 30, 31, 40, 41, 47, 63, 64, 90];
const TICKS = 140;
/** Each symbol's bars; symbol 9 skips every fifth tick (a tick need not hold every symbol). */
const BARS = new Map(
  IDS.map((id, k) => [id, randomInputs(100 + k, TICKS).map((b) => ({ ...b, symbolId: id }))]),
);

/** The rows of tick t: (symbol, bar) in ascending symbol order. */
function tickRows(t: number): FeatureInput[] {
  return IDS.filter((id) => !(id === 9 && t % 5 === 0)).map((id) => BARS.get(id)![t]!);
}

/** Feeds tick t to both engines; returns the sharded vectors' bytes and the single engine's. */
async function both(
  single: FeatureEngine,
  sharded: ShardedFeatureEngine,
  t: number,
): Promise<[Buffer, Buffer]> {
  const rows = tickRows(t);
  const w = single.width;
  const expected = new Float64Array(rows.length * w);
  rows.forEach((bar, i) => {
    single.update(bar.symbolId, bar, expected, i * w);
    sharded.setRow(i, bar);
  });
  await sharded.tick(rows.length);
  return [Buffer.from(sharded.vectors.slice(0, rows.length * w).buffer), Buffer.from(expected.buffer)];
}

/** Offset of the last symbol's first indicator part (FeatureEngine's snapshot format, see engine.ts). */
function firstPartOfLastSymbol(bytes: Uint8Array, indicators: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8 + 32 + 4;
  let first = -1;
  for (let s = view.getUint32(40, true); s > 0; s--) {
    at += 12;
    first = at + 4;
    for (let j = 0; j < indicators; j++) at += 4 + view.getUint32(at, true);
  }
  expect(at).toBe(bytes.byteLength);
  return first;
}

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; row?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; row?: number; message: string };
  }
  throw new Error('expected a rejection');
}

describe('ShardedFeatureEngine', () => {
  let sharded: ShardedFeatureEngine;
  beforeAll(async () => {
    sharded = await ShardedFeatureEngine.start(DEFAULT_FEATURE_SET, { shards: 2, capacity: IDS.length });
  });
  afterAll(async () => {
    await sharded.close();
  });

  it('deals the symbols to both workers', () => {
    const owners = new Set(IDS.map((id) => shardOf(id, 2)));
    expect([...owners].sort()).toEqual([0, 1]);
  });

  it('gives the single engine’s vectors, its snapshot bytes, and continues either one’s snapshot', async () => {
    const single = new FeatureEngine(DEFAULT_FEATURE_SET);
    await sharded.reset();
    for (let t = 0; t < 110; t++) {
      const [got, want] = await both(single, sharded, t);
      if (!got.equals(want)) expect.fail(`tick ${t} differs`);
    }
    // Past every warm-up (hurst:100 is the longest), so the snapshot holds real state.
    expect(single.isReady(IDS[0]!)).toBe(true);
    const bytes = await sharded.snapshot();
    expect(Buffer.from(bytes).equals(Buffer.from(single.snapshot()))).toBe(true);

    // A single engine restored from the sharded snapshot, and a second sharded engine restored from the
    // single one's, both continue exactly as the uninterrupted engines do.
    const fromSharded = new FeatureEngine(DEFAULT_FEATURE_SET);
    fromSharded.restore(bytes);
    const other = await ShardedFeatureEngine.start(DEFAULT_FEATURE_SET, { shards: 3, capacity: IDS.length });
    try {
      await other.restore(single.snapshot());
      expect(other.lastEventTime(90)).toBe(single.lastEventTime(90));
      for (let t = 110; t < TICKS; t++) {
        const [got, want] = await both(single, sharded, t);
        if (!got.equals(want)) expect.fail(`tick ${t} differs after the snapshot`);
        const [otherGot, restored] = await both(fromSharded, other, t);
        if (!restored.equals(want)) expect.fail(`tick ${t}: restored single engine differs`);
        if (!otherGot.equals(want)) expect.fail(`tick ${t}: restored sharded engine (3 workers) differs`);
      }
    } finally {
      await other.close();
    }
  }, 60_000);

  it('runs a command once when its notify comes after the workers already ran it', async () => {
    // The caller increments the sequence number, then notifies. Descheduled in between, it can notify
    // workers that saw the new number, ran the tick and parked again: that notify must not run it twice.
    const { control } = sharded as unknown as { control: Int32Array };
    const single = new FeatureEngine(DEFAULT_FEATURE_SET);
    await sharded.reset();
    await both(single, sharded, 0);
    let woken = 0;
    for (let tries = 0; tries < 500 && woken < 2; tries++) {
      await new Promise((r) => setTimeout(r, 2));
      woken = Atomics.notify(control, CTL_SEQ);
    }
    expect(woken).toBe(2);
    // A rerun would fail at once (a duplicate bar) and still count itself done.
    await new Promise((r) => setTimeout(r, 100));
    expect(Atomics.load(control, CTL_DONE)).toBe(2);
    for (let t = 1; t < 5; t++) {
      const [got, want] = await both(single, sharded, t);
      if (!got.equals(want)) expect.fail(`tick ${t} differs after the late notify`);
    }
    expect(Buffer.from(await sharded.snapshot()).equals(Buffer.from(single.snapshot()))).toBe(true);
  }, 60_000);

  it('rejects a tick with a bad row before any symbol moves, naming the row and rule', async () => {
    const single = new FeatureEngine(DEFAULT_FEATURE_SET);
    await sharded.reset();
    for (let t = 0; t < 30; t++) await both(single, sharded, t);
    const rows = tickRows(30);
    const stale = { ...rows[7]!, ts: rows[7]!.ts - 120e6 };
    for (const [i, bar] of rows.entries()) sharded.setRow(i, i === 7 ? stale : bar);
    const outOfOrder = await errorOf(sharded.tick(rows.length));
    expect(outOfOrder.code).toBe(ErrorCode.OutOfOrder);
    expect(outOfOrder.row).toBe(8);

    for (const [i, bar] of rows.entries()) sharded.setRow(i, i === 3 ? { ...bar, close: Number.NaN } : bar);
    expect((await errorOf(sharded.tick(rows.length))).code).toBe(ErrorCode.NonFinite);

    for (const [i, bar] of rows.entries()) sharded.setRow(i, bar);
    sharded.setRow(5, rows[4]!);
    const repeated = await errorOf(sharded.tick(rows.length));
    expect(repeated.code).toBe(ErrorCode.InvalidInput);
    expect(repeated.row).toBe(6);

    // Nothing moved: the good tick now gives what the engine that never saw the bad ones gives.
    for (let t = 30; t < 40; t++) {
      const [got, want] = await both(single, sharded, t);
      if (!got.equals(want)) expect.fail(`tick ${t} differs after the rejected ticks`);
    }
  }, 60_000);

  it('refuses a corrupt or foreign snapshot and keeps its state', async () => {
    const single = new FeatureEngine(DEFAULT_FEATURE_SET);
    await sharded.reset();
    for (let t = 0; t < 20; t++) await both(single, sharded, t);
    const bytes = await sharded.snapshot();
    // Move on, so that swapping in any part of the older snapshot would show in the next ticks.
    for (let t = 20; t < 25; t++) await both(single, sharded, t);
    // Damage an indicator part of the last symbol (id 90, owned by one worker only): framing stays valid,
    // so it is that worker's staging that refuses, and the other worker must not have swapped either.
    const damaged = bytes.slice();
    const kindAt = firstPartOfLastSymbol(damaged, single.featureSet.features.length) + 4;
    damaged[kindAt] = damaged[kindAt]! ^ 0xff;
    const corrupt = await errorOf(sharded.restore(damaged));
    expect(corrupt.code).toBe(ErrorCode.CorruptFile);
    const foreign = new FeatureEngine({ name: 'other', version: 1, features: ['rsi:14'] });
    expect((await errorOf(sharded.restore(foreign.snapshot()))).code).toBe(ErrorCode.FeatureSetMismatch);
    for (let t = 25; t < 35; t++) {
      const [got, want] = await both(single, sharded, t);
      if (!got.equals(want)) expect.fail(`tick ${t} differs after the refused restores`);
    }
  }, 60_000);

  it('refuses every command once a worker has died, instead of waiting for it', async () => {
    const e = await ShardedFeatureEngine.start(DEFAULT_FEATURE_SET, { shards: 2, capacity: IDS.length });
    try {
      const rows = tickRows(0);
      for (const [i, bar] of rows.entries()) e.setRow(i, bar);
      await e.tick(rows.length);
      const { parts } = e as unknown as { parts: { worker: { terminate(): Promise<number> } }[] };
      await parts[1]!.worker.terminate();
      const next = tickRows(1);
      for (const [i, bar] of next.entries()) e.setRow(i, bar);
      await expect(e.tick(next.length)).rejects.toThrow(/worker 1/);
      await expect(e.snapshot()).rejects.toThrow(/worker 1/);
    } finally {
      await e.close();
    }
  }, 60_000);

  it('is unusable once closed', async () => {
    const e = await ShardedFeatureEngine.start(
      { name: 'small', version: 1, features: ['rsi:3'] },
      {
        shards: 1,
        capacity: 4,
      },
    );
    await e.close();
    await expect(e.tick(0)).rejects.toThrow(/closed/);
  });
});
