/** Cross-validation splitters by time: walk-forward, and purged k-fold with embargo. */
export { type PurgedKFoldOptions, purgedKFoldSplits } from './purgedKFold.js';
export type { Embargo, Split } from './types.js';
export { type WalkForwardCommon, type WalkForwardOptions, walkForwardSplits } from './walkForward.js';
