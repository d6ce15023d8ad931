import { describe, expect, it } from 'vitest';
import { emptyFeatureInput } from '../indicator.js';
import { betaSpec, IndexReturn, mktretSpec, RollingBeta, secretSpec } from './crossAsset.js';
import { expectNoLookAhead, expectSnapshotContinues, randomInputs, runIndicator } from './indicatorChecks.js';

/** Bars whose market level is e^mLog[i], sector level e^sLog[i], own close e^cLog[i]. */
function bars(mLog: readonly number[], cLog: readonly number[] = mLog, sLog: readonly number[] = mLog) {
  return mLog.map((m, i) => ({
    ...emptyFeatureInput(),
    ts: i,
    close: Math.exp(cLog[i]!),
    marketClose: Math.exp(m),
    sectorClose: Math.exp(sLog[i]!),
  }));
}

const values = (rows: number[][]) => rows.map((r) => r[0]!);

describe('IndexReturn (mktret, secret)', () => {
  it('returns the one-bar log return k bars back', () => {
    // log levels 0, 1, 3, 6, 10 → one-bar returns (from bar 1) 1, 2, 3, 4.
    const input = bars([0, 1, 3, 6, 10]);
    const lag0 = values(runIndicator(new IndexReturn(0, 'market'), input));
    const lag2 = values(runIndicator(new IndexReturn(2, 'market'), input));
    expect(lag0[0]).toBeNaN();
    for (const r of [1, 2, 3, 4]) expect(lag0[r]).toBeCloseTo(r, 12);
    expect(lag2.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(lag2[3]).toBeCloseTo(1, 12);
    expect(lag2[4]).toBeCloseTo(2, 12);
  });

  it('secret follows the sector level, mktret the market level', () => {
    const input = bars([0, 1, 2], [0, 0, 0], [0, -1, -3]);
    expect(values(runIndicator(secretSpec.create([0]), input))[2]).toBeCloseTo(-2, 12);
    expect(values(runIndicator(mktretSpec.create([0]), input))[2]).toBeCloseTo(1, 12);
  });

  it('makes the returns on both sides of a missing level NaN, then recovers', () => {
    const input = bars([0, 1, 2, 4, 7]);
    input[2]!.marketClose = Number.NaN;
    const v = values(runIndicator(new IndexReturn(0, 'market'), input));
    expect(v[1]).toBeCloseTo(1, 12);
    expect(v[2]).toBeNaN();
    expect(v[3]).toBeNaN();
    expect(v[4]).toBeCloseTo(3, 12);
  });

  it('is ready after lag + 2 bars', () => {
    const ind = new IndexReturn(3, 'market');
    runIndicator(ind, bars([0, 1, 2, 3, 4]));
    expect(ind.ready).toBe(true);
    const short = new IndexReturn(3, 'market');
    runIndicator(short, bars([0, 1, 2, 3]));
    expect(short.ready).toBe(false);
  });

  it('uses no future bars and continues after snapshot/restore', () => {
    expectNoLookAhead(() => mktretSpec.create([2]), randomInputs(1, 60), 30);
    expectNoLookAhead(() => secretSpec.create([0]), randomInputs(1, 60), 30);
    expectSnapshotContinues(() => mktretSpec.create([3]), randomInputs(2, 60), 21);
    expectSnapshotContinues(() => secretSpec.create([1]), randomInputs(2, 60), 22);
  });
});

describe('RollingBeta', () => {
  it('is cov(r, m)/var(m) over the last n one-bar returns', () => {
    // n = 3. Market log levels 0, 1, 0, 0, 2 → m = 1, −1, 0, 2; symbol 0, 3, 2, 0, 1 → r = 3, −1, −2, 1.
    // Bar 3: Σm = 0, Σm² = 2, Σmr = 3 + 1 + 0 = 4 → beta = 4/2 = 2.
    // Bar 4: m = −1, 0, 2; r = −1, −2, 1: Σm = 1, Σr = −2, Σm² = 5, Σmr = 3 →
    //   (3 − 1·(−2)/3)/(5 − 1/3) = (11/3)/(14/3) = 11/14.
    const b = new RollingBeta(3);
    const v = values(runIndicator(b, bars([0, 1, 0, 0, 2], [0, 3, 2, 0, 1])));
    expect(v.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(v[3]).toBeCloseTo(2, 12);
    expect(v[4]).toBeCloseTo(11 / 14, 12);
    expect(b.ready).toBe(true);
  });

  it('is NaN while a missing market level is in the window, and for a flat market', () => {
    const input = bars([0, 1, 0, 2, 1, 3, 2, 4], [0, 2, 0, 4, 2, 6, 4, 8]);
    input[3]!.marketClose = Number.NaN;
    const v = values(runIndicator(new RollingBeta(3), input));
    // Returns at bars 3 and 4 touch the missing level; the window is clean again from bar 7.
    expect(v.slice(0, 7).every(Number.isNaN)).toBe(true);
    expect(v[7]).toBeCloseTo(2, 12);
    const flat = values(runIndicator(new RollingBeta(3), bars([1, 1, 1, 1, 1], [0, 1, 0, 1, 0])));
    expect(flat.every(Number.isNaN)).toBe(true);
  });

  it('stays exact over many updates (takeovers bound rounding drift)', () => {
    // Symbol return = 1.5·market return exactly (same draws), so beta must stay 1.5 to rounding.
    const input = randomInputs(9, 5000).map((b) => ({ ...b, close: b.marketClose ** 1.5 }));
    const v = values(runIndicator(new RollingBeta(50), input));
    for (let i = 51; i < v.length; i += 97) expect(v[i]).toBeCloseTo(1.5, 9);
  });

  it('carries no rounding past a takeover: every n-th bar is the two-pass formula over its window, bit for bit', () => {
    // At bar k·n − 1 (0-based; the n-th, 2n-th… bar) the running sums are replaced by sums that only added the window's n pairs,
    // oldest first; so beta there is exactly (Σmr − Σm·Σr/n)/(Σm² − (Σm)²/n) summed that way.
    const input = randomInputs(4, 700);
    const n = 60;
    const v = values(runIndicator(new RollingBeta(n), input));
    const m = input.map((b, i) =>
      i === 0 ? Number.NaN : Math.log(b.marketClose) - Math.log(input[i - 1]!.marketClose),
    );
    const r = input.map((b, i) => (i === 0 ? Number.NaN : Math.log(b.close) - Math.log(input[i - 1]!.close)));
    const exact = (t: number) => {
      let sm = 0;
      let sr = 0;
      let smm = 0;
      let smr = 0;
      for (let i = t - n + 1; i <= t; i++) {
        sm += m[i]!;
        sr += r[i]!;
        smm += m[i]! * m[i]!;
        smr += m[i]! * r[i]!;
      }
      return (smr - (sm * sr) / n) / (smm - (sm * sm) / n);
    };
    for (let t = 2 * n - 1; t < input.length; t += n) expect(Object.is(v[t], exact(t))).toBe(true);
    let differs = 0;
    for (let t = 2 * n + 7; t < input.length; t += n) if (!Object.is(v[t], exact(t))) differs++;
    expect(differs).toBeGreaterThan(0);
  });

  it('uses no future bars and continues after snapshot/restore', () => {
    expectNoLookAhead(() => betaSpec.create([20]), randomInputs(1, 100), 50);
    expectSnapshotContinues(() => betaSpec.create([20]), randomInputs(2, 100), 10);
    expectSnapshotContinues(() => betaSpec.create([20]), randomInputs(2, 100), 67);
  });
});
