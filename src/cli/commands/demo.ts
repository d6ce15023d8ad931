/**
 * `alphaflow demo`, the main job: synthetic market → Parquet lake (round
 * trip checked) → validation → corporate-action adjustment → features →
 * labels → purged-CV LightGBM vs logistic baseline → offline store and its
 * point-in-time join → streaming replay through the online store, compared
 * bit for bit with offline → report. Each stage is a module call; this file
 * only wires them and prints.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BAR_FLOAT_FIELDS, type BarFrame } from '../../core/barFrame.js';
import { DataError, ErrorCode } from '../../core/errors.js';
import { SymbolTable } from '../../core/symbols.js';
import { calendarByName } from '../../data/calendar/index.js';
import { adjustBars } from '../../data/corporateActions/index.js';
import { ParquetLake } from '../../data/lake/index.js';
import { BAR_MICROS, generateMarket } from '../../data/synthetic/index.js';
import { validateBars } from '../../data/validate/index.js';
import { diffOnlineOffline, type OnlineOfflineDiff } from '../../engine/onlineOfflineDiff.js';
import { registerTrainingRun } from '../../engine/registerRun.js';
import { featureContextOf } from '../../engine/researchData.js';
import { defaultRunOptions, runTraining, type TrainingRunResult } from '../../engine/trainingRun.js';
import { DEFAULT_FEATURE_SET } from '../../features/defaultFeatureSet.js';
import { resolveFeatureSet } from '../../features/featureSet.js';
import type { AdversarialResult } from '../../model/adversarial.js';
import { createLightgbmEngine } from '../../model/lightgbm/index.js';
import { auc } from '../../model/metrics/index.js';
import { type ModelManifest, ModelRegistry } from '../../model/registry/index.js';
import { ParquetOfflineStore } from '../../store/index.js';
import { openOnlineStore } from '../../store/openOnlineStore.js';
import { emit, log } from '../output.js';
import { action, type CommonOptions, configFrom, withCommonOptions } from './common.js';

interface DemoOptions extends CommonOptions {
  symbols: string;
  days: string;
  seed?: string;
  folds: string;
  out: string;
}

/** Throws unless the lake gave back exactly the bars that were written. */
function assertSameBars(a: BarFrame, b: BarFrame): void {
  const same = (x: ArrayBufferView, y: ArrayBufferView) =>
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
      Buffer.from(y.buffer, y.byteOffset, y.byteLength),
    );
  const ok =
    a.length === b.length &&
    same(a.symbol, b.symbol) &&
    same(a.trades, b.trades) &&
    BAR_FLOAT_FIELDS.every((f) => same(a[f], b[f]));
  if (!ok)
    throw new DataError(ErrorCode.CorruptFile, 'lake round trip changed the bars', {
      rule: 'bit-exact round trip',
    });
}

function topImportance(r: TrainingRunResult, k: number): Array<{ feature: string; gain: number }> {
  const gain = r.model.featureImportance('gain');
  let total = 0;
  for (const g of gain) total += g;
  return r.model.featureNames
    .map((feature, j) => ({ feature, gain: gain[j]! / total }))
    .sort((x, y) => y.gain - x.gain)
    .slice(0, k);
}

export function registerDemoCommand(program: Command): void {
  withCommonOptions(
    program
      .command('demo')
      .description(
        'the main job: synthetic market → lake → validate → features → labels → CV train → report',
      ),
  )
    .option('--symbols <n>', 'stocks in the synthetic market', '500')
    .option('--days <n>', 'trading days', '10')
    .option('--folds <n>', 'purged k-fold folds', '5')
    .option('--seed <n>', 'seed (default: config seed)')
    .option('--out <dir>', 'working folder (recreated)', '.alphaflow/demo')
    .action(
      action<DemoOptions, []>(async (o) => {
        const cfg = configFrom(o);
        const seed = o.seed === undefined ? cfg.seed : Number(o.seed);
        const t0 = performance.now();
        const stage = (name: string) =>
          log(`[demo ${((performance.now() - t0) / 1000).toFixed(1)}s] ${name}`);

        stage('generating the synthetic market');
        const market = generateMarket({ symbols: Number(o.symbols), days: Number(o.days), seed });
        rmSync(o.out, { recursive: true, force: true });
        const lake = await ParquetLake.open(join(o.out, 'lake'), { buckets: cfg.lake.buckets });
        let bars: BarFrame;
        let quotes: Awaited<ReturnType<ParquetLake['readQuotes']>>;
        try {
          stage(`writing ${market.frame.length} bars and quotes to the lake`);
          await lake.writeBars(market.frame);
          await lake.writeQuotes(market.quotes);
          stage('reading them back');
          bars = await lake.readBars({ symbolTable: new SymbolTable(market.symbols.list()) });
          quotes = await lake.readQuotes({ symbolTable: bars.symbols });
          assertSameBars(market.frame, bars);
        } finally {
          lake.close();
        }

        stage('validating (strict, NYSE calendar)');
        const calendar = calendarByName('nyse');
        const validation = validateBars(bars, { mode: 'strict', calendar });

        const lastTs = bars.ts.reduce((m, x) => Math.max(m, x), 0);
        const adjusted = adjustBars(bars, market.corporateActions, lastTs + BAR_MICROS);

        const tradable = new Uint8Array(market.symbols.size);
        tradable.fill(1, market.firstStockId);
        const universe = {
          marketSymbol: market.indexId,
          sectorOf: market.sectors,
          sectorIndexSymbol: market.sectorIndexIds,
          tradable,
        };
        const engine = createLightgbmEngine();
        stage('features, labels, purged CV of LightGBM and the logistic baseline');
        const runOptions = defaultRunOptions(calendar, {
          seed,
          folds: Number(o.folds),
          label: { kind: 'fixedHorizon', horizonBars: market.options.horizonBars, threshold: 0 },
          stride: market.options.horizonBars,
          barIntervalUs: BAR_MICROS,
        });
        // Registration times are wall-clock facts about the registry, not market data.
        const registry = new ModelRegistry({ root: join(o.out, 'models'), clock: () => Date.now() * 1000 });
        let run: TrainingRunResult;
        let manifest: ModelManifest;
        let adversarial: AdversarialResult | undefined;
        try {
          run = await runTraining(adjusted, quotes, universe, engine, runOptions);
          stage('adversarial validation and registration');
          ({ manifest, adversarial } = await registerTrainingRun(registry, run, {
            engine,
            label: runOptions.label,
            params: runOptions.gbdt,
            seed,
          }));
        } finally {
          await engine.close();
        }
        stage('offline feature store: write, then point-in-time join of the label events');
        const offline = await ParquetOfflineStore.open(join(o.out, 'lake'));
        let pit: { rows: number; events: number; identical: boolean };
        let parity: OnlineOfflineDiff;
        try {
          const fsCols = { hash: run.featureSetHash, columns: run.features.names };
          await offline.write(fsCols, adjusted.symbols, {
            symbolIds: adjusted.symbol,
            ts: adjusted.ts,
            knownAt: adjusted.knownAt,
            matrix: run.features.values,
            nCols: run.features.width,
          });
          // A sample is decided at its bar's close: the features known then are the bar's own.
          // Bars back-adjusted for an action announced after their close were not
          // knowable then; the join rightly answers differently for them, so they sit out.
          const rows = run.dataset.rows.filter((i) => adjusted.knownAt[i] === bars.knownAt[i]);
          const joined = await offline.pointInTimeJoin(fsCols, adjusted.symbols, {
            symbolIds: Int32Array.from(rows, (i) => adjusted.symbol[i]!),
            times: Float64Array.from(rows, (i) => adjusted.knownAt[i]!),
          });
          const w = run.features.width;
          let identical = true;
          for (let k = 0; k < rows.length && identical; k++) {
            const i = rows[k]!;
            for (let j = 0; j < w; j++) {
              if (!Object.is(joined.matrix[k * w + j], run.features.values[i * w + j])) identical = false;
            }
          }
          pit = { rows: adjusted.length, events: rows.length, identical };
          stage('online store: tick-by-tick streaming replay, compared with the offline rows');
          const online = await openOnlineStore(cfg);
          try {
            parity = await diffOnlineOffline(
              adjusted,
              resolveFeatureSet(runOptions.featureSet),
              featureContextOf(universe, quotes, BAR_MICROS, calendar),
              online,
              offline,
              { threads: cfg.features.streamThreads },
            );
          } finally {
            await online.teardown();
          }
        } finally {
          offline.close();
        }
        if (!parity.identical) {
          throw new DataError(
            ErrorCode.InvalidInput,
            'streaming (online) features differ from the offline store',
            {
              rule: `online = offline bit for bit; first: ${JSON.stringify(parity.differences[0] ?? 'a missing row')}`,
            },
          );
        }
        if (!pit.identical) {
          throw new DataError(
            ErrorCode.InvalidInput,
            'point-in-time join disagrees with the batch features',
            {
              rule: 'offline store returns exactly what was written',
            },
          );
        }
        // The planted signal's own AUC on exactly the samples the model was scored on: the ceiling.
        const oracle = Float64Array.from(run.dataset.rows, (i) => market.oracle[i]!);
        const oracleAuc = auc(oracle, run.dataset.label);
        const s = run.cv.lightgbm.summary;
        const b = run.cv.logistic.summary;
        const summary = {
          market: {
            symbols: market.symbols.size,
            days: market.sessions.length,
            bars: bars.length,
            pairs: market.pairs.length,
            corporateActions: market.corporateActions.length,
            seed,
          },
          lake: { root: join(o.out, 'lake'), roundTrip: 'bit-exact' },
          validation: {
            rows: validation.report.rows,
            errors: validation.report.errors,
            counts: validation.report.counts,
          },
          features: { set: DEFAULT_FEATURE_SET.name, hash: run.featureSetHash, columns: run.features.width },
          offlineStore: { rows: pit.rows, pointInTimeEvents: pit.events, matchesBatch: pit.identical },
          onlineStore: {
            kind: cfg.onlineStore.kind,
            streamThreads: cfg.features.streamThreads,
            ticks: parity.ticks,
            vectorsCompared: parity.vectorsCompared,
            identicalToOffline: parity.identical,
          },
          samples: { rows: run.dataset.nRows, label: '5-bar direction (forward log return > 0)' },
          cv: {
            scheme: `purged ${o.folds}-fold, embargo 1 %`,
            lightgbm: s,
            logistic: b,
            oracleAuc,
          },
          model: {
            version: manifest.version,
            registry: registry.root,
            adversarialAuc: manifest.adversarialAuc,
            mostShifted: adversarial?.topFeatures.slice(0, 3).map((f) => f.name) ?? [],
          },
          topFeatures: topImportance(run, 8),
          seconds: {
            ...Object.fromEntries(Object.entries(run.timings).map(([k, v]) => [k, v / 1000])),
            total: (performance.now() - t0) / 1000,
          },
        };
        run.model.dispose();
        emit(o, summary, (r) =>
          [
            `market     ${r.market.symbols} symbols × ${r.market.days} days = ${r.market.bars} bars (seed ${r.market.seed}), ${r.market.pairs} planted pairs, ${r.market.corporateActions} corporate actions`,
            `lake       ${r.lake.root}: round trip ${r.lake.roundTrip}`,
            `validation ${r.validation.rows} rows, ${r.validation.errors} errors (gaps ${r.validation.counts.gap}, spikes ${r.validation.counts.spike})`,
            `features   ${r.features.columns} columns, set '${r.features.set}' ${r.features.hash.slice(0, 12)}`,
            `store      ${r.offlineStore.rows} feature rows offline; PIT join of ${r.offlineStore.pointInTimeEvents} label events = batch features: ${r.offlineStore.matchesBatch}`,
            `online     ${r.onlineStore.vectorsCompared} streamed vectors over ${r.onlineStore.ticks} ticks (${r.onlineStore.streamThreads} worker threads) via the ${r.onlineStore.kind} store = offline rows: ${r.onlineStore.identicalToOffline}`,
            `samples    ${r.samples.rows} (${r.samples.label})`,
            `CV         ${r.cv.scheme}`,
            `           model      AUC     PR-AUC  logloss  acc     rankIC (t)`,
            ...(['lightgbm', 'logistic'] as const).map((m) => {
              const x = r.cv[m];
              return `           ${m.padEnd(10)} ${x.auc.toFixed(4)}  ${x.prAuc.toFixed(4)}  ${x.logLoss.toFixed(4)}   ${x.accuracy.toFixed(4)}  ${x.rankIcMean.toFixed(4)} (${x.rankIcTStat.toFixed(1)})`;
            }),
            `           oracle AUC (planted signal, same samples) ${r.cv.oracleAuc.toFixed(4)}`,
            `model      ${r.model.version} in ${r.model.registry} (adversarial AUC recent vs older window ${r.model.adversarialAuc?.toFixed(3) ?? 'n/a'}, most shifted: ${r.model.mostShifted.join(', ')})`,
            `top gain   ${r.topFeatures.map((f) => `${f.feature} ${(100 * f.gain).toFixed(1)}%`).join(', ')}`,
            `time       ${r.seconds.total.toFixed(1)} s`,
          ].join('\n'),
        );
      }),
    );
}
