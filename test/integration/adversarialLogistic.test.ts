import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { adversarialValidation } from '../../src/model/adversarial.js';
import { fitLogistic } from '../../src/model/logistic.js';

function gaussianRows(n: number, mu: readonly number[], seed: number) {
  const rng = new Rng(seed);
  const X = new Float32Array(n * mu.length);
  for (let i = 0; i < X.length; i++) X[i] = mu[i % mu.length]! + rng.normal();
  return { X, nRows: n };
}

describe('adversarial validation with the logistic baseline', () => {
  const featureNames = ['a', 'b', 'c'];
  const classifier = async (d: Parameters<typeof fitLogistic>[0]) => fitLogistic(d);

  it('does not flag two samples of one distribution', async () => {
    const r = await adversarialValidation(gaussianRows(600, [0, 0, 0], 1), gaussianRows(600, [0, 0, 0], 2), {
      classifier,
      featureNames,
      seed: 3,
    });
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.06);
    expect(r.flagged).toBe(false);
  });

  it('flags a shift in one feature and names it', async () => {
    const r = await adversarialValidation(
      gaussianRows(600, [0, 0, 0], 4),
      gaussianRows(600, [0, 1.2, 0], 5),
      {
        classifier,
        featureNames,
        seed: 3,
      },
    );
    expect(r.auc).toBeGreaterThan(0.75);
    expect(r.flagged).toBe(true);
    expect(r.topFeatures[0]!.name).toBe('b');
  });
});
