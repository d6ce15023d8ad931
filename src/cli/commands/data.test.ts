import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetLake } from '../../data/lake/index.js';
import { runCli } from '../runCli.testkit.js';
import { registerDataCommands } from './data.js';

const dir = mkdtempSync(join(tmpdir(), 'af-data-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alphaflow data ingest', () => {
  it('strict mode rejects a Parquet file with a negative price and leaves the lake unchanged', async () => {
    const lakeDir = join(dir, 'lake');
    const good = join(dir, 'good.parquet');
    const bad = join(dir, 'bad.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const rows = (p: number) =>
      `SELECT * FROM (VALUES (TIMESTAMPTZ '2024-01-02 14:30:00+00', 'Q', 1.0), (TIMESTAMPTZ '2024-01-02 14:31:00+00', 'Q', ${p})) t(timestamp, symbol, close)`;
    await conn.run(`COPY (${rows(1.5)}) TO '${good}' (FORMAT parquet)`);
    await conn.run(`COPY (${rows(-1)}) TO '${bad}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();

    const ok = await runCli([registerDataCommands], ['data', 'ingest', good, '--lake', lakeDir, '--json']);
    expect(ok.exitCode).toBeUndefined();
    expect(JSON.parse(ok.stdout).write.rows).toBe(2);
    const before = readdirSync(lakeDir, { recursive: true }).sort();

    const r = await runCli(
      [registerDataCommands],
      ['data', 'ingest', bad, '--lake', lakeDir, '--mode', 'strict', '--json'],
    );
    expect(r.exitCode).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('E_VALIDATION_FAILED');
    expect(out.report.counts.price_positive).toBe(1);
    expect(readdirSync(lakeDir, { recursive: true }).sort()).toEqual(before);
    const lake = await ParquetLake.open(lakeDir);
    try {
      expect(Array.from((await lake.readBars({ symbols: ['Q'] })).close)).toEqual([1, 1.5]);
    } finally {
      lake.close();
    }
  });
});
