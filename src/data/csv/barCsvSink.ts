/**
 * Turns CSV records into bar columns: the header picks the layout and maps
 * columns, each data record is parsed from its bytes into `FileOrderBars`.
 * Structural faults (bad header, non-numeric cell, bad timestamp, wrong
 * field count) throw here; value faults (NaN, negative prices, order,
 * duplicates) are kept for `validateBars` to report.
 */
import { DataError, ErrorCode } from '../../core/errors.js';
import type { SymbolTable } from '../../core/symbols.js';
import { BarHeader } from './barHeader.js';
import { ByteSymbolInterner } from './byteSymbolInterner.js';
import { type CsvFields, type CsvRowSink, cellText, FIELD_ESCAPED } from './csvReader.js';
import { FileOrderBars } from './fileOrderBars.js';
import type { ColumnIndex, CsvLayoutName } from './layouts.js';
import { parseDecimal, specialNumber } from './numberBytes.js';
import { TimestampParser } from './timestampBytes.js';
import type { CsvLoadOptions } from './types.js';

/** Row sink of one CSV file of bars. */
export class BarCsvSink implements CsvRowSink {
  /** Set once the header is read. */
  layout: CsvLayoutName | undefined;
  bars: FileOrderBars | undefined;
  private names: readonly string[] = [];
  /** The resolved header, once read. */
  header: BarHeader | undefined;
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
    if (f.count !== this.names.length) {
      const column = this.names[Math.min(f.count, this.names.length - 1)];
      throw new DataError(
        ErrorCode.InvalidInput,
        `${f.count} fields where the header has ${this.names.length}`,
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

  private readHeader(buf: Buffer, f: CsvFields): void {
    const header: string[] = [];
    for (let i = 0; i < f.count; i++) header.push(cellText(buf, f, i).trim());
    const h = new BarHeader(header, this.opts, this.symbols, this.file);
    this.timestamps = new TimestampParser(h.timeUnit, h.zone, h.dateTimeUs);
    if (h.fixedSymbol < 0) this.interner = new ByteSymbolInterner(this.symbols);
    this.fixedSymbol = h.fixedSymbol;
    this.header = h;
    this.names = header;
    this.index = h.index;
    this.layout = h.layout;
    this.bars = new FileOrderBars(4096, h.index.adjClose >= 0);
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
      column: this.names[col],
      rule,
    });
  }
}
