/**
 * Feature engine throughput and latency with the default feature set:
 * batch bars/s over a random market, p99 of one symbol's per-bar update, and
 * p50/p99 of one universe tick of 5,000 symbols, on the calling thread and
 * through ShardedFeatureEngine's worker threads (the live path, which the
 * target applies to). Batch throughput is per core:
 * bars per second of this process's CPU time (wall-clock figure in the
 * detail), so that other load on a shared machine does not count against it;
 * the universe tick's detail adds its CPU time per tick for the same reason.
 */
import { availableParallelism, loadavg } from 'node:os';

import { computeFeatures } from '../src/features/batch.js';
import { DEFAULT_FEATURE_SET } from '../src/features/defaultFeatureSet.js';
import { FeatureEngine } from '../src/features/engine.js';
import { randomMarket } from '../src/features/featureFixtures.js';
import { resolveFeatureSet } from '../src/features/featureSet.js';
import { emptyFeatureInput } from '../src/features/indicator.js';
import { ShardedFeatureEngine } from '../src/features/shardedEngine.js';
import { quantile, report } from './report.js';

const fs = resolveFeatureSet(DEFAULT_FEATURE_SET);
const detail = `default set, ${fs.columns.length} columns, load avg ${loadavg()[0]!.toFixed(1)}`;

// Batch: 100 stocks + indices over 10 sessions ≈ 0.43 M bars.
{
  const market = randomMarket({ seed: 1, stocks: 100, sectors: 10, sessions: 10 });
  computeFeatures(market.frame.slice(0, 50_000), fs, market.context);
  let bestCpu = Number.POSITIVE_INFINITY;
  let bestWall = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    computeFeatures(market.frame, fs, market.context);
    bestWall = Math.min(bestWall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  const bars = market.frame.length;
  report({
    name: 'features batch (default set) per core',
    value: bars / (bestCpu / 1000),
    unit: 'bars/s',
    target: 2_000_000,
    higherIsBetter: true,
    detail: `${detail}, ${bars} bars, best of 3; wall ${(bars / (bestWall / 1000)).toFixed(0)} bars/s`,
  });
}

/** A FeatureInput per (symbol, bar) stream filled from a random walk, reused across updates. */
function streamInput(symbolId: number, price: number) {
  const input = emptyFeatureInput();
  input.symbolId = symbolId;
  input.sectorId = symbolId % 10;
  input.open = input.high = input.low = input.close = price;
  input.volume = 1000;
  input.bid = price - 0.01;
  input.ask = price + 0.01;
  input.bidSize = input.askSize = 500;
  input.marketClose = 4000;
  input.sectorClose = 300;
  input.sessionOpen = 0;
  input.sessionClose = 390 * 60e6;
  return input;
}

function step(input: ReturnType<typeof streamInput>, ts: number, z: number): void {
  const open = input.close;
  const close = open * Math.exp(0.001 * z);
  input.ts = ts;
  input.open = open;
  input.close = close;
  input.high = Math.max(open, close) * 1.0003;
  input.low = Math.min(open, close) * 0.9997;
  input.vwap = (open + close) / 2;
  input.bid = close - 0.01;
  input.ask = close + 0.01;
  input.marketClose *= Math.exp(0.0008 * z * 0.5);
  input.sectorClose *= Math.exp(0.0008 * z * 0.4);
}

// Streaming: one symbol, per-bar latency after warm-up.
{
  const engine = new FeatureEngine(fs);
  const input = streamInput(0, 100);
  const row = new Float64Array(engine.width);
  const n = 100_000;
  const lat = new Float64Array(n);
  let z = 0.3;
  for (let i = 0; i < n; i++) {
    z = -z * 0.97 + ((i * 7919) % 13) / 13 - 0.5;
    step(input, i * 60e6, z);
    const t0 = performance.now();
    engine.update(0, input, row);
    lat[i] = (performance.now() - t0) * 1000;
  }
  const tail = lat.subarray(n / 2);
  report({
    name: 'features stream one symbol p99',
    value: quantile(tail, 0.99),
    unit: 'µs',
    target: 20,
    higherIsBetter: false,
    detail: `${detail}, p50 ${quantile(tail, 0.5).toFixed(2)} µs over ${tail.length} bars`,
  });
}

// Streaming: universe ticks of 5,000 symbols, on the calling thread and split over worker threads.
const SYMBOLS = 5000;
/**
 * Warm-up ticks: twice the longest window of the set (hurst:100), so the measured ticks are the
 * steady state every later bar of a session sees, not the one-off first bars of full windows.
 */
const WARM_TICKS = 200;
/** Measured ticks: enough that the p99 is a percentile (the 3rd-worst tick), not the worst one. */
const TICKS = WARM_TICKS + 300;
/** Tick k's bar of symbol s (the same walk for both engines). */
function tickBar(input: ReturnType<typeof streamInput>, s: number, k: number): void {
  step(input, k * 60e6, (((s * 31 + k * 17) % 101) / 101 - 0.5) * 3);
}

/** p50/p99 over the ticks after the WARM_TICKS warm-up, with CPU time. */
function tickReport(
  name: string,
  target: number | undefined,
  ms: Float64Array,
  cpuMs: Float64Array,
  note: string,
) {
  const tail = ms.subarray(WARM_TICKS);
  const cpuTail = cpuMs.subarray(WARM_TICKS);
  report({
    name,
    value: quantile(tail, 0.99),
    unit: 'ms',
    ...(target === undefined ? {} : { target }),
    higherIsBetter: false,
    detail: `${detail}, p50 ${quantile(tail, 0.5).toFixed(2)} ms over ${tail.length} ticks; this process's CPU time per tick p50 ${quantile(cpuTail, 0.5).toFixed(1)} / p99 ${quantile(cpuTail, 0.99).toFixed(1)} ms${note}`,
  });
}

/** Wall and this process's CPU time of each of TICKS ticks, ms. */
async function timeTicks(tick: (k: number) => void | Promise<void>) {
  const ms = new Float64Array(TICKS);
  const cpuMs = new Float64Array(TICKS);
  for (let k = 0; k < TICKS; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await tick(k);
    ms[k] = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuMs[k] = (c.user + c.system) / 1000;
  }
  return { ms, cpuMs };
}

{
  const engine = new FeatureEngine(fs);
  const inputs = Array.from({ length: SYMBOLS }, (_, s) => streamInput(s, 20 + (s % 200)));
  const out = new Float64Array(SYMBOLS * engine.width);
  const { ms, cpuMs } = await timeTicks((k) => {
    for (let s = 0; s < SYMBOLS; s++) {
      tickBar(inputs[s]!, s, k);
      engine.update(s, inputs[s]!, out, s * engine.width);
    }
  });
  tickReport('features universe tick 5000 symbols p99, calling thread', undefined, ms, cpuMs, '');
}

// The same ticks through ShardedFeatureEngine (what a live universe runs on): the time from the first
// bar written to the last vector back, bars written on this thread as a feed handler would.
{
  const shards = 2;
  const engine = await ShardedFeatureEngine.start(fs, { shards, capacity: SYMBOLS });
  const inputs = Array.from({ length: SYMBOLS }, (_, s) => streamInput(s, 20 + (s % 200)));
  const { ms, cpuMs } = await timeTicks(async (k) => {
    for (let s = 0; s < SYMBOLS; s++) {
      tickBar(inputs[s]!, s, k);
      engine.setRow(s, inputs[s]!);
    }
    await engine.tick(SYMBOLS);
  });
  await engine.close();
  tickReport(
    'features universe tick 5000 symbols p99',
    25,
    ms,
    cpuMs,
    ` (workers included); ShardedFeatureEngine, ${shards} worker threads on ${availableParallelism()} CPUs`,
  );
}
