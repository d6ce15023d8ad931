/** The built-in technical indicators (TTR-exact where TTR has them), for the registry. */
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
