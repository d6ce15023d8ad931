/**
 * Indicator throughput: ns per value for each built-in indicator driven
 * through `run()` over 1 M synthetic OHLCV bars, the way batch mode runs it
 * (blocks of BLOCK rows as columns, every output written to a row-major
 * block), plus all indicators together bar by bar through one-row `run()`
 * calls as the streaming engine drives them. Next to them, the floor this machine puts
 * under a single series: a bare Float64Array EMA loop in TTR's operation
 * order, whose x·k + e·(1−k) dependency chain no implementation can beat.
 * `npx tsx bench/indicators.bench.ts [name…]`
 *
 * Each single-indicator figure comes from its own worker (own V8 isolate): in
 * one process the replay loop would turn megamorphic after the first
 * indicator and every later figure would measure V8's dispatch, not the
 * indicator. Timing is per 50k-bar slice and the fastest slice is reported
 * (the best-of rule of report.ts): the box is 2 cores shared by many
 * processes, and a whole-run wall time mostly measures the scheduler.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Rng } from '../src/core/random.js';
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../src/features/indicator.js';
import { indicatorSpecs } from '../src/features/indicators/index.js';
import { InputBlock } from '../src/features/inputBlock.js';
import { createIndicator } from '../src/features/registry.js';
import { report } from './report.js';

const BARS = 1_000_000;
const SLICE = 50_000;
/** Timed full replays after one warm-up pass over the first WARM bars. */
const REPS = 2;
const WARM = 200_000;
const MIXED_BARS = 100_000;
const MIXED_SLICE = 2_000;
/** Rows per run() call, as batch mode (src/features/batch.ts) hands them over. */
const BLOCK = 256;

/** The targets, ns per value. */
const TARGETS: Readonly<Record<string, number>> = { ema: 3.6, rsi: 12.9, bbands: 11.4 };

const FIELDS = ['ts', 'sessionOpen', 'open', 'high', 'low', 'close', 'volume'] as const;
type Bars = Record<(typeof FIELDS)[number], Float64Array>;

/** Seeded random-walk minute bars in shared memory (workers read the same columns). */
function syntheticBars(n: number): Bars {
  const col = () => new Float64Array(new SharedArrayBuffer(8 * n));
  const b: Bars = {
    ts: col(),
    sessionOpen: col(),
    open: col(),
    high: col(),
    low: col(),
    close: col(),
    volume: col(),
  };
  const rng = new Rng(42);
  let last = 100;
  for (let i = 0; i < n; i++) {
    const c = last * Math.exp(0.002 * rng.normal());
    b.open[i] = last;
    b.high[i] = Math.max(last, c) * (1 + 0.003 * rng.next());
    b.low[i] = Math.min(last, c) * (1 - 0.003 * rng.next());
    b.close[i] = c;
    b.volume[i] = 1000 + rng.int(9000);
    b.ts[i] = 1_600_000_000_000_000 + i * 60_000_000;
    // 390-minute sessions, so vwap_session restarts as it would on equity bars.
    b.sessionOpen[i] = b.ts[i]! - (i % 390) * 60_000_000;
    last = c;
  }
  return b;
}

/** Copies bar i into the reused input, as batch mode does. */
function fill(input: FeatureInput, b: Bars, i: number): void {
  input.ts = b.ts[i]!;
  input.sessionOpen = b.sessionOpen[i]!;
  input.open = b.open[i]!;
  input.high = b.high[i]!;
  input.low = b.low[i]!;
  input.close = b.close[i]!;
  input.volume = b.volume[i]!;
}

/** The bars as one block of columns (views, no copy); the columns batch mode would fill stay NaN. */
function barColumns(b: Bars): InputBlock {
  const cols = new InputBlock(0);
  cols.ts = b.ts;
  cols.sessionOpen = b.sessionOpen;
  cols.open = b.open;
  cols.high = b.high;
  cols.low = b.low;
  cols.close = b.close;
  cols.volume = b.volume;
  const nan = new Float64Array(b.ts.length).fill(Number.NaN);
  cols.vwap = cols.bid = cols.ask = cols.bidSize = cols.askSize = nan;
  cols.marketClose = cols.sectorClose = cols.sessionClose = nan;
  cols.logMarketClose = cols.logSectorClose = nan;
  // Derived once per bar for all indicators, as batch mode does (see InputBlock.logClose), so not counted per indicator.
  cols.logClose = Float64Array.from(b.close, Math.log);
  return cols;
}

/** Batch replay of bars [from, to) through one indicator in BLOCK-row run() calls, every output written. */
function replay(ind: Indicator, cols: InputBlock, out: Float64Array, from: number, to: number): void {
  const k = ind.outputs.length;
  for (let a = from; a < to; a += BLOCK) ind.run!(cols, a, Math.min(a + BLOCK, to), out, 0, k);
}

/**
 * Bars [from, to) through every indicator, bar by bar as the streaming engine
 * drives them: a one-row block per bar, one run() call per indicator.
 */
function replayAll(
  inds: readonly Indicator[],
  b: Bars,
  input: FeatureInput,
  row: InputBlock,
  sink: Float64Array,
  from: number,
  to: number,
) {
  const out = new Float64Array(8);
  // As FeatureEngine.update: each indicator's run() taken once, not looked up by name per bar.
  const runs = inds.map((ind) => ind.run!);
  for (let i = from; i < to; i++) {
    fill(input, b, i);
    row.setRow(0, input);
    let s = 0;
    for (let m = 0; m < inds.length; m++) {
      runs[m]!.call(inds[m]!, row, 0, 1, out, 0, 0);
      s += out[0]!;
    }
    sink[i] = s;
  }
}

/** Fastest slice of `run(from, to)` over `reps` passes of `n` items, ns per item (after one warm-up pass of `warm`). */
function fastestSlice(
  n: number,
  slice: number,
  reps: number,
  warm: number,
  run: (from: number, to: number) => void,
) {
  run(0, warm);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    for (let from = 0; from < n; from += slice) {
      const t0 = performance.now();
      run(from, from + slice);
      best = Math.min(best, performance.now() - t0);
    }
  }
  return (best * 1e6) / slice;
}

/** ns per bar for one indicator over all bars. */
function singleNs(name: string, b: Bars): number {
  const ind = createIndicator(name);
  const cols = barColumns(b);
  const out = new Float64Array(BLOCK * ind.outputs.length);
  return fastestSlice(BARS, SLICE, REPS, WARM, (from, to) => {
    if (from === 0) ind.reset();
    replay(ind, cols, out, from, to);
  });
}

/**
 * ns per value of EMA(20) in TTR's order as a bare loop: this machine's floor for one series.
 * It writes into a BLOCK-row buffer, as the indicators' replay does, so that both figures pay
 * for the same stores (a 1 M-value output column would add the memory traffic of 8 MB).
 */
function bareEmaNs(b: Bars): number {
  const out = new Float64Array(BLOCK);
  const k = 2 / 21;
  const k1 = 1 - k;
  const close = b.close;
  return fastestSlice(BARS, SLICE, REPS, WARM, (from, to) => {
    // Each slice restarts the chain from its first close: a local, never a captured variable.
    let e = close[from]!;
    for (let i = from; i < to; i++) {
      e = close[i]! * k + e * k1;
      out[i & (BLOCK - 1)] = e;
    }
  });
}

/** Workers do not inherit tsx's loader on Node 20: boot them through tsx's API to load this file. */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((api) => api.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}));`;

if (isMainThread) {
  const filters = process.argv.slice(2);
  const names = indicatorSpecs.map((s) => s.name).filter((n) => filters.length === 0 || filters.includes(n));
  const bars = syntheticBars(BARS);
  const sink = new Float64Array(BARS);
  report({
    name: 'calibration: bare column loop',
    value: fastestSlice(BARS, SLICE, REPS, WARM, (from, to) => {
      for (let i = from; i < to; i++) sink[i] = bars.close[i]! * 2;
    }),
    unit: 'ns/value',
    higherIsBetter: false,
    detail: 'sink[i] = close[i]*2: ~0.3-0.5 ns on an idle core; shows how loaded the box was',
  });
  report({
    name: 'floor: bare EMA loop, TTR order',
    value: await inWorker('floor', bars),
    unit: 'ns/value',
    higherIsBetter: false,
    detail: 'e = x*k + e*(1-k) over a Float64Array: one mul + one add on the dependency chain per value',
  });
  for (const name of names) {
    const ns = await inWorker(name, bars);
    report({
      name: `indicator ${name}`,
      value: ns,
      unit: 'ns/value',
      target: TARGETS[name],
      higherIsBetter: false,
      detail: `${createIndicator(name).outputs.length} output(s); run() over ${BLOCK}-row blocks as batch mode; ${BARS} bars x ${REPS}, fastest ${SLICE}-bar slice`,
    });
  }
  const inds = names.map((n) => createIndicator(n));
  const input = emptyFeatureInput();
  const row = new InputBlock(1);
  const perBar = fastestSlice(MIXED_BARS, MIXED_SLICE, REPS, MIXED_BARS / 4, (from, to) => {
    if (from === 0) for (const ind of inds) ind.reset();
    replayAll(inds, bars, input, row, sink, from, to);
  });
  report({
    name: `all ${inds.length} indicators in one loop`,
    value: perBar / inds.length,
    unit: 'ns/update',
    higherIsBetter: false,
    detail: `per indicator per bar, a one-row run() each as the streaming engine does; ${MIXED_BARS} bars x ${REPS}`,
  });
} else {
  const { name, bars } = workerData as { name: string; bars: Bars };
  parentPort!.postMessage(name === 'floor' ? bareEmaNs(bars) : singleNs(name, bars));
}

/** Runs one figure in its own worker (own V8 isolate, so its loop stays monomorphic). */
function inWorker(name: string, bars: Bars): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const w = new Worker(WORKER_BOOT, { eval: true, workerData: { name, bars } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}
