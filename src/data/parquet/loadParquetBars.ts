/**
 * Parquet bar files (a vendor export, another tool's output) into a BarFrame,
 * with the CSV loaders' layouts, options and conventions (see loadCsv.ts):
 * the column names pick the layout, and every row keeps its 1-based row
 * number so validation reports name it. DuckDB reads the file and converts
 * the timestamp column by its Parquet type:
 * - TIMESTAMP WITH TIME ZONE: an instant, taken as is;
 * - TIMESTAMP (any precision, no zone): a wall-clock time in `timeZone`;
 * - DATE: `dateTime` on that date in `timeZone`;
 * - integers and floats: epochs in `timeUnit` (the layout's, e.g. Polygon
 *   ms; 'auto' judges each value by its count of integer digits as the CSV
 *   reader does: ≤ 11 s, ≤ 14 ms, ≤ 17 µs, else ns), truncated toward −∞ to µs.
 * NULL prices and volumes read as NaN (validation judges them), NULL trade
 * counts as 0; a NULL timestamp or symbol is a typed error naming the row.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { DataError, ErrorCode } from '../../core/errors.js';
import { SymbolTable } from '../../core/symbols.js';
import { finishBarFile } from '../csv/barFileResult.js';
import { BarHeader } from '../csv/barHeader.js';
import { FileOrderBars } from '../csv/fileOrderBars.js';
import type { CsvRole } from '../csv/layouts.js';
import type { CsvLoadOptions, LoadResult } from '../csv/types.js';
import { type ColumnKind, readColumns, sqlString } from '../lake/duckdbColumns.js';

/** µs per unit of an epoch column. */
const UNIT_MICROS = { s: 1_000_000, ms: 1_000, us: 1, ns: 0.001 } as const;

/** Loads one Parquet file of bars (conventions in the module head and in loadCsv.ts). */
export async function loadParquetBars(path: string, opts: CsvLoadOptions = {}): Promise<LoadResult> {
  const symbols = opts.symbols ?? new SymbolTable();
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const source = `read_parquet(${sqlString(path)}, file_row_number = true)`;
    const schema = await describe(conn, source, path);
    const header = new BarHeader(
      schema.map((c) => c.name),
      opts,
      symbols,
      path,
    );
    const ix = header.index;
    const col = (role: CsvRole) => quoteIdent(schema[ix[role]]!.name);
    const num = (role: CsvRole) =>
      ix[role] >= 0 ? `coalesce(${col(role)}::DOUBLE, 'NaN'::DOUBLE)` : `'NaN'::DOUBLE`;
    const tsType = schema[ix.timestamp]!.type;
    const symbolNames: string[] = [];
    if (header.fixedSymbol < 0) {
      const r = await conn.runAndReadAll(
        // Interned in order of first appearance, as the CSV reader does.
        `SELECT ${col('symbol')}::VARCHAR FROM ${source} WHERE ${col('symbol')} IS NOT NULL ` +
          `GROUP BY 1 ORDER BY min(file_row_number)`,
      );
      for (const [name] of r.getRows()) symbolNames.push(String(name));
    }
    const select = [
      `(file_row_number + 1)::INTEGER`,
      `${timestampExpr(col('timestamp'), tsType, header.timeUnit, path, schema[ix.timestamp]!.name)}`,
      header.fixedSymbol < 0 ? 'coalesce(m._af_symbol_id, -1)::INTEGER' : `${header.fixedSymbol}::INTEGER`,
      num('close'),
      ix.open >= 0 ? num('open') : `'NaN'::DOUBLE`,
      ix.high >= 0 ? num('high') : `'NaN'::DOUBLE`,
      ix.low >= 0 ? num('low') : `'NaN'::DOUBLE`,
      num('volume'),
      num('vwap'),
      ix.trades >= 0 ? `coalesce(${col('trades')}::INTEGER, 0)` : '0::INTEGER',
      num('adjClose'),
    ];
    const kinds: ColumnKind[] = ['i32', 'f64', 'i32', 'f64', 'f64', 'f64', 'f64', 'f64', 'f64', 'i32', 'f64'];
    let cols: Awaited<ReturnType<typeof readColumns>>;
    try {
      // Symbol names → their rank in `symbolNames` by a hash join (a NULL symbol finds none: -1).
      const from =
        header.fixedSymbol < 0
          ? `${source} LEFT JOIN (SELECT unnest(${sqlList(symbolNames)}) AS _af_symbol, ` +
            `generate_subscripts(${sqlList(symbolNames)}, 1) - 1 AS _af_symbol_id) m ON m._af_symbol = ${col('symbol')}::VARCHAR`
          : source;
      cols = await readColumns(
        conn,
        `SELECT ${select.join(', ')} FROM ${from} ORDER BY file_row_number`,
        kinds,
      );
    } catch (cause) {
      throw corrupt(path, cause);
    }
    const [row, ts, sym, close, open, high, low, volume, vwap, trades, adjClose] = cols as [
      Int32Array,
      Float64Array,
      Int32Array,
      ...Float64Array[],
    ];
    const n = row.length;
    if (n === 0) {
      throw new DataError(ErrorCode.EmptyFile, 'the file has no rows', {
        file: path,
        rule: 'at least one data row',
      });
    }
    const ids = Int32Array.from(symbolNames, (s) => symbols.intern(s));
    const names = header.columnNames();
    const bars = new FileOrderBars(n, ix.adjClose >= 0);
    const ohlc = ix.open >= 0;
    for (let i = 0; i < n; i++) {
      const line = row[i]!;
      if (Number.isNaN(ts[i]!)) {
        throw new DataError(ErrorCode.InvalidInput, 'missing timestamp', {
          file: path,
          row: line,
          column: names.ts,
          rule: 'timestamp present',
        });
      }
      let s = sym[i]!;
      if (header.fixedSymbol < 0) {
        if (s < 0) {
          throw new DataError(ErrorCode.InvalidInput, 'missing symbol', {
            file: path,
            row: line,
            column: names.symbol,
            rule: 'symbol present',
          });
        }
        s = ids[s]!;
      }
      const c = close![i]!;
      bars.push(
        s,
        ts[i]!,
        ohlc ? open![i]! : c,
        ohlc ? high![i]! : c,
        ohlc ? low![i]! : c,
        c,
        volume![i]!,
        vwap![i]!,
        trades![i]!,
        adjClose![i]!,
        line,
      );
    }
    if (!timestampIsInstant(tsType)) zoneWallTimes(bars, header, tsType);
    return finishBarFile(path, bars, symbols, header, opts, n);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

interface ParquetColumn {
  name: string;
  type: string;
}

/** Column names and DuckDB types of the file (without DuckDB's file_row_number). */
async function describe(
  conn: Awaited<ReturnType<DuckDBInstance['connect']>>,
  source: string,
  path: string,
): Promise<ParquetColumn[]> {
  try {
    const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    return r
      .getRows()
      .map(([name, type]) => ({ name: String(name), type: String(type).toUpperCase() }))
      .filter((c) => c.name !== 'file_row_number');
  } catch (cause) {
    throw corrupt(path, cause);
  }
}

function timestampIsInstant(type: string): boolean {
  return type.startsWith('TIMESTAMP WITH TIME ZONE') || type === 'TIMESTAMPTZ' || !isCalendarType(type);
}

function isCalendarType(type: string): boolean {
  return type.startsWith('TIMESTAMP') || type === 'DATE';
}

/** SQL giving the timestamp as epoch µs (a DOUBLE; wall-clock µs for zone-less types, fixed in JS). */
function timestampExpr(c: string, type: string, unit: string, path: string, name: string): string {
  if (type === 'DATE') return `epoch_us(${c}::TIMESTAMP)::DOUBLE`;
  if (isCalendarType(type)) return `epoch_us(${c})::DOUBLE`;
  const numeric =
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
      type,
    );
  if (!numeric || !(unit in UNIT_MICROS || unit === 'auto')) {
    throw new DataError(
      ErrorCode.InvalidInput,
      `timestamp column of type ${type} (unit '${unit}') is not supported`,
      {
        file: path,
        column: name,
        rule: 'Parquet timestamps are TIMESTAMP, DATE or epoch numbers',
      },
    );
  }
  // Integers stay exact in DuckDB's arithmetic; floor() truncates toward −∞ as the CSV reader does.
  const scaled = (u: keyof typeof UNIT_MICROS) =>
    u === 'ns'
      ? `CASE WHEN ${c} >= 0 THEN ${c}::HUGEINT // 1000 ELSE -((999 - ${c}::HUGEINT) // 1000) END`
      : `floor(${c}::DOUBLE * ${UNIT_MICROS[u]})`;
  const expr =
    unit === 'auto'
      ? `CASE WHEN abs(${c}) < 1e11 THEN ${scaled('s')} WHEN abs(${c}) < 1e14 THEN ${scaled('ms')} WHEN abs(${c}) < 1e17 THEN ${scaled('us')} ELSE ${scaled('ns')} END`
      : scaled(unit as keyof typeof UNIT_MICROS);
  return `coalesce((${expr})::DOUBLE, 'NaN'::DOUBLE)`;
}

/** Wall-clock µs (and dates at dateTime) in the header's zone → UTC µs, in place. */
function zoneWallTimes(bars: FileOrderBars, header: BarHeader, type: string): void {
  const shift = type === 'DATE' ? header.dateTimeUs : 0;
  const ts = bars.ts;
  let lastIn = Number.NaN;
  let lastOut = Number.NaN;
  for (let i = 0; i < bars.length; i++) {
    const wall = ts[i]!;
    if (wall !== lastIn) {
      lastIn = wall;
      lastOut = header.zone.toUtc(wall + shift);
    }
    ts[i] = lastOut;
  }
}

function corrupt(path: string, cause: unknown): DataError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new DataError(ErrorCode.CorruptFile, `cannot read Parquet file: ${msg.split('\n')[0]}`, {
    file: path,
    rule: 'readable Parquet',
    cause,
  });
}

function sqlList(items: readonly string[]): string {
  return `[${items.map(sqlString).join(', ')}]::VARCHAR[]`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
