/**
 * Redis key names of the online store, built in this ONE place.
 *
 *   af:fs:{<fsHash>}:sym:<symbolId>   a Redis hash; field `v` holds the packed vector
 *
 * The braces make the feature-set hash a Redis Cluster hash tag: every key of
 * one feature set lands in one slot, so the multi-key scripts stay legal on a
 * cluster. The write script and the read request (redisVectorReader.ts)
 * receive `onlineKeyPrefix` and append the decimal id themselves, so the
 * format below is the only definition.
 */

/** Field of the per-symbol Redis hash that holds the packed vector. */
export const VECTOR_FIELD = 'v';

/** Common prefix of every key of feature set `fsHash`. */
export function onlineKeyPrefix(fsHash: string): string {
  return `af:fs:{${fsHash}}:sym:`;
}

/** Key of the vector of `symbolId` in feature set `fsHash`. */
export function onlineKey(fsHash: string, symbolId: number): string {
  return `${onlineKeyPrefix(fsHash)}${symbolId}`;
}

/** SCAN pattern matching every key of feature set `fsHash` (the hash is pre-checked to hold no glob characters). */
export function onlineKeyPattern(fsHash: string): string {
  return `${onlineKeyPrefix(fsHash)}*`;
}
