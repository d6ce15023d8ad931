/**
 * Search spaces for tuning: float (uniform / log, optional step), int
 * (uniform / log, step) and categorical parameters, their validation, and
 * uniform sampling for the startup trials (Optuna's RandomSampler rules:
 * stepped values are drawn on [low − step/2, high + step/2] and rounded to
 * the grid, log values uniformly in log space).
 */
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/random.js';

/** A parameter value as the objective sees it. */
export type ParamValue = number | string | boolean;

/** One trial's parameters, by name. */
export type Params = Record<string, ParamValue>;

export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  /** Inclusive; with a step, the largest grid point ≤ the requested high. */
  readonly high: number;
  readonly log: boolean;
  /** Grid spacing, or null for a continuous range. */
  readonly step: number | null;
}

export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  /** Inclusive; the largest grid point ≤ the requested high. */
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly ParamValue[];
}

export type NumericParam = FloatParam | IntParam;
export type ParamSpec = NumericParam | CategoricalParam;

/** Parameter specs by name; the objective receives one value per name. */
export type SearchSpace = Readonly<Record<string, ParamSpec>>;

export interface NumericOptions {
  /** Sample uniformly in log space (low must be > 0). */
  log?: boolean;
  /** Grid spacing (float: not with log; int: must be 1 with log). */
  step?: number;
}

/** Continuous or stepped float parameter in [low, high]. */
export function floatParam(low: number, high: number, opts: NumericOptions = {}): FloatParam {
  const log = opts.log ?? false;
  const step = opts.step ?? null;
  checkRange('float', low, high, log);
  if (step !== null) {
    if (!(step > 0) || !Number.isFinite(step)) throw new ConfigError(`float step must be > 0, got ${step}`);
    if (log) throw new ConfigError('a float parameter cannot have both step and log', { rule: 'optuna' });
  }
  return { type: 'float', low, high: step === null ? high : gridHigh(low, high, step), log, step };
}

/** Integer parameter in [low, high] on the grid low + k·step. */
export function intParam(low: number, high: number, opts: NumericOptions = {}): IntParam {
  const log = opts.log ?? false;
  const step = opts.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high) || !Number.isInteger(step) || step < 1) {
    throw new ConfigError(`int parameter needs integer low, high and step ≥ 1, got ${low}, ${high}, ${step}`);
  }
  checkRange('int', low, high, log);
  if (log && step !== 1) throw new ConfigError('a log int parameter must have step 1', { rule: 'optuna' });
  return { type: 'int', low, high: gridHigh(low, high, step), log, step };
}

/** Parameter taking one of `choices` (numbers, strings or booleans, no duplicates). */
export function categoricalParam(choices: readonly ParamValue[]): CategoricalParam {
  if (choices.length === 0) throw new ConfigError('a categorical parameter needs at least one choice');
  if (new Set(choices).size !== choices.length) throw new ConfigError('categorical choices must be distinct');
  return { type: 'categorical', choices: [...choices] };
}

function checkRange(kind: string, low: number, high: number, log: boolean): void {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new ConfigError(`${kind} parameter needs finite low ≤ high, got [${low}, ${high}]`);
  }
  if (log && low <= 0) throw new ConfigError(`log ${kind} parameter needs low > 0, got ${low}`);
}

/** The largest grid point low + k·step that is ≤ high (tolerating float noise in the division). */
function gridHigh(low: number, high: number, step: number): number {
  const k = Math.floor((high - low) / step + 1e-9);
  return low + k * step;
}

/**
 * The space rebuilt through the factories above: validated (ConfigError), with
 * canonical key order and grid-aligned highs, so equal spaces serialize equally.
 */
export function normalizeSpace(space: SearchSpace): SearchSpace {
  const names = Object.keys(space);
  if (names.length === 0) throw new ConfigError('the search space is empty');
  const out: Record<string, ParamSpec> = {};
  for (const name of names) {
    const s = space[name]!;
    if (s.type === 'float')
      out[name] = floatParam(s.low, s.high, s.step === null ? { log: s.log } : { log: s.log, step: s.step });
    else if (s.type === 'int') out[name] = intParam(s.low, s.high, { log: s.log, step: s.step });
    else if (s.type === 'categorical') out[name] = categoricalParam(s.choices);
    else throw new ConfigError(`parameter ${name} has an unknown type`);
  }
  return out;
}

/** True when the range holds a single value, so nothing needs sampling. */
export function isSingle(spec: ParamSpec): boolean {
  return spec.type === 'categorical' ? spec.choices.length === 1 : spec.low === spec.high;
}

/** Numeric value → nearest grid point inside [low, high] (identity clip for continuous floats). */
export function snapToGrid(spec: NumericParam, x: number): number {
  if (spec.step === null) return Math.min(Math.max(x, spec.low), spec.high);
  const v = spec.low + Math.round((x - spec.low) / spec.step) * spec.step;
  return Math.min(Math.max(v, spec.low), spec.high);
}

/** One uniform draw from the spec (Optuna RandomSampler semantics). */
export function sampleUniform(spec: ParamSpec, rng: Rng): ParamValue {
  if (spec.type === 'categorical')
    return spec.choices[spec.choices.length === 1 ? 0 : rng.int(spec.choices.length)]!;
  if (spec.low === spec.high) return spec.low;
  const half = spec.step === null ? 0 : spec.step / 2;
  let lo = spec.low - half;
  let hi = spec.high + half;
  if (spec.log) {
    lo = Math.log(lo);
    hi = Math.log(hi);
  }
  const u = lo + rng.next() * (hi - lo);
  return snapToGrid(spec, spec.log ? Math.exp(u) : u);
}

/** The value as a number the estimators work with: the number itself, or the choice index. */
export function toInternal(spec: ParamSpec, value: ParamValue): number {
  if (spec.type === 'categorical') return spec.choices.indexOf(value);
  return typeof value === 'number' ? value : Number.NaN;
}

/** Inverse of `toInternal`. */
export function toExternal(spec: ParamSpec, internal: number): ParamValue {
  return spec.type === 'categorical' ? spec.choices[internal]! : internal;
}

/** True when `value` is a value the spec can produce (used to validate stored trials). */
export function contains(spec: ParamSpec, value: ParamValue): boolean {
  if (spec.type === 'categorical') return spec.choices.includes(value);
  if (typeof value !== 'number' || value < spec.low || value > spec.high) return false;
  return spec.type === 'float' || Number.isInteger(value);
}
