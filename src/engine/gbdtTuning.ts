/**
 * TPE search of LightGBM parameters by purged-CV AUC: the `alphaflow tune`
 * search, shared with the tuning benchmark. Each concurrent trial trains in
 * its own engine (worker thread), single-threaded, one fold at a time; the
 * median pruner may stop a trial between folds.
 */
import type { Split } from '../model/cv/index.js';
import { subsetTrainData } from '../model/dataset.js';
import type { GbdtEngine, GbdtParams, TrainData } from '../model/engine.js';
import { auc } from '../model/metrics/index.js';
import {
  createStudy,
  crossValidatedObjective,
  floatParam,
  intParam,
  type Study,
} from '../model/tuning/index.js';
import type { Trial } from '../model/tuning/trial.js';

export interface GbdtTuningOptions {
  trials: number;
  /** Trials at once, one engine each. */
  parallel: number;
  seed: number;
  /** Study journal (JSON lines); resumes when it exists. */
  storage?: string;
  onTrial?: (t: Trial) => void;
}

export interface GbdtTuningResult {
  study: Study;
  /** Wall time of the search, s (engine start-up included). */
  seconds: number;
}

/** The search space of `alphaflow tune`. */
export const GBDT_SEARCH_SPACE = {
  learningRate: floatParam(0.01, 0.2, { log: true }),
  numLeaves: intParam(4, 63, { log: true }),
  minDataInLeaf: intParam(50, 5000, { log: true }),
  featureFraction: floatParam(0.4, 1),
  lambdaL2: floatParam(1e-3, 100, { log: true }),
  numIterations: intParam(50, 400),
};

/** Runs `opts.trials` TPE trials maximising out-of-fold AUC over `splits` of `data`. */
export async function tuneGbdt(
  data: TrainData,
  splits: readonly Split[],
  createEngine: () => GbdtEngine,
  opts: GbdtTuningOptions,
): Promise<GbdtTuningResult> {
  const t0 = performance.now();
  const engines = Array.from({ length: opts.parallel }, createEngine);
  const idle = [...engines];
  const study = createStudy({
    direction: 'maximize',
    seed: opts.seed,
    ...(opts.storage ? { storage: opts.storage } : {}),
    space: GBDT_SEARCH_SPACE,
  });
  try {
    await study.optimize(
      crossValidatedObjective(splits, async (p, train, test) => {
        // At most `parallel` trials run at once, each one fold at a time: an engine is always idle.
        const engine = idle.pop()!;
        try {
          const params: GbdtParams = { ...(p as unknown as GbdtParams), seed: opts.seed, numThreads: 1 };
          const model = await engine.train(subsetTrainData(data, train), params);
          const held = subsetTrainData(data, test);
          const score = auc(model.predict(held.X, held.nRows), Float64Array.from(held.y));
          model.dispose();
          return score;
        } finally {
          idle.push(engine);
        }
      }),
      {
        nTrials: opts.trials,
        parallelism: opts.parallel,
        ...(opts.onTrial ? { onTrial: opts.onTrial } : {}),
      },
    );
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  return { study, seconds: (performance.now() - t0) / 1000 };
}
