/**
 * Bar validation with a report: per-rule counts, example rows, and in repair
 * mode the rows dropped or flagged and why.
 *
 * Rules (see `RULES`): finite numbers (ts, OHLC, and volume unless the file
 * had none); prices > 0; volume ≥ 0; high ≥ max(open, close); low ≤
 * min(open, close); per symbol, time strictly increasing — `unsorted` is a
 * row that came later in its file than a row of the same symbol with a later
 * time (needs the loader's `origin`; a frame is sorted by construction), and
 * `duplicate` is every repeat of a (symbol, ts) after its first file row;
 * gaps — expected bars missing against the calendar (`calendarGaps.ts`);
 * spikes — |log close-to-close return| > k·σ, σ = 1.4826·MAD of the symbol's
 * whole-series returns (robust: the spikes do not hide themselves; global,
 * not rolling: one pass, no warm-up; symbols with < 10 returns are not
 * checked). A one-bar bad print therefore flags two returns, in and out.
 *
 * Gaps count time slots with no row at all (a row present but faulty is
 * reported under its own rule, not also as a gap); spikes use the rows with
 * a finite positive close that are not duplicates.
 *
 * strict: any error-rule violation throws ValidationError (the caller then
 * writes nothing). repair: drops rows that break finite / price / volume /
 * high / low / duplicate (the first file row of a duplicated key is kept);
 * keeps and flags unsorted rows (now in order), gaps and spikes.
 */
import { BAR_FLOAT_FIELDS, BarFrame } from '../../core/barFrame.js';
import type { TradingCalendar } from '../calendar/types.js';
import { inferBarInterval } from './barInterval.js';
import { gapCheckable, missingBars } from './calendarGaps.js';
import { robustSigma } from './robustSigma.js';
import {
  type BarField,
  type Offense,
  type RowAction,
  RowFlag,
  type RowOrigin,
  RULE_SEVERITY,
  RULES,
  type RuleName,
  type SourceFile,
  type ValidateOptions,
  type ValidationReport,
  type ValidationResult,
} from './types.js';
import { ValidationError } from './validationError.js';

const DEFAULT_SPIKE_K = 5;
const DEFAULT_EXAMPLES = 10;
const MIN_SPIKE_RETURNS = 10;

const BIT = Object.fromEntries(RULES.map((r, i) => [r, 1 << i])) as Record<RuleName, number>;
const ERROR_BITS = RULES.reduce((m, r) => (RULE_SEVERITY[r] === 'error' ? m | BIT[r] : m), 0);
/** Rules whose rows repair mode drops (unsorted rows are kept: sorting has put them in place). */
const DROP_BITS = ERROR_BITS & ~BIT.unsorted;

/** Validates `frame` (see the module head); throws ValidationError in strict mode on any error-rule violation. */
export function validateBars(frame: BarFrame, opts: ValidateOptions): ValidationResult {
  const v = new Validation(frame, opts);
  v.checkRows();
  v.checkOrder();
  v.checkGaps(opts.calendar);
  v.checkSpikes();
  return v.finish();
}

/** Working state of one validation run. */
class Validation {
  readonly n: number;
  /** Rule bits broken per row. */
  readonly broken: Uint16Array;
  readonly counts = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<RuleName, number>;
  readonly examples = Object.fromEntries(RULES.map((r) => [r, [] as Offense[]])) as Record<
    RuleName,
    Offense[]
  >;
  readonly intervalUs: number;
  readonly spikeK: number;
  private readonly maxExamples: number;
  private readonly origin: RowOrigin | undefined;
  private readonly volumeKnown: Uint8Array;
  private calendarName = 'none';
  // First error-rule offense in file order.
  private firstIndex = -1;
  private firstRule: RuleName = 'finite';
  private firstField: BarField = 'ts';
  private firstValue = 0;

  constructor(
    readonly frame: BarFrame,
    readonly opts: ValidateOptions,
  ) {
    this.n = frame.length;
    this.broken = new Uint16Array(this.n);
    this.intervalUs = opts.intervalUs ?? inferBarInterval(frame);
    this.spikeK = opts.spikeK ?? DEFAULT_SPIKE_K;
    this.maxExamples = opts.maxExamples ?? DEFAULT_EXAMPLES;
    this.origin = opts.origin;
    this.volumeKnown = new Uint8Array(frame.symbols.size).fill(1);
    if (this.origin) {
      const { files, symbolFile } = this.origin;
      for (let id = 0; id < symbolFile.length && id < this.volumeKnown.length; id++) {
        const f = symbolFile[id]!;
        if (f >= 0 && !files[f]!.volumeKnown) this.volumeKnown[id] = 0;
      }
    }
  }

  /** Finite numbers, positive prices, non-negative volume, high/low consistency. */
  checkRows(): void {
    const { ts, open, high, low, close, volume, symbol } = this.frame;
    for (let i = 0; i < this.n; i++) {
      const o = open[i]!;
      const h = high[i]!;
      const l = low[i]!;
      const c = close[i]!;
      const vol = volume[i]!;
      const volKnown = this.volumeKnown[symbol[i]!] === 1;
      if (!Number.isFinite(ts[i]!)) this.add('finite', i, 'ts', ts[i]!);
      else if (!Number.isFinite(o)) this.add('finite', i, 'open', o);
      else if (!Number.isFinite(h)) this.add('finite', i, 'high', h);
      else if (!Number.isFinite(l)) this.add('finite', i, 'low', l);
      else if (!Number.isFinite(c)) this.add('finite', i, 'close', c);
      else if (volKnown && !Number.isFinite(vol)) this.add('finite', i, 'volume', vol);
      if (o <= 0) this.add('price_positive', i, 'open', o);
      else if (h <= 0) this.add('price_positive', i, 'high', h);
      else if (l <= 0) this.add('price_positive', i, 'low', l);
      else if (c <= 0) this.add('price_positive', i, 'close', c);
      if (vol < 0) this.add('volume_nonnegative', i, 'volume', vol);
      // Comparisons with NaN are false, so a non-finite price is reported once, under `finite`.
      if (h < o || h < c) this.add('high_ge_open_close', i, 'high', h);
      if (l > o || l > c) this.add('low_le_open_close', i, 'low', l);
    }
  }

  /** Duplicates and (with an origin) rows that came later in the file than a later-timed row. */
  checkOrder(): void {
    const { ts } = this.frame;
    const lines = this.origin?.rows;
    for (const id of this.frame.symbolIds()) {
      const [a, b] = this.frame.symbolRange(id);
      for (let i = a + 1; i < b; i++) if (ts[i] === ts[i - 1]) this.add('duplicate', i, 'ts', ts[i]!);
      if (lines === undefined) continue;
      // Walk groups of equal ts from the latest back, tracking the earliest line of any later time.
      let earliestLater = Number.POSITIVE_INFINITY;
      for (let g1 = b; g1 > a; ) {
        let g0 = g1 - 1;
        while (g0 > a && ts[g0 - 1] === ts[g1 - 1]) g0--;
        let groupEarliest = Number.POSITIVE_INFINITY;
        for (let i = g0; i < g1; i++) {
          if (lines[i]! > earliestLater) this.add('unsorted', i, 'ts', ts[i]!);
          groupEarliest = Math.min(groupEarliest, lines[i]!);
        }
        earliestLater = Math.min(earliestLater, groupEarliest);
        g1 = g0;
      }
    }
  }

  /** Missing bars against the calendar, flagged on the bar after the hole. */
  checkGaps(cal: TradingCalendar | undefined): void {
    if (cal === undefined || cal.name === 'none' || !gapCheckable(this.intervalUs)) return;
    this.calendarName = cal.name;
    const { ts } = this.frame;
    for (const id of this.frame.symbolIds()) {
      const [a, b] = this.frame.symbolRange(id);
      let prev = -1;
      for (let i = a; i < b; i++) {
        if (!Number.isFinite(ts[i]!) || (this.broken[i]! & BIT.duplicate) !== 0) continue;
        if (prev >= 0) {
          const missing = missingBars(cal, ts[prev]!, ts[i]!, this.intervalUs);
          if (missing > 0) this.add('gap', i, 'ts', missing, missing);
        }
        prev = i;
      }
    }
  }

  /** |log return| > k·σ per symbol (robust σ of the symbol's returns). */
  checkSpikes(): void {
    const { close } = this.frame;
    const returns = new Float64Array(this.n);
    const at = new Int32Array(this.n);
    const scratch = new Float64Array(this.n);
    for (const id of this.frame.symbolIds()) {
      const [a, b] = this.frame.symbolRange(id);
      let k = 0;
      let prev = -1;
      for (let i = a; i < b; i++) {
        const c = close[i]!;
        if (!(c > 0 && c < Number.POSITIVE_INFINITY) || (this.broken[i]! & BIT.duplicate) !== 0) continue;
        if (prev >= 0) {
          returns[k] = Math.log(c / close[prev]!);
          at[k++] = i;
        }
        prev = i;
      }
      if (k < MIN_SPIKE_RETURNS) continue;
      const limit = this.spikeK * robustSigma(returns.subarray(0, k), scratch);
      for (let j = 0; j < k; j++) {
        if (Math.abs(returns[j]!) > limit) this.add('spike', at[j]!, 'close', returns[j]!);
      }
    }
  }

  finish(): ValidationResult {
    const { mode } = this.opts;
    let errors = 0;
    for (const r of RULES) if (RULE_SEVERITY[r] === 'error') errors += this.counts[r];
    const report: ValidationReport = {
      mode,
      rows: this.n,
      kept: this.n,
      counts: this.counts,
      examples: this.examples,
      errors,
      dropped: [],
      flagged: [],
      intervalUs: this.intervalUs,
      calendar: this.calendarName,
      spikeK: this.spikeK,
    };
    if (mode === 'strict' && errors > 0) {
      throw new ValidationError(
        report,
        this.offense(this.firstRule, this.firstIndex, this.firstField, this.firstValue),
      );
    }
    const keep = new Int32Array(this.n);
    let kept = 0;
    for (let i = 0; i < this.n; i++) {
      const bits = this.broken[i]!;
      if (mode === 'repair' && (bits & DROP_BITS) !== 0) report.dropped.push(this.action(i, bits));
      else {
        keep[kept++] = i;
        if (bits !== 0) report.flagged.push(this.action(i, bits));
      }
    }
    report.kept = kept;
    const rows = keep.subarray(0, kept);
    const flags = new Uint8Array(kept);
    for (let k = 0; k < kept; k++) {
      const bits = this.broken[rows[k]!]!;
      flags[k] =
        ((bits & BIT.unsorted) !== 0 ? RowFlag.unsorted : 0) |
        ((bits & BIT.gap) !== 0 ? RowFlag.gap : 0) |
        ((bits & BIT.spike) !== 0 ? RowFlag.spike : 0);
    }
    if (kept === this.n) return { report, frame: this.frame, flags, origin: this.origin };
    const origin = this.origin && {
      ...this.origin,
      rows: gather(this.origin.rows, rows, new Int32Array(kept)),
    };
    return { report, frame: compact(this.frame, rows), flags, origin };
  }

  /** Records that row i broke `rule` (`weight` = how much it adds to the count: missing bars for gaps). */
  private add(rule: RuleName, i: number, field: BarField, value: number, weight = 1): void {
    this.broken[i]! |= BIT[rule];
    this.counts[rule] += weight;
    const ex = this.examples[rule];
    if (ex.length < this.maxExamples) ex.push(this.offense(rule, i, field, value));
    if (RULE_SEVERITY[rule] === 'error' && (this.firstIndex < 0 || this.before(i, this.firstIndex))) {
      this.firstIndex = i;
      this.firstRule = rule;
      this.firstField = field;
      this.firstValue = value;
    }
  }

  /** True when row i comes before row j in the input (file, then line; frame order without an origin). */
  private before(i: number, j: number): boolean {
    const o = this.origin;
    if (o === undefined) return i < j;
    const sym = this.frame.symbol;
    const fi = o.symbolFile[sym[i]!]!;
    const fj = o.symbolFile[sym[j]!]!;
    return fi !== fj ? fi < fj : o.rows[i]! < o.rows[j]!;
  }

  private offense(rule: RuleName, i: number, field: BarField, value: number): Offense {
    const src = this.sourceOf(i);
    const column = src?.columnNames[field] ?? field;
    return { rule, index: i, ...this.locate(i), column, value };
  }

  private action(i: number, bits: number): RowAction {
    return { index: i, ...this.locate(i), rules: RULES.filter((r) => (bits & BIT[r]) !== 0) };
  }

  private locate(i: number): { file?: string; row?: number; symbol: string } {
    const symbol = this.frame.symbols.name(this.frame.symbol[i]!);
    const src = this.sourceOf(i);
    return src === undefined ? { symbol } : { file: src.path, row: this.origin!.rows[i]!, symbol };
  }

  private sourceOf(i: number): SourceFile | undefined {
    const f = this.origin?.symbolFile[this.frame.symbol[i]!] ?? -1;
    return f < 0 ? undefined : this.origin!.files[f];
  }
}

/** The frame's rows at indices `rows` (ascending), copied into a new frame. */
function compact(frame: BarFrame, rows: Int32Array): BarFrame {
  const out = BarFrame.allocate(frame.symbols, rows.length);
  gather(frame.symbol, rows, out.symbol);
  gather(frame.trades, rows, out.trades);
  for (const f of BAR_FLOAT_FIELDS) gather(frame[f], rows, out[f]);
  return out;
}

/** out[k] = src[rows[k]]; returns out. */
function gather<T extends Int32Array | Float64Array>(src: T, rows: Int32Array, out: T): T {
  for (let k = 0; k < rows.length; k++) out[k] = src[rows[k]!]!;
  return out;
}
