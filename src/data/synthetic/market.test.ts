import { describe, expect, it } from 'vitest';
import { BAR_FLOAT_FIELDS } from '../../core/barFrame.js';
import { ConfigError } from '../../core/errors.js';
import { QUOTE_FLOAT_FIELDS } from '../../core/quoteFrame.js';
import { MICROS_PER_MINUTE, parseIsoMicros } from '../../core/time.js';
import { generateMarket, type SyntheticMarket, streamMarket } from './index.js';

const small = { symbols: 40, sectors: 4, days: 3, seed: 7 } as const;

function bytesOf(m: SyntheticMarket): Buffer {
  const parts: Uint8Array[] = [];
  const add = (a: ArrayBufferView) => parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  add(m.frame.symbol);
  add(m.frame.trades);
  for (const f of BAR_FLOAT_FIELDS) add(m.frame[f]);
  add(m.quotes.symbol);
  for (const f of QUOTE_FLOAT_FIELDS) add(m.quotes[f]);
  add(m.oracle);
  add(m.forwardReturn);
  add(m.regime.state);
  return Buffer.concat([...parts, Buffer.from(JSON.stringify([m.corporateActions, m.pairs]))]);
}

describe('generateMarket: shape and determinism', () => {
  const m = generateMarket(small);
  const perSymbol = 3 * 390;

  it('lays out every symbol on every bar, sorted by (symbol, ts)', () => {
    expect(m.symbols.size).toBe(1 + 4 + 40);
    expect(m.symbols.name(m.indexId)).toBe('INDEX');
    expect(m.frame.length).toBe(m.symbols.size * perSymbol);
    let unordered = 0;
    for (let i = 1; i < m.frame.length; i++) {
      const ds = m.frame.symbol[i]! - m.frame.symbol[i - 1]!;
      if (!(ds === 1 || (ds === 0 && m.frame.ts[i]! > m.frame.ts[i - 1]!))) unordered++;
    }
    expect(unordered).toBe(0);
    const s = m.frame.forSymbol(m.firstStockId + 3);
    expect(s.length).toBe(perSymbol);
    expect(s.ts[0]).toBe(m.sessions[0]!.open);
    expect(s.ts[389]).toBe(m.sessions[0]!.close - MICROS_PER_MINUTE);
    expect(s.ts[390]).toBe(m.sessions[1]!.open);
    expect(s.knownAt.every((k, i) => k === s.ts[i]! + MICROS_PER_MINUTE)).toBe(true);
  });

  it('starts on the first NYSE session on or after startDate', () => {
    expect(m.sessions.map((x) => x.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    const later = generateMarket({ ...small, days: 1, startDate: '2024-01-13' }); // a Saturday
    expect(later.sessions[0]!.date).toBe('2024-01-16'); // Monday the 15th is MLK day
  });

  it('is byte-identical for the same seed and different for another', () => {
    expect(bytesOf(generateMarket(small)).equals(bytesOf(m))).toBe(true);
    expect(bytesOf(generateMarket({ ...small, seed: 8 })).equals(bytesOf(m))).toBe(false);
  });

  it('gives every stock and sector index a sector, the index none', () => {
    expect(m.sectors[m.indexId]).toBe(-1);
    expect(m.sectorNames).toHaveLength(4);
    for (let s = 0; s < 4; s++) expect(m.sectors[m.sectorIndexIds[s]!]).toBe(s);
    const counts = [0, 0, 0, 0];
    for (let id = m.firstStockId; id < m.symbols.size; id++) counts[m.sectors[id]!]!++;
    expect(counts).toEqual([10, 10, 10, 10]);
  });
});

describe('generateMarket: bars and quotes', () => {
  const m = generateMarket({ ...small, symbols: 60, days: 4, seed: 3 });
  const f = m.frame;

  it('keeps OHLC consistent: low ≤ min(open, close), high ≥ max(open, close), low ≤ vwap ≤ high', () => {
    let bad = 0;
    for (let i = 0; i < f.length; i++) {
      const o = f.open[i]!;
      const c = f.close[i]!;
      if (!(f.high[i]! >= Math.max(o, c) && f.low[i]! <= Math.min(o, c) && f.low[i]! > 0)) bad++;
      if (f.volume[i]! > 0 && !(f.vwap[i]! >= f.low[i]! && f.vwap[i]! <= f.high[i]!)) bad++;
      if (f.volume[i]! > 0 && !(f.trades[i]! >= 1 && Number.isInteger(f.volume[i]!))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('quotes each stock bar at its close: bid < ask, spread of a few bps, the close at the touch', () => {
    const q = m.quotes;
    expect(q.length).toBe(f.length);
    const spreads: number[] = [];
    let bad = 0;
    for (let i = m.firstStockId * (f.length / m.symbols.size); i < f.length; i++) {
      if (q.symbol[i] !== f.symbol[i] || q.ts[i] !== f.ts[i]! + MICROS_PER_MINUTE || q.knownAt[i] !== q.ts[i])
        bad++;
      if (!(q.bid[i]! < q.ask[i]!) || !(q.bid[i] === f.close[i] || q.ask[i] === f.close[i])) bad++;
      if (!(q.bidSize[i]! >= 100 && q.askSize[i]! >= 100)) bad++;
      spreads.push((q.ask[i]! - q.bid[i]!) / q.bid[i]!);
    }
    expect(bad).toBe(0);
    spreads.sort((a, b) => a - b);
    const median = spreads[spreads.length >> 1]!;
    expect(median).toBeGreaterThan(1e-4);
    expect(median).toBeLessThan(15e-4);
  });

  it('has no quotes for the indices (NaN prices, zero sizes) and no volume', () => {
    const idx = m.quotes.forSymbol(m.indexId);
    expect(idx.bid.every(Number.isNaN)).toBe(true);
    expect(idx.askSize.every((x) => x === 0)).toBe(true);
    expect(f.forSymbol(m.indexId).volume.every((x) => x === 0)).toBe(true);
  });

  it('trades a U-shaped volume: the first and last 30 minutes above midday', () => {
    const T = f.length / m.symbols.size;
    const byMinute = new Float64Array(390);
    for (let i = m.firstStockId * T; i < f.length; i++) {
      const minute = (i % T) % 390;
      byMinute[minute] = byMinute[minute]! + f.volume[i]!;
    }
    const mean = (a: number, b: number) => byMinute.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    const midday = mean(165, 225);
    expect(mean(0, 30)).toBeGreaterThan(1.5 * midday);
    expect(mean(360, 390)).toBeGreaterThan(1.2 * midday);
  });

  it('widens spreads at the open and in the volatile regime', () => {
    const q = m.quotes;
    const T = f.length / m.symbols.size;
    let open = 0;
    let mid = 0;
    let calm = 0;
    let nCalm = 0;
    let volatile = 0;
    let nVol = 0;
    for (let id = m.firstStockId; id < m.symbols.size; id++) {
      for (let k = 0; k < T; k++) {
        const i = id * T + k;
        const s = (q.ask[i]! - q.bid[i]!) / q.bid[i]!;
        const minute = k % 390;
        if (minute < 5) open += s;
        if (minute >= 190 && minute < 195) mid += s;
        if (minute >= 60) {
          if (m.regime.state[k] === 1) {
            volatile += s;
            nVol++;
          } else {
            calm += s;
            nCalm++;
          }
        }
      }
    }
    expect(open).toBeGreaterThan(1.8 * mid);
    if (nVol > 0 && nCalm > 0) expect(volatile / nVol).toBeGreaterThan(1.4 * (calm / nCalm));
    expect(nVol).toBeGreaterThan(0); // this seed visits the volatile regime
  });
});

describe('generateMarket: early closes', () => {
  it('generates 210 bars on the day after Thanksgiving', () => {
    const m = generateMarket({
      symbols: 10,
      sectors: 2,
      days: 3,
      startDate: '2024-11-27',
      seed: 1,
      pairs: 1,
    });
    expect(m.sessions.map((s) => s.date)).toEqual(['2024-11-27', '2024-11-29', '2024-12-02']);
    const s = m.frame.forSymbol(m.firstStockId);
    expect(s.length).toBe(390 + 210 + 390);
    expect(s.ts[390 + 209]).toBe(parseIsoMicros('2024-11-29T17:59:00Z'));
    expect(s.ts[600]).toBe(parseIsoMicros('2024-12-02T14:30:00Z'));
    expect(m.regime.timeline.length).toBe(990);
  });
});

describe('streamMarket', () => {
  it('yields the same numbers day by day as the whole-period market', () => {
    const opts = { ...small, days: 3, pairs: 2, splits: 1, dividends: 1 };
    const whole = generateMarket(opts);
    const stream = streamMarket(opts);
    expect(stream.symbols.list()).toEqual(whole.symbols.list());
    const T = whole.frame.length / whole.symbols.size;
    let offset = 0;
    let differ = 0;
    const actions: unknown[] = [];
    for (const day of stream.days()) {
      const n = day.frame.length / whole.symbols.size;
      expect(day.session).toEqual(whole.sessions[day.dayIndex]);
      expect(Array.from(day.regime)).toEqual(Array.from(whole.regime.state.subarray(offset, offset + n)));
      for (let id = 0; id < whole.symbols.size; id++) {
        for (let k = 0; k < n; k++) {
          const a = id * n + k;
          const b = id * T + offset + k;
          for (const fld of BAR_FLOAT_FIELDS)
            if (!Object.is(day.frame[fld][a], whole.frame[fld][b])) differ++;
          for (const fld of QUOTE_FLOAT_FIELDS)
            if (!Object.is(day.quotes[fld][a], whole.quotes[fld][b])) differ++;
          if (day.frame.symbol[a] !== whole.frame.symbol[b] || day.frame.trades[a] !== whole.frame.trades[b])
            differ++;
          if (!Object.is(day.oracle[a], whole.oracle[b])) differ++;
        }
      }
      actions.push(...day.corporateActions);
      offset += n;
    }
    expect(differ).toBe(0);
    expect(offset).toBe(T);
    expect(actions).toEqual(whole.corporateActions);
  });
});

describe('options', () => {
  it('fill defaults: 500 stocks, 10 sectors, 10 days', () => {
    const s = streamMarket();
    expect(s.options).toMatchObject({ symbols: 500, sectors: 10, days: 10, horizonBars: 5 });
    expect(s.symbols.size).toBe(511);
    expect(s.sessions).toHaveLength(10);
  });

  it('reject bad values with a ConfigError naming the field', () => {
    expect(() => generateMarket({ symbols: 0 })).toThrow(ConfigError);
    expect(() => generateMarket({ symbols: 5001 })).toThrow(/symbols/);
    expect(() => generateMarket({ startDate: '2024/01/02' })).toThrow(/startDate/);
    expect(() => generateMarket({ startDate: '2041-01-02' })).toThrow(/calendar/);
    expect(() => generateMarket({ symbols: 4, sectors: 5 })).toThrow(/sectors/);
    expect(() => generateMarket({ symbols: 10, pairs: 5, splits: 1 })).toThrow(/pairs/);
    expect(() => generateMarket({ colour: 'red' } as never)).toThrow(ConfigError);
  });
});
