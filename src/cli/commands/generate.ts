/** `alphaflow data generate`: the deterministic synthetic market into the lake. */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ParquetLake, writeSyntheticMarket } from '../../data/lake/index.js';
import { emit } from '../output.js';
import { action, type CommonOptions, configFrom, withCommonOptions } from './common.js';

interface GenerateOptions extends CommonOptions {
  symbols: string;
  days: string;
  seed?: string;
  start: string;
  sectors: string;
}

/** A progress bar on stderr (only when stderr is a terminal). */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function registerGenerateCommand(data: Command): void {
  withCommonOptions(
    data
      .command('generate')
      .description('generate the synthetic market (bars, quotes, corporate actions) into the lake'),
  )
    .option('--symbols <n>', 'number of stocks', '500')
    .option('--days <n>', 'trading days (NYSE sessions)', '10')
    .option('--sectors <n>', 'sectors', '10')
    .option('--start <date>', 'first date, YYYY-MM-DD', '2024-01-02')
    .option('--seed <n>', 'seed (default: config seed)')
    .action(
      action<GenerateOptions, []>(async (o) => {
        const cfg = configFrom(o);
        const lake = await ParquetLake.open(cfg.lake.root, { buckets: cfg.lake.buckets });
        const bar = progressBar('generate');
        try {
          const s = await writeSyntheticMarket(
            lake,
            {
              symbols: Number(o.symbols),
              days: Number(o.days),
              sectors: Number(o.sectors),
              startDate: o.start,
              seed: o.seed === undefined ? cfg.seed : Number(o.seed),
            },
            bar.update,
          );
          bar.stop();
          const result = {
            lake: cfg.lake.root,
            days: s.days,
            symbols: s.symbols,
            bars: s.bars,
            quotes: s.quotes,
            seconds: s.elapsedMs / 1000,
          };
          emit(
            o,
            result,
            (r) =>
              `wrote ${r.bars} bars and ${r.quotes} quotes (${r.symbols} symbols × ${r.days} days) into ${r.lake} in ${r.seconds.toFixed(1)} s`,
          );
        } finally {
          bar.stop();
          lake.close();
        }
      }),
    );
}
