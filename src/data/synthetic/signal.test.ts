import { describe, expect, it } from 'vitest';
import { generateMarket, oracleAuc, rocAuc, type SyntheticMarket } from './index.js';

/** Pearson correlation of two equal-length samples. */
function corr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
    sxx += x[i]! * x[i]!;
    syy += y[i]! * y[i]!;
    sxy += x[i]! * y[i]!;
  }
  return (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
}

/** OLS AR(1) coefficient of a series (with intercept). */
function ar1(s: ArrayLike<number>): number {
  const x = Array.from({ length: s.length - 1 }, (_, i) => s[i]!);
  const y = Array.from({ length: s.length - 1 }, (_, i) => s[i + 1]!);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

/** Intraday log returns close(k-1) → close(k) of symbol `id` (overnight bars excluded), paired with the index's return `lag` bars earlier. */
function leadPairs(m: SyntheticMarket, lag: number): [number[], number[]] {
  const T = m.frame.length / m.symbols.size;
  const c = m.frame.close;
  const ix = m.indexId * T;
  const stock: number[] = [];
  const index: number[] = [];
  for (let id = m.firstStockId; id < m.symbols.size; id++) {
    const r0 = id * T;
    for (let k = lag + 1; k < T; k++) {
      if (k % 390 <= lag) continue; // keep both returns inside one session
      stock.push(Math.log(c[r0 + k]! / c[r0 + k - 1]!));
      index.push(Math.log(c[ix + k - lag]! / c[ix + k - lag - 1]!));
    }
  }
  return [stock, index];
}

/** Per symbol id: the median of `value(row)` over the symbol's first session (observable by its close). */
function firstSessionMedian(m: SyntheticMarket, value: (row: number) => number): Float64Array {
  const T = m.frame.length / m.symbols.size;
  const out = new Float64Array(m.symbols.size).fill(Number.NaN);
  const day = new Float64Array(390);
  for (let id = m.firstStockId; id < m.symbols.size; id++) {
    for (let k = 0; k < 390; k++) day[k] = value(id * T + k);
    day.sort();
    out[id] = day[195]!;
  }
  return out;
}

describe('the planted predictable component', () => {
  const m = generateMarket({ symbols: 200, days: 5, seed: 2024, splits: 0, dividends: 0 });
  const T = m.frame.length / m.symbols.size;

  it('gives the oracle an AUC between 0.55 and 0.65 for the sign of the 5-bar forward return', () => {
    const auc = oracleAuc(m);
    expect(auc).toBeGreaterThan(0.55);
    expect(auc).toBeLessThan(0.65);
  });

  it('is the conditional expectation: forward returns regress on the oracle with slope ≈ 1', () => {
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < m.oracle.length; i++) {
      const x = m.oracle[i]!;
      const y = m.forwardReturn[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      sxy += x * y;
      sxx += x * x;
    }
    expect(sxy / sxx).toBeGreaterThan(0.85);
    expect(sxy / sxx).toBeLessThan(1.15);
  });

  it('is partly recoverable from data up to t: lagged index returns predict wide-spread stocks, not narrow ones', () => {
    const L = m.options.leadLagBars;
    const W = Math.min(L, m.options.horizonBars);
    const { open, close } = m.frame;
    const ix = m.indexId * T;
    const spread = firstSessionMedian(m, (i) => (m.quotes.ask[i]! - m.quotes.bid[i]!) / m.quotes.bid[i]!);
    // Sum of the index's intraday bar returns over bars (t-L, t-L+W]: the lagged moves not yet in the stock.
    // Scored from the second session on, so the spread that sorts the stocks is known by then.
    const wide = new Float64Array(m.frame.length).fill(Number.NaN);
    const narrow = new Float64Array(m.frame.length).fill(Number.NaN);
    const oracleWide = new Float64Array(m.frame.length).fill(Number.NaN);
    for (let id = m.firstStockId; id < m.symbols.size; id++) {
      if (spread[id]! > 4e-4 && spread[id]! < 6e-4) continue;
      for (let k = 390; k < T; k++) {
        let s = 0;
        for (let j = k - L + 1; j <= k - L + W; j++) s += Math.log(close[ix + j]! / open[ix + j]!);
        if (spread[id]! >= 6e-4) {
          wide[id * T + k] = s;
          oracleWide[id * T + k] = m.oracle[id * T + k]!;
        } else narrow[id * T + k] = s;
      }
    }
    const honestWide = rocAuc(wide, m.forwardReturn);
    expect(honestWide).toBeGreaterThan(0.53);
    expect(honestWide).toBeLessThan(rocAuc(oracleWide, m.forwardReturn) - 0.01);
    // Liquid stocks barely lag: the same score is much weaker there (a linear model cannot tell the two apart).
    expect(rocAuc(narrow, m.forwardReturn)).toBeLessThan(honestWide - 0.02);
  });

  it('lags more in the first minutes after the open than at midday', () => {
    const L = m.options.leadLagBars;
    const { open, close } = m.frame;
    const ix = m.indexId * T;
    const spread = firstSessionMedian(m, (i) => (m.quotes.ask[i]! - m.quotes.bid[i]!) / m.quotes.bid[i]!);
    /** OLS slope (no intercept) of wide-spread stocks' bar returns on the index's return L bars earlier. */
    const slope = (fromMinute: number, toMinute: number) => {
      let sxy = 0;
      let sxx = 0;
      for (let id = m.firstStockId; id < m.symbols.size; id++) {
        if (spread[id]! < 6e-4) continue;
        for (let k = 0; k < T; k++) {
          const lagged = (k % 390) - L;
          if (lagged < fromMinute || lagged >= toMinute) continue;
          const x = Math.log(close[ix + k - L]! / open[ix + k - L]!);
          sxy += x * Math.log(close[id * T + k]! / close[id * T + k - 1]!);
          sxx += x * x;
        }
      }
      return sxy / sxx;
    };
    const early = slope(0, 45);
    const midday = slope(120, 360);
    expect(midday).toBeGreaterThan(0.1);
    expect(early).toBeGreaterThan(1.5 * midday);
  });

  it('reverts high-volume moves of liquid stocks and continues those of illiquid ones', () => {
    const H = m.options.horizonBars;
    const { close, volume } = m.frame;
    const spread = firstSessionMedian(m, (i) => (m.quotes.ask[i]! - m.quotes.bid[i]!) / m.quotes.bid[i]!);
    const typicalVolume = firstSessionMedian(m, (i) => volume[i]!);
    /** Correlation of a volume-burst bar's return (volume ≥ 4× the stock's median) with the next H bars' return. */
    const burstCorr = (keep: (id: number) => boolean) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let id = m.firstStockId; id < m.symbols.size; id++) {
        if (!keep(id)) continue;
        for (let k = 390; k < T - H; k++) {
          const i = id * T + k;
          if (k % 390 === 0 || volume[i]! < 4 * typicalVolume[id]!) continue;
          x.push(Math.log(close[i]! / close[i - 1]!));
          y.push(m.forwardReturn[i]!);
        }
      }
      return { rho: corr(x, y), n: x.length };
    };
    const liquid = burstCorr((id) => spread[id]! < 4e-4);
    const illiquid = burstCorr((id) => spread[id]! > 6e-4);
    expect(liquid.rho * Math.sqrt(liquid.n)).toBeLessThan(-20);
    expect(illiquid.rho * Math.sqrt(illiquid.n)).toBeGreaterThan(20);
  });

  it('lets the index lead its constituents by leadLagBars', () => {
    const L = m.options.leadLagBars;
    const [s, i] = leadPairs(m, L);
    const rho = corr(s, i);
    expect(rho * Math.sqrt(s.length)).toBeGreaterThan(10); // t-statistic of a correlation
    expect(rho).toBeGreaterThan(3 * Math.abs(corr(...leadPairs(m, L + 1))));
    expect(rho).toBeGreaterThan(3 * Math.abs(corr(...leadPairs(m, L - 1))));
  });

  it('has no lead when leadFraction is 0', () => {
    const flat = generateMarket({ symbols: 100, days: 3, seed: 2024, leadFraction: 0 });
    const [s, i] = leadPairs(flat, flat.options.leadLagBars);
    // All stocks share one index path, so the sampling error is that of ~1,150 time points (≈ 0.01).
    expect(Math.abs(corr(s, i))).toBeLessThan(0.04);
  });

  it('does not look ahead: a longer period leaves every earlier bar and oracle value unchanged', () => {
    const short = generateMarket({ symbols: 30, sectors: 3, days: 2, seed: 9, splits: 0, dividends: 0 });
    const long = generateMarket({ symbols: 30, sectors: 3, days: 4, seed: 9, splits: 0, dividends: 0 });
    const Ts = short.frame.length / short.symbols.size;
    const Tl = long.frame.length / long.symbols.size;
    let differ = 0;
    for (let id = 0; id < short.symbols.size; id++) {
      for (let k = 0; k < Ts; k++) {
        const a = id * Ts + k;
        const b = id * Tl + k;
        if (
          !Object.is(short.frame.close[a], long.frame.close[b]) ||
          !Object.is(short.oracle[a], long.oracle[b])
        )
          differ++;
        if (
          !Object.is(short.quotes.bid[a], long.quotes.bid[b]) ||
          short.frame.volume[a] !== long.frame.volume[b]
        )
          differ++;
      }
    }
    expect(differ).toBe(0);
  });
});

describe('market structure', () => {
  const m = generateMarket({ symbols: 60, sectors: 6, days: 10, seed: 5, pairs: 3, splits: 0, dividends: 0 });
  const T = m.frame.length / m.symbols.size;
  const logClose = (id: number) => Float64Array.from(m.frame.close.subarray(id * T, (id + 1) * T), Math.log);

  it('plants cointegrated pairs whose log spread mean-reverts, unlike a random pair', () => {
    expect(m.pairs).toHaveLength(3);
    const paired = new Set(m.pairs.flatMap((p) => [p.aId, p.bId]));
    const free = Array.from({ length: m.symbols.size - m.firstStockId }, (_, k) => m.firstStockId + k).filter(
      (id) => !paired.has(id),
    );
    for (const p of m.pairs) {
      expect(m.sectors[p.aId]).toBe(m.sectors[p.bId]);
      const a = logClose(p.aId);
      const b = logClose(p.bId);
      const spread = a.map((x, i) => x - p.hedgeRatio * b[i]!);
      const planted = ar1(spread);
      expect(planted).toBeLessThan(0.99);
      expect(planted).toBeLessThan(0.5 ** (1 / p.halfLifeBars) + 0.01);
      const c = logClose(free[p.aId % free.length]!);
      const randomSpread = c.map((x, i) => x - p.hedgeRatio * b[i]!);
      expect(ar1(randomSpread)).toBeGreaterThan(0.995);
    }
  });

  it('has fat-tailed one-minute returns and visits both volatility regimes', () => {
    let s2 = 0;
    let s4 = 0;
    let n = 0;
    for (let id = m.firstStockId; id < m.symbols.size; id++) {
      const x = logClose(id);
      for (let k = 1; k < T; k++) {
        if (k % 390 === 0) continue;
        const r = x[k]! - x[k - 1]!;
        s2 += r * r;
        s4 += r ** 4;
        n++;
      }
    }
    const kurtosis = s4 / n / (s2 / n) ** 2;
    expect(kurtosis).toBeGreaterThan(4); // normal: 3
    const volatile = m.regime.state.reduce((a, b) => a + b, 0);
    expect(volatile).toBeGreaterThan(0);
    expect(volatile).toBeLessThan(T);
  });
});
