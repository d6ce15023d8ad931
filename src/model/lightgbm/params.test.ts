import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../core/errors.js';
import { higherIsBetter, lightgbmParamString, resolveParams } from './params.js';

const base = { numIterations: 100, seed: 3, numThreads: 2 };

function parse(s: string): Map<string, string> {
  return new Map(s.split(' ').map((kv) => kv.split('=') as [string, string]));
}

describe('resolveParams', () => {
  it("fills LightGBM's defaults and picks the metric from the objective", () => {
    const r = resolveParams(base);
    expect(r.objective).toBe('binary');
    expect(r.metric).toBe('binary_logloss');
    expect(r.learningRate).toBe(0.1);
    expect(r.numLeaves).toBe(31);
    expect(r.earlyStoppingRounds).toBe(0);
    expect(resolveParams({ ...base, objective: 'regression' }).metric).toBe('l2');
  });

  it.each([
    { numIterations: 0 },
    { numIterations: 1.5 },
    { learningRate: 0 },
    { numLeaves: 1 },
    { featureFraction: 1.2 },
    { baggingFraction: 0 },
    { lambdaL2: -1 },
    { seed: -1 },
    { seed: 2 ** 31 },
    { numThreads: 0 },
    { objective: 'regression' as const, metric: 'auc' as const },
    { metric: 'l2' as const },
  ])('refuses %o with E_CONFIG', (bad) => {
    expect(() => resolveParams({ ...base, ...bad })).toThrow(
      expect.objectContaining({ code: ErrorCode.Config }),
    );
  });
});

describe('lightgbmParamString', () => {
  it('spells out every determinism setting', () => {
    const kv = parse(lightgbmParamString(resolveParams({ ...base, featureFraction: 0.5 }), []));
    expect(kv.get('seed')).toBe('3');
    expect(kv.get('deterministic')).toBe('true');
    expect(kv.get('force_row_wise')).toBe('true');
    expect(kv.get('num_threads')).toBe('2');
    expect(kv.get('feature_fraction')).toBe('0.5');
    expect(kv.get('objective')).toBe('binary');
    expect(kv.has('categorical_feature')).toBe(false);
  });

  it('lists categorical model columns', () => {
    const kv = parse(lightgbmParamString(resolveParams(base), [0, 4]));
    expect(kv.get('categorical_feature')).toBe('0,4');
  });
});

describe('higherIsBetter', () => {
  it('is true only for AUC', () => {
    expect(higherIsBetter('auc')).toBe(true);
    expect(higherIsBetter('binary_logloss')).toBe(false);
    expect(higherIsBetter('l2')).toBe(false);
  });
});
