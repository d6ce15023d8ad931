/**
 * The offline feature store: Parquet files per feature set and UTC date
 * (layout in lakePaths.ts), written and read through an in-process DuckDB.
 *
 * Every row is keyed by (symbol, ts) and carries its knowledge time known_at;
 * Parquet columns: symbol INTEGER (lake id, names in meta.json), ts BIGINT µs,
 * known_at BIGINT µs, then one DOUBLE per feature column. Bitemporal: writing
 * (symbol, ts) again with a later known_at ADDS a version next to the old one;
 * nothing is ever overwritten, and an exact (symbol, ts, known_at) repeat is
 * rejected. A write publishes each date's rows as a new, complete part file
 * (temp file + hard link), so no reader ever sees half a partition; a crash
 * in the middle of a multi-date batch can publish some dates and not others.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DataError, ErrorCode } from '../core/errors.js';
import type { SymbolTable } from '../core/symbols.js';
import { epochDayToDate, MICROS_PER_DAY, type Micros, utcDate } from '../core/time.js';
import {
  type ChunkView,
  type ColumnArray,
  type ColumnKind,
  sqlString,
  stageColumns,
  streamColumns,
} from '../data/lake/index.js';
import { publishNumbered, tempPathFor } from './atomicFile.js';
import { checkFeatureRows, checkLabelEvents, type FeatureRows, type LabelEvents } from './featureRows.js';
import {
  checkColumnNames,
  type FeatureSetColumns,
  type FeatureSetMeta,
  lakeIdsOf,
  readFeatureSetMeta,
  writeFeatureSetMeta,
} from './featureSetMeta.js';
import { assertMicros, assertSymbolIds } from './inputChecks.js';
import { featurePartitionDir, listPartFiles } from './lakePaths.js';
import { type PointInTimeOptions, type PointInTimeResult, pointInTimeJoinChecked } from './pointInTime.js';

/** Which rows `read` returns. Times in epoch µs. */
export interface OfflineReadQuery {
  symbolIds: Int32Array;
  /** Event time ≥ from. */
  from: Micros;
  /** Event time < to. */
  to: Micros;
  /**
   * Knowledge time: only versions known at or before it, and of those the
   * latest per (symbol, ts). Default: every stored version.
   */
  asOf?: Micros;
}

export interface OfflineWriteSummary {
  rows: number;
  /** UTC dates that received a new part file. */
  dates: string[];
  /** Symbol names seen for the first time by this feature set. */
  newSymbols: number;
}

/** Bounds of an internal row scan, epoch µs (−∞/+∞ = open). */
interface RowScan {
  tsFrom: number;
  /** Exclusive. */
  tsTo: number;
  /** Inclusive; +∞ = every version. */
  knownTo: number;
  latestVersionOnly: boolean;
  ordered: boolean;
}

/** Parallel streams of an unordered scan: DuckDB decodes some files while JS copies others. */
const SCAN_STREAMS = 4;

/** Parquet-backed offline feature store rooted at a lake folder; one DuckDB per instance. */
export class ParquetOfflineStore {
  /** Calls run one at a time: they share one DuckDB connection and its staging table. */
  private tail: Promise<unknown> = Promise.resolve();
  private scanConns: DuckDBConnection[] | undefined;

  private constructor(
    readonly root: string,
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Opens the store at lake folder `root` (created when absent). */
  static async open(root: string): Promise<ParquetOfflineStore> {
    mkdirSync(root, { recursive: true });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    // Insertion order stays preserved: the join gets each symbol's rows in file order, nearly sorted.
    return new ParquetOfflineStore(root, db, conn);
  }

  /** Releases DuckDB. */
  close(): void {
    for (const c of this.scanConns ?? []) c.closeSync();
    this.conn.closeSync();
    this.db.closeSync();
  }

  /**
   * Appends `rows` (caller ids from `symbols`) to feature set `fs`. Rules:
   * knownAt ≥ ts per row; no (symbol, ts, knownAt) twice, in the batch or
   * against what is stored (E_DUPLICATE); columns equal to the stored ones.
   */
  write(fs: FeatureSetColumns, symbols: SymbolTable, rows: FeatureRows): Promise<OfflineWriteSummary> {
    return this.exclusive(() => this.writeNow(fs, symbols, rows));
  }

  /** Rows of `q.symbolIds` with from ≤ ts < to, sorted by (symbol id, ts, knownAt). */
  read(fs: FeatureSetColumns, symbols: SymbolTable, q: OfflineReadQuery): Promise<FeatureRows> {
    return this.exclusive(() => {
      assertSymbolIds(q.symbolIds);
      assertMicros(Float64Array.of(q.from, q.to), 'from/to');
      if (q.asOf !== undefined) assertMicros(Float64Array.of(q.asOf), 'asOf');
      return this.scan(fs, symbols, q.symbolIds, {
        tsFrom: q.from,
        tsTo: q.to,
        knownTo: q.asOf ?? Number.POSITIVE_INFINITY,
        latestVersionOnly: q.asOf !== undefined,
        ordered: true,
      });
    });
  }

  /**
   * Greatest stored event time per caller id of `symbols`, epoch µs (NaN when
   * none): where an incremental build resumes. Reads only the key columns.
   */
  latestEventTimes(fs: FeatureSetColumns, symbols: SymbolTable): Promise<Float64Array> {
    return this.exclusive(async () => {
      const out = new Float64Array(symbols.size).fill(Number.NaN);
      const meta = readFeatureSetMeta(this.root, fs);
      const files = meta === undefined ? [] : listPartFiles(this.root, fs.hash, '0000-00-00', '9999-99-99');
      if (meta === undefined || files.length === 0) return out;
      const r = await this.conn.runAndReadAll(
        `SELECT symbol::INTEGER, max(ts)::DOUBLE
         FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false) GROUP BY 1`,
      );
      for (const [lake, ts] of r.getRows() as Array<[number, number]>) {
        const name = meta.symbols[lake];
        const id = name === undefined ? -1 : symbols.lookup(name);
        if (id >= 0) out[id] = ts;
      }
      return out;
    });
  }

  /**
   * For every label event, the feature row known at its time (pointInTime.ts
   * holds THE RULE); rows aligned with the events, NaN where none.
   */
  pointInTimeJoin(
    fs: FeatureSetColumns,
    symbols: SymbolTable,
    events: LabelEvents,
    opts: PointInTimeOptions = {},
  ): Promise<PointInTimeResult> {
    return this.exclusive(async () => {
      checkLabelEvents(events);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const t of events.times) {
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      // Only rows that some event could match: ts and known_at ≤ the last event, ts within maxAge of the first.
      const rows =
        events.times.length === 0
          ? emptyRows(fs.columns.length)
          : await this.scan(fs, symbols, events.symbolIds, {
              tsFrom: lo - (opts.maxAgeUs ?? Number.POSITIVE_INFINITY),
              tsTo: hi + 1,
              knownTo: hi,
              latestVersionOnly: false,
              ordered: false,
            });
      // Events were checked above; the scan's rows are valid by construction (read as int64 µs).
      return pointInTimeJoinChecked(rows, events, opts);
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async writeNow(
    fs: FeatureSetColumns,
    symbols: SymbolTable,
    rows: FeatureRows,
  ): Promise<OfflineWriteSummary> {
    checkColumnNames(fs.columns);
    checkFeatureRows(rows);
    if (rows.nCols !== fs.columns.length) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `rows have ${rows.nCols} columns, the feature set ${fs.columns.length}`,
        {
          column: 'matrix',
          rule: 'one matrix column per feature column',
        },
      );
    }
    const n = rows.ts.length;
    const day = new Int32Array(n);
    const days: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rows.knownAt[i]! < rows.ts[i]!) {
        throw new DataError(
          ErrorCode.InvalidInput,
          `row ${i}: known_at ${rows.knownAt[i]} µs is before ts ${rows.ts[i]} µs`,
          {
            column: 'knownAt',
            rule: 'a value cannot be known before the event it describes (known_at ≥ ts)',
          },
        );
      }
      const d = Math.floor(rows.ts[i]! / MICROS_PER_DAY);
      day[i] = d;
      if (i === 0 || d !== day[i - 1]) days.push(d);
    }
    const dates = [...new Set(days)].sort((a, b) => a - b);
    const stored = readFeatureSetMeta(this.root, fs);
    const meta: FeatureSetMeta = stored ?? {
      formatVersion: 1,
      hash: fs.hash,
      columns: [...fs.columns],
      symbols: [],
    };
    const known = meta.symbols.length;
    const lakeOf = lakeIdsOf(meta, symbols, rows.symbolIds, true);
    if (n === 0) return { rows: 0, dates: [], newSymbols: 0 };

    const lakeSymbol = new Int32Array(n);
    for (let i = 0; i < n; i++) lakeSymbol[i] = lakeOf[rows.symbolIds[i]!]!;
    const stage: Record<string, ColumnArray> = {
      symbol: lakeSymbol,
      ts: rows.ts,
      known_at: rows.knownAt,
      day,
    };
    deinterleave(rows.matrix, rows.nCols).forEach((col, c) => {
      stage[`c${c}`] = col;
    });
    await stageColumns(this.conn, 'stage_rows', stage);
    const temps: string[] = [];
    try {
      await this.rejectDuplicates(meta, dates);
      // The meta goes first: every published part must find its symbol names.
      if (meta.symbols.length > known || stored === undefined) writeFeatureSetMeta(this.root, meta);
      const select = fs.columns.map((name, c) => `c${c} AS ${ident(name)}`).join(', ');
      for (const d of dates) {
        const dir = featurePartitionDir(this.root, fs.hash, epochDayToDate(d));
        mkdirSync(dir, { recursive: true });
        const tmp = tempPathFor(`${dir}/part.parquet`);
        temps.push(tmp);
        await this.conn.run(
          `COPY (SELECT symbol, ts::BIGINT AS ts, known_at::BIGINT AS known_at, ${select}
             FROM stage_rows WHERE day = ${d} ORDER BY symbol, ts, known_at)
           TO ${sqlString(tmp)} (FORMAT parquet)`,
        );
      }
      // Every date's file is complete before the first one is published.
      for (const [k, d] of dates.entries()) {
        publishNumbered(
          temps[k]!,
          featurePartitionDir(this.root, fs.hash, epochDayToDate(d)),
          'part',
          '.parquet',
        );
      }
      temps.length = 0;
    } finally {
      for (const t of temps) rmSync(t, { force: true });
      await this.conn.run('DROP TABLE IF EXISTS stage_rows');
    }
    return { rows: n, dates: dates.map(epochDayToDate), newSymbols: meta.symbols.length - known };
  }

  /** Throws E_DUPLICATE for a (symbol, ts, known_at) repeated in the staged batch or already stored. */
  private async rejectDuplicates(meta: FeatureSetMeta, days: readonly number[]): Promise<void> {
    const inBatch = await this.conn.runAndReadAll(
      `SELECT symbol, ts, known_at FROM stage_rows GROUP BY ALL HAVING count(*) > 1 LIMIT 1`,
    );
    let dup = inBatch.getRows()[0];
    let where = 'twice in the batch';
    if (dup === undefined) {
      const first = epochDayToDate(days[0]!);
      const last = epochDayToDate(days[days.length - 1]!);
      const dayNames = new Set(days.map(epochDayToDate));
      const files = listPartFiles(this.root, meta.hash, first, last).filter((f) =>
        dayNames.has(/date=(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? ''),
      );
      if (files.length > 0) {
        const stored = await this.conn.runAndReadAll(
          `SELECT s.symbol, s.ts, s.known_at FROM stage_rows s SEMI JOIN read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false) p
             ON p.symbol = s.symbol AND p.ts = s.ts::BIGINT AND p.known_at = s.known_at::BIGINT LIMIT 1`,
        );
        dup = stored.getRows()[0];
        where = 'already stored';
      }
    }
    if (dup !== undefined) {
      const [symbol, ts, knownAt] = dup as [number, number, number];
      throw new DataError(
        ErrorCode.Duplicate,
        `feature row (${meta.symbols[symbol]}, ts ${ts} µs, known_at ${knownAt} µs) is ${where}`,
        { rule: 'a (symbol, ts, known_at) version is stored once; restate with a later known_at' },
      );
    }
  }

  /** Reads stored rows of `symbolIds` within `scan` into caller-id feature rows. */
  private async scan(
    fs: FeatureSetColumns,
    symbols: SymbolTable,
    symbolIds: Int32Array,
    scan: RowScan,
  ): Promise<FeatureRows> {
    checkColumnNames(fs.columns);
    const nCols = fs.columns.length;
    const meta = readFeatureSetMeta(this.root, fs);
    if (meta === undefined || !(scan.tsTo > scan.tsFrom)) return emptyRows(nCols);
    const lakeOf = lakeIdsOf(meta, symbols, distinctIds(symbolIds, symbols.size), false);
    const callerOf = new Int32Array(meta.symbols.length).fill(-1);
    const pairs: string[] = [];
    const lakeIds: number[] = [];
    lakeOf.forEach((lake, caller) => {
      if (lake >= 0) {
        callerOf[lake] = caller;
        pairs.push(`(${lake}, ${caller})`);
        lakeIds.push(lake);
      }
    });
    const fromDate = Number.isFinite(scan.tsFrom) ? utcDate(scan.tsFrom) : '0000-00-00';
    const toDate = Number.isFinite(scan.tsTo) ? utcDate(scan.tsTo - 1) : '9999-99-99';
    const files = listPartFiles(this.root, fs.hash, fromDate, toDate);
    if (pairs.length === 0 || files.length === 0) return emptyRows(nCols);

    const where: string[] = [];
    if (Number.isFinite(scan.tsFrom)) where.push(`p.ts >= ${Math.ceil(scan.tsFrom)}`);
    if (Number.isFinite(scan.tsTo)) where.push(`p.ts < ${Math.ceil(scan.tsTo)}`);
    if (Number.isFinite(scan.knownTo)) where.push(`p.known_at <= ${Math.floor(scan.knownTo)}`);
    // Unordered scans map lake ids to caller ids here (no join, DuckDB only filters);
    // ordered ones join, so that DuckDB can sort by caller id.
    const joined = scan.ordered;
    if (!joined && lakeIds.length < meta.symbols.length) where.push(`p.symbol IN (${lakeIds.join(', ')})`);
    const selectFrom = (list: readonly string[]): string =>
      `SELECT ${joined ? 'm.caller' : 'p.symbol'}::INTEGER, p.ts::BIGINT, p.known_at::BIGINT, ${fs.columns.map((c) => `p.${ident(c)}::DOUBLE`).join(', ')}
      FROM read_parquet([${list.map(sqlString).join(', ')}], hive_partitioning = false) p
      ${joined ? `JOIN (VALUES ${pairs.join(', ')}) m(lake, caller) ON p.symbol = m.lake` : ''}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ${scan.latestVersionOnly ? 'QUALIFY row_number() OVER (PARTITION BY p.symbol, p.ts ORDER BY p.known_at DESC) = 1' : ''}
      ${scan.ordered ? 'ORDER BY 1, 2, 3' : ''}`;
    const kinds: ColumnKind[] = ['i32', 'time', 'time', ...fs.columns.map((): ColumnKind => 'f64')];
    try {
      // Footer row counts bound what each file yields; pages past the rows read are never touched.
      const footers = await this.conn.runAndReadAll(
        `SELECT file_name, num_rows::DOUBLE FROM parquet_file_metadata([${files.map(sqlString).join(', ')}])`,
      );
      const stored = new Map(footers.getRows().map(([f, n]) => [String(f), n as number]));
      const fileRows = files.map((f) => stored.get(f) ?? 0);
      // An unordered scan streams groups of files in parallel, each into its own stretch of rows.
      const groups = scan.ordered ? [files.map((_, i) => i)] : splitByRows(fileRows, SCAN_STREAMS);
      const conns = scan.ordered ? [this.conn] : await this.scanConnections();
      const out = allocRows(
        fileRows.reduce((a, b) => a + b, 0),
        nCols,
      );
      const starts: number[] = [];
      let at = 0;
      const parts = groups.map((g) => {
        const bound = g.reduce((sum, f) => sum + fileRows[f]!, 0);
        starts.push(at);
        at += bound;
        return rowsView(out, starts[starts.length - 1]!, bound);
      });
      const settled = await Promise.allSettled(
        groups.map((g, i) =>
          streamColumns(conns[i]!, selectFrom(g.map((f) => files[f]!)), kinds, (chunk) =>
            appendChunk(chunk, parts[i]!, joined ? null : callerOf),
          ),
        ),
      );
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      return packParts(out, parts, starts);
    } catch (cause) {
      const msg = cause instanceof Error ? cause.message : String(cause);
      throw new DataError(ErrorCode.CorruptFile, `cannot read feature parts: ${msg.split('\n')[0]}`, {
        file: files.find((f) => msg.includes(f)) ?? files[0]!,
        rule: 'part files are complete Parquet files with the feature set schema',
        cause,
      });
    }
  }

  /** Connections for parallel scan streams, opened on first use. */
  private async scanConnections(): Promise<DuckDBConnection[]> {
    this.scanConns ??= await Promise.all(Array.from({ length: SCAN_STREAMS }, () => this.db.connect()));
    return this.scanConns;
  }
}

/** Up to `k` contiguous groups of file indices holding about equal rows (files without rows left out). */
function splitByRows(fileRows: readonly number[], k: number): number[][] {
  const total = fileRows.reduce((a, b) => a + b, 0);
  const groups: number[][] = [];
  let group: number[] = [];
  let done = 0;
  fileRows.forEach((rows, f) => {
    if (rows === 0) return;
    group.push(f);
    done += rows;
    if (done >= (total * (groups.length + 1)) / k) {
      groups.push(group);
      group = [];
    }
  });
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Rows [start, start + capacity) of `out` as an empty buffer of its own. */
function rowsView(out: RowBuffer, start: number, capacity: number): RowBuffer {
  const nCols = out.nCols;
  return {
    symbolIds: out.symbolIds.subarray(start, start + capacity),
    ts: out.ts.subarray(start, start + capacity),
    knownAt: out.knownAt.subarray(start, start + capacity),
    matrix: out.matrix.subarray(start * nCols, (start + capacity) * nCols),
    nCols,
    length: 0,
  };
}

/** Moves the filled rows of the views of `out` starting at `starts` together; returns them as feature rows. */
function packParts(out: RowBuffer, parts: readonly RowBuffer[], starts: readonly number[]): FeatureRows {
  const nCols = out.nCols;
  let n = 0;
  for (const [i, p] of parts.entries()) {
    const start = starts[i]!;
    if (start !== n) {
      out.symbolIds.copyWithin(n, start, start + p.length);
      out.ts.copyWithin(n, start, start + p.length);
      out.knownAt.copyWithin(n, start, start + p.length);
      out.matrix.copyWithin(n * nCols, start * nCols, (start + p.length) * nCols);
    }
    n += p.length;
  }
  return {
    symbolIds: out.symbolIds.subarray(0, n),
    ts: out.ts.subarray(0, n),
    knownAt: out.knownAt.subarray(0, n),
    matrix: out.matrix.subarray(0, n * nCols),
    nCols,
  };
}

/**
 * The distinct ids of `symbolIds` (millions of label events name a few
 * hundred symbols); an id outside [0, size) is kept, for lakeIdsOf to reject.
 */
function distinctIds(symbolIds: Int32Array, size: number): Int32Array {
  const seen = new Uint8Array(size);
  const out: number[] = [];
  for (let i = 0; i < symbolIds.length; i++) {
    const id = symbolIds[i]!;
    if (id >= size) return symbolIds;
    if (seen[id] === 0) {
      seen[id] = 1;
      out.push(id);
    }
  }
  return Int32Array.from(out);
}

/** Feature rows with room for `capacity` rows; `length` counts the rows filled so far. */
type RowBuffer = FeatureRows & { length: number };

function allocRows(capacity: number, nCols: number): RowBuffer {
  return {
    symbolIds: new Int32Array(capacity),
    ts: new Float64Array(capacity),
    knownAt: new Float64Array(capacity),
    matrix: new Float64Array(capacity * nCols),
    nCols,
    length: 0,
  };
}

/**
 * Appends a streamed chunk (symbol, ts, known_at, features…) to `out`,
 * features straight into the row-major matrix; `callerOf` maps lake ids to
 * caller ids (null: the chunk holds caller ids already).
 */
function appendChunk(chunk: ChunkView, out: RowBuffer, callerOf: Int32Array | null): void {
  const { rows, columns } = chunk;
  const at = out.length;
  if (at + rows > out.ts.length) throw new Error('feature scan returned more rows than the files hold');
  const sym = columns[0] as Int32Array;
  const ts = columns[1] as Float64Array;
  const known = columns[2] as Float64Array;
  if (callerOf === null) out.symbolIds.set(sym, at);
  else {
    for (let r = 0; r < rows; r++) {
      const caller = callerOf[sym[r]!] ?? -1;
      if (caller < 0) throw new Error(`feature scan returned lake symbol ${sym[r]} it was not asked for`);
      out.symbolIds[at + r] = caller;
    }
  }
  out.ts.set(ts, at);
  out.knownAt.set(known, at);
  const nCols = out.nCols;
  const matrix = out.matrix;
  for (let c = 0; c < nCols; c++) {
    const col = columns[c + 3] as Float64Array;
    for (let r = 0, j = at * nCols + c; r < rows; r++, j += nCols) matrix[j] = col[r]!;
  }
  out.length = at + rows;
}

/** Zero rows of `nCols` columns. */
function emptyRows(nCols: number): FeatureRows {
  return {
    symbolIds: new Int32Array(0),
    ts: new Float64Array(0),
    knownAt: new Float64Array(0),
    matrix: new Float64Array(0),
    nCols,
  };
}

/** Row-major rows × nCols → one array per column. */
function deinterleave(matrix: Float64Array, nCols: number): Float64Array[] {
  const rows = matrix.length / nCols;
  const cols = Array.from({ length: nCols }, () => new Float64Array(rows));
  for (let c = 0; c < nCols; c++) {
    const col = cols[c]!;
    for (let i = 0, j = c; i < rows; i++, j += nCols) col[i] = matrix[j]!;
  }
  return cols;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
