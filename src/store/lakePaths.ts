/**
 * Where the store keeps things under a lake root, decided in ONE place:
 *   <root>/features/fs=<hash>/meta.json                               columns + symbol names (lake ids)
 *   <root>/features/fs=<hash>/date=YYYY-MM-DD/part-NNNNNN.parquet     feature rows, UTC date of event time
 *   <root>/state/fs=<hash>/date=YYYY-MM-DD/manifest.json              session state commit record
 *   <root>/state/fs=<hash>/date=YYYY-MM-DD/{engine,online}-NNNNNN.bin the state files it names
 * Temp files start with '.', so no reader pattern ever matches them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertFeatureSetHash } from './inputChecks.js';

const DATE_DIR_RE = /^date=(\d{4}-\d{2}-\d{2})$/;
const PART_RE = /^part-\d{6}\.parquet$/;

/** Folder of one feature set's rows. */
export function featureSetDir(root: string, fsHash: string): string {
  assertFeatureSetHash(fsHash);
  return join(root, 'features', `fs=${fsHash}`);
}

/** The feature set's meta file (columns and symbol names). */
export function featureMetaFile(root: string, fsHash: string): string {
  return join(featureSetDir(root, fsHash), 'meta.json');
}

/** Folder of one UTC date's part files. */
export function featurePartitionDir(root: string, fsHash: string, date: string): string {
  return join(featureSetDir(root, fsHash), `date=${date}`);
}

/** Folder of one session date's saved state. */
export function stateDir(root: string, fsHash: string, date: string): string {
  assertFeatureSetHash(fsHash);
  return join(root, 'state', `fs=${fsHash}`, `date=${date}`);
}

/** Parent of every saved session date of a feature set. */
export function stateRootDir(root: string, fsHash: string): string {
  assertFeatureSetHash(fsHash);
  return join(root, 'state', `fs=${fsHash}`);
}

/** 'YYYY-MM-DD' dates that have a `date=` folder under `dir`, ascending. */
export function listDates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const dates: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = DATE_DIR_RE.exec(name);
    if (m) dates.push(m[1]!);
  }
  return dates.sort();
}

/** Part files of the feature set for UTC dates in [fromDate, toDate] (inclusive strings), date then part order. */
export function listPartFiles(root: string, fsHash: string, fromDate: string, toDate: string): string[] {
  const files: string[] = [];
  for (const date of listDates(featureSetDir(root, fsHash))) {
    if (date < fromDate || date > toDate) continue;
    const dir = featurePartitionDir(root, fsHash, date);
    for (const name of readdirSync(dir)
      .filter((f) => PART_RE.test(f))
      .sort())
      files.push(join(dir, name));
  }
  return files;
}

/** Name of the n-th numbered file: `${prefix}-NNNNNN${suffix}`. */
export function numberedName(prefix: string, n: number, suffix: string): string {
  return `${prefix}-${String(n).padStart(6, '0')}${suffix}`;
}
