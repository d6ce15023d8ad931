import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { parseDecimal, specialNumber } from './numberBytes.js';

const parse = (s: string): number => {
  const b = Buffer.from(s, 'latin1');
  return parseDecimal(b, 0, b.length);
};
const special = (s: string): number | undefined => {
  const b = Buffer.from(s, 'latin1');
  return specialNumber(b, 0, b.length);
};

describe('parseDecimal', () => {
  it('reads plain decimals, signs, exponents and surrounding spaces', () => {
    expect(parse('63.4375')).toBe(63.4375);
    expect(parse('-0.5')).toBe(-0.5);
    expect(parse('+12')).toBe(12);
    expect(parse('1.5e3')).toBe(1500);
    expect(parse('25E-2')).toBe(0.25);
    expect(parse('.5')).toBe(0.5);
    expect(parse('7.')).toBe(7);
    expect(parse('  42 ')).toBe(42);
    expect(Object.is(parse('-0'), -0)).toBe(true);
  });

  it('is correctly rounded: equals Number() on shortest round-trip strings of random doubles', () => {
    const rng = new Rng(20240611);
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** (rng.int(40) - 20);
      const x = (rng.next() - 0.5) * magnitude;
      const text = String(x);
      expect(parse(text)).toBe(x);
    }
    // Long mantissas and large exponents take the fallback path.
    for (const text of [
      '0.30000000000000004',
      '12345678901234567890',
      '1e300',
      '4.9e-324',
      '9007199254740993',
    ]) {
      expect(parse(text)).toBe(Number(text));
    }
  });

  it('returns NaN for anything that is not a plain decimal', () => {
    for (const text of ['', ' ', 'abc', '1.2.3', '12abc', '1e', '-', '.', '1,5', 'NaN', 'Inf']) {
      expect(parse(text)).toBeNaN();
    }
  });
});

describe('specialNumber', () => {
  it('maps missing-value and infinity literals, and nothing else', () => {
    for (const text of ['', 'NaN', 'nan', 'NA', 'n/a', 'null']) expect(special(text)).toBeNaN();
    expect(special('Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(special('+infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(special('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(special('abc')).toBeUndefined();
    expect(special('12x')).toBeUndefined();
  });
});
