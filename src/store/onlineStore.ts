/**
 * The online store port: the latest feature vector per (feature-set hash,
 * symbol id), written in batches by the stream job and read for a whole
 * universe in one call by the scorer. Adapters: memory (default) and Redis;
 * one contract suite (onlineStoreContract.ts) runs against both.
 *
 * Ordering rule, identical in every adapter: a write whose event time is
 * OLDER than the stored vector's is ignored (a late or replayed bar must not
 * roll the live state back); an EQUAL event time replaces the stored vector
 * (a correction of the same bar wins); rows of one batch apply in order.
 */
import { AlphaflowError, DataError, ErrorCode, ModelError } from '../core/errors.js';
import { assertFeatureSetHash, assertLength, assertMicros, assertSymbolIds } from './inputChecks.js';

/** Latest vectors of a universe, row i for the i-th symbol id asked for. */
export interface OnlineVectors {
  /** Event time of each row's vector, epoch µs; NaN where the symbol has none. */
  eventTimes: Float64Array;
  /** Row-major, rows × nCols; a NaN row where the symbol has none. */
  matrix: Float64Array;
}

/** Feast-style online store: declare, write a batch, read a universe, release. */
export interface OnlineStore {
  /**
   * Declares feature set `fsHash` with `nCols` columns per vector (idempotent);
   * re-declaring it with another width throws E_FEATURE_SET_MISMATCH.
   */
  update(fsHash: string, nCols: number): Promise<void>;
  /**
   * Stores row i (`matrix` row-major, symbolIds.length × nCols) as the vector of
   * symbolIds[i] at eventTimes[i] (epoch µs), following the ordering rule above.
   */
  writeBatch(
    fsHash: string,
    symbolIds: Int32Array,
    eventTimes: Float64Array,
    matrix: Float64Array,
  ): Promise<void>;
  /**
   * Latest vectors of `symbolIds` in one round trip; fills and returns `out`
   * when given (sized symbolIds.length and × nCols) so a hot loop allocates nothing.
   */
  read(fsHash: string, symbolIds: Int32Array, out?: OnlineVectors): Promise<OnlineVectors>;
  /** Width declared for `fsHash`; throws E_NOT_FOUND when it was never declared. */
  width(fsHash: string): number;
  /** Releases connections; stored vectors stay (in Redis) or go with the process (memory). */
  close(): Promise<void>;
  /** Deletes every vector of every feature set declared on this store, then closes it. */
  teardown(): Promise<void>;
}

/** NaN-filled output for `rows` symbols of `nCols` columns. */
export function allocateVectors(rows: number, nCols: number): OnlineVectors {
  return {
    eventTimes: new Float64Array(rows).fill(Number.NaN),
    matrix: new Float64Array(rows * nCols).fill(Number.NaN),
  };
}

/** Checks a writeBatch call's arguments (shared by the adapters). */
export function checkWriteBatch(
  fsHash: string,
  nCols: number,
  symbolIds: Int32Array,
  eventTimes: Float64Array,
  matrix: Float64Array,
): void {
  assertFeatureSetHash(fsHash);
  assertLength('eventTimes', eventTimes.length, symbolIds.length);
  assertLength('matrix', matrix.length, symbolIds.length * nCols);
  assertSymbolIds(symbolIds);
  assertMicros(eventTimes, 'eventTimes');
}

/** Checks a read call's arguments and returns the output to fill (shared by the adapters). */
export function checkRead(
  fsHash: string,
  nCols: number,
  symbolIds: Int32Array,
  out: OnlineVectors | undefined,
): OnlineVectors {
  assertFeatureSetHash(fsHash);
  assertSymbolIds(symbolIds);
  if (out === undefined) return allocateVectors(symbolIds.length, nCols);
  assertLength('out.eventTimes', out.eventTimes.length, symbolIds.length);
  assertLength('out.matrix', out.matrix.length, symbolIds.length * nCols);
  return out;
}

/** The widths declared on one store instance, by feature-set hash (one lookup per call, never per row). */
export class DeclaredWidths {
  private readonly byHash = new Map<string, number>();

  /** Records `nCols` for `fsHash`; returns false when it was already declared with that width. */
  declare(fsHash: string, nCols: number): boolean {
    assertFeatureSetHash(fsHash);
    if (!Number.isInteger(nCols) || nCols < 1) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `feature set ${fsHash}: width ${nCols} is not a positive integer`,
        {
          column: 'nCols',
          rule: 'a feature set has at least one column',
        },
      );
    }
    const known = this.byHash.get(fsHash);
    if (known === nCols) return false;
    if (known !== undefined) {
      throw new ModelError(
        ErrorCode.FeatureSetMismatch,
        `feature set ${fsHash} was declared with ${known} columns, now ${nCols}`,
        { rule: 'a feature-set hash always has the same columns' },
      );
    }
    this.byHash.set(fsHash, nCols);
    return true;
  }

  /** Width of `fsHash`; throws E_NOT_FOUND when undeclared. */
  get(fsHash: string): number {
    const n = this.byHash.get(fsHash);
    if (n === undefined) {
      throw new AlphaflowError(ErrorCode.NotFound, `feature set ${fsHash} is not declared on this store`, {
        rule: 'call update(fsHash, nCols) before writing or reading a feature set',
      });
    }
    return n;
  }

  /** Every declared hash. */
  hashes(): string[] {
    return [...this.byHash.keys()];
  }

  clear(): void {
    this.byHash.clear();
  }
}
