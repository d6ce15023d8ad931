/**
 * Where things live in the Parquet lake, decided in ONE place:
 *   <root>/_manifest.json                                   what is stored (rows, symbols, restatements)
 *   <root>/<table>/date=YYYY-MM-DD/bucket=NN/data.parquet   one file per (UTC date, symbol bucket)
 * A symbol's bucket is a stable hash of its name (FNV-1a 32-bit mod buckets),
 * so a reader for a few symbols opens only their buckets' files.
 */
import { join } from 'node:path';

export const MANIFEST_FILE = '_manifest.json';
/** Few buckets keep files large (a file per bucket per day); 4 suits 500–5,000 symbols of minute bars. */
export const DEFAULT_BUCKETS = 4;

/** FNV-1a 32-bit hash of a symbol name → bucket in [0, buckets). */
export function symbolBucket(symbol: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    h ^= symbol.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

/** Partition key 'date=YYYY-MM-DD/bucket=NN'. */
export function partitionKey(date: string, bucket: number): string {
  return `date=${date}/bucket=${String(bucket).padStart(2, '0')}`;
}

/** Absolute path of a partition's data file. */
export function partitionFile(root: string, table: string, key: string): string {
  return join(root, table, key, 'data.parquet');
}

/** 'YYYY-MM-DD' of a partition key. */
export function partitionDate(key: string): string {
  return key.slice(5, 15);
}

/** Bucket number of a partition key. */
export function partitionBucket(key: string): number {
  return Number(key.slice(key.lastIndexOf('=') + 1));
}
