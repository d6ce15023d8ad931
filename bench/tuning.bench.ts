/**
 * Tuning throughput, 50 TPE trials on 2 cores, of two objectives:
 * - LightGBM (what `alphaflow tune` searches: its space and objective, from
 *   src/engine/gbdtTuning.ts), each trial in its own engine worker;
 * - the logistic baseline fitted under purged 5-fold CV on
 * synthetic labelled rows, tuning the L2 penalty and how many of the columns
 * (ordered informative first, then noise) to use; the median pruner may stop
 * trials between folds. Reports wall time, trials per minute and how busy the
 * workers were (the deterministic schedule can leave one idle while it waits
 * for an older trial, and start-up counts against it).
 *
 *   npx tsx bench/tuning.bench.ts
 *
 * This file is also the objective module the workers import (`cvLogLoss`);
 * the benchmark itself runs only on the main thread.
 */
import { isMainThread } from 'node:worker_threads';
import { Rng } from '../src/core/random.js';
import { tuneGbdt } from '../src/engine/gbdtTuning.js';
import { purgedKFoldSplits } from '../src/model/cv/index.js';
import { subsetTrainData } from '../src/model/dataset.js';
import type { TrainData } from '../src/model/engine.js';
import { createLightgbmEngine } from '../src/model/lightgbm/index.js';
import { fitLogistic } from '../src/model/logistic.js';
import { logLoss } from '../src/model/metrics/index.js';
import { createStudy, crossValidatedObjective, floatParam, intParam } from '../src/model/tuning/index.js';
import { report } from './report.js';

const ROWS = 12_000;
const COLS = 24;
const TRIALS = 50;
const SEED = 17;
const MINUTE_US = 60_000_000;

/** Rows at one-minute steps with 10-minute label windows; the first 6 columns carry the signal. */
function syntheticRows(): { data: TrainData; t0: Float64Array; t1: Float64Array } {
  const rng = new Rng(SEED);
  const X = new Float32Array(ROWS * COLS);
  const y = new Float32Array(ROWS);
  const beta = [0.9, -0.7, 0.5, 0.4, -0.3, 0.2];
  const t0 = new Float64Array(ROWS);
  const t1 = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let z = 0;
    for (let j = 0; j < COLS; j++) {
      const x = rng.normal();
      X[i * COLS + j] = x;
      if (j < beta.length) z += beta[j]! * x;
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    t0[i] = i * MINUTE_US;
    t1[i] = t0[i]! + 10 * MINUTE_US;
  }
  const featureNames = Array.from({ length: COLS }, (_, j) => `f${j}`);
  return { data: { X, nRows: ROWS, nCols: COLS, y, featureNames, categorical: [] }, t0, t1 };
}

const { data, t0, t1 } = syntheticRows();
const folds = purgedKFoldSplits(t0, t1, { nSplits: 5, embargo: { fraction: 0.01 } });

/** Mean out-of-fold log-loss of the logistic baseline for the trial's (l2, nFeatures). */
export const cvLogLoss = crossValidatedObjective(folds, (params, train, test) => {
  const cols = Array.from({ length: params.nFeatures as number }, (_, j) => j);
  const model = fitLogistic(subsetTrainData(data, train, cols), { l2: params.l2 as number });
  const held = subsetTrainData(data, test, cols);
  return logLoss(model.predict(held.X, held.nRows), Float64Array.from(held.y));
});

async function run(
  parallelism: number,
): Promise<{ ms: number; busyMs: number; pruned: number; best: number }> {
  const study = createStudy({
    direction: 'minimize',
    space: { l2: floatParam(1e-6, 10, { log: true }), nFeatures: intParam(1, COLS) },
    seed: SEED,
  });
  const t = performance.now();
  await study.optimize(
    { module: new URL(import.meta.url), exportName: 'cvLogLoss' },
    { nTrials: TRIALS, parallelism },
  );
  return {
    ms: performance.now() - t,
    busyMs: study.trials.reduce((s, x) => s + x.durationMs, 0),
    pruned: study.trials.filter((x) => x.state === 'pruned').length,
    best: study.bestTrial.value!,
  };
}

if (isMainThread) {
  const WORKERS = 2;
  const r = await run(WORKERS);
  const detail = `${ROWS}×${COLS} rows, purged 5-fold logistic, ${TRIALS} trials, ${WORKERS} workers`;
  report({
    name: 'tuning wall time (incl. worker start-up)',
    value: r.ms / 1000,
    unit: 's',
    higherIsBetter: false,
    detail,
  });
  report({
    name: 'tuning throughput',
    value: (TRIALS * 60_000) / r.ms,
    unit: 'trials/min',
    higherIsBetter: true,
    detail: `${r.pruned} pruned, best log-loss ${r.best.toFixed(4)}`,
  });
  report({
    name: 'tuning worker utilisation',
    value: r.busyMs / (r.ms * WORKERS),
    unit: 'fraction',
    higherIsBetter: true,
    detail: 'Σ trial durations / (wall time × workers)',
  });

  const g = await tuneGbdt(data, folds, createLightgbmEngine, {
    trials: TRIALS,
    parallel: WORKERS,
    seed: SEED,
  });
  const gDetail = `${ROWS}×${COLS} rows, purged 5-fold LightGBM (alphaflow tune's space), ${TRIALS} trials, ${WORKERS} engines`;
  report({
    name: 'LightGBM tuning wall time (incl. engine start-up)',
    value: g.seconds,
    unit: 's',
    higherIsBetter: false,
    detail: gDetail,
  });
  report({
    name: 'LightGBM tuning throughput',
    value: (TRIALS * 60) / g.seconds,
    unit: 'trials/min',
    higherIsBetter: true,
    detail: `${g.study.trials.filter((x) => x.state === 'pruned').length} pruned, best AUC ${g.study.bestTrial.value!.toFixed(4)}`,
  });
}
