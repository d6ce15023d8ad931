/**
 * Synthetic market generation throughput (issue 2 target: ≥ 2,000,000 bars/s
 * for 500 symbols × 10 days). Bars counted include the index and sector-index
 * rows; each bar also gets its L1 quote and oracle value.
 * Run: npx tsx bench/synthetic.bench.ts
 */
import { generateMarket, streamMarket } from '../src/data/synthetic/index.js';
import { report } from './report.js';

const opts = { symbols: 500, days: 10, seed: 42 };
const TARGET = 2_000_000;

/** Best wall and CPU time (ms) of `reps` runs after one warm-up; CPU time shows the speed on a shared machine. */
function time(reps: number, fn: () => number): { wallMs: number; cpuMs: number; bars: number } {
  let bars = fn();
  let wallMs = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    bars = fn();
    wallMs = Math.min(wallMs, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  return { wallMs, cpuMs, bars };
}

const whole = time(3, () => generateMarket(opts).frame.length);
const detail = `${opts.symbols} stocks + 11 indices × ${opts.days} days = ${whole.bars} bars, best of 3`;
report({
  name: 'synthetic generateMarket',
  value: whole.bars / (whole.wallMs / 1000),
  unit: 'bars/s',
  target: TARGET,
  higherIsBetter: true,
  detail,
});
report({
  name: 'synthetic generateMarket (per CPU second)',
  value: whole.bars / (whole.cpuMs / 1000),
  unit: 'bars/s',
  higherIsBetter: true,
  detail: `${detail}; process CPU time, less sensitive to other load on the machine`,
});

const streamed = time(3, () => {
  let n = 0;
  for (const day of streamMarket(opts).days()) n += day.frame.length;
  return n;
});
report({
  name: 'synthetic streamMarket (day by day)',
  value: streamed.bars / (streamed.wallMs / 1000),
  unit: 'bars/s',
  target: TARGET,
  higherIsBetter: true,
  detail: `${detail}; one session per chunk`,
});
