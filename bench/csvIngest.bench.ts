/**
 * CSV ingest: rows/s of `loadCsv` on a generic-layout file of 2 M rows
 * (target ≥ 1 M rows/s), and peak heap / RSS while ingesting 10 M rows.
 * The files are written to os.tmpdir() (deterministic, via Rng) and deleted.
 * `npx tsx bench/csvIngest.bench.ts`
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import { loadCsv } from '../src/data/csv/index.js';
import { report } from './report.js';

const SYMBOLS = 20;
const MB = 1024 * 1024;
const POOL = 4096;

/**
 * Writes `rows` one-minute bars of SYMBOLS symbols, time-major (as vendors export them); returns bytes.
 * Prices come from a pool of pre-formatted OHLCV suffixes so that writing 10 M rows takes seconds, not minutes.
 */
async function writeCsv(path: string, rows: number, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const pool: string[] = [];
  for (let k = 0, p = 100; k < POOL; k++) {
    const close = p * Math.exp(0.001 * rng.normal());
    const high = Math.max(p, close) * (1 + 0.0005 * rng.next());
    const low = Math.min(p, close) * (1 - 0.0005 * rng.next());
    pool.push(
      `${p.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${100 + rng.int(10_000)}`,
    );
    p = close;
  }
  const out = createWriteStream(path);
  out.write('timestamp,symbol,open,high,low,close,volume\n');
  let t = Date.UTC(2020, 0, 2, 14, 30);
  let chunk = '';
  let inChunk = 0;
  for (let r = 0; r < rows; t += 60_000) {
    const stamp = new Date(t).toISOString().replace('.000Z', 'Z');
    for (let s = 0; s < SYMBOLS && r < rows; s++, r++) {
      chunk += `${stamp},SYM${s},${pool[rng.int(POOL)]}\n`;
      if (++inChunk === 20_000) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
        inChunk = 0;
      }
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return (await stat(path)).size;
}

/** Runs `fn` `reps` times after a warm-up; the fastest wall time and the CPU time of that run, ms. */
async function bestWithCpu(
  reps: number,
  fn: () => Promise<unknown>,
): Promise<{ wallMs: number; cpuMs: number }> {
  await fn();
  let best = { wallMs: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (wallMs < best.wallMs) best = { wallMs, cpuMs: (c.user + c.system) / 1000 };
  }
  return best;
}

const dir = await mkdtemp(join(tmpdir(), 'alphaflow-csv-bench-'));
try {
  const small = join(dir, 'bars_2m.csv');
  const smallRows = 2_000_000;
  const smallBytes = await writeCsv(small, smallRows, 7);
  const { wallMs, cpuMs } = await bestWithCpu(2, () => loadCsv(small));
  const smallDetail = `${smallRows} rows, ${(smallBytes / MB).toFixed(0)} MB, ${SYMBOLS} symbols time-major, best of 2`;
  report({
    name: 'CSV ingest (generic layout, ISO times)',
    value: smallRows / (wallMs / 1000),
    unit: 'rows/s',
    target: 1_000_000,
    higherIsBetter: true,
    detail: smallDetail,
  });
  report({
    name: 'CSV ingest per CPU second (same run)',
    value: smallRows / (cpuMs / 1000),
    unit: 'rows/cpu-s',
    higherIsBetter: true,
    detail: `${smallDetail}; wall-clock is inflated when other processes share the cores`,
  });
  await rm(small);

  const big = join(dir, 'bars_10m.csv');
  const bigRows = 10_000_000;
  const bigBytes = await writeCsv(big, bigRows, 11);
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let peakBuffers = base.arrayBuffers;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  const res = await loadCsv(big);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  if (res.frame.length !== bigRows) throw new Error(`loaded ${res.frame.length} rows, wrote ${bigRows}`);
  const detail =
    `${bigRows} rows, file ${(bigBytes / MB).toFixed(0)} MB, ${(bigRows / seconds / 1e6).toFixed(2)} M rows/s, ` +
    `RSS before ${(base.rss / MB).toFixed(0)} MB; frame columns are off-heap typed arrays`;
  report({
    name: 'CSV ingest 10M rows: peak heapUsed',
    value: peakHeap / MB,
    unit: 'MB',
    higherIsBetter: false,
    detail,
  });
  report({
    name: 'CSV ingest 10M rows: peak RSS',
    value: peakRss / MB,
    unit: 'MB',
    higherIsBetter: false,
    detail,
  });
  report({
    name: 'CSV ingest 10M rows: peak ArrayBuffers',
    value: peakBuffers / MB,
    unit: 'MB',
    higherIsBetter: false,
    detail: `${detail}; the frame itself is ${((bigRows * 76) / MB).toFixed(0)} MB (72 B/row + 4 B file line)`,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
