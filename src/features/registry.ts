/**
 * Indicator registry: resolves tokens such as `macd:12:26:9` to a spec and
 * validated params, across the built-in indicators and the context features.
 *
 * Token grammar: `name(:param)*`, params are plain decimal numbers in the
 * spec's declared order; omitted trailing params take their defaults.
 * Column naming: the canonical token (every param filled in, e.g. `rsi` →
 * `rsi:14`) names a single-output indicator's column; a multi-output
 * indicator gets `${token}.${output}` (e.g. `macd:12:26:9:0.signal`).
 */
import { AlphaflowError, ConfigError, ErrorCode } from '../core/errors.js';
import { contextSpecs } from './context/index.js';
import type { Indicator, IndicatorSpec } from './indicator.js';
import { indicatorSpecs } from './indicators/index.js';
import { formatToken, resolveParams } from './indicators/params.js';

/** A parsed token: the spec, its fully resolved params and the canonical token. */
export interface ParsedIndicator {
  readonly spec: IndicatorSpec;
  readonly params: readonly number[];
  /** Every param filled in, e.g. 'rsi:14'. */
  readonly token: string;
}

let byName: Map<string, IndicatorSpec> | undefined;

function specsByName(): Map<string, IndicatorSpec> {
  if (byName !== undefined) return byName;
  const m = new Map<string, IndicatorSpec>();
  for (const s of [...indicatorSpecs, ...contextSpecs]) {
    if (m.has(s.name))
      throw new ConfigError(`two indicators are named '${s.name}'`, { rule: 'unique indicator names' });
    m.set(s.name, s);
  }
  byName = m;
  return m;
}

/** Every registered spec (built-in indicators, then context features), sorted by name. */
export function listIndicators(): readonly IndicatorSpec[] {
  return [...specsByName().values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses `name:p1:p2…`; throws E_UNKNOWN_FEATURE for an unknown name and E_CONFIG for bad params (naming the token). */
export function parseIndicatorToken(token: string): ParsedIndicator {
  const parts = token.trim().split(':');
  const name = parts[0]!;
  const spec = specsByName().get(name);
  if (spec === undefined) {
    throw new AlphaflowError(ErrorCode.UnknownFeature, `unknown indicator '${name}' in '${token}'`, {
      column: token,
      rule: 'indicator name is registered (see listIndicators)',
    });
  }
  const given: number[] = [];
  for (let i = 1; i < parts.length; i++) {
    const text = parts[i]!;
    if (!NUMBER.test(text)) {
      throw new ConfigError(`'${token}': parameter ${i} '${text}' is not a number`, {
        column: token,
        rule: 'params are decimal numbers',
      });
    }
    given.push(Number(text));
  }
  const params = resolveParams(name, spec.params, given, token);
  return { spec, params, token: formatToken(name, params) };
}

/** Builds a fresh indicator for `token`. */
export function createIndicator(token: string): Indicator {
  const { spec, params } = parseIndicatorToken(token);
  return spec.create(params);
}

/** Output column names for `token`: the canonical token alone, or `${token}.${output}` per output. */
export function outputColumns(token: string): string[] {
  const p = parseIndicatorToken(token);
  const outs = p.spec.outputs(p.params);
  return outs.length === 1 ? [p.token] : outs.map((o) => `${p.token}.${o}`);
}
