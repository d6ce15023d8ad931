import { describe, expect, it } from 'vitest';
import type { Params } from './space.js';
import { categoricalParam, floatParam } from './space.js';
import { defaultGamma, defaultWeights, TpeSampler, trialSeed } from './tpeSampler.js';
import type { Trial } from './trial.js';

function complete(number: number, params: Params, value: number): Trial {
  return { number, params, state: 'complete', value, intermediate: [], durationMs: 0, error: null };
}

describe('TPE defaults (Optuna)', () => {
  it('gamma = min(ceil(0.1 n), 25)', () => {
    expect([0, 1, 10, 11, 99, 250, 251, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25, 25]);
  });

  it('weights: flat for n < 25, then a ramp from 1/n for the older trials', () => {
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    const w = defaultWeights(28);
    // numpy.linspace(1/28, 1, 3) = [0.0357…, 0.5178…, 1].
    expect(w[0]).toBeCloseTo(1 / 28, 15);
    expect(w[1]).toBeCloseTo((1 / 28 + 1) / 2, 15);
    expect(w[2]).toBe(1);
    expect(Array.from(w.subarray(3)).every((x) => x === 1)).toBe(true);
  });

  it('trial seeds differ by trial and by study seed', () => {
    const seeds = new Set<number>();
    for (let s = 0; s < 4; s++) for (let k = 0; k < 50; k++) seeds.add(trialSeed(s, k));
    expect(seeds.size).toBe(200);
  });
});

describe('TPE sampling', () => {
  const space = { x: floatParam(0, 10) };
  // 40 trials on a grid; the best are near x = 2.
  const history = Array.from({ length: 40 }, (_, i) =>
    complete(i, { x: i / 4 + 0.1 }, (i / 4 + 0.1 - 2) ** 2),
  );

  it('is random before nStartupTrials, and a pure function of (seed, number, history)', () => {
    const s = new TpeSampler(space, 'minimize', 5);
    expect(s.sample(3, history.slice(0, 3), [])).toEqual(s.sample(3, history.slice(0, 3), []));
    expect(s.sample(3, history.slice(0, 3), [])).not.toEqual(s.sample(4, history.slice(0, 3), []));
  });

  it('concentrates new trials near the good region', () => {
    const s = new TpeSampler(space, 'minimize', 7);
    const xs = Array.from({ length: 30 }, (_, k) => s.sample(40 + k, history, []).x as number);
    const near = xs.filter((x) => Math.abs(x - 2) < 1).length;
    expect(near / xs.length).toBeGreaterThan(0.7);
  });

  it('follows the direction: maximizing the same values moves away from x = 2', () => {
    const s = new TpeSampler(space, 'maximize', 7);
    const xs = Array.from({ length: 30 }, (_, k) => s.sample(40 + k, history, []).x as number);
    expect(xs.filter((x) => Math.abs(x - 2) < 1).length).toBeLessThan(5);
  });

  it('with constant liar, avoids the params of running trials', () => {
    const cat = { c: categoricalParam(['a', 'b', 'c']) };
    // 'a' was best twice; the other choices were worse.
    const h = [
      complete(0, { c: 'a' }, 0),
      complete(1, { c: 'b' }, 1),
      complete(2, { c: 'c' }, 1),
      complete(3, { c: 'a' }, 0.1),
      complete(4, { c: 'b' }, 2),
    ];
    const picks = (liar: boolean, running: Params[]) => {
      const s = new TpeSampler(cat, 'minimize', 1, { nStartupTrials: 0, constantLiar: liar });
      return Array.from({ length: 40 }, (_, k) => s.sample(10 + k, h, running).c);
    };
    const running = Array.from({ length: 6 }, () => ({ c: 'a' }));
    const withLiar = picks(true, running).filter((c) => c === 'a').length;
    const without = picks(false, running).filter((c) => c === 'a').length;
    expect(withLiar).toBeLessThan(without);
  });
});
