/**
 * Back-adjustment of bars for splits and cash dividends (CRSP / Yahoo
 * convention): the latest bars keep raw prices and earlier bars are scaled.
 * - A split of ratio r (new shares per old) with ex time X divides prices of
 *   bars before X by r and multiplies their volume by r.
 * - A dividend D with ex time X multiplies prices of bars before X by
 *   (1 − D/P), P = the raw close of the last bar before X (volume unchanged).
 * The factor of a bar is the product over all events whose ex time is after
 * it. Only events with knownAt ≤ asOf count: an adjustment announced at T is
 * invisible to a view as of before T. An adjusted bar's knownAt is the later
 * of its own and that of the latest event applied to it (the adjusted value
 * did not exist earlier), keeping the lake bitemporal.
 */
import { BarFrame } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { formatIsoMicros, type Micros } from '../../core/time.js';
import type { CorporateAction } from './types.js';

/** Per-row multipliers of a back-adjustment. */
export interface AdjustmentFactors {
  /** Multiplier of open/high/low/close/vwap (fraction, 1 = unadjusted). */
  readonly price: Float64Array;
  /** Multiplier of volume. */
  readonly volume: Float64Array;
  /** Latest knownAt of the events applied to the row, epoch µs (−∞ when none). */
  readonly knownAt: Float64Array;
}

/** Back-adjustment factors per row of `frame` from the events known at `asOf` (epoch µs). */
export function adjustmentFactors(
  frame: BarFrame,
  events: readonly CorporateAction[],
  asOf: Micros,
): AdjustmentFactors {
  const n = frame.length;
  const price = new Float64Array(n).fill(1);
  const volume = new Float64Array(n).fill(1);
  const knownAt = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const bySymbol = new Map<number, CorporateAction[]>();
  for (const e of events) {
    const id = frame.symbols.lookup(e.symbol);
    if (!(e.knownAt <= asOf) || id < 0) continue;
    let list = bySymbol.get(id);
    if (list === undefined) bySymbol.set(id, (list = []));
    list.push(e);
  }
  const { ts, close } = frame;
  for (const [id, list] of bySymbol) {
    list.sort((a, b) => a.exTs - b.exTs);
    const [a, b] = frame.symbolRange(id);
    let j = list.length - 1;
    let p = 1;
    let v = 1;
    let k = Number.NEGATIVE_INFINITY;
    // Walk bars from the latest back; an event applies to every bar before its ex time.
    for (let i = b - 1; i >= a; i--) {
      while (j >= 0 && list[j]!.exTs > ts[i]!) {
        const e = list[j--]!;
        if (e.kind === 'split') {
          p /= e.ratio;
          v *= e.ratio;
        } else {
          p *= dividendFactor(e.amount, close[i]!, e.symbol, e.exTs);
        }
        k = Math.max(k, e.knownAt);
      }
      price[i] = p;
      volume[i] = v;
      knownAt[i] = k;
    }
  }
  return { price, volume, knownAt };
}

/** 1 − D/P; P must exceed D (else the "adjusted" price would be ≤ 0). */
function dividendFactor(amount: number, prevClose: number, symbol: string, exTs: Micros): number {
  if (!(prevClose > amount)) {
    throw new DataError(
      ErrorCode.InvalidInput,
      `${symbol}: dividend ${amount} ex ${formatIsoMicros(exTs)} is not below the previous close ${prevClose}`,
      { column: 'amount', rule: 'dividend < previous close' },
    );
  }
  return 1 - amount / prevClose;
}

/**
 * A new frame of back-adjusted bars (prices and vwap × price factor, volume ×
 * volume factor) using the events known at `asOf`; `frame` is not mutated
 * and keeps the raw prices (symbol, ts and trades columns are shared).
 */
export function adjustBars(frame: BarFrame, events: readonly CorporateAction[], asOf: Micros): BarFrame {
  const f = adjustmentFactors(frame, events, asOf);
  const knownAt = new Float64Array(frame.length);
  for (let i = 0; i < frame.length; i++) knownAt[i] = Math.max(frame.knownAt[i]!, f.knownAt[i]!);
  return new BarFrame(frame.symbols, {
    symbol: frame.symbol,
    ts: frame.ts,
    trades: frame.trades,
    open: scaled(frame.open, f.price),
    high: scaled(frame.high, f.price),
    low: scaled(frame.low, f.price),
    close: scaled(frame.close, f.price),
    vwap: scaled(frame.vwap, f.price),
    volume: scaled(frame.volume, f.volume),
    knownAt,
  });
}

function scaled(values: Float64Array, factor: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * factor[i]!;
  return out;
}
