/**
 * LightGBM through alphaflow vs. LightGBM driven directly through its C API
 * (a handful of koffi calls written out below), on the same data, parameters
 * and threads: training overhead of both alphaflow paths (worker thread and
 * caller thread); then batch and single-row prediction latency of the
 * compiled scorer (the default) and of LightGBM's own prediction, for this
 * bench's 200 trees × 31 leaves model and for a model trained with the
 * product's defaults (defaultGbdtParams: 300 trees × 15 leaves); last, the
 * p99/p50 of a fixed loop as long as a single-row prediction, the tail this
 * machine adds to any call of that length.
 *
 *   npx tsx bench/lightgbm.bench.ts
 */
import koffi from 'koffi';
import { Rng } from '../src/core/random.js';
import { defaultGbdtParams } from '../src/engine/trainingRun.js';
import type { GbdtParams, TrainData } from '../src/model/engine.js';
import { createLightgbmEngine, type LightgbmModel } from '../src/model/lightgbm/index.js';
import { loadNote, quantile, report } from './report.js';

const ROWS = 200_000;
const COLS = 40;
const TREES = 200;
const THREADS = 2;
const SEED = 11;

function plantedData(): TrainData {
  const rng = new Rng(SEED);
  const X = new Float32Array(ROWS * COLS);
  const y = new Float32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    for (let j = 0; j < COLS; j++) X[i * COLS + j] = rng.normal();
    const o = i * COLS;
    y[i] = X[o]! + 0.5 * X[o + 1]! - 0.3 * X[o + 2]! * X[o + 3]! + rng.normal() > 0 ? 1 : 0;
  }
  return {
    X,
    nRows: ROWS,
    nCols: COLS,
    y,
    featureNames: Array.from({ length: COLS }, (_, j) => `f${j}`),
    categorical: [],
  };
}

const params: GbdtParams = {
  numIterations: TREES,
  learningRate: 0.1,
  numLeaves: 31,
  seed: SEED,
  numThreads: THREADS,
};

// The same settings alphaflow derives from `params`, written out by hand for the direct run.
const DIRECT_PARAMS = [
  'objective=binary metric=binary_logloss',
  `num_iterations=${TREES} learning_rate=0.1 num_leaves=31 max_depth=-1 min_data_in_leaf=20`,
  'min_sum_hessian_in_leaf=0.001 feature_fraction=1 bagging_fraction=1 bagging_freq=0',
  'lambda_l1=0 lambda_l2=0 min_gain_to_split=0 max_bin=255',
  `seed=${SEED} deterministic=true force_row_wise=true num_threads=${THREADS} verbosity=-1`,
].join(' ');

/** Plain C API training: create dataset, set labels and names, boost TREES rounds, save to string. */
function trainDirect(libraryPath: string, d: TrainData): string {
  const lib = koffi.load(libraryPath);
  const createFromMat = lib.func(
    'int LGBM_DatasetCreateFromMat(const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, const char *parameters, void *reference, void *out)',
  );
  const setField = lib.func(
    'int LGBM_DatasetSetField(void *h, const char *name, const void *data, int n, int type)',
  );
  const setNames = lib.func('int LGBM_DatasetSetFeatureNames(void *h, const char **names, int n)');
  const boosterCreate = lib.func('int LGBM_BoosterCreate(void *train, const char *parameters, void *out)');
  const updateOneIter = lib.func('int LGBM_BoosterUpdateOneIter(void *booster, void *is_finished)');
  const saveToString = lib.func(
    'int LGBM_BoosterSaveModelToString(void *booster, int start, int num, int importance, int64_t buffer_len, void *out_len, void *out)',
  );
  const boosterFree = lib.func('int LGBM_BoosterFree(void *booster)');
  const datasetFree = lib.func('int LGBM_DatasetFree(void *h)');
  const ok = (rc: number) => {
    if (rc !== 0) throw new Error(`LightGBM call failed (${rc})`);
  };
  const handle = new BigUint64Array(1);
  ok(createFromMat(d.X, 0, d.nRows, d.nCols, 1, DIRECT_PARAMS, null, handle));
  const dataset = handle[0]!;
  ok(setField(dataset, 'label', d.y, d.nRows, 0));
  ok(setNames(dataset, d.featureNames, d.nCols));
  ok(boosterCreate(dataset, DIRECT_PARAMS, handle));
  const booster = handle[0]!;
  const finished = new Int32Array(1);
  for (let i = 0; i < TREES; i++) ok(updateOneIter(booster, finished));
  const len = new BigInt64Array(1);
  ok(saveToString(booster, 0, -1, 0, 0n, len, null));
  const buf = new Uint8Array(Number(len[0]!));
  ok(saveToString(booster, 0, -1, 0, BigInt(buf.length), len, buf));
  ok(boosterFree(booster));
  ok(datasetFree(dataset));
  return Buffer.from(buf.buffer, 0, buf.length - 1).toString('utf8');
}

/** Wall and CPU seconds (all threads of the process) of one run. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  return { result, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const engine = createLightgbmEngine();
const data = plantedData();
const detail = `${ROWS} rows × ${COLS} features, ${TREES} trees, ${THREADS} threads`;

// Warm-up: loads the library on both threads and starts the worker, so startup is not counted as training.
const warm = { ...data, nRows: 2000, X: data.X.subarray(0, 2000 * COLS), y: data.y.subarray(0, 2000) };
(await engine.train(warm, { ...params, numIterations: 2 })).dispose();
(await engine.train(warm, { ...params, numIterations: 2 }, { thread: 'caller' })).dispose();

// Interleaved rounds, best of each: the machine is shared, so a single run mostly measures the neighbours.
const ROUNDS = 2;
const best = { direct: Infinity, caller: Infinity, worker: Infinity };
const cpu = { direct: Infinity, caller: Infinity, worker: Infinity };
let directText = '';
let callerText = '';
let workerText = '';
for (let r = 0; r < ROUNDS; r++) {
  const d = await timed(() => trainDirect(engine.libraryPath, data));
  const c = await timed(() => engine.train(data, params, { thread: 'caller' }));
  const w = await timed(() => engine.train(data, params));
  directText = d.result;
  callerText = c.result.save();
  workerText = w.result.save();
  c.result.dispose();
  w.result.dispose();
  for (const [k, v] of [
    ['direct', d],
    ['caller', c],
    ['worker', w],
  ] as const) {
    best[k] = Math.min(best[k], v.wall);
    cpu[k] = Math.min(cpu[k], v.cpu);
  }
}

const lgbmPart = (text: string) => text.slice(0, text.indexOf('alphaflow_model:'));
const same = lgbmPart(workerText) === directText && lgbmPart(callerText) === directText;
const runs = `best of ${ROUNDS} interleaved runs`;
report({
  name: 'LightGBM training, direct C API',
  value: best.direct,
  unit: 's',
  detail: `${detail}; cpu ${cpu.direct.toFixed(2)} s; ${runs}`,
});
for (const k of ['caller', 'worker'] as const) {
  report({
    name: `LightGBM training, alphaflow ${k} thread`,
    value: best[k],
    unit: 's',
    detail: `${detail}; cpu ${cpu[k].toFixed(2)} s (ratio ${(cpu[k] / cpu.direct).toFixed(3)}); ${runs}`,
  });
  report({
    name: `alphaflow/direct training time ratio (${k})`,
    value: best[k] / best.direct,
    unit: 'ratio',
    target: 1.15,
    higherIsBetter: false,
    detail: `wall-clock; model text identical to direct: ${same}`,
  });
}

// Prediction. The production-defaults model is trained on half the rows (its size is set by
// num_leaves, the iterations and min_data_in_leaf, not by the row count) to keep the bench short.
const half = {
  ...data,
  nRows: ROWS / 2,
  X: data.X.subarray(0, (ROWS / 2) * COLS),
  y: data.y.subarray(0, ROWS / 2),
};
const production = await engine.train(half, defaultGbdtParams(SEED));
const productionText = production.save();
production.dispose();

const BATCH = 5000;
const CALLS_BATCH = 60;
const CALLS_ONE = 50_000;
const batchX = data.X.subarray(0, BATCH * COLS);
const out = new Float64Array(BATCH);
const rows = Array.from({ length: 1000 }, (_, i) => data.X.subarray(i * COLS, (i + 1) * COLS));

function shape(text: string): { trees: number; leaves: number } {
  const leaves = [...text.matchAll(/^num_leaves=(\d+)$/gm)].map((m) => Number(m[1]));
  return { trees: leaves.length, leaves: Math.max(...leaves) };
}

/**
 * Batch and single-row latency of one model through one scorer, with CPU time per call and
 * ns per row per tree (the cost scales with the number of trees; the depth matters less than
 * how predictable the splits are). LightGBM with num_threads=2 and a two-thread split of the
 * compiled scorer over SharedArrayBuffer were tried and did not pay on this shared 2-core box.
 */
function measure(text: string, modelName: string, scorer: 'compiled' | 'native'): void {
  const { trees, leaves } = shape(text);
  const model: LightgbmModel = engine.loadModel(text, { scorer, numThreads: 1 });
  const c0 = performance.now();
  model.predict(batchX, BATCH, out);
  const firstMs = performance.now() - c0;
  // V8 optimizes generated code after a few thousand rows per block; warm well past that.
  for (let i = 0; i < 20; i++) model.predict(batchX, BATCH, out);
  const batchMs: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < CALLS_BATCH; i++) {
    const s = performance.now();
    model.predict(batchX, BATCH, out);
    batchMs.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / CALLS_BATCH;
  const nsRowTree = (cpuMs * 1e6) / BATCH / trees;
  const what = `${modelName} (${trees} trees × ${leaves} leaves), ${model.scorerKind} scorer, 1 thread`;
  const batchDetail =
    `${what}; ${BATCH} rows × ${COLS} features, ${CALLS_BATCH} calls; cpu ${cpuMs.toFixed(2)} ms/call = ` +
    `${nsRowTree.toFixed(1)} ns/row/tree; first call ${firstMs.toFixed(0)} ms${loadNote()}`;
  report({
    name: `batch predict p50, ${what}`,
    value: quantile(batchMs, 0.5),
    unit: 'ms',
    detail: batchDetail,
  });
  report({
    name: `batch predict p99, ${what}`,
    value: quantile(batchMs, 0.99),
    unit: 'ms',
    target: 2,
    higherIsBetter: false,
    detail: batchDetail,
  });
  for (let i = 0; i < 5000; i++) model.predictOne(rows[i % 1000]!);
  const oneUs = new Float64Array(CALLS_ONE);
  const cpuOne0 = process.cpuUsage();
  for (let i = 0; i < CALLS_ONE; i++) {
    const s = performance.now();
    model.predictOne(rows[i % 1000]!);
    oneUs[i] = (performance.now() - s) * 1000;
  }
  const cpuOne = process.cpuUsage(cpuOne0);
  const oneDetail =
    `${what}; ${COLS} features, ${CALLS_ONE} calls; cpu ${((cpuOne.user + cpuOne.system) / CALLS_ONE).toFixed(2)} µs/call ` +
    `incl. the timer${loadNote()}`;
  report({
    name: `single-row predict p50, ${what}`,
    value: quantile(oneUs, 0.5),
    unit: 'µs',
    detail: oneDetail,
  });
  report({
    name: `single-row predict p99, ${what}`,
    value: quantile(oneUs, 0.99),
    unit: 'µs',
    target: 10,
    higherIsBetter: false,
    detail: oneDetail,
  });
  model.dispose();
}

for (const [text, name] of [
  [productionText, 'production defaults'],
  [workerText, 'bench model'],
] as const) {
  measure(text, name, 'compiled');
  measure(text, name, 'native');
}
await engine.close();

/**
 * The machine's own tail: a fixed arithmetic loop of about a single-row prediction's length,
 * timed call by call like predictOne above. Its p99/p50 is what interrupts and neighbours add
 * to any call of that length here; code of that length cannot expect a smaller ratio.
 */
{
  const a = Float64Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 1024) / 1024);
  const work = () => {
    let s = 0;
    for (let r = 0; r < 4; r++) for (let i = 0; i < 1024; i++) s += a[i]! * a[(i + r) & 1023]!;
    return s;
  };
  let sink = 0;
  for (let i = 0; i < 5000; i++) sink += work();
  const us = new Float64Array(CALLS_ONE);
  for (let i = 0; i < CALLS_ONE; i++) {
    const s = performance.now();
    sink += work();
    us[i] = (performance.now() - s) * 1000;
  }
  const p50 = quantile(us, 0.5);
  report({
    name: 'calibration: p99/p50 of a fixed loop as long as a single-row predict',
    value: quantile(us, 0.99) / p50,
    unit: 'ratio',
    detail: `4,096 multiply-adds per call, ${CALLS_ONE} calls: p50 ${p50.toFixed(2)} µs, p99 ${quantile(us, 0.99).toFixed(2)} µs`,
  });
  // Uses the result, so the optimiser cannot drop the loop.
  if (!Number.isFinite(sink)) throw new Error('calibration loop overflowed');
}
