/**
 * Hot → warm flush: at session end the online vectors of a universe and the
 * feature engine's opaque state bytes go to the lake (layout in lakePaths.ts);
 * after a restart `loadState` hands both back for `FeatureEngine.restore` and
 * `restoreOnline`.
 *
 * Commit protocol: the two data files are written under fresh numbered names
 * (never replacing anything), then manifest.json is replaced atomically and
 * names them, with their sizes and sha256. A crash before the manifest leaves
 * the previous commit intact; files no manifest names are removed after the
 * next successful commit.
 *
 * online-NNNNNN.bin := eventTime:f64le × rows, then value:f64le × rows × nCols (row-major)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, ErrorCode, ModelError } from '../core/errors.js';
import type { SymbolTable } from '../core/symbols.js';
import { writeFileAtomic, writeNumbered } from './atomicFile.js';
import { listDates, stateDir, stateRootDir } from './lakePaths.js';
import type { OnlineStore } from './onlineStore.js';

const MANIFEST = 'manifest.json';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The commit record of one saved session. */
export interface SessionManifest {
  formatVersion: 1;
  /** Feature-set hash. */
  hash: string;
  /** Session date, 'YYYY-MM-DD'. */
  date: string;
  /** Latest event time among the saved vectors, epoch µs; null when none was saved. */
  lastEventTime: number | null;
  nCols: number;
  /** Symbol name of each saved vector, in file row order. */
  symbols: string[];
  engine: SavedFile;
  online: SavedFile;
}

/** A data file named by a manifest. */
export interface SavedFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** Everything a restart needs, as loaded from the lake. */
export interface SavedSession {
  manifest: SessionManifest;
  /** The caller's engine bytes, unchanged (e.g. for FeatureEngine.restore). */
  engineState: Uint8Array;
  /** Event time per saved vector, epoch µs (manifest.symbols order). */
  eventTimes: Float64Array;
  /** Row-major, symbols × nCols. */
  matrix: Float64Array;
}

export interface FlushSessionOptions {
  /** Lake folder. */
  root: string;
  fsHash: string;
  /** Session date, 'YYYY-MM-DD'; flushing the same date again supersedes the earlier flush. */
  date: string;
  online: OnlineStore;
  /** Symbol ids whose latest vectors are saved (those with none are skipped). */
  universe: Int32Array;
  /** The table `universe` ids come from (names are saved, ids are per process). */
  symbols: SymbolTable;
  /** Opaque engine state, e.g. FeatureEngine.snapshot(). */
  engineState: Uint8Array;
}

/** Persists the online vectors of `universe` and the engine bytes for `date`; returns the commit record. */
export async function flushSession(o: FlushSessionOptions): Promise<SessionManifest> {
  checkDate(o.date);
  const nCols = o.online.width(o.fsHash);
  const vec = await o.online.read(o.fsHash, o.universe);
  const rows: number[] = [];
  for (let i = 0; i < o.universe.length; i++) if (!Number.isNaN(vec.eventTimes[i]!)) rows.push(i);
  const online = Buffer.alloc(8 * rows.length * (1 + nCols));
  let lastEventTime = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const t = vec.eventTimes[i]!;
    lastEventTime = Math.max(lastEventTime, t);
    online.writeDoubleLE(t, 8 * r);
    for (let c = 0; c < nCols; c++) {
      online.writeDoubleLE(vec.matrix[i * nCols + c]!, 8 * (rows.length + r * nCols + c));
    }
  }
  const dir = stateDir(o.root, o.fsHash, o.date);
  mkdirSync(dir, { recursive: true });
  const engineFile = writeNumbered(dir, 'engine', '.bin', o.engineState);
  const onlineFile = writeNumbered(dir, 'online', '.bin', online);
  const manifest: SessionManifest = {
    formatVersion: 1,
    hash: o.fsHash,
    date: o.date,
    lastEventTime: rows.length > 0 ? lastEventTime : null,
    nCols,
    symbols: rows.map((i) => o.symbols.name(o.universe[i]!)),
    engine: describeFile(engineFile, o.engineState),
    online: describeFile(onlineFile, online),
  };
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  for (const name of readdirSync(dir)) {
    if (
      /^(engine|online)-\d{6}\.bin$/.test(name) &&
      name !== manifest.engine.file &&
      name !== manifest.online.file
    ) {
      rmSync(join(dir, name), { force: true });
    }
  }
  return manifest;
}

/**
 * The saved session of `date` (default: the latest date that has one), or
 * undefined when none was flushed. Throws E_CORRUPT_FILE when a file is
 * missing or differs from the manifest, E_FEATURE_SET_MISMATCH for another hash.
 */
export function loadState(root: string, fsHash: string, date?: string): SavedSession | undefined {
  if (date !== undefined) checkDate(date);
  const candidates = date !== undefined ? [date] : listDates(stateRootDir(root, fsHash)).reverse();
  const found = candidates.find((d) => existsSync(join(stateDir(root, fsHash, d), MANIFEST)));
  if (found === undefined) return undefined;
  const dir = stateDir(root, fsHash, found);
  const manifestPath = join(dir, MANIFEST);
  let manifest: SessionManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SessionManifest;
    if (manifest.formatVersion !== 1)
      throw new Error(`unsupported formatVersion ${String(manifest.formatVersion)}`);
  } catch (cause) {
    throw new DataError(ErrorCode.CorruptFile, 'session manifest is unreadable', {
      file: manifestPath,
      rule: 'manifest.json is valid JSON with formatVersion 1',
      cause,
    });
  }
  if (manifest.hash !== fsHash) {
    throw new ModelError(ErrorCode.FeatureSetMismatch, `saved session is for feature set ${manifest.hash}`, {
      file: manifestPath,
      rule: 'state is restored into the feature set that saved it',
    });
  }
  const engineState = readVerified(dir, manifest.engine);
  const online = readVerified(dir, manifest.online);
  const rows = manifest.symbols.length;
  const nCols = manifest.nCols;
  if (online.byteLength !== 8 * rows * (1 + nCols)) {
    throw new DataError(
      ErrorCode.CorruptFile,
      `online state holds ${online.byteLength} bytes for ${rows} vectors`,
      {
        file: join(dir, manifest.online.file),
        rule: 'online state is 8 × rows × (1 + nCols) bytes',
      },
    );
  }
  const buf = Buffer.from(online.buffer, online.byteOffset, online.byteLength);
  const eventTimes = new Float64Array(rows);
  const matrix = new Float64Array(rows * nCols);
  for (let r = 0; r < rows; r++) eventTimes[r] = buf.readDoubleLE(8 * r);
  for (let k = 0; k < rows * nCols; k++) matrix[k] = buf.readDoubleLE(8 * (rows + k));
  return { manifest, engineState, eventTimes, matrix };
}

/**
 * Writes a saved session's vectors back into `online` (declaring the feature
 * set), interning the saved names into `symbols`; returns their ids.
 */
export async function restoreOnline(
  online: OnlineStore,
  saved: SavedSession,
  symbols: SymbolTable,
): Promise<Int32Array> {
  const ids = Int32Array.from(saved.manifest.symbols, (name) => symbols.intern(name));
  await online.update(saved.manifest.hash, saved.manifest.nCols);
  await online.writeBatch(saved.manifest.hash, ids, saved.eventTimes, saved.matrix);
  return ids;
}

function describeFile(path: string, data: Uint8Array): SavedFile {
  return {
    file: basename(path),
    bytes: data.byteLength,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

function readVerified(dir: string, f: SavedFile): Uint8Array {
  const path = join(dir, f.file);
  const fail = (why: string): DataError =>
    new DataError(ErrorCode.CorruptFile, `session state file ${why}`, {
      file: path,
      rule: 'state files match the size and sha256 in manifest.json',
    });
  if (!/^(engine|online)-\d{6}\.bin$/.test(f.file) || !existsSync(path)) throw fail('is missing');
  const data = new Uint8Array(readFileSync(path));
  if (data.byteLength !== f.bytes) throw fail(`has ${data.byteLength} bytes, manifest says ${f.bytes}`);
  if (createHash('sha256').update(data).digest('hex') !== f.sha256) throw fail('does not match its sha256');
  return data;
}

function checkDate(date: string): void {
  if (!DATE_RE.test(date)) {
    throw new DataError(ErrorCode.InvalidInput, `session date '${date}' is not YYYY-MM-DD`, {
      column: 'date',
      rule: 'session dates are YYYY-MM-DD',
    });
  }
}
