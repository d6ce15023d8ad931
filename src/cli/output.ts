/**
 * Command output discipline: with `--json` the result object goes to stdout
 * as one JSON document and everything else (progress, logs) to stderr; without
 * it a human summary goes to stdout.
 */
import { AlphaflowError } from '../core/errors.js';

export interface OutputOptions {
  json?: boolean;
}

/** Prints a command's result: JSON on stdout with --json, else `human(result)`. */
export function emit<T>(opts: OutputOptions, result: T, human: (r: T) => string): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(result, jsonReplacer, 2)}\n`);
  else process.stdout.write(`${human(result)}\n`);
}

/** Progress/log line: always stderr so stdout stays machine-readable. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Reports an error (JSON on stdout with --json) and sets a non-zero exit code. */
export function fail(opts: OutputOptions, err: unknown): void {
  const payload =
    err instanceof AlphaflowError
      ? { error: err.toJSON() }
      : { error: { name: 'Error', message: err instanceof Error ? err.message : String(err) } };
  if (opts.json) process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  process.stderr.write(`error: ${payload.error.message}\n`);
  process.exitCode = err instanceof AlphaflowError ? 2 : 1;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
