/**
 * The default feature set (37 columns from 30 indicators). Chosen for a cross-sectional model over
 * many symbols, so nearly every column is scale-free (returns, oscillators,
 * ratios) rather than a price level, and aimed at the edges the synthetic
 * market plants: short-horizon returns for short-term reversal, the index's
 * last few one-bar returns (mktret:0..3, secret) for its lead over its
 * constituents, beta to size that lead per symbol.
 */
import type { FeatureSet } from './featureSet.js';

/** Default features: returns, oscillators, volatility, memory, lead–lag, quotes, session clock, ids. */
export const DEFAULT_FEATURE_SET: FeatureSet = {
  name: 'default',
  version: 1,
  features: [
    // Returns over 1, 5, 15 and 60 bars: short-term reversal and momentum.
    'logret:1',
    'logret:5',
    'logret:15',
    'logret:60',
    // Oscillators (bounded or in percent, comparable across symbols).
    'rsi:14',
    'macd:12:26:9:1',
    'stoch:14:3:3',
    'cci:20',
    'willr:14',
    'mfi:14',
    'adx:14.DIp',
    'adx:14.DIn',
    'adx:14.ADX',
    // Volatility, range and volume.
    'bbands:20:2.pctb',
    'bbands:20:2.width',
    'atr:14.atr',
    'rvol:20',
    'hlrange',
    'volz:20',
    // Memory: fractionally differenced price and persistence.
    'fracdiff:0.4:0.001',
    'hurst:100',
    // Cross-asset lead–lag.
    'mktret:0',
    'mktret:1',
    'mktret:2',
    'mktret:3',
    'secret:0',
    'secret:1',
    'beta:60',
    // Quotes.
    'spread',
    'obi',
    // Session clock.
    'tod',
    'mtc',
    // Categorical sector id. `symbol_id` exists but stays out of the default:
    // with hundreds of levels the trees memorise symbols (in the demo it took a
    // third of the gain and pushed out-of-sample AUC below the linear baseline).
    'sector_id',
  ],
};
