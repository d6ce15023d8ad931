/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose names contain
 * the CLI arguments) in its own process, one after another so they do not
 * compete for the two cores, and prints a table; out/bench.json keeps it.
 *
 * `--runs N` runs each file in N processes and keeps each figure's best value
 * (all N in its detail). On this shared VM a whole process lands in a fast or
 * a slow mode (the same arithmetic loop at ~45 or ~78 ns, whatever the vCPU,
 * ASLR or V8 seed), so one process per figure is a coin toss; interference
 * only ever slows a run down, which is why the best is the figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt < 0 ? 1 : Number(args[runsAt + 1]);
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs takes an integer ≥ 1');
const filters = runsAt < 0 ? args : args.filter((_, i) => i !== runsAt && i !== runsAt + 1);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const rows: Array<Record<string, unknown>> = [];
let failed = false;
const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toExponential(3) : v.toPrecision(4)) : String(v ?? '');

type Row = Record<string, unknown> & { name: string; value: number; higherIsBetter?: boolean };
for (const f of files) {
  const byName = new Map<string, Row[]>();
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`bench: ${f}${runs > 1 ? ` (process ${run + 1} of ${runs})` : ''}\n`);
    // The flag bin/alphaflow runs the product with (see there), so the figures are the product's.
    const r = spawnSync(
      join(here, '..', 'node_modules', '.bin', 'tsx'),
      ['--no-memory-reducer', join(here, f)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) {
      failed = true;
      process.stderr.write(`bench: ${f} exited with ${r.status}\n`);
    }
    for (const line of r.stdout.split('\n')) {
      if (!line.startsWith('BENCH ')) continue;
      const row = { file: f, ...JSON.parse(line.slice(6)) } as Row;
      byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
    }
  }
  for (const seen of byName.values()) rows.push(bestRow(seen));
}

/** The best of one figure's rows across processes (by its direction), its detail listing every value. */
function bestRow(seen: Row[]): Row {
  if (seen.length === 1) return seen[0]!;
  const higher = seen[0]!.higherIsBetter !== false;
  const best = seen.reduce((a, b) => ((higher ? b.value > a.value : b.value < a.value) ? b : a));
  const all = seen.map((r) => fmt(r.value)).join(', ');
  return { ...best, detail: `${best.detail ?? ''}; best of ${seen.length} processes: ${all}` };
}

for (const r of rows) {
  const verdict = r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS';
  process.stdout.write(
    `${String(r.name).padEnd(52)} ${fmt(r.value).padStart(11)} ${String(r.unit).padEnd(10)} target ${fmt(r.target).padStart(10)} ${verdict}  ${r.detail ?? ''}\n`,
  );
}
mkdirSync(join(here, '..', 'out'), { recursive: true });
writeFileSync(join(here, '..', 'out', 'bench.json'), `${JSON.stringify(rows, null, 2)}\n`);
if (failed) process.exitCode = 1;
