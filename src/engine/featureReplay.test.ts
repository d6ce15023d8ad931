import { describe, expect, it } from 'vitest';
import { calendarByName } from '../data/calendar/index.js';
import { BAR_MICROS, generateMarket } from '../data/synthetic/index.js';
import { computeFeatures } from '../features/batch.js';
import type { FeatureSet } from '../features/featureSet.js';
import { listIndicators } from '../features/registry.js';
import { replayFeatures } from './featureReplay.js';

describe('replayFeatures', () => {
  const m = generateMarket({ symbols: 24, days: 2, seed: 9 });
  const context = {
    marketSymbol: m.indexId,
    sectorOf: m.sectors,
    sectorIndexSymbol: m.sectorIndexIds,
    quotes: m.quotes,
    barIntervalUs: BAR_MICROS,
    calendar: calendarByName('nyse'),
  };
  const fs: FeatureSet = { name: 'everything', version: 1, features: listIndicators().map((s) => s.name) };

  it('gives, tick by tick, exactly the batch features of every indicator', async () => {
    const batch = computeFeatures(m.frame, fs, context);
    const w = batch.width;
    let lastTs = Number.NEGATIVE_INFINITY;
    let compared = 0;
    const summary = await replayFeatures(m.frame, fs, context, (tick) => {
      expect(tick.ts).toBeGreaterThan(lastTs);
      lastTs = tick.ts;
      for (let k = 0; k < tick.count; k++) {
        const row = tick.frameRows[k]!;
        expect(m.frame.ts[row]).toBe(tick.ts);
        expect(m.frame.symbol[row]).toBe(tick.symbolIds[k]);
        if (k > 0) expect(tick.symbolIds[k]).toBeGreaterThan(tick.symbolIds[k - 1]!);
        const a = Buffer.from(tick.vectors.buffer, tick.vectors.byteOffset + k * w * 8, w * 8);
        const b = Buffer.from(batch.values.buffer, batch.values.byteOffset + row * w * 8, w * 8);
        if (!a.equals(b)) expect.fail(`row ${row} (${m.symbols.name(tick.symbolIds[k]!)}) differs`);
        compared++;
      }
    });
    expect(compared).toBe(m.frame.length);
    expect(summary.bars).toBe(m.frame.length);
    expect(summary.hash).toBe(batch.hash);
    expect(summary.ticks).toBe(2 * 390);
  }, 60_000);

  it('gives the same vectors with the symbols split over two worker threads', async () => {
    const batch = computeFeatures(m.frame, fs, context);
    const w = batch.width;
    let compared = 0;
    const summary = await replayFeatures(
      m.frame,
      fs,
      context,
      (tick) => {
        for (let k = 0; k < tick.count; k++) {
          const row = tick.frameRows[k]!;
          const a = Buffer.from(tick.vectors.buffer, tick.vectors.byteOffset + k * w * 8, w * 8);
          const b = Buffer.from(batch.values.buffer, batch.values.byteOffset + row * w * 8, w * 8);
          if (!a.equals(b)) expect.fail(`row ${row} (${m.symbols.name(tick.symbolIds[k]!)}) differs`);
          compared++;
        }
      },
      { threads: 2 },
    );
    expect(compared).toBe(m.frame.length);
    expect(summary.hash).toBe(batch.hash);
  }, 60_000);

  it('refuses quotes without a bar length', async () => {
    await expect(replayFeatures(m.frame, fs, { quotes: m.quotes }, () => {})).rejects.toThrow(
      /barIntervalUs/,
    );
  });
});
