/**
 * Benchmark reporting: each `*.bench.ts` calls `report()` per figure; it
 * prints one `BENCH {json}` line that bench/run.ts collects into a table.
 */
import { availableParallelism, loadavg } from 'node:os';

export interface BenchFigure {
  /** What was measured, e.g. 'synthetic generation'. */
  name: string;
  value: number;
  /** e.g. 'bars/s', 'ms', 'ns/value'. */
  unit: string;
  /** The target in the same unit, when it names one. */
  target?: number;
  /** True when larger values are better (throughput); false for latencies. */
  higherIsBetter?: boolean;
  /** Free-form context: sizes, parameters. */
  detail?: string;
}

/** Prints one figure for the bench runner (stdout, one line). */
export function report(f: BenchFigure): void {
  const pass =
    f.target === undefined
      ? undefined
      : f.higherIsBetter === false
        ? f.value <= f.target
        : f.value >= f.target;
  process.stdout.write(`BENCH ${JSON.stringify({ ...f, pass })}\n`);
}

/** Runs `fn` `reps` times and returns the fastest wall time in ms (after one warm-up run). */
export async function bestOf(reps: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Value at quantile q (0..1) of an unsorted sample (sorts a copy). */
export function quantile(sample: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(sample).sort();
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** "; load avg X on N cores": wall times on a shared 2-core box mean little without the machine's 1-minute load. */
export function loadNote(): string {
  return `; load avg ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}
