/** Bar validation: rules, options, the report, and where frame rows came from. */
import type { BarFrame } from '../../core/barFrame.js';
import type { TradingCalendar } from '../calendar/types.js';

/** Frame fields a rule can point at. */
export type BarField = 'symbol' | 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'vwap' | 'trades';

/** One file frame rows were loaded from. */
export interface SourceFile {
  readonly path: string;
  /** False when the file had no volume column: volume NaN then means unknown, not a fault. */
  readonly volumeKnown: boolean;
  /** The file's header name per frame field (e.g. ts → 'Date'), so reports speak the file's language. */
  readonly columnNames: Readonly<Partial<Record<BarField, string>>>;
}

/** Where each frame row came from; the loaders fill it so that a sorted frame still names file lines. */
export interface RowOrigin {
  readonly files: readonly SourceFile[];
  /** Index into `files` per symbol id (a symbol comes from one file); -1 when not loaded from one. */
  readonly symbolFile: Int32Array;
  /** 1-based line of each frame row in its file (the header is line 1). */
  readonly rows: Int32Array;
}

/** Rule names, stable (used as report keys and in error `rule`). */
export const RULES = [
  'finite',
  'price_positive',
  'volume_nonnegative',
  'high_ge_open_close',
  'low_le_open_close',
  'unsorted',
  'duplicate',
  'gap',
  'spike',
] as const;
export type RuleName = (typeof RULES)[number];

/**
 * 'error' rules fail strict mode; 'warning' rules (gaps, spikes) only flag,
 * because real data always has some (holidays, news) and dropping them would
 * destroy information.
 */
export const RULE_SEVERITY: Readonly<Record<RuleName, 'error' | 'warning'>> = {
  finite: 'error',
  price_positive: 'error',
  volume_nonnegative: 'error',
  high_ge_open_close: 'error',
  low_le_open_close: 'error',
  unsorted: 'error',
  duplicate: 'error',
  gap: 'warning',
  spike: 'warning',
};

/** Per-row flag bits in `ValidationResult.flags`. */
export const RowFlag = { unsorted: 1, gap: 2, spike: 4 } as const;

export type ValidationMode = 'strict' | 'repair';

export interface ValidateOptions {
  /** strict: any error-rule violation throws ValidationError; repair: drop/flag and go on. */
  mode: ValidationMode;
  /** Calendar for the gap check; absent or 'none' = no gap check. */
  calendar?: TradingCalendar;
  /** Bar interval, µs; default `inferBarInterval(frame)`. */
  intervalUs?: number;
  /** Spike threshold k in |log return| > k·σ (default 5). */
  spikeK?: number;
  /** Offending rows kept as examples per rule (default 10). */
  maxExamples?: number;
  /** Where the rows came from (from the loaders); without it reports give frame indices only. */
  origin?: RowOrigin;
}

/** One offending row. */
export interface Offense {
  rule: RuleName;
  /** Row index in the validated frame. */
  index: number;
  /** Source file and 1-based line, when the frame has an origin. */
  file?: string;
  row?: number;
  symbol: string;
  /** Column name (the file's header name when known, else the frame field). */
  column: string;
  /** The offending value (gap: missing bars before this row; spike: the log return). */
  value: number;
}

/** A row repair mode dropped or flagged, with every rule it broke. */
export interface RowAction {
  index: number;
  file?: string;
  row?: number;
  symbol: string;
  rules: RuleName[];
}

export interface ValidationReport {
  mode: ValidationMode;
  /** Rows validated. */
  rows: number;
  /** Rows in the result frame (rows − dropped). */
  kept: number;
  /** Violations per rule (a row breaking two rules counts under both; gap = missing bars). */
  counts: Record<RuleName, number>;
  /** First `maxExamples` offenses per rule, in (symbol, time) order. */
  examples: Record<RuleName, Offense[]>;
  /** Sum of counts over 'error' rules; strict mode passes only when it is 0. */
  errors: number;
  /** Repair mode: every dropped row and why (empty in strict mode). */
  dropped: RowAction[];
  /** Every kept row that carries a flag (unsorted, gap, spike) and why. */
  flagged: RowAction[];
  /** Interval the gap check used, µs (NaN when unknown). */
  intervalUs: number;
  /** Calendar of the gap check ('none' = gaps not checked). */
  calendar: string;
  spikeK: number;
}

export interface ValidationResult {
  report: ValidationReport;
  /** Strict: the input frame; repair: the frame without the dropped rows. */
  frame: BarFrame;
  /** RowFlag bits per row of `frame`. */
  flags: Uint8Array;
  /** `origin` narrowed to the rows of `frame` (when one was given). */
  origin: RowOrigin | undefined;
}
