import { describe, expect, it } from 'vitest';
import { crossValidatedObjective } from './crossValidated.js';
import { runTrial } from './trial.js';

const folds = [0, 1, 2, 3].map((k) => ({ train: [k], test: [k + 10] }));

describe('crossValidatedObjective', () => {
  it('reports the running mean after each fold and returns the mean', async () => {
    const seen: number[][] = [];
    const obj = crossValidatedObjective(folds, (params, train, test) => {
      seen.push([...train, ...test]);
      return (params.scale as number) * (train[0]! + 1);
    });
    const out = await runTrial(obj, { number: 0, params: { scale: 2 }, pruneRule: null });
    // fold scores 2, 4, 6, 8 → running means 2, 3, 4, 5.
    expect(out.intermediate).toEqual([
      [0, 2],
      [1, 3],
      [2, 4],
      [3, 5],
    ]);
    expect(out.value).toBe(5);
    expect(seen).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
  });

  it('stops after the first fold whose running mean is worse than the median', async () => {
    let fits = 0;
    const obj = crossValidatedObjective(folds, () => {
      fits++;
      return 10;
    });
    const pruneRule = { direction: 'minimize' as const, warmupSteps: 1, medians: new Map([[1, 3]]) };
    const out = await runTrial(obj, { number: 0, params: {}, pruneRule });
    expect(out.state).toBe('pruned');
    expect(fits).toBe(2);
  });
});
