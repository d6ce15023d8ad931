/** The synthetic market: deterministic multi-factor 1-minute bars, L1 quotes and a known, weak predictable component. */
export {
  generateMarket,
  MAX_IN_MEMORY_ROWS,
  type MarketDescription,
  type RegimePath,
  type SyntheticMarket,
  type SyntheticMarketDay,
  type SyntheticMarketStream,
  streamMarket,
} from './market.js';
export {
  type ResolvedMarketOptions,
  resolveMarketOptions,
  type SyntheticMarketOptions,
  syntheticMarketOptionsSchema,
} from './options.js';
export { oracleAuc, rocAuc } from './oracle.js';
export { BAR_MICROS } from './simulator.js';
export { INDEX_SYMBOL, type PlantedPair } from './universe.js';
