/**
 * Replays a BarFrame through the streaming FeatureEngine the way a live feed
 * delivers it: one bar time at a time for the whole universe (time-major),
 * each symbol's input assembled only from what is known when that bar
 * closes, as a live runner keeps it:
 * - market and sector index levels: the index's latest bar with ts ≤ the
 *   bar's ts (the index bars of the same minute are taken in before any
 *   symbol of that minute is updated, as they arrive together);
 * - quotes: the symbol's last quote with time < the bar's end (ts + bar length);
 * - session bounds: the calendar's session holding the bar's ts.
 * These are batch.ts's as-of rules walked in time order instead of symbol
 * order (quote placement and sessions from features/liveInputRules.ts);
 * `features diff` and the parity tests hold the two to bit equality. With
 * `threads` ≥ 1 the ticks run on a ShardedFeatureEngine (symbols split over
 * that many worker threads), which gives the same vectors.
 */
import type { BarFrame } from '../core/barFrame.js';
import type { FeatureContext } from '../features/batch.js';
import { FeatureEngine } from '../features/engine.js';
import type { FeatureSet, ResolvedFeatureSet } from '../features/featureSet.js';
import { emptyFeatureInput } from '../features/indicator.js';
import { quoteInterval, SessionCursor } from '../features/liveInputRules.js';
import { ShardedFeatureEngine } from '../features/shardedEngine.js';

/** One bar time of the replay; every array is a view reused by the next tick. */
export interface ReplayTick {
  /** Bar open time, epoch µs. */
  ts: number;
  /** Symbols with a bar at `ts`, ascending. */
  count: number;
  symbolIds: Int32Array;
  /** Event time per symbol (= ts), epoch µs, as the online store takes it. */
  eventTimes: Float64Array;
  /** Frame row of each symbol's bar. */
  frameRows: Int32Array;
  /** Feature vectors, row-major count × width. */
  vectors: Float64Array;
}

export interface ReplaySummary {
  ticks: number;
  bars: number;
  width: number;
  hash: string;
  names: readonly string[];
}

export interface ReplayOptions {
  /** Worker threads that update the symbols (0: the calling thread). Default 0. */
  threads?: number;
}

/** Streams `frame` tick by tick through a fresh feature engine; `onTick` sees each universe tick. */
export async function replayFeatures(
  frame: BarFrame,
  fs: FeatureSet | ResolvedFeatureSet,
  context: FeatureContext,
  onTick: (tick: ReplayTick) => void | Promise<void>,
  opts: ReplayOptions = {},
): Promise<ReplaySummary> {
  const nSym = frame.symbols.size;
  const threads = opts.threads ?? 0;
  const sharded =
    threads > 0
      ? await ShardedFeatureEngine.start(fs, { shards: threads, capacity: Math.max(1, nSym) })
      : undefined;
  try {
    return await replay(frame, sharded ?? new FeatureEngine(fs), context, onTick);
  } finally {
    await sharded?.close();
  }
}

async function replay(
  frame: BarFrame,
  engine: FeatureEngine | ShardedFeatureEngine,
  context: FeatureContext,
  onTick: (tick: ReplayTick) => void | Promise<void>,
): Promise<ReplaySummary> {
  const width = engine.width;
  const nSym = frame.symbols.size;
  const sharded = engine instanceof ShardedFeatureEngine ? engine : undefined;
  const { quotes, sectorOf, sectorIndexSymbol, calendar } = context;
  const interval = quotes === undefined ? 0 : quoteInterval(frame, quotes, context.barIntervalUs);
  const market = context.marketSymbol ?? -1;
  const session = new SessionCursor(calendar);
  const order = timeMajorOrder(frame);
  const lastClose = new Float64Array(nSym).fill(Number.NaN);
  const quoteAt = new Int32Array(nSym).fill(-1);
  const quoteEnd = new Int32Array(nSym);
  if (quotes !== undefined) {
    for (let s = 0; s < Math.min(nSym, quotes.symbols.size); s++) {
      const [a, b] = quotes.symbolRange(s);
      quoteAt[s] = a - 1;
      quoteEnd[s] = b;
    }
  }
  const tick: ReplayTick = {
    ts: Number.NaN,
    count: 0,
    symbolIds: new Int32Array(nSym),
    eventTimes: new Float64Array(nSym),
    frameRows: new Int32Array(nSym),
    vectors: sharded?.vectors ?? new Float64Array(nSym * width),
  };
  const input = emptyFeatureInput();
  const { symbol, ts, close } = frame;
  let ticks = 0;
  for (let k = 0; k < order.length; ) {
    const t = ts[order[k]!]!;
    let end = k;
    while (end < order.length && ts[order[end]!] === t) end++;
    for (let j = k; j < end; j++) lastClose[symbol[order[j]!]!] = close[order[j]!]!;
    session.at(t);
    input.ts = t;
    input.marketClose = market >= 0 ? lastClose[market]! : Number.NaN;
    input.sessionOpen = session.open;
    input.sessionClose = session.close;
    for (let j = k; j < end; j++) {
      const i = order[j]!;
      const s = symbol[i]!;
      const sec = sectorOf !== undefined && s < sectorOf.length ? sectorOf[s]! : -1;
      const secIndex =
        sec >= 0 && sectorIndexSymbol !== undefined && sec < sectorIndexSymbol.length
          ? sectorIndexSymbol[sec]!
          : -1;
      input.symbolId = s;
      input.sectorId = sec;
      input.open = frame.open[i]!;
      input.high = frame.high[i]!;
      input.low = frame.low[i]!;
      input.close = close[i]!;
      input.volume = frame.volume[i]!;
      input.vwap = frame.vwap[i]!;
      input.sectorClose = secIndex >= 0 ? lastClose[secIndex]! : Number.NaN;
      if (quotes !== undefined) {
        let q = quoteAt[s]!;
        while (q + 1 < quoteEnd[s]! && quotes.ts[q + 1]! < t + interval) q++;
        quoteAt[s] = q;
        const has = q >= 0 && q < quoteEnd[s]! && quotes.ts[q]! < t + interval;
        input.bid = has ? quotes.bid[q]! : Number.NaN;
        input.ask = has ? quotes.ask[q]! : Number.NaN;
        input.bidSize = has ? quotes.bidSize[q]! : Number.NaN;
        input.askSize = has ? quotes.askSize[q]! : Number.NaN;
      }
      const slot = j - k;
      if (sharded !== undefined) sharded.setRow(slot, input);
      else (engine as FeatureEngine).update(s, input, tick.vectors, slot * width);
      tick.symbolIds[slot] = s;
      tick.eventTimes[slot] = t;
      tick.frameRows[slot] = i;
    }
    await sharded?.tick(end - k);
    tick.ts = t;
    tick.count = end - k;
    await onTick(tick);
    ticks++;
    k = end;
  }
  return { ticks, bars: order.length, width, hash: engine.hash, names: engine.columnNames };
}

/** Frame rows in (ts, symbol) order: the order a live feed delivers a universe's bars. */
function timeMajorOrder(frame: BarFrame): Int32Array {
  const order = Int32Array.from({ length: frame.length }, (_, i) => i);
  const ts = frame.ts;
  // Frame order is (symbol, ts), so breaking ts ties by row index orders them by symbol.
  return order.sort((a, b) => ts[a]! - ts[b]! || a - b);
}
