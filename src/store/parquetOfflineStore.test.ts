import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { SymbolTable } from '../core/symbols.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../core/time.js';
import type { FeatureRows } from './featureRows.js';
import type { FeatureSetColumns } from './featureSetMeta.js';
import { ParquetOfflineStore } from './parquetOfflineStore.js';
import { pointInTimeJoin } from './pointInTime.js';

const FS: FeatureSetColumns = { hash: 'abc123', columns: ['rsi:14', 'macd.signal'] };
/** 2024-01-02T00:00:00Z in µs. */
const DAY0 = 19_724 * MICROS_PER_DAY;

function rows(list: Array<[symbol: number, ts: number, knownAt: number, a: number, b: number]>): FeatureRows {
  return {
    symbolIds: Int32Array.from(list, (r) => r[0]),
    ts: Float64Array.from(list, (r) => r[1]),
    knownAt: Float64Array.from(list, (r) => r[2]),
    matrix: Float64Array.from(list.flatMap((r) => [r[3], r[4]])),
    nCols: 2,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AlphaflowError);
    return (err as AlphaflowError).code;
  }
  throw new Error('expected a rejection');
}

/** Every file under `dir`, relative, sorted. */
function tree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...tree(join(dir, e.name), `${prefix}${e.name}/`));
    else out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

describe('ParquetOfflineStore', () => {
  let root: string;
  let store: ParquetOfflineStore;
  const syms = new SymbolTable(['AAPL', 'MSFT', 'IBM']);

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'af-offline-'));
    store = await ParquetOfflineStore.open(root);
  });
  afterEach(() => {
    store.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes date partitions with the documented schema and reads rows back sorted, filtered and remapped', async () => {
    const m = MICROS_PER_MINUTE;
    const summary = await store.write(
      FS,
      syms,
      rows([
        [1, DAY0 + 2 * m, DAY0 + 3 * m, 0.5, Number.NaN],
        [0, DAY0 + m, DAY0 + 2 * m, 1.5, 2.5],
        [0, DAY0 + MICROS_PER_DAY, DAY0 + MICROS_PER_DAY, 3.5, 4.5],
        [2, DAY0 + m, DAY0 + m, 9, 9],
      ]),
    );
    expect(summary).toEqual({ rows: 4, dates: ['2024-01-02', '2024-01-03'], newSymbols: 3 });
    const fsDir = join(root, 'features', 'fs=abc123');
    expect(tree(fsDir)).toEqual([
      'date=2024-01-02/part-000001.parquet',
      'date=2024-01-03/part-000001.parquet',
      'meta.json',
    ]);
    const meta = JSON.parse(readFileSync(join(fsDir, 'meta.json'), 'utf8'));
    expect(meta.columns).toEqual(FS.columns);
    expect([...meta.symbols].sort()).toEqual(['AAPL', 'IBM', 'MSFT']);

    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const schema = await conn.runAndReadAll(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${fsDir}/date=2024-01-02/part-000001.parquet', hive_partitioning = false))`,
    );
    expect(schema.getRows()).toEqual([
      ['symbol', 'INTEGER'],
      ['ts', 'BIGINT'],
      ['known_at', 'BIGINT'],
      ['rsi:14', 'DOUBLE'],
      ['macd.signal', 'DOUBLE'],
    ]);
    conn.closeSync();
    db.closeSync();

    // Another process interns the same names in another order: ids follow ITS table.
    const other = new SymbolTable(['MSFT', 'ZZZ', 'AAPL']);
    const r = await store.read(FS, other, {
      symbolIds: Int32Array.of(2, 0, 1),
      from: DAY0,
      to: DAY0 + MICROS_PER_DAY,
    });
    expect(Array.from(r.symbolIds)).toEqual([0, 2]);
    expect(Array.from(r.ts)).toEqual([DAY0 + 2 * m, DAY0 + m]);
    expect(Array.from(r.knownAt)).toEqual([DAY0 + 3 * m, DAY0 + 2 * m]);
    expect(Array.from(r.matrix)).toEqual([0.5, Number.NaN, 1.5, 2.5]);

    const all = await store.read(FS, syms, {
      symbolIds: Int32Array.of(0),
      from: DAY0,
      to: DAY0 + 2 * MICROS_PER_DAY,
    });
    expect(Array.from(all.ts)).toEqual([DAY0 + m, DAY0 + MICROS_PER_DAY]);
  });

  it('adds a version on restatement, never overwrites, and reads as of a knowledge time', async () => {
    const t = DAY0 + 600_000_000;
    await store.write(FS, syms, rows([[0, t, t, 1, 1]]));
    await store.write(FS, syms, rows([[0, t, t + 10, 2, 2]]));
    expect(readdirSync(join(root, 'features', 'fs=abc123', 'date=2024-01-02')).sort()).toEqual([
      'part-000001.parquet',
      'part-000002.parquet',
    ]);
    const q = { symbolIds: Int32Array.of(0), from: DAY0, to: DAY0 + MICROS_PER_DAY };
    const both = await store.read(FS, syms, q);
    expect(Array.from(both.knownAt)).toEqual([t, t + 10]);
    expect(Array.from(both.matrix)).toEqual([1, 1, 2, 2]);
    expect(Array.from((await store.read(FS, syms, { ...q, asOf: t + 5 })).matrix)).toEqual([1, 1]);
    expect(Array.from((await store.read(FS, syms, { ...q, asOf: t + 10 })).matrix)).toEqual([2, 2]);
    expect((await store.read(FS, syms, { ...q, asOf: t - 1 })).ts.length).toBe(0);
  });

  it('point-in-time join: a restatement learned later never reaches an earlier event', async () => {
    const t = DAY0 + 600_000_000;
    await store.write(FS, syms, rows([[1, t, t, 10, 11]]));
    await store.write(FS, syms, rows([[1, t, t + 10, 20, 21]]));
    const r = await store.pointInTimeJoin(FS, syms, {
      symbolIds: Int32Array.of(1, 1, 1, 2),
      times: Float64Array.of(t + 5, t + 20, t - 1, t + 20),
    });
    expect(Array.from(r.matrix)).toEqual([10, 11, 20, 21, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(r.featureTs)).toEqual([t, t, Number.NaN, Number.NaN]);
    expect(Array.from(r.featureKnownAt)).toEqual([t, t + 10, Number.NaN, Number.NaN]);
  });

  it('point-in-time join through Parquet equals the join over every stored row (scan bounds lose nothing)', async () => {
    const rng = new Rng(3);
    const table = new SymbolTable(['A', 'B', 'C', 'D', 'E']);
    const n = 3000;
    const step = 7 * MICROS_PER_MINUTE;
    const list: Array<[number, number, number, number, number]> = [];
    const seen = new Set<string>();
    while (list.length < n) {
      const s = rng.int(4);
      const ts = DAY0 + rng.int(1500) * step;
      const known = ts + (rng.next() < 0.5 ? 0 : rng.int(400) * step);
      if (seen.has(`${s}/${ts}/${known}`)) continue;
      seen.add(`${s}/${ts}/${known}`);
      list.push([s, ts, known, rng.normal(), rng.normal()]);
    }
    const all = rows(list);
    // Two batches, so restatements and dates spread over several part files.
    await store.write(FS, table, rows(list.slice(0, n / 2)));
    await store.write(FS, table, rows(list.slice(n / 2)));
    const events = {
      symbolIds: Int32Array.from({ length: 2000 }, () => rng.int(5)),
      times: Float64Array.from({ length: 2000 }, () => DAY0 + 500 * step + rng.int(1200) * step),
    };
    for (const opts of [{}, { maxAgeUs: 30 * step }]) {
      const got = await store.pointInTimeJoin(FS, table, events, opts);
      const want = pointInTimeJoin(all, events, opts);
      expect(Array.from(got.featureTs)).toEqual(Array.from(want.featureTs));
      expect(Array.from(got.featureKnownAt)).toEqual(Array.from(want.featureKnownAt));
      expect(Array.from(got.matrix)).toEqual(Array.from(want.matrix));
      expect(got.featureTs.some((v) => Number.isNaN(v))).toBe(true);
      expect(got.featureTs.some((v) => !Number.isNaN(v))).toBe(true);
    }
  });

  it('rejects duplicates, knowledge before the event and a column change, storing nothing', async () => {
    const t = DAY0 + 1;
    await store.write(FS, syms, rows([[0, t, t, 1, 1]]));
    const before = tree(root);
    expect(await codeOf(store.write(FS, syms, rows([[0, t, t, 5, 5]])))).toBe(ErrorCode.Duplicate);
    expect(
      await codeOf(
        store.write(
          FS,
          syms,
          rows([
            [1, t, t, 5, 5],
            [1, t, t, 6, 6],
          ]),
        ),
      ),
    ).toBe(ErrorCode.Duplicate);
    expect(await codeOf(store.write(FS, syms, rows([[1, t, t - 1, 5, 5]])))).toBe(ErrorCode.InvalidInput);
    const renamed = { hash: FS.hash, columns: ['rsi:14', 'other'] };
    expect(await codeOf(store.write(renamed, syms, rows([[1, t, t, 5, 5]])))).toBe(
      ErrorCode.FeatureSetMismatch,
    );
    expect(await codeOf(store.write({ hash: 'x', columns: ['a', 'A'] }, syms, rows([[1, t, t, 5, 5]])))).toBe(
      ErrorCode.InvalidInput,
    );
    expect(await codeOf(store.write(FS, syms, rows([[7, t, t, 5, 5]])))).toBe(ErrorCode.InvalidInput);
    // Nothing new on disk: no extra part, no temp file left behind.
    expect(tree(root)).toEqual(before);
    const r = await store.read(FS, syms, {
      symbolIds: Int32Array.of(0, 1),
      from: DAY0,
      to: DAY0 + MICROS_PER_DAY,
    });
    expect(Array.from(r.matrix)).toEqual([1, 1]);
  });

  it('reports a damaged part file as E_CORRUPT_FILE naming it', async () => {
    await store.write(FS, syms, rows([[0, DAY0, DAY0, 1, 1]]));
    const part = join(root, 'features', 'fs=abc123', 'date=2024-01-02', 'part-000001.parquet');
    writeFileSync(part, readFileSync(part).subarray(0, 40));
    try {
      await store.read(FS, syms, { symbolIds: Int32Array.of(0), from: DAY0, to: DAY0 + 1 });
      expect.unreachable();
    } catch (err) {
      expect((err as AlphaflowError).code).toBe(ErrorCode.CorruptFile);
      expect((err as AlphaflowError).file).toBe(part);
    }
  });

  it('reads nothing (not an error) for a feature set never written or symbols it never saw', async () => {
    const q = { symbolIds: Int32Array.of(0), from: DAY0, to: DAY0 + 1 };
    expect((await store.read(FS, syms, q)).ts.length).toBe(0);
    await store.write(FS, syms, rows([[0, DAY0, DAY0, 1, 1]]));
    expect((await store.read(FS, syms, { ...q, symbolIds: Int32Array.of(2) })).ts.length).toBe(0);
  });
});
