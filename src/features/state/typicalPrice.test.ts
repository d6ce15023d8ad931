import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { typicalPrice } from './typicalPrice.js';

function isEven(x: number): boolean {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return (v.getBigUint64(0) & 1n) === 0n;
}

/** Exact rational oracle: the double nearest to (h+l+c)/3 (ties to even), found with BigInt arithmetic. */
function correctlyRounded(h: number, l: number, c: number): number {
  const SCALE = 1100n;
  const exact = (x: number): [bigint, bigint] => {
    // x = m · 2^e exactly (m integer).
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, x);
    const bits = buf.getBigUint64(0);
    const exp = Number((bits >> 52n) & 0x7ffn);
    let mant = bits & ((1n << 52n) - 1n);
    if (exp !== 0) mant |= 1n << 52n;
    const sign = bits >> 63n === 1n ? -1n : 1n;
    return [sign * mant, BigInt((exp === 0 ? 1 : exp) - 1075)];
  };
  // Everything on the common grid 2^-SCALE: value = num / 2^SCALE.
  const onGrid = (x: number): bigint => {
    const [m, e] = exact(x);
    return m << (e + SCALE);
  };
  const num3 = onGrid(h) + onGrid(l) + onGrid(c); // 3 · mean on the grid
  const guess = (h + l + c) / 3;
  let best = guess;
  let bestErr = -1n;
  for (const cand of [
    nextDown(guess),
    guess,
    nextUp(guess),
    nextDown(nextDown(guess)),
    nextUp(nextUp(guess)),
  ]) {
    let err = onGrid(cand) * 3n - num3;
    if (err < 0n) err = -err;
    // Halfway cases round to the even mantissa, as IEEE-754 (and R's long double → double) do.
    if (bestErr < 0n || err < bestErr || (err === bestErr && isEven(cand))) {
      bestErr = err;
      best = cand;
    }
  }
  return best;
}

function nextUp(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) + (x >= 0 ? 1n : -1n));
  return v.getFloat64(0);
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

describe('typicalPrice', () => {
  it('is the correctly rounded (h+l+c)/3 where the naive formula is not', () => {
    const rng = new Rng(9);
    let naiveWrong = 0;
    for (let i = 0; i < 3000; i++) {
      const c = Math.round(100 * (1 + 50 * rng.next())) / 100;
      const h = c + Math.round(100 * rng.next()) / 100;
      const l = c - Math.round(100 * rng.next()) / 100;
      const want = correctlyRounded(h, l, c);
      expect(typicalPrice(h, l, c)).toBe(want);
      if ((h + l + c) / 3 !== want) naiveWrong++;
    }
    expect(naiveWrong).toBeGreaterThan(100);
  });

  it('propagates NaN', () => {
    expect(typicalPrice(1, Number.NaN, 1)).toBeNaN();
  });
});
