/**
 * Test helpers: loads the TTR reference vectors under /work/shared/refvec
 * (inputs and indicator outputs) and replays bars through an indicator's
 * `update`, the same path the engine uses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../indicator.js';

/** Root of the shared reference vectors (override with ALPHAFLOW_REFVEC). */
export const REFVEC_ROOT = process.env.ALPHAFLOW_REFVEC ?? '/work/shared/refvec';

/** Input bars as columns; fields a dataset lacks are NaN (close-only data has O = H = L = C). */
export interface BarColumnsForTest {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** A reference CSV: header names and numeric columns ('NaN' literal = NaN; timestamp kept as text). */
export interface Csv {
  readonly header: readonly string[];
  readonly columns: ReadonlyMap<string, Float64Array>;
  readonly text: ReadonlyMap<string, readonly string[]>;
  readonly rows: number;
}

/** Reads a comma-separated file with a header row; every non-timestamp cell is parsed with Number(). */
export function readCsv(path: string): Csv {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const rows = lines.length - 1;
  const num = header.map(() => new Float64Array(rows));
  const txt = header.map(() => new Array<string>(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== header.length) throw new Error(`${path} row ${r + 2}: ${cells.length} cells`);
    for (let c = 0; c < header.length; c++) {
      const cell = cells[c]!;
      txt[c]![r] = cell;
      // Number('') is 0: the manifest promises no empty cells, so an empty one is a broken file.
      num[c]![r] = cell === '' ? Number.NaN : Number(cell);
    }
  }
  return {
    header,
    columns: new Map(header.map((h, i) => [h, num[i]!])),
    text: new Map(header.map((h, i) => [h, txt[i]!])),
    rows,
  };
}

/** The three indicator reference sets and their input files. */
export const REFVEC_SETS = {
  ttrc_SYNTHETIC: 'ttrc_SYNTHETIC_ohlcv.csv',
  usdchf_30m_first5000: 'usdchf_30m_first5000.csv',
  usdchf_4h_derived: 'usdchf_4h_ohlc_derived.csv',
} as const;
export type RefvecSet = keyof typeof REFVEC_SETS;

const barCache = new Map<string, BarColumnsForTest>();

/** Input bars of a reference set (cached). */
export function loadBars(set: RefvecSet): BarColumnsForTest {
  const hit = barCache.get(set);
  if (hit !== undefined) return hit;
  const csv = readCsv(join(REFVEC_ROOT, 'data', REFVEC_SETS[set]));
  const n = csv.rows;
  const close = csv.columns.get('close')!;
  const col = (name: string, fallback: Float64Array | undefined): Float64Array =>
    csv.columns.get(name) ?? fallback ?? new Float64Array(n).fill(Number.NaN);
  const stamps = csv.text.get('timestamp')!;
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) ts[i] = Date.parse(stamps[i]!) * 1000;
  const bars = {
    ts,
    open: col('open', close),
    high: col('high', close),
    low: col('low', close),
    close,
    volume: col('volume', undefined),
    length: n,
  };
  barCache.set(set, bars);
  return bars;
}

/** Indicator output files of a reference set, without the .csv extension. */
export function refvecFiles(set: RefvecSet): string[] {
  const dir = join(REFVEC_ROOT, 'indicators', set);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => f.slice(0, -4))
        .sort()
    : [];
}

/** One indicator output file of a reference set. */
export function loadRefvec(set: RefvecSet, file: string): Csv {
  return readCsv(join(REFVEC_ROOT, 'indicators', set, `${file}.csv`));
}

/** Copies bar i into the reused input object (as the engine does). */
export function fillInput(input: FeatureInput, bars: BarColumnsForTest, i: number): void {
  input.ts = bars.ts[i]!;
  input.open = bars.open[i]!;
  input.high = bars.high[i]!;
  input.low = bars.low[i]!;
  input.close = bars.close[i]!;
  input.volume = bars.volume[i]!;
}

/** Runs `ind` over bars [from, to) and returns every output per bar (row-major: bar × outputs). */
export function replay(ind: Indicator, bars: BarColumnsForTest, from = 0, to = bars.length): Float64Array {
  const k = ind.outputs.length;
  const out = new Float64Array((to - from) * k);
  const input = emptyFeatureInput();
  for (let i = from; i < to; i++) {
    fillInput(input, bars, i);
    ind.update(input);
    for (let j = 0; j < k; j++) out[(i - from) * k + j] = ind.value(j);
  }
  return out;
}
