/** Option checks shared by the label makers: bad options fail early with a ConfigError naming the option. */
import { ConfigError } from '../core/errors.js';

/** `value` as an integer ≥ `min`, or a ConfigError naming `name`. */
export function intOption(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got ${value}`, { rule: `${name} ≥ ${min}` });
  }
  return value;
}

/** `value` as a finite number ≥ 0, or a ConfigError naming `name`. */
export function nonNegativeOption(name: string, value: number): number {
  if (!(value >= 0 && value < Number.POSITIVE_INFINITY)) {
    throw new ConfigError(`${name} must be finite and ≥ 0, got ${value}`, { rule: `${name} ≥ 0` });
  }
  return value;
}
