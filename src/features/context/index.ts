/**
 * Context indicators: fractional differencing, Hurst, cross-asset lead–lag,
 * quotes, the session clock and categorical ids. `contextSpecs` is what the
 * registry resolves tokens against; `isCategoricalSpec` tells the feature set
 * which outputs are category codes.
 */
import type { IndicatorSpec } from '../indicator.js';
import { betaSpec, mktretSpec, secretSpec } from './crossAsset.js';
import { fracdiffSpec } from './fracdiff.js';
import { hurstSpec } from './hurst.js';
import type { ContextIndicatorSpec } from './inputFeature.js';
import { mtcSpec, obiSpec, sectorIdSpec, spreadSpec, symbolIdSpec, todSpec } from './inputFeature.js';

export { IndexReturn, type IndexSource, RollingBeta } from './crossAsset.js';
export { FracDiff } from './fracdiff.js';
export { Hurst } from './hurst.js';
export { type ContextIndicatorSpec, InputFeature } from './inputFeature.js';

/** Every context indicator spec, for the registry. */
export const contextSpecs: IndicatorSpec[] = [
  fracdiffSpec,
  hurstSpec,
  mktretSpec,
  secretSpec,
  betaSpec,
  spreadSpec,
  obiSpec,
  todSpec,
  mtcSpec,
  symbolIdSpec,
  sectorIdSpec,
];

/** True when every output of `spec` is a category code (symbol_id, sector_id). */
export function isCategoricalSpec(spec: IndicatorSpec): boolean {
  return (spec as Partial<ContextIndicatorSpec>).categorical === true;
}
