import { describe, expect, it } from 'vitest';
import { BAR_FIELDS, BarFrame } from '../core/barFrame.js';
import { ErrorCode } from '../core/errors.js';
import { QuoteFrame } from '../core/quoteFrame.js';
import { SymbolTable } from '../core/symbols.js';
import { MICROS_PER_MINUTE } from '../core/time.js';
import { computeFeatures, type FeatureContext, featureColumn } from './batch.js';
import { DEFAULT_FEATURE_SET } from './defaultFeatureSet.js';
import { FeatureEngine } from './engine.js';
import { randomMarket } from './featureFixtures.js';
import type { FeatureSet } from './featureSet.js';
import { emptyFeatureInput } from './indicator.js';
import { listIndicators } from './registry.js';

function codeOf(fn: () => unknown): { code?: string; row?: number } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; row?: number };
  }
  return {};
}

/**
 * The live path, written independently of batch.ts: bars arrive tick by tick
 * (all symbols of one time, then the next), the latest index levels and quotes
 * are kept as they arrive, and each bar goes through FeatureEngine.update.
 */
function streamLikeLive(
  frame: BarFrame,
  ctx: FeatureContext,
  fs: FeatureSet = DEFAULT_FEATURE_SET,
): Float64Array {
  const engine = new FeatureEngine(fs);
  const n = frame.length;
  const out = new Float64Array(n * engine.width);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => frame.ts[a]! - frame.ts[b]! || frame.symbol[a]! - frame.symbol[b]!,
  );
  const quotes = ctx.quotes!;
  const qOrder = Array.from({ length: quotes.length }, (_, i) => i).sort(
    (a, b) => quotes.ts[a]! - quotes.ts[b]!,
  );
  const lastClose = new Float64Array(frame.symbols.size).fill(Number.NaN);
  const lastQuote = new Int32Array(frame.symbols.size).fill(-1);
  const input = emptyFeatureInput();
  let q = 0;
  for (let k = 0; k < n; ) {
    const t = frame.ts[order[k]!]!;
    let end = k;
    // Index levels at t are known once the tick's bars have closed: record them before computing.
    while (end < n && frame.ts[order[end]!]! === t) {
      lastClose[frame.symbol[order[end]!]!] = frame.close[order[end]!]!;
      end++;
    }
    while (q < qOrder.length && quotes.ts[qOrder[q]!]! < t + ctx.barIntervalUs!) {
      lastQuote[quotes.symbol[qOrder[q]!]!] = qOrder[q]!;
      q++;
    }
    const session = ctx.calendar!.sessionAt(t);
    for (; k < end; k++) {
      const i = order[k]!;
      const s = frame.symbol[i]!;
      const sector = ctx.sectorOf![s]!;
      Object.assign(input, frame.bar(i), { symbol: undefined });
      input.symbolId = s;
      input.sectorId = sector;
      const lq = lastQuote[s]!;
      input.bid = lq < 0 ? Number.NaN : quotes.bid[lq]!;
      input.ask = lq < 0 ? Number.NaN : quotes.ask[lq]!;
      input.bidSize = lq < 0 ? Number.NaN : quotes.bidSize[lq]!;
      input.askSize = lq < 0 ? Number.NaN : quotes.askSize[lq]!;
      input.marketClose = lastClose[ctx.marketSymbol!]!;
      input.sectorClose = sector < 0 ? Number.NaN : lastClose[ctx.sectorIndexSymbol![sector]!]!;
      input.sessionOpen = session?.open ?? Number.NaN;
      input.sessionClose = session?.close ?? Number.NaN;
      engine.update(s, input, out, i * engine.width);
    }
  }
  return out;
}

describe('computeFeatures', () => {
  const market = randomMarket({ seed: 42, stocks: 8, sectors: 2, sessions: 2, gapRate: 0.03 });

  it('is bit-identical to the streaming engine fed tick by tick across symbols', () => {
    const batch = computeFeatures(market.frame, DEFAULT_FEATURE_SET, market.context);
    const live = streamLikeLive(market.frame, market.context);
    expect(batch.values.length).toBe(live.length);
    let mismatches = 0;
    for (let i = 0; i < live.length; i++) if (!Object.is(batch.values[i], live[i])) mismatches++;
    expect(mismatches).toBe(0);
    // The comparison covers real values, not just warm-up NaNs, in every column.
    for (let j = 0; j < batch.width; j++) {
      const col = featureColumn(batch, j);
      expect(col.some(Number.isFinite), batch.names[j]).toBe(true);
    }
  });

  it('runs every registered indicator bit-identically to the streaming engine', () => {
    const all: FeatureSet = { name: 'all', version: 1, features: listIndicators().map((s) => s.name) };
    const batch = computeFeatures(market.frame, all, market.context);
    const live = streamLikeLive(market.frame, market.context, all);
    let mismatches = 0;
    for (let i = 0; i < live.length; i++) if (!Object.is(batch.values[i], live[i])) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('uses no bar or quote after t for any feature of any symbol', () => {
    const { frame, quotes } = market;
    const cut = frame.ts[Math.floor(frame.length / 2)]!; // a time inside the first symbol's range
    const base = computeFeatures(frame, DEFAULT_FEATURE_SET, market.context);
    const f2 = BarFrame.allocate(frame.symbols, frame.length);
    const q2 = QuoteFrame.allocate(quotes.symbols, quotes.length);
    for (const k of BAR_FIELDS) f2[k].set(frame[k]);
    for (const k of ['symbol', 'ts', 'bid', 'ask', 'bidSize', 'askSize', 'knownAt'] as const)
      q2[k].set(quotes[k]);
    for (let i = 0; i < frame.length; i++) {
      if (frame.ts[i]! <= cut) continue;
      const m = 1.5 + (i % 7) * 0.1;
      f2.open[i]! *= m;
      f2.high[i]! *= m * 1.01;
      f2.low[i]! *= m;
      f2.close[i]! *= m * 1.005;
      f2.volume[i]! += 1000 * (i % 3);
    }
    for (let i = 0; i < quotes.length; i++) {
      // Quotes stamped after the cut bar's close may legitimately change.
      if (quotes.ts[i]! < cut + MICROS_PER_MINUTE) continue;
      q2.bid[i]! *= 0.9;
      q2.bidSize[i]! += 700;
    }
    const changed = computeFeatures(f2, DEFAULT_FEATURE_SET, { ...market.context, quotes: q2 });
    const leaks = new Set<string>();
    let past = 0;
    let after = 0;
    for (let i = 0; i < frame.length; i++) {
      for (let j = 0; j < base.width; j++) {
        const same = Object.is(base.values[i * base.width + j], changed.values[i * base.width + j]);
        if (frame.ts[i]! > cut) {
          if (!same) after++;
        } else {
          past++;
          if (!same) leaks.add(base.names[j]!);
        }
      }
    }
    expect([...leaks]).toEqual([]);
    expect(past).toBeGreaterThan(1000);
    expect(after).toBeGreaterThan(1000);
  });

  it('joins index levels as of the bar time and quotes in force at the bar close', () => {
    // Symbols: MKT (0), A (1). MKT lacks the bar at minute 2, so A's bar at minute 2 sees MKT's minute-1 level.
    const symbols = new SymbolTable(['MKT', 'A']);
    const m = MICROS_PER_MINUTE;
    const rows: Array<[number, number, number]> = [
      [0, 0, 100],
      [0, m, 110],
      [0, 3 * m, 121],
      [1, 0, 10],
      [1, m, 10],
      [1, 2 * m, 10],
      [1, 3 * m, 10],
    ];
    const frame = BarFrame.allocate(symbols, rows.length);
    rows.forEach(([s, t, c], i) => {
      frame.symbol[i] = s;
      frame.ts[i] = t;
      frame.open[i] = frame.high[i] = frame.low[i] = frame.close[i] = c;
    });
    // One quote for A at 1.5 min (in force at the close of the bar at 1 min, not of the bar at 0).
    const quotes = QuoteFrame.allocate(symbols, 1);
    quotes.symbol[0] = 1;
    quotes.ts[0] = 1.5 * m;
    quotes.bid[0] = 9;
    quotes.ask[0] = 11;
    quotes.bidSize[0] = quotes.askSize[0] = 100;
    const r = computeFeatures(
      frame,
      { name: 'j', version: 1, features: ['mktret:0', 'spread'] },
      {
        marketSymbol: 0,
        quotes,
        barIntervalUs: m,
      },
    );
    const mk = featureColumn(r, 0).slice(3);
    const sp = featureColumn(r, 1).slice(3);
    // A's market levels: 100, 110, 110 (as of), 121 → returns NaN, ln 1.1, 0, ln 1.1 (differences of logs).
    expect(mk[0]).toBeNaN();
    expect(mk[1]).toBe(Math.log(110) - Math.log(100));
    expect(mk[2]).toBe(0);
    expect(mk[3]).toBe(Math.log(121) - Math.log(110));
    // Spread 1e4·2/10 = 2000 bps from the bar at 1 min on.
    expect(sp[0]).toBeNaN();
    expect(Array.from(sp.slice(1))).toEqual([2000, 2000, 2000]);
  });

  it('reports the frame row of a rejected bar and refuses quotes without a bar interval', () => {
    const frame = market.frame.slice(0, 50);
    const bad = BarFrame.allocate(frame.symbols, 50);
    for (const k of BAR_FIELDS) bad[k].set(frame[k]);
    bad.close[17] = Number.NaN;
    expect(codeOf(() => computeFeatures(bad, DEFAULT_FEATURE_SET))).toMatchObject({
      code: ErrorCode.NonFinite,
      row: 18,
    });
    bad.close[17] = 5;
    bad.ts[30] = bad.ts[29]!;
    expect(codeOf(() => computeFeatures(bad, DEFAULT_FEATURE_SET))).toMatchObject({
      code: ErrorCode.OutOfOrder,
      row: 31,
    });
    expect(codeOf(() => computeFeatures(frame, DEFAULT_FEATURE_SET, { quotes: market.quotes })).code).toBe(
      ErrorCode.Config,
    );
  });
});
