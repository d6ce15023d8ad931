/** Parquet lake: write and read-back throughput of bars (target: read ≥ 10 M bars/s into a BarFrame). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarFrame } from '../src/core/barFrame.js';
import { Rng } from '../src/core/random.js';
import { SymbolTable } from '../src/core/symbols.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../src/core/time.js';
import { ParquetLake } from '../src/data/lake/index.js';
import { bestOf, loadNote, report } from './report.js';

const nSym = 500;
const nDays = 20;
const perDay = 390;
const symbols = new SymbolTable(Array.from({ length: nSym }, (_, i) => `S${String(i).padStart(4, '0')}`));
const n = nSym * nDays * perDay;
const f = BarFrame.allocate(symbols, n);
const rng = new Rng(1);
let k = 0;
for (let s = 0; s < nSym; s++) {
  let p = 100;
  for (let d = 0; d < nDays; d++) {
    for (let m = 0; m < perDay; m++) {
      const ts = (19_724 + d) * MICROS_PER_DAY + 14.5 * 3_600_000_000 + m * MICROS_PER_MINUTE;
      const o = p;
      p *= Math.exp(rng.normal() * 0.001);
      f.symbol[k] = s;
      f.ts[k] = ts;
      f.open[k] = o;
      f.high[k] = Math.max(o, p) * 1.0005;
      f.low[k] = Math.min(o, p) * 0.9995;
      f.close[k] = p;
      f.volume[k] = 1000 + rng.int(5000);
      f.vwap[k] = (o + p) / 2;
      f.trades[k] = 10 + rng.int(50);
      f.knownAt[k] = ts + MICROS_PER_MINUTE;
      k++;
    }
  }
}

const root = mkdtempSync(join(tmpdir(), 'af-lake-bench-'));
try {
  const lake = await ParquetLake.open(root);
  const t0 = performance.now();
  await lake.writeBars(f);
  const writeMs = performance.now() - t0;
  report({
    name: 'lake write',
    value: n / (writeMs / 1000),
    unit: 'bars/s',
    detail: `${n} bars, ${nSym} symbols × ${nDays} days${loadNote()}`,
  });
  const readAll = () => lake.readBars({ symbolTable: new SymbolTable(symbols.list()) });
  // The first read starts the lake's scan workers: kept out of the CPU figure.
  await readAll();
  const cpu0 = process.cpuUsage();
  // Best of 3 after a warm-up: 4 reads in all.
  const readMs = await bestOf(3, readAll);
  const cpu = process.cpuUsage(cpu0);
  report({
    name: 'lake read into BarFrame',
    value: n / (readMs / 1000),
    unit: 'bars/s',
    target: 10_000_000,
    detail: `${n} bars in ${readMs.toFixed(0)} ms (best of 3); CPU ${((cpu.user + cpu.system) / 4000).toFixed(0)} ms per read (all threads)${loadNote()}`,
  });
  const oneMs = await bestOf(5, () => lake.readBars({ symbols: ['S0042'] }));
  report({
    name: 'lake read one symbol (20 days)',
    value: oneMs,
    unit: 'ms',
    higherIsBetter: false,
    detail: `${nDays * perDay} bars`,
  });
  lake.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
