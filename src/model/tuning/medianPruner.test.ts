import { describe, expect, it } from 'vitest';
import { medianPruneRule, shouldPruneAt } from './medianPruner.js';
import type { Trial, TrialState } from './trial.js';

function trial(number: number, steps: number[], state: TrialState = 'complete'): Trial {
  return {
    number,
    params: {},
    state,
    value: state === 'complete' ? steps[steps.length - 1]! : null,
    intermediate: steps.map((v, i) => [i, v] as const),
    durationMs: 0,
    error: null,
  };
}

describe('median pruner', () => {
  const done = [trial(0, [1, 5]), trial(1, [2, 6]), trial(2, [3, 7]), trial(3, [4, 8]), trial(4, [10])];

  it('compares with the median of the completed trials at the same step (minimize)', () => {
    const rule = medianPruneRule(done, 'minimize', { nStartupTrials: 5 });
    // step 0: median of 1, 2, 3, 4, 10 = 3; step 1: median of 5, 6, 7, 8 = 6.5.
    expect(shouldPruneAt(rule, 0, 3.1)).toBe(true);
    expect(shouldPruneAt(rule, 0, 3)).toBe(false);
    expect(shouldPruneAt(rule, 1, 6.6)).toBe(true);
    expect(shouldPruneAt(rule, 1, 6.4)).toBe(false);
    // No completed trial reached step 2: nothing to compare with.
    expect(shouldPruneAt(rule, 2, 1e9)).toBe(false);
  });

  it('flips the comparison when maximizing', () => {
    const rule = medianPruneRule(done, 'maximize');
    expect(shouldPruneAt(rule, 0, 2.9)).toBe(true);
    expect(shouldPruneAt(rule, 0, 3.5)).toBe(false);
  });

  it('waits for nStartupTrials completed trials and nWarmupSteps steps', () => {
    expect(medianPruneRule(done, 'minimize', { nStartupTrials: 6 })).toBeNull();
    const withPruned = [...done.slice(0, 4), trial(9, [100], 'pruned')];
    expect(medianPruneRule(withPruned, 'minimize', { nStartupTrials: 5 })).toBeNull();
    const rule = medianPruneRule(done, 'minimize', { nWarmupSteps: 1 });
    expect(shouldPruneAt(rule, 0, 1e9)).toBe(false);
    expect(shouldPruneAt(rule, 1, 1e9)).toBe(true);
  });

  it('needs nMinTrials reports at a step, and always prunes a NaN report', () => {
    const rule = medianPruneRule(done, 'minimize', { nMinTrials: 5 });
    expect(shouldPruneAt(rule, 1, 1e9)).toBe(false);
    expect(shouldPruneAt(rule, 0, 1e9)).toBe(true);
    expect(shouldPruneAt(rule, 0, Number.NaN)).toBe(true);
    expect(shouldPruneAt(null, 0, Number.NaN)).toBe(false);
  });
});
