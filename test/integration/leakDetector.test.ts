/**
 * The leak detector: on the synthetic market the planted signal's own AUC
 * (the oracle, the exact conditional expectation) is the ceiling for any
 * honest model. An out-of-sample AUC above it means future information got
 * in. The positive control plants such a leak and checks the test would fire.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarByName } from '../../src/data/calendar/index.js';
import { adjustBars } from '../../src/data/corporateActions/index.js';
import { BAR_MICROS, generateMarket, type SyntheticMarket } from '../../src/data/synthetic/index.js';
import { runTraining, type TrainingRunResult } from '../../src/engine/trainingRun.js';
import { DEFAULT_FEATURE_SET } from '../../src/features/defaultFeatureSet.js';
import { crossValidate, gbdtClassifier } from '../../src/model/crossValidate.js';
import { purgedKFoldSplits } from '../../src/model/cv/purgedKFold.js';
import type { LabeledDataset } from '../../src/model/dataset.js';
import { createLightgbmEngine } from '../../src/model/lightgbm/index.js';
import { auc } from '../../src/model/metrics/index.js';
import { lightgbmPresent, warnLightgbmMissing } from '../harness/lightgbm.js';

const haveLib = lightgbmPresent();
if (!haveLib) warnLightgbmMissing('the leak detector test');

const GBDT = {
  numIterations: 80,
  learningRate: 0.05,
  numLeaves: 7,
  minDataInLeaf: 300,
  lambdaL2: 5,
  seed: 7,
  numThreads: 2,
};

/** AUC standard error under the null-ish Hanley–McNeil approximation, for n samples. */
function aucSlack(n: number): number {
  return 4 * Math.sqrt(1 / (3 * n));
}

describe.runIf(haveLib)('leak detector and baseline on the synthetic market', () => {
  let market: SyntheticMarket;
  let run: TrainingRunResult;
  let oracleAuc: number;

  beforeAll(async () => {
    // Trees need this much data to find the planted interactions (smaller markets favour the linear baseline).
    market = generateMarket({ symbols: 200, days: 10, seed: 11 });
    const adjusted = adjustBars(market.frame, market.corporateActions, Number.MAX_SAFE_INTEGER);
    const tradable = new Uint8Array(market.symbols.size).fill(1, market.firstStockId);
    const engine = createLightgbmEngine();
    try {
      run = await runTraining(
        adjusted,
        market.quotes,
        {
          marketSymbol: market.indexId,
          sectorOf: market.sectors,
          sectorIndexSymbol: market.sectorIndexIds,
          tradable,
        },
        engine,
        {
          featureSet: DEFAULT_FEATURE_SET,
          label: { kind: 'fixedHorizon', horizonBars: 5, threshold: 0 },
          gbdt: GBDT,
          folds: 3,
          embargoFraction: 0.01,
          stride: 5,
          warmup: 60,
          barIntervalUs: BAR_MICROS,
          calendar: calendarByName('nyse'),
        },
      );
    } finally {
      await engine.close();
    }
    run.model.dispose();
    oracleAuc = auc(
      Float64Array.from(run.dataset.rows, (i) => market.oracle[i]!),
      run.dataset.label,
    );
  }, 300_000);

  it('the honest pipeline finds edge but stays under the planted ceiling', () => {
    const slack = aucSlack(run.dataset.nRows);
    expect(oracleAuc).toBeGreaterThan(0.55);
    expect(run.cv.lightgbm.summary.auc).toBeGreaterThan(0.5);
    expect(run.cv.lightgbm.summary.auc).toBeLessThanOrEqual(oracleAuc + slack);
    expect(run.cv.logistic.summary.auc).toBeLessThanOrEqual(oracleAuc + slack);
  });

  it('LightGBM beats the logistic baseline out of sample', () => {
    expect(run.cv.lightgbm.summary.auc).toBeGreaterThan(run.cv.logistic.summary.auc + 0.005);
  });

  it('a planted look-ahead feature breaks the ceiling (the detector has teeth)', async () => {
    // Replace the first feature column with a noisy copy of the label's own forward return.
    const ds = run.dataset;
    const X = ds.X.slice();
    for (let i = 0; i < ds.nRows; i++) X[i * ds.nCols] = ds.fwdReturn[i]! + 0.002 * Math.sin(i * 12.9898);
    const leaky: LabeledDataset = { ...ds, X };
    const splits = purgedKFoldSplits(ds.t0, ds.t1, { nSplits: 3, embargo: { fraction: 0.01 } });
    const engine = createLightgbmEngine();
    try {
      const cv = await crossValidate(leaky, splits, gbdtClassifier(engine, GBDT));
      expect(cv.summary.auc).toBeGreaterThan(oracleAuc + aucSlack(ds.nRows));
    } finally {
      await engine.close();
    }
  }, 300_000);
});
