/**
 * A tree ensemble as plain typed arrays, read from LightGBM's model text: the
 * input of the compiled evaluator (compiledEnsemble.ts). Node numbering is
 * LightGBM's own: a child ≥ 0 is an internal node, a child < 0 is leaf ~child.
 *
 * Hand-written because no library reads LightGBM text in TypeScript. Only what
 * LightGBM's own prediction reads is kept. Models whose prediction needs more
 * are refused: linear trees, several outputs and averaged random-forest
 * output already by the text validation (E_CORRUPT_MODEL), objectives whose
 * output transform is neither the identity nor the binary sigmoid here
 * (E_UNSUPPORTED_MODEL), so the caller can keep LightGBM's path for them.
 */
import { ErrorCode, ModelError } from '../../core/errors.js';
import { validateLightgbmText } from '../lightgbm/modelText.js';

/** One tree; arrays over internal nodes have numLeaves - 1 entries. */
export interface FlatTree {
  readonly numLeaves: number;
  readonly splitFeature: Int32Array;
  readonly threshold: Float64Array;
  /** LightGBM's decision_type bits: 1 categorical, 2 default left, (>> 2) & 3 missing type. */
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly leafValue: Float64Array;
  /** Word offsets into catThreshold per categorical split (threshold = index into this), length num_cat + 1. */
  readonly catBoundaries: Int32Array;
  /** Bitsets of the categories that go left, 32 per word. */
  readonly catThreshold: Uint32Array;
}

/** What turns the summed raw score into the model's output. */
export type OutputTransform = { kind: 'identity' } | { kind: 'sigmoid'; sigmoid: number };

/** A single-output additive tree model: output = transform(Σ trees, in order, starting from 0). */
export interface TreeEnsemble {
  /** Columns of the model's feature space (max_feature_idx + 1). */
  readonly numFeatures: number;
  readonly trees: readonly FlatTree[];
  readonly transform: OutputTransform;
}

/** LightGBM's missing types, (decision_type >> 2) & 3. */
export const MISSING_NONE = 0;
export const MISSING_ZERO = 1;
export const MISSING_NAN = 2;
export const CATEGORICAL_MASK = 1;
export const DEFAULT_LEFT_MASK = 2;

/** Reads LightGBM model text (validated first: a malformed tree → E_CORRUPT_MODEL); unsupported models → E_UNSUPPORTED_MODEL. */
export function treeEnsembleFromLightgbm(text: string): TreeEnsemble {
  validateLightgbmText(text);
  const lines = text.split('\n');
  const header = new Map<string, string>();
  let i = 1;
  for (; i < lines.length && !lines[i]!.startsWith('Tree=') && lines[i] !== 'end of trees'; i++) {
    const eq = lines[i]!.indexOf('=');
    if (eq > 0) header.set(lines[i]!.slice(0, eq), lines[i]!.slice(eq + 1));
  }
  const transform = transformOf(header.get('objective') ?? '');
  const trees: FlatTree[] = [];
  let kv = new Map<string, string>();
  const flush = () => {
    if (kv.size > 0) trees.push(treeOf(kv));
    kv = new Map();
  };
  for (; i < lines.length && lines[i] !== 'end of trees'; i++) {
    const line = lines[i]!;
    if (line.startsWith('Tree=')) flush();
    else if (line !== '') {
      const eq = line.indexOf('=');
      kv.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  flush();
  return { numFeatures: Number(header.get('max_feature_idx')) + 1, trees, transform };
}

/** LightGBM's ConvertOutput for the objectives supported here, from the header's objective line. */
function transformOf(objective: string): OutputTransform {
  const [name, ...options] = objective.split(' ');
  if (name === 'regression' && options.length === 0) return { kind: 'identity' };
  if (name === 'binary') {
    const s = options.find((o) => o.startsWith('sigmoid:'));
    const sigmoid = s === undefined ? Number.NaN : Number(s.slice('sigmoid:'.length));
    if (!(sigmoid > 0) || !Number.isFinite(sigmoid))
      unsupported(`binary objective without a sigmoid: '${objective}'`);
    return { kind: 'sigmoid', sigmoid };
  }
  return unsupported(`objective '${objective}'`);
}

function treeOf(kv: Map<string, string>): FlatTree {
  const numLeaves = Number(kv.get('num_leaves'));
  const ints = (key: string) => Int32Array.from(numbersOf(kv.get(key)));
  return {
    numLeaves,
    splitFeature: ints('split_feature'),
    threshold: Float64Array.from(numbersOf(kv.get('threshold'))),
    decisionType: Uint8Array.from(numbersOf(kv.get('decision_type'))),
    leftChild: ints('left_child'),
    rightChild: ints('right_child'),
    leafValue: Float64Array.from(numbersOf(kv.get('leaf_value'))),
    catBoundaries: Number(kv.get('num_cat') ?? '0') > 0 ? ints('cat_boundaries') : Int32Array.of(0),
    catThreshold: Uint32Array.from(numbersOf(kv.get('cat_threshold'))),
  };
}

/** Space-separated numbers; absent or empty → none. Number() parses decimal text correctly rounded, as LightGBM's parser does. */
function numbersOf(value: string | undefined): number[] {
  return value === undefined || value === '' ? [] : value.split(' ').map(Number);
}

function unsupported(what: string): never {
  throw new ModelError(ErrorCode.UnsupportedModel, `the compiled evaluator does not support ${what}`, {
    rule: 'supported tree model',
  });
}
