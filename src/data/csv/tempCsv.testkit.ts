/** Test fixture: CSV text written to a fresh temp directory that is removed when the test finishes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Writes `content` to `<tmp>/<name>` and returns the path; the directory is deleted after the test. */
export function tempCsv(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'alphaflow-csv-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
