/** Input checks and the distinct-timestamp axis shared by the splitters. */
import { ConfigError, DataError, ErrorCode } from '../../core/errors.js';

/** Throws DataError unless t0 and t1 have one finite value per sample with t1 ≥ t0 (epoch µs). */
export function assertWindows(t0: Float64Array, t1: Float64Array): void {
  if (t0.length !== t1.length) {
    throw new DataError(ErrorCode.InvalidInput, `t0 has ${t0.length} samples, t1 ${t1.length}`, {
      column: 't1',
      rule: 'one window per sample',
    });
  }
  for (let i = 0; i < t0.length; i++) {
    const a = t0[i]!;
    const b = t1[i]!;
    if (Number.isFinite(a) && Number.isFinite(b) && b >= a) continue;
    throw new DataError(ErrorCode.InvalidInput, `sample ${i} has window [${a}, ${b}]`, {
      column: Number.isFinite(a) ? 't1' : 't0',
      rule: 'finite t0 ≤ t1 (drop unlabelled rows before splitting)',
    });
  }
}

/** Distinct values of t0, ascending. */
export function distinctTimes(t0: Float64Array): Float64Array {
  const sorted = Float64Array.from(t0).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++)
    if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  return sorted.subarray(0, m);
}

/** `value` as an integer ≥ `min`, or a ConfigError naming `name`. */
export function countOption(name: string, value: number, min: number): number {
  if (Number.isInteger(value) && value >= min) return value;
  throw new ConfigError(`${name} must be an integer ≥ ${min}, got ${value}`, { rule: `${name} ≥ ${min}` });
}
