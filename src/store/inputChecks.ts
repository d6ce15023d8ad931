/**
 * Input rules shared by every store adapter, so that memory, Redis and
 * Parquet reject the same bad input with the same typed error.
 */
import { DataError, ErrorCode } from '../core/errors.js';

/** Feature-set hashes become Redis keys and folder names, so they are restricted to a safe alphabet. */
const HASH_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws E_INVALID_INPUT unless `hash` is 1–128 characters of [A-Za-z0-9_-] (a hex sha256 is). */
export function assertFeatureSetHash(hash: string): void {
  if (!HASH_RE.test(hash)) {
    throw new DataError(ErrorCode.InvalidInput, `feature-set hash '${hash}' is not usable as a key`, {
      column: 'fsHash',
      rule: 'feature-set hash is 1-128 characters of [A-Za-z0-9_-]',
    });
  }
}

/** Throws E_INVALID_INPUT unless every id is an integer in [0, 2^31). */
export function assertSymbolIds(symbolIds: Int32Array, column = 'symbolIds'): void {
  for (let i = 0; i < symbolIds.length; i++) {
    if (symbolIds[i]! < 0) {
      throw new DataError(ErrorCode.InvalidInput, `symbol id ${symbolIds[i]} at index ${i} is negative`, {
        column,
        rule: 'symbol ids are interned non-negative integers',
      });
    }
  }
}

/** Throws E_NON_FINITE unless every time is a finite integer (epoch µs). */
export function assertMicros(times: Float64Array, column: string): void {
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isInteger(t)) {
      throw new DataError(ErrorCode.NonFinite, `${column}[${i}] = ${t} is not an integer epoch µs time`, {
        column,
        rule: 'times are finite integer epoch microseconds',
      });
    }
  }
}

/** Throws E_INVALID_INPUT unless `length` equals `expected`. */
export function assertLength(column: string, length: number, expected: number): void {
  if (length !== expected) {
    throw new DataError(ErrorCode.InvalidInput, `${column} has ${length} values, expected ${expected}`, {
      column,
      rule: 'all columns of a batch have one entry per row (matrix: rows × columns)',
    });
  }
}
