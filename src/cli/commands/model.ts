/** `alphaflow train`, `alphaflow tune`, `alphaflow models list|show|promote|rollback`. */
import type { Command } from 'commander';
import { calendarByName } from '../../data/calendar/index.js';
import type { CalendarName } from '../../data/calendar/types.js';
import { tuneGbdt } from '../../engine/gbdtTuning.js';
import { registerTrainingRun } from '../../engine/registerRun.js';
import { featureContextOf, loadResearchData } from '../../engine/researchData.js';
import { defaultRunOptions, runTraining } from '../../engine/trainingRun.js';
import { computeFeatures } from '../../features/batch.js';
import { DEFAULT_FEATURE_SET } from '../../features/defaultFeatureSet.js';
import { fixedHorizonLabels } from '../../labels/fixedHorizon.js';
import { purgedKFoldSplits } from '../../model/cv/purgedKFold.js';
import { buildDataset } from '../../model/dataset.js';
import { createLightgbmEngine } from '../../model/lightgbm/index.js';
import { ModelRegistry } from '../../model/registry/index.js';
import { emit, log } from '../output.js';
import { action, type CommonOptions, configFrom, withCommonOptions } from './common.js';

interface TrainOptions extends CommonOptions {
  market?: string;
  folds: string;
  horizon: string;
  calendar: CalendarName;
  seed?: string;
  models?: string;
}

interface TuneOptions extends TrainOptions {
  trials: string;
  parallel: string;
  study?: string;
}

function registryFor(o: CommonOptions & { models?: string }): ModelRegistry {
  const cfg = configFrom(o);
  // Registration times are wall-clock facts about the registry, not market data.
  return new ModelRegistry({ root: o.models ?? cfg.models.root, clock: () => Date.now() * 1000 });
}

function withTrainOptions(cmd: Command): Command {
  return withCommonOptions(cmd)
    .option('--market <symbol>', 'market index symbol (lakes without synthetic metadata)')
    .option('--folds <n>', 'purged k-fold folds', '5')
    .option('--horizon <bars>', 'label horizon, bars', '5')
    .option('--calendar <name>', 'trading calendar of the bars', 'nyse')
    .option('--seed <n>', 'seed (default: config seed)')
    .option('--models <dir>', 'model registry folder (overrides config)');
}

export function registerModelCommands(program: Command): void {
  withTrainOptions(
    program
      .command('train')
      .description(
        'train LightGBM with purged CV on the lake, compare to the logistic baseline, register the model',
      ),
  ).action(
    action<TrainOptions, []>(async (o) => {
      const cfg = configFrom(o);
      const seed = o.seed === undefined ? cfg.seed : Number(o.seed);
      log(`loading ${cfg.lake.root}`);
      const data = await loadResearchData({
        lakeRoot: cfg.lake.root,
        ...(o.market ? { market: o.market } : {}),
      });
      const opts = defaultRunOptions(calendarByName(o.calendar), {
        seed,
        folds: Number(o.folds),
        label: { kind: 'fixedHorizon', horizonBars: Number(o.horizon), threshold: 0 },
        stride: Number(o.horizon),
      });
      const engine = createLightgbmEngine();
      try {
        log('features, labels, cross-validation, final fit');
        const run = await runTraining(data.bars, data.quotes, data.universe, engine, opts);
        const { manifest } = await registerTrainingRun(registryFor(o), run, {
          engine,
          label: opts.label,
          params: opts.gbdt,
          seed,
        });
        run.model.dispose();
        const result = {
          version: manifest.version,
          samples: run.dataset.nRows,
          featureSetHash: run.featureSetHash,
          adversarialAuc: manifest.adversarialAuc,
          lightgbm: run.cv.lightgbm.summary,
          logistic: run.cv.logistic.summary,
        };
        emit(o, result, (r) =>
          [
            `registered ${r.version} (${r.samples} samples, feature set ${r.featureSetHash.slice(0, 12)})`,
            `CV AUC lightgbm ${r.lightgbm.auc.toFixed(4)}, logistic ${r.logistic.auc.toFixed(4)}; adversarial AUC ${r.adversarialAuc?.toFixed(3) ?? 'n/a'}`,
          ].join('\n'),
        );
      } finally {
        await engine.close();
      }
    }),
  );

  withTrainOptions(
    program
      .command('tune')
      .description('TPE search of LightGBM parameters with purged-CV AUC (median pruning between folds)'),
  )
    .option('--trials <n>', 'trials to run', '20')
    .option('--parallel <n>', 'trials at once (each trains in its own worker thread)', '2')
    .option('--study <file>', 'study journal (JSON lines); resumes when it exists')
    .action(
      action<TuneOptions, []>(async (o) => {
        const cfg = configFrom(o);
        const seed = o.seed === undefined ? cfg.seed : Number(o.seed);
        const horizon = Number(o.horizon);
        const data = await loadResearchData({
          lakeRoot: cfg.lake.root,
          ...(o.market ? { market: o.market } : {}),
        });
        const opts = defaultRunOptions(calendarByName(o.calendar), { seed });
        const features = computeFeatures(
          data.bars,
          DEFAULT_FEATURE_SET,
          featureContextOf(data.universe, data.quotes, opts.barIntervalUs, opts.calendar),
        );
        const labels = fixedHorizonLabels(data.bars, { horizon, threshold: 0 });
        const ds = buildDataset(data.bars, features, labels, {
          stride: horizon,
          warmup: opts.warmup,
          tradable: data.universe.tradable,
        });
        const splits = purgedKFoldSplits(ds.t0, ds.t1, {
          nSplits: Number(o.folds),
          embargo: { fraction: opts.embargoFraction },
        });
        const { study, seconds } = await tuneGbdt(ds, splits, createLightgbmEngine, {
          trials: Number(o.trials),
          parallel: Number(o.parallel),
          seed,
          ...(o.study ? { storage: o.study } : {}),
          onTrial: (t) => log(`trial ${t.number}: ${t.state} ${t.value?.toFixed(4) ?? ''}`),
        });
        const best = study.bestTrial;
        emit(
          o,
          {
            trials: study.trials.length,
            best: { number: best.number, auc: best.value, params: best.params },
            seconds,
            trialsPerMinute: (60 * Number(o.trials)) / seconds,
          },
          (r) =>
            `best trial ${r.best.number}: AUC ${r.best.auc?.toFixed(4)} with ${JSON.stringify(r.best.params)} (${r.trials} trials, ${r.trialsPerMinute.toFixed(1)}/min)`,
        );
      }),
    );

  const models = program.command('models').description('the model registry: list, show, promote, rollback');
  withCommonOptions(
    models.command('list').description('registered versions').option('--models <dir>', 'registry folder'),
  ).action(
    action<CommonOptions & { models?: string }, []>(async (o) => {
      const reg = registryFor(o);
      const list = reg.list();
      const prod = reg.production();
      emit(
        o,
        {
          production: prod,
          versions: list.map((m) => ({
            version: m.version,
            kind: m.kind,
            featureSetHash: m.featureSetHash,
            auc: m.cvMetrics['lightgbm.auc'],
            adversarialAuc: m.adversarialAuc,
          })),
        },
        (r) =>
          r.versions
            .map(
              (v) =>
                `${v.version === r.production ? '*' : ' '} ${v.version} ${v.kind} auc=${v.auc?.toFixed(4)} fs=${v.featureSetHash.slice(0, 12)}`,
            )
            .join('\n') || '(empty)',
      );
    }),
  );
  withCommonOptions(
    models
      .command('show')
      .argument('<version>')
      .description("one version's manifest")
      .option('--models <dir>', 'registry folder'),
  ).action(
    action<CommonOptions & { models?: string }, [string]>(async (version, o) => {
      const m = registryFor(o).get(version);
      emit(o, m, (x) => JSON.stringify(x, null, 2));
    }),
  );
  withCommonOptions(
    models
      .command('promote')
      .argument('<version>')
      .description('make a version the production model')
      .option('--models <dir>', 'registry folder'),
  ).action(
    action<CommonOptions & { models?: string }, [string]>(async (version, o) => {
      registryFor(o).promote(version);
      emit(o, { production: version }, (r) => `production → ${r.production}`);
    }),
  );
  withCommonOptions(
    models
      .command('rollback')
      .description('back to the previously promoted version')
      .option('--models <dir>', 'registry folder'),
  ).action(
    action<CommonOptions & { models?: string }, []>(async (o) => {
      const v = registryFor(o).rollback();
      emit(o, { production: v }, (r) => `production → ${r.production}`);
    }),
  );
}
