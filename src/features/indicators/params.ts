/**
 * Indicator tokens and their parameters. A token is `name[:p1[:p2…]]`; its
 * canonical form lists every parameter with defaults filled in, numbers in
 * JavaScript's shortest round-trip form (`rsi` → `rsi:14`, `bbands:20` →
 * `bbands:20:2:0`). The canonical token names the output columns and seeds the
 * snapshot kind, so the same configuration always gets the same names.
 */
import { ConfigError } from '../../core/errors.js';
import type { IndicatorParam } from '../indicator.js';

/** An IndicatorParam with an optional inclusive upper bound (e.g. 0/1 switches). */
export interface BoundedParam extends IndicatorParam {
  readonly max?: number;
}

/** Canonical token for `name` with fully resolved `params`. */
export function formatToken(name: string, params: readonly number[]): string {
  return params.length === 0 ? name : `${name}:${params.join(':')}`;
}

/**
 * Fills defaults for missing trailing params and checks every value against
 * its declaration; throws E_CONFIG naming `token` and the parameter.
 */
export function resolveParams(
  name: string,
  declared: readonly BoundedParam[],
  given: readonly number[],
  token = formatToken(name, given),
): number[] {
  if (given.length > declared.length) {
    throw new ConfigError(
      `'${token}': ${name} takes at most ${declared.length} parameter(s), got ${given.length}`,
      {
        column: token,
        rule: 'parameter count',
      },
    );
  }
  const out: number[] = [];
  for (let i = 0; i < declared.length; i++) {
    const p = declared[i]!;
    const v = i < given.length ? given[i]! : p.default;
    const bad = !Number.isFinite(v)
      ? 'a finite number'
      : p.integer === true && !Number.isInteger(v)
        ? 'an integer'
        : p.min !== undefined && v < p.min
          ? `≥ ${p.min}`
          : p.max !== undefined && v > p.max
            ? `≤ ${p.max}`
            : undefined;
    if (bad !== undefined) {
      throw new ConfigError(`'${token}': parameter ${p.name} of ${name} must be ${bad}, got ${v}`, {
        column: token,
        rule: `${name}.${p.name} ${bad}`,
      });
    }
    out.push(v);
  }
  return out;
}
