/**
 * Messages between the caller and the training worker, and the round trip
 * of typed errors across the thread boundary (structured clone keeps only
 * name and message of an Error, so code, location and rule travel as data).
 */
import {
  AlphaflowError,
  ConfigError,
  DataError,
  type ErrorCode,
  ModelError,
  NativeError,
} from '../../core/errors.js';
import type { GbdtParams, ModelLogEvent, TrainData } from '../engine.js';
import type { TrainOutcome } from './train.js';

/** One job posted to the training worker. */
export interface TrainRequest {
  id: number;
  libraryPath: string;
  data: TrainData;
  validation: TrainData | undefined;
  params: GbdtParams;
  /** Int32Array over a SharedArrayBuffer; element 0 becomes 1 when the caller aborts. */
  cancelFlag: Int32Array;
}

/** An error flattened to plain data for postMessage. */
export interface SerializedError {
  name: string;
  message: string;
  code?: ErrorCode;
  file?: string;
  row?: number;
  column?: string;
  rule?: string;
}

/** Worker → caller; `id` is the job's. */
export type WorkerMessage =
  | { id: number; kind: 'log'; event: ModelLogEvent }
  | { id: number; kind: 'done'; outcome: TrainOutcome }
  | { id: number; kind: 'aborted' }
  | { id: number; kind: 'error'; error: SerializedError };

/** Flattens any thrown value for postMessage. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof AlphaflowError) {
    return {
      name: err.name,
      message: err.message,
      code: err.code,
      file: err.file,
      row: err.row,
      column: err.column,
      rule: err.rule,
    };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

const CLASSES = { DataError, NativeError, ModelError, AlphaflowError } as const;

/** Rebuilds the error class the worker threw (message already carries the location). */
export function reviveError(s: SerializedError): Error {
  if (s.code === undefined) {
    const e = new Error(s.message);
    e.name = s.name;
    return e;
  }
  const err =
    s.name === 'ConfigError'
      ? new ConfigError(s.message)
      : new (CLASSES[s.name as keyof typeof CLASSES] ?? AlphaflowError)(s.code, s.message);
  return Object.assign(err, { file: s.file, row: s.row, column: s.column, rule: s.rule });
}
