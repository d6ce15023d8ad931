/**
 * Crash-safe file publication: content is written and fsynced under a
 * dot-prefixed temp name in the destination folder, then renamed (or
 * hard-linked, where an existing file must never be replaced) into place, so
 * a reader sees either nothing or the whole file.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { numberedName } from './lakePaths.js';

let tmpSeq = 0;

/** A fresh dot-prefixed temp path next to `path` (same folder, so rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++tmpSeq}`);
}

/** Writes and fsyncs `data` to `path` (a temp path; callers publish it). */
function writeSynced(path: string, data: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to `path` atomically (temp file + fsync + rename); replaces an existing file. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = tempPathFor(path);
  try {
    writeSynced(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes `data` as the next free `${prefix}-NNNNNN${suffix}` in `dir` (see publishNumbered); returns its path. */
export function writeNumbered(dir: string, prefix: string, suffix: string, data: Uint8Array): string {
  const tmp = tempPathFor(join(dir, `${prefix}${suffix}`));
  try {
    writeSynced(tmp, data);
    return publishNumbered(tmp, dir, prefix, suffix);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Publishes the complete file `tmp` as the next free `${prefix}-NNNNNN${suffix}`
 * in `dir` without ever replacing a file (hard link fails on an existing name,
 * so a concurrent writer takes the next number), then removes `tmp`.
 * Returns the published path.
 */
export function publishNumbered(tmp: string, dir: string, prefix: string, suffix: string): string {
  const re = new RegExp(`^${prefix}-(\\d{6})${suffix.replace('.', '\\.')}$`);
  let next = 1;
  for (const name of readdirSync(dir)) {
    const m = re.exec(name);
    if (m) next = Math.max(next, Number(m[1]) + 1);
  }
  for (;;) {
    const final = join(dir, numberedName(prefix, next, suffix));
    try {
      linkSync(tmp, final);
      rmSync(tmp);
      return final;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      next++;
    }
  }
}
