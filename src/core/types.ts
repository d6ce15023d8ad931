/**
 * Domain records. Times are epoch µs UTC (`Micros`). `ts` is event time (when
 * it happened); `knownAt` is knowledge time (when the system learned it), on
 * every stored fact so that the lake is bitemporal. Records are immutable
 * once created. Hot paths use the columnar `BarFrame` instead of these.
 */
import type { Micros } from './time.js';

/** One OHLCV bar; `ts` is the bar's open time, it covers [ts, ts + interval). */
export interface Bar {
  readonly symbol: string;
  readonly ts: Micros;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Shares traded in the bar. */
  readonly volume: number;
  /** Volume-weighted average price of the bar (NaN when unknown). */
  readonly vwap: number;
  /** Number of trades in the bar (0 when unknown). */
  readonly trades: number;
  readonly knownAt: Micros;
}

/** Level-1 quote (top of book). Sizes in shares. */
export interface Quote {
  readonly symbol: string;
  readonly ts: Micros;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  readonly knownAt: Micros;
}

/** One print on the tape. */
export interface Trade {
  readonly symbol: string;
  readonly ts: Micros;
  readonly price: number;
  /** Shares. */
  readonly size: number;
  readonly knownAt: Micros;
}

export type Direction = -1 | 0 | 1;

/** A model's directional view on one symbol for one horizon. */
export interface Signal {
  readonly symbol: string;
  /** Event time of the bar the signal was computed on. */
  readonly ts: Micros;
  readonly direction: Direction;
  /** Forecast horizon in bars. */
  readonly horizonBars: number;
  /** Probability of an up move, fraction in [0, 1]. */
  readonly probability: number;
  readonly modelVersion: string;
  readonly featureSetHash: string;
  /** When the signal was generated (knowledge time). */
  readonly knownAt: Micros;
}

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

export interface Order {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  /** Shares, > 0. */
  readonly quantity: number;
  readonly type: OrderType;
  /** Limit price; NaN for market orders. */
  readonly limitPrice: number;
  /** Time the order was created. */
  readonly ts: Micros;
}

export interface Fill {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  /** Shares filled, > 0. */
  readonly quantity: number;
  readonly price: number;
  /** Commission and fees in account currency. */
  readonly fee: number;
  /** Execution time; never earlier than the event after the order. */
  readonly ts: Micros;
  readonly knownAt: Micros;
}
