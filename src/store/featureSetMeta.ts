/**
 * A feature set's meta file in the lake: its column names and the symbol
 * names behind the INTEGER ids in its Parquet files (lake id = index). Symbol
 * tables are per process, so every read and write translates the caller's ids
 * through the names here.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError, ErrorCode, ModelError } from '../core/errors.js';
import type { SymbolTable } from '../core/symbols.js';
import { writeFileAtomic } from './atomicFile.js';
import { featureMetaFile } from './lakePaths.js';

/** Columns reserved for the keys of a feature row. */
const RESERVED = new Set(['symbol', 'ts', 'known_at', 'date']);

export interface FeatureSetMeta {
  formatVersion: 1;
  hash: string;
  columns: string[];
  /** Symbol name per lake id. */
  symbols: string[];
}

/** A feature set as the offline store sees it: its hash and output column names. */
export interface FeatureSetColumns {
  readonly hash: string;
  readonly columns: readonly string[];
}

/** Throws unless the column names are non-empty, distinct and not reserved key names. */
export function checkColumnNames(columns: readonly string[]): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.length === 0 || RESERVED.has(c.toLowerCase()) || seen.has(c.toLowerCase())) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `feature column name '${c}' is empty, reserved or repeated`,
        {
          column: c,
          rule: 'feature columns are distinct (case-insensitively), non-empty and not symbol/ts/known_at/date',
        },
      );
    }
    seen.add(c.toLowerCase());
  }
}

/** The stored meta of `fs`, or undefined when nothing was written yet; throws when it disagrees with `fs`. */
export function readFeatureSetMeta(root: string, fs: FeatureSetColumns): FeatureSetMeta | undefined {
  const path = featureMetaFile(root, fs.hash);
  if (!existsSync(path)) return undefined;
  let meta: FeatureSetMeta;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as FeatureSetMeta;
    if (meta.formatVersion !== 1 || !Array.isArray(meta.columns) || !Array.isArray(meta.symbols)) {
      throw new Error('missing formatVersion 1, columns or symbols');
    }
  } catch (cause) {
    throw new DataError(ErrorCode.CorruptFile, 'feature set meta file is unreadable', {
      file: path,
      rule: 'meta.json holds formatVersion 1, columns and symbols',
      cause,
    });
  }
  const same = meta.hash === fs.hash && meta.columns.length === fs.columns.length;
  if (!same || meta.columns.some((c, i) => c !== fs.columns[i])) {
    throw new ModelError(
      ErrorCode.FeatureSetMismatch,
      `feature set ${fs.hash} is stored with columns [${meta.columns.join(', ')}], asked for [${fs.columns.join(', ')}]`,
      { file: path, rule: 'a feature-set hash always has the same columns' },
    );
  }
  return meta;
}

/** Writes the meta file atomically. */
export function writeFeatureSetMeta(root: string, meta: FeatureSetMeta): void {
  const path = featureMetaFile(root, meta.hash);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(meta, null, 1)}\n`);
}

/**
 * Lake id for each caller id in `callerIds` (index = caller id, −1 where not
 * asked or not stored). With `add`, names the lake has not seen are appended
 * to `meta.symbols` (the caller then persists the meta).
 */
export function lakeIdsOf(
  meta: FeatureSetMeta,
  symbols: SymbolTable,
  callerIds: Int32Array,
  add: boolean,
): Int32Array {
  const byName = new Map<string, number>();
  for (const [id, name] of meta.symbols.entries()) byName.set(name, id);
  const out = new Int32Array(symbols.size).fill(-1);
  const done = new Uint8Array(symbols.size);
  for (let i = 0; i < callerIds.length; i++) {
    const id = callerIds[i]!;
    if (id >= symbols.size) {
      throw new DataError(
        ErrorCode.InvalidInput,
        `symbol id ${id} at index ${i} is not in the symbol table`,
        {
          column: 'symbolIds',
          rule: 'symbol ids come from the SymbolTable passed alongside them',
        },
      );
    }
    if (done[id] === 1) continue;
    done[id] = 1;
    const name = symbols.name(id);
    let lake = byName.get(name);
    if (lake === undefined && add) {
      lake = meta.symbols.length;
      meta.symbols.push(name);
      byName.set(name, lake);
    }
    out[id] = lake ?? -1;
  }
  return out;
}
