import { describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import { contextSpecs } from './context/index.js';
import { indicatorSpecs } from './indicators/index.js';
import { createIndicator, listIndicators, outputColumns, parseIndicatorToken } from './registry.js';

function errorOf(f: () => unknown): AlphaflowError {
  try {
    f();
  } catch (e) {
    if (e instanceof AlphaflowError) return e;
    throw e;
  }
  throw new Error('expected an AlphaflowError');
}

describe('parseIndicatorToken', () => {
  it('resolves the spec, fills defaults and canonicalises the token', () => {
    const p = parseIndicatorToken('macd:12:26:9');
    expect(p.spec.name).toBe('macd');
    expect(p.params).toEqual([12, 26, 9, 0]);
    expect(p.token).toBe('macd:12:26:9:0');
    expect(parseIndicatorToken('rsi').token).toBe('rsi:14');
    expect(parseIndicatorToken('cci:20:.015').token).toBe('cci:20:0.015');
    expect(parseIndicatorToken('obv').token).toBe('obv');
  });

  it('names an unknown indicator with E_UNKNOWN_FEATURE', () => {
    const e = errorOf(() => parseIndicatorToken('rsx:14'));
    expect(e.code).toBe(ErrorCode.UnknownFeature);
    expect(e.message).toContain('rsx:14');
  });

  it.each([
    ['rsi:0', 'n'],
    ['rsi:14.5', 'n'],
    ['rsi:abc', 'abc'],
    ['rsi:', "''"],
    ['rsi:14:3', 'at most 1'],
    ['macd:12:26:9:2', 'percent'],
    ['bbands:20:-1', 'k'],
    ['sma:1e999', 'n'],
  ])('rejects %s with E_CONFIG naming the token', (token, detail) => {
    const e = errorOf(() => parseIndicatorToken(token));
    expect(e.code).toBe(ErrorCode.Config);
    expect(e.message).toContain(`'${token}'`);
    expect(e.message).toContain(detail);
  });
});

describe('registry', () => {
  it('lists every built-in and context spec once, sorted by name', () => {
    const names = listIndicators().map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    for (const s of [...indicatorSpecs, ...contextSpecs]) expect(names).toContain(s.name);
    for (const n of [
      'sma',
      'ema',
      'wma',
      'rsi',
      'macd',
      'bbands',
      'atr',
      'obv',
      'vwap',
      'vwap_session',
      'roc',
    ]) {
      expect(names).toContain(n);
    }
    for (const n of [
      'logret',
      'rvol',
      'volatility',
      'volz',
      'hlrange',
      'stoch',
      'cci',
      'adx',
      'willr',
      'mfi',
    ]) {
      expect(names).toContain(n);
    }
    expect(names).toContain('donchian');
  });

  it('creates indicators whose outputs match the spec', () => {
    for (const spec of indicatorSpecs) {
      const ind = createIndicator(spec.name);
      expect(ind.outputs).toEqual(spec.outputs(parseIndicatorToken(spec.name).params));
      expect(ind.ready).toBe(false);
    }
  });

  it('names columns by canonical token, with .output for multi-output indicators', () => {
    expect(outputColumns('rsi')).toEqual(['rsi:14']);
    expect(outputColumns('macd')).toEqual([
      'macd:12:26:9:0.macd',
      'macd:12:26:9:0.signal',
      'macd:12:26:9:0.hist',
    ]);
    expect(outputColumns('hlrange')).toEqual(['hlrange']);
  });

  it('validates params given straight to a spec too', () => {
    const spec = indicatorSpecs.find((s) => s.name === 'sma')!;
    expect(errorOf(() => spec.create([0])).code).toBe(ErrorCode.Config);
    expect(spec.create([]).outputs).toEqual(['sma']);
  });
});
