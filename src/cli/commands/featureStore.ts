/**
 * `alphaflow features build|show|diff`: the feature store from the command line.
 * - build: the feature set over the lake's bars (batch mode) into the offline store,
 *   incrementally: rows already stored for a symbol (up to its latest stored time) are kept;
 * - show: the feature set's columns and hash, and with --symbol/--at the
 *   vector a model would have been given then (point-in-time);
 * - diff: the lake replayed tick by tick through the streaming engine into
 *   the configured online store, every tick's vectors compared bit for bit
 *   with the offline rows for the same (symbol, time).
 */
import type { Command } from 'commander';
import type { AlphaflowConfig } from '../../core/config.js';
import { ConfigError, DataError, ErrorCode } from '../../core/errors.js';
import { SymbolTable } from '../../core/symbols.js';
import { formatIsoMicros, parseIsoMicros } from '../../core/time.js';
import { calendarByName } from '../../data/calendar/index.js';
import type { CalendarName } from '../../data/calendar/types.js';
import { diffOnlineOffline, type OnlineOfflineDiff } from '../../engine/onlineOfflineDiff.js';
import { featureContextOf, loadResearchData, type ResearchData } from '../../engine/researchData.js';
import { computeFeatures } from '../../features/batch.js';
import { DEFAULT_FEATURE_SET } from '../../features/defaultFeatureSet.js';
import { type FeatureSet, type ResolvedFeatureSet, resolveFeatureSet } from '../../features/featureSet.js';
import { readFeatureSetMeta } from '../../store/featureSetMeta.js';
import { ParquetOfflineStore } from '../../store/index.js';
import { openOnlineStore } from '../../store/openOnlineStore.js';
import { emit, log } from '../output.js';
import { action, type CommonOptions, configFrom, withCommonOptions } from './common.js';

interface StoreOptions extends CommonOptions {
  features?: string;
  market?: string;
  calendar: CalendarName;
  barMinutes: string;
}

interface ShowOptions extends StoreOptions {
  symbol?: string;
  at?: string;
}

interface DiffOptions extends StoreOptions {
  every: string;
  maxReported: string;
}

function withStoreOptions(cmd: Command): Command {
  return withCommonOptions(cmd)
    .option('--features <tokens>', 'comma-separated indicator tokens (default: the default feature set)')
    .option('--market <symbol>', 'market index symbol (lakes without synthetic metadata)')
    .option('--calendar <name>', 'trading calendar of the bars: nyse | fx24x5 | none', 'nyse')
    .option('--bar-minutes <n>', 'bar length, minutes (places quotes at bar closes)', '1');
}

/** Registers build, show and diff under `features`. */
export function registerFeatureStoreCommands(features: Command): void {
  withStoreOptions(
    features.command('build').description('compute the feature set over the lake into the offline store'),
  ).action(action(buildCommand));
  withStoreOptions(
    features
      .command('show')
      .description('the feature set (columns, hash); with --symbol and --at, the stored vector known then'),
  )
    .option('--symbol <name>', 'symbol whose stored vector to show')
    .option('--at <iso>', 'point in time, ISO-8601 (e.g. 2024-01-02T15:00:00Z)')
    .action(action(showCommand));
  withStoreOptions(
    features
      .command('diff')
      .description('replay the lake through the streaming engine and the online store; compare with offline'),
  )
    .option('--every <n>', 'compare every n-th tick (the engine still sees every bar)', '1')
    .option('--max-reported <n>', 'differences listed in the result', '10')
    .action(action(diffCommand));
}

function featureSetOf(o: StoreOptions): FeatureSet {
  if (o.features === undefined) return DEFAULT_FEATURE_SET;
  const tokens = o.features
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return { name: 'cli', version: 1, features: tokens };
}

function positiveInt(v: string, option: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`${option} must be a positive integer`, { rule: option });
  return n;
}

async function loadLake(cfg: AlphaflowConfig, o: StoreOptions): Promise<ResearchData> {
  return loadResearchData({
    lakeRoot: cfg.lake.root,
    ...(o.market === undefined ? {} : { market: o.market }),
  });
}

function contextOf(data: ResearchData, o: StoreOptions) {
  const barUs = positiveInt(o.barMinutes, '--bar-minutes') * 60_000_000;
  return featureContextOf(data.universe, data.quotes, barUs, calendarByName(o.calendar));
}

async function buildCommand(o: StoreOptions): Promise<void> {
  const cfg = configFrom(o);
  const fs = resolveFeatureSet(featureSetOf(o));
  const data = await loadLake(cfg, o);
  log(`features build: ${data.bars.length} bars, ${fs.columns.length} columns`);
  const matrix = computeFeatures(data.bars, fs, contextOf(data, o));
  const store = await ParquetOfflineStore.open(cfg.lake.root);
  try {
    const cols = { hash: matrix.hash, columns: matrix.names };
    // Incremental: rows up to each symbol's latest stored time are already there (as known then).
    const latest = await store.latestEventTimes(cols, data.bars.symbols);
    const fresh = newRows(data.bars.symbol, data.bars.ts, latest);
    const rows = {
      symbolIds: pick(data.bars.symbol, fresh, 1) as Int32Array,
      ts: pick(data.bars.ts, fresh, 1) as Float64Array,
      knownAt: pick(data.bars.knownAt, fresh, 1) as Float64Array,
      matrix: pick(matrix.values, fresh, matrix.width) as Float64Array,
      nCols: matrix.width,
    };
    const written =
      fresh.length === 0 ? { rows: 0, dates: [] } : await store.write(cols, data.bars.symbols, rows);
    emit(
      o,
      {
        lake: cfg.lake.root,
        featureSet: fs.name,
        hash: matrix.hash,
        columns: matrix.width,
        rows: written.rows,
        alreadyStored: data.bars.length - fresh.length,
        dates: written.dates.length,
      },
      (r) =>
        `wrote ${r.rows} rows × ${r.columns} columns of '${r.featureSet}' (${r.hash.slice(0, 12)}) to ${r.lake}` +
        (r.alreadyStored > 0 ? `; ${r.alreadyStored} rows were already stored` : ''),
    );
  } finally {
    store.close();
  }
}

/** Frame rows whose time is after their symbol's latest stored time (all rows of a symbol never stored). */
function newRows(symbol: Int32Array, ts: Float64Array, latest: Float64Array): Int32Array {
  const keep = new Int32Array(ts.length);
  let m = 0;
  for (let i = 0; i < ts.length; i++) if (!(ts[i]! <= latest[symbol[i]!]!)) keep[m++] = i;
  return keep.subarray(0, m);
}

/** Rows `idx` of a row-major array with `width` values per row (a view when every row is kept). */
function pick(a: Float64Array | Int32Array, idx: Int32Array, width: number): Float64Array | Int32Array {
  if (idx.length * width === a.length) return a;
  const out =
    a instanceof Int32Array ? new Int32Array(idx.length * width) : new Float64Array(idx.length * width);
  for (let k = 0; k < idx.length; k++) out.set(a.subarray(idx[k]! * width, (idx[k]! + 1) * width), k * width);
  return out;
}

async function showCommand(o: ShowOptions): Promise<void> {
  const fs = resolveFeatureSet(featureSetOf(o));
  const columns = fs.columns.map((c) => ({ name: c.name, indicator: c.token, output: c.output }));
  let vector: Record<string, unknown> | undefined;
  if (o.symbol !== undefined || o.at !== undefined) {
    if (o.symbol === undefined || o.at === undefined) {
      throw new ConfigError('--symbol and --at go together', { rule: '--symbol with --at' });
    }
    vector = await storedVector(configFrom(o), fs, o.symbol, parseIsoMicros(o.at));
  }
  emit(
    o,
    { featureSet: fs.name, version: fs.version, hash: fs.hash, columns, ...(vector ? { vector } : {}) },
    (r) =>
      [
        `feature set '${r.featureSet}' v${r.version}, hash ${r.hash}`,
        ...r.columns.map((c) => `  ${c.name.padEnd(24)} from ${c.indicator} (output ${c.output})`),
        ...(vector === undefined
          ? []
          : [
              `vector of ${vector.symbol} known at ${vector.at}: event time ${vector.eventTime ?? 'none'}`,
              ...Object.entries(vector.values as Record<string, number | null>).map(
                ([k, v]) => `  ${k.padEnd(24)} ${v ?? 'NaN'}`,
              ),
            ]),
      ].join('\n'),
  );
}

/** The offline store's point-in-time answer for one (symbol, time). */
async function storedVector(
  cfg: AlphaflowConfig,
  fs: ResolvedFeatureSet,
  symbol: string,
  at: number,
): Promise<Record<string, unknown>> {
  const names = fs.columns.map((c) => c.name);
  const meta = readFeatureSetMeta(cfg.lake.root, { hash: fs.hash, columns: names });
  if (meta === undefined) throw notBuilt(cfg, fs);
  if (!meta.symbols.includes(symbol)) {
    throw new DataError(ErrorCode.NotFound, `symbol '${symbol}' has no stored features`, {
      file: cfg.lake.root,
      column: 'symbol',
      rule: `stored symbols: ${meta.symbols.slice(0, 5).join(', ')}${meta.symbols.length > 5 ? ', …' : ''}`,
    });
  }
  const store = await ParquetOfflineStore.open(cfg.lake.root);
  try {
    const symbols = new SymbolTable([symbol]);
    const r = await store.pointInTimeJoin({ hash: fs.hash, columns: names }, symbols, {
      symbolIds: Int32Array.of(0),
      times: Float64Array.of(at),
    });
    const eventTs = r.featureTs[0]!;
    return {
      symbol,
      at: formatIsoMicros(at),
      eventTime: Number.isNaN(eventTs) ? null : formatIsoMicros(eventTs),
      knownAt: Number.isNaN(r.featureKnownAt[0]!) ? null : formatIsoMicros(r.featureKnownAt[0]!),
      values: Object.fromEntries(names.map((n, j) => [n, r.matrix[j]!])),
    };
  } finally {
    store.close();
  }
}

function notBuilt(cfg: AlphaflowConfig, fs: ResolvedFeatureSet): DataError {
  return new DataError(
    ErrorCode.NotFound,
    `the offline store holds no rows of feature set ${fs.hash.slice(0, 12)}`,
    {
      file: cfg.lake.root,
      rule: 'run `alphaflow features build` first',
    },
  );
}

async function diffCommand(o: DiffOptions): Promise<void> {
  const cfg = configFrom(o);
  const every = positiveInt(o.every, '--every');
  const maxReported = positiveInt(o.maxReported, '--max-reported');
  const fs = resolveFeatureSet(featureSetOf(o));
  const data = await loadLake(cfg, o);
  const bars = data.bars;
  if (
    readFeatureSetMeta(cfg.lake.root, { hash: fs.hash, columns: fs.columns.map((c) => c.name) }) === undefined
  ) {
    throw notBuilt(cfg, fs);
  }
  const offline = await ParquetOfflineStore.open(cfg.lake.root);
  const online = await openOnlineStore(cfg);
  log(
    `features diff: replaying ${bars.length} bars through the streaming engine into the ${cfg.onlineStore.kind} store`,
  );
  let diff: OnlineOfflineDiff;
  try {
    diff = await diffOnlineOffline(bars, fs, contextOf(data, o), online, offline, {
      every,
      maxReported,
      threads: cfg.features.streamThreads,
    });
  } finally {
    // Only the replay's own key was declared on this store: live vectors stay.
    await online.teardown();
    offline.close();
  }
  const result = {
    lake: cfg.lake.root,
    onlineStore: cfg.onlineStore.kind,
    hash: fs.hash,
    bars: bars.length,
    ...diff,
  };
  emit(o, result, (r) =>
    [
      `${r.vectorsCompared} vectors over ${Math.ceil(r.ticks / every)} ticks compared, online (${r.onlineStore}) vs offline: ${r.identical ? 'bit-identical' : `${r.differing} differ, ${r.missingOffline} missing offline`}`,
      ...r.differences.map(
        (d) => `  ${d.symbol} ${d.time} ${d.column}: online ${d.online} offline ${d.offline}`,
      ),
    ].join('\n'),
  );
  if (!result.identical) process.exitCode = 1;
}
