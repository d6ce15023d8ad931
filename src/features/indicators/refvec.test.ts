/**
 * Every TTR reference vector we cover, row by row: NaN positions identical and
 * values within 1e-9 relative (absolute where |ref| < 1), run through the
 * registry and the same `update` path as the engine.
 */
import { describe, expect, it } from 'vitest';
import { createIndicator } from '../registry.js';
import {
  loadBars,
  loadRefvec,
  REFVEC_SETS,
  type RefvecSet,
  refvecFiles,
  replay,
} from './refvec.test-helpers.js';

interface RefCase {
  /** Our token. */
  readonly token: string;
  /** Reference column → our output name. */
  readonly columns: Readonly<Record<string, string>>;
}

const same = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, n]));
const bands = { dn: 'lower', mavg: 'mid', up: 'upper' };
const aroon = [{ token: 'aroon:20', columns: { aroonUp: 'up', aroonDn: 'down', oscillator: 'oscillator' } }];
const donchian = [{ token: 'donchian:20', columns: same('high', 'mid', 'low') }];

/** Reference file (without .csv) → the tokens and columns that must reproduce it. */
const CASES: Readonly<Record<string, readonly RefCase[]>> = {
  sma_20: [{ token: 'sma:20', columns: same('sma') }],
  ema_20: [{ token: 'ema:20', columns: same('ema') }],
  ema_20_wilder: [{ token: 'ema:20:1', columns: { ema_wilder: 'ema' } }],
  wma_20: [{ token: 'wma:20', columns: same('wma') }],
  dema_20: [{ token: 'dema:20', columns: same('dema') }],
  hma_20: [{ token: 'hma:20', columns: same('hma') }],
  zlema_20: [{ token: 'zlema:20', columns: same('zlema') }],
  evwma_20: [{ token: 'evwma:20', columns: same('evwma') }],
  rsi_14: [{ token: 'rsi:14', columns: same('rsi') }],
  macd_12_26_9_abs: [{ token: 'macd:12:26:9:0', columns: same('macd', 'signal', 'hist') }],
  macd_12_26_9_pct: [{ token: 'macd:12:26:9:1', columns: same('macd', 'signal', 'hist') }],
  bbands_20_2_close: [{ token: 'bbands:20:2:0', columns: { ...bands, pctB: 'pctb' } }],
  bbands_20_2_hlc: [{ token: 'bbands:20:2:1', columns: { ...bands, pctB: 'pctb' } }],
  keltner_20_2: [{ token: 'keltner:20:2', columns: bands }],
  atr_14: [{ token: 'atr:14', columns: same('tr', 'atr', 'trueHigh', 'trueLow') }],
  obv: [{ token: 'obv', columns: same('obv') }],
  vwap_20: [{ token: 'vwap:20', columns: same('vwap') }],
  roc: [
    { token: 'roc:1:0', columns: { roc1_continuous: 'roc' } },
    { token: 'roc:1:1', columns: { roc1_discrete: 'roc' } },
    { token: 'roc:10:0', columns: { roc10_continuous: 'roc' } },
    { token: 'roc:10:1', columns: { roc10_discrete: 'roc' } },
    { token: 'logret:1', columns: { roc1_continuous: 'logret' } },
    { token: 'logret:10', columns: { roc10_continuous: 'logret' } },
  ],
  runsd_20: [
    { token: 'stddev:20:1', columns: { sd_sample: 'stddev' } },
    { token: 'stddev:20:0', columns: { sd_population: 'stddev' } },
  ],
  volatility_close_20: [{ token: 'volatility:20:260:0', columns: { vol_close: 'volatility' } }],
  volatility_ohlc_20: [
    { token: 'volatility:20:260:1', columns: { garman_klass: 'volatility' } },
    { token: 'volatility:20:260:2', columns: { parkinson: 'volatility' } },
    { token: 'volatility:20:260:3', columns: { rogers_satchell: 'volatility' } },
  ],
  stoch_14_3_3: [{ token: 'stoch:14:3:3', columns: same('fastK', 'fastD', 'slowD') }],
  cci_20: [{ token: 'cci:20', columns: same('cci') }],
  adx_14: [{ token: 'adx:14', columns: same('DIp', 'DIn', 'DX', 'ADX') }],
  wpr_14: [{ token: 'willr:14', columns: { wpr_ttr: 'willr' } }],
  mfi_14: [{ token: 'mfi:14', columns: same('mfi') }],
  donchian_20: donchian,
  donchian_20_close: donchian,
  aroon_20: aroon,
  aroon_20_close: aroon,
  cmo_14: [{ token: 'cmo:14', columns: same('cmo') }],
  cmf_20: [{ token: 'cmf:20', columns: same('cmf') }],
  chaikin_ad: [{ token: 'ad', columns: same('ad') }],
  clv: [{ token: 'clv', columns: same('clv') }],
  // TTR 0.24.3 ignores nSig and smooths the signal with n (see Trix).
  trix_20_9: [{ token: 'trix:20:20', columns: same('trix', 'signal') }],
  ultimate_oscillator_7_14_28: [{ token: 'ultosc:7:14:28', columns: { uo: 'ultosc' } }],
};

/** Reference files deliberately not reproduced, with the reason. */
const NOT_COVERED: Readonly<Record<string, string>> = {
  'sar_0.02_0.2': 'SAR seeds with the SD of H−L over the whole series (non-causal)',
};

const TOL = 1e-9;

describe.each(Object.keys(REFVEC_SETS) as RefvecSet[])('TTR reference vectors: %s', (set) => {
  const files = refvecFiles(set);

  it('has reference files, each covered or listed as not covered', () => {
    expect(files.length).toBeGreaterThan(10);
    const unknown = files.filter((f) => CASES[f] === undefined && NOT_COVERED[f] === undefined);
    expect(unknown).toEqual([]);
  });

  const covered = files.flatMap((f) => (CASES[f] ?? []).map((c) => [`${f} ← ${c.token}`, f, c] as const));
  it.each(covered)('%s', (_label, file, c) => {
    const bars = loadBars(set);
    const ref = loadRefvec(set, file);
    expect(ref.rows).toBe(bars.length);
    const ind = createIndicator(c.token);
    const k = ind.outputs.length;
    const got = replay(ind, bars);
    const problems: string[] = [];
    for (const [refCol, ours] of Object.entries(c.columns)) {
      const j = ind.outputs.indexOf(ours);
      expect(j, `${c.token} has output ${ours}`).toBeGreaterThanOrEqual(0);
      const want = ref.columns.get(refCol);
      expect(want, `${file} has column ${refCol}`).toBeDefined();
      let bad = 0;
      for (let i = 0; i < bars.length; i++) {
        const w = want![i]!;
        const g = got[i * k + j]!;
        const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= TOL * Math.max(1, Math.abs(w));
        if (!ok && bad++ < 3) problems.push(`${refCol} row ${i}: got ${g}, want ${w}`);
      }
      if (bad > 3) problems.push(`${refCol}: ${bad} rows differ`);
    }
    expect(problems).toEqual([]);
  });
});
