/**
 * Declarative feature sets: `{ name, version, features: ['rsi:14', 'macd', …] }`
 * resolves to indicator factories and named output columns, and has a content
 * hash over what it computes (canonical tokens with defaults filled and the
 * column names, in order, plus FEATURE_CODE_VERSION). Renaming a set keeps its
 * hash; changing a parameter, the order or the numerics changes it. The store,
 * the model and every signal record the hash so that features and models
 * cannot be mixed.
 *
 * An entry is a registry token (all outputs of the indicator become columns)
 * or `token.output` for one output of a multi-output indicator, e.g.
 * 'bbands:20:2.pctb'; entries naming the same canonical token share one
 * indicator instance per symbol.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AlphaflowError, ConfigError, ErrorCode } from '../core/errors.js';
import { isCategoricalSpec } from './context/index.js';
import type { Indicator, IndicatorSpec } from './indicator.js';
import { parseIndicatorToken } from './registry.js';

/**
 * Version of the feature numerics. Bump it whenever any indicator's output for
 * the same input changes, so every hash (and thus every stored feature row and
 * trained model) from before is recognisably different.
 */
export const FEATURE_CODE_VERSION = 4;

/** What a user writes. */
export const FeatureSetSchema = z.object({
  name: z.string().min(1),
  version: z.number().int().min(1),
  features: z.array(z.string().min(1)).min(1),
});

export type FeatureSet = z.infer<typeof FeatureSetSchema>;

/** One output column of a feature set. */
export interface FeatureColumn {
  /** `${token}` for a single-output indicator, `${token}.${output}` otherwise. */
  readonly name: string;
  /** Canonical token of the indicator that computes it. */
  readonly token: string;
  readonly output: string;
  /** True for category codes (symbol_id, sector_id) the model must not treat as ordered numbers. */
  readonly categorical: boolean;
}

/** One indicator of a resolved set. */
export interface ResolvedFeature {
  /** Canonical token, e.g. 'rsi:14'. */
  readonly token: string;
  readonly spec: IndicatorSpec;
  readonly params: readonly number[];
  /** Every output of the indicator. */
  readonly outputs: readonly string[];
  /** Output numbers that become columns… */
  readonly selected: readonly number[];
  /** …and the column index each of them is written to. */
  readonly columnIndex: readonly number[];
  /** A fresh instance (one per symbol stream). */
  create(): Indicator;
}

/** A feature set with its indicators, columns and content hash. */
export interface ResolvedFeatureSet {
  readonly name: string;
  readonly version: number;
  readonly features: readonly ResolvedFeature[];
  readonly columns: readonly FeatureColumn[];
  /** Hex sha256, see featureSetHash. */
  readonly hash: string;
}

/**
 * Validates and resolves a feature set (a resolved one is returned as is).
 * Throws E_CONFIG for a malformed set or duplicate columns and
 * E_UNKNOWN_FEATURE for a token no indicator answers to.
 */
export function resolveFeatureSet(fs: FeatureSet | ResolvedFeatureSet): ResolvedFeatureSet {
  if (isResolved(fs)) return fs;
  const parsed = FeatureSetSchema.safeParse(fs);
  if (!parsed.success) {
    throw new ConfigError(`invalid feature set: ${z.prettifyError(parsed.error)}`, {
      rule: 'feature set schema',
    });
  }
  const { name, version, features: entries } = parsed.data;
  const byToken = new Map<
    string,
    { token: string; spec: IndicatorSpec; params: number[]; selected: number[]; columnIndex: number[] }
  >();
  const columns: FeatureColumn[] = [];
  const names = new Set<string>();
  for (const entry of entries) {
    const [raw, wanted] = splitOutput(entry);
    const parsedToken = parseIndicatorToken(raw);
    let f = byToken.get(parsedToken.token);
    if (f === undefined) {
      f = { ...parsedToken, params: [...parsedToken.params], selected: [], columnIndex: [] };
      byToken.set(f.token, f);
    }
    const outputs = f.spec.outputs(f.params);
    const picks = wanted === undefined ? outputs.map((_, k) => k) : [outputs.indexOf(wanted)];
    if (picks[0] === -1) {
      throw new AlphaflowError(
        ErrorCode.UnknownFeature,
        `feature set '${name}': ${f.token} has no output '${wanted}' (outputs: ${outputs.join(', ')})`,
        { column: entry, rule: 'token.output names an output of the indicator' },
      );
    }
    for (const k of picks) {
      const column = outputs.length === 1 ? f.token : `${f.token}.${outputs[k]!}`;
      if (names.has(column)) {
        throw new ConfigError(`feature set '${name}': '${entry}' repeats column ${column}`, {
          column: entry,
          rule: 'each column appears once',
        });
      }
      names.add(column);
      f.selected.push(k);
      f.columnIndex.push(columns.length);
      columns.push({
        name: column,
        token: f.token,
        output: outputs[k]!,
        categorical: isCategoricalSpec(f.spec),
      });
    }
  }
  const features: ResolvedFeature[] = [...byToken.values()].map((f) => ({
    ...f,
    outputs: f.spec.outputs(f.params),
    create: () => f.spec.create(f.params),
  }));
  const hash = hashCanonical(
    features.map((f) => f.token),
    columns.map((c) => c.name),
  );
  return { name, version, features, columns, hash };
}

/** Content hash of a feature set: hex sha256 of canonical JSON {code, features: canonical tokens, columns: names}. */
export function featureSetHash(fs: FeatureSet | ResolvedFeatureSet): string {
  return resolveFeatureSet(fs).hash;
}

/** `[token, output]` for 'token.output' (the part after the last '.' starts with a letter), else `[entry, undefined]`. */
function splitOutput(entry: string): [string, string | undefined] {
  const dot = entry.lastIndexOf('.');
  if (dot <= 0 || !/^[A-Za-z]/.test(entry.slice(dot + 1))) return [entry, undefined];
  return [entry.slice(0, dot), entry.slice(dot + 1)];
}

function hashCanonical(tokens: readonly string[], columns: readonly string[]): string {
  const canonical = JSON.stringify({ code: FEATURE_CODE_VERSION, features: tokens, columns });
  return createHash('sha256').update(canonical).digest('hex');
}

function isResolved(fs: FeatureSet | ResolvedFeatureSet): fs is ResolvedFeatureSet {
  return (
    typeof (fs as ResolvedFeatureSet).hash === 'string' && Array.isArray((fs as ResolvedFeatureSet).columns)
  );
}
