/**
 * The LightGBM engine against the real lib_lightgbm.so (no mocks): accuracy on
 * a planted signal, determinism, save/load, the single-row path, early
 * stopping, categorical columns, bad input, corrupted models, the worker
 * thread; and the compiled scorer against LightGBM's own prediction, bit for
 * bit. Skips loudly when the library is not installed (CI always has it).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode, NativeError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/random.js';
import type { ModelLogEvent, TrainData } from '../../src/model/engine.js';
import { loadLightgbm } from '../../src/model/lightgbm/ffi.js';
import {
  createLightgbmEngine,
  type LightgbmEngine,
  resolveLibraryPath,
} from '../../src/model/lightgbm/index.js';
import { lightgbmPresent, warnLightgbmMissing } from '../harness/lightgbm.js';

const libraryPresent = lightgbmPresent();
if (!libraryPresent) warnLightgbmMissing('the LightGBM integration tests');

/** Rows with label = [x0 + 0.6·x1 + noise > 0] (+ a categorical effect when asked); other columns are noise. */
function planted(
  seed: number,
  nRows: number,
  nCols: number,
  opts: { catCol?: number; noise?: number } = {},
): TrainData {
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nCols);
  const y = new Float32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) X[i * nCols + j] = rng.normal();
    let score = X[i * nCols]! + 0.6 * X[i * nCols + 1]! + (opts.noise ?? 0.5) * rng.normal();
    if (opts.catCol !== undefined) {
      const code = rng.int(6);
      X[i * nCols + opts.catCol] = code;
      score += code === 2 || code === 4 ? 1.5 : -0.5;
    }
    y[i] = score > 0 ? 1 : 0;
  }
  const featureNames = Array.from({ length: nCols }, (_, j) => `f${j}`);
  return { X, nRows, nCols, y, featureNames, categorical: opts.catCol === undefined ? [] : [opts.catCol] };
}

/** Rank-based AUC (Mann–Whitney U), ties counted half. */
function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[idx[k]!] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = y.length - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

const PARAMS = { numIterations: 60, learningRate: 0.1, numLeaves: 15, seed: 7, numThreads: 1 };

async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<AlphaflowError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AlphaflowError);
  expect((caught as AlphaflowError).code).toBe(code);
  return caught as AlphaflowError;
}

describe('LightGBM library location', () => {
  it('names the install command when LIGHTGBM_LIB points at a missing file', async () => {
    const err = await expectCode(
      () => resolveLibraryPath({ env: { LIGHTGBM_LIB: '/nonexistent/lib_lightgbm.so' } }),
      ErrorCode.NativeLibraryMissing,
    );
    expect(err).toBeInstanceOf(NativeError);
    expect(err.message).toContain('/nonexistent/lib_lightgbm.so');
    expect(err.message).toContain('bash scripts/setup.sh');
    expect(err.message).toContain('LIGHTGBM_LIB');
  });

  it('refuses to create an engine on a missing explicit path', async () => {
    await expectCode(
      () => createLightgbmEngine({ path: '/nonexistent/x.so' }),
      ErrorCode.NativeLibraryMissing,
    );
  });

  it('reports a file that is not a loadable library the same way', async () => {
    const notALibrary = fileURLToPath(import.meta.url);
    const err = await expectCode(() => loadLightgbm(notALibrary), ErrorCode.NativeLibraryMissing);
    expect(err.message).toContain('bash scripts/setup.sh');
  });
});

describe.skipIf(!libraryPresent)('LightGBM engine (real library)', () => {
  const engine: LightgbmEngine = libraryPresent ? createLightgbmEngine() : (undefined as never);
  afterAll(() => engine?.close());
  const train = planted(1, 3000, 6);
  const test = planted(2, 2000, 6);

  it('learns a planted signal (worker thread): test AUC far above 0.5', async () => {
    const model = await engine.train(train, PARAMS);
    const p = model.predict(test.X, test.nRows);
    expect(auc(p, test.y)).toBeGreaterThan(0.85);
    const gain = model.featureImportance('gain');
    const split = model.featureImportance('split');
    // x0 carries the strongest signal, then x1; noise columns lag far behind.
    expect(gain.indexOf(Math.max(...gain))).toBe(0);
    expect(gain[1]!).toBeGreaterThan(Math.max(...gain.slice(2)));
    expect(split.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(model.bestIteration).toBe(PARAMS.numIterations);
    model.dispose();
  });

  it('is deterministic: same inputs and seed give byte-identical model text, worker or caller thread', async () => {
    const a = await engine.train(train, {
      ...PARAMS,
      featureFraction: 0.7,
      baggingFraction: 0.8,
      baggingFreq: 1,
    });
    const b = await engine.train(
      train,
      { ...PARAMS, featureFraction: 0.7, baggingFraction: 0.8, baggingFreq: 1 },
      { thread: 'caller' },
    );
    const c = await engine.train(
      train,
      { ...PARAMS, featureFraction: 0.7, baggingFraction: 0.8, baggingFreq: 1, seed: 8 },
      { thread: 'caller' },
    );
    expect(a.save()).toBe(b.save());
    expect(c.save()).not.toBe(a.save());
    for (const m of [a, b, c]) m.dispose();
  });

  it('queues concurrent trainings on the one worker and answers each with its own model', async () => {
    const small = { ...PARAMS, numIterations: 5 };
    const [a, b] = await Promise.all([
      engine.train(train, small),
      engine.train(train, { ...small, seed: 99 }),
    ]);
    const refA = await engine.train(train, small, { thread: 'caller' });
    const refB = await engine.train(train, { ...small, seed: 99 }, { thread: 'caller' });
    expect(a.save()).toBe(refA.save());
    expect(b.save()).toBe(refB.save());
    for (const m of [a, b, refA, refB]) m.dispose();
  });

  it('round-trips through save/load with identical predictions', async () => {
    const model = await engine.train(train, PARAMS, { thread: 'caller' });
    const text = model.save();
    const loaded = engine.loadModel(text, { expectedFeatureNames: train.featureNames });
    expect(Array.from(loaded.predict(test.X, test.nRows))).toEqual(
      Array.from(model.predict(test.X, test.nRows)),
    );
    expect(loaded.save()).toBe(text);
    expect(loaded.bestIteration).toBe(model.bestIteration);
    model.dispose();
    loaded.dispose();
  });

  it('predictOne equals batch predict for the same rows (1e-12) and predicts into a given buffer', async () => {
    const model = await engine.train(train, PARAMS, { thread: 'caller' });
    const n = 200;
    const out = new Float64Array(n);
    expect(model.predict(test.X.subarray(0, n * 6), n, out)).toBe(out);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(model.predictOne(test.X.subarray(i * 6, (i + 1) * 6)) - out[i]!)).toBeLessThan(1e-12);
    }
    model.dispose();
  });

  it('stops early on noise, keeping the best iteration', async () => {
    const noise = planted(3, 2000, 5, { noise: 1e6 });
    const valid = planted(4, 1000, 5, { noise: 1e6 });
    const model = await engine.train(
      noise,
      { ...PARAMS, numIterations: 400, earlyStoppingRounds: 10 },
      { validation: valid, thread: 'caller' },
    );
    const history = model.evalHistory.valid;
    expect(model.evalHistory.metric).toBe('binary_logloss');
    expect(history.length).toBeLessThan(400);
    expect(history.length).toBe(model.bestIteration + 10);
    const best = history[model.bestIteration - 1]!;
    expect(Math.min(...history)).toBe(best);
    // The saved model holds exactly the kept trees.
    expect(model.save().match(/^Tree=/gm)?.length).toBe(model.bestIteration);
    model.dispose();
  });

  it('tracks AUC (higher is better) on a validation set and keeps its maximum', async () => {
    const model = await engine.train(
      train,
      { ...PARAMS, metric: 'auc', earlyStoppingRounds: 15 },
      { validation: test, thread: 'caller' },
    );
    const history = model.evalHistory.valid;
    expect(model.evalHistory.metric).toBe('auc');
    expect(Math.max(...history)).toBe(history[model.bestIteration - 1]);
    expect(history[model.bestIteration - 1]!).toBeGreaterThan(0.85);
    expect(auc(model.predict(test.X, test.nRows), test.y)).toBeCloseTo(history[model.bestIteration - 1]!, 6);
    model.dispose();
  });

  it('trains a regression objective', async () => {
    const rng = new Rng(12);
    const y = new Float32Array(train.nRows);
    for (let i = 0; i < train.nRows; i++)
      y[i] = 2 * train.X[i * 6]! - train.X[i * 6 + 1]! + 0.1 * rng.normal();
    const model = await engine.train(
      { ...train, y },
      { ...PARAMS, objective: 'regression' },
      { thread: 'caller' },
    );
    const p = model.predict(train.X, train.nRows);
    let sse = 0;
    let sst = 0;
    for (let i = 0; i < train.nRows; i++) {
      sse += (p[i]! - y[i]!) ** 2;
      sst += y[i]! ** 2;
    }
    expect(sse / sst).toBeLessThan(0.1);
    model.dispose();
  });

  it('accepts a categorical column and uses it', async () => {
    const catTrain = planted(5, 3000, 4, { catCol: 3 });
    const catTest = planted(6, 2000, 4, { catCol: 3 });
    const model = await engine.train(catTrain, PARAMS, { thread: 'caller' });
    const text = model.save();
    expect(text).toContain('[categorical_feature: 3]');
    expect(text).toMatch(/^num_cat=[1-9]/m);
    expect(auc(model.predict(catTest.X, catTest.nRows), catTest.y)).toBeGreaterThan(0.85);
    model.dispose();
  });

  it('warns about and drops constant and all-NaN columns; predictions ignore them', async () => {
    const base = planted(7, 2000, 4);
    const nCols = 6;
    const X = new Float32Array(base.nRows * nCols);
    for (let i = 0; i < base.nRows; i++) {
      X.set(base.X.subarray(i * 4, i * 4 + 2), i * nCols);
      X[i * nCols + 2] = 5; // constant
      X[i * nCols + 3] = Number.NaN; // all NaN
      X.set(base.X.subarray(i * 4 + 2, i * 4 + 4), i * nCols + 4);
    }
    const names = ['a', 'b', 'const', 'nan', 'c', 'd'];
    const events: ModelLogEvent[] = [];
    const data = { ...base, X, nCols, featureNames: names };
    const model = await engine.train(data, PARAMS, { logger: (e) => events.push(e) });
    expect(events.filter((e) => e.level === 'warn').flatMap((e) => e.columns)).toEqual(['nan', 'const']);
    expect(model.droppedFeatures).toEqual(['const', 'nan']);
    expect(model.featureNames).toEqual(names);
    const gain = model.featureImportance('gain');
    expect(gain[2]).toBe(0);
    expect(gain[3]).toBe(0);
    expect(gain[0]!).toBeGreaterThan(0);
    const before = model.predict(X, base.nRows);
    const altered = X.slice();
    for (let i = 0; i < base.nRows; i++) {
      altered[i * nCols + 2] = -100;
      altered[i * nCols + 3] = 42;
    }
    expect(Array.from(model.predict(altered, base.nRows))).toEqual(Array.from(before));
    expect(model.predictOne(altered.subarray(0, nCols))).toBe(before[0]);
    const reloaded = engine.loadModel(model.save());
    expect(reloaded.droppedFeatures).toEqual(['const', 'nan']);
    expect(Array.from(reloaded.predict(X, base.nRows))).toEqual(Array.from(before));
    model.dispose();
    reloaded.dispose();
  });

  it('rejects one-class labels, non-finite labels and mismatched feature sets with typed errors', async () => {
    const ones = { ...train, y: new Float32Array(train.nRows).fill(1) };
    await expectCode(engine.train(ones, PARAMS), ErrorCode.SingleClass);
    const bad = { ...train, y: train.y.slice() };
    bad.y[17] = Number.NaN;
    await expectCode(engine.train(bad, PARAMS, { thread: 'caller' }), ErrorCode.NonFinite);
    const model = await engine.train(train, PARAMS, { thread: 'caller' });
    await expectCode(
      () => engine.loadModel(model.save(), { expectedFeatureNames: ['f0', 'f1', 'f2', 'f3', 'f4', 'other'] }),
      ErrorCode.FeatureSetMismatch,
    );
    model.dispose();
  });

  it('refuses corrupted model text with E_CORRUPT_MODEL (and never crashes the process)', async () => {
    const model = await engine.train(train, PARAMS, { thread: 'caller' });
    const text = model.save();
    model.dispose();
    const lightgbmOnly = text.slice(0, text.indexOf('alphaflow_model:'));
    const corruptions = [
      'hello world',
      '',
      // A truncated tree makes LightGBM itself abort the process; it must be caught before.
      lightgbmOnly.slice(0, Math.floor(lightgbmOnly.length / 3)),
      // One digit of a leaf value changed: only the checksum can tell.
      text.replace(
        /leaf_value=(-?)(\d)/,
        (_m, sign: string, d: string) => `leaf_value=${sign}${(Number(d) + 1) % 10}`,
      ),
      text.replace('"sha256":"', '"sha256":"0'),
      text.replace('alphaflow_model:{', 'alphaflow_model:{{'),
      lightgbmOnly.replace(/^left_child=(\S+)/m, 'left_child=999'),
    ];
    for (const bad of corruptions) {
      expect(bad).not.toBe(text);
      await expectCode(() => engine.loadModel(bad), ErrorCode.CorruptModel);
    }
    // LightGBM's own text without the alphaflow line still loads (its names become the columns).
    const plain = engine.loadModel(lightgbmOnly);
    expect(plain.featureNames).toEqual(train.featureNames);
    plain.dispose();
  });

  it('keeps the event loop turning while a larger training runs in the worker', async () => {
    const big = planted(9, 25_000, 20);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = performance.now();
    const model = await engine.train(big, { ...PARAMS, numIterations: 60, numLeaves: 63, numThreads: 2 });
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    model.dispose();
    // A blocked loop would tick at most once; a free one ticks about every 5 ms.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(Math.min(20, elapsed / 5 / 4));
  });

  it('aborts a running training through its AbortSignal', async () => {
    const big = planted(10, 30_000, 20);
    const ctrl = new AbortController();
    const events: ModelLogEvent[] = [];
    const run = engine.train(
      big,
      { ...PARAMS, numIterations: 100_000 },
      { signal: ctrl.signal, logger: (e) => events.push(e) },
    );
    setTimeout(() => ctrl.abort(), 300);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // The worker is free again afterwards.
    const model = await engine.train(train, PARAMS);
    expect(model.bestIteration).toBe(PARAMS.numIterations);
    model.dispose();
  });

  it('moves inputs to the worker when asked, leaving the caller arrays detached', async () => {
    const moved = planted(1, 3000, 6);
    const model = await engine.train(moved, PARAMS, { transferInputs: true });
    expect(moved.X.byteLength).toBe(0);
    expect(moved.y.byteLength).toBe(0);
    const reference = await engine.train(train, PARAMS, { thread: 'caller' });
    expect(model.save()).toBe(reference.save());
    model.dispose();
    reference.dispose();
  });

  it('refuses to score after dispose and on wrongly shaped input', async () => {
    const model = await engine.train(train, PARAMS, { thread: 'caller' });
    await expectCode(() => model.predict(test.X, 7), ErrorCode.InvalidInput);
    await expectCode(() => model.predictOne(new Float32Array(5)), ErrorCode.InvalidInput);
    model.dispose();
    await expectCode(() => model.predictOne(test.X.subarray(0, 6)), ErrorCode.InvalidInput);
  });
});

/** LightGBM's kZeroThreshold (1e-35f) as a double. */
const ZERO = Math.fround(1e-35);

/** Thresholds that stress the decision rules: around kZeroThreshold, 0, and float32 values rows can hit exactly. */
const THRESHOLDS = [
  ZERO,
  -ZERO,
  0,
  5e-36,
  -5e-36,
  1e-30,
  -1e-30,
  Math.fround(0.3),
  Math.fround(-1.7),
  2.5,
  -0.25,
];

/**
 * LightGBM model text with random trees grown the way LightGBM grows them (a
 * leaf splits into itself and a new leaf), every decision type (missing type
 * None/Zero/NaN, default left or right, categorical bitsets over two words).
 * Columns ≥ nNumeric are categorical.
 */
function randomModelText(
  rng: Rng,
  o: { trees: number; nNumeric: number; nCat: number; objective: string },
): string {
  const nf = o.nNumeric + o.nCat;
  const lit = (v: number) => String(v);
  const blocks: string[] = [];
  for (let t = 0; t < o.trees; t++) {
    const leaves = 1 + rng.int(12);
    const left: number[] = [];
    const right: number[] = [];
    const parent = [-1];
    for (let n = 0; n < leaves - 1; n++) {
      const leaf = rng.int(n + 1);
      const p = parent[leaf]!;
      if (p >= 0) {
        if (left[p] === ~leaf) left[p] = n;
        else right[p] = n;
      }
      left[n] = ~leaf;
      right[n] = ~(n + 1);
      parent[leaf] = n;
      parent[n + 1] = n;
    }
    const feature: number[] = [];
    const threshold: number[] = [];
    const decision: number[] = [];
    const boundaries = [0];
    const bits: number[] = [];
    for (let n = 0; n < leaves - 1; n++) {
      const f = rng.int(nf);
      feature.push(f);
      const missing = rng.int(3);
      if (f >= o.nNumeric) {
        threshold.push(boundaries.length - 1);
        decision.push(1 | (missing << 2));
        const words = 1 + rng.int(2);
        for (let w = 0; w < words; w++) bits.push(rng.nextUint32());
        boundaries.push(bits.length);
      } else {
        threshold.push(rng.int(3) === 0 ? rng.normal() : THRESHOLDS[rng.int(THRESHOLDS.length)]!);
        decision.push((rng.int(2) << 1) | (missing << 2));
      }
    }
    const leafValues = Array.from({ length: leaves }, () => rng.normal() * 0.1);
    const lines = [`Tree=${t}`, `num_leaves=${leaves}`, `num_cat=${boundaries.length - 1}`];
    if (leaves > 1) {
      lines.push(
        `split_feature=${feature.join(' ')}`,
        `split_gain=${feature.map(() => 1).join(' ')}`,
        `threshold=${threshold.map(lit).join(' ')}`,
        `decision_type=${decision.join(' ')}`,
        `left_child=${left.join(' ')}`,
        `right_child=${right.join(' ')}`,
      );
    }
    lines.push(`leaf_value=${leafValues.map(lit).join(' ')}`);
    if (boundaries.length > 1)
      lines.push(`cat_boundaries=${boundaries.join(' ')}`, `cat_threshold=${bits.join(' ')}`);
    lines.push('is_linear=0', 'shrinkage=1');
    blocks.push(`${lines.join('\n')}\n\n\n`);
  }
  const names = Array.from({ length: nf }, (_, j) => `c${j}`);
  const header = [
    'tree',
    'version=v4',
    'num_class=1',
    'num_tree_per_iteration=1',
    'label_index=0',
    `max_feature_idx=${nf - 1}`,
    `objective=${o.objective}`,
    `feature_names=${names.join(' ')}`,
    `feature_infos=${names.map(() => 'none').join(' ')}`,
    `tree_sizes=${blocks.map((b) => b.length).join(' ')}`,
  ];
  return `${header.join('\n')}\n\n${blocks.join('')}end of trees\n`;
}

/** Rows mixing NaN, ±0, values within and at ±kZeroThreshold, the thresholds themselves, huge values and (unseen) categories. */
function nastyRows(
  rng: Rng,
  nRows: number,
  nNumeric: number,
  nCat: number,
  thresholds: readonly number[],
): Float32Array {
  const nf = nNumeric + nCat;
  const special = [Number.NaN, 0, -0, ZERO, -ZERO, 1e-36, -1e-36, 3e-35, 3e9, -3e9, ...thresholds];
  const cats = [
    Number.NaN,
    0,
    1,
    5,
    31,
    32,
    33,
    63,
    64,
    70,
    1000,
    -1,
    -0.5,
    0.5,
    2.7,
    -3,
    3e9,
    2 ** 31,
    2 ** 32,
    2 ** 33 + 2 ** 10,
    ZERO,
    -ZERO,
  ];
  const X = new Float32Array(nRows * nf);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nf; j++) {
      const r = rng.int(4);
      X[i * nf + j] =
        j >= nNumeric
          ? r === 0
            ? cats[rng.int(cats.length)]!
            : rng.int(40)
          : r === 0
            ? rng.normal()
            : special[rng.int(special.length)]!;
    }
  }
  return X;
}

/** The thresholds of a trained model's numerical splits on the given feature columns. */
function thresholdsOf(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/^threshold=(.*)$/gm)) out.push(...m[1]!.split(' ').map(Number));
  return out;
}

/** Same output bits (NaN = NaN, -0 ≠ 0), with the first differing row in the message. */
function expectIdentical(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const diff = actual.findIndex((v, i) => !Object.is(v, expected[i]));
  expect(diff === -1 ? 'identical' : `row ${diff}: ${actual[diff]} vs ${expected[diff]}`).toBe('identical');
}

describe.skipIf(!libraryPresent)('compiled scorer vs LightGBM itself (bit for bit)', () => {
  const engine: LightgbmEngine = libraryPresent ? createLightgbmEngine() : (undefined as never);
  afterAll(() => engine?.close());

  /** Scores X with both scorers, batch and row by row, and requires identical outputs. */
  function compareScorers(text: string, X: Float32Array, nRows: number): void {
    const compiled = engine.loadModel(text);
    const native = engine.loadModel(text, { scorer: 'native' });
    expect(compiled.scorerKind).toBe('compiled');
    expect(native.scorerKind).toBe('native');
    const want = native.predict(X, nRows);
    expectIdentical(compiled.predict(X, nRows), want);
    const nf = X.length / nRows;
    const one = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) one[i] = compiled.predictOne(X.subarray(i * nf, (i + 1) * nf));
    expectIdentical(one, want);
    compiled.dispose();
    native.dispose();
  }

  it('random trees with every decision type, binary objective: identical probabilities on 4,000 nasty rows', () => {
    const rng = new Rng(41);
    for (const sigmoid of ['1', '0.7']) {
      const text = randomModelText(rng, {
        trees: 60,
        nNumeric: 5,
        nCat: 2,
        objective: `binary sigmoid:${sigmoid}`,
      });
      compareScorers(text, nastyRows(rng, 4000, 5, 2, THRESHOLDS), 4000);
    }
  });

  it('random trees, regression objective: identical raw sums (tree order kept) on 4,000 nasty rows', () => {
    const rng = new Rng(42);
    const text = randomModelText(rng, { trees: 80, nNumeric: 4, nCat: 1, objective: 'regression' });
    compareScorers(text, nastyRows(rng, 4000, 4, 1, THRESHOLDS), 4000);
  });

  it('a trained binary model with NaN, zeros and a categorical column: identical on 5,000 rows incl. exact thresholds', async () => {
    const rng = new Rng(43);
    const data = planted(44, 4000, 5, { catCol: 4 });
    for (let i = 0; i < data.nRows; i++) {
      if (rng.int(10) === 0) data.X[i * 5] = Number.NaN;
      if (rng.int(10) === 0) data.X[i * 5 + 1] = 0;
    }
    const model = await engine.train(data, { ...PARAMS, numIterations: 80 }, { thread: 'caller' });
    const text = model.save();
    model.dispose();
    expect(text).toMatch(/^num_cat=[1-9]/m);
    expect(text).toMatch(/^decision_type=.*\b(8|10)\b/m);
    const thresholds = thresholdsOf(text).map((t) => Math.fround(t));
    compareScorers(text, nastyRows(rng, 5000, 4, 1, thresholds), 5000);
  });

  it('a trained regression model whose training dropped a constant column reads the right input columns', async () => {
    const data = planted(45, 3000, 4);
    const y = new Float32Array(data.nRows);
    for (let i = 0; i < data.nRows; i++) {
      y[i] = data.X[i * 4]! * 2 - data.X[i * 4 + 3]!;
      data.X[i * 4 + 1] = 1;
    }
    const model = await engine.train(
      { ...data, y },
      { ...PARAMS, objective: 'regression' },
      { thread: 'caller' },
    );
    expect(model.droppedFeatures).toEqual(['f1']);
    const text = model.save();
    model.dispose();
    const rng = new Rng(46);
    compareScorers(
      text,
      nastyRows(
        rng,
        3000,
        4,
        0,
        thresholdsOf(text).map((t) => Math.fround(t)),
      ),
      3000,
    );
  });

  it('keeps LightGBM as the scorer for a model the compiler does not support', () => {
    const text = randomModelText(new Rng(47), { trees: 5, nNumeric: 3, nCat: 0, objective: 'poisson' });
    const model = engine.loadModel(text);
    const X = nastyRows(new Rng(48), 50, 3, 0, THRESHOLDS);
    expect(model.predict(X, 50).every((p) => p > 0)).toBe(true);
    expect(model.scorerKind).toBe('native');
    model.dispose();
  });
});
