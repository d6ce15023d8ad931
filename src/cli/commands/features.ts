/**
 * `alphaflow features compute`: indicators over a bars CSV into a CSV with the
 * input timestamps and one column per output, for checking against other
 * tools (TTR, TA-Lib). NaN is written as `NaN`, numbers in their shortest
 * round-trip form.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { BarFrame } from '../../core/barFrame.js';
import { AlphaflowError, ConfigError, ErrorCode } from '../../core/errors.js';
import { MICROS_PER_DAY } from '../../core/time.js';
import { calendarByName } from '../../data/calendar/index.js';
import type { CalendarName } from '../../data/calendar/types.js';
import { loadCsv } from '../../data/csv/index.js';
import { computeFeatures, type FeatureMatrix } from '../../features/batch.js';
import { emit, log, type OutputOptions } from '../output.js';
import { action } from './common.js';
import { registerFeatureStoreCommands } from './featureStore.js';

interface ComputeOptions extends OutputOptions {
  input: string;
  features: string;
  out: string;
  symbol?: string;
  market?: string;
  calendar?: CalendarName;
}

/** Registers `features compute` (and build/show/diff from featureStore.ts). */
export function registerFeatureCommands(program: Command): void {
  const features = program
    .command('features')
    .description('feature computation and the feature store (build, show, diff)');
  features
    .command('compute')
    .description('compute indicators over a bars CSV and write them as CSV')
    .requiredOption(
      '--input <file>',
      'bars CSV (timestamp,[symbol,]open,high,low,close,volume; vendor layouts detected)',
    )
    .requiredOption(
      '--features <tokens>',
      'comma-separated tokens, e.g. rsi:14,ema:20,macd:12:26:9 (or token.output)',
    )
    .requiredOption('--out <file>', 'output CSV (written atomically)')
    .option(
      '--symbol <name>',
      'symbol to keep from a multi-symbol file, or the name of a file without a symbol column',
    )
    .option('--market <name>', 'symbol in the file that is the market index (for mktret, beta)')
    .option('--calendar <name>', 'trading calendar for tod/mtc: nyse | fx24x5 | none')
    .option('--json', 'print a JSON summary on stdout')
    .action(action(computeCommand));
  registerFeatureStoreCommands(features);
}

async function computeCommand(opts: ComputeOptions): Promise<void> {
  const loaded = await loadBars(opts.input, opts.symbol);
  let frame = loaded;
  if (opts.symbol !== undefined && frame.symbols.lookup(opts.symbol) >= 0) {
    frame = frame.forSymbol(frame.symbols.lookup(opts.symbol));
  } else if (opts.symbol !== undefined) {
    throw new AlphaflowError(ErrorCode.NotFound, `symbol '${opts.symbol}' is not in the file`, {
      file: opts.input,
      column: 'symbol',
    });
  }
  const marketSymbol = opts.market === undefined ? -1 : loaded.symbols.lookup(opts.market);
  if (opts.market !== undefined && marketSymbol < 0) {
    throw new ConfigError(`market index '${opts.market}' is not a symbol of the file`, { file: opts.input });
  }
  const tokens = opts.features
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  log(`features: ${frame.length} bars, ${tokens.length} indicator token(s)`);
  const matrix = computeFeatures(
    frame,
    { name: 'cli', version: 1, features: tokens },
    {
      ...(marketSymbol >= 0 ? { marketSymbol } : {}),
      ...(opts.calendar === undefined ? {} : { calendar: calendarByName(opts.calendar) }),
    },
  );
  const symbols = frame.symbolIds();
  writeFeatureCsv(opts.out, frame, matrix, symbols.length > 1);
  emit(
    opts,
    {
      input: opts.input,
      output: opts.out,
      rows: matrix.rows,
      columns: matrix.names.length,
      names: matrix.names,
      symbols: symbols.length,
      featureSetHash: matrix.hash,
    },
    (r) => `wrote ${r.rows} rows × ${r.columns} feature columns to ${r.output}`,
  );
}

/** Loads the CSV; a file without a symbol column is named by --symbol or by its file name. */
async function loadBars(path: string, symbol: string | undefined): Promise<BarFrame> {
  try {
    return (await loadCsv(path)).frame;
  } catch (err) {
    const noSymbolColumn =
      err instanceof AlphaflowError &&
      err.code === ErrorCode.BadHeader &&
      err.rule === 'symbol column or symbol option';
    if (!noSymbolColumn) throw err;
    return (await loadCsv(path, { symbol: symbol ?? basename(path).replace(/\.csv$/i, '') })).frame;
  }
}

/** Writes `[symbol,]timestamp,<columns>` to a temp file, then renames it over `path`. */
function writeFeatureCsv(path: string, frame: BarFrame, m: FeatureMatrix, withSymbol: boolean): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      const header = [...(withSymbol ? ['symbol'] : []), 'timestamp', ...m.names];
      let chunk = `${header.join(',')}\n`;
      for (let i = 0; i < m.rows; i++) {
        let line = withSymbol ? `${frame.symbols.name(frame.symbol[i]!)},` : '';
        line += formatTimestamp(frame.ts[i]!);
        for (let j = 0; j < m.width; j++) line += `,${formatNumber(m.values[i * m.width + j]!)}`;
        chunk += `${line}\n`;
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** 'YYYY-MM-DD' for UTC midnights (daily bars), else ISO-8601 UTC with fractional seconds only when present. */
function formatTimestamp(us: number): string {
  if (us % MICROS_PER_DAY === 0) return new Date(us / 1000).toISOString().slice(0, 10);
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const frac = us % 1_000_000;
  if (frac === 0) return `${iso.slice(0, 19)}Z`;
  return `${iso.slice(0, 19)}.${String(frac).padStart(6, '0').replace(/0+$/, '')}Z`;
}

function formatNumber(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}
