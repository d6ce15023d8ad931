/**
 * What a bar file's header says, shared by the CSV and Parquet loaders: the
 * vendor layout, the column of each role, the zone and unit of its
 * timestamps, and where each row's symbol comes from (a column, or the
 * `symbol` option for a file without one; both at once is an error).
 */
import { ConfigError, DataError, ErrorCode } from '../../core/errors.js';
import type { SymbolTable } from '../../core/symbols.js';
import { TimeZone } from '../timeZone.js';
import type { BarField } from '../validate/types.js';
import { type ColumnIndex, CSV_LAYOUTS, type CsvLayoutName, detectLayout, mapColumns } from './layouts.js';
import { parseTimeOfDay, type TimeUnit } from './timestampBytes.js';
import type { CsvLoadOptions, LoadedColumns } from './types.js';

export class BarHeader {
  readonly layout: CsvLayoutName;
  /** Column per role (-1: absent). */
  readonly index: ColumnIndex;
  /** Zone of naive date-times and dates. */
  readonly zone: TimeZone;
  /** Local time of day a date-only timestamp stands for, µs after midnight. */
  readonly dateTimeUs: number;
  readonly timeUnit: TimeUnit;
  /** Symbol id of every row of a file without a symbol column; -1 when the file has one. */
  readonly fixedSymbol: number;

  /** Resolves `header` (column names in file order) of `file`; `symbols` interns the fixed symbol. */
  constructor(
    readonly header: readonly string[],
    opts: CsvLoadOptions,
    symbols: SymbolTable,
    readonly file: string,
  ) {
    this.layout = opts.layout === undefined || opts.layout === 'auto' ? detectLayout(header) : opts.layout;
    const layout = CSV_LAYOUTS[this.layout];
    this.index = mapColumns(header, { ...layout.columns, ...opts.columns }, file);
    this.zone = TimeZone.of(opts.timeZone ?? 'UTC', { file, column: header[this.index.timestamp] });
    this.dateTimeUs = parseTimeOfDay(opts.dateTime ?? '00:00', 'dateTime');
    this.timeUnit = opts.timeUnit ?? layout.timeUnit;
    const sc = this.index.symbol;
    if (sc >= 0) {
      if (opts.symbol !== undefined) {
        throw new ConfigError(`the symbol option is given but the file has a symbol column '${header[sc]}'`, {
          file,
          column: header[sc],
          rule: 'one symbol source',
        });
      }
      this.fixedSymbol = -1;
    } else if (opts.symbol !== undefined && opts.symbol !== '') {
      this.fixedSymbol = symbols.intern(opts.symbol);
    } else {
      throw new DataError(ErrorCode.BadHeader, 'no symbol column and no symbol option', {
        file,
        row: 1,
        column: layout.columns.symbol ?? 'symbol',
        rule: 'symbol column or symbol option',
      });
    }
  }

  /** Which bar fields the file supplies. */
  loadedColumns(): LoadedColumns {
    const ix = this.index;
    return {
      ohlc: ix.open >= 0,
      volume: ix.volume >= 0,
      vwap: ix.vwap >= 0,
      trades: ix.trades >= 0,
      adjClose: ix.adjClose >= 0,
    };
  }

  /** The file's column name per frame field (price-only files name their one price column for all four). */
  columnNames(): Partial<Record<BarField, string>> {
    const ix = this.index;
    const name = (i: number): string | undefined => (i >= 0 ? this.header[i] : undefined);
    const close = name(ix.close);
    const out: Partial<Record<BarField, string>> = {
      ts: name(ix.timestamp),
      open: name(ix.open) ?? close,
      high: name(ix.high) ?? close,
      low: name(ix.low) ?? close,
      close,
    };
    for (const [field, i] of [
      ['symbol', ix.symbol],
      ['volume', ix.volume],
      ['vwap', ix.vwap],
      ['trades', ix.trades],
    ] as const) {
      if (i >= 0) out[field] = this.header[i];
    }
    return out;
  }
}
