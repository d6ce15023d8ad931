import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { DEFAULT_FEATURE_SET } from './defaultFeatureSet.js';
import { FEATURE_CODE_VERSION, featureSetHash, resolveFeatureSet } from './featureSet.js';

const fs = (features: string[], name = 'test') => ({ name, version: 1, features });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('resolveFeatureSet', () => {
  it('fills defaults into canonical tokens and names one column per output', () => {
    const r = resolveFeatureSet(fs(['rsi', 'macd', 'mktret:2']));
    expect(r.columns.map((c) => c.name)).toEqual([
      'rsi:14',
      'macd:12:26:9:0.macd',
      'macd:12:26:9:0.signal',
      'macd:12:26:9:0.hist',
      'mktret:2',
    ]);
    expect(r.features.map((f) => f.token)).toEqual(['rsi:14', 'macd:12:26:9:0', 'mktret:2']);
  });

  it('selects single outputs with token.output, sharing one indicator per token', () => {
    const r = resolveFeatureSet(fs(['bbands:20:2.pctb', 'rsi', 'bbands.width', 'fracdiff:0.4:0.001']));
    expect(r.columns.map((c) => c.name)).toEqual([
      'bbands:20:2:0.pctb',
      'rsi:14',
      'bbands:20:2:0.width',
      'fracdiff:0.4:0.001',
    ]);
    expect(r.features.map((f) => f.token)).toEqual(['bbands:20:2:0', 'rsi:14', 'fracdiff:0.4:0.001']);
    expect(r.features[0]!.selected).toEqual([3, 4]);
    expect(r.features[0]!.columnIndex).toEqual([0, 2]);
  });

  it('flags the categorical id columns', () => {
    const r = resolveFeatureSet(fs(['symbol_id', 'rsi', 'sector_id']));
    expect(r.columns.map((c) => c.categorical)).toEqual([true, false, true]);
  });

  it('rejects unknown indicators and outputs, duplicates and malformed sets with typed errors', () => {
    expect(codeOf(() => resolveFeatureSet(fs(['nope:3'])))).toBe(ErrorCode.UnknownFeature);
    expect(codeOf(() => resolveFeatureSet(fs(['bbands.nope'])))).toBe(ErrorCode.UnknownFeature);
    expect(codeOf(() => resolveFeatureSet(fs(['rsi', 'rsi:14'])))).toBe(ErrorCode.Config);
    expect(codeOf(() => resolveFeatureSet(fs(['macd', 'macd.signal'])))).toBe(ErrorCode.Config);
    expect(codeOf(() => resolveFeatureSet(fs([])))).toBe(ErrorCode.Config);
    expect(codeOf(() => resolveFeatureSet({ name: 'x', version: 0, features: ['rsi'] }))).toBe(
      ErrorCode.Config,
    );
    expect(codeOf(() => resolveFeatureSet(fs(['rsi:0'])))).toBe(ErrorCode.Config);
  });
});

describe('featureSetHash', () => {
  it('is sha256 of the canonical JSON of code version, tokens and columns', () => {
    const expected = createHash('sha256')
      .update(`{"code":${FEATURE_CODE_VERSION},"features":["rsi:14"],"columns":["rsi:14"]}`)
      .digest('hex');
    expect(featureSetHash(fs(['rsi']))).toBe(expected);
  });

  it('ignores the name and spelled-out defaults, and changes with params, order and selection', () => {
    const h = featureSetHash(fs(['rsi', 'macd']));
    expect(featureSetHash(fs(['rsi:14', 'macd:12:26:9:0'], 'renamed'))).toBe(h);
    expect(featureSetHash(fs(['rsi:15', 'macd']))).not.toBe(h);
    expect(featureSetHash(fs(['macd', 'rsi']))).not.toBe(h);
    expect(featureSetHash(fs(['rsi', 'macd.macd']))).not.toBe(h);
  });
});

describe('DEFAULT_FEATURE_SET', () => {
  it('resolves to at least 30 distinct columns spanning the indicator families', () => {
    const r = resolveFeatureSet(DEFAULT_FEATURE_SET);
    const names = r.columns.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(new Set(names).size).toBe(names.length);
    for (const prefix of [
      'logret:1',
      'rsi',
      'macd',
      'bbands',
      'atr',
      'fracdiff',
      'hurst',
      'mktret:0',
      'beta',
      'spread',
      'obi',
      'tod',
      'mtc',
      'sector_id',
    ]) {
      expect(
        names.some((n) => n.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });
});
