/**
 * Redis key names of the online store, built in this ONE place.
 *
 *   af:fs:{<fsHash>}:sym:<symbolId>   a Redis hash; field `v` holds the packed vector
 *
 * The braces make the feature-set hash a Redis Cluster hash tag: every key of
 * one feature set lands in one slot, so the multi-key read and write scripts
 * stay legal on a cluster.
 */

/** Field of the per-symbol Redis hash that holds the packed vector. */
export const VECTOR_FIELD = 'v';

/** Key of the vector of `symbolId` in feature set `fsHash`. */
export function onlineKey(fsHash: string, symbolId: number): string {
  return `af:fs:{${fsHash}}:sym:${symbolId}`;
}

/** SCAN pattern matching every key of feature set `fsHash` (the hash is pre-checked to hold no glob characters). */
export function onlineKeyPattern(fsHash: string): string {
  return `af:fs:{${fsHash}}:sym:*`;
}
