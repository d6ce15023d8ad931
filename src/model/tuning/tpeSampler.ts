/**
 * The TPE sampler, following Optuna's univariate `TPESampler`:
 * 1. fewer than `nStartupTrials` finished (complete or pruned) trials in view
 *    → every parameter uniformly at random;
 * 2. otherwise split the finished trials into good ("below") and bad
 *    ("above"): the best gamma(n) = min(⌈0.1·n⌉, 25) complete trials are good;
 *    if fewer complete trials exist, pruned ones fill up, deeper-reaching and
 *    better-valued first; the rest are bad; with `constantLiar` the trials
 *    still running count as bad, so parallel trials avoid each other;
 * 3. per parameter, fit l(x) to the good and g(x) to the bad values (each list
 *    ordered by trial number, weighted by Optuna's `default_weights`: flat for
 *    the newest 25, a ramp down for older ones), draw `nEiCandidates` from
 *    l(x) and keep the one maximizing l(x)/g(x).
 * Deviations from Optuna: the random stream is this project's xoshiro `Rng`,
 * derived per trial from (seed, trial number) instead of one sampler-wide
 * stream, so a seed gives different numbers than Optuna's (same algorithm);
 * `constantLiar` defaults to true (Optuna: false) because the running trials
 * are known exactly under the study's deterministic schedule; failed trials
 * are ignored, as in Optuna.
 */
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import type { ParzenOptions } from './parzenEstimator.js';
import { fitParzen } from './parzenEstimator.js';
import type { Params, SearchSpace } from './space.js';
import { isSingle, sampleUniform, toExternal, toInternal } from './space.js';
import type { Direction, Trial } from './trial.js';

export interface TpeOptions {
  /** Random trials before TPE takes over (Optuna: 10). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per parameter (Optuna: 24). */
  nEiCandidates?: number;
  /** Prior kernel weight (Optuna: 1). */
  priorWeight?: number;
  /** Optuna: true. */
  considerMagicClip?: boolean;
  /** Optuna: false. */
  considerEndpoints?: boolean;
  /** Count running trials as bad observations (Optuna: false; here: true). */
  constantLiar?: boolean;
  /** Number of good trials out of n finished ones (default `defaultGamma`). */
  gamma?: (n: number) => number;
  /** Observation weights for n trials ordered oldest first (default `defaultWeights`). */
  weights?: (n: number) => Float64Array;
}

/** Optuna's default_gamma: min(⌈0.1·n⌉, 25) good trials out of n. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default_weights: 1 for the newest 25 trials, a linear ramp from 1/n up to 1 for older ones. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const rampLen = n - 25;
  for (let i = 0; i < rampLen; i++) w[i] = rampLen === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (rampLen - 1);
  return w;
}

/** 32-bit seed of trial `number`'s random stream (a murmur3-style mix of the study seed and the number). */
export function trialSeed(seed: number, number: number): number {
  let h = (seed >>> 0) ^ Math.imul(number + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Sort key of a pruned trial: deeper last step first, then better value at it (Optuna's rule). */
function prunedKey(t: Trial, sign: number): [number, number] {
  if (t.intermediate.length === 0) return [1, 0];
  let last = t.intermediate[0]!;
  for (const iv of t.intermediate) if (iv[0] > last[0]) last = iv;
  return [-last[0], Number.isNaN(last[1]) ? Number.POSITIVE_INFINITY : sign * last[1]];
}

export class TpeSampler {
  private readonly nStartup: number;
  private readonly nCandidates: number;
  private readonly constantLiar: boolean;
  private readonly gamma: (n: number) => number;
  private readonly weights: (n: number) => Float64Array;
  private readonly parzen: ParzenOptions;
  private readonly sign: number;

  constructor(
    private readonly space: SearchSpace,
    direction: Direction,
    private readonly seed: number,
    opts: TpeOptions = {},
  ) {
    this.nStartup = opts.nStartupTrials ?? 10;
    this.nCandidates = opts.nEiCandidates ?? 24;
    if (this.nStartup < 0 || !Number.isInteger(this.nCandidates) || this.nCandidates < 1) {
      throw new ConfigError('TPE needs nStartupTrials ≥ 0 and an integer nEiCandidates ≥ 1');
    }
    this.constantLiar = opts.constantLiar ?? true;
    this.gamma = opts.gamma ?? defaultGamma;
    this.weights = opts.weights ?? defaultWeights;
    this.parzen = {
      priorWeight: opts.priorWeight ?? 1,
      considerMagicClip: opts.considerMagicClip ?? true,
      considerEndpoints: opts.considerEndpoints ?? false,
    };
    if (!(this.parzen.priorWeight > 0)) throw new ConfigError('TPE priorWeight must be > 0');
    this.sign = direction === 'minimize' ? 1 : -1;
  }

  /**
   * Params for trial `number`, a pure function of (seed, number, `finished`,
   * `running`): `finished` are the trials it may learn from (any state; failed
   * ones are ignored), `running` the params of trials in flight, oldest first.
   */
  sample(number: number, finished: readonly Trial[], running: readonly Params[]): Params {
    const rng = new Rng(trialSeed(this.seed, number));
    const complete = finished.filter((t) => t.state === 'complete');
    const pruned = finished.filter((t) => t.state === 'pruned');
    const n = complete.length + pruned.length;
    const out: Params = {};
    if (n < this.nStartup) {
      for (const [name, spec] of Object.entries(this.space)) out[name] = sampleUniform(spec, rng);
      return out;
    }
    const [below, above] = this.split(complete, pruned, this.gamma(n));
    const abovePlusLiars: Array<Readonly<Params>> = above.map((t) => t.params);
    if (this.constantLiar) abovePlusLiars.push(...running);
    const belowParams = below.map((t) => t.params);
    const wBelow = this.weights(belowParams.length);
    const wAbove = this.weights(abovePlusLiars.length);
    for (const [name, spec] of Object.entries(this.space)) {
      if (isSingle(spec)) {
        out[name] = sampleUniform(spec, rng);
        continue;
      }
      const obsBelow = Float64Array.from(belowParams, (p) => toInternal(spec, p[name]!));
      const obsAbove = Float64Array.from(abovePlusLiars, (p) => toInternal(spec, p[name]!));
      const l = fitParzen(spec, obsBelow, wBelow, this.parzen);
      const g = fitParzen(spec, obsAbove, wAbove, this.parzen);
      const candidates = l.sample(rng, this.nCandidates);
      const ll = l.logPdf(candidates);
      const lg = g.logPdf(candidates);
      let best = 0;
      for (let i = 1; i < candidates.length; i++) if (ll[i]! - lg[i]! > ll[best]! - lg[best]!) best = i;
      out[name] = toExternal(spec, candidates[best]!);
    }
    return out;
  }

  /** Good and bad trials, each ordered by trial number. */
  private split(complete: Trial[], pruned: Trial[], nBelow: number): [Trial[], Trial[]] {
    const byValue = [...complete].sort((a, b) => this.sign * (a.value! - b.value!) || a.number - b.number);
    const belowC = byValue.slice(0, nBelow);
    const rest = Math.max(0, nBelow - belowC.length);
    const byDepth = [...pruned].sort((a, b) => {
      const ka = prunedKey(a, this.sign);
      const kb = prunedKey(b, this.sign);
      return ka[0] - kb[0] || ka[1] - kb[1] || a.number - b.number;
    });
    const below = [...belowC, ...byDepth.slice(0, rest)];
    const above = [...byValue.slice(belowC.length), ...byDepth.slice(rest)];
    const byNumber = (a: Trial, b: Trial): number => a.number - b.number;
    return [below.sort(byNumber), above.sort(byNumber)];
  }
}
