/**
 * The typed-array ↔ DuckDB bridge. Rows never become JS objects: appends copy
 * whole column slices into DuckDB data chunks, reads copy whole vectors out of
 * result chunks. Hand-written over @duckdb/node-bindings because the node-api
 * vector classes expose items only one value at a time.
 */

import { DOUBLE, type DuckDBConnection, DuckDBDataChunk, type DuckDBType, INTEGER } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

/** A column as JS holds it: doubles (prices, µs times) or 32-bit integers (ids, counts). */
export type ColumnArray = Float64Array | Int32Array;

/** Rows per DuckDB vector (DuckDB's STANDARD_VECTOR_SIZE). */
const VECTOR_SIZE = 2048;

function duckType(col: ColumnArray): DuckDBType {
  return col instanceof Int32Array ? INTEGER : DOUBLE;
}

/** SQL type name of a JS column (for CREATE TABLE). */
export function sqlType(col: ColumnArray): 'INTEGER' | 'DOUBLE' {
  return col instanceof Int32Array ? 'INTEGER' : 'DOUBLE';
}

/**
 * Creates (or replaces) the table `name` with one column per entry
 * and appends all rows, 2048 at a time. All columns must have equal length.
 */
export async function stageColumns(
  conn: DuckDBConnection,
  name: string,
  columns: Readonly<Record<string, ColumnArray>>,
): Promise<number> {
  const names = Object.keys(columns);
  const cols = names.map((n) => columns[n]!);
  const n = cols[0]?.length ?? 0;
  for (const [i, c] of cols.entries()) {
    if (c.length !== n) throw new RangeError(`column ${names[i]} has ${c.length} rows, expected ${n}`);
  }
  const ddl = names.map((c, i) => `"${c}" ${sqlType(cols[i]!)}`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE "${name}" (${ddl})`);
  const appender = await conn.createAppender(name);
  const chunk = DuckDBDataChunk.create(cols.map(duckType));
  const vectors = cols.map((_, i) => duckdb.data_chunk_get_vector(chunk.chunk, i));
  // DuckDB's binding takes only an ArrayBuffer: columns on SharedArrayBuffer
  // (frames a lake read filled on worker threads) pass through this scratch.
  const scratch = new Uint8Array(VECTOR_SIZE * 8);
  for (let start = 0; start < n; start += VECTOR_SIZE) {
    const count = Math.min(VECTOR_SIZE, n - start);
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const bpe = c.BYTES_PER_ELEMENT;
      const from = c.byteOffset + start * bpe;
      if (c.buffer instanceof ArrayBuffer) {
        duckdb.copy_data_to_vector(vectors[i]!, 0, c.buffer, from, count * bpe);
      } else {
        scratch.set(new Uint8Array(c.buffer, from, count * bpe));
        duckdb.copy_data_to_vector(vectors[i]!, 0, scratch.buffer, 0, count * bpe);
      }
    }
    chunk.rowCount = count;
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
  return n;
}

/**
 * Kind of each output column of a query, in SELECT order: DOUBLE, INTEGER,
 * or 'time' for a TIMESTAMP/BIGINT of µs read as its raw int64 and widened to
 * a double of µs here (exact below 2^53), which spares DuckDB a conversion pass.
 */
export type ColumnKind = 'f64' | 'i32' | 'time';

/**
 * Runs `sql` and copies its result into typed arrays, one per column. The
 * query must produce DOUBLE for 'f64' and INTEGER for 'i32' columns and no
 * NULLs (write NaN as 'NaN'::DOUBLE instead); a NULL raises.
 */
export async function readColumns(
  conn: DuckDBConnection,
  sql: string,
  kinds: readonly ColumnKind[],
): Promise<ColumnArray[]> {
  let cap = 1 << 16;
  let out: ColumnArray[] = kinds.map((k) => (k === 'i32' ? new Int32Array(cap) : new Float64Array(cap)));
  let n = 0;
  await materializeColumns(conn, sql, kinds, ({ rows, columns }) => {
    if (n + rows > cap) {
      while (n + rows > cap) cap *= 2;
      out = out.map((c) => {
        const bigger = c instanceof Int32Array ? new Int32Array(cap) : new Float64Array(cap);
        bigger.set(c.subarray(0, n));
        return bigger;
      });
    }
    for (let i = 0; i < kinds.length; i++) out[i]!.set(columns[i]! as never, n);
    n += rows;
  });
  // Views, not copies: a read of 10 M rows must not pay a second pass.
  return out.map((c) => c.subarray(0, n));
}

/**
 * One result chunk as typed arrays, valid only during the sink call:
 * f64 and time → Float64Array (time in µs), i32 → Int32Array.
 */
export interface ChunkView {
  rows: number;
  columns: ColumnArray[];
}

/** Widens int64 µs given as (lo, hi) 32-bit halves (no BigInt per value) into `out[0, n)` (exact below 2^53). */
export function widenTimes(halves: Int32Array, n: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) out[r] = halves[2 * r + 1]! * 4294967296 + (halves[2 * r]! >>> 0);
}

/**
 * Runs `sql` as a streaming query and hands each result chunk to `sink` as
 * it arrives: DuckDB never materializes the whole result, and JS copies each
 * value once, straight to where the caller wants it. Same column rules as
 * `readColumns`. Returns the row count.
 */
export async function streamColumns(
  conn: DuckDBConnection,
  sql: string,
  kinds: readonly ColumnKind[],
  sink: (chunk: ChunkView) => void,
): Promise<number> {
  const result = await conn.stream(sql);
  const view = new ChunkFiller(kinds);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    const rows = chunk?.rowCount ?? 0;
    if (chunk === null || rows === 0) return n;
    sink(view.fill(chunk, rows));
    n += rows;
  }
}

/**
 * Like `streamColumns`, but DuckDB materializes the result first and the
 * chunks are then handed over synchronously: no awaited round trip per
 * chunk, at the price of holding the whole result (keep it small).
 */
export async function materializeColumns(
  conn: DuckDBConnection,
  sql: string,
  kinds: readonly ColumnKind[],
  sink: (chunk: ChunkView) => void,
): Promise<number> {
  const result = await conn.run(sql);
  const view = new ChunkFiller(kinds);
  let n = 0;
  const chunkCount = result.chunkCount;
  for (let c = 0; c < chunkCount; c++) {
    const chunk = result.getChunk(c);
    const rows = chunk.rowCount;
    if (rows === 0) continue;
    sink(view.fill(chunk, rows));
    n += rows;
  }
  return n;
}

/** Views one DuckDB chunk at a time as a ChunkView; time columns widen into scratch it reuses. */
class ChunkFiller {
  private readonly view: ChunkView = { rows: 0, columns: [] };
  private readonly times: Float64Array[];

  constructor(private readonly kinds: readonly ColumnKind[]) {
    this.times = kinds.map((k) => new Float64Array(k === 'time' ? VECTOR_SIZE : 0));
  }

  fill(chunk: DuckDBDataChunk, rows: number): ChunkView {
    const view = this.view;
    view.rows = rows;
    view.columns = this.kinds.map((kind, i) => {
      const vec = duckdb.data_chunk_get_vector(chunk.chunk, i);
      checkNoNulls(vec, rows, i);
      const bytes = duckdb.vector_get_data(vec, kind === 'i32' ? rows * 4 : rows * 8);
      if (kind === 'f64') return new Float64Array(bytes.buffer, bytes.byteOffset, rows);
      const ints = new Int32Array(bytes.buffer, bytes.byteOffset, kind === 'time' ? rows * 2 : rows);
      if (kind === 'i32') return ints;
      widenTimes(ints, rows, this.times[i]!);
      return this.times[i]!.subarray(0, rows);
    });
    return view;
  }
}

function checkNoNulls(vec: duckdb.Vector, rows: number, column: number): void {
  const validity = duckdb.vector_get_validity(vec, Math.ceil(rows / 64) * 8);
  if (validity !== null && validity !== undefined && validity.byteLength > 0 && !allValid(validity, rows)) {
    throw new Error(`query column ${column} holds NULL values; the lake stores NaN instead`);
  }
}

function allValid(validity: Uint8Array, rows: number): boolean {
  const full = rows >>> 3;
  for (let i = 0; i < full; i++) if (validity[i] !== 0xff) return false;
  const rest = rows & 7;
  if (rest === 0) return true;
  const mask = (1 << rest) - 1;
  return (validity[full]! & mask) === mask;
}

/** A SQL string literal of `s` (quotes doubled): for paths and names DuckDB cannot take as parameters. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
