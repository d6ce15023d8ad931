import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { categoricalParam, contains, floatParam, intParam, normalizeSpace, sampleUniform } from './space.js';

describe('search space', () => {
  it('rejects specs Optuna rejects', () => {
    expect(() => floatParam(2, 1)).toThrow(ConfigError);
    expect(() => floatParam(0, 1, { log: true })).toThrow(ConfigError);
    expect(() => floatParam(1, 2, { log: true, step: 0.1 })).toThrow(ConfigError);
    expect(() => intParam(1, 10, { log: true, step: 2 })).toThrow(ConfigError);
    expect(() => intParam(1.5, 10)).toThrow(ConfigError);
    expect(() => categoricalParam([])).toThrow(ConfigError);
    expect(() => categoricalParam(['a', 'a'])).toThrow(ConfigError);
    expect(() => normalizeSpace({})).toThrow(ConfigError);
  });

  it('aligns high to the grid', () => {
    expect(intParam(0, 10, { step: 3 }).high).toBe(9);
    expect(floatParam(0, 1, { step: 0.3 }).high).toBeCloseTo(0.9, 12);
    expect(floatParam(0, 0.9, { step: 0.3 }).high).toBeCloseTo(0.9, 12);
  });

  it('normalizes key order so equal spaces serialize equally', () => {
    const a = normalizeSpace({ x: { type: 'float', step: null, log: false, high: 2, low: 1 } });
    expect(JSON.stringify(a)).toBe(JSON.stringify({ x: floatParam(1, 2) }));
  });

  it('samples stay inside the space and on the grid', () => {
    const rng = new Rng(1);
    const specs = [
      floatParam(-1, 1),
      floatParam(1e-3, 10, { log: true }),
      floatParam(0, 1, { step: 0.25 }),
      intParam(2, 9),
      intParam(1, 1000, { log: true }),
      intParam(0, 20, { step: 5 }),
      categoricalParam(['a', true, 3]),
    ];
    for (const spec of specs) {
      for (let i = 0; i < 500; i++) expect(contains(spec, sampleUniform(spec, rng))).toBe(true);
    }
    const stepped = new Set(
      Array.from({ length: 300 }, () => sampleUniform(floatParam(0, 1, { step: 0.25 }), rng)),
    );
    expect([...stepped].sort()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('log sampling is uniform in log space (median near the geometric mean)', () => {
    const rng = new Rng(2);
    const spec = floatParam(1e-4, 1, { log: true });
    const xs = Array.from({ length: 4001 }, () => sampleUniform(spec, rng) as number).sort((a, b) => a - b);
    expect(Math.log10(xs[2000]!)).toBeCloseTo(-2, 1);
  });

  it('int ends get the same share as inner values', () => {
    const rng = new Rng(3);
    const counts = new Map<number, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const v = sampleUniform(intParam(1, 4), rng) as number;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const v of [1, 2, 3, 4]) expect(Math.abs(counts.get(v)! / n - 0.25)).toBeLessThan(0.015);
  });
});
