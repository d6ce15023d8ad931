export type { FeatureRows, LabelEvents } from './featureRows.js';
export type { FeatureSetColumns } from './featureSetMeta.js';
export { MemoryOnlineStore, type MemoryOnlineStoreOptions } from './memoryOnlineStore.js';
export { allocateVectors, type OnlineStore, type OnlineVectors } from './onlineStore.js';
export {
  type OfflineReadQuery,
  type OfflineWriteSummary,
  ParquetOfflineStore,
} from './parquetOfflineStore.js';
export { type PointInTimeOptions, type PointInTimeResult, pointInTimeJoin } from './pointInTime.js';
export { RedisOnlineStore, type RedisOnlineStoreOptions } from './redisOnlineStore.js';
export {
  type FlushSessionOptions,
  flushSession,
  loadState,
  restoreOnline,
  type SavedFile,
  type SavedSession,
  type SessionManifest,
} from './sessionState.js';
