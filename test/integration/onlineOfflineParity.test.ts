/**
 * Online/offline parity on a replayed day of 500 symbols, every registered
 * indicator: the streaming engine driven tick by tick (all symbols at one
 * minute, then the next, as live would) writes the online store; batch mode
 * writes the offline Parquet store. At checkpoints the online vectors must
 * equal the offline rows for the same (symbol, time) bit for bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calendarByName } from '../../src/data/calendar/index.js';
import { BAR_MICROS, generateMarket } from '../../src/data/synthetic/index.js';
import { computeFeatures } from '../../src/features/batch.js';
import { FeatureEngine } from '../../src/features/engine.js';
import { type FeatureSet, featureSetHash } from '../../src/features/featureSet.js';
import { emptyFeatureInput } from '../../src/features/indicator.js';
import { listIndicators } from '../../src/features/registry.js';
import { MemoryOnlineStore } from '../../src/store/memoryOnlineStore.js';
import { ParquetOfflineStore } from '../../src/store/parquetOfflineStore.js';

const dir = mkdtempSync(join(tmpdir(), 'af-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('online vs offline feature parity', () => {
  it('is bit-identical for every indicator over 500 symbols and one session', async () => {
    const m = generateMarket({ symbols: 500, days: 1, seed: 5 });
    const fs: FeatureSet = { name: 'everything', version: 1, features: listIndicators().map((s) => s.name) };
    const hash = featureSetHash(fs);
    const calendar = calendarByName('nyse');
    const context = {
      marketSymbol: m.indexId,
      sectorOf: m.sectors,
      sectorIndexSymbol: m.sectorIndexIds,
      quotes: m.quotes,
      barIntervalUs: BAR_MICROS,
      calendar,
    };

    // Offline: batch mode into the Parquet store, then read back.
    const batch = computeFeatures(m.frame, fs, context);
    const offline = await ParquetOfflineStore.open(join(dir, 'lake'));
    const cols = { hash, columns: batch.names };
    await offline.write(cols, m.symbols, {
      symbolIds: m.frame.symbol,
      ts: m.frame.ts,
      knownAt: m.frame.knownAt,
      matrix: batch.values,
      nCols: batch.width,
    });
    const allIds = Int32Array.from({ length: m.symbols.size }, (_, i) => i);
    const stored = await offline.read(cols, m.symbols, {
      symbolIds: allIds,
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
    });
    offline.close();
    expect(stored.ts.length).toBe(m.frame.length);

    // Online: the streaming engine, one universe tick at a time, written to the online store.
    const engine = new FeatureEngine(fs);
    const online = new MemoryOnlineStore();
    await online.update(hash, engine.width);
    const nSym = m.symbols.size;
    const perSymbol = m.frame.length / nSym; // every symbol has every bar
    const tickRows = new Float64Array(nSym * engine.width);
    const tickTimes = new Float64Array(nSym);
    const input = emptyFeatureInput();
    const { frame, quotes } = m;
    let checked = 0;
    for (let k = 0; k < perSymbol; k++) {
      for (let s = 0; s < nSym; s++) {
        const i = s * perSymbol + k; // row of symbol s at minute k
        const t = frame.ts[i]!;
        const sector = m.sectors[s]!;
        Object.assign(input, {
          symbolId: s,
          sectorId: sector,
          ts: t,
          open: frame.open[i],
          high: frame.high[i],
          low: frame.low[i],
          close: frame.close[i],
          volume: frame.volume[i],
          vwap: frame.vwap[i],
          // The quote in force strictly before the bar's close (batch.ts's rule): the previous bar's.
          bid: k > 0 ? quotes.bid[i - 1] : Number.NaN,
          ask: k > 0 ? quotes.ask[i - 1] : Number.NaN,
          bidSize: k > 0 ? quotes.bidSize[i - 1] : Number.NaN,
          askSize: k > 0 ? quotes.askSize[i - 1] : Number.NaN,
          marketClose: frame.close[m.indexId * perSymbol + k],
          sectorClose: sector >= 0 ? frame.close[m.sectorIndexIds[sector]! * perSymbol + k] : Number.NaN,
          sessionOpen: calendar.sessionAt(t)!.open,
          sessionClose: calendar.sessionAt(t)!.close,
        });
        engine.update(s, input, tickRows, s * engine.width);
        tickTimes[s] = t;
      }
      await online.writeBatch(hash, allIds, tickTimes, tickRows);
      if (k % 39 === 38 || k === perSymbol - 1) {
        const v = await online.read(hash, allIds);
        for (let s = 0; s < nSym; s++) {
          const row = s * perSymbol + k; // the store reads back sorted by (symbol, ts) like the frame
          expect(stored.symbolIds[row]).toBe(s);
          expect(stored.ts[row]).toBe(v.eventTimes[s]);
          const a = Buffer.from(
            v.matrix.buffer,
            v.matrix.byteOffset + s * engine.width * 8,
            engine.width * 8,
          );
          const b = Buffer.from(
            stored.matrix.buffer,
            stored.matrix.byteOffset + row * engine.width * 8,
            engine.width * 8,
          );
          if (!a.equals(b)) expect.fail(`symbol ${m.symbols.name(s)} minute ${k} differs online vs offline`);
          checked++;
        }
      }
    }
    expect(checked).toBe(nSym * 10); // minutes 38, 77, …, 389 (the last)
    const outputs = listIndicators().reduce(
      (n, spec) => n + spec.outputs(spec.params.map((p) => p.default)).length,
      0,
    );
    expect(engine.width).toBe(outputs);
  }, 180_000);
});
