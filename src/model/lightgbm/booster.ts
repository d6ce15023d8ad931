/**
 * A loaded LightGBM booster behind the TrainedModel port: prediction through
 * the evaluator compiled from the model text (src/model/treeEnsemble/, bit
 * for bit LightGBM's outputs, ≈ 3× faster once warm), or through LightGBM itself
 * (LGBM_BoosterPredictForMat, and the single-row fast path: FastConfig set up
 * once, preallocated buffers, no allocation per call), feature importance,
 * and the mapping from the caller's input columns to the model's columns
 * when training dropped some. Native handles are freed by dispose(), with a
 * FinalizationRegistry as the safety net for models nobody disposed.
 */
import { AlphaflowError, ConfigError, DataError, ErrorCode, ModelError } from '../../core/errors.js';
import type { EvalHistory, ImportanceType, LoadOptions, TrainedModel } from '../engine.js';
import { checkFeatureNames } from '../engine.js';
import {
  applyTransform,
  CompiledEnsemble,
  type ExpFn,
  transformOne,
} from '../treeEnsemble/compiledEnsemble.js';
import { treeEnsembleFromLightgbm } from '../treeEnsemble/ensemble.js';
import { keepsAll, projectColumns } from './dataset.js';
import {
  C_API_DTYPE_FLOAT32,
  C_API_FEATURE_IMPORTANCE_GAIN,
  C_API_FEATURE_IMPORTANCE_SPLIT,
  C_API_PREDICT_NORMAL,
  check,
  type Handle,
  type LightgbmApi,
  loadLibmExp,
} from './ffi.js';
import { composeModelText, type ParsedModel, parseModelText } from './modelText.js';

/** Native handles of one model; shared with the finalizer, so it must not reference the model. */
interface NativeHandles {
  api: LightgbmApi;
  booster: Handle;
  fastConfig: Handle;
}

function freeHandles(h: NativeHandles): void {
  if (h.fastConfig !== 0n) h.api.fastConfigFree(h.fastConfig);
  if (h.booster !== 0n) h.api.boosterFree(h.booster);
  h.fastConfig = 0n;
  h.booster = 0n;
}

const finalizer = new FinalizationRegistry<NativeHandles>(freeHandles);

/** Parses, validates and loads saved model text; see LoadOptions for the feature-set check. */
export function loadLightgbmModel(api: LightgbmApi, text: string, opts: LoadOptions = {}): LightgbmModel {
  const parsed = parseModelText(text);
  if (opts.expectedFeatureNames !== undefined) {
    checkFeatureNames(parsed.inputFeatures, opts.expectedFeatureNames);
  }
  return new LightgbmModel(api, parsed, opts.numThreads ?? 1, opts.scorer ?? 'compiled');
}

/** Which scorer a model uses: compiled (with the C library's exp), not yet compiled, or LightGBM's own. */
type Scorer =
  | { kind: 'compiled'; ensemble: CompiledEnsemble; exp: ExpFn }
  | { kind: 'pending' }
  | { kind: 'native' };

/** A LightGBM booster loaded for scoring (see the module comment). */
export class LightgbmModel implements TrainedModel {
  readonly featureNames: readonly string[];
  readonly bestIteration: number;
  readonly evalHistory: EvalHistory;
  readonly droppedFeatures: readonly string[];
  private readonly handles: NativeHandles;
  private readonly parsed: ParsedModel;
  private readonly nInput: number;
  private readonly modelColumns: Int32Array;
  private readonly identity: boolean;
  private readonly predictParameter: string;
  private readonly rowBuf: Float32Array;
  private readonly oneOut = new Float64Array(1);
  private readonly outLen = new BigInt64Array(1);
  private batchBuf = new Float32Array(0);
  private scorer: Scorer;

  /** Use loadLightgbmModel(); `parsed` must come from parseModelText or a training run. */
  constructor(
    api: LightgbmApi,
    parsed: ParsedModel,
    numThreads: number,
    scorer: 'compiled' | 'native' = 'compiled',
  ) {
    if (!Number.isInteger(numThreads) || numThreads < 1) {
      throw new ConfigError(`numThreads must be an integer ≥ 1, got ${numThreads}`, { rule: 'numThreads' });
    }
    this.parsed = parsed;
    this.featureNames = parsed.inputFeatures;
    this.bestIteration = parsed.bestIteration;
    this.evalHistory = parsed.evalHistory;
    this.nInput = parsed.inputFeatures.length;
    this.modelColumns = Int32Array.from(parsed.modelColumns);
    this.identity = keepsAll(this.modelColumns, this.nInput);
    const used = new Set(parsed.modelColumns);
    this.droppedFeatures = parsed.inputFeatures.filter((_, i) => !used.has(i));
    this.predictParameter = `num_threads=${numThreads}`;
    this.rowBuf = new Float32Array(this.modelColumns.length);
    this.scorer = scorer === 'compiled' ? { kind: 'pending' } : { kind: 'native' };

    const out = new BigUint64Array(1);
    const iterations = new Int32Array(1);
    const rc = api.boosterLoadModelFromString(parsed.lightgbmText, iterations, out);
    if (rc !== 0) {
      const reason = api.lastError();
      throw new ModelError(ErrorCode.CorruptModel, `corrupted model: LightGBM refused it: ${reason}`, {
        rule: 'LightGBM model text',
      });
    }
    this.handles = { api, booster: out[0]!, fastConfig: 0n };
    finalizer.register(this, this.handles, this);
    const nFeature = new Int32Array(1);
    check(api, api.boosterGetNumFeature(this.handles.booster, nFeature), 'BoosterGetNumFeature');
    if (nFeature[0] !== this.modelColumns.length) {
      this.dispose();
      throw new ModelError(ErrorCode.CorruptModel, 'corrupted model: feature count differs from its header');
    }
  }

  predict(X: Float32Array, nRows: number, out?: Float64Array): Float64Array {
    const h = this.live();
    if (!Number.isInteger(nRows) || nRows < 0 || X.length !== nRows * this.nInput) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `predict got ${X.length} values for ${nRows} rows of ${this.nInput} features`,
        { rule: 'shape' },
      );
    }
    const result = out ?? new Float64Array(nRows);
    if (result.length < nRows) {
      throw new DataError(ErrorCode.InvalidInput, `output holds ${result.length} values for ${nRows} rows`, {
        rule: 'shape',
      });
    }
    if (nRows === 0) return result;
    const scorer = this.compiledScorer();
    if (scorer !== undefined) {
      scorer.ensemble.predictRaw(X, nRows, result);
      applyTransform(scorer.ensemble.transform, result, nRows, scorer.exp);
      return result;
    }
    const k = this.modelColumns.length;
    let input = X;
    if (!this.identity) {
      if (this.batchBuf.length < nRows * k) this.batchBuf = new Float32Array(nRows * k);
      input = projectColumns(X, nRows, this.nInput, this.modelColumns, this.batchBuf);
    }
    check(
      h.api,
      h.api.boosterPredictForMat(
        h.booster,
        input,
        C_API_DTYPE_FLOAT32,
        nRows,
        k,
        1,
        C_API_PREDICT_NORMAL,
        0,
        -1,
        this.predictParameter,
        this.outLen,
        result,
      ),
      'BoosterPredictForMat',
    );
    return result;
  }

  predictOne(row: Float32Array): number {
    const h = this.live();
    if (row.length !== this.nInput) {
      const message = `predictOne got ${row.length} values for ${this.nInput} features`;
      throw new DataError(ErrorCode.InvalidInput, message, { rule: 'shape' });
    }
    const scorer = this.compiledScorer();
    if (scorer !== undefined) {
      return transformOne(scorer.ensemble.transform, scorer.ensemble.predictRawRow(row, 0), scorer.exp);
    }
    if (h.fastConfig === 0n) this.initFastConfig(h);
    let input = row;
    if (!this.identity) {
      const cols = this.modelColumns;
      const buf = this.rowBuf;
      for (let j = 0; j < cols.length; j++) buf[j] = row[cols[j]!]!;
      input = buf;
    }
    const rc = h.api.predictSingleRowFast(h.fastConfig, input, this.outLen, this.oneOut);
    if (rc !== 0) check(h.api, rc, 'BoosterPredictForMatSingleRowFast');
    return this.oneOut[0]!;
  }

  featureImportance(type: ImportanceType): Float64Array {
    const h = this.live();
    const k = this.modelColumns.length;
    const native = new Float64Array(k);
    const kind = type === 'gain' ? C_API_FEATURE_IMPORTANCE_GAIN : C_API_FEATURE_IMPORTANCE_SPLIT;
    check(h.api, h.api.boosterFeatureImportance(h.booster, 0, kind, native), 'BoosterFeatureImportance');
    const out = new Float64Array(this.nInput);
    for (let j = 0; j < k; j++) out[this.modelColumns[j]!] = native[j]!;
    return out;
  }

  save(): string {
    this.live();
    const p = this.parsed;
    return composeModelText(p.lightgbmText, {
      inputFeatures: p.inputFeatures,
      modelColumns: p.modelColumns,
      bestIteration: p.bestIteration,
      evalHistory: p.evalHistory,
    });
  }

  dispose(): void {
    finalizer.unregister(this);
    freeHandles(this.handles);
  }

  /** Which scorer predictions use (compiles on first use): 'native' when asked for or when the model cannot be compiled. */
  get scorerKind(): 'compiled' | 'native' {
    return this.compiledScorer() === undefined ? 'native' : 'compiled';
  }

  /** The compiled scorer, built on first use (50–200 ms for a few hundred trees); undefined = use LightGBM. */
  private compiledScorer(): { ensemble: CompiledEnsemble; exp: ExpFn } | undefined {
    const s = this.scorer;
    if (s.kind === 'compiled') return s;
    if (s.kind === 'native') return undefined;
    try {
      const ensemble = new CompiledEnsemble(treeEnsembleFromLightgbm(this.parsed.lightgbmText), {
        inputWidth: this.nInput,
        columnOf: this.modelColumns,
      });
      this.scorer = { kind: 'compiled', ensemble, exp: loadLibmExp() };
      return this.scorer;
    } catch (e) {
      if (!(e instanceof AlphaflowError && e.code === ErrorCode.UnsupportedModel)) throw e;
      this.scorer = { kind: 'native' };
      return undefined;
    }
  }

  private live(): NativeHandles {
    if (this.handles.booster === 0n) {
      throw new ModelError(ErrorCode.InvalidInput, 'the model was disposed', { rule: 'model alive' });
    }
    return this.handles;
  }

  private initFastConfig(h: NativeHandles): void {
    const out = new BigUint64Array(1);
    check(
      h.api,
      h.api.predictSingleRowFastInit(
        h.booster,
        C_API_PREDICT_NORMAL,
        0,
        -1,
        C_API_DTYPE_FLOAT32,
        this.modelColumns.length,
        'num_threads=1',
        out,
      ),
      'BoosterPredictForMatSingleRowFastInit',
    );
    h.fastConfig = out[0]!;
  }
}
