/**
 * The rules a bar must pass before the engine lets any indicator see it (listed
 * in engine.ts): a predicate small enough to inline for the common case, and
 * the typed error for the first rule broken otherwise.
 */
import { DataError, ErrorCode } from '../core/errors.js';
import type { FeatureInput } from './indicator.js';
import type { InputBlock } from './inputBlock.js';

/** Throws the DataError for the first rule `input` breaks; `last` is the symbol's last accepted event time, µs (NaN: none). */
export function checkBar(symbolId: number, input: FeatureInput, last: number): void {
  // One small predicate for the common case, so that callers inline it: a
  // real call would box the double `last` on every bar.
  if (
    symbolId === input.symbolId &&
    validSymbol(symbolId) &&
    barPasses(input.ts, input.open, input.high, input.low, input.close, input.volume, last)
  )
    return;
  rejectBar(symbolId, input, last);
}

/**
 * The first of rows [from, to) of `cols` that breaks a rule (each row's
 * predecessor, or `last` for the first, giving the time to beat), `to` when
 * none does; `from` when the block's symbol id is not `symbolId`.
 */
export function firstBadRow(
  symbolId: number,
  cols: InputBlock,
  from: number,
  to: number,
  last: number,
): number {
  if (symbolId !== cols.symbolId || !validSymbol(symbolId)) return from;
  const { ts, open, high, low, close, volume } = cols;
  let prev = last;
  for (let i = from; i < to; i++) {
    const t = ts[i]!;
    if (!barPasses(t, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, prev)) return i;
    prev = t;
  }
  return to;
}

/**
 * The first of rows [0, count) of a universe tick that breaks a rule, `count`
 * when none does: row i is a bar of symbolIds[i], the ids strictly ascend (one
 * bar per symbol and tick), and lastTs[id] is the symbol's last accepted event
 * time, µs (NaN or past the array's end: none).
 */
export function firstBadTickRow(
  symbolIds: Int32Array,
  cols: InputBlock,
  count: number,
  lastTs: Float64Array,
): number {
  const { ts, open, high, low, close, volume } = cols;
  let prev = -1;
  for (let i = 0; i < count; i++) {
    const s = symbolIds[i]!;
    if (s <= prev) return i;
    prev = s;
    const last = s < lastTs.length ? lastTs[s]! : Number.NaN;
    if (!barPasses(ts[i]!, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, last)) return i;
  }
  return count;
}

function validSymbol(symbolId: number): boolean {
  return symbolId >= 0 && Number.isInteger(symbolId);
}

/** Every rule but the symbol id's, for one bar. */
function barPasses(
  ts: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  last: number,
): boolean {
  return (
    Number.isFinite(ts) &&
    !(ts <= last) &&
    validPrice(open) &&
    validPrice(high) &&
    validPrice(low) &&
    validPrice(close) &&
    !(volume < 0 || volume === Number.POSITIVE_INFINITY)
  );
}

function validPrice(p: number): boolean {
  return p > 0 && p < Number.POSITIVE_INFINITY;
}

/** Throws the typed error for the first rule a bar that failed checkBar breaks. */
function rejectBar(symbolId: number, input: FeatureInput, last: number): void {
  if (!Number.isInteger(symbolId) || symbolId < 0 || symbolId !== input.symbolId) {
    throw new DataError(
      ErrorCode.InvalidInput,
      `symbol id ${symbolId} does not match the input's ${input.symbolId}`,
      {
        column: 'symbolId',
        rule: 'symbol id is a non-negative integer equal to input.symbolId',
      },
    );
  }
  const ts = input.ts;
  if (!Number.isFinite(ts)) throw bad(ErrorCode.NonFinite, symbolId, 'ts', ts, 'event time is finite');
  if (ts <= last) {
    throw new DataError(
      ErrorCode.OutOfOrder,
      `symbol ${symbolId}: bar at ${ts} µs is ${ts === last ? 'a duplicate of' : 'older than'} the last bar at ${last} µs`,
      { column: 'ts', rule: 'event times strictly increase per symbol' },
    );
  }
  checkPrice(symbolId, 'open', input.open);
  checkPrice(symbolId, 'high', input.high);
  checkPrice(symbolId, 'low', input.low);
  checkPrice(symbolId, 'close', input.close);
  const v = input.volume;
  if (v < 0 || v === Number.POSITIVE_INFINITY) {
    throw bad(ErrorCode.InvalidInput, symbolId, 'volume', v, 'volume is ≥ 0 and finite (NaN = unknown)');
  }
}

function checkPrice(symbolId: number, column: string, p: number): void {
  if (!Number.isFinite(p)) throw bad(ErrorCode.NonFinite, symbolId, column, p, 'prices are finite');
  if (p <= 0) throw bad(ErrorCode.NegativePrice, symbolId, column, p, 'prices are > 0');
}

function bad(code: ErrorCode, symbolId: number, column: string, v: number, rule: string): DataError {
  return new DataError(code, `symbol ${symbolId}: ${column} = ${v}`, { column, rule });
}
