/**
 * The lake's read path: rows of chosen partition files, filtered inside
 * DuckDB, streamed chunk by chunk straight to their final (symbol id, ts)
 * positions in typed arrays. Row counts per (file, symbol) place every run
 * first (files are sorted by (symbol, ts, known_at), and DuckDB keeps file
 * order): from the files' footers when only symbols are filtered, else from a
 * count query. So there is no sort, no materialized result and one copy per
 * value; groups of files stream in parallel on separate connections.
 * A run holding several versions of one (symbol, ts) keeps the last, i.e.
 * the latest known_at that passed the filter (bitemporal `asOf`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type ChunkView,
  type ColumnArray,
  type ColumnKind,
  sqlString,
  streamColumns,
  timeAt,
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
interface Runs {
  file: Int32Array;
  id: Int32Array;
  /** Rows DuckDB streams for the run. */
  raw: Int32Array;
  /** Rows kept: distinct ts (one version per (symbol, ts)). */
  kept: Int32Array;
  /** Final row of the run's first kept row. */
  dest: Int32Array;
}

/**
 * Reads the scan on `conns` (one streamed query per connection at a time)
 * into columns sorted by (symbol id, ts). Throws DuckDB's error for an
 * unreadable file.
 */
export async function scanPartitions(
  conns: readonly DuckDBConnection[],
  scan: PartitionScan,
): Promise<ScannedColumns> {
  const runs = await countRuns(conns[0]!, scan);
  const nRuns = runs.id.length;
  const start = new Float64Array(scan.nIds + 1);
  for (let r = 0; r < nRuns; r++) start[runs.id[r]! + 1]! += runs.kept[r]!;
  for (let s = 0; s < scan.nIds; s++) start[s + 1]! += start[s]!;
  const n = start[scan.nIds]!;
  const out: ScannedColumns = {
    symbol: new Int32Array(n),
    ts: new Float64Array(n),
    knownAt: new Float64Array(n),
    values: scan.values.map((v) => (v.kind === 'i32' ? new Int32Array(n) : new Float64Array(n))),
  };
  // Files are in date order, so a symbol's runs get consecutive slots in time order.
  const cursor = start.slice(0, scan.nIds);
  const fileRaw = new Float64Array(scan.files.length);
  for (let r = 0; r < nRuns; r++) {
    const id = runs.id[r]!;
    runs.dest[r] = cursor[id]!;
    cursor[id]! += runs.kept[r]!;
    out.symbol.fill(id, runs.dest[r]!, cursor[id]!);
    fileRaw[runs.file[r]!]! += runs.raw[r]!;
  }
  const groups = splitFiles(scan.files, fileRaw, runs, conns.length);
  const settled = await Promise.allSettled(groups.map((g, i) => streamGroup(conns[i]!, scan, runs, g, out)));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  for (let i = 1; i < n; i++) {
    if (out.symbol[i] === out.symbol[i - 1] && !(out.ts[i]! > out.ts[i - 1]!)) {
      throw new Error(`lake scan: rows of symbol id ${out.symbol[i]} arrived out of (ts) order at row ${i}`);
    }
  }
  return out;
}

/** Parquet key-value footer entry: JSON [[symbol, rows, distinct ts], …] in file order. */
export const RUNS_KEY = 'alphaflow_runs';

/** Footer run counts of every file, or undefined when some file has none (written before they existed). */
async function footerRuns(conn: DuckDBConnection, files: readonly string[]): Promise<RunRow[] | undefined> {
  const result = await conn.runAndReadAll(
    `SELECT file_name, decode(value) FROM parquet_kv_metadata([${files.map(sqlString).join(', ')}])
     WHERE key = '${RUNS_KEY}'`,
  );
  const byFile = new Map(result.getRows().map(([f, v]) => [String(f), String(v)]));
  const rows: RunRow[] = [];
  for (const [i, f] of files.entries()) {
    const json = byFile.get(f);
    if (json === undefined) return undefined;
    for (const [name, raw, kept] of JSON.parse(json) as Array<[string, number, number]>) {
      rows.push([i, name, raw, kept]);
    }
  }
  return rows;
}

/** (file index, symbol, rows streamed, rows kept). */
type RunRow = [number, string, number, number];

/** (file, symbol) row counts under the filter, ordered as the files are (symbol names in byte order). */
async function countRuns(conn: DuckDBConnection, scan: PartitionScan): Promise<Runs> {
  let rows = scan.footerRuns ? await footerRuns(conn, scan.files) : undefined;
  if (rows === undefined) {
    const kept = scan.mayHoldRestatements ? 'count(DISTINCT ts)' : 'count(*)';
    const result = await conn.runAndReadAll(
      `SELECT file_index::INTEGER, symbol, count(*)::INTEGER, ${kept}::INTEGER
       FROM read_parquet([${scan.files.map(sqlString).join(', ')}], hive_partitioning = false)
       ${scan.where === '' ? '' : `WHERE ${scan.where}`} GROUP BY ALL ORDER BY 1, 2`,
    );
    rows = result.getRows() as RunRow[];
  } else if (scan.where !== '') {
    // Footer counts cover every symbol; the symbol filter keeps the caller's.
    rows = rows.filter((r) => scan.idOf.has(r[1]));
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
    if (id === undefined)
      throw new Error(`lake scan: symbol ${name} in ${scan.files[file]} is not in the manifest`);
    runs.file[r] = file;
    runs.id[r] = id;
    runs.raw[r] = raw;
    runs.kept[r] = kept;
  });
  return runs;
}

/** A contiguous range of files and their runs, streamed by one query. */
interface FileGroup {
  /** Paths of the group's files that hold rows. */
  files: string[];
  firstRun: number;
  endRun: number;
}

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
    const files = paths.slice(first, f).filter((_, i) => fileRaw[first + i]! > 0);
    groups.push({ files, firstRun, endRun: r });
  }
  return groups;
}

/** Streams one group's files and copies each chunk's run pieces to their final rows. */
async function streamGroup(
  conn: DuckDBConnection,
  scan: PartitionScan,
  runs: Runs,
  g: FileGroup,
  out: ScannedColumns,
): Promise<void> {
  const kinds: ColumnKind[] = ['time', 'time', ...scan.values.map((v) => v.kind)];
  let r = g.firstRun;
  let off = 0;
  let kept = 0;
  const sink = (chunk: ChunkView): void => {
    const cols = chunk.columns;
    let pos = 0;
    while (pos < chunk.rows) {
      if (r >= g.endRun) throw new Error('lake scan: DuckDB streamed more rows than it counted');
      const raw = runs.raw[r]!;
      const m = Math.min(raw - off, chunk.rows - pos);
      if (runs.kept[r] === raw) copyRows(cols, pos, m, runs.dest[r]! + off, out);
      else kept = keepLatest(cols, pos, m, runs.dest[r]!, kept, runs.kept[r]!, out);
      off += m;
      pos += m;
      if (off === raw) {
        if (runs.kept[r] !== raw && kept !== runs.kept[r]) {
          throw new Error(`lake scan: run ${r} kept ${kept} rows, expected ${runs.kept[r]}`);
        }
        r++;
        off = 0;
        kept = 0;
      }
    }
  };
  await streamColumns(
    conn,
    `SELECT ts, known_at, ${scan.values.map((v) => `"${v.name}"`).join(', ')}
     FROM read_parquet([${g.files.map(sqlString).join(', ')}], hive_partitioning = false)
     ${scan.where === '' ? '' : `WHERE ${scan.where}`}`,
    kinds,
    sink,
  );
  if (r !== g.endRun) throw new Error('lake scan: DuckDB streamed fewer rows than it counted');
}

/** Copies chunk rows [pos, pos + m) to final rows [dest, dest + m). */
function copyRows(cols: ColumnArray[], pos: number, m: number, dest: number, out: ScannedColumns): void {
  const ts = cols[0] as Int32Array;
  const known = cols[1] as Int32Array;
  for (let i = 0; i < m; i++) {
    out.ts[dest + i] = timeAt(ts, pos + i);
    out.knownAt[dest + i] = timeAt(known, pos + i);
  }
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
  out: ScannedColumns,
): number {
  const ts = cols[0] as Int32Array;
  const known = cols[1] as Int32Array;
  for (let i = pos; i < pos + m; i++) {
    const t = timeAt(ts, i);
    let at = runDest + kept;
    if (kept > 0 && out.ts[at - 1] === t) at--;
    else if (++kept > runKept) throw new Error('lake scan: a run holds more distinct times than counted');
    out.ts[at] = t;
    out.knownAt[at] = timeAt(known, i);
    for (let c = 0; c < out.values.length; c++) out.values[c]![at] = cols[c + 2]![i]!;
  }
  return kept;
}
