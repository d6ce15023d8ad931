import { describe, expect, it } from 'vitest';
import { BarFrame } from '../../core/barFrame.js';
import { DataError } from '../../core/errors.js';
import { SymbolTable } from '../../core/symbols.js';
import { MICROS_PER_DAY, parseIsoMicros } from '../../core/time.js';
import { adjustBars, adjustmentFactors } from './backAdjust.js';
import type { CorporateAction } from './types.js';

const t = (s: string): number => parseIsoMicros(s);
const DATES = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'];
const CLOSE = [100, 102, 101, 104, 52, 53];
const VOLUME = [1000, 1100, 1200, 1300, 2400, 2500];

/** ACME daily bars at 00:00 UTC (open = close − 1, high = close + 1, low = close − 2, vwap = close − 0.5), plus a
 * second symbol that no event touches. knownAt = ts + 1 day. */
function bars(): BarFrame {
  const f = BarFrame.allocate(new SymbolTable(['ACME', 'OTHER']), 7);
  DATES.forEach((d, i) => {
    const c = CLOSE[i]!;
    f.symbol[i] = 0;
    f.ts[i] = t(`${d}T00:00:00Z`);
    f.open[i] = c - 1;
    f.high[i] = c + 1;
    f.low[i] = c - 2;
    f.close[i] = c;
    f.vwap[i] = c - 0.5;
    f.volume[i] = VOLUME[i]!;
    f.trades[i] = 10 + i;
    f.knownAt[i] = f.ts[i]! + MICROS_PER_DAY;
  });
  f.symbol[6] = 1;
  f.ts[6] = t('2024-01-02T00:00:00Z');
  f.close[6] = 7;
  f.volume[6] = 70;
  return f;
}

const T_DIV = t('2023-12-16T00:00:00Z');
const T_SPLIT = t('2024-01-05T12:00:00Z');
const EVENTS: CorporateAction[] = [
  { kind: 'split', symbol: 'ACME', exTs: t('2024-01-08T00:00:00Z'), ratio: 2, knownAt: T_SPLIT },
  { kind: 'dividend', symbol: 'ACME', exTs: t('2024-01-04T00:00:00Z'), amount: 1.02, knownAt: T_DIV },
  { kind: 'split', symbol: 'NOT_LOADED', exTs: t('2024-01-03T00:00:00Z'), ratio: 3, knownAt: 0 },
];

/*
 * Hand derivation.
 * Dividend 1.02 ex 2024-01-04: previous close P = 102 (01-03) → factor 1 − 1.02/102 = 0.99 on 01-02, 01-03.
 * Split 2:1 ex 2024-01-08: prices / 2, volume × 2 on 01-02 … 01-05.
 * Price factors: 01-02, 01-03: 0.99 · 0.5 = 0.495; 01-04, 01-05: 0.5; 01-08, 01-09: 1.
 * Adjusted closes: 100·0.495 = 49.5, 102·0.495 = 50.49, 101·0.5 = 50.5, 104·0.5 = 52, 52, 53.
 * Adjusted volume: 2000, 2200, 2400, 2600, 2400, 2500.
 * Adjusted vwap on 01-02: 99.5 · 0.495 = 49.2525; open on 01-05: 103 · 0.5 = 51.5.
 */
describe('adjustBars', () => {
  it('back-adjusts splits and dividends with the CRSP/Yahoo factors', () => {
    const adj = adjustBars(bars(), EVENTS, T_SPLIT);
    const expectClose = [49.5, 50.49, 50.5, 52, 52, 53];
    for (const [i, c] of expectClose.entries()) expect(adj.close[i]).toBeCloseTo(c, 12);
    expect(Array.from(adj.volume.subarray(0, 6))).toEqual([2000, 2200, 2400, 2600, 2400, 2500]);
    expect(adj.vwap[0]).toBeCloseTo(49.2525, 12);
    expect(adj.open[3]).toBeCloseTo(51.5, 12);
    expect(adj.high[1]).toBeCloseTo(103 * 0.495, 12);
    expect(adj.low[2]).toBeCloseTo(99 * 0.5, 12);
    // The untouched symbol and the integer columns pass through.
    expect(adj.close[6]).toBe(7);
    expect(adj.volume[6]).toBe(70);
    expect(Array.from(adj.trades)).toEqual(Array.from(bars().trades));
  });

  it('uses only events known at asOf: an announcement at T is invisible before T', () => {
    const raw = bars();
    const beforeAll = adjustBars(raw, EVENTS, T_DIV - 1);
    expect(Array.from(beforeAll.close)).toEqual(Array.from(raw.close));
    const divOnly = adjustBars(raw, EVENTS, T_SPLIT - 1);
    expect(divOnly.close[0]).toBeCloseTo(99, 12);
    expect(divOnly.close[1]).toBeCloseTo(100.98, 12);
    expect(Array.from(divOnly.close.subarray(2, 6))).toEqual([101, 104, 52, 53]);
    expect(Array.from(divOnly.volume.subarray(0, 6))).toEqual(VOLUME);
    expect(adjustBars(raw, EVENTS, T_SPLIT).close[0]).toBeCloseTo(49.5, 12);
  });

  it('dates adjusted bars no earlier than the events applied to them, and leaves the input untouched', () => {
    const raw = bars();
    const rawClose = Array.from(raw.close);
    const rawKnown = Array.from(raw.knownAt);
    const adj = adjustBars(raw, EVENTS, T_SPLIT);
    // 01-02 … 01-04 were known before the split announcement; 01-05's own knownAt (01-06) is later.
    expect(Array.from(adj.knownAt.subarray(0, 6))).toEqual([
      T_SPLIT,
      T_SPLIT,
      T_SPLIT,
      rawKnown[3],
      rawKnown[4],
      rawKnown[5],
    ]);
    expect(Array.from(raw.close)).toEqual(rawClose);
    expect(Array.from(raw.knownAt)).toEqual(rawKnown);
  });

  it('exposes the factors and rejects a dividend not below the previous close', () => {
    const f = adjustmentFactors(bars(), EVENTS, T_SPLIT);
    expect(f.price[0]).toBeCloseTo(0.495, 15);
    expect(Array.from(f.price.subarray(2, 7))).toEqual([0.5, 0.5, 1, 1, 1]);
    expect(Array.from(f.volume.subarray(0, 6))).toEqual([2, 2, 2, 2, 1, 1]);
    const huge: CorporateAction = {
      kind: 'dividend',
      symbol: 'ACME',
      exTs: t('2024-01-04T00:00:00Z'),
      amount: 102,
      knownAt: 0,
    };
    expect(() => adjustBars(bars(), [huge], T_SPLIT)).toThrow(DataError);
  });
});
