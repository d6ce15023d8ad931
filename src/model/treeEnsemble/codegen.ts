/**
 * JavaScript source for tree ensembles (treelite-style code generation): each
 * tree becomes nested `if` statements with its thresholds as literals, so a
 * node costs one load and one compare instead of a walk over node arrays.
 *
 * The decision at a node reproduces LightGBM 4's prediction exactly:
 *   1. the C API turns the float input into a double and stores every value
 *      with |v| ≤ kZeroThreshold (1e-35f) as 0, NaN kept;
 *   2. numerical split (Tree::NumericalDecision): NaN becomes 0 unless the
 *      missing type is NaN; a missing value (Zero type: |v| ≤ kZeroThreshold,
 *      NaN type: NaN) takes the default direction; otherwise v <= threshold
 *      goes left;
 *   3. categorical split (Tree::CategoricalDecision): NaN and negative
 *      int(v) go right (x86 turns v ≥ 2^31 into INT_MIN, also right);
 *      otherwise left iff bit int(v) is set in the split's bitset (bits past
 *      the bitset's end are unset).
 * Step 1 and the NaN rules are folded into each node's test at generation
 * time, so the common node is a single comparison: `x <= t` sends NaN right
 * and `!(x > t)` sends it left; values |v| ≤ 1e-35 compare like 0 unless the
 * threshold itself lies in [-1e-35, 1e-35), which gets an explicit test.
 *
 * Only numbers produced by this module enter the source (literals printed
 * with round-trip precision, integer offsets), never text from the model.
 */
import { CATEGORICAL_MASK, DEFAULT_LEFT_MASK, type FlatTree, MISSING_NAN, MISSING_ZERO } from './ensemble.js';

/** LightGBM's kZeroThreshold: the float 1e-35f as a double. */
export const ZERO_THRESHOLD = Math.fround(1e-35);

/** How a tree reads its input: `x[o + column]`, and where its bitsets start in the shared `cat` array. */
export interface TreeLayout {
  /** Input column (offset from `o`) of each model feature. */
  readonly columnOf: Int32Array;
  /** Index in `cat` of this tree's catThreshold[0]. */
  readonly catBase: number;
}

/** Statements adding the tree's leaf value to the variable `a` (uses scratch variables `v`, `k`). */
export function treeStatements(tree: FlatTree, layout: TreeLayout): string {
  if (tree.numLeaves === 1) return `a += ${literal(tree.leafValue[0]!)};`;
  const parts: string[] = [];
  const emit = (node: number): void => {
    if (node < 0) {
      parts.push(`a += ${literal(tree.leafValue[~node]!)};`);
      return;
    }
    parts.push(`if (${goesLeft(tree, node, layout)}) {`);
    emit(tree.leftChild[node]!);
    parts.push('} else {');
    emit(tree.rightChild[node]!);
    parts.push('}');
  };
  emit(0);
  return parts.join('');
}

/** A JS boolean expression, true iff the row goes to the left child of `node`. */
function goesLeft(tree: FlatTree, node: number, layout: TreeLayout): string {
  const x = `x[o + ${layout.columnOf[tree.splitFeature[node]!]!}]`;
  const dt = tree.decisionType[node]!;
  if ((dt & CATEGORICAL_MASK) !== 0) return categoricalTest(tree, node, x, layout.catBase);
  const t = tree.threshold[node]!;
  const missing = (dt >> 2) & 3;
  const defaultLeft = (dt & DEFAULT_LEFT_MASK) !== 0;
  const zeroLeft = 0 <= t;
  const nanLeft = missing === MISSING_NAN || missing === MISSING_ZERO ? defaultLeft : zeroLeft;
  const tinyLeft = missing === MISSING_ZERO ? defaultLeft : zeroLeft;
  // For |v| ≤ Z, `v <= t` equals `0 <= t` unless -Z ≤ t < Z.
  const tinyLikeCompare = missing !== MISSING_ZERO && (t >= ZERO_THRESHOLD || t < -ZERO_THRESHOLD);
  const lit = literal(t);
  if (tinyLikeCompare) return nanLeft ? `!(${x} > ${lit})` : `${x} <= ${lit}`;
  const z = literal(ZERO_THRESHOLD);
  return `((v = ${x}) !== v ? ${nanLeft} : v >= -${z} && v <= ${z} ? ${tinyLeft} : v <= ${lit})`;
}

function categoricalTest(tree: FlatTree, node: number, x: string, catBase: number): string {
  const idx = tree.threshold[node]!;
  const from = tree.catBoundaries[idx]!;
  const words = tree.catBoundaries[idx + 1]! - from;
  // v > -1 excludes NaN and every v with int(v) < 0; int(v) = v | 0 below 2^31.
  return (
    `((v = ${x}) > -1 && v < 2147483648 && (k = v | 0) < ${words * 32} && ` +
    `((cat[${catBase + from} + (k >>> 5)] >>> (k & 31)) & 1) === 1)`
  );
}

/** Round-trip decimal form of a finite double (keeps the sign of -0). */
function literal(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}
