/** Options and results of the CSV bar loaders. */
import type { BarFrame } from '../../core/barFrame.js';
import type { SymbolTable } from '../../core/symbols.js';
import type { Micros } from '../../core/time.js';
import type { RowOrigin } from '../validate/types.js';
import type { ColumnNames, CsvLayoutName } from './layouts.js';
import type { TimeUnit } from './timestampBytes.js';

export interface CsvLoadOptions {
  /** Vendor layout; default 'auto' (detected from the header). */
  layout?: CsvLayoutName | 'auto';
  /** Header names overriding the layout's, per role (e.g. { timestamp: 'time', close: 'last' }). */
  columns?: ColumnNames;
  /** Symbol of every row, for files without a symbol column (an error when the file has one). */
  symbol?: string;
  /** IANA zone of naive date-times and of dates (default 'UTC'); epochs and ISO with offset ignore it. */
  timeZone?: string;
  /** Local time 'HH:MM[:SS]' a date-only timestamp stands for (default '00:00'; '09:30' with America/New_York for NYSE opens). */
  dateTime?: string;
  /** How timestamps are written; default the layout's (Polygon 'ms', others 'auto'). */
  timeUnit?: TimeUnit;
  /** Knowledge time of every bar, epoch µs; default each bar's ts + the bar interval. */
  knownAt?: Micros;
  /** Bar interval, µs; default inferred (the most common spacing). */
  intervalUs?: number;
  /** Symbol table to intern into (default a new one). */
  symbols?: SymbolTable;
  /** Read size, bytes (default 1 MiB). */
  chunkBytes?: number;
  /** Called after each chunk read (for progress bars). */
  onProgress?: (bytesRead: number, fileBytes: number) => void;
}

/** Which bar fields a file supplied (the rest are filled: see the loader's head comment). */
export interface LoadedColumns {
  /** False for a single-price file: open = high = low = close. */
  readonly ohlc: boolean;
  readonly volume: boolean;
  readonly vwap: boolean;
  readonly trades: boolean;
  readonly adjClose: boolean;
}

export interface LoadResult {
  /** Bars in (symbol, ts) order; duplicates and out-of-order rows are kept for `validateBars` to judge. */
  readonly frame: BarFrame;
  readonly layout: CsvLayoutName;
  readonly file: string;
  /** Data rows read (excluding the header and blank lines). */
  readonly rows: number;
  readonly columns: LoadedColumns;
  /** Yahoo's split/dividend-adjusted close per frame row; undefined when the file has none. */
  readonly adjClose: Float64Array | undefined;
  /** Bar interval used for knownAt, µs (NaN when it could not be inferred). */
  readonly intervalUs: number;
  /** File line of every frame row, for `validateBars({ origin })`. */
  readonly origin: RowOrigin;
}

/** One input of `loadCsvFiles`: a path, or a path with its own symbol (files without a symbol column). */
export type CsvFileInput = string | { readonly path: string; readonly symbol: string };

export interface MultiLoadResult {
  /** All files' bars in (symbol, ts) order. */
  readonly frame: BarFrame;
  /** Per-file results (their frames are the per-file parts before merging). */
  readonly files: readonly LoadResult[];
  /** Adjusted close per row of `frame` (NaN for rows from files without one); undefined when no file has one. */
  readonly adjClose: Float64Array | undefined;
  readonly origin: RowOrigin;
}
