export {
  type ChunkView,
  type ColumnArray,
  type ColumnKind,
  readColumns,
  sqlString,
  sqlType,
  stageColumns,
  streamColumns,
} from './duckdbColumns.js';
export { DEFAULT_BUCKETS, symbolBucket } from './lakeLayout.js';
export type { Manifest, PartitionInfo, TableInfo } from './manifest.js';
export * from './parquetLake.js';
export * from './writeSyntheticMarket.js';
