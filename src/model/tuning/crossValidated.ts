/**
 * Objective over cross-validation folds: scores the folds in order, reports
 * the running mean after each (step = fold index) so the median pruner can
 * stop a hopeless trial after a fold or two, and returns the mean score.
 * Folds come from the CV splitters (purged k-fold, walk-forward); the index
 * type is whatever they produce.
 */
import type { Params } from './space.js';
import type { Objective } from './trial.js';
import { TrialPruned } from './trial.js';

/** Row indices of one fold. */
export interface FoldIndices<I> {
  readonly train: I;
  readonly test: I;
}

/** Fits on `train` rows with `params` and returns the score on `test` rows. */
export type FoldScorer<I> = (params: Readonly<Params>, train: I, test: I) => Promise<number> | number;

/** The objective: mean fold score, pruned between folds when the running mean is below par. */
export function crossValidatedObjective<I>(
  folds: readonly FoldIndices<I>[],
  score: FoldScorer<I>,
): Objective {
  if (folds.length === 0) throw new RangeError('crossValidatedObjective needs at least one fold');
  return async (trial) => {
    let sum = 0;
    for (let i = 0; i < folds.length; i++) {
      const f = folds[i]!;
      sum += await score(trial.params, f.train, f.test);
      trial.report(i, sum / (i + 1));
      if (i < folds.length - 1 && trial.shouldPrune()) throw new TrialPruned(`pruned after fold ${i}`);
    }
    return sum / folds.length;
  };
}
