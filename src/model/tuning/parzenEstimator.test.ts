import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { fitParzen } from './parzenEstimator.js';
import type { CategoricalParam, NumericParam } from './space.js';
import { defaultWeights } from './tpeSampler.js';

interface RefCase {
  name: string;
  spec: NumericParam | CategoricalParam;
  observations: number[];
  points: number[];
  options: { priorWeight: number; considerMagicClip: boolean; considerEndpoints: boolean };
  logPdf: number[];
}

// Log densities from Optuna 5.0.0's _ParzenEstimator (generated once with Optuna in a throwaway environment; inputs and outputs in testdata/optunaParzen.json).
const ref = JSON.parse(readFileSync(new URL('./testdata/optunaParzen.json', import.meta.url), 'utf8')) as {
  cases: RefCase[];
};

describe('Parzen estimator vs Optuna', () => {
  for (const c of ref.cases) {
    it(c.name, () => {
      const obs = Float64Array.from(c.observations);
      const est = fitParzen(c.spec, obs, defaultWeights(obs.length), c.options);
      const got = est.logPdf(Float64Array.from(c.points));
      for (let i = 0; i < c.points.length; i++) {
        // The erfc fit (1.2e-7 relative) limits the agreement.
        const want = c.logPdf[i]!;
        const tol = 2e-7 * Math.max(1, Math.abs(want));
        expect(Math.abs(got[i]! - want), `${c.name} at ${c.points[i]}`).toBeLessThan(tol);
      }
    });
  }
});

describe('Parzen sampling', () => {
  it('draws an int parameter with the frequencies its log mass says', () => {
    const spec: NumericParam = { type: 'int', low: 1, high: 10, log: false, step: 1 };
    const obs = Float64Array.of(2, 2, 9);
    const est = fitParzen(spec, obs, defaultWeights(3), {
      priorWeight: 1,
      considerMagicClip: true,
      considerEndpoints: false,
    });
    const n = 50_000;
    const draws = est.sample(new Rng(11), n);
    const counts = new Float64Array(11);
    for (const d of draws) counts[d]! += 1;
    const mass = est.logPdf(Float64Array.from({ length: 10 }, (_, i) => i + 1));
    let total = 0;
    for (let k = 1; k <= 10; k++) {
      const p = Math.exp(mass[k - 1]!);
      total += p;
      // 4 binomial standard deviations.
      expect(Math.abs(counts[k]! / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-4);
    }
    expect(total).toBeCloseTo(1, 6);
  });

  it('draws categorical choices with the frequencies its log mass says', () => {
    const spec: CategoricalParam = { type: 'categorical', choices: ['a', 'b', 'c'] };
    const est = fitParzen(spec, Float64Array.of(0, 0, 2), defaultWeights(3), {
      priorWeight: 1,
      considerMagicClip: true,
      considerEndpoints: false,
    });
    const n = 30_000;
    const draws = est.sample(new Rng(5), n);
    const mass = est.logPdf(Float64Array.of(0, 1, 2));
    for (let c = 0; c < 3; c++) {
      const p = Math.exp(mass[c]!);
      const f = draws.filter((d) => d === c).length / n;
      expect(Math.abs(f - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});
