/**
 * Univariate Parzen estimators of Optuna's TPE (`_ParzenEstimator` of
 * Optuna 5.0 with multivariate=False): a weighted mixture with one kernel per observation
 * plus a prior kernel.
 * - numeric: truncated Gaussians on [low, high] (widened by step/2 on a grid,
 *   in log space for log parameters); each kernel's bandwidth is the larger
 *   gap to its sorted neighbours among the observations (the range ends count
 *   as neighbours, except for the outermost kernels unless
 *   `considerEndpoints`; as in Optuna 5, the prior is not a neighbour), clipped to
 *   [(high − low) / min(100, n + 2), high − low] ("magic clip"); the prior
 *   kernel sits mid-range with bandwidth high − low. Stepped values get the
 *   kernel's mass over [x − step/2, x + step/2].
 * - categorical: each observation's kernel puts priorWeight / (n + 1) on every
 *   choice plus 1 on the observed one (normalized); the prior kernel is uniform.
 */
import type { Rng } from '../../core/random.js';
import type { CategoricalParam, NumericParam } from './space.js';
import { snapToGrid } from './space.js';
import { logGaussMass, logNormalPdf, sampleTruncNorm } from './truncatedNormal.js';

export interface ParzenOptions {
  /** Weight of the prior kernel relative to an observation's weight (Optuna: 1). */
  readonly priorWeight: number;
  /** Floor the bandwidths at range / min(100, kernels + 1) (Optuna: true). */
  readonly considerMagicClip: boolean;
  /** Let the range ends bound the outermost kernels' bandwidths (Optuna: false). */
  readonly considerEndpoints: boolean;
}

/** A fitted univariate density over one parameter's internal values (numbers, or choice indices). */
export interface ParzenEstimator {
  /** `n` draws (internal values). */
  sample(rng: Rng, n: number): Float64Array;
  /** log density (or log mass on a grid) at each internal value. */
  logPdf(x: Float64Array): Float64Array;
}

/** Mixture weights: the observations' weights then the prior's, normalized; the prior alone when empty. */
function mixtureWeights(obsWeights: Float64Array, priorWeight: number): Float64Array {
  const n = obsWeights.length;
  if (n === 0) return Float64Array.of(1);
  const w = new Float64Array(n + 1);
  w.set(obsWeights);
  w[n] = priorWeight;
  let sum = 0;
  for (let i = 0; i <= n; i++) sum += w[i]!;
  for (let i = 0; i <= n; i++) w[i]! /= sum;
  return w;
}

/** Index of the component picked by a uniform u ∈ [0, 1) under `weights` (inverse CDF). */
function pickComponent(weights: Float64Array, u: number): number {
  let acc = 0;
  const last = weights.length - 1;
  for (let j = 0; j < last; j++) {
    acc += weights[j]!;
    if (u < acc) return j;
  }
  return last;
}

/** log Σ exp(terms[j]) over a scratch buffer. */
function logSumExp(terms: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < terms.length; j++) if (terms[j]! > max) max = terms[j]!;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (let j = 0; j < terms.length; j++) s += Math.exp(terms[j]! - max);
  return max + Math.log(s);
}

/** Per-observation bandwidths by Optuna's neighbour rule, before clipping. */
function neighbourSigmas(
  mus: Float64Array,
  low: number,
  high: number,
  considerEndpoints: boolean,
): Float64Array {
  const n = mus.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => mus[i]! - mus[j]! || i - j);
  // Sorted centres framed by the range ends.
  const framed = new Float64Array(n + 2);
  framed[0] = low;
  for (let k = 0; k < n; k++) framed[k + 1] = mus[order[k]!]!;
  framed[n + 1] = high;
  const sigma = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = Math.max(framed[k + 1]! - framed[k]!, framed[k + 2]! - framed[k + 1]!);
    // The outermost kernels look only inward unless the range ends should count.
    if (!considerEndpoints && n >= 2) {
      if (k === 0) s = framed[2]! - framed[1]!;
      else if (k === n - 1) s = framed[n]! - framed[n - 1]!;
    }
    sigma[order[k]!] = s;
  }
  return sigma;
}

class NumericParzen implements ParzenEstimator {
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  private readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  /** log of each kernel's mass inside [low, high] (its truncation normalizer). */
  private readonly logNorm: Float64Array;
  private readonly low: number;
  private readonly high: number;
  private readonly half: number;

  constructor(
    private readonly spec: NumericParam,
    observations: Float64Array,
    obsWeights: Float64Array,
    opts: ParzenOptions,
  ) {
    this.half = spec.step === null ? 0 : spec.step / 2;
    let low = spec.low - this.half;
    let high = spec.high + this.half;
    const n = observations.length;
    const obs = new Float64Array(n);
    for (let i = 0; i < n; i++) obs[i] = spec.log ? Math.log(observations[i]!) : observations[i]!;
    if (spec.log) {
      low = Math.log(low);
      high = Math.log(high);
    }
    this.low = low;
    this.high = high;
    const range = high - low;
    const raw = neighbourSigmas(obs, low, high, opts.considerEndpoints);
    const minSigma = opts.considerMagicClip ? range / Math.min(100, n + 2) : 1e-12;
    this.mus = new Float64Array(n + 1);
    this.sigmas = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.mus[i] = obs[i]!;
      this.sigmas[i] = Math.min(Math.max(raw[i]!, minSigma), range);
    }
    this.mus[n] = 0.5 * (low + high);
    this.sigmas[n] = range;
    this.weights = mixtureWeights(obsWeights, opts.priorWeight);
    this.logWeights = this.weights.map(Math.log);
    this.logNorm = new Float64Array(this.mus.length);
    for (let j = 0; j < this.mus.length; j++) {
      const m = this.mus[j]!;
      const s = this.sigmas[j]!;
      this.logNorm[j] = logGaussMass((low - m) / s, (high - m) / s);
    }
  }

  sample(rng: Rng, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = pickComponent(this.weights, rng.next());
      const z = sampleTruncNorm(rng, this.mus[j]!, this.sigmas[j]!, this.low, this.high);
      out[i] = snapToGrid(this.spec, this.spec.log ? Math.exp(z) : z);
    }
    return out;
  }

  logPdf(x: Float64Array): Float64Array {
    const k = this.mus.length;
    const terms = new Float64Array(k);
    const out = new Float64Array(x.length);
    const logW = this.logWeights;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      if (this.half === 0) {
        const t = this.spec.log ? Math.log(xi) : xi;
        for (let j = 0; j < k; j++) {
          const s = this.sigmas[j]!;
          terms[j] = logW[j]! + logNormalPdf((t - this.mus[j]!) / s) - Math.log(s) - this.logNorm[j]!;
        }
      } else {
        const left = this.spec.log ? Math.log(xi - this.half) : xi - this.half;
        const right = this.spec.log ? Math.log(xi + this.half) : xi + this.half;
        for (let j = 0; j < k; j++) {
          const m = this.mus[j]!;
          const s = this.sigmas[j]!;
          terms[j] = logW[j]! + logGaussMass((left - m) / s, (right - m) / s) - this.logNorm[j]!;
        }
      }
      out[i] = logSumExp(terms);
    }
    return out;
  }
}

class CategoricalParzen implements ParzenEstimator {
  private readonly weights: Float64Array;
  /** Row-major kernels × choices probabilities. */
  private readonly probs: Float64Array;
  private readonly nChoices: number;

  constructor(
    spec: CategoricalParam,
    observations: Float64Array,
    obsWeights: Float64Array,
    opts: ParzenOptions,
  ) {
    const c = spec.choices.length;
    const n = observations.length;
    this.nChoices = c;
    this.weights = mixtureWeights(obsWeights, opts.priorWeight);
    const kernels = n + 1;
    this.probs = new Float64Array(kernels * c).fill(n === 0 ? 1 : opts.priorWeight / kernels);
    for (let i = 0; i < n; i++) this.probs[i * c + observations[i]!]! += 1;
    for (let r = 0; r < kernels; r++) {
      let sum = 0;
      for (let q = 0; q < c; q++) sum += this.probs[r * c + q]!;
      if (sum > 0) for (let q = 0; q < c; q++) this.probs[r * c + q]! /= sum;
    }
  }

  sample(rng: Rng, n: number): Float64Array {
    const out = new Float64Array(n);
    const c = this.nChoices;
    for (let i = 0; i < n; i++) {
      const row = pickComponent(this.weights, rng.next()) * c;
      out[i] = pickComponent(this.probs.subarray(row, row + c), rng.next());
    }
    return out;
  }

  logPdf(x: Float64Array): Float64Array {
    const k = this.weights.length;
    const c = this.nChoices;
    const terms = new Float64Array(k);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      for (let j = 0; j < k; j++)
        terms[j] = Math.log(this.weights[j]!) + Math.log(this.probs[j * c + x[i]!]!);
      out[i] = logSumExp(terms);
    }
    return out;
  }
}

/**
 * Fits the estimator of one parameter to `observations` (internal values:
 * numbers, or choice indices) with per-observation `obsWeights`.
 */
export function fitParzen(
  spec: NumericParam | CategoricalParam,
  observations: Float64Array,
  obsWeights: Float64Array,
  opts: ParzenOptions,
): ParzenEstimator {
  return spec.type === 'categorical'
    ? new CategoricalParzen(spec, observations, obsWeights, opts)
    : new NumericParzen(spec, observations, obsWeights, opts);
}
