/**
 * The lake's read path: rows of chosen partition files copied chunk by chunk
 * straight to their final (symbol id, ts) positions in typed arrays. Row
 * counts per (file, symbol) place every run first (files are sorted by
 * (symbol, ts, known_at)): from the files' footers when only symbols are
 * filtered, else from a DuckDB count query. So there is no sort and one JS
 * copy per value. With footer counts and mostly wanted rows, the files are
 * decoded directly (parquet/flatParquet.ts, runs of unwanted symbols
 * skipped); otherwise DuckDB evaluates the filter and hands over small
 * materialized batches. Groups of files are read in parallel (separate
 * connections), and a large scan's groups go to worker threads
 * (`GroupReader`) that fill columns on SharedArrayBuffer.
 * A run holding several versions of one (symbol, ts) keeps the last, i.e.
 * the latest known_at that passed the filter (bitemporal `asOf`).
 */
import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  FlatParquetReader,
  type ParquetFooter,
  readFooter,
  unsupportedReason,
} from '../parquet/flatParquet.js';
import {
  type ChunkView,
  type ColumnArray,
  type ColumnKind,
  materializeColumns,
  sqlString,
} from './duckdbColumns.js';

/** What to read. `where` is a SQL predicate over symbol, ts, known_at (or ''). */
export interface PartitionScan {
  /** Partition files in (date, bucket) order. */
  files: readonly string[];
  where: string;
  /** True when some file may hold several versions of a (symbol, ts). */
  mayHoldRestatements: boolean;
  /**
   * True when `where` filters by symbol only, so the run counts each file
   * carries in its footer (RUNS_KEY, written by the lake) apply as they are.
   */
  footerRuns: boolean;
  footerCache: FooterCache;
  values: ReadonlyArray<{ readonly name: string; readonly kind: ColumnKind }>;
  /** Caller's id of each symbol name the filter lets through. */
  idOf: ReadonlyMap<string, number>;
  /** Ids are < nIds. */
  nIds: number;
}

export interface ScannedColumns {
  symbol: Int32Array;
  ts: Float64Array;
  knownAt: Float64Array;
  values: ColumnArray[];
}

/** Runs: maximal stretches of one symbol in one file, in stream order. */
export interface Runs {
  file: Int32Array;
  /** Caller's symbol id; −1 for a symbol the scan skips (direct decoding streams every row). */
  id: Int32Array;
  /** Rows DuckDB streams for the run. */
  raw: Int32Array;
  /** Rows kept: distinct ts (one version per (symbol, ts)). */
  kept: Int32Array;
  /** Final row of the run's first kept row. */
  dest: Int32Array;
}

/** What reading one file group needs (also what crosses to a scan worker). */
export interface GroupJob {
  where: string;
  /**
   * Decode the files directly (flatParquet.ts) instead of querying DuckDB:
   * every row of each file streams, and runs of symbols the scan does not
   * want carry id −1.
   */
  direct: boolean;
  values: PartitionScan['values'];
  runs: Pick<Runs, 'id' | 'raw' | 'kept' | 'dest'>;
  group: FileGroup;
  /** Final columns (on SharedArrayBuffer when a worker fills them). */
  out: Omit<ScannedColumns, 'symbol'>;
}

/** Reads file groups elsewhere (worker threads); settles when every group's rows are in place. */
export interface GroupReader {
  /** Groups it reads at once. */
  readonly size: number;
  /** Scans of fewer rows stay on the calling thread: handing over would cost more than it saves. */
  readonly minRows: number;
  read(jobs: readonly GroupJob[]): Promise<void>;
}

/**
 * Reads the scan into columns sorted by (symbol id, ts): on `reader` when
 * given and the scan is large (columns then sit on SharedArrayBuffer), else
 * on `conns` (one query per connection at a time). Throws DuckDB's
 * error for an unreadable file.
 */
export async function scanPartitions(
  conns: readonly DuckDBConnection[],
  scan: PartitionScan,
  reader?: GroupReader,
): Promise<ScannedColumns> {
  const { runs, direct } = await countRuns(conns[0]!, scan);
  const nRuns = runs.id.length;
  const start = new Float64Array(scan.nIds + 1);
  for (let r = 0; r < nRuns; r++) if (runs.id[r]! >= 0) start[runs.id[r]! + 1]! += runs.kept[r]!;
  for (let s = 0; s < scan.nIds; s++) start[s + 1]! += start[s]!;
  const n = start[scan.nIds]!;
  let rawRows = 0;
  for (let r = 0; r < nRuns; r++) rawRows += runs.raw[r]!;
  const elsewhere = reader !== undefined && rawRows >= reader.minRows;
  const f64 = (len: number) =>
    elsewhere ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len);
  const i32 = (len: number) =>
    elsewhere ? new Int32Array(new SharedArrayBuffer(len * 4)) : new Int32Array(len);
  const out: ScannedColumns = {
    symbol: new Int32Array(n),
    ts: f64(n),
    knownAt: f64(n),
    values: scan.values.map((v) => (v.kind === 'i32' ? i32(n) : f64(n))),
  };
  // Files are in date order, so a symbol's runs get consecutive slots in time order.
  const cursor = start.slice(0, scan.nIds);
  const fileRaw = new Float64Array(scan.files.length);
  for (let r = 0; r < nRuns; r++) {
    fileRaw[runs.file[r]!]! += runs.raw[r]!;
    const id = runs.id[r]!;
    if (id < 0) continue;
    runs.dest[r] = cursor[id]!;
    cursor[id]! += runs.kept[r]!;
    out.symbol.fill(id, runs.dest[r]!, cursor[id]!);
  }
  const k = elsewhere ? reader.size : conns.length;
  const jobs = splitFiles(scan.files, fileRaw, runs, k).map(
    (group): GroupJob => ({
      where: scan.where,
      direct,
      values: scan.values,
      runs: { id: runs.id, raw: runs.raw, kept: runs.kept, dest: runs.dest },
      group,
      out: { ts: out.ts, knownAt: out.knownAt, values: out.values },
    }),
  );
  if (elsewhere) await reader.read(jobs);
  else {
    const settled = await Promise.allSettled(jobs.map((job, i) => readGroup(conns[i]!, job)));
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
  }
  // Each run's rows were checked as they landed; here the seams between a symbol's runs.
  for (let r = 0; r < nRuns; r++) {
    if (runs.id[r]! < 0) continue;
    const at = runs.dest[r]!;
    if (at > start[runs.id[r]!]! && runs.kept[r]! > 0 && !(out.ts[at]! > out.ts[at - 1]!)) {
      throw new Error(`lake scan: rows of symbol id ${runs.id[r]} arrived out of (ts) order at row ${at}`);
    }
  }
  return out;
}

/** Parquet key-value footer entry: JSON [[symbol, rows, distinct ts], …] in file order. */
export const RUNS_KEY = 'alphaflow_runs';

/**
 * Parsed footers by file path, stamped with the file's inode, size and
 * mtime: reading 80 footers costs a read ~20 ms, and a file the lake
 * rewrites gets a new stamp. Owned by one lake, never process-wide.
 */
export type FooterCache = Map<string, { stamp: string; footer: ParquetFooter }>;

/** Each file's footer, parsed once per version of the file. */
function footers(files: readonly string[], cache: FooterCache): ParquetFooter[] {
  return files.map((f) => {
    const st = statSync(f);
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    let hit = cache.get(f);
    if (hit?.stamp !== stamp) {
      hit = { stamp, footer: readFooter(f) };
      cache.set(f, hit);
    }
    return hit.footer;
  });
}

/** Footer run counts of every file, or undefined when some file has none (written before they existed). */
function footerRuns(parsed: readonly ParquetFooter[]): RunRow[] | undefined {
  const rows: RunRow[] = [];
  for (const [i, footer] of parsed.entries()) {
    const json = footer.keyValue.get(RUNS_KEY);
    if (json === undefined) return undefined;
    for (const [name, raw, kept] of JSON.parse(json) as Array<[string, number, number]>) {
      rows.push([i, name, raw, kept]);
    }
  }
  return rows;
}

/** (file index, symbol, rows streamed, rows kept). */
type RunRow = [number, string, number, number];

/**
 * Decode directly when the share of wanted rows is at least this: below
 * it, DuckDB's filter pushdown (it decodes the wanted rows' values only)
 * beats decoding every row.
 */
const DIRECT_MIN_SHARE = 0.5;

/**
 * (file, symbol) row counts under the filter, ordered as the files are
 * (symbol names in byte order), and whether the files are decoded directly.
 */
async function countRuns(
  conn: DuckDBConnection,
  scan: PartitionScan,
): Promise<{ runs: Runs; direct: boolean }> {
  let rows: RunRow[] | undefined;
  let direct = false;
  if (scan.footerRuns) {
    const parsed = footers(scan.files, scan.footerCache);
    rows = footerRuns(parsed);
    if (rows !== undefined) {
      let all = 0;
      let wanted = 0;
      for (const [, name, raw] of rows) {
        all += raw;
        if (scan.idOf.has(name)) wanted += raw;
      }
      const { names, kinds } = scanColumns(scan.values);
      direct =
        wanted >= DIRECT_MIN_SHARE * all &&
        parsed.every((f) => unsupportedReason(f, names, kinds) === undefined);
      // Footer counts cover every symbol: DuckDB's filter keeps the caller's.
      if (!direct && scan.where !== '') rows = rows.filter((r) => scan.idOf.has(r[1]));
    }
  }
  if (rows === undefined) {
    const kept = scan.mayHoldRestatements ? 'count(DISTINCT ts)' : 'count(*)';
    const result = await conn.runAndReadAll(
      `SELECT file_index::INTEGER, symbol, count(*)::INTEGER, ${kept}::INTEGER
       FROM read_parquet([${scan.files.map(sqlString).join(', ')}], hive_partitioning = false)
       ${scan.where === '' ? '' : `WHERE ${scan.where}`} GROUP BY ALL ORDER BY 1, 2`,
    );
    rows = result.getRows() as RunRow[];
  }
  const runs: Runs = {
    file: new Int32Array(rows.length),
    id: new Int32Array(rows.length),
    raw: new Int32Array(rows.length),
    kept: new Int32Array(rows.length),
    dest: new Int32Array(rows.length),
  };
  rows.forEach(([file, name, raw, kept], r) => {
    const id = scan.idOf.get(name);
    if (id === undefined && !(direct && scan.where !== '')) {
      throw new Error(`lake scan: symbol ${name} in ${scan.files[file]} is not in the manifest`);
    }
    runs.file[r] = file;
    runs.id[r] = id ?? -1;
    runs.raw[r] = raw;
    runs.kept[r] = kept;
  });
  return { runs, direct };
}

/** A contiguous range of files and their runs, read in order on one connection. */
export interface FileGroup {
  /** Paths of the group's files that hold rows, in batches read by one query each. */
  batches: string[][];
  firstRun: number;
  endRun: number;
}

/**
 * Rows per query of a group: DuckDB materializes each batch and hands its
 * chunks over synchronously, far cheaper than an awaited fetch per
 * 2048-row chunk; a group's next batch decodes while another group copies.
 */
const BATCH_ROWS = 100_000;

/** Up to `k` contiguous file groups of about equal rows; files without rows are left out. */
function splitFiles(paths: readonly string[], fileRaw: Float64Array, runs: Runs, k: number): FileGroup[] {
  let total = 0;
  for (const c of fileRaw) total += c;
  const groups: FileGroup[] = [];
  let f = 0;
  let r = 0;
  let done = 0;
  while (f < fileRaw.length && groups.length < k) {
    while (f < fileRaw.length && fileRaw[f] === 0) f++;
    if (f === fileRaw.length) break;
    const target = groups.length === k - 1 ? total : (total * (groups.length + 1)) / k;
    const first = f;
    do done += fileRaw[f++]!;
    while (f < fileRaw.length && done < target);
    const firstRun = r;
    while (r < runs.file.length && runs.file[r]! < f) r++;
    const batches: string[][] = [];
    let batchRows = BATCH_ROWS;
    for (let i = first; i < f; i++) {
      if (fileRaw[i] === 0) continue;
      if (batchRows >= BATCH_ROWS) {
        batches.push([]);
        batchRows = 0;
      }
      batches.at(-1)!.push(paths[i]!);
      batchRows += fileRaw[i]!;
    }
    groups.push({ batches, firstRun, endRun: r });
  }
  return groups;
}

/** The columns a scan reads, in order: ts, known_at, then the table's values. */
function scanColumns(values: PartitionScan['values']): { names: string[]; kinds: ColumnKind[] } {
  return {
    names: ['ts', 'known_at', ...values.map((v) => v.name)],
    kinds: ['time', 'time', ...values.map((v) => v.kind)],
  };
}

/** This thread's direct decoder: groups read one file at a time, synchronously, so one set of scratch serves all. */
const flatReader = new FlatParquetReader();

/** Reads one group's files, batch by batch, and copies each chunk's run pieces to their final rows. */
export async function readGroup(conn: DuckDBConnection, job: GroupJob): Promise<void> {
  const { where, values, runs, group: g, out } = job;
  const { names, kinds } = scanColumns(values);
  let r = g.firstRun;
  let off = 0;
  let kept = 0;
  const sink = (chunk: ChunkView): void => {
    const cols = chunk.columns;
    let pos = 0;
    while (pos < chunk.rows) {
      if (r >= g.endRun) throw new Error('lake scan: the files held more rows than counted');
      const raw = runs.raw[r]!;
      const m = Math.min(raw - off, chunk.rows - pos);
      const skip = runs.id[r]! < 0;
      if (skip) kept = runs.kept[r]!;
      else if (runs.kept[r] === raw) copyRows(cols, pos, m, runs.dest[r]! + off, out);
      else kept = keepLatest(cols, pos, m, runs.dest[r]!, kept, runs.kept[r]!, out);
      off += m;
      pos += m;
      if (off === raw) {
        if (runs.kept[r] !== raw && kept !== runs.kept[r]) {
          throw new Error(`lake scan: run ${r} kept ${kept} rows, expected ${runs.kept[r]}`);
        }
        if (!skip) finishRun(runs, r, out);
        r++;
        off = 0;
        kept = 0;
      }
    }
  };
  for (const files of g.batches) {
    if (job.direct) for (const file of files) flatReader.readFile(file, names, kinds, sink);
    else {
      // The rows must come in file order, which is what the run counts describe. DuckDB does not keep it
      // on its own: a multi-threaded scan of several files with a filter hands rows of a later file
      // first (seen here: 188 of 200 such queries), and they would land in another symbol's slots.
      await materializeColumns(
        conn,
        `SELECT ${names.map((n) => `"${n}"`).join(', ')}
         FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false, file_row_number = true)
         ${where === '' ? '' : `WHERE ${where}`}
         ORDER BY file_index, file_row_number`,
        kinds,
        sink,
      );
    }
  }
  if (r !== g.endRun) throw new Error('lake scan: the files held fewer rows than counted');
}

/** Checks a complete run's rows came in (ts) order. */
function finishRun(runs: GroupJob['runs'], r: number, out: GroupJob['out']): void {
  const dest = runs.dest[r]!;
  const end = dest + runs.kept[r]!;
  const ts = out.ts;
  for (let i = dest + 1; i < end; i++) {
    if (!(ts[i]! > ts[i - 1]!)) {
      throw new Error(`lake scan: rows of symbol id ${runs.id[r]} arrived out of (ts) order at row ${i}`);
    }
  }
}

/** Copies chunk rows [pos, pos + m) to final rows [dest, dest + m). */
function copyRows(cols: ColumnArray[], pos: number, m: number, dest: number, out: GroupJob['out']): void {
  out.ts.set((cols[0] as Float64Array).subarray(pos, pos + m), dest);
  out.knownAt.set((cols[1] as Float64Array).subarray(pos, pos + m), dest);
  for (let c = 0; c < out.values.length; c++) {
    out.values[c]!.set(cols[c + 2]!.subarray(pos, pos + m) as never, dest);
  }
}

/**
 * Copies chunk rows [pos, pos + m) of a run with restatements: a row with the
 * ts of the previous kept row replaces it (rows come by known_at). Returns
 * the run's kept count so far.
 */
function keepLatest(
  cols: ColumnArray[],
  pos: number,
  m: number,
  runDest: number,
  kept: number,
  runKept: number,
  out: GroupJob['out'],
): number {
  const ts = cols[0] as Float64Array;
  const known = cols[1] as Float64Array;
  for (let i = pos; i < pos + m; i++) {
    const t = ts[i]!;
    let at = runDest + kept;
    if (kept > 0 && out.ts[at - 1] === t) at--;
    else if (++kept > runKept) throw new Error('lake scan: a run holds more distinct times than counted');
    out.ts[at] = t;
    out.knownAt[at] = known[i]!;
    for (let c = 0; c < out.values.length; c++) out.values[c]![at] = cols[c + 2]![i]!;
  }
  return kept;
}
