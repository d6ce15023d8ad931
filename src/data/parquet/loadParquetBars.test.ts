import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { type DataError, ErrorCode } from '../../core/errors.js';
import { loadCsv, loadCsvFiles } from '../csv/index.js';
import { loadParquetBars } from './loadParquetBars.js';

const dir = mkdtempSync(join(tmpdir(), 'af-parquet-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the result of `select` to a Parquet file with DuckDB. */
async function parquet(name: string, select: string): Promise<string> {
  const path = join(dir, name);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return path;
}

const CSV = `timestamp,symbol,open,high,low,close,volume
2024-01-02T14:30:00Z,BBB,10,11,9.5,10.5,100
2024-01-02T14:30:00Z,AAA,20,21,19.5,20.25,200
2024-01-02T14:31:00Z,BBB,10.5,10.75,10,10.25,150
2024-01-02T14:31:00Z,AAA,20.25,20.5,20,20.125,250
`;

describe('loadParquetBars', () => {
  it('reads the same bars as the CSV of the same data (generic layout, TIMESTAMPTZ)', async () => {
    const csvPath = join(dir, 'bars.csv');
    writeFileSync(csvPath, CSV);
    const pq = await parquet(
      'bars.parquet',
      `SELECT timestamp::TIMESTAMPTZ AS timestamp, symbol, open, high, low, close, volume FROM read_csv('${csvPath}')`,
    );
    const a = await loadCsv(csvPath);
    const b = await loadParquetBars(pq);
    expect(b.layout).toBe('generic');
    expect(b.rows).toBe(4);
    for (const f of ['ts', 'open', 'high', 'low', 'close', 'volume', 'knownAt'] as const) {
      expect(Array.from(b.frame[f])).toEqual(Array.from(a.frame[f]));
    }
    expect(b.frame.symbols.list()).toEqual(a.frame.symbols.list());
    expect(Array.from(b.frame.symbol)).toEqual(Array.from(a.frame.symbol));
    expect(Array.from(b.frame.ts.subarray(0, 2))).toEqual([
      Date.UTC(2024, 0, 2, 14, 30) * 1000,
      Date.UTC(2024, 0, 2, 14, 31) * 1000,
    ]);
    // Rows keep their 1-based file row numbers through the sort (BBB's are rows 1 and 3).
    expect(Array.from(b.origin.rows)).toEqual([1, 3, 2, 4]);
  });

  it('reads Polygon epoch-ms integers, naive TIMESTAMPs and DATEs in the given zone', async () => {
    const poly = await parquet(
      'poly.parquet',
      `SELECT * FROM (VALUES (1704205800000::BIGINT, 1.0, 2.0, 0.5, 1.5, 10.0, 1.2, 7)) t(t, o, h, l, c, v, vw, n)`,
    );
    const p = await loadParquetBars(poly, { symbol: 'X' });
    expect(p.layout).toBe('polygon');
    expect(p.frame.ts[0]).toBe(1_704_205_800_000_000);
    expect(p.frame.trades[0]).toBe(7);
    expect(p.frame.vwap[0]).toBe(1.2);

    const naive = await parquet(
      'naive.parquet',
      `SELECT TIMESTAMP '2024-07-01 09:30:00' AS timestamp, 'Y' AS symbol, 1.0 AS close`,
    );
    const n = await loadParquetBars(naive, { timeZone: 'America/New_York' });
    expect(n.frame.ts[0]).toBe(Date.UTC(2024, 6, 1, 13, 30) * 1000);
    expect(n.frame.open[0]).toBe(1);

    const daily = await parquet(
      'daily.parquet',
      `SELECT DATE '2024-01-02' AS timestamp, 'Z' AS symbol, 5.0 AS close`,
    );
    const d = await loadParquetBars(daily, { timeZone: 'America/New_York', dateTime: '09:30' });
    expect(d.frame.ts[0]).toBe(Date.UTC(2024, 0, 2, 14, 30) * 1000);
  });

  it('reads NULL prices as NaN and names the row of a NULL symbol', async () => {
    const nulls = await parquet(
      'nulls.parquet',
      `SELECT * FROM (VALUES (TIMESTAMPTZ '2024-01-02 14:30:00+00', 'A', NULL::DOUBLE), (TIMESTAMPTZ '2024-01-02 14:31:00+00', NULL, 2.0)) t(timestamp, symbol, close)`,
    );
    const err = await loadParquetBars(nulls).catch((e: DataError) => e);
    expect(err).toMatchObject({ code: ErrorCode.InvalidInput, file: nulls, row: 2, column: 'symbol' });
    const onlyNaN = await parquet(
      'nan.parquet',
      `SELECT TIMESTAMPTZ '2024-01-02 14:30:00+00' AS timestamp, 'A' AS symbol, NULL::DOUBLE AS close`,
    );
    expect((await loadParquetBars(onlyNaN)).frame.close[0]).toBeNaN();
  });

  it('gives a typed error naming the file for a truncated Parquet file', async () => {
    const good = await parquet(
      'good.parquet',
      `SELECT TIMESTAMPTZ '2024-01-02 14:30:00+00' AS timestamp, 'A' AS symbol, 1.0 AS close`,
    );
    const bytes = readFileSync(good);
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await loadParquetBars(cut).catch((e: DataError) => e);
    expect(err).toMatchObject({ code: ErrorCode.CorruptFile, file: cut });
  });

  it('is what loadCsvFiles uses for .parquet files', async () => {
    const pq = await parquet(
      'mixed.parquet',
      `SELECT TIMESTAMPTZ '2024-01-02 14:30:00+00' AS timestamp, 'PQ' AS symbol, 1.0 AS close`,
    );
    const csv = join(dir, 'mixed.csv');
    writeFileSync(csv, 'timestamp,symbol,close\n2024-01-02T14:30:00Z,CSV,2\n');
    const loaded = await loadCsvFiles([pq, csv]);
    expect(loaded.frame.symbols.list()).toEqual(['PQ', 'CSV']);
    expect(Array.from(loaded.frame.close)).toEqual([1, 2]);
  });
});
