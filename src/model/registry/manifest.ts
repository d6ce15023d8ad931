/**
 * The manifest stored beside each registered model (manifest.json): what was
 * trained, on which data and window, how well it validated, and the sha256 of
 * the model file so corruption is caught on load. Also the production pointer
 * file's shape, and the content hash of training data.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Micros } from '../../core/time.js';
import type { TrainData } from '../engine.js';

/** Any JSON value (label specs and model params are free-form JSON). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

export const VERSION_PATTERN = /^v(\d{4,})$/;

export const manifestSchema = z.object({
  version: z.string().regex(VERSION_PATTERN),
  kind: z.string().min(1),
  featureSetHash: z.string().min(1),
  featureNames: z.array(z.string().min(1)).min(1),
  trainWindow: z.object({ from: z.number().int(), to: z.number().int() }),
  labelSpec: json,
  cvMetrics: z.record(z.string(), z.number()),
  adversarialAuc: z.number().min(0).max(1).nullable(),
  params: z.record(z.string(), json),
  dataHash: z.string().min(1),
  createdAt: z.number().int(),
  parent: z.string().regex(VERSION_PATTERN).nullable(),
  modelFile: z.string().min(1),
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
  modelBytes: z.number().int().nonnegative(),
});

/** One registered model version. Times are epoch µs. */
export interface ModelManifest {
  /** 'v0001', 'v0002', … in registration order. */
  readonly version: string;
  /** Model family, e.g. 'lightgbm', 'logistic'. */
  readonly kind: string;
  readonly featureSetHash: string;
  readonly featureNames: readonly string[];
  /** Training rows' event times lie in [from, to), epoch µs. */
  readonly trainWindow: { readonly from: Micros; readonly to: Micros };
  readonly labelSpec: JsonValue;
  /** Cross-validated metrics by name (auc, logloss, …). */
  readonly cvMetrics: Readonly<Record<string, number>>;
  /** Out-of-fold AUC of adversarial validation (train vs recent window), null when not run. */
  readonly adversarialAuc: number | null;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Content hash of the training data (see `hashTrainingData`). */
  readonly dataHash: string;
  /** Registration time from the injected clock, epoch µs. */
  readonly createdAt: Micros;
  /** Version this one was derived from (retrained/tuned from), or null. */
  readonly parent: string | null;
  /** Model file name inside the version folder. */
  readonly modelFile: string;
  /** sha256 (hex) of the model file's UTF-8 bytes. */
  readonly modelSha256: string;
  readonly modelBytes: number;
}

export const productionSchema = z.object({
  version: z.string().regex(VERSION_PATTERN),
  /** Promotions, oldest first; the last is `version`. */
  history: z.array(z.string().regex(VERSION_PATTERN)).min(1),
});

/** sha256 of a string's UTF-8 bytes, hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The columns of a training set that its content hash covers. */
export type HashableTrainingData = Pick<TrainData, 'X' | 'nRows' | 'nCols' | 'y' | 'weight' | 'featureNames'>;

/** sha256 (hex) over shape, feature names and the raw bytes of X, y and weights: equal data ⇔ equal hash. */
export function hashTrainingData(d: HashableTrainingData): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({ nRows: d.nRows, nCols: d.nCols, featureNames: d.featureNames, weighted: !!d.weight }),
  );
  for (const a of [d.X, d.y, d.weight]) {
    if (a !== undefined) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}
