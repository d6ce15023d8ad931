/** The lake manifest: a small JSON index of partitions, rewritten atomically after every write. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, ErrorCode } from '../../core/errors.js';
import { DEFAULT_BUCKETS, MANIFEST_FILE } from './lakeLayout.js';

export interface PartitionInfo {
  rows: number;
  /** Distinct symbols in the partition. */
  symbols: number;
  /** True when some (symbol, ts) has several knowledge-time versions. */
  restated: boolean;
  /** Smallest and largest event time, epoch µs. */
  minTs: number;
  maxTs: number;
}

export interface TableInfo {
  partitions: Record<string, PartitionInfo>;
  /** All symbol names ever written, sorted. */
  symbols: string[];
}

export interface Manifest {
  formatVersion: 1;
  buckets: number;
  tables: Record<string, TableInfo>;
}

/** Reads the manifest, or a fresh one when the lake is new. */
export function readManifest(root: string, buckets = DEFAULT_BUCKETS): Manifest {
  const path = join(root, MANIFEST_FILE);
  if (!existsSync(path)) return { formatVersion: 1, buckets, tables: {} };
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (m.formatVersion !== 1) throw new Error(`unsupported formatVersion ${String(m.formatVersion)}`);
    return m;
  } catch (cause) {
    throw new DataError(ErrorCode.CorruptFile, 'lake manifest is unreadable', {
      file: path,
      rule: 'manifest must be valid JSON with formatVersion 1',
      cause,
    });
  }
}

/** Writes the manifest atomically (temp file + rename). */
export function writeManifest(root: string, m: Manifest): void {
  const path = join(root, MANIFEST_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(m, null, 1)}\n`);
  renameSync(tmp, path);
}
