/**
 * The built-in technical indicators, for the registry. Conventions shared by all:
 * - Values match R TTR 0.24.3 where TTR has the indicator (same seeds, same
 *   leading-NaN warm-up, same quirks; see each class and refvec.test.ts).
 * - Missing inputs (NaN): window statistics are NaN while the NaN is inside
 *   the window, as TTR; recursive smoothers and cumulative sums skip the bar
 *   (state unchanged), so a gap does not poison them forever.
 * - `ready` latches on the first bar where every output is valid.
 * - update() is O(1) (amortised for the periodic re-sums and Aroon) and
 *   allocation-free, except CCI's O(n) mean-deviation scan; each says so.
 * - State lives in slots (PackedState), so the engine can pack a symbol's
 *   indicators into one array; `write` copies all outputs at once.
 */
import type { IndicatorSpec } from '../indicator.js';
import { movingAverageSpecs } from './movingAverages.js';
import { oscillatorSpecs } from './oscillators.js';
import { returnSpecs } from './returns.js';
import { trendSpecs } from './trend.js';
import { volatilitySpecs } from './volatility.js';
import { volumeSpecs } from './volume.js';
import { vwapSpecs } from './vwap.js';

/** Every built-in indicator spec. */
export const indicatorSpecs: IndicatorSpec[] = [
  ...movingAverageSpecs,
  ...oscillatorSpecs,
  ...volatilitySpecs,
  ...volumeSpecs,
  ...vwapSpecs,
  ...returnSpecs,
  ...trendSpecs,
];
