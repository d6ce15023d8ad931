/**
 * The Parquet lake: bars (and other per-symbol time series) partitioned by
 * UTC date and symbol bucket, each file sorted by (symbol, ts, known_at),
 * written atomically (temp file + rename, manifest last), read through DuckDB
 * straight into typed columns (partitionScan.ts). Each file's Parquet footer
 * also carries its per-symbol row counts (key `alphaflow_runs`; plain
 * read_parquet ignores it), so a read places rows without counting them
 * first. Bitemporal: a row restated later (same symbol
 * and ts, later known_at) is kept next to the original; reads take `asOf` and
 * see the latest version known by then.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BarFrame } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { QuoteFrame } from '../../core/quoteFrame.js';
import { SymbolTable } from '../../core/symbols.js';
import { epochDayToDate, MICROS_PER_DAY } from '../../core/time.js';
import { type ColumnArray, type ColumnKind, sqlString, stageColumns } from './duckdbColumns.js';
import {
  DEFAULT_BUCKETS,
  partitionBucket,
  partitionDate,
  partitionFile,
  partitionKey,
  symbolBucket,
} from './lakeLayout.js';
import { type Manifest, type PartitionInfo, readManifest, writeManifest } from './manifest.js';
import {
  type FooterCache,
  type GroupReader,
  RUNS_KEY,
  type ScannedColumns,
  scanPartitions,
} from './partitionScan.js';
import { ScanWorkerPool } from './scanWorkerPool.js';

/** File groups read at once on separate connections: overlaps DuckDB's decoding with JS copying. */
const READ_STREAMS = 4;

/**
 * Large reads run on worker threads, each with its own single-threaded
 * DuckDB and two connections (one group each): JS's per-chunk work (DuckDB's
 * hand-over, copying) bound the read on one thread. Measured on 2 cores:
 * 2 workers × 2 connections beat 1 × 2, 2 × 1 and 2 × 3, and 2 DuckDB
 * threads per worker gained nothing.
 */
const SCAN_WORKERS = { workers: 2, threads: 1, connections: 2 };

/** Default `LakeOptions.workerMinRows`: below it, starting on the workers costs more than it saves. */
const WORKER_MIN_ROWS = 200_000;

/** A stored series family: its value columns after (symbol, ts, known_at). */
export interface TableSpec {
  readonly name: string;
  readonly values: ReadonlyArray<{ readonly name: string; readonly kind: ColumnKind }>;
}

export const BARS_TABLE: TableSpec = {
  name: 'bars',
  values: [
    { name: 'open', kind: 'f64' },
    { name: 'high', kind: 'f64' },
    { name: 'low', kind: 'f64' },
    { name: 'close', kind: 'f64' },
    { name: 'volume', kind: 'f64' },
    { name: 'vwap', kind: 'f64' },
    { name: 'trades', kind: 'i32' },
  ],
};

export const QUOTES_TABLE: TableSpec = {
  name: 'quotes',
  values: [
    { name: 'bid', kind: 'f64' },
    { name: 'ask', kind: 'f64' },
    { name: 'bid_size', kind: 'f64' },
    { name: 'ask_size', kind: 'f64' },
  ],
};

/** Columns of one table, rows sorted by (symbol id, ts). */
export interface TableColumns {
  symbols: SymbolTable;
  symbol: Int32Array;
  ts: Float64Array;
  knownAt: Float64Array;
  /** One array per `TableSpec.values` entry, same order. */
  values: ColumnArray[];
}

/** Which rows to read. Times in epoch µs; `to` is exclusive. */
export interface LakeQuery {
  /** Symbol names; all stored symbols when omitted. */
  symbols?: readonly string[];
  from?: number;
  to?: number;
  /** Knowledge time: only rows known at or before it, latest version per (symbol, ts). Default: everything. */
  asOf?: number;
  /**
   * Symbol table to intern into (ids then follow it); by default a new table
   * interning the requested names in sorted order.
   */
  symbolTable?: SymbolTable;
}

export interface WriteSummary {
  table: string;
  rows: number;
  partitions: number;
  restatedPartitions: number;
}

export interface LakeOptions {
  /** Symbol buckets for a new lake (ignored when the lake exists). */
  buckets?: number;
  /** Reads of at least this many rows run on worker threads (columns then on SharedArrayBuffer). */
  workerMinRows?: number;
}

/** A Parquet lake rooted at a folder; one in-process DuckDB per instance. */
export class ParquetLake {
  private manifest: Manifest;
  private readConns: DuckDBConnection[] | undefined;
  private scanPool: ScanWorkerPool | undefined;
  private readonly footerCache: FooterCache = new Map();
  private readTail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly root: string,
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    buckets: number,
    private readonly workerMinRows: number,
  ) {
    this.manifest = readManifest(root, buckets);
  }

  /** Opens (creating when absent) the lake at `root`. */
  static async open(root: string, opts: LakeOptions = {}): Promise<ParquetLake> {
    mkdirSync(root, { recursive: true });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    return new ParquetLake(
      root,
      db,
      conn,
      opts.buckets ?? DEFAULT_BUCKETS,
      opts.workerMinRows ?? WORKER_MIN_ROWS,
    );
  }

  /** Releases DuckDB. */
  close(): void {
    this.scanPool?.close();
    for (const c of this.readConns ?? []) c.closeSync();
    this.conn.closeSync();
    this.db.closeSync();
  }

  /** A copy of the manifest (what the lake holds). */
  info(): Manifest {
    return structuredClone(this.manifest);
  }

  /** Writes a BarFrame (idempotent: re-writing the same rows changes nothing). */
  async writeBars(frame: BarFrame): Promise<WriteSummary> {
    return this.writeTable(BARS_TABLE, {
      symbols: frame.symbols,
      symbol: frame.symbol,
      ts: frame.ts,
      knownAt: frame.knownAt,
      values: [frame.open, frame.high, frame.low, frame.close, frame.volume, frame.vwap, frame.trades],
    });
  }

  /** Reads bars into a BarFrame sorted by (symbol id, ts). */
  async readBars(q: LakeQuery = {}): Promise<BarFrame> {
    const t = await this.readTable(BARS_TABLE, q);
    const [open, high, low, close, volume, vwap, trades] = t.values as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Int32Array,
    ];
    return new BarFrame(t.symbols, {
      symbol: t.symbol,
      ts: t.ts,
      open,
      high,
      low,
      close,
      volume,
      vwap,
      trades,
      knownAt: t.knownAt,
    });
  }

  /** Writes L1 quotes (idempotent like `writeBars`). */
  async writeQuotes(quotes: QuoteFrame): Promise<WriteSummary> {
    return this.writeTable(QUOTES_TABLE, {
      symbols: quotes.symbols,
      symbol: quotes.symbol,
      ts: quotes.ts,
      knownAt: quotes.knownAt,
      values: [quotes.bid, quotes.ask, quotes.bidSize, quotes.askSize],
    });
  }

  /** Reads quotes into a QuoteFrame sorted by (symbol id, ts). */
  async readQuotes(q: LakeQuery = {}): Promise<QuoteFrame> {
    const t = await this.readTable(QUOTES_TABLE, q);
    const [bid, ask, bidSize, askSize] = t.values as Float64Array[];
    return new QuoteFrame(t.symbols, {
      symbol: t.symbol,
      ts: t.ts,
      bid: bid!,
      ask: ask!,
      bidSize: bidSize!,
      askSize: askSize!,
      knownAt: t.knownAt,
    });
  }

  /**
   * Writes rows into their (date, bucket) partitions. Each touched partition
   * is rewritten as the union of its old rows and the new ones (exact
   * duplicates of (symbol, ts, known_at) collapse to the new row) into a temp
   * file that replaces the old one by rename; the manifest is written last.
   */
  async writeTable(spec: TableSpec, cols: TableColumns): Promise<WriteSummary> {
    const n = cols.ts.length;
    const buckets = this.manifest.buckets;
    const names = cols.symbols.list();
    const bucketOfId = Int32Array.from(names, (s) => symbolBucket(s, buckets));
    const day = new Int32Array(n);
    const bucket = new Int32Array(n);
    const present = new Uint8Array(names.length);
    const parts = new Map<number, { day: number; bucket: number }>();
    for (let i = 0; i < n; i++) {
      const id = cols.symbol[i]!;
      const d = Math.floor(cols.ts[i]! / MICROS_PER_DAY);
      const b = bucketOfId[id]!;
      day[i] = d;
      bucket[i] = b;
      present[id] = 1;
      const key = d * 1024 + b;
      if (!parts.has(key)) parts.set(key, { day: d, bucket: b });
    }
    const stage: Record<string, ColumnArray> = {
      symbol_id: cols.symbol,
      ts: cols.ts,
      known_at: cols.knownAt,
      day,
      bucket,
    };
    spec.values.forEach((v, i) => {
      stage[v.name] = cols.values[i]!;
    });
    await stageColumns(this.conn, 'stage_rows', stage);
    await this.stageSymbolNames('stage_syms', names);

    const valueList = spec.values.map((v) => `"${v.name}"`).join(', ');
    // One sort up front; per-partition reads of the sorted table then skip
    // row groups by their (day, bucket) min/max instead of rescanning all rows.
    await this.conn.run(
      `CREATE OR REPLACE TABLE stage_sorted AS SELECT r.day, r.bucket, s.name AS symbol,
         make_timestamp(r.ts::BIGINT) AS ts, make_timestamp(r.known_at::BIGINT) AS known_at, ${spec.values.map((v) => `r."${v.name}"`).join(', ')}
       FROM stage_rows r JOIN stage_syms s ON r.symbol_id = s.id ORDER BY r.day, r.bucket, s.name, r.ts, r.known_at`,
    );
    await this.conn.run('DROP TABLE stage_rows');
    const table = this.tableInfo(spec.name);
    let restatedPartitions = 0;
    const tmpSuffix = `.tmp-${randomBytes(6).toString('hex')}`;
    const written: Array<{ key: string; tmp: string; final: string; info: PartitionInfo }> = [];
    let current = '';
    try {
      for (const { day: d, bucket: b } of parts.values()) {
        const key = partitionKey(epochDayToDate(d), b);
        const final = partitionFile(this.root, spec.name, key);
        const tmp = final + tmpSuffix;
        current = tmp;
        mkdirSync(dirname(final), { recursive: true });
        const fresh = `SELECT symbol, ts, known_at, ${valueList} FROM stage_sorted WHERE day = ${d} AND bucket = ${b}`;
        const source = existsSync(final)
          ? `SELECT symbol, ts, known_at, ${valueList} FROM (
               SELECT *, 1 AS _new FROM (${fresh})
               UNION ALL SELECT symbol, ts, known_at, ${valueList}, 0 AS _new FROM read_parquet(${sqlString(final)}))
             QUALIFY row_number() OVER (PARTITION BY symbol, ts, known_at ORDER BY _new DESC) = 1
             ORDER BY symbol, ts, known_at`
          : fresh;
        // Run counts go into the footer: a read places every run without counting rows first.
        const runs = await this.conn.runAndReadAll(
          `SELECT symbol, count(*)::INTEGER, count(DISTINCT ts)::INTEGER FROM (${source}) GROUP BY symbol ORDER BY symbol`,
        );
        const kv = `{${RUNS_KEY}: ${sqlString(JSON.stringify(runs.getRows()))}}`;
        await this.conn.run(
          `COPY (${source}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION snappy, KV_METADATA ${kv})`,
        );
        const stats = await this.conn.runAndReadAll(
          `SELECT count(*)::DOUBLE, count(DISTINCT symbol)::DOUBLE, epoch_us(min(ts))::DOUBLE, epoch_us(max(ts))::DOUBLE,
             (count(*) > count(DISTINCT (symbol, ts)))::INTEGER FROM read_parquet(${sqlString(tmp)})`,
        );
        const [rows, symbols, minTs, maxTs, restated] = stats.getRows()[0] as number[];
        if (restated) restatedPartitions++;
        written.push({
          key,
          tmp,
          final,
          info: { rows: rows!, symbols: symbols!, minTs: minTs!, maxTs: maxTs!, restated: restated === 1 },
        });
      }
    } catch (err) {
      for (const w of written) rmSync(w.tmp, { force: true });
      rmSync(current, { force: true });
      throw err;
    } finally {
      await this.conn.run('DROP TABLE IF EXISTS stage_sorted');
    }
    // Every new file is complete before any replaces its predecessor.
    for (const w of written) {
      renameSync(w.tmp, w.final);
      table.partitions[w.key] = w.info;
    }
    table.symbols = [...new Set([...table.symbols, ...names.filter((_, id) => present[id] === 1)])].sort();
    writeManifest(this.root, this.manifest);
    return { table: spec.name, rows: n, partitions: written.length, restatedPartitions };
  }

  /** Reads rows matching `q`, sorted by (symbol id, ts[, known_at]). */
  async readTable(spec: TableSpec, q: LakeQuery = {}): Promise<TableColumns> {
    const info = this.manifest.tables[spec.name];
    const wanted = q.symbols ? [...new Set(q.symbols)].sort() : (info?.symbols ?? []);
    const symbols = q.symbolTable ?? new SymbolTable();
    const ids = Int32Array.from(wanted, (s) => symbols.intern(s));
    const buckets = new Set(wanted.map((s) => symbolBucket(s, this.manifest.buckets)));
    const fromDate = q.from === undefined ? '' : epochDayToDate(Math.floor(q.from / MICROS_PER_DAY));
    const toDate = q.to === undefined ? '9999' : epochDayToDate(Math.floor((q.to - 1) / MICROS_PER_DAY));
    const keys = Object.keys(info?.partitions ?? {}).filter((k) => {
      const d = partitionDate(k);
      return buckets.has(partitionBucket(k)) && d >= fromDate && d <= toDate;
    });
    keys.sort();
    const kinds: ColumnKind[] = ['i32', 'time', 'time', ...spec.values.map((v) => v.kind)];
    if (keys.length === 0 || wanted.length === 0) return emptyColumns(symbols, kinds);

    const files = keys.map((k) => partitionFile(this.root, spec.name, k));
    const where: string[] = [];
    if (q.symbols) where.push(`symbol IN (${wanted.map(sqlString).join(', ')})`);
    if (q.from !== undefined) where.push(`ts >= make_timestamp(${Math.trunc(q.from)})`);
    if (q.to !== undefined) where.push(`ts < make_timestamp(${Math.trunc(q.to)})`);
    if (q.asOf !== undefined) where.push(`known_at <= make_timestamp(${Math.trunc(q.asOf)})`);
    const idOf = new Map(wanted.map((name, i) => [name, ids[i]!]));
    let cols: ScannedColumns;
    try {
      cols = await this.readSerially((conns, pool) =>
        scanPartitions(
          conns,
          {
            files,
            where: where.join(' AND '),
            mayHoldRestatements: keys.some((k) => info!.partitions[k]!.restated),
            footerRuns:
              q.asOf === undefined &&
              keys.every((k) => {
                const p = info!.partitions[k]!;
                return (q.from === undefined || q.from <= p.minTs) && (q.to === undefined || q.to > p.maxTs);
              }),
            footerCache: this.footerCache,
            values: spec.values,
            idOf,
            nIds: symbols.size,
          },
          pool,
        ),
      );
    } catch (cause) {
      throw corruptFileError(cause, files);
    }
    return { symbols, ...cols };
  }

  /**
   * Runs `fn` on the read connections (opened on first use) and the scan
   * workers once every earlier read is done: each connection and each worker
   * serves one read at a time.
   */
  private readSerially<T>(fn: (conns: DuckDBConnection[], pool: GroupReader) => Promise<T>): Promise<T> {
    const run = this.readTail.then(async () => {
      this.readConns ??= await Promise.all(Array.from({ length: READ_STREAMS }, () => this.db.connect()));
      this.scanPool ??= new ScanWorkerPool({ ...SCAN_WORKERS, minRows: this.workerMinRows });
      return fn(this.readConns, this.scanPool);
    });
    this.readTail = run.catch(() => undefined);
    return run;
  }

  private tableInfo(name: string) {
    let t = this.manifest.tables[name];
    if (!t) {
      t = { partitions: {}, symbols: [] };
      this.manifest.tables[name] = t;
    }
    return t;
  }

  /** Temp table (id INTEGER, name VARCHAR) for joining symbol names to ids. */
  private async stageSymbolNames(table: string, names: readonly string[]): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TABLE ${table} (id INTEGER, name VARCHAR)`);
    const app = await this.conn.createAppender(table);
    names.forEach((name, i) => {
      app.appendInteger(i);
      app.appendVarchar(name);
      app.endRow();
    });
    app.closeSync();
  }
}

function emptyColumns(symbols: SymbolTable, kinds: readonly ColumnKind[]): TableColumns {
  const vals = kinds.slice(3).map((k) => (k === 'i32' ? new Int32Array(0) : new Float64Array(0)));
  return {
    symbols,
    symbol: new Int32Array(0),
    ts: new Float64Array(0),
    knownAt: new Float64Array(0),
    values: vals,
  };
}

function corruptFileError(cause: unknown, files: readonly string[]): DataError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  const file = files.find((f) => msg.includes(f)) ?? (files.length === 1 ? files[0] : undefined);
  return new DataError(ErrorCode.CorruptFile, `cannot read Parquet data: ${msg.split('\n')[0]}`, {
    ...(file === undefined ? {} : { file }),
    rule: 'file must be a complete Parquet file with the lake schema',
    cause,
  });
}
