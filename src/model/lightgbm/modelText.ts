/**
 * The saved form of a LightGBM model: LightGBM's own model text followed by
 * one `alphaflow_model:{json}` line (input columns, which of them the model
 * uses, best iteration, eval history, SHA-256 of the LightGBM part).
 *
 * Hand-written structural validation of LightGBM's text, because LightGBM
 * itself is not safe on bad input: a truncated tree aborts the whole process
 * (a C++ exception escapes an OpenMP region) and out-of-range child or
 * feature indices read outside its arrays at prediction time. So nothing
 * reaches LGBM_BoosterLoadModelFromString before passing these checks.
 *
 * Grammar checked (one key=value per line):
 *   header   := "tree\n" (key=value\n)* "\n"    keys: version, num_class=1, num_tree_per_iteration=1,
 *               label_index, max_feature_idx=K, objective, feature_names (K+1), feature_infos (K+1),
 *               tree_sizes (one byte count per tree)
 *   tree i   := "Tree=i\n" (key=value\n)+ "\n"+  exactly tree_sizes[i] bytes
 *   trailer  := "end of trees\n" …               (importances, parameters: not interpreted)
 */
import { createHash } from 'node:crypto';
import { ErrorCode, ModelError } from '../../core/errors.js';
import type { EvalHistory, GbdtMetric } from '../engine.js';

const META_PREFIX = 'alphaflow_model:';

/** What alphaflow keeps next to LightGBM's text. */
export interface ModelMeta {
  /** Every input column the caller passes to predict(), in order. */
  inputFeatures: string[];
  /** Input-column index of each model column (ascending; dropped columns are absent). */
  modelColumns: number[];
  bestIteration: number;
  evalHistory: EvalHistory;
}

/** A model's LightGBM text with its metadata. */
export interface ParsedModel extends ModelMeta {
  /** LightGBM's part only, safe to hand to LGBM_BoosterLoadModelFromString. */
  lightgbmText: string;
}

/** LightGBM text + the alphaflow line (with the checksum of the LightGBM part). */
export function composeModelText(lightgbmText: string, meta: ModelMeta): string {
  const body = lightgbmText.endsWith('\n') ? lightgbmText : `${lightgbmText}\n`;
  const json = JSON.stringify({
    version: 1,
    inputFeatures: meta.inputFeatures,
    modelColumns: meta.modelColumns,
    bestIteration: meta.bestIteration,
    evalHistory: meta.evalHistory,
    sha256: sha256(body),
  });
  return `${body}${META_PREFIX}${json}\n`;
}

/**
 * Splits and validates saved text. Plain LightGBM text (no alphaflow line) is
 * accepted too: its own feature names become the input columns.
 */
export function parseModelText(text: string): ParsedModel {
  if (text.includes('\0')) corrupt('model text contains a NUL character');
  const at = text.lastIndexOf(`\n${META_PREFIX}`);
  const lightgbmText = at >= 0 ? text.slice(0, at + 1) : text;
  const meta = at >= 0 ? parseMeta(text.slice(at + 1 + META_PREFIX.length), lightgbmText) : undefined;
  const s = validateLightgbmText(lightgbmText);
  if (meta === undefined) {
    return {
      lightgbmText,
      inputFeatures: s.featureNames,
      modelColumns: s.featureNames.map((_, i) => i),
      bestIteration: s.numTrees,
      evalHistory: { metric: s.defaultMetric, valid: [] },
    };
  }
  const { inputFeatures, modelColumns } = meta;
  if (modelColumns.length !== s.featureNames.length) {
    corrupt(
      `alphaflow line lists ${modelColumns.length} model columns, LightGBM text has ${s.featureNames.length}`,
    );
  }
  modelColumns.forEach((c, i) => {
    if (c >= inputFeatures.length || (i > 0 && c <= modelColumns[i - 1]!)) {
      corrupt(`alphaflow line has an invalid model column index ${c}`);
    }
  });
  for (let i = 0; i < modelColumns.length; i++) {
    const c = modelColumns[i]!;
    if (inputFeatures[c] !== s.featureNames[i]) {
      corrupt(
        `model column ${i} is '${s.featureNames[i]}' in LightGBM text but '${inputFeatures[c]}' in alphaflow line`,
      );
    }
  }
  return { lightgbmText, ...meta };
}

function parseMeta(line: string, lightgbmText: string): ModelMeta {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch (cause) {
    corrupt('alphaflow line is not valid JSON', cause);
  }
  const o = m as Record<string, unknown>;
  const history = o.evalHistory as Record<string, unknown> | undefined;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    o.version === 1 &&
    isStringArray(o.inputFeatures) &&
    Array.isArray(o.modelColumns) &&
    o.modelColumns.every((c) => Number.isInteger(c) && c >= 0) &&
    Number.isInteger(o.bestIteration) &&
    typeof history === 'object' &&
    history !== null &&
    (history.metric === 'binary_logloss' || history.metric === 'auc' || history.metric === 'l2') &&
    Array.isArray(history.valid) &&
    history.valid.every((v) => typeof v === 'number' || v === null) &&
    typeof o.sha256 === 'string';
  if (!ok) corrupt('alphaflow line misses or mistypes a field');
  if (o.sha256 !== sha256(lightgbmText)) corrupt('checksum mismatch: the LightGBM part was altered');
  return {
    inputFeatures: o.inputFeatures as string[],
    modelColumns: o.modelColumns as number[],
    bestIteration: o.bestIteration as number,
    evalHistory: {
      metric: history!.metric as GbdtMetric,
      valid: (history!.valid as Array<number | null>).map((v) => (v === null ? Number.NaN : v)),
    },
  };
}

interface TextStructure {
  featureNames: string[];
  numTrees: number;
  defaultMetric: GbdtMetric;
}

/** Checks LightGBM's model text against the grammar in the module comment. */
export function validateLightgbmText(text: string): TextStructure {
  if (!text.startsWith('tree\n')) corrupt("model text does not start with LightGBM's 'tree' line");
  const treesAt = text.indexOf('\nTree=');
  const headerEnd = treesAt >= 0 ? treesAt + 1 : text.indexOf('\nend of trees');
  if (headerEnd < 0) corrupt("model text has neither trees nor 'end of trees'");
  const header = keyValues(text.slice(5, headerEnd), 'header');
  if (intOf(header, 'num_class', 'header') !== 1) {
    corrupt('only single-output models (num_class=1) are supported');
  }
  if (header.has('num_tree_per_iteration') && intOf(header, 'num_tree_per_iteration', 'header') !== 1) {
    corrupt('only one tree per iteration is supported');
  }
  intOf(header, 'label_index', 'header');
  const maxFeatureIdx = intOf(header, 'max_feature_idx', 'header');
  const featureNames = tokens(header, 'feature_names', 'header');
  if (featureNames.length !== maxFeatureIdx + 1) {
    corrupt('feature_names count differs from max_feature_idx + 1');
  }
  if (tokens(header, 'feature_infos', 'header').length !== maxFeatureIdx + 1) {
    corrupt('feature_infos count differs from max_feature_idx + 1');
  }
  const objective = header.get('objective') ?? '';
  if (objective === '') corrupt('header has no objective');
  const sizes = header.has('tree_sizes') ? tokens(header, 'tree_sizes', 'header').map(sizeOf) : [];
  const region = treesAt >= 0 ? text.slice(treesAt + 1) : '';
  // tree_sizes count bytes; tree blocks are pure ASCII, so string offsets equal byte offsets there.
  let off = 0;
  for (let i = 0; i < sizes.length; i++) {
    const block = region.slice(off, off + sizes[i]!);
    if (block.length !== sizes[i] || !/^[\x20-\x7e\n]*$/.test(block))
      corrupt(`tree ${i} is truncated or not ASCII`);
    validateTree(block, i, maxFeatureIdx);
    off += sizes[i]!;
  }
  if (treesAt >= 0 && sizes.length === 0) corrupt('header has trees but no tree_sizes');
  if (!(treesAt >= 0 ? region.slice(off) : text.slice(headerEnd + 1)).startsWith('end of trees')) {
    corrupt("trees are not followed by 'end of trees'");
  }
  return {
    featureNames,
    numTrees: sizes.length,
    defaultMetric: objective.startsWith('binary') ? 'binary_logloss' : 'l2',
  };
}

/** Every key LightGBM 4 writes into a non-linear tree, with the number syntax it uses. */
const TREE_KEYS: Readonly<Record<string, 'int' | 'float'>> = {
  num_leaves: 'int',
  num_cat: 'int',
  split_feature: 'int',
  split_gain: 'float',
  threshold: 'float',
  decision_type: 'int',
  left_child: 'int',
  right_child: 'int',
  leaf_value: 'float',
  leaf_weight: 'float',
  leaf_count: 'int',
  internal_value: 'float',
  internal_weight: 'float',
  internal_count: 'int',
  cat_boundaries: 'int',
  cat_threshold: 'int',
  is_linear: 'int',
  shrinkage: 'float',
};
// Only the forms LightGBM writes: its C++ number parsers abort (in a parallel region) on others, e.g. '0x1' or '.5'.
const NUMBER_SYNTAX = { int: /^-?\d+$/, float: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/ } as const;

function validateTree(block: string, index: number, maxFeatureIdx: number): void {
  const where = `tree ${index}`;
  const head = `Tree=${index}\n`;
  if (!block.startsWith(head)) corrupt(`${where} does not start with '${head.trim()}'`);
  const blank = block.indexOf('\n\n', head.length - 1);
  if (blank < 0 || !/^\n*$/.test(block.slice(blank))) corrupt(`${where} has no blank-line end`);
  // LightGBM reads a bounded number of lines per tree: an unknown or repeated key could hide a required one.
  const kv = keyValues(block.slice(head.length, blank + 1), where, TREE_KEYS);
  const leaves = intOf(kv, 'num_leaves', where);
  const numCat = intOf(kv, 'num_cat', where);
  if (leaves < 1 || numCat < 0) corrupt(`${where} has num_leaves ${leaves}, num_cat ${numCat}`);
  if (kv.has('is_linear') && intOf(kv, 'is_linear', where) !== 0) {
    corrupt(`${where} is a linear tree (unsupported)`);
  }
  numbers(kv, 'leaf_value', leaves, where, true);
  if (kv.has('shrinkage')) numbers(kv, 'shrinkage', 1, where, true);
  if (leaves === 1) return;
  const inner = leaves - 1;
  const feature = numbers(kv, 'split_feature', inner, where, true);
  const threshold = numbers(kv, 'threshold', inner, where, true);
  const decision = numbers(kv, 'decision_type', inner, where, true);
  const left = numbers(kv, 'left_child', inner, where, true);
  const right = numbers(kv, 'right_child', inner, where, true);
  for (const key of ['split_gain', 'internal_value', 'internal_weight', 'internal_count']) {
    numbers(kv, key, inner, where, false);
  }
  for (const key of ['leaf_weight', 'leaf_count']) numbers(kv, key, leaves, where, false);
  if (numCat > 0) {
    const boundaries = numbers(kv, 'cat_boundaries', numCat + 1, where, true);
    if (boundaries[0] !== 0 || boundaries.some((b, i) => i > 0 && b < boundaries[i - 1]!)) {
      corrupt(`${where} has invalid cat_boundaries`);
    }
    numbers(kv, 'cat_threshold', boundaries[numCat]!, where, true);
  }
  // Every node but the root must have exactly one parent: then the walk from the root cannot loop.
  const parentsOfNode = new Uint8Array(inner);
  const parentsOfLeaf = new Uint8Array(leaves);
  for (let n = 0; n < inner; n++) {
    const f = feature[n]!;
    if (f < 0 || f > maxFeatureIdx) corrupt(`${where} splits on unknown feature ${f}`);
    const dt = decision[n]!;
    if (dt < 0 || dt > 15) corrupt(`${where} has invalid decision_type ${dt}`);
    const t = threshold[n]!;
    if ((dt & 1) === 1 && (!Number.isInteger(t) || t < 0 || t >= numCat)) {
      corrupt(`${where} has invalid categorical threshold ${t}`);
    }
    for (const c of [left[n]!, right[n]!]) {
      if (c >= 0) {
        if (c === 0 || c >= inner) corrupt(`${where} has child node ${c} out of range`);
        parentsOfNode[c]!++;
      } else {
        const leaf = -c - 1;
        if (leaf >= leaves) corrupt(`${where} has child leaf ${leaf} out of range`);
        parentsOfLeaf[leaf]!++;
      }
    }
  }
  for (let n = 1; n < inner; n++) {
    if (parentsOfNode[n] !== 1) corrupt(`${where} node ${n} is not a proper tree node`);
  }
  for (let l = 0; l < leaves; l++) {
    if (parentsOfLeaf[l] !== 1) corrupt(`${where} leaf ${l} is not reached exactly once`);
  }
}

/** key=value lines; with `allowed`, other keys and repeated keys are refused. */
function keyValues(
  section: string,
  where: string,
  allowed?: Readonly<Record<string, unknown>>,
): Map<string, string> {
  const kv = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) corrupt(`${where} line '${line.slice(0, 60)}' is not key=value`);
    const key = line.slice(0, eq);
    if (allowed !== undefined && (!Object.hasOwn(allowed, key) || kv.has(key))) {
      corrupt(`${where} has an unknown or repeated key '${key.slice(0, 40)}'`);
    }
    kv.set(key, line.slice(eq + 1));
  }
  return kv;
}

function tokens(kv: Map<string, string>, key: string, where: string): string[] {
  const v = kv.get(key);
  if (v === undefined || v === '') corrupt(`${where} has no ${key}`);
  return v.split(' ');
}

/** The `count` numbers of tree key `key`, in LightGBM's syntax for that key. */
function numbers(
  kv: Map<string, string>,
  key: string,
  count: number,
  where: string,
  required: boolean,
): number[] {
  if (!kv.has(key)) {
    if (required) corrupt(`${where} has no ${key}`);
    return [];
  }
  const toks = count === 0 && kv.get(key) === '' ? [] : tokens(kv, key, where);
  if (toks.length !== count) corrupt(`${where} ${key} has ${toks.length} values, expected ${count}`);
  const syntax = NUMBER_SYNTAX[TREE_KEYS[key] ?? 'float'];
  const out = toks.map(Number);
  if (toks.some((t, i) => !syntax.test(t) || !Number.isFinite(out[i]!))) {
    corrupt(`${where} ${key} holds a non-number`);
  }
  return out;
}

function intOf(kv: Map<string, string>, key: string, where: string): number {
  const raw = kv.get(key) ?? '';
  if (!NUMBER_SYNTAX.int.test(raw)) corrupt(`${where} has no integer ${key}`);
  return Number(raw);
}

function sizeOf(tok: string): number {
  const n = Number(tok);
  if (!Number.isInteger(n) || n <= 0) corrupt(`tree_sizes holds '${tok}'`);
  return n;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function corrupt(message: string, cause?: unknown): never {
  throw new ModelError(ErrorCode.CorruptModel, `corrupted model: ${message}`, {
    rule: 'LightGBM model text',
    cause,
  });
}
