import { describe, expect, it } from 'vitest';
import type { DividendEvent, SplitEvent } from '../corporateActions/types.js';
import { generateMarket } from './index.js';

const base = { symbols: 50, sectors: 5, days: 6, seed: 77, pairs: 2 } as const;

describe('synthetic corporate actions', () => {
  const withActions = generateMarket({ ...base, splits: 3, dividends: 3 });
  const without = generateMarket({ ...base, splits: 0, dividends: 0 });
  const T = withActions.frame.length / withActions.symbols.size;
  const rowsOf = (symbol: string) => {
    const id = withActions.symbols.lookup(symbol);
    return { r0: id * T, exK: (exTs: number) => withActions.frame.forSymbol(id).ts.indexOf(exTs) };
  };

  it('schedules splits and dividends on unpaired stocks, announced before the ex date', () => {
    const acts = withActions.corporateActions;
    expect(acts.filter((a) => a.kind === 'split')).toHaveLength(3);
    expect(acts.filter((a) => a.kind === 'dividend')).toHaveLength(3);
    const paired = new Set(withActions.pairs.flatMap((p) => [p.a, p.b]));
    const opens = new Set(withActions.sessions.slice(1).map((s) => s.open));
    for (const a of acts) {
      expect(paired.has(a.symbol)).toBe(false);
      expect(opens.has(a.exTs)).toBe(true);
      expect(a.knownAt).toBeLessThanOrEqual(a.exTs - 5 * 86_400_000_000);
    }
  });

  it('leaves every other price path unchanged (the actions draw from their own stream)', () => {
    const touched = new Set(withActions.corporateActions.map((a) => withActions.symbols.lookup(a.symbol)));
    let differ = 0;
    for (let i = 0; i < withActions.frame.length; i++) {
      const id = withActions.frame.symbol[i]!;
      if (!touched.has(id) && withActions.frame.close[i] !== without.frame.close[i]) differ++;
    }
    expect(differ).toBe(0);
  });

  it('divides raw prices by the split ratio from the ex bar on (and multiplies volume by it)', () => {
    for (const a of withActions.corporateActions.filter((x): x is SplitEvent => x.kind === 'split')) {
      const { r0, exK } = rowsOf(a.symbol);
      const k0 = exK(a.exTs);
      expect(k0).toBeGreaterThan(0);
      let worst = 0;
      for (let k = 0; k < T; k++) {
        const expected = k < k0 ? without.frame.close[r0 + k]! : without.frame.close[r0 + k]! / a.ratio;
        worst = Math.max(worst, Math.abs(withActions.frame.close[r0 + k]! / expected - 1));
      }
      expect(worst).toBeLessThan(1e-12);
      const volWith = withActions.frame.volume.subarray(r0 + k0, r0 + T).reduce((x, y) => x + y, 0);
      const volWithout = without.frame.volume.subarray(r0 + k0, r0 + T).reduce((x, y) => x + y, 0);
      expect(volWith / volWithout).toBeCloseTo(a.ratio, 2);
      // Visible in the raw series: the first ex open jumps by about the ratio against the last close.
      const jump = Math.log(withActions.frame.open[r0 + k0]! / withActions.frame.close[r0 + k0 - 1]!);
      expect(Math.abs(jump + Math.log(a.ratio))).toBeLessThan(0.1);
    }
  });

  it('drops raw prices by exactly the dividend at the ex bar, so back-adjustment restores continuity', () => {
    for (const a of withActions.corporateActions.filter((x): x is DividendEvent => x.kind === 'dividend')) {
      const { r0, exK } = rowsOf(a.symbol);
      const k0 = exK(a.exTs);
      const prevClose = withActions.frame.close[r0 + k0 - 1]!;
      expect(a.amount).toBeGreaterThan(0);
      expect(a.amount / prevClose).toBeLessThan(0.02);
      const factor = (prevClose - a.amount) / prevClose;
      let worst = 0;
      for (let k = 0; k < T; k++) {
        const raw = withActions.frame.close[r0 + k]!;
        // Back-adjust: scale pre-ex prices by (P − D) / P, as a CRSP-style adjuster does.
        const adjusted = k < k0 ? raw * factor : raw;
        worst = Math.max(worst, Math.abs(adjusted / (without.frame.close[r0 + k]! * factor) - 1));
      }
      expect(worst).toBeLessThan(1e-12);
    }
  });
});
