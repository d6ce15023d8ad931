/**
 * Turns CSV records into bar columns: the header picks the layout and maps
 * columns, each data record is parsed from its bytes into `FileOrderBars`.
 * Structural faults (bad header, non-numeric cell, bad timestamp, wrong
 * field count) throw here; value faults (NaN, negative prices, order,
 * duplicates) are kept for `validateBars` to report.
 */
import { ConfigError, DataError, ErrorCode } from '../../core/errors.js';
import type { SymbolTable } from '../../core/symbols.js';
import { TimeZone } from '../timeZone.js';
import type { BarField } from '../validate/types.js';
import { ByteSymbolInterner } from './byteSymbolInterner.js';
import { type CsvFields, type CsvRowSink, cellText, FIELD_ESCAPED } from './csvReader.js';
import { FileOrderBars } from './fileOrderBars.js';
import { type ColumnIndex, CSV_LAYOUTS, type CsvLayoutName, detectLayout, mapColumns } from './layouts.js';
import { parseDecimal, specialNumber } from './numberBytes.js';
import { parseTimeOfDay, TimestampParser } from './timestampBytes.js';
import type { CsvLoadOptions, LoadedColumns } from './types.js';

/** Row sink of one CSV file of bars. */
export class BarCsvSink implements CsvRowSink {
  /** Set once the header is read. */
  layout: CsvLayoutName | undefined;
  bars: FileOrderBars | undefined;
  private header: string[] = [];
  private index: ColumnIndex | undefined;
  private timestamps: TimestampParser | undefined;
  private interner: ByteSymbolInterner | undefined;
  private fixedSymbol = -1;

  constructor(
    readonly file: string,
    private readonly opts: CsvLoadOptions,
    readonly symbols: SymbolTable,
  ) {}

  row(buf: Buffer, f: CsvFields, line: number): void {
    const bars = this.bars;
    const ix = this.index;
    if (bars === undefined || ix === undefined) {
      this.readHeader(buf, f);
      return;
    }
    if (f.count !== this.header.length) {
      const column = this.header[Math.min(f.count, this.header.length - 1)];
      throw new DataError(
        ErrorCode.InvalidInput,
        `${f.count} fields where the header has ${this.header.length}`,
        { file: this.file, row: line, column, rule: 'field count matches the header' },
      );
    }
    const tsCol = ix.timestamp;
    const ts = this.timestamps!.parse(buf, f.start[tsCol]!, f.end[tsCol]!);
    if (Number.isNaN(ts)) {
      throw this.cellError(
        buf,
        f,
        tsCol,
        line,
        `not a ${this.timestamps!.unit} timestamp`,
        'timestamp format',
      );
    }
    let symbolId = this.fixedSymbol;
    if (symbolId < 0) {
      const sc = ix.symbol;
      if (f.end[sc]! <= f.start[sc]!)
        throw this.cellError(buf, f, sc, line, 'empty symbol', 'symbol present');
      symbolId = this.interner!.id(buf, f.start[sc]!, f.end[sc]!, (f.flags[sc]! & FIELD_ESCAPED) !== 0);
    }
    const close = this.num(buf, f, ix.close, line);
    const ohlc = ix.open >= 0;
    bars.push(
      symbolId,
      ts,
      ohlc ? this.num(buf, f, ix.open, line) : close,
      ohlc ? this.num(buf, f, ix.high, line) : close,
      ohlc ? this.num(buf, f, ix.low, line) : close,
      close,
      ix.volume >= 0 ? this.num(buf, f, ix.volume, line) : Number.NaN,
      ix.vwap >= 0 ? this.num(buf, f, ix.vwap, line) : Number.NaN,
      ix.trades >= 0 ? this.count(buf, f, ix.trades, line) : 0,
      ix.adjClose >= 0 ? this.num(buf, f, ix.adjClose, line) : Number.NaN,
      line,
    );
  }

  /** Which bar fields the file supplied (after the header). */
  loadedColumns(): LoadedColumns {
    const ix = this.index!;
    return {
      ohlc: ix.open >= 0,
      volume: ix.volume >= 0,
      vwap: ix.vwap >= 0,
      trades: ix.trades >= 0,
      adjClose: ix.adjClose >= 0,
    };
  }

  /** The file's header name per frame field (price-only files name their one price column for all four). */
  columnNames(): Partial<Record<BarField, string>> {
    const ix = this.index!;
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

  private readHeader(buf: Buffer, f: CsvFields): void {
    const header: string[] = [];
    for (let i = 0; i < f.count; i++) header.push(cellText(buf, f, i).trim());
    const layoutName =
      this.opts.layout === undefined || this.opts.layout === 'auto' ? detectLayout(header) : this.opts.layout;
    const layout = CSV_LAYOUTS[layoutName];
    const ix = mapColumns(header, { ...layout.columns, ...this.opts.columns }, this.file);
    const tsName = header[ix.timestamp]!;
    const zone = TimeZone.of(this.opts.timeZone ?? 'UTC', { file: this.file, column: tsName });
    const dateTimeUs = parseTimeOfDay(this.opts.dateTime ?? '00:00', 'dateTime');
    this.timestamps = new TimestampParser(this.opts.timeUnit ?? layout.timeUnit, zone, dateTimeUs);
    if (ix.symbol >= 0) {
      if (this.opts.symbol !== undefined) {
        throw new ConfigError(
          `the symbol option is given but the file has a symbol column '${header[ix.symbol]}'`,
          {
            file: this.file,
            column: header[ix.symbol],
            rule: 'one symbol source',
          },
        );
      }
      this.interner = new ByteSymbolInterner(this.symbols);
    } else if (this.opts.symbol !== undefined && this.opts.symbol !== '') {
      this.fixedSymbol = this.symbols.intern(this.opts.symbol);
    } else {
      throw new DataError(ErrorCode.BadHeader, 'no symbol column and no symbol option', {
        file: this.file,
        row: 1,
        column: layout.columns.symbol ?? 'symbol',
        rule: 'symbol column or symbol option',
      });
    }
    this.header = header;
    this.index = ix;
    this.layout = layoutName;
    this.bars = new FileOrderBars(4096, ix.adjClose >= 0);
  }

  private num(buf: Buffer, f: CsvFields, col: number, line: number): number {
    const s = f.start[col]!;
    const e = f.end[col]!;
    const v = parseDecimal(buf, s, e);
    if (!Number.isNaN(v)) return v;
    const special = specialNumber(buf, s, e);
    if (special === undefined) throw this.cellError(buf, f, col, line, 'not a number', 'numeric cell');
    return special;
  }

  /** A count cell (trades): non-negative integer; unknown (NaN) becomes 0. */
  private count(buf: Buffer, f: CsvFields, col: number, line: number): number {
    const v = this.num(buf, f, col, line);
    if (Number.isNaN(v)) return 0;
    if (!(Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)) {
      throw this.cellError(buf, f, col, line, 'not a non-negative integer count', 'integer count');
    }
    return v;
  }

  private cellError(
    buf: Buffer,
    f: CsvFields,
    col: number,
    line: number,
    what: string,
    rule: string,
  ): DataError {
    const code = rule === 'numeric cell' ? ErrorCode.NotNumeric : ErrorCode.InvalidInput;
    return new DataError(code, `'${cellText(buf, f, col)}' is ${what}`, {
      file: this.file,
      row: line,
      column: this.header[col],
      rule,
    });
  }
}
