import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAR_FLOAT_FIELDS, BarFrame } from '../../core/barFrame.js';
import { parseIsoMicros } from '../../core/time.js';
import { calendarByName } from '../../data/calendar/index.js';
import { ParquetLake } from '../../data/lake/index.js';
import { generateMarket } from '../../data/synthetic/index.js';
import { featureContextOf, loadResearchData } from '../../engine/researchData.js';
import { computeFeatures } from '../../features/batch.js';
import { DEFAULT_FEATURE_SET } from '../../features/defaultFeatureSet.js';
import { featureSetHash, resolveFeatureSet } from '../../features/featureSet.js';
import { ParquetOfflineStore } from '../../store/index.js';
import { runCli } from '../runCli.testkit.js';
import { registerDataCommands } from './data.js';
import { registerFeatureCommands } from './features.js';

const groups = [registerDataCommands, registerFeatureCommands];
const dir = mkdtempSync(join(tmpdir(), 'af-feature-store-'));
const lake = join(dir, 'lake');

async function json(args: string[]) {
  const r = await runCli(groups, [...args, '--json']);
  return { ...r, result: JSON.parse(r.stdout) };
}

beforeAll(async () => {
  const g = await json(['data', 'generate', '--lake', lake, '--symbols', '20', '--days', '2', '--seed', '3']);
  expect(g.exitCode).toBeUndefined();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alphaflow features build|show|diff', () => {
  it('diff before build says to build first', async () => {
    const r = await json(['features', 'diff', '--lake', lake]);
    expect(r.exitCode).toBe(2);
    expect(r.result.error.code).toBe('E_NOT_FOUND');
    expect(r.result.error.rule).toMatch(/features build/);
  });

  it('build writes one row per bar; show gives the set and the vector known at a time', async () => {
    const b = await json(['features', 'build', '--lake', lake]);
    expect(b.exitCode).toBeUndefined();
    const data = await loadResearchData({ lakeRoot: lake });
    expect(b.result.rows).toBe(data.bars.length);
    expect(b.result.hash).toBe(featureSetHash(DEFAULT_FEATURE_SET));

    const s = await json(['features', 'show', '--lake', lake]);
    expect(s.result.hash).toBe(b.result.hash);
    expect(s.result.columns.map((c: { name: string }) => c.name)).toEqual(
      resolveFeatureSet(DEFAULT_FEATURE_SET).columns.map((c) => c.name),
    );

    // Asked at a bar's close, the answer is that bar's own features (known at its close).
    const id = data.bars.symbols.lookup('SYN0004');
    const [lo] = data.bars.symbolRange(id);
    const row = lo + 200;
    const at = data.bars.knownAt[row]!;
    const v = await json([
      'features',
      'show',
      '--lake',
      lake,
      '--symbol',
      'SYN0004',
      '--at',
      new Date(at / 1000).toISOString(),
    ]);
    expect(parseIsoMicros(v.result.vector.eventTime)).toBe(data.bars.ts[row]);
    const batch = computeFeatures(
      data.bars,
      DEFAULT_FEATURE_SET,
      featureContextOf(data.universe, data.quotes, 60_000_000, calendarByName('nyse')),
    );
    batch.names.forEach((name, j) => {
      const expected = batch.values[row * batch.width + j]!;
      expect(v.result.vector.values[name]).toBe(Number.isNaN(expected) ? null : expected);
    });

    const missing = await json([
      'features',
      'show',
      '--lake',
      lake,
      '--symbol',
      'NOPE',
      '--at',
      '2024-01-02T15:00:00Z',
    ]);
    expect(missing.exitCode).toBe(2);
    expect(missing.result.error.column).toBe('symbol');
  }, 60_000);

  it('a second build writes nothing: every row is already stored', async () => {
    const again = await json(['features', 'build', '--lake', lake]);
    expect(again.exitCode).toBeUndefined();
    const bars = (await loadResearchData({ lakeRoot: lake })).bars.length;
    expect(again.result).toMatchObject({ rows: 0, alreadyStored: bars });
  });

  it('diff finds the streaming (online) vectors bit-identical to the offline rows', async () => {
    const d = await json(['features', 'diff', '--lake', lake]);
    expect(d.exitCode).toBeUndefined();
    const bars = (await loadResearchData({ lakeRoot: lake })).bars.length;
    expect(d.result).toMatchObject({
      identical: true,
      vectorsCompared: bars,
      differing: 0,
      missingOffline: 0,
    });
    expect(d.result.ticks).toBe(2 * 390);
  }, 60_000);

  it('diff reports a vector the offline store answers differently, and exits non-zero', async () => {
    const data = await loadResearchData({ lakeRoot: lake });
    const fs = resolveFeatureSet(DEFAULT_FEATURE_SET);
    const names = fs.columns.map((c) => c.name);
    const id = data.bars.symbols.lookup('SYN0007');
    const [lo] = data.bars.symbolRange(id);
    const row = lo + 300;
    const store = await ParquetOfflineStore.open(lake);
    try {
      const stored = await store.read({ hash: fs.hash, columns: names }, data.bars.symbols, {
        symbolIds: Int32Array.of(id),
        from: data.bars.ts[row]!,
        to: data.bars.ts[row]! + 1,
      });
      const restated = stored.matrix.slice(0, names.length);
      const rsi = names.indexOf('rsi:14');
      restated[rsi] = restated[rsi]! + 1;
      // A restatement learned a day later: the store's latest answer for that bar changes.
      await store.write({ hash: fs.hash, columns: names }, data.bars.symbols, {
        symbolIds: Int32Array.of(id),
        ts: Float64Array.of(data.bars.ts[row]!),
        knownAt: Float64Array.of(data.bars.knownAt[row]! + 86_400_000_000),
        matrix: restated,
        nCols: names.length,
      });
    } finally {
      store.close();
    }
    const d = await json(['features', 'diff', '--lake', lake]);
    expect(d.exitCode).toBe(1);
    expect(d.result.identical).toBe(false);
    expect(d.result.differing).toBe(1);
    expect(d.result.differences).toEqual([
      expect.objectContaining({
        symbol: 'SYN0007',
        column: 'rsi:14',
        time: new Date(data.bars.ts[row]! / 1000).toISOString(),
      }),
    ]);
  }, 60_000);
});

describe('alphaflow features build, incrementally', () => {
  it('writes only the new day after more bars arrive, and online still equals offline', async () => {
    const root = join(dir, 'incremental');
    const m = generateMarket({ symbols: 20, days: 2, seed: 4 });
    const cut = m.frame.ts[0]! + 12 * 3_600_000_000; // between the first and the second session
    const part = (keep: (t: number) => boolean) => {
      const rows = Array.from(m.frame.ts.keys()).filter((i) => keep(m.frame.ts[i]!));
      const f = BarFrame.allocate(m.symbols, rows.length);
      rows.forEach((i, k) => {
        f.symbol[k] = m.frame.symbol[i]!;
        f.trades[k] = m.frame.trades[i]!;
        for (const c of BAR_FLOAT_FIELDS) f[c][k] = m.frame[c][i]!;
      });
      return f;
    };
    const write = async (f: BarFrame) => {
      const l = await ParquetLake.open(root);
      try {
        await l.writeBars(f);
      } finally {
        l.close();
      }
    };
    const day1 = part((t) => t < cut);
    await write(day1);
    const first = await json(['features', 'build', '--lake', root, '--market', 'INDEX']);
    expect(first.result).toMatchObject({ rows: day1.length, alreadyStored: 0 });
    const day2 = part((t) => t >= cut);
    await write(day2);
    const second = await json(['features', 'build', '--lake', root, '--market', 'INDEX']);
    expect(second.result).toMatchObject({ rows: day2.length, alreadyStored: day1.length });
    const d = await json(['features', 'diff', '--lake', root, '--market', 'INDEX']);
    expect(d.result).toMatchObject({ identical: true, vectorsCompared: m.frame.length });
  }, 60_000);
});
