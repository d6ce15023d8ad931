/**
 * LightGBM's C API (lib_lightgbm.so 4.x) bound through koffi: finding the
 * library, declaring the functions alphaflow calls, and turning a non-zero
 * return code into a NativeError carrying LGBM_GetLastError().
 *
 * Pointers are passed as typed arrays (koffi hands C the array's own memory,
 * no copy) and handles travel as bigint addresses; out-parameters are small
 * typed arrays the caller owns, so hot calls allocate nothing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import koffi, { type LibraryHandle } from 'koffi';
import { ErrorCode, NativeError } from '../../core/errors.js';

/** Constants of c_api.h. */
export const C_API_DTYPE_FLOAT32 = 0;
export const C_API_PREDICT_NORMAL = 0;
export const C_API_FEATURE_IMPORTANCE_SPLIT = 0;
export const C_API_FEATURE_IMPORTANCE_GAIN = 1;

/** Address of a native LightGBM object (0n = none). */
export type Handle = bigint;

/** Where the library is looked for when neither an explicit path nor LIGHTGBM_LIB is given. */
export const DEFAULT_LIBRARY_PATH = fileURLToPath(
  new URL('../../../.native/lightgbm/lib_lightgbm.so', import.meta.url),
);

const INSTALL_HINT =
  'Install it with `bash scripts/setup.sh` (puts LightGBM 4.6.0 into .native/lightgbm/), ' +
  'or set LIGHTGBM_LIB to the path of a lib_lightgbm.so.';

/** Where to look for lib_lightgbm.so (see resolveLibraryPath). */
export interface LibraryLocation {
  /** Takes precedence over everything else. */
  path?: string;
  /** Environment to read LIGHTGBM_LIB from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The library file to load: explicit path, else $LIGHTGBM_LIB, else .native/lightgbm/; throws E_NATIVE_LIBRARY_MISSING. */
export function resolveLibraryPath(loc: LibraryLocation = {}): string {
  const fromEnv = (loc.env ?? process.env).LIGHTGBM_LIB;
  const [path, source] =
    loc.path !== undefined
      ? [loc.path, 'the given path']
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, 'LIGHTGBM_LIB']
        : [DEFAULT_LIBRARY_PATH, 'the default location'];
  if (!existsSync(path)) {
    throw new NativeError(
      ErrorCode.NativeLibraryMissing,
      `LightGBM shared library not found (path from ${source}). ${INSTALL_HINT}`,
      { file: path, rule: 'native library present' },
    );
  }
  return path;
}

/** The subset of the C API alphaflow uses, with typed signatures. Every function returns 0 on success. */
export interface LightgbmApi {
  readonly path: string;
  lastError(): string;
  datasetCreateFromMat(
    data: Float32Array,
    dataType: number,
    nRow: number,
    nCol: number,
    isRowMajor: number,
    parameters: string,
    reference: Handle | null,
    out: BigUint64Array,
  ): number;
  datasetSetField(handle: Handle, field: string, data: Float32Array, n: number, type: number): number;
  datasetSetFeatureNames(handle: Handle, names: readonly string[], n: number): number;
  datasetFree(handle: Handle): number;
  boosterCreate(train: Handle, parameters: string, out: BigUint64Array): number;
  boosterAddValidData(booster: Handle, valid: Handle): number;
  boosterUpdateOneIter(booster: Handle, isFinished: Int32Array): number;
  boosterGetCurrentIteration(booster: Handle, out: Int32Array): number;
  boosterGetEvalCounts(booster: Handle, out: Int32Array): number;
  boosterGetEval(booster: Handle, dataIdx: number, outLen: Int32Array, out: Float64Array): number;
  boosterSaveModelToString(
    booster: Handle,
    startIteration: number,
    numIteration: number,
    importanceType: number,
    bufferLen: bigint,
    outLen: BigInt64Array,
    out: Uint8Array | null,
  ): number;
  boosterLoadModelFromString(text: string, outNumIterations: Int32Array, out: BigUint64Array): number;
  boosterFree(booster: Handle): number;
  boosterGetNumFeature(booster: Handle, out: Int32Array): number;
  boosterFeatureImportance(booster: Handle, numIteration: number, type: number, out: Float64Array): number;
  boosterPredictForMat(
    booster: Handle,
    data: Float32Array,
    dataType: number,
    nRow: number,
    nCol: number,
    isRowMajor: number,
    predictType: number,
    startIteration: number,
    numIteration: number,
    parameter: string,
    outLen: BigInt64Array,
    out: Float64Array,
  ): number;
  predictSingleRowFastInit(
    booster: Handle,
    predictType: number,
    startIteration: number,
    numIteration: number,
    dataType: number,
    nCol: number,
    parameter: string,
    out: BigUint64Array,
  ): number;
  predictSingleRowFast(
    fastConfig: Handle,
    row: Float32Array,
    outLen: BigInt64Array,
    out: Float64Array,
  ): number;
  fastConfigFree(fastConfig: Handle): number;
}

/**
 * Makes LightGBM's OpenMP threads sleep rather than spin while they wait,
 * unless the user chose a policy. Spinning threads on a shared or busy
 * machine (more runnable threads than cores) turned a 0.1 s training into
 * 4 s in our runs. libgomp reads this once, when it is first loaded into the
 * process, so this must run on the main thread (a worker's process.env is a
 * private copy) before the library is loaded anywhere.
 */
export function preferPassiveOpenMp(): void {
  if (process.env.OMP_WAIT_POLICY === undefined && process.env.GOMP_SPINCOUNT === undefined) {
    process.env.OMP_WAIT_POLICY = 'PASSIVE';
  }
}

const loaded = new Map<string, LightgbmApi>();

/** Binds the C API of the library at `path` (once per path and thread); load failures → E_NATIVE_LIBRARY_MISSING. */
export function loadLightgbm(path: string): LightgbmApi {
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  preferPassiveOpenMp();
  let lib: LibraryHandle;
  try {
    lib = koffi.load(path);
  } catch (cause) {
    throw new NativeError(
      ErrorCode.NativeLibraryMissing,
      `cannot load it as LightGBM: ${cause instanceof Error ? cause.message : String(cause)}. ${INSTALL_HINT}`,
      { file: path, rule: 'native library loadable', cause },
    );
  }
  const f = (proto: string) => lib.func(proto);
  const api: LightgbmApi = {
    path,
    lastError: f('const char *LGBM_GetLastError()'),
    datasetCreateFromMat: f(
      'int LGBM_DatasetCreateFromMat(const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, const char *parameters, void *reference, void *out)',
    ),
    datasetSetField: f(
      'int LGBM_DatasetSetField(void *handle, const char *field_name, const void *field_data, int num_element, int type)',
    ),
    datasetSetFeatureNames: f(
      'int LGBM_DatasetSetFeatureNames(void *handle, const char **feature_names, int num_feature_names)',
    ),
    datasetFree: f('int LGBM_DatasetFree(void *handle)'),
    boosterCreate: f('int LGBM_BoosterCreate(void *train_data, const char *parameters, void *out)'),
    boosterAddValidData: f('int LGBM_BoosterAddValidData(void *handle, void *valid_data)'),
    boosterUpdateOneIter: f('int LGBM_BoosterUpdateOneIter(void *handle, void *is_finished)'),
    boosterGetCurrentIteration: f('int LGBM_BoosterGetCurrentIteration(void *handle, void *out_iteration)'),
    boosterGetEvalCounts: f('int LGBM_BoosterGetEvalCounts(void *handle, void *out_len)'),
    boosterGetEval: f(
      'int LGBM_BoosterGetEval(void *handle, int data_idx, void *out_len, void *out_results)',
    ),
    boosterSaveModelToString: f(
      'int LGBM_BoosterSaveModelToString(void *handle, int start_iteration, int num_iteration, int feature_importance_type, int64_t buffer_len, void *out_len, void *out_str)',
    ),
    boosterLoadModelFromString: f(
      'int LGBM_BoosterLoadModelFromString(const char *model_str, void *out_num_iterations, void *out)',
    ),
    boosterFree: f('int LGBM_BoosterFree(void *handle)'),
    boosterGetNumFeature: f('int LGBM_BoosterGetNumFeature(void *handle, void *out_len)'),
    boosterFeatureImportance: f(
      'int LGBM_BoosterFeatureImportance(void *handle, int num_iteration, int importance_type, void *out_results)',
    ),
    boosterPredictForMat: f(
      'int LGBM_BoosterPredictForMat(void *handle, const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, int predict_type, int start_iteration, int num_iteration, const char *parameter, void *out_len, void *out_result)',
    ),
    predictSingleRowFastInit: f(
      'int LGBM_BoosterPredictForMatSingleRowFastInit(void *handle, int predict_type, int start_iteration, int num_iteration, int data_type, int32_t ncol, const char *parameter, void *out_fastConfig)',
    ),
    predictSingleRowFast: f(
      'int LGBM_BoosterPredictForMatSingleRowFast(void *fastConfig_handle, const void *data, void *out_len, void *out_result)',
    ),
    fastConfigFree: f('int LGBM_FastConfigFree(void *fastConfig)'),
  };
  loaded.set(path, api);
  return api;
}

let libmExp: ((x: number) => number) | undefined;

/**
 * The C library's exp, the one LightGBM's sigmoid calls: V8's Math.exp
 * differs from glibc's in the last bit for ~10 % of arguments (4 % of
 * probabilities), so bit-identical probabilities need this one (~60 ns a call).
 */
export function loadLibmExp(): (x: number) => number {
  if (libmExp !== undefined) return libmExp;
  try {
    libmExp = koffi.load('libm.so.6').func('double exp(double)') as (x: number) => number;
  } catch (cause) {
    throw new NativeError(ErrorCode.NativeLibraryMissing, 'cannot load the C math library libm.so.6', {
      file: 'libm.so.6',
      rule: 'native library loadable',
      cause,
    });
  }
  return libmExp;
}

/** Throws a NativeError (E_NATIVE) with LightGBM's last error message when `rc` is non-zero. */
export function check(api: LightgbmApi, rc: number, what: string): void {
  if (rc !== 0) {
    throw new NativeError(ErrorCode.Native, `LightGBM ${what} failed: ${api.lastError()}`, { rule: what });
  }
}
