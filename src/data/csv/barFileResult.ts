/** The end of every bar-file loader (CSV, Parquet): frame order, knowledge times, row origins. */
import type { SymbolTable } from '../../core/symbols.js';
import { inferBarInterval } from '../validate/barInterval.js';
import type { SourceFile } from '../validate/types.js';
import type { BarHeader } from './barHeader.js';
import type { FileOrderBars } from './fileOrderBars.js';
import type { CsvLoadOptions, LoadResult } from './types.js';

/**
 * Sorts `bars` (file order, at least one row) by (symbol, ts) and stamps
 * knownAt = the `knownAt` option, else ts + the bar interval (see loadCsv's head comment).
 */
export function finishBarFile(
  path: string,
  bars: FileOrderBars,
  symbols: SymbolTable,
  header: BarHeader,
  opts: CsvLoadOptions,
  dataRows: number,
): LoadResult {
  bars.sortInPlace(symbols.size);
  const n = bars.length;
  const knownAt = new Float64Array(n);
  const unstamped = bars.toFrame(symbols, knownAt);
  const intervalUs = opts.intervalUs ?? inferBarInterval(unstamped);
  if (opts.knownAt !== undefined) knownAt.fill(opts.knownAt);
  else {
    const lag = Number.isNaN(intervalUs) ? 0 : intervalUs;
    for (let i = 0; i < n; i++) knownAt[i] = bars.ts[i]! + lag;
  }
  const columns = header.loadedColumns();
  const source: SourceFile = { path, volumeKnown: columns.volume, columnNames: header.columnNames() };
  const symbolFile = new Int32Array(symbols.size).fill(-1);
  for (let i = 0; i < n; i++) symbolFile[bars.symbol[i]!] = 0;
  return {
    frame: unstamped,
    layout: header.layout,
    file: path,
    rows: dataRows,
    columns,
    adjClose: bars.adjClose?.subarray(0, n),
    intervalUs,
    origin: { files: [source], symbolFile, rows: bars.line.subarray(0, n) },
  };
}
