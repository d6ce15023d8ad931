/** `alphaflow data generate|ingest|validate|info`: the lake's front door. */
import { type Command, Option } from 'commander';
import { calendarByName } from '../../data/calendar/index.js';
import type { CalendarName } from '../../data/calendar/types.js';
import { type CsvFileInput, type CsvLoadOptions, loadCsvFiles } from '../../data/csv/index.js';
import { ParquetLake } from '../../data/lake/index.js';
import {
  ValidationError,
  type ValidationMode,
  type ValidationReport,
  validateBars,
} from '../../data/validate/index.js';
import { emit, log } from '../output.js';
import { action, type CommonOptions, configFrom, withCommonOptions } from './common.js';
import { registerGenerateCommand } from './generate.js';

interface LoadOptions extends CommonOptions {
  symbol?: string;
  layout?: CsvLoadOptions['layout'];
  tz?: string;
  timeUnit?: CsvLoadOptions['timeUnit'];
  dateTime?: string;
  calendar: CalendarName;
  mode: ValidationMode;
  spikeK: string;
}

function withLoadOptions(cmd: Command): Command {
  return withCommonOptions(cmd)
    .option('--symbol <name>', 'symbol of a file without a symbol column')
    .addOption(
      new Option('--layout <name>', 'CSV vendor layout')
        .choices(['auto', 'yahoo', 'polygon', 'alpaca', 'generic'])
        .default('auto'),
    )
    .option('--tz <zone>', 'IANA time zone of naive timestamps and dates (default UTC)')
    .addOption(
      new Option('--time-unit <unit>', 'timestamp unit').choices([
        'auto',
        's',
        'ms',
        'us',
        'ns',
        'iso',
        'date',
      ]),
    )
    .option(
      '--date-time <HH:MM>',
      'local time a date-only timestamp stands for (e.g. 09:30 with --tz America/New_York)',
    )
    .addOption(
      new Option('--calendar <name>', 'trading calendar for the gap check')
        .choices(['nyse', 'fx24x5', 'none'])
        .default('none'),
    )
    .addOption(
      new Option('--mode <mode>', 'strict: reject on any violation; repair: drop/flag rows')
        .choices(['strict', 'repair'])
        .default('strict'),
    )
    .option('--spike-k <k>', 'spike rule: |log return| > k·σ', '5');
}

/** Loads CSV/Parquet files and validates them; throws ValidationError in strict mode. */
async function loadAndValidate(files: string[], o: LoadOptions) {
  const inputs: CsvFileInput[] =
    o.symbol !== undefined && files.length === 1 ? [{ path: files[0]!, symbol: o.symbol }] : files;
  const loadOpts: CsvLoadOptions = {
    ...(o.layout ? { layout: o.layout } : {}),
    ...(o.tz ? { timeZone: o.tz } : {}),
    ...(o.timeUnit ? { timeUnit: o.timeUnit } : {}),
    ...(o.dateTime ? { dateTime: o.dateTime } : {}),
  };
  log(`loading ${files.length} file(s)`);
  const loaded = await loadCsvFiles(inputs, loadOpts);
  const result = validateBars(loaded.frame, {
    mode: o.mode,
    calendar: calendarByName(o.calendar),
    spikeK: Number(o.spikeK),
    origin: loaded.origin,
  });
  return { loaded, result };
}

function humanReport(r: ValidationReport): string {
  const lines = [`${r.rows} rows checked, ${r.kept} kept (mode ${r.mode}, calendar ${r.calendar})`];
  for (const [rule, count] of Object.entries(r.counts)) {
    if (count === 0) continue;
    const ex = r.examples[rule as keyof typeof r.examples][0];
    const where = ex
      ? ` e.g. ${ex.file ?? ''}${ex.row ? ` row ${ex.row}` : ''} ${ex.symbol} ${ex.column}=${ex.value}`
      : '';
    lines.push(`  ${rule}: ${count}${where}`);
  }
  return lines.join('\n');
}

/** Registers the `data` command group. */
export function registerDataCommands(program: Command): void {
  const data = program
    .command('data')
    .description('generate, ingest, validate and inspect market data in the Parquet lake');

  registerGenerateCommand(data);

  withLoadOptions(
    data
      .command('ingest')
      .argument('<files...>', 'CSV or Parquet (.parquet) files')
      .description('load CSV or Parquet bars, validate, write them to the lake'),
  ).action(
    action<LoadOptions, [string[]]>(async (files, o) => {
      const cfg = configFrom(o);
      let checked: Awaited<ReturnType<typeof loadAndValidate>>;
      try {
        checked = await loadAndValidate(files, o);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // Strict mode: nothing was written. One JSON document: the report and the error together.
        log(`error: ${err.message}`);
        emit(o, { ok: false, report: err.report, error: err.toJSON() }, (r) => humanReport(r.report));
        process.exitCode = 2;
        return;
      }
      const lake = await ParquetLake.open(cfg.lake.root, { buckets: cfg.lake.buckets });
      try {
        const w = await lake.writeBars(checked.result.frame);
        emit(
          o,
          { ok: true, lake: cfg.lake.root, write: w, report: checked.result.report },
          (r) =>
            `${humanReport(r.report)}\nwrote ${r.write.rows} bars into ${r.write.partitions} partitions of ${r.lake}`,
        );
      } finally {
        lake.close();
      }
    }),
  );

  withLoadOptions(
    data
      .command('validate')
      .argument('<files...>', 'CSV or Parquet (.parquet) files')
      .description('validate CSV or Parquet bars and print the report (writes nothing)'),
  ).action(
    action<LoadOptions, [string[]]>(async (files, o) => {
      try {
        const { result } = await loadAndValidate(files, o);
        emit(o, { ok: true, report: result.report }, (r) => humanReport(r.report));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        emit(o, { ok: false, report: err.report }, (r) => humanReport(r.report));
        process.exitCode = 2;
      }
    }),
  );

  withCommonOptions(
    data.command('info').description('what the lake holds: tables, partitions, rows, symbols, time span'),
  ).action(
    action<CommonOptions, []>(async (o) => {
      const cfg = configFrom(o);
      const lake = await ParquetLake.open(cfg.lake.root, { buckets: cfg.lake.buckets });
      try {
        const m = lake.info();
        const tables = Object.fromEntries(
          Object.entries(m.tables).map(([name, t]) => {
            const parts = Object.values(t.partitions);
            return [
              name,
              {
                partitions: parts.length,
                rows: parts.reduce((s, p) => s + p.rows, 0),
                symbols: t.symbols.length,
                from: parts.length
                  ? new Date(Math.min(...parts.map((p) => p.minTs)) / 1000).toISOString()
                  : null,
                to: parts.length
                  ? new Date(Math.max(...parts.map((p) => p.maxTs)) / 1000).toISOString()
                  : null,
                restatedPartitions: parts.filter((p) => p.restated).length,
              },
            ];
          }),
        );
        emit(o, { lake: cfg.lake.root, buckets: m.buckets, tables }, (r) =>
          [
            `lake ${r.lake} (${r.buckets} symbol buckets)`,
            ...Object.entries(r.tables).map(
              ([n, t]) =>
                `  ${n}: ${t.rows} rows, ${t.symbols} symbols, ${t.partitions} partitions, ${t.from} → ${t.to}`,
            ),
          ].join('\n'),
        );
      } finally {
        lake.close();
      }
    }),
  );
}
