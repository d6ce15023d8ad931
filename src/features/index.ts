/**
 * Public surface of the features module: indicators behind one registry,
 * declarative feature sets with content hashes, and the one engine that
 * serves streaming (FeatureEngine.update) and batch (computeFeatures), with
 * its symbol-sharded form over worker threads (ShardedFeatureEngine).
 */

export { computeFeatures, type FeatureContext, type FeatureMatrix, featureColumn } from './batch.js';
export { contextSpecs, isCategoricalSpec } from './context/index.js';
export { DEFAULT_FEATURE_SET } from './defaultFeatureSet.js';
export { FeatureEngine } from './engine.js';
export {
  FEATURE_CODE_VERSION,
  type FeatureColumn,
  type FeatureSet,
  FeatureSetSchema,
  featureSetHash,
  type ResolvedFeature,
  type ResolvedFeatureSet,
  resolveFeatureSet,
} from './featureSet.js';
export {
  emptyFeatureInput,
  type FeatureInput,
  type Indicator,
  type IndicatorParam,
  type IndicatorSpec,
} from './indicator.js';
export { indicatorSpecs } from './indicators/index.js';
export { InputBlock } from './inputBlock.js';
export {
  createIndicator,
  listIndicators,
  outputColumns,
  type ParsedIndicator,
  parseIndicatorToken,
} from './registry.js';
export { type ShardedEngineOptions, ShardedFeatureEngine } from './shardedEngine.js';
