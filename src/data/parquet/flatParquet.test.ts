import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { type ColumnArray, type ColumnKind, readColumns } from '../lake/duckdbColumns.js';
import { FlatParquetReader, readFooter, unsupportedReason } from './flatParquet.js';

const dir = mkdtempSync(join(tmpdir(), 'af-flat-parquet-'));
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
afterAll(() => {
  conn.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const NAMES = ['ts', 'k', 'x', 'd'];
const KINDS: ColumnKind[] = ['time', 'i32', 'f64', 'f64'];
/**
 * µs times with repeats (dictionary pages), ints with negatives, doubles that
 * never repeat (PLAIN pages) including NaN, ±Infinity, −0 and subnormals,
 * and a low-cardinality double column (dictionary).
 */
const SELECT = `SELECT make_timestamp(1700000000000000 + (i // 7) * 60000000 + i % 3) AS ts,
    ((i % 13) - 6)::INTEGER AS k,
    CASE WHEN i % 1001 = 0 THEN 'NaN'::DOUBLE WHEN i % 1003 = 0 THEN 'Infinity'::DOUBLE
         WHEN i % 1007 = 0 THEN '-Infinity'::DOUBLE WHEN i % 1009 = 0 THEN -0.0::DOUBLE
         WHEN i % 1013 = 0 THEN 5e-324::DOUBLE ELSE sin(i::DOUBLE) * 1000 END AS x,
    ((i % 5) * 0.25)::DOUBLE AS d
  FROM range(ROWS) t(i)`;

/** Writes `rows` rows of SELECT with COPY `options`; returns the path. */
async function write(name: string, rows: number, options = ''): Promise<string> {
  const path = join(dir, `${name}.parquet`);
  await conn.run(`COPY (${SELECT.replace('ROWS', String(rows))}) TO '${path}' (FORMAT parquet${options})`);
  return path;
}

/** Every row group of `path` decoded directly, concatenated per column. */
function decode(path: string): { columns: ColumnArray[]; groups: number } {
  const parts: ColumnArray[][] = NAMES.map(() => []);
  let groups = 0;
  new FlatParquetReader().readFile(path, NAMES, KINDS, (v) => {
    groups++;
    for (const [i, c] of v.columns.entries()) {
      expect(c.length).toBe(v.rows);
      parts[i]!.push(c.slice());
    }
  });
  const columns = parts.map((p, i) => {
    const n = p.reduce((s, a) => s + a.length, 0);
    const out = KINDS[i] === 'i32' ? new Int32Array(n) : new Float64Array(n);
    let at = 0;
    for (const a of p) {
      out.set(a as never, at);
      at += a.length;
    }
    return out;
  });
  return { columns, groups };
}

/** The bytes of each column: equal bytes mean equal values, NaN payloads and −0 included. */
function bytesOf(c: ColumnArray): Uint8Array {
  return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}

async function expectSameAsDuckDb(path: string): Promise<void> {
  const reference = await readColumns(conn, `SELECT ${NAMES.join(', ')} FROM read_parquet('${path}')`, KINDS);
  const { columns } = decode(path);
  for (const [i, c] of columns.entries()) {
    expect(c.length, NAMES[i]).toBe(reference[i]!.length);
    expect(Buffer.compare(bytesOf(c), bytesOf(reference[i]!)), NAMES[i]).toBe(0);
  }
}

describe('FlatParquetReader', () => {
  it('decodes DuckDB-written files bit for bit as DuckDB reads them: snappy, dictionary and PLAIN pages, several row groups', async () => {
    const path = await write('default', 250_000, ', ROW_GROUP_SIZE 100000');
    const footer = readFooter(path);
    expect(footer.rowGroups.length).toBeGreaterThan(1);
    const enc = footer.rowGroups[0]!.chunks.map((c) => c.encodings);
    // The file exercises both value encodings and the Snappy codec.
    expect(enc.flat()).toContain(0);
    expect(enc.flat().some((e) => e === 2 || e === 8)).toBe(true);
    expect(footer.rowGroups[0]!.chunks.every((c) => c.codec === 1)).toBe(true);
    expect(unsupportedReason(footer, NAMES, KINDS)).toBeUndefined();
    await expectSameAsDuckDb(path);
    expect(decode(path).groups).toBe(footer.rowGroups.length);
  });

  it('decodes uncompressed files', async () => {
    await expectSameAsDuckDb(await write('plain', 30_000, ', COMPRESSION uncompressed'));
  });

  it('a NULL is an error naming the file and column: the lake stores NaN instead', async () => {
    const path = join(dir, 'nulls.parquet');
    await conn.run(
      `COPY (SELECT make_timestamp(i) AS ts, i::INTEGER AS k, CASE WHEN i = 5 THEN NULL ELSE i::DOUBLE END AS x,
        0.0::DOUBLE AS d FROM range(10) t(i)) TO '${path}' (FORMAT parquet)`,
    );
    expect(() => decode(path)).toThrow(new RegExp(`${path}: column x holds NULL`));
  });

  it('says why it cannot read a file: other codecs, encodings, types or nesting', async () => {
    // PARQUET_VERSION V2 makes DuckDB write the times DELTA_BINARY_PACKED (5).
    const v2 = await write('v2', 1000, ', PARQUET_VERSION V2');
    expect(unsupportedReason(readFooter(v2), NAMES, KINDS)).toBe('encoding 5 in column ts');
    expect(() => decode(v2)).toThrow(/unsupported layout \(encoding 5 in column ts\)/);
    const zstd = await write('zstd', 1000, ', COMPRESSION zstd');
    expect(unsupportedReason(readFooter(zstd), NAMES, KINDS)).toMatch(/codec/);
    expect(() => decode(zstd)).toThrow(new RegExp(`${zstd}: unsupported layout \\(codec`));
    const path = await write('types', 1000);
    expect(unsupportedReason(readFooter(path), ['k'], ['f64'])).toBe('column k is INT32');
    expect(unsupportedReason(readFooter(path), ['nope'], ['f64'])).toBe('no column nope');
    const nested = join(dir, 'nested.parquet');
    await conn.run(`COPY (SELECT {'a': 1.0} AS s, 1.0 AS x) TO '${nested}' (FORMAT parquet)`);
    expect(unsupportedReason(readFooter(nested), ['x'], ['f64'])).toBe('nested schema');
  });

  it('a damaged file is an error naming it, never values', async () => {
    const path = await write('damaged', 20_000);
    const bytes = readFileSync(path);
    const truncated = join(dir, 'truncated.parquet');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    expect(() => decode(truncated)).toThrow(new RegExp(`${truncated}: not a Parquet file`));
    // Garbage over the pages (the footer intact): Snappy framing or page headers break.
    const garbled = join(dir, 'garbled.parquet');
    const copy = Buffer.from(bytes);
    copy.fill(0xa5, 4, Math.floor(copy.length / 2));
    writeFileSync(garbled, copy);
    expect(() => decode(garbled)).toThrow(new RegExp(garbled));
  });
});
