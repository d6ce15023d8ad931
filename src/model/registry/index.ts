/**
 * Model registry: versioned model files with manifests (feature set, window,
 * label spec, CV metrics, adversarial AUC, params, data hash, checksum), a
 * production pointer with promote/rollback, all writes atomic.
 */
export type { HashableTrainingData, JsonValue, ModelManifest } from './manifest.js';
export { hashTrainingData, sha256Hex } from './manifest.js';
export type { RegisterInput, RegistryOptions } from './registry.js';
export { DEFAULT_REGISTRY_ROOT, ModelRegistry } from './registry.js';
