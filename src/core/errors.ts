/**
 * Typed errors: every failure a user can cause carries a stable `code`, and
 * where it applies the offending file, row (1-based, header = row 1), column
 * and the rule that was broken.
 */

export const ErrorCode = {
  InvalidInput: 'E_INVALID_INPUT',
  EmptyFile: 'E_EMPTY_FILE',
  BadHeader: 'E_BAD_HEADER',
  NotNumeric: 'E_NOT_NUMERIC',
  NonFinite: 'E_NON_FINITE',
  NegativePrice: 'E_NEGATIVE_PRICE',
  Unsorted: 'E_UNSORTED',
  Duplicate: 'E_DUPLICATE',
  UnknownTimeZone: 'E_UNKNOWN_TIME_ZONE',
  DuplicateSymbol: 'E_DUPLICATE_SYMBOL',
  CorruptFile: 'E_CORRUPT_FILE',
  ValidationFailed: 'E_VALIDATION_FAILED',
  NotFound: 'E_NOT_FOUND',
  Config: 'E_CONFIG',
  UnknownFeature: 'E_UNKNOWN_FEATURE',
  FeatureSetMismatch: 'E_FEATURE_SET_MISMATCH',
  OutOfOrder: 'E_OUT_OF_ORDER',
  SingleClass: 'E_SINGLE_CLASS',
  NativeLibraryMissing: 'E_NATIVE_LIBRARY_MISSING',
  Native: 'E_NATIVE',
  CorruptModel: 'E_CORRUPT_MODEL',
  Registry: 'E_REGISTRY',
  UnsupportedModel: 'E_UNSUPPORTED_MODEL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where in an input the problem sits. */
export interface ErrorLocation {
  file?: string;
  /** 1-based line/row number in the file (the header is row 1 for CSV). */
  row?: number;
  column?: string;
}

export interface AlphaflowErrorOptions extends ErrorLocation {
  rule?: string;
  cause?: unknown;
}

/** Base class of every error alphaflow raises on purpose. */
export class AlphaflowError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  readonly rule: string | undefined;

  constructor(code: ErrorCode, message: string, options: AlphaflowErrorOptions = {}) {
    super(
      formatMessage(message, options),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
    this.row = options.row;
    this.column = options.column;
    this.rule = options.rule;
  }

  /** Plain-object form for `--json` output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      file: this.file,
      row: this.row,
      column: this.column,
      rule: this.rule,
    };
  }
}

function formatMessage(message: string, o: AlphaflowErrorOptions): string {
  const where: string[] = [];
  if (o.file !== undefined) where.push(o.file);
  if (o.row !== undefined) where.push(`row ${o.row}`);
  if (o.column !== undefined) where.push(`column ${o.column}`);
  const loc = where.length > 0 ? `${where.join(', ')}: ` : '';
  const rule = o.rule !== undefined ? ` [rule: ${o.rule}]` : '';
  return `${loc}${message}${rule}`;
}

/** Input data that breaks a rule (file/row/column say where). */
export class DataError extends AlphaflowError {}

/** Configuration or command-line options that cannot be used. */
export class ConfigError extends AlphaflowError {
  constructor(message: string, options: AlphaflowErrorOptions = {}) {
    super(ErrorCode.Config, message, options);
  }
}

/** A native library (LightGBM) or its call failed. */
export class NativeError extends AlphaflowError {}

/** Model, model registry or feature-set contract problems. */
export class ModelError extends AlphaflowError {}
