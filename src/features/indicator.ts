/**
 * The contract every incremental feature implements. One implementation per
 * computation, reached two ways: `update` for one bar and `run` for a block of
 * a symbol's rows as columns. The engine drives every indicator through `run`
 * (a one-row block per streaming bar, blocks of a BarFrame's rows in batch
 * mode), so online and offline values are bit-identical by construction.
 */
import type { InputBlock } from './inputBlock.js';

/**
 * What an indicator sees for one bar of one symbol. The engine owns ONE
 * mutable instance per stream and overwrites it for every bar, so indicators
 * must copy the numbers they need and never keep a reference to the object.
 * Unknown values are NaN.
 */
export interface FeatureInput {
  symbolId: number;
  sectorId: number;
  /** Bar open time, epoch µs. */
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Shares. */
  volume: number;
  vwap: number;
  /** Top of book at the bar's close (NaN without quotes). */
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  /** Market index level at this bar's time (NaN when unknown). */
  marketClose: number;
  /** Sector index level at this bar's time (NaN when unknown). */
  sectorClose: number;
  /** Open and close of the trading session holding this bar, epoch µs (NaN when no calendar). */
  sessionOpen: number;
  sessionClose: number;
}

/** A fresh FeatureInput with every number NaN / -1 ids. */
export function emptyFeatureInput(): FeatureInput {
  const n = Number.NaN;
  return {
    symbolId: -1,
    sectorId: -1,
    ts: n,
    open: n,
    high: n,
    low: n,
    close: n,
    volume: n,
    vwap: n,
    bid: n,
    ask: n,
    bidSize: n,
    askSize: n,
    marketClose: n,
    sectorClose: n,
    sessionOpen: n,
    sessionClose: n,
  };
}

/** An incremental indicator: O(1) update (O(window) only where unavoidable). */
export interface Indicator {
  /** Output column suffixes, e.g. ['macd', 'signal', 'hist']; a single-output indicator has one. */
  readonly outputs: readonly string[];
  /** Consumes the next bar (event times must increase; the engine checks that). */
  update(input: FeatureInput): void;
  /**
   * Consumes rows [from, to) of `cols` in order, exactly as that many `update`
   * calls would, and after row i writes its outputs to
   * dst[at + (i − from)·stride + k]. Optional: the engine replays `update`
   * for an indicator without it.
   */
  run?(cols: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void;
  /** Current value of output `k` (default 0); NaN during warm-up. */
  value(k?: number): number;
  /**
   * Writes every output at once, output k to out[offset + k] (same values as
   * `value(k)`): one call per bar instead of one per output, and no double is
   * boxed on the way, which is what the engine and batch mode use.
   */
  write(out: Float64Array, offset: number): void;
  /** True once every output has left its warm-up. */
  readonly ready: boolean;
  /** Compact byte form of the whole state (restore() on a fresh instance continues exactly). */
  snapshot(): Uint8Array;
  restore(bytes: Uint8Array): void;
  /** Back to the just-constructed state. */
  reset(): void;
}

/** One numeric parameter of an indicator, e.g. { name: 'n', default: 14 }. */
export interface IndicatorParam {
  readonly name: string;
  readonly default: number;
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  readonly integer?: boolean;
}

/**
 * How the registry names and builds an indicator: `rsi:14` resolves to the
 * spec named 'rsi' with params [14]; missing params take their defaults.
 */
export interface IndicatorSpec {
  /** TA-Lib's function name in lower case where TA-Lib has one (rsi, macd, bbands…), else a plain name. */
  readonly name: string;
  readonly description: string;
  readonly params: readonly IndicatorParam[];
  /** Output suffixes for these params (same as the created indicator's `outputs`). */
  outputs(params: readonly number[]): readonly string[];
  create(params: readonly number[]): Indicator;
}
