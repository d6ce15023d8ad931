import { describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../../core/errors.js';
import { composeModelText, parseModelText, validateLightgbmText } from './modelText.js';

/** One tree in LightGBM's text layout; `over` replaces or adds key lines. */
function tree(index: number, over: Record<string, string> = {}): string {
  const kv: Record<string, string> = {
    num_leaves: '3',
    num_cat: '0',
    split_feature: '1 0',
    split_gain: '10 4',
    threshold: '0.5 -1.25',
    decision_type: '2 2',
    left_child: '1 -1',
    right_child: '-3 -2',
    leaf_value: '-0.1 0.2 0.05',
    leaf_weight: '5 5 10',
    leaf_count: '10 10 20',
    internal_value: '0 0.1',
    internal_weight: '20 10',
    internal_count: '40 20',
    is_linear: '0',
    shrinkage: '1',
    ...over,
  };
  const lines = Object.entries(kv).map(([k, v]) => `${k}=${v}\n`);
  return `Tree=${index}\n${lines.join('')}\n\n`;
}

/** A LightGBM model text over features a, b with the given tree blocks (sizes computed unless given). */
function modelText(trees: string[], opts: { sizes?: string; header?: Record<string, string> } = {}): string {
  const header: Record<string, string> = {
    version: 'v4',
    num_class: '1',
    num_tree_per_iteration: '1',
    label_index: '0',
    max_feature_idx: '1',
    objective: 'binary sigmoid:1',
    feature_names: 'a b',
    feature_infos: '[0:1] [-2:2]',
    tree_sizes: opts.sizes ?? trees.map((t) => t.length).join(' '),
    ...opts.header,
  };
  const head = Object.entries(header)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
  return `tree\n${head}\n${trees.join('')}end of trees\n\nfeature_importances:\nb=2\n\nparameters:\n[seed: 1]\nend of parameters\n`;
}

function expectCorrupt(text: string, fragment: string): void {
  let caught: unknown;
  try {
    parseModelText(text);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AlphaflowError);
  expect((caught as AlphaflowError).code).toBe(ErrorCode.CorruptModel);
  expect((caught as AlphaflowError).message).toContain(fragment);
}

describe('validateLightgbmText', () => {
  it('accepts well-formed text and reads names and tree count', () => {
    const s = validateLightgbmText(modelText([tree(0), tree(1)]));
    expect(s.featureNames).toEqual(['a', 'b']);
    expect(s.numTrees).toBe(2);
    expect(s.defaultMetric).toBe('binary_logloss');
  });

  it('accepts a single-leaf tree and a categorical split', () => {
    const stump = tree(0, {
      num_leaves: '1',
      leaf_value: '0.3',
      split_feature: '',
      threshold: '',
      decision_type: '',
      left_child: '',
      right_child: '',
    });
    expect(validateLightgbmText(modelText([stump])).numTrees).toBe(1);
    const cat = tree(0, {
      num_cat: '1',
      decision_type: '1 2',
      threshold: '0 -1.25',
      cat_boundaries: '0 1',
      cat_threshold: '12',
    });
    expect(validateLightgbmText(modelText([cat])).numTrees).toBe(1);
  });

  it.each([
    [
      'tree_sizes off by one',
      () => modelText([tree(0), tree(1)], { sizes: `${tree(0).length - 1} ${tree(1).length}` }),
      "start with 'Tree=1'",
    ],
    ['a truncated text', () => modelText([tree(0), tree(1)]).slice(0, 600), 'tree 1'],
    ['a wrong tree index', () => modelText([tree(1)]), "start with 'Tree=0'"],
    ['a child node out of range', () => modelText([tree(0, { left_child: '5 -1' })]), 'out of range'],
    ['a child leaf out of range', () => modelText([tree(0, { right_child: '-9 -2' })]), 'out of range'],
    [
      'a node with two parents (loop)',
      () => modelText([tree(0, { left_child: '1 1', right_child: '-3 -2' })]),
      'node 1',
    ],
    ['a leaf reached twice', () => modelText([tree(0, { right_child: '-1 -2' })]), 'leaf 0'],
    ['an unknown split feature', () => modelText([tree(0, { split_feature: '2 0' })]), 'unknown feature 2'],
    ['too few leaf values', () => modelText([tree(0, { leaf_value: '0.1 0.2' })]), 'leaf_value has 2 values'],
    ['a non-numeric threshold', () => modelText([tree(0, { threshold: '0.5 abc' })]), 'non-number'],
    ['a hex number', () => modelText([tree(0, { split_feature: '0x1 0' })]), 'non-number'],
    ['a fractional child index', () => modelText([tree(0, { left_child: '1.5 -1' })]), 'non-number'],
    [
      'a double space',
      () => modelText([tree(0, { leaf_value: '-0.1  0.2' })]),
      'leaf_value holds a non-number',
    ],
    [
      'an unknown tree key',
      () => modelText([tree(0, { comment: 'x' })]),
      "unknown or repeated key 'comment'",
    ],
    [
      'a bad categorical threshold',
      () => modelText([tree(0, { decision_type: '1 2' })]),
      'categorical threshold',
    ],
    ['a linear tree', () => modelText([tree(0, { is_linear: '1' })]), 'linear'],
    ['multiclass output', () => modelText([tree(0)], { header: { num_class: '3' } }), 'num_class=1'],
    [
      'a feature name count mismatch',
      () => modelText([tree(0)], { header: { feature_names: 'a' } }),
      'feature_names',
    ],
    ['a missing tree_sizes', () => modelText([tree(0)]).replace(/tree_sizes=.*\n/, ''), 'tree_sizes'],
    ['no end of trees', () => modelText([tree(0)]).replace('end of trees', 'end of tree'), 'end of trees'],
    ['not LightGBM at all', () => 'hello world', "'tree' line"],
  ])('refuses %s', (_what, make, fragment) => {
    expectCorrupt(make(), fragment);
  });
});

describe('composeModelText / parseModelText', () => {
  const lightgbm = modelText([tree(0)], { header: { feature_names: 'a c', max_feature_idx: '1' } });
  const meta = {
    inputFeatures: ['a', 'b', 'c'],
    modelColumns: [0, 2],
    bestIteration: 1,
    evalHistory: { metric: 'auc' as const, valid: [0.6, Number.NaN] },
  };

  it('round-trips the metadata (NaN history values included)', () => {
    const parsed = parseModelText(composeModelText(lightgbm, meta));
    expect(parsed.lightgbmText).toBe(lightgbm);
    expect(parsed.inputFeatures).toEqual(['a', 'b', 'c']);
    expect(parsed.modelColumns).toEqual([0, 2]);
    expect(parsed.evalHistory.metric).toBe('auc');
    expect(parsed.evalHistory.valid[0]).toBe(0.6);
    expect(Number.isNaN(parsed.evalHistory.valid[1])).toBe(true);
  });

  it('treats plain LightGBM text as using every column', () => {
    const parsed = parseModelText(lightgbm);
    expect(parsed.inputFeatures).toEqual(['a', 'c']);
    expect(parsed.modelColumns).toEqual([0, 1]);
    expect(parsed.bestIteration).toBe(1);
    expect(parsed.evalHistory.valid).toEqual([]);
  });

  it('detects any change to the LightGBM part through the checksum', () => {
    const saved = composeModelText(lightgbm, meta);
    expectCorrupt(saved.replace('leaf_value=-0.1', 'leaf_value=-0.2'), 'checksum');
  });

  it('refuses metadata that contradicts the LightGBM text', () => {
    expectCorrupt(composeModelText(lightgbm, { ...meta, modelColumns: [0, 1] }), "'b' in alphaflow line");
    expectCorrupt(composeModelText(lightgbm, { ...meta, modelColumns: [0] }), 'lists 1 model columns');
    expectCorrupt(composeModelText(lightgbm, { ...meta, modelColumns: [2, 0] }), 'invalid model column');
    expectCorrupt(`${composeModelText(lightgbm, meta).trimEnd()}}\n`, 'not valid JSON');
    expectCorrupt(
      composeModelText(lightgbm, meta).replace('"bestIteration":1', '"bestIteration":"1"'),
      'field',
    );
    expectCorrupt(`${lightgbm}\0`, 'NUL');
  });
});
