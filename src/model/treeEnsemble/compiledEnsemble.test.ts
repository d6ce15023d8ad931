import { describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../../core/errors.js';
import { applyTransform, CompiledEnsemble, transformOne } from './compiledEnsemble.js';
import { treeEnsembleFromLightgbm } from './ensemble.js';

const Z = Math.fround(1e-35);

/** One tree block in LightGBM's layout; `kv` lines after Tree=i. */
function treeBlock(index: number, kv: Record<string, string>): string {
  const lines = Object.entries({ ...kv, is_linear: '0', shrinkage: '1' }).map(([k, v]) => `${k}=${v}`);
  return `Tree=${index}\n${lines.join('\n')}\n\n\n`;
}

/** Model text over `nf` features with the given tree blocks. */
function model(trees: string[], nf: number, objective = 'regression', extraHeader = ''): string {
  const names = Array.from({ length: nf }, (_, j) => `c${j}`);
  return (
    `tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=${nf - 1}\n` +
    `objective=${objective}\n${extraHeader}feature_names=${names.join(' ')}\n` +
    `feature_infos=${names.map(() => 'none').join(' ')}\ntree_sizes=${trees.map((t) => t.length).join(' ')}\n\n` +
    `${trees.join('')}end of trees\n`
  );
}

/** A stump on feature 0: leaf value 10 on the left, 20 on the right. */
function stump(threshold: number, decisionType: number, cat?: { words: number[] }): string {
  const kv: Record<string, string> = {
    num_leaves: '2',
    num_cat: cat === undefined ? '0' : '1',
    split_feature: '0',
    split_gain: '1',
    threshold: String(threshold),
    decision_type: String(decisionType),
    left_child: '-1',
    right_child: '-2',
    leaf_value: '10 20',
  };
  if (cat !== undefined) {
    kv.cat_boundaries = `0 ${cat.words.length}`;
    kv.cat_threshold = cat.words.join(' ');
  }
  return treeBlock(0, kv);
}

/** 'L' or 'R' for each input value of a stump. */
function sides(text: string, values: number[]): string {
  const e = new CompiledEnsemble(treeEnsembleFromLightgbm(text));
  const X = Float32Array.from(values);
  const out = new Float64Array(values.length);
  e.predictRaw(X, values.length, out);
  const batch = Array.from(out, (v) => (v === 10 ? 'L' : v === 20 ? 'R' : '?')).join('');
  const rows = values.map((_, i) => (e.predictRawRow(X, i) === 10 ? 'L' : 'R')).join('');
  expect(rows).toBe(batch);
  return batch;
}

describe('compiled tree ensemble: LightGBM decision rules (hand-derived from tree.h and the C API)', () => {
  it('numerical, missing type None: v <= t goes left; NaN counts as 0', () => {
    expect(sides(model([stump(0.5, 2)], 1), [0.5, 0.5000001, 0.2, Number.NaN])).toBe('LRLL');
    expect(sides(model([stump(-0.25, 0)], 1), [-0.25, -0.2, Number.NaN, 0])).toBe('LRRR');
  });

  it('numerical, missing type NaN: NaN takes the default side, zero compares as a number', () => {
    expect(sides(model([stump(0.5, 8)], 1), [Number.NaN, 0.2, 0.7, 0])).toBe('RLRL');
    expect(sides(model([stump(-0.5, 10)], 1), [Number.NaN, 0, -0.7])).toBe('LRL');
  });

  it('numerical, missing type Zero: 0, |v| ≤ 1e-35 and NaN take the default side', () => {
    expect(sides(model([stump(1, 4)], 1), [0, 1e-36, -Z, Number.NaN, 0.5, 2])).toBe('RRRRLR');
    expect(sides(model([stump(-1, 6)], 1), [0, Number.NaN, -0.5, -2])).toBe('LLRL');
  });

  it('values with |v| ≤ 1e-35 are 0 before the comparison (thresholds near zero)', () => {
    // -Z ≤ -Z would go left, but -Z is stored as 0 and 0 > -Z.
    expect(sides(model([stump(-Z, 2)], 1), [-Z, -2e-35, 0])).toBe('RLR');
    // 9e-36 > 5e-36 would go right, but it is 0 ≤ 5e-36.
    expect(sides(model([stump(5e-36, 0)], 1), [9e-36, 1e-34, Number.NaN])).toBe('LRL');
  });

  it('categorical: left iff bit int(v) is set; NaN, int(v) < 0, v ≥ 2^31 and bits past the set go right', () => {
    const text = model([stump(0, 1, { words: [9, 2] })], 1); // categories 0, 3, 33
    const values = [3, 3.9, 33, 0, -0.5, 1e-36, 4, 1, Number.NaN, -1, 64, 2 ** 31, 2 ** 32, 1000];
    expect(sides(text, values)).toBe('LLLLLLRRRRRRRR');
  });

  it('adds trees in model order from 0 (double rounding makes the order visible)', () => {
    const single = (i: number, v: string) => treeBlock(i, { num_leaves: '1', num_cat: '0', leaf_value: v });
    const text = model([single(0, '1e16'), single(1, '1'), single(2, '-1e16')], 1);
    const e = new CompiledEnsemble(treeEnsembleFromLightgbm(text));
    // (1e16 + 1) rounds to 1e16, so the sum is 0; adding 1 last would give 1.
    expect(e.predictRawRow(Float32Array.of(0), 0)).toBe(0);
    expect(e.numTrees).toBe(3);
  });

  it('reads model features from the mapped input columns', () => {
    const tree = treeBlock(0, {
      num_leaves: '3',
      num_cat: '0',
      split_feature: '1 0',
      split_gain: '1 1',
      threshold: '0.5 0.5',
      decision_type: '2 2',
      left_child: '1 -1',
      right_child: '-3 -2',
      leaf_value: '1 2 3',
    });
    const e = new CompiledEnsemble(treeEnsembleFromLightgbm(model([tree], 2)), {
      inputWidth: 3,
      columnOf: Int32Array.of(2, 0),
    });
    // model feature 1 = input column 0, model feature 0 = input column 2; column 1 is ignored.
    const X = Float32Array.of(0, 99, 0, 0, 99, 1, 1, 99, 0);
    const out = new Float64Array(3);
    e.predictRaw(X, 3, out);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    expect(() => new CompiledEnsemble(treeEnsembleFromLightgbm(model([tree], 2)), { inputWidth: 1 })).toThrow(
      AlphaflowError,
    );
  });

  it('refuses wrongly shaped input with E_INVALID_INPUT', () => {
    const e = new CompiledEnsemble(treeEnsembleFromLightgbm(model([stump(0.5, 2)], 2)));
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as AlphaflowError).code;
      }
      return 'no error';
    };
    expect(code(() => e.predictRaw(new Float32Array(3), 2, new Float64Array(2)))).toBe(
      ErrorCode.InvalidInput,
    );
    expect(code(() => e.predictRawRow(new Float32Array(3), 2))).toBe(ErrorCode.InvalidInput);
  });
});

describe('output transform', () => {
  it("binary: 1 / (1 + exp(-sigmoid · raw)) with the caller's exp", () => {
    const args: number[] = [];
    const exp = (x: number) => {
      args.push(x);
      return 3;
    };
    const t = { kind: 'sigmoid', sigmoid: 0.5 } as const;
    const values = Float64Array.of(2, -4, 9);
    applyTransform(t, values, 2, exp);
    expect(Array.from(values)).toEqual([0.25, 0.25, 9]);
    expect(args).toEqual([-1, 2]);
    expect(transformOne(t, 8, exp)).toBe(0.25);
    expect(args[2]).toBe(-4);
  });

  it('regression: identity', () => {
    const values = Float64Array.of(2, -4);
    applyTransform({ kind: 'identity' }, values, 2, () => Number.NaN);
    expect(Array.from(values)).toEqual([2, -4]);
    expect(transformOne({ kind: 'identity' }, 7, () => Number.NaN)).toBe(7);
  });
});

describe('treeEnsembleFromLightgbm', () => {
  it('reads the binary sigmoid and the regression identity from the objective line', () => {
    expect(treeEnsembleFromLightgbm(model([stump(0, 2)], 1, 'binary sigmoid:0.7')).transform).toEqual({
      kind: 'sigmoid',
      sigmoid: 0.7,
    });
    expect(treeEnsembleFromLightgbm(model([stump(0, 2)], 1)).transform).toEqual({ kind: 'identity' });
  });

  it('refuses other objectives with E_UNSUPPORTED_MODEL; malformed text and averaged output with E_CORRUPT_MODEL', () => {
    const code = (text: string) => {
      try {
        treeEnsembleFromLightgbm(text);
      } catch (err) {
        return (err as AlphaflowError).code;
      }
      return 'no error';
    };
    expect(code(model([stump(0, 2)], 1, 'poisson max_delta_step:0.7'))).toBe(ErrorCode.UnsupportedModel);
    expect(code(model([stump(0, 2)], 1, 'regression sqrt'))).toBe(ErrorCode.UnsupportedModel);
    expect(code(model([stump(0, 2)], 1, 'regression', 'average_output\n'))).toBe(ErrorCode.CorruptModel);
    expect(code(model([stump(0, 2)], 1).replace('left_child=-1', 'left_child=5'))).toBe(
      ErrorCode.CorruptModel,
    );
  });
});
