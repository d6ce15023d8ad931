/** Columnar feature rows and label events, the currency of the offline store and the point-in-time join. */
import { DataError, ErrorCode } from '../core/errors.js';
import { assertLength, assertMicros, assertSymbolIds } from './inputChecks.js';

/**
 * Feature rows keyed by (symbol, event time, knowledge time); several rows
 * may share (symbol, ts) with different `knownAt` (restatements).
 */
export interface FeatureRows {
  symbolIds: Int32Array;
  /** Event time, epoch µs. */
  ts: Float64Array;
  /** Knowledge time (when the values became known), epoch µs. */
  knownAt: Float64Array;
  /** Row-major, rows × nCols. */
  matrix: Float64Array;
  nCols: number;
}

/** The instants a training set asks features for (one per label). */
export interface LabelEvents {
  symbolIds: Int32Array;
  /** Epoch µs. */
  times: Float64Array;
}

/** Throws a typed error unless the columns of `rows` line up and hold valid ids and µs times. */
export function checkFeatureRows(rows: FeatureRows): void {
  const n = rows.ts.length;
  if (!Number.isInteger(rows.nCols) || rows.nCols < 1) {
    throw new DataError(ErrorCode.InvalidInput, `nCols = ${rows.nCols} is not a positive integer`, {
      column: 'nCols',
      rule: 'feature rows have at least one column',
    });
  }
  assertLength('symbolIds', rows.symbolIds.length, n);
  assertLength('knownAt', rows.knownAt.length, n);
  assertLength('matrix', rows.matrix.length, n * rows.nCols);
  assertSymbolIds(rows.symbolIds);
  assertMicros(rows.ts, 'ts');
  assertMicros(rows.knownAt, 'knownAt');
}

/** Throws a typed error unless the event columns line up and hold valid ids and µs times. */
export function checkLabelEvents(events: LabelEvents): void {
  assertLength('times', events.times.length, events.symbolIds.length);
  assertSymbolIds(events.symbolIds);
  assertMicros(events.times, 'times');
}
