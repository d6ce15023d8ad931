/** `alphaflow tune`'s search (tuneGbdt) with the real LightGBM: parallel engines, pruning, reproducible by seed. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { GBDT_SEARCH_SPACE, tuneGbdt } from '../../src/engine/gbdtTuning.js';
import { purgedKFoldSplits } from '../../src/model/cv/index.js';
import { createLightgbmEngine } from '../../src/model/lightgbm/index.js';
import { lightgbmPresent, warnLightgbmMissing } from '../harness/lightgbm.js';

const present = lightgbmPresent();
if (!present) warnLightgbmMissing('the LightGBM tuning test');

/** 3,000 minute rows, label = [x0 − 0.5·x1 + noise > 0], 6 columns. */
function planted() {
  const n = 3000;
  const k = 6;
  const rng = new Rng(5);
  const X = new Float32Array(n * k);
  const y = new Float32Array(n);
  const t0 = new Float64Array(n);
  const t1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) X[i * k + j] = rng.normal();
    y[i] = X[i * k]! - 0.5 * X[i * k + 1]! + rng.normal() > 0 ? 1 : 0;
    t0[i] = i * 60e6;
    t1[i] = t0[i]! + 5 * 60e6;
  }
  const data = { X, nRows: n, nCols: k, y, featureNames: ['a', 'b', 'c', 'd', 'e', 'f'], categorical: [] };
  return { data, splits: purgedKFoldSplits(t0, t1, { nSplits: 3, embargo: { fraction: 0.01 } }) };
}

describe.skipIf(!present)('tuneGbdt', () => {
  it('runs the trials on two engines, finds the edge, and repeats itself for a seed', async () => {
    const { data, splits } = planted();
    const run = () => tuneGbdt(data, splits, createLightgbmEngine, { trials: 6, parallel: 2, seed: 11 });
    const a = await run();
    expect(a.study.trials).toHaveLength(6);
    const best = a.study.bestTrial;
    // The planted signal's AUC is about 0.8; chance is 0.5.
    expect(best.value!).toBeGreaterThan(0.7);
    for (const [name, p] of Object.entries(GBDT_SEARCH_SPACE)) {
      const v = best.params[name] as number;
      expect(v).toBeGreaterThanOrEqual(p.low);
      expect(v).toBeLessThanOrEqual(p.high);
    }
    const b = await run();
    expect(b.study.trials.map((t) => [t.params, t.value, t.state])).toEqual(
      a.study.trials.map((t) => [t.params, t.value, t.state]),
    );
  }, 120_000);
});
