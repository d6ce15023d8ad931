/**
 * The LightGBM implementation of the GBDT engine port: public surface of
 * src/model/lightgbm/.
 */
import type { GbdtEngine, GbdtParams, LoadOptions, TrainData, TrainOptions } from '../engine.js';
import { LightgbmModel, loadLightgbmModel } from './booster.js';
import { type LibraryLocation, loadLightgbm, preferPassiveOpenMp, resolveLibraryPath } from './ffi.js';
import { type TrainOutcome, trainLightgbm } from './train.js';
import { TrainingWorker } from './workerClient.js';

export { LightgbmModel, loadLightgbmModel } from './booster.js';
export { DEFAULT_LIBRARY_PATH, type LibraryLocation, resolveLibraryPath } from './ffi.js';
export { parseModelText } from './modelText.js';

/** A GbdtEngine whose models are LightgbmModel instances. */
export interface LightgbmEngine extends GbdtEngine {
  /** The lib_lightgbm.so in use. */
  readonly libraryPath: string;
  train(data: TrainData, params: GbdtParams, opts?: TrainOptions): Promise<LightgbmModel>;
  loadModel(text: string, opts?: LoadOptions): LightgbmModel;
}

/**
 * Finds the library now (throws NativeError E_NATIVE_LIBRARY_MISSING with the
 * install hint when absent) and returns the engine. Call close() when done
 * training in worker mode, to stop the worker thread.
 */
export function createLightgbmEngine(location: LibraryLocation = {}): LightgbmEngine {
  const libraryPath = resolveLibraryPath(location);
  preferPassiveOpenMp();
  let worker: TrainingWorker | undefined;
  const api = () => loadLightgbm(libraryPath);

  function callerThread(data: TrainData, params: GbdtParams, opts: TrainOptions): TrainOutcome {
    opts.signal?.throwIfAborted();
    return trainLightgbm(api(), data, params, {
      validation: opts.validation,
      logger: opts.logger,
      isCancelled: () => opts.signal?.aborted === true,
    });
  }

  return {
    name: 'lightgbm',
    libraryPath,
    async train(data, params, opts: TrainOptions = {}) {
      const outcome =
        opts.thread === 'caller'
          ? callerThread(data, params, opts)
          : await (worker ??= new TrainingWorker(libraryPath)).run(data, params, {
              validation: opts.validation,
              logger: opts.logger,
              signal: opts.signal,
              transferInputs: opts.transferInputs ?? false,
            });
      // Straight from LightGBM: no need for loadModel's parse-and-validate step. A fresh model is
      // usually scored once (cross-validation), where compiling and warming up the generated
      // evaluator costs more than it saves, so it keeps LightGBM's scorer; loadModel compiles.
      return new LightgbmModel(api(), outcome, params.numThreads, 'native');
    },
    loadModel(text, opts) {
      return loadLightgbmModel(api(), text, opts);
    },
    async close() {
      const w = worker;
      worker = undefined;
      await w?.close();
    },
  };
}
