/**
 * A tree ensemble compiled to JavaScript functions (see codegen.ts) that give
 * bit for bit LightGBM's raw scores: every row's trees are added in model
 * order to an accumulator starting at 0, as GBDT::PredictRaw does.
 *
 * Batch scoring is tree-major: each generated function runs a block of trees
 * over all rows, so a tree's branches stay hot in the predictor and its code
 * in cache (≈ 2× faster than row by row here); a single row is a batch of
 * one. Blocks keep each function small enough for V8's optimizing compiler,
 * which takes over after a few thousand rows (the first call runs mostly
 * interpreted: hundreds of ms for a 300-tree model).
 */
import { DataError, ErrorCode } from '../../core/errors.js';
import { treeStatements } from './codegen.js';
import type { OutputTransform, TreeEnsemble } from './ensemble.js';

/**
 * Leaves per generated function (whole trees, at least one): ~300 ran fastest here for
 * 15- and 31-leaf trees; at ~1,500 V8 stopped optimizing the function (7× slower).
 */
const LEAVES_PER_FUNCTION = 320;

/** Adds a block of trees to out[0..n) for the n rows starting at x[start], stride values apart. */
type BlockFn = (
  x: Float32Array,
  start: number,
  n: number,
  stride: number,
  out: Float64Array,
  cat: Uint32Array,
) => void;

/** Where each model feature sits in the caller's rows. */
export interface CompileOptions {
  /** Values per input row; default the model's feature count. */
  inputWidth?: number;
  /** Input column of each model feature (< inputWidth); default identity. */
  columnOf?: Int32Array;
}

/** An ensemble ready to score rows (see the module comment). */
export class CompiledEnsemble {
  /** Values per input row. */
  readonly inputWidth: number;
  readonly transform: OutputTransform;
  readonly numTrees: number;
  private readonly blocks: BlockFn[] = [];
  private readonly cat: Uint32Array;
  private readonly one = new Float64Array(1);

  /** Generates and compiles the code (tens of ms per hundred trees). */
  constructor(ensemble: TreeEnsemble, opts: CompileOptions = {}) {
    const columnOf = opts.columnOf ?? Int32Array.from({ length: ensemble.numFeatures }, (_, j) => j);
    this.inputWidth = opts.inputWidth ?? ensemble.numFeatures;
    if (columnOf.length !== ensemble.numFeatures || columnOf.some((c) => c < 0 || c >= this.inputWidth)) {
      throw new DataError(
        ErrorCode.InvalidInput,
        'columnOf must map every model feature to an input column',
        {
          rule: 'column map',
        },
      );
    }
    this.transform = ensemble.transform;
    this.numTrees = ensemble.trees.length;
    let catWords = 0;
    for (const t of ensemble.trees) catWords += t.catThreshold.length;
    this.cat = new Uint32Array(catWords);
    const groups: string[][] = [[]];
    let leaves = 0;
    let catBase = 0;
    for (const tree of ensemble.trees) {
      if (leaves > 0 && leaves + tree.numLeaves > LEAVES_PER_FUNCTION) {
        groups.push([]);
        leaves = 0;
      }
      this.cat.set(tree.catThreshold, catBase);
      groups[groups.length - 1]!.push(treeStatements(tree, { columnOf, catBase }));
      leaves += tree.numLeaves;
      catBase += tree.catThreshold.length;
    }
    for (const trees of groups) {
      const block = trees.join('\n');
      const body = `let v = 0, k = 0;\nfor (let i = 0, o = start; i < n; i++, o += stride) {\nlet a = out[i];\n${block}\nout[i] = a;\n}`;
      this.blocks.push(new Function('x', 'start', 'n', 'stride', 'out', 'cat', body) as BlockFn);
    }
  }

  /** Raw scores (sum over trees) of nRows rows of inputWidth values each, into out[0..nRows). */
  predictRaw(X: Float32Array, nRows: number, out: Float64Array): void {
    if (X.length < nRows * this.inputWidth || out.length < nRows) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `predictRaw needs ${nRows} rows of ${this.inputWidth} values`,
        {
          rule: 'shape',
        },
      );
    }
    out.fill(0, 0, nRows);
    const blocks = this.blocks;
    for (let b = 0; b < blocks.length; b++) blocks[b]!(X, 0, nRows, this.inputWidth, out, this.cat);
  }

  /** Raw score of the row starting at X[offset] (no allocation). */
  predictRawRow(X: Float32Array, offset: number): number {
    if (!(offset >= 0 && offset + this.inputWidth <= X.length)) {
      throw new DataError(ErrorCode.InvalidInput, `no row of ${this.inputWidth} values at offset ${offset}`, {
        rule: 'shape',
      });
    }
    const one = this.one;
    one[0] = 0;
    const blocks = this.blocks;
    for (let b = 0; b < blocks.length; b++) blocks[b]!(X, offset, 1, this.inputWidth, one, this.cat);
    return one[0]!;
  }
}

/** A C-library-compatible exp: the sigmoid matches LightGBM's only with the exp LightGBM itself calls. */
export type ExpFn = (x: number) => number;

/** Turns raw scores into outputs in place, as LightGBM's ConvertOutput does: 1 / (1 + exp(-sigmoid · raw)) for binary. */
export function applyTransform(t: OutputTransform, values: Float64Array, n: number, exp: ExpFn): void {
  if (t.kind === 'identity') return;
  const s = -t.sigmoid;
  for (let i = 0; i < n; i++) values[i] = 1 / (1 + exp(s * values[i]!));
}

/** The output for one raw score (see applyTransform). */
export function transformOne(t: OutputTransform, raw: number, exp: ExpFn): number {
  return t.kind === 'identity' ? raw : 1 / (1 + exp(-t.sigmoid * raw));
}
