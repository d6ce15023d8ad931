/**
 * CSV bar loaders: one file (`loadCsv`) or several (`loadCsvFiles`) into a
 * `BarFrame`, streaming (memory ≈ the frame's columns, not the file).
 *
 * Conventions:
 * - Timestamps are epoch µs UTC of the bar's open. Naive date-times are read
 *   in `timeZone` (default UTC). A date-only cell (`YYYY-MM-DD`, daily bars)
 *   stands for `dateTime` on that date in `timeZone`: by default 00:00 UTC;
 *   pass { timeZone: 'America/New_York', dateTime: '09:30' } to stamp NYSE
 *   daily bars with their session open. Corporate-action files take the same
 *   two options, so ex-dates line up with the bars.
 * - knownAt = the `knownAt` option, else ts + bar interval (the bar is known
 *   once it has closed; for daily bars that is the next day's stamp, later
 *   than the close, hence never look-ahead). The interval is the `intervalUs`
 *   option, else the most common spacing (`inferBarInterval`); when there is
 *   none (one bar per symbol) knownAt = ts.
 * - A single-price file (no open/high/low columns, e.g. USDCHF `close`) gets
 *   open = high = low = close. A file without a volume column gets volume NaN
 *   (unknown: 0 would claim that nothing traded), and its origin says
 *   volumeKnown = false so validation does not call that NaN a fault.
 *   Missing vwap is NaN, missing trade count 0, as in `Bar`.
 * - Empty cells and NaN/NA/null read as NaN, Inf/Infinity as ±Infinity;
 *   validation, not the loader, judges them.
 */
import { BAR_FLOAT_FIELDS, BarFrame } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { SymbolTable } from '../../core/symbols.js';
import { loadParquetBars } from '../parquet/loadParquetBars.js';
import type { RowOrigin } from '../validate/types.js';
import { BarCsvSink } from './barCsvSink.js';
import { finishBarFile } from './barFileResult.js';
import { readCsv } from './csvReader.js';
import type { CsvFileInput, CsvLoadOptions, LoadResult, MultiLoadResult } from './types.js';

/** Loads one CSV file of bars (see the module head for the conventions). */
export async function loadCsv(path: string, opts: CsvLoadOptions = {}): Promise<LoadResult> {
  const symbols = opts.symbols ?? new SymbolTable();
  const sink = new BarCsvSink(path, opts, symbols);
  let estimated = false;
  const records = await readCsv(path, sink, {
    chunkBytes: opts.chunkBytes,
    onChunk: (bytesRead, fileBytes) => {
      // Size the columns once from the first chunk's bytes per row, so a big file grows them at most once more.
      if (!estimated && sink.bars !== undefined && sink.bars.length > 0) {
        estimated = true;
        sink.bars.reserve(Math.ceil((sink.bars.length / bytesRead) * fileBytes * 1.05 + 1024));
      }
      opts.onProgress?.(bytesRead, fileBytes);
    },
  });
  const bars = sink.bars;
  if (bars === undefined) {
    throw new DataError(ErrorCode.EmptyFile, 'the file is empty (no header)', {
      file: path,
      rule: 'non-empty file',
    });
  }
  if (bars.length === 0) {
    throw new DataError(ErrorCode.EmptyFile, 'the file has a header but no data rows', {
      file: path,
      row: 2,
      rule: 'at least one data row',
    });
  }
  return finishBarFile(path, bars, symbols, sink.header!, opts, records - 1);
}

/** A symbol found in two input files. */
export class DuplicateSymbolError extends DataError {
  constructor(
    readonly symbol: string,
    /** The file that had the symbol first, and the one that repeats it. */
    readonly files: readonly [string, string],
    row: number,
    column: string | undefined,
  ) {
    super(ErrorCode.DuplicateSymbol, `symbol '${symbol}' is in both ${files[0]} and ${files[1]}`, {
      file: files[1],
      row,
      column,
      rule: 'each symbol in one file',
    });
  }
}

/** Parquet by its extension (.parquet, .pq); anything else is read as CSV. */
function isParquet(path: string): boolean {
  return /\.(parquet|pq)$/i.test(path);
}

/**
 * Loads several files (CSV, or Parquet by extension: see loadParquetBars) into one frame over one symbol table (each file with
 * `opts`, an input's own `symbol` overriding it). A symbol in two files is a
 * DuplicateSymbolError (E_DUPLICATE_SYMBOL) naming both: merging two sources
 * of one series silently would hide which one is right.
 */
export async function loadCsvFiles(
  inputs: readonly CsvFileInput[],
  opts: CsvLoadOptions = {},
): Promise<MultiLoadResult> {
  const symbols = opts.symbols ?? new SymbolTable();
  const files: LoadResult[] = [];
  let symbolFile: Int32Array = new Int32Array(0);
  for (const input of inputs) {
    const path = typeof input === 'string' ? input : input.path;
    const fileOpts = typeof input === 'string' ? opts : { ...opts, symbol: input.symbol };
    const res = isParquet(path)
      ? await loadParquetBars(path, { ...fileOpts, symbols })
      : await loadCsv(path, { ...fileOpts, symbols });
    const k = files.length;
    symbolFile = growFilled(symbolFile, symbols.size);
    for (const id of res.frame.symbolIds()) {
      const prev = symbolFile[id]!;
      if (prev >= 0) {
        const [s, e] = res.frame.symbolRange(id);
        let row = Number.POSITIVE_INFINITY;
        for (let i = s; i < e; i++) row = Math.min(row, res.origin.rows[i]!);
        throw new DuplicateSymbolError(
          symbols.name(id),
          [files[prev]!.file, path],
          row,
          res.origin.files[0]!.columnNames.symbol,
        );
      }
      symbolFile[id] = k;
    }
    files.push(res);
  }
  return merge(symbols, files, symbolFile);
}

/** Concatenates per-file frames whose symbol sets are disjoint, in symbol-id order (so no sort is needed). */
function merge(symbols: SymbolTable, files: readonly LoadResult[], symbolFile: Int32Array): MultiLoadResult {
  let total = 0;
  for (const f of files) total += f.frame.length;
  const out = BarFrame.allocate(symbols, total);
  const rows = new Int32Array(total);
  const withAdj = files.some((f) => f.adjClose !== undefined);
  const adjClose = withAdj ? new Float64Array(total).fill(Number.NaN) : undefined;
  let k = 0;
  for (let id = 0; id < symbolFile.length; id++) {
    const fi = symbolFile[id]!;
    if (fi < 0) continue;
    const src = files[fi]!;
    const [s, e] = src.frame.symbolRange(id);
    const part = src.frame.slice(s, e);
    out.symbol.set(part.symbol, k);
    out.trades.set(part.trades, k);
    for (const field of BAR_FLOAT_FIELDS) out[field].set(part[field], k);
    rows.set(src.origin.rows.subarray(s, e), k);
    if (adjClose && src.adjClose) adjClose.set(src.adjClose.subarray(s, e), k);
    k += e - s;
  }
  return {
    frame: out,
    files,
    adjClose,
    origin: { files: files.map((f) => f.origin.files[0]!), symbolFile, rows } satisfies RowOrigin,
  };
}

function growFilled(a: Int32Array, n: number): Int32Array {
  if (a.length >= n) return a;
  const b = new Int32Array(n).fill(-1);
  b.set(a);
  return b;
}
