import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, ModelError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { type FeatureSet, featureSetHash, resolveFeatureSet } from '../features/featureSet.js';
import { modelFeatureName } from '../model/dataset.js';
import { createLightgbmEngine, DEFAULT_LIBRARY_PATH } from '../model/lightgbm/index.js';
import { hashTrainingData, ModelRegistry } from '../model/registry/index.js';
import { loadRegisteredModel } from './registerRun.js';

const haveLib = existsSync(process.env.LIGHTGBM_LIB ?? DEFAULT_LIBRARY_PATH);
if (!haveLib)
  console.warn(
    '\n!!! LightGBM library missing: registered-model loading test SKIPPED (bash scripts/setup.sh) !!!\n',
  );

const dir = mkdtempSync(join(tmpdir(), 'af-reg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(haveLib)('loadRegisteredModel', () => {
  it('loads a model for its own feature set and refuses another', async () => {
    const fsA: FeatureSet = { name: 'a', version: 1, features: ['rsi:14', 'logret:1'] };
    const fsB: FeatureSet = { name: 'b', version: 1, features: ['rsi:14', 'logret:5'] };
    const names = resolveFeatureSet(fsA).columns.map((c) => modelFeatureName(c.name));
    const rng = new Rng(3);
    const n = 400;
    const X = new Float32Array(n * 2);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = rng.normal();
      X[2 * i + 1] = rng.normal();
      y[i] = X[2 * i]! + 0.5 * rng.normal() > 0 ? 1 : 0;
    }
    const data = { X, nRows: n, nCols: 2, y, featureNames: names, categorical: [] };
    const engine = createLightgbmEngine();
    try {
      const model = await engine.train(data, { numIterations: 10, minDataInLeaf: 5, seed: 1, numThreads: 1 });
      const registry = new ModelRegistry({ root: dir, clock: () => 1_700_000_000_000_000 });
      const m = registry.register({
        kind: 'lightgbm',
        featureSetHash: featureSetHash(fsA),
        featureNames: names,
        trainWindow: { from: 0, to: 1 },
        labelSpec: { kind: 'fixedHorizon' },
        cvMetrics: {},
        params: {},
        dataHash: hashTrainingData(data),
        modelText: model.save(),
      });
      const loaded = loadRegisteredModel(registry, m.version, engine, fsA);
      expect(Array.from(loaded.predict(X, n))).toEqual(Array.from(model.predict(X, n)));
      const err = (() => {
        try {
          loadRegisteredModel(registry, m.version, engine, fsB);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).code).toBe(ErrorCode.FeatureSetMismatch);
      model.dispose();
      loaded.dispose();
    } finally {
      await engine.close();
    }
  });
});
