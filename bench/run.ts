/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose names contain
 * the CLI arguments) in its own process, one after another so they do not
 * compete for the two cores, and prints a table; out/bench.json keeps it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const rows: Array<Record<string, unknown>> = [];
let failed = false;
for (const f of files) {
  process.stderr.write(`bench: ${f}\n`);
  const r = spawnSync(join(here, '..', 'node_modules', '.bin', 'tsx'), [join(here, f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(`bench: ${f} exited with ${r.status}\n`);
  }
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) rows.push({ file: f, ...JSON.parse(line.slice(6)) });
  }
}

const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toExponential(3) : v.toPrecision(4)) : String(v ?? '');
for (const r of rows) {
  const verdict = r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS';
  process.stdout.write(
    `${String(r.name).padEnd(52)} ${fmt(r.value).padStart(11)} ${String(r.unit).padEnd(10)} target ${fmt(r.target).padStart(10)} ${verdict}  ${r.detail ?? ''}\n`,
  );
}
mkdirSync(join(here, '..', 'out'), { recursive: true });
writeFileSync(join(here, '..', 'out', 'bench.json'), `${JSON.stringify(rows, null, 2)}\n`);
if (failed) process.exitCode = 1;
