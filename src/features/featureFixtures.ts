/**
 * Random bars for feature tests and benchmarks (deliberately independent of
 * the synthetic market module): a market index, sector indices and stocks on
 * NYSE one-minute bars, with quotes and occasional missing bars, from an Rng.
 */
import { BarFrame } from '../core/barFrame.js';
import { QuoteFrame } from '../core/quoteFrame.js';
import { Rng } from '../core/random.js';
import { SymbolTable } from '../core/symbols.js';
import { MICROS_PER_MINUTE } from '../core/time.js';
import { calendarByName } from '../data/calendar/index.js';
import type { FeatureContext } from './batch.js';

export interface RandomMarketOptions {
  seed: number;
  /** Stocks (the indices come on top). */
  stocks: number;
  sectors: number;
  /** Trading sessions of 390 one-minute bars, from 2024-01-02. */
  sessions: number;
  /** Probability that a stock's bar is missing, fraction. */
  gapRate?: number;
}

export interface RandomMarket {
  frame: BarFrame;
  quotes: QuoteFrame;
  context: FeatureContext;
  /** Symbol ids of the stocks. */
  stockIds: Int32Array;
}

/** Id layout: 0 = market index, 1..sectors = sector indices, then the stocks. */
export function randomMarket(o: RandomMarketOptions): RandomMarket {
  const rng = new Rng(o.seed);
  const calendar = calendarByName('nyse');
  const start = Date.UTC(2024, 0, 2) * 1000;
  const sessions = calendar
    .sessions(start, start + (o.sessions * 2 + 10) * 86_400_000_000)
    .slice(0, o.sessions);
  const times: number[] = [];
  for (const s of sessions) for (let t = s.open; t < s.close; t += MICROS_PER_MINUTE) times.push(t);
  const nT = times.length;
  const nSym = 1 + o.sectors + o.stocks;
  const symbols = new SymbolTable(['MKT']);
  for (let k = 0; k < o.sectors; k++) symbols.intern(`SEC${k}`);
  for (let k = 0; k < o.stocks; k++) symbols.intern(`S${k}`);
  const sectorOf = new Int32Array(nSym).fill(-1);
  const sectorIndexSymbol = new Int32Array(o.sectors);
  for (let k = 0; k < o.sectors; k++) {
    sectorIndexSymbol[k] = 1 + k;
    sectorOf[1 + k] = k;
  }
  for (let k = 0; k < o.stocks; k++) sectorOf[1 + o.sectors + k] = k % o.sectors;

  // Log returns per (symbol, time): index first, the stocks follow it with a one-bar lag.
  const rm = new Float64Array(nT);
  for (let t = 0; t < nT; t++) rm[t] = 0.0008 * rng.normal();
  const rs = new Float64Array(o.sectors * nT);
  for (let k = 0; k < o.sectors; k++)
    for (let t = 0; t < nT; t++) rs[k * nT + t] = 0.9 * rm[t]! + 0.0004 * rng.normal();
  const gapRate = o.gapRate ?? 0;
  const present = new Uint8Array(nSym * nT).fill(1);
  let n = nSym * nT;
  for (let s = 1 + o.sectors; s < nSym; s++) {
    for (let t = 1; t < nT; t++) {
      if (rng.next() < gapRate) {
        present[s * nT + t] = 0;
        n--;
      }
    }
  }
  const frame = BarFrame.allocate(symbols, n);
  const quotes = QuoteFrame.allocate(symbols, n);
  let i = 0;
  for (let s = 0; s < nSym; s++) {
    const isStock = s > o.sectors;
    const sec = sectorOf[s]!;
    const beta = 0.6 + 0.8 * rng.next();
    let logP = Math.log(20 + 200 * rng.next());
    for (let t = 0; t < nT; t++) {
      const r =
        s === 0
          ? rm[t]!
          : !isStock
            ? rs[sec * nT + t]!
            : beta * (t > 0 ? rm[t - 1]! : 0) +
              0.3 * (rs[sec * nT + t]! - 0.9 * rm[t]!) +
              0.001 * rng.normal();
      const open = Math.exp(logP);
      logP += r;
      if (present[s * nT + t] === 0) continue;
      const close = Math.exp(logP);
      const wiggle = 0.0004 * Math.abs(rng.normal());
      frame.symbol[i] = s;
      frame.ts[i] = times[t]!;
      frame.open[i] = open;
      frame.close[i] = close;
      frame.high[i] = Math.max(open, close) * (1 + wiggle);
      frame.low[i] = Math.min(open, close) * (1 - wiggle);
      frame.volume[i] = rng.next() < 0.02 ? 0 : 100 * (1 + rng.int(200));
      frame.vwap[i] = (open + close) / 2;
      frame.knownAt[i] = times[t]! + MICROS_PER_MINUTE;
      const half = close * (0.0001 + 0.0003 * rng.next());
      quotes.symbol[i] = s;
      quotes.ts[i] = times[t]! + 59 * 1_000_000;
      quotes.bid[i] = close - half;
      quotes.ask[i] = close + half;
      quotes.bidSize[i] = 100 * (1 + rng.int(20));
      quotes.askSize[i] = 100 * (1 + rng.int(20));
      quotes.knownAt[i] = quotes.ts[i]!;
      i++;
    }
  }
  const stockIds = new Int32Array(o.stocks);
  for (let k = 0; k < o.stocks; k++) stockIds[k] = 1 + o.sectors + k;
  return {
    frame,
    quotes,
    stockIds,
    context: {
      marketSymbol: 0,
      sectorOf,
      sectorIndexSymbol,
      quotes,
      barIntervalUs: MICROS_PER_MINUTE,
      calendar,
    },
  };
}
