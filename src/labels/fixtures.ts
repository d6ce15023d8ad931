/**
 * Test fixtures for labels and splitters: bar frames built from hand-chosen
 * log-price paths or from a seeded random walk. Not used by production code.
 */
import { BarFrame } from '../core/barFrame.js';
import type { Rng } from '../core/random.js';
import { SymbolTable } from '../core/symbols.js';
import { MICROS_PER_MINUTE } from '../core/time.js';

/** First bar time of every fixture, epoch µs (2024-01-02T14:30Z). */
export const FIXTURE_T0 = 1_704_205_800_000_000;

/** One symbol per path ('S0', 'S1', …); close_i = 100·e^{x_i}; open = previous close; high/low bracket both. */
export function frameFromLogCloses(paths: readonly (readonly number[])[]): BarFrame {
  const rows = paths.map((x) =>
    x.map((xi, i): [number, number, number, number] => {
      const c = 100 * Math.exp(xi);
      const o = 100 * Math.exp(i === 0 ? xi : x[i - 1]!);
      return [o, Math.max(o, c), Math.min(o, c), c];
    }),
  );
  return frameFromOhlc(rows);
}

/** One symbol per list of [open, high, low, close] bars, one minute apart. */
export function frameFromOhlc(
  symbolsBars: readonly (readonly (readonly [number, number, number, number])[])[],
): BarFrame {
  const symbols = new SymbolTable(symbolsBars.map((_, k) => `S${k}`));
  let n = 0;
  for (const b of symbolsBars) n += b.length;
  const f = BarFrame.allocate(symbols, n);
  let r = 0;
  symbolsBars.forEach((bars, k) => {
    bars.forEach(([o, h, l, c], i) => {
      f.symbol[r] = k;
      f.ts[r] = FIXTURE_T0 + i * MICROS_PER_MINUTE;
      f.open[r] = o;
      f.high[r] = h;
      f.low[r] = l;
      f.close[r] = c;
      f.volume[r] = 1000;
      f.vwap[r] = Number.NaN;
      f.knownAt[r] = f.ts[r]! + MICROS_PER_MINUTE;
      r++;
    });
  });
  return f;
}

/** `nSymbols` random walks of `nBars` one-minute bars: 1-bar log-return σ ≈ `sigma`, wicks beyond open/close. */
export function randomWalkFrame(rng: Rng, nSymbols: number, nBars: number, sigma = 0.01): BarFrame {
  const all: [number, number, number, number][][] = [];
  for (let k = 0; k < nSymbols; k++) {
    const bars: [number, number, number, number][] = [];
    let prev = 100;
    for (let i = 0; i < nBars; i++) {
      const c = prev * Math.exp(sigma * rng.normal());
      const h = Math.max(prev, c) * Math.exp(0.5 * sigma * Math.abs(rng.normal()));
      const l = Math.min(prev, c) * Math.exp(-0.5 * sigma * Math.abs(rng.normal()));
      bars.push([prev, h, l, c]);
      prev = c;
    }
    all.push(bars);
  }
  return frameFromOhlc(all);
}
