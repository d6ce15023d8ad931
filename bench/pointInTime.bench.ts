/**
 * Point-in-time join (issue 3): 10 M label events (500 symbols × 20,000, per
 * symbol in time order, as labels come) against 10.1 M feature rows (500
 * symbols × 20,000 one-minute bars, 8 columns, plus 1 % restated an hour
 * later) stored as Parquet, through ParquetOfflineStore.
 * Run: npx tsx bench/pointInTime.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import { SymbolTable } from '../src/core/symbols.js';
import { MICROS_PER_MINUTE } from '../src/core/time.js';
import { type FeatureRows, ParquetOfflineStore } from '../src/store/index.js';
import { loadNote, report } from './report.js';

const SYMBOLS = 500;
const PER_SYMBOL = 20_000;
const FCOLS = 8;

/** 500 symbols × 20,000 one-minute rows, known one minute after the bar, 1 % restated an hour later. */
function featureRows(rng: Rng, t0: number): FeatureRows {
  const base = SYMBOLS * PER_SYMBOL;
  const restated = Math.floor(base / 100);
  const n = base + restated;
  const rows: FeatureRows = {
    symbolIds: new Int32Array(n),
    ts: new Float64Array(n),
    knownAt: new Float64Array(n),
    matrix: new Float64Array(n * FCOLS),
    nCols: FCOLS,
  };
  for (let i = 0; i < n; i++) {
    const k = i < base ? i : rng.int(base);
    const s = k % SYMBOLS;
    const ts = t0 + Math.floor(k / SYMBOLS) * MICROS_PER_MINUTE;
    rows.symbolIds[i] = s;
    rows.ts[i] = ts;
    rows.knownAt[i] = ts + (i < base ? MICROS_PER_MINUTE : 60 * MICROS_PER_MINUTE + i);
    for (let c = 0; c < FCOLS; c++) rows.matrix[i * FCOLS + c] = rng.normal();
  }
  return rows;
}

async function benchPointInTime(): Promise<void> {
  const rng = new Rng(2);
  const t0 = 1_704_067_200_000_000;
  const span = PER_SYMBOL * MICROS_PER_MINUTE;
  const names = Array.from({ length: SYMBOLS }, (_, i) => `S${i}`);
  const symbols = new SymbolTable(names);
  const fs = { hash: 'benchpit', columns: Array.from({ length: FCOLS }, (_, c) => `f${c}`) };
  const root = mkdtempSync(join(tmpdir(), 'af-bench-store-'));
  const store = await ParquetOfflineStore.open(root);
  try {
    let rows: FeatureRows | undefined = featureRows(rng, t0);
    const nRows = rows.ts.length;
    let t = performance.now();
    const written = await store.write(fs, symbols, rows);
    const writeMs = performance.now() - t;
    report({
      name: 'offline write (Parquet)',
      value: nRows / (writeMs / 1000),
      unit: 'rows/s',
      higherIsBetter: true,
      detail: `${nRows} rows × ${FCOLS} cols into ${written.dates.length} date partitions`,
    });
    rows = undefined;

    // Label events as a label generator lays them out: per symbol, in time order (times at random instants).
    const nEvents = SYMBOLS * PER_SYMBOL;
    const events = { symbolIds: new Int32Array(nEvents), times: new Float64Array(nEvents) };
    for (let s = 0; s < SYMBOLS; s++) {
      const times = events.times.subarray(s * PER_SYMBOL, (s + 1) * PER_SYMBOL);
      for (let k = 0; k < PER_SYMBOL; k++) times[k] = t0 + Math.floor(rng.next() * span);
      times.sort();
      events.symbolIds.fill(s, s * PER_SYMBOL, (s + 1) * PER_SYMBOL);
    }
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const res = await store.pointInTimeJoin(fs, symbols, events);
    const joinMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    let matched = 0;
    for (const v of res.featureTs) if (!Number.isNaN(v)) matched++;
    report({
      name: 'point-in-time join via Parquet',
      value: joinMs / 1000,
      unit: 's',
      target: 10,
      higherIsBetter: false,
      detail: `${nEvents} events vs ${nRows} rows × ${FCOLS} cols, ${SYMBOLS} symbols; ${matched} matched; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s${loadNote()}`,
    });
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await benchPointInTime();
