import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BAR_FIELDS, BarFrame } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { SymbolTable } from '../../core/symbols.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../../core/time.js';
import { FlatParquetReader } from '../parquet/flatParquet.js';
import { ParquetLake } from './parquetLake.js';
import { RUNS_KEY } from './partitionScan.js';

const dirs: string[] = [];
function tempLake(): string {
  const d = mkdtempSync(join(tmpdir(), 'af-lake-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const DAY0 = 19_724 * MICROS_PER_DAY; // 2024-01-02
/** Random bars for `nSym` symbols × `nDays` days × `perDay` minutes, awkward values included. */
function frame(nSym: number, nDays: number, perDay: number, seed = 7): BarFrame {
  const symbols = new SymbolTable(Array.from({ length: nSym }, (_, i) => `SYM${i}`));
  const n = nSym * nDays * perDay;
  const f = BarFrame.allocate(symbols, n);
  const rng = new Rng(seed);
  let k = 0;
  for (let s = 0; s < nSym; s++)
    for (let d = 0; d < nDays; d++)
      for (let m = 0; m < perDay; m++) {
        const ts = DAY0 + d * MICROS_PER_DAY + 14.5 * 3_600_000_000 + m * MICROS_PER_MINUTE + (k % 7);
        const p = 100 * Math.exp(rng.normal() * 0.1);
        f.symbol[k] = s;
        f.ts[k] = ts;
        f.open[k] = p;
        f.high[k] = p * (1 + rng.next() * 0.01);
        f.low[k] = p * (1 - rng.next() * 0.01);
        f.close[k] = p * (1 + (rng.next() - 0.5) * 0.01);
        f.volume[k] = k % 11 === 0 ? 0 : Math.floor(rng.next() * 1e6);
        f.vwap[k] = k % 5 === 0 ? Number.NaN : p + 1e-13 * rng.normal();
        f.trades[k] = k % 3;
        f.knownAt[k] = ts + MICROS_PER_MINUTE;
        k++;
      }
  return f;
}

function expectBitExact(a: BarFrame, b: BarFrame): void {
  expect(b.length).toBe(a.length);
  const bytes = (x: Float64Array | Int32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  for (const f of BAR_FIELDS) {
    expect(bytes(b[f]).equals(bytes(a[f])), f).toBe(true);
  }
}

/** The suite runs twice: reads on the calling thread, and every read on the scan workers. */
let workerMinRows: number | undefined;
function openLake(root: string, opts: { buckets?: number } = {}): Promise<ParquetLake> {
  return ParquetLake.open(root, workerMinRows === undefined ? opts : { ...opts, workerMinRows });
}

describe.each([
  { reads: 'on the calling thread', minRows: undefined },
  { reads: 'on scan worker threads', minRows: 0 },
])('ParquetLake, reads $reads', ({ minRows }) => {
  beforeAll(() => {
    workerMinRows = minRows;
  });

  it('round-trips bars bit-exactly, NaN and sub-millisecond times included', async () => {
    const root = tempLake();
    const f = frame(5, 3, 50);
    const lake = await openLake(root, { buckets: 4 });
    const w = await lake.writeBars(f);
    expect(w.rows).toBe(750);
    const back = await lake.readBars({ symbolTable: new SymbolTable(f.symbols.list()) });
    expectBitExact(f, back);
    lake.close();
  });

  it('partitions by UTC date and symbol bucket, files sorted by (symbol, ts)', async () => {
    const root = tempLake();
    const lake = await openLake(root, { buckets: 4 });
    await lake.writeBars(frame(6, 2, 10));
    const dates = readdirSync(join(root, 'bars')).sort();
    expect(dates).toEqual(['date=2024-01-02', 'date=2024-01-03']);
    const info = lake.info();
    const total = Object.values(info.tables.bars!.partitions).reduce((s, p) => s + p.rows, 0);
    expect(total).toBe(120);
    expect(info.tables.bars!.symbols).toEqual(['SYM0', 'SYM1', 'SYM2', 'SYM3', 'SYM4', 'SYM5']);
    lake.close();
  });

  it('reads a symbol subset and a time range', async () => {
    const root = tempLake();
    const f = frame(4, 3, 20);
    const lake = await openLake(root);
    await lake.writeBars(f);
    const from = DAY0 + MICROS_PER_DAY;
    const to = DAY0 + 2 * MICROS_PER_DAY;
    const got = await lake.readBars({ symbols: ['SYM2', 'SYM0'], from, to });
    expect(got.symbols.list()).toEqual(['SYM0', 'SYM2']);
    const want = f.between(from, to);
    const keep = Array.from(want.symbol).filter((s) => s === 0 || s === 2).length;
    expect(got.length).toBe(keep);
    for (let i = 0; i < got.length; i++) {
      expect(got.ts[i]! >= from && got.ts[i]! < to).toBe(true);
    }
    const sym2 = got.forSymbol(got.symbols.lookup('SYM2'));
    const ref = f.forSymbol(2).between(from, to);
    expect(Array.from(sym2.close)).toEqual(Array.from(ref.close));
    lake.close();
  });

  it('serves concurrent reads, each complete', async () => {
    const root = tempLake();
    const f = frame(6, 3, 30);
    const lake = await openLake(root, { buckets: 2 });
    await lake.writeBars(f);
    const table = () => new SymbolTable(f.symbols.list());
    expectBitExact(f, await lake.readBars({ symbolTable: table() }));
    const [a, b, c] = await Promise.all([
      lake.readBars({ symbolTable: table() }),
      lake.readBars({ symbolTable: table(), symbols: ['SYM3'] }),
      lake.readBars({ symbolTable: table() }),
    ]);
    expectBitExact(f, a);
    expectBitExact(f, c);
    expect(Array.from(b.close)).toEqual(Array.from(f.forSymbol(3).close));
    lake.close();
  });

  it('numbers symbols by the table the caller passes, whatever its order', async () => {
    const root = tempLake();
    const f = frame(3, 1, 5);
    const lake = await openLake(root);
    await lake.writeBars(f);
    const table = new SymbolTable(['SYM2', 'SYM0', 'SYM1']);
    const got = await lake.readBars({ symbolTable: table });
    expect(Array.from(got.symbolIds())).toEqual([0, 1, 2]);
    for (const name of ['SYM0', 'SYM1', 'SYM2']) {
      const mine = got.forSymbol(table.lookup(name));
      const theirs = f.forSymbol(f.symbols.lookup(name));
      expect(Array.from(mine.close)).toEqual(Array.from(theirs.close));
    }
    lake.close();
  });

  it('a read after a rewrite counts the rewritten files, not what an earlier read saw', async () => {
    const f = frame(3, 2, 30);
    const lake = await openLake(tempLake(), { buckets: 2 });
    await lake.writeBars(f);
    const table = () => new SymbolTable(f.symbols.list());
    expectBitExact(f, await lake.readBars({ symbolTable: table() }));
    // Every bar restated a day later: each file now holds two versions per (symbol, ts).
    const g = frame(3, 2, 30);
    for (let i = 0; i < g.length; i++) {
      g.close[i]! += 1;
      g.knownAt[i]! += MICROS_PER_DAY;
    }
    await lake.writeBars(g);
    expectBitExact(g, await lake.readBars({ symbolTable: table() }));
    lake.close();
  });

  it('rewriting the same bars is idempotent', async () => {
    const root = tempLake();
    const f = frame(3, 2, 30);
    const lake = await openLake(root);
    await lake.writeBars(f);
    await lake.writeBars(f);
    const back = await lake.readBars({ symbolTable: new SymbolTable(f.symbols.list()) });
    expectBitExact(f, back);
    lake.close();
  });

  it('keeps restated bars bitemporally: asOf sees the version known then', async () => {
    const root = tempLake();
    const symbols = new SymbolTable(['AAA']);
    const mk = (close: number, knownAt: number) => {
      const f = BarFrame.allocate(symbols, 1);
      f.ts[0] = DAY0 + 3_600_000_000;
      f.open[0] = f.high[0] = f.low[0] = f.close[0] = close;
      f.volume[0] = 10;
      f.vwap[0] = close;
      f.knownAt[0] = knownAt;
      return f;
    };
    const t = DAY0 + 3_600_000_000;
    const lake = await openLake(root);
    await lake.writeBars(mk(10, t + 60e6));
    const w = await lake.writeBars(mk(11, t + 600e6));
    expect(w.restatedPartitions).toBe(1);
    expect((await lake.readBars({ asOf: t + 60e6 })).close[0]).toBe(10);
    expect((await lake.readBars({ asOf: t + 599e6 })).close[0]).toBe(10);
    expect((await lake.readBars({ asOf: t + 600e6 })).close[0]).toBe(11);
    const latest = await lake.readBars();
    expect(latest.length).toBe(1);
    expect(latest.close[0]).toBe(11);
    expect((await lake.readBars({ asOf: t })).length).toBe(0);
    lake.close();
  });

  it('reads restated and plain partitions alike: latest versions equal a lake written without restatements', async () => {
    const f = frame(6, 3, 40);
    // Restate every 7th bar of day 1 (new close, known 3 days later); day 0 and 2 stay plain.
    const picked: number[] = [];
    for (let i = 0; i < f.length; i++) {
      if (Math.floor((f.ts[i]! - DAY0) / MICROS_PER_DAY) === 1 && i % 7 === 0) picked.push(i);
    }
    const restated = BarFrame.allocate(f.symbols, picked.length);
    const latest = BarFrame.allocate(f.symbols, f.length);
    for (const k of BAR_FIELDS) {
      latest[k].set(f[k] as never);
      picked.forEach((i, j) => {
        restated[k][j] = f[k][i]!;
      });
    }
    picked.forEach((i, j) => {
      restated.close[j] = latest.close[i] = f.close[i]! + 1;
      restated.knownAt[j] = latest.knownAt[i] = f.knownAt[i]! + 3 * MICROS_PER_DAY;
    });

    const withRestatements = await openLake(tempLake(), { buckets: 2 });
    await withRestatements.writeBars(f);
    const w = await withRestatements.writeBars(restated);
    expect(w.restatedPartitions).toBeGreaterThan(0);
    const parts = Object.values(withRestatements.info().tables.bars!.partitions);
    expect(parts.some((p) => !p.restated)).toBe(true);
    const plain = await openLake(tempLake(), { buckets: 2 });
    await plain.writeBars(latest);
    expect(Object.values(plain.info().tables.bars!.partitions).some((p) => p.restated)).toBe(false);

    const table = () => new SymbolTable(f.symbols.list());
    expectBitExact(latest, await withRestatements.readBars({ symbolTable: table() }));
    expectBitExact(latest, await plain.readBars({ symbolTable: table() }));
    // After every first version, before any restatement was known: exactly the first write.
    const asOf = DAY0 + 3 * MICROS_PER_DAY;
    expectBitExact(f, await withRestatements.readBars({ symbolTable: table(), asOf }));
    // Filters cut through the restated day on both lakes alike.
    const q = {
      symbols: ['SYM1', 'SYM4', 'SYM5'],
      from: DAY0 + 1.6 * MICROS_PER_DAY,
      to: DAY0 + 2.5 * MICROS_PER_DAY,
    };
    const cut = await plain.readBars(q);
    expect(cut.length).toBeGreaterThan(0);
    expectBitExact(cut, await withRestatements.readBars(q));
    withRestatements.close();
    plain.close();
  });

  it('stays readable by plain DuckDB read_parquet: same rows as readBars', async () => {
    const root = tempLake();
    const f = frame(5, 2, 30);
    const lake = await openLake(root, { buckets: 3 });
    await lake.writeBars(f);
    lake.close();
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const r = await conn.runAndReadAll(
      `SELECT symbol, epoch_us(ts)::DOUBLE, close FROM read_parquet('${root}/bars/*/*/*.parquet') ORDER BY symbol, ts`,
    );
    const rows = r.getRows();
    conn.closeSync();
    db.closeSync();
    expect(rows.length).toBe(f.length);
    rows.forEach(([symbol, ts, close], i) => {
      expect(symbol).toBe(f.symbols.name(f.symbol[i]!));
      expect(ts).toBe(f.ts[i]);
      expect(Object.is(close, f.close[i])).toBe(true);
    });
  });

  it('reads files without footer run counts (older writes) the same as files with them', async () => {
    const root = tempLake();
    const f = frame(4, 2, 25);
    const lake = await openLake(root, { buckets: 2 });
    await lake.writeBars(f);
    const file = join(root, 'bars', 'date=2024-01-03', 'bucket=01', 'data.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const footer = async (path: string) =>
      (await conn.runAndReadAll(`SELECT key FROM parquet_kv_metadata('${path}') WHERE key = '${RUNS_KEY}'`))
        .currentRowCount;
    expect(await footer(file)).toBe(1);
    await conn.run(`COPY (FROM read_parquet('${file}')) TO '${file}.old' (FORMAT parquet)`);
    renameSync(`${file}.old`, file);
    expect(await footer(file)).toBe(0);
    conn.closeSync();
    db.closeSync();
    expectBitExact(f, await lake.readBars({ symbolTable: new SymbolTable(f.symbols.list()) }));
    lake.close();
  });

  it('decoding the files directly and querying them through DuckDB read the same frames', async () => {
    const root = tempLake();
    const f = frame(8, 3, 40);
    const lake = await openLake(root, { buckets: 2 });
    await lake.writeBars(f);
    const decoded = vi.spyOn(FlatParquetReader.prototype, 'readFile');
    const table = () => new SymbolTable(f.symbols.list());
    // An asOf filter makes DuckDB evaluate the predicate; without one, the files are decoded.
    const viaDuckDb = (symbols?: string[]) =>
      lake.readBars({ symbolTable: table(), asOf: Number.MAX_SAFE_INTEGER, ...(symbols ? { symbols } : {}) });
    const direct = (symbols?: string[]) =>
      lake.readBars({ symbolTable: table(), ...(symbols ? { symbols } : {}) });
    const most = f.symbols.list().slice(1, 7); // direct: the files' other symbols' runs are skipped
    const few = f.symbols.list().slice(2, 3); // a small share: DuckDB's filter
    for (const symbols of [undefined, most, few]) {
      const a = await direct(symbols);
      if (workerMinRows === undefined) {
        expect(decoded.mock.calls.length > 0, `decoded ${symbols?.length ?? 'all'}`).toBe(symbols !== few);
      }
      decoded.mockClear();
      const b = await viaDuckDb(symbols);
      expect(decoded).not.toHaveBeenCalled();
      expect(a.length).toBe(symbols === undefined ? f.length : (f.length / 8) * symbols.length);
      expectBitExact(b, a);
    }
    decoded.mockRestore();
    lake.close();
  });

  it('reads filtered through DuckDB land every row in its own symbol, read after read', async () => {
    // DuckDB's multi-threaded scan of several files with a filter does not keep file order by itself;
    // rows of a later file arriving first went to other symbols' slots (about one read in four).
    const root = tempLake();
    const f = frame(8, 6, 60);
    const lake = await openLake(root, { buckets: 2 });
    await lake.writeBars(f);
    const table = () => new SymbolTable(f.symbols.list());
    const symbols = f.symbols.list().slice(1, 7);
    const direct = await lake.readBars({ symbolTable: table(), symbols });
    for (let read = 0; read < 12; read++) {
      const filtered = await lake.readBars({ symbolTable: table(), symbols, asOf: Number.MAX_SAFE_INTEGER });
      expectBitExact(filtered, direct);
    }
    lake.close();
  });

  it('a failed write leaves existing partitions and the manifest untouched', async () => {
    const root = tempLake();
    const lake = await openLake(root, { buckets: 2 });
    await lake.writeBars(frame(2, 1, 10));
    const manifestBefore = readFileSync(join(root, '_manifest.json'), 'utf8');
    const files = readdirSync(join(root, 'bars'), { recursive: true }).map(String).sort();
    const sizes = files.map((f) => statSync(join(root, 'bars', f)).size);
    // A partition file that turns out to be garbage makes the merge fail midway.
    const victim = files.find((f) => f.endsWith('data.parquet'))!;
    const good = readFileSync(join(root, 'bars', victim));
    writeFileSync(join(root, 'bars', victim), good.subarray(0, 100));
    await expect(lake.writeBars(frame(2, 1, 10, 99))).rejects.toThrow();
    writeFileSync(join(root, 'bars', victim), good);
    expect(readFileSync(join(root, '_manifest.json'), 'utf8')).toBe(manifestBefore);
    const after = readdirSync(join(root, 'bars'), { recursive: true }).map(String).sort();
    expect(after).toEqual(files);
    expect(after.map((f) => statSync(join(root, 'bars', f)).size)).toEqual(sizes);
    lake.close();
  });

  it('a frame read back writes to another lake unchanged (columns may sit on SharedArrayBuffer)', async () => {
    const f = frame(4, 2, 30);
    const first = await openLake(tempLake(), { buckets: 2 });
    await first.writeBars(f);
    const back = await first.readBars({ symbolTable: new SymbolTable(f.symbols.list()) });
    expect(back.close.buffer instanceof SharedArrayBuffer).toBe(minRows === 0);
    const second = await openLake(tempLake(), { buckets: 3 });
    await second.writeBars(back);
    expectBitExact(f, await second.readBars({ symbolTable: new SymbolTable(f.symbols.list()) }));
    first.close();
    second.close();
  });

  it('a Parquet file with a corrupt data page is a typed error naming the file', async () => {
    const root = tempLake();
    const lake = await openLake(root, { buckets: 1 });
    await lake.writeBars(frame(1, 1, 400));
    const file = join(root, 'bars', 'date=2024-01-02', 'bucket=00', 'data.parquet');
    const bytes = readFileSync(file);
    // Page data sits between the 4-byte magic and the footer; the footer (with its run counts) stays intact.
    bytes.fill(0x5a, 64, Math.floor(bytes.length / 2));
    writeFileSync(file, bytes);
    const err = await lake.readBars().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe(ErrorCode.CorruptFile);
    expect((err as DataError).file).toBe(file);
    lake.close();
  });

  it('a truncated Parquet file is a typed error naming the file', async () => {
    const root = tempLake();
    const lake = await openLake(root, { buckets: 1 });
    await lake.writeBars(frame(1, 1, 20));
    const file = join(root, 'bars', 'date=2024-01-02', 'bucket=00', 'data.parquet');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const err = await lake.readBars().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe(ErrorCode.CorruptFile);
    expect((err as DataError).file).toBe(file);
    lake.close();
  });
});
