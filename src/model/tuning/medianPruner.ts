/**
 * Median pruning (Optuna's MedianPruner): after an intermediate step (a CV
 * fold, an epoch) a trial stops when its value at that step is worse than the
 * median of the completed trials' values at the same step.
 * Deviation from Optuna: the trial's value AT the step is compared, not its
 * best value over the steps so far — CV folds are not epochs, and the best
 * fold so far would be an optimistic score.
 * The completed trials consulted are fixed when the trial is asked (see
 * study.ts), so the rule is computed once, is plain data, and can travel to
 * a worker thread with the trial.
 */
import { ConfigError } from '../../core/errors.js';
import type { Direction, Trial } from './trial.js';

export interface MedianPrunerOptions {
  /** Never prune until this many trials have completed (Optuna: 5). */
  nStartupTrials?: number;
  /** Never prune at steps below this (Optuna: 0). */
  nWarmupSteps?: number;
  /** A step needs this many completed trials reporting it to have a median (Optuna: 1). */
  nMinTrials?: number;
}

/** What a running trial needs to decide pruning by itself: the median per step. */
export interface PruneRule {
  readonly direction: Direction;
  readonly warmupSteps: number;
  /** Median of the completed trials' intermediate values, by step. */
  readonly medians: ReadonlyMap<number, number>;
}

/** The rule for a trial that may consult `completed` (complete trials only count); null = never prune. */
export function medianPruneRule(
  completed: readonly Trial[],
  direction: Direction,
  opts: MedianPrunerOptions = {},
): PruneRule | null {
  const nStartup = opts.nStartupTrials ?? 5;
  const warmupSteps = opts.nWarmupSteps ?? 0;
  const nMin = opts.nMinTrials ?? 1;
  if (nStartup < 0 || warmupSteps < 0 || nMin < 1) {
    throw new ConfigError('median pruner needs nStartupTrials ≥ 0, nWarmupSteps ≥ 0, nMinTrials ≥ 1');
  }
  const done = completed.filter((t) => t.state === 'complete');
  if (done.length === 0 || done.length < nStartup) return null;
  const byStep = new Map<number, number[]>();
  for (const t of done) {
    for (const [step, v] of t.intermediate) {
      if (Number.isNaN(v)) continue;
      let list = byStep.get(step);
      if (list === undefined) byStep.set(step, (list = []));
      list.push(v);
    }
  }
  const medians = new Map<number, number>();
  for (const [step, list] of byStep) if (list.length >= nMin) medians.set(step, median(list));
  return { direction, warmupSteps, medians };
}

/** Median with the mean of the middle pair for even counts (numpy's 50th percentile). */
function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** True when a trial that reported `value` at `step` should stop (a NaN value always stops). */
export function shouldPruneAt(rule: PruneRule | null, step: number, value: number): boolean {
  if (rule === null || step < rule.warmupSteps) return false;
  if (Number.isNaN(value)) return true;
  const m = rule.medians.get(step);
  if (m === undefined) return false;
  return rule.direction === 'minimize' ? value > m : value < m;
}
