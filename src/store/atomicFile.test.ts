import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishNumbered, tempPathFor, writeFileAtomic, writeNumbered } from './atomicFile.js';

describe('atomic file publication', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'af-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file whole and leaves no temp file', () => {
    const p = join(dir, 'meta.json');
    writeFileAtomic(p, 'one');
    writeFileAtomic(p, 'two');
    expect(readFileSync(p, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['meta.json']);
  });

  it('publishes numbered files after the highest existing number, never replacing one', () => {
    writeFileSync(join(dir, 'part-000001.parquet'), 'old');
    const tmp = tempPathFor(join(dir, 'part.parquet'));
    expect(tmp.startsWith(join(dir, '.'))).toBe(true);
    writeFileSync(tmp, 'new');
    expect(publishNumbered(tmp, dir, 'part', '.parquet')).toBe(join(dir, 'part-000002.parquet'));
    expect(writeNumbered(dir, 'part', '.parquet', Uint8Array.of(1))).toBe(join(dir, 'part-000003.parquet'));
    expect(readFileSync(join(dir, 'part-000001.parquet'), 'utf8')).toBe('old');
    expect(readFileSync(join(dir, 'part-000002.parquet'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual([
      'part-000001.parquet',
      'part-000002.parquet',
      'part-000003.parquet',
    ]);
  });
});
