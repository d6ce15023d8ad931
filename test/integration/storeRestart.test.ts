/**
 * Hot → warm → hot: a session is stopped mid-way, its online vectors and
 * FeatureEngine state are flushed to the lake, a fresh process restores both
 * and carries on; every feature row and the final online state must equal an
 * uninterrupted run's, bit for bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { SymbolTable } from '../../src/core/symbols.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';
import { FeatureEngine } from '../../src/features/engine.js';
import type { FeatureSet } from '../../src/features/featureSet.js';
import { emptyFeatureInput } from '../../src/features/indicator.js';
import {
  flushSession,
  loadState,
  MemoryOnlineStore,
  type OnlineStore,
  restoreOnline,
} from '../../src/store/index.js';

const FEATURES: FeatureSet = {
  name: 'restart',
  version: 1,
  features: ['rsi:14', 'macd', 'logret:5', 'bbands:20:2'],
};
const NAMES = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'LATE'];
const STEPS = 240;
const STOP = 150;
/** LATE trades only from this step on, so it has no vector when the session stops. */
const LATE_FROM = 170;
const T0 = 1_709_283_000_000_000;

/** Bars per step: a seeded random walk per symbol (ids = NAMES order). */
function makeBars(): { ts: Float64Array; close: Float64Array } {
  const rng = new Rng(99);
  const n = NAMES.length;
  const ts = new Float64Array(STEPS);
  const close = new Float64Array(STEPS * n);
  const px = NAMES.map(() => 50 + rng.next() * 100);
  for (let k = 0; k < STEPS; k++) {
    ts[k] = T0 + k * MICROS_PER_MINUTE;
    for (let s = 0; s < n; s++) {
      px[s] = px[s]! * Math.exp(0.002 * rng.normal());
      close[k * n + s] = px[s]!;
    }
  }
  return { ts, close };
}

/** Runs steps [from, to) through `engine`, writing each step's rows to `online`; returns the rows (step-major). */
async function runSteps(
  engine: FeatureEngine,
  online: OnlineStore,
  bars: { ts: Float64Array; close: Float64Array },
  from: number,
  to: number,
): Promise<Float64Array> {
  const n = NAMES.length;
  const w = engine.width;
  const out = new Float64Array((to - from) * n * w).fill(Number.NaN);
  const input = emptyFeatureInput();
  for (let k = from; k < to; k++) {
    const ids: number[] = [];
    for (let s = 0; s < n; s++) {
      if (s === n - 1 && k < LATE_FROM) continue;
      const c = bars.close[k * n + s]!;
      const prev = k > 0 ? bars.close[(k - 1) * n + s]! : c;
      input.symbolId = s;
      input.ts = bars.ts[k]!;
      input.open = prev;
      input.high = Math.max(prev, c) * 1.001;
      input.low = Math.min(prev, c) * 0.999;
      input.close = c;
      input.volume = 1000 + k;
      engine.update(s, input, out, ((k - from) * n + s) * w);
      ids.push(s);
    }
    const rowIds = Int32Array.from(ids);
    const matrix = new Float64Array(ids.length * w);
    for (const [i, s] of ids.entries()) {
      const row = (k - from) * n + s;
      matrix.set(out.subarray(row * w, (row + 1) * w), i * w);
    }
    await online.writeBatch(engine.hash, rowIds, new Float64Array(ids.length).fill(bars.ts[k]!), matrix);
  }
  return out;
}

describe('store restart: stop mid-session, restore, continue', () => {
  const root = mkdtempSync(join(tmpdir(), 'af-restart-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('matches an uninterrupted run bit for bit', async () => {
    const bars = makeBars();
    const universe = Int32Array.from(NAMES, (_, i) => i);

    const straight = new FeatureEngine(FEATURES);
    const straightOnline = new MemoryOnlineStore();
    await straightOnline.update(straight.hash, straight.width);
    const straightRows = await runSteps(straight, straightOnline, bars, 0, STEPS);

    // Process 1: runs until STOP, then flushes and dies.
    const first = new FeatureEngine(FEATURES);
    const firstOnline = new MemoryOnlineStore();
    await firstOnline.update(first.hash, first.width);
    await runSteps(first, firstOnline, bars, 0, STOP);
    const atStop = await firstOnline.read(first.hash, universe);
    const manifest = await flushSession({
      root,
      fsHash: first.hash,
      date: '2024-03-01',
      online: firstOnline,
      universe,
      symbols: new SymbolTable(NAMES),
      engineState: first.snapshot(),
    });
    expect(manifest.symbols).toEqual(NAMES.slice(0, -1));
    expect(manifest.lastEventTime).toBe(bars.ts[STOP - 1]);

    // Process 2: fresh engine, fresh online store, state from the lake.
    const saved = loadState(root, first.hash);
    expect(saved).toBeDefined();
    const second = new FeatureEngine(FEATURES);
    second.restore(saved!.engineState);
    const secondOnline = new MemoryOnlineStore();
    const table = new SymbolTable(NAMES);
    await restoreOnline(secondOnline, saved!, table);
    const restored = await secondOnline.read(second.hash, universe);
    expect(Array.from(restored.eventTimes)).toEqual(Array.from(atStop.eventTimes));
    expect(Array.from(restored.matrix)).toEqual(Array.from(atStop.matrix));

    const resumedRows = await runSteps(second, secondOnline, bars, STOP, STEPS);
    const w = straight.width;
    const tail = straightRows.subarray(STOP * NAMES.length * w);
    expect(resumedRows.length).toBe(tail.length);
    let differing = 0;
    for (let i = 0; i < tail.length; i++) if (!Object.is(resumedRows[i], tail[i])) differing++;
    expect(differing).toBe(0);
    // The rows are real numbers after warm-up, not NaN everywhere.
    expect(tail.filter((v) => Number.isFinite(v)).length).toBeGreaterThan(tail.length / 2);

    const a = await straightOnline.read(straight.hash, universe);
    const b = await secondOnline.read(second.hash, universe);
    expect(Array.from(b.eventTimes)).toEqual(Array.from(a.eventTimes));
    expect(Array.from(b.matrix)).toEqual(Array.from(a.matrix));
  });
});
