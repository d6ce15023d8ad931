/**
 * Vendor CSV layouts: which header names feed which bar field, how their
 * timestamps are written, and detection of the layout from a header.
 */
import { DataError, ErrorCode } from '../../core/errors.js';
import type { TimeUnit } from './timestampBytes.js';

export type CsvLayoutName = 'yahoo' | 'polygon' | 'alpaca' | 'generic';

/** What a CSV column can hold, in matching order (earlier roles claim a header name first). */
export const CSV_ROLES = [
  'timestamp',
  'symbol',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'vwap',
  'trades',
  'adjClose',
] as const;
export type CsvRole = (typeof CSV_ROLES)[number];

/** Header name per role. */
export type ColumnNames = { readonly [R in CsvRole]?: string };

export interface CsvLayout {
  readonly name: CsvLayoutName;
  readonly columns: ColumnNames;
  /** How the layout writes its timestamps. */
  readonly timeUnit: TimeUnit;
}

/** The lower-case names Alpaca and the generic layout share. */
const LOWER_CASE_OHLCV: ColumnNames = {
  timestamp: 'timestamp',
  symbol: 'symbol',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  vwap: 'vwap',
};

export const CSV_LAYOUTS: Readonly<Record<CsvLayoutName, CsvLayout>> = {
  /** Yahoo Finance daily download; `Adj Close` is kept beside the raw prices. */
  yahoo: {
    name: 'yahoo',
    columns: {
      timestamp: 'Date',
      open: 'Open',
      high: 'High',
      low: 'Low',
      close: 'Close',
      adjClose: 'Adj Close',
      volume: 'Volume',
    },
    timeUnit: 'auto',
  },
  /** Polygon aggregates; `t` is epoch ms, `T` the ticker in grouped results. */
  polygon: {
    name: 'polygon',
    columns: {
      timestamp: 't',
      symbol: 'T',
      open: 'o',
      high: 'h',
      low: 'l',
      close: 'c',
      volume: 'v',
      vwap: 'vw',
      trades: 'n',
    },
    timeUnit: 'ms',
  },
  /** Alpaca bars (RFC 3339 times). */
  alpaca: { name: 'alpaca', columns: { ...LOWER_CASE_OHLCV, trades: 'trade_count' }, timeUnit: 'auto' },
  /** `timestamp,symbol,open,high,low,close,volume` (+ optional vwap, trades); names configurable. */
  generic: { name: 'generic', columns: { ...LOWER_CASE_OHLCV, trades: 'trades' }, timeUnit: 'auto' },
};

/** Layout whose signature columns the header has (case-insensitive); 'generic' when none fits. */
export function detectLayout(header: readonly string[]): CsvLayoutName {
  const h = new Set(header.map((n) => n.trim().toLowerCase()));
  if (h.has('date') && h.has('adj close')) return 'yahoo';
  if (h.has('t') && h.has('o') && h.has('c')) return 'polygon';
  if (h.has('timestamp') && h.has('trade_count')) return 'alpaca';
  return 'generic';
}

/** Column index per role in one file's header; -1 where the file lacks the column. */
export type ColumnIndex = { [R in CsvRole]: number };

/**
 * Finds each role's column: exact name first, then case-insensitively among
 * columns no earlier role took (so Polygon's `t` and `T` stay apart).
 * Requires timestamp and close; open/high/low all or none (none = a
 * single-price file, whose bars get open = high = low = close).
 */
export function mapColumns(header: readonly string[], names: ColumnNames, file: string): ColumnIndex {
  const taken = new Uint8Array(header.length);
  const index = {} as ColumnIndex;
  for (const role of CSV_ROLES) {
    const want = names[role];
    let i = want === undefined ? -1 : header.indexOf(want);
    if (want !== undefined && i < 0) {
      const lower = want.toLowerCase();
      i = header.findIndex((n, k) => taken[k] === 0 && n.toLowerCase() === lower);
    }
    if (i >= 0) taken[i] = 1;
    index[role] = i;
  }
  const found = `found: ${header.join(',')}`;
  for (const role of ['timestamp', 'close'] as const) {
    if (index[role] < 0) {
      throw badHeader(
        file,
        names[role] ?? role,
        `missing column '${names[role] ?? role}' (${found})`,
        'required column',
      );
    }
  }
  const ohl = [index.open, index.high, index.low].filter((i) => i >= 0).length;
  if (ohl !== 0 && ohl !== 3) {
    const missing = (['open', 'high', 'low'] as const).find((r) => index[r] < 0)!;
    throw badHeader(
      file,
      names[missing] ?? missing,
      `has some of open/high/low but not '${names[missing] ?? missing}' (${found})`,
      'open, high and low all or none',
    );
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw badHeader(file, name, `column '${name}' appears twice`, 'unique column names');
    seen.add(name);
  }
  return index;
}

function badHeader(file: string, column: string, message: string, rule: string): DataError {
  return new DataError(ErrorCode.BadHeader, message, { file, row: 1, column, rule });
}
