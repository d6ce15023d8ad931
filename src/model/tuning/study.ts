/**
 * A tuning study: asks the TPE sampler for params, runs the objective (in
 * this thread or on worker threads), applies the median pruner, keeps and
 * persists every finished trial, and resumes from its storage file.
 *
 * Reproducibility with parallel workers — the schedule: with parallelism P,
 * trial k
 *   1. draws its randomness from (seed, k) only;
 *   2. learns from exactly the trials numbered ≤ k − P (its "view"), and is
 *      not started before all of those have finished — a trial finishing
 *      early is never seen sooner than its number allows;
 *   3. treats the trials numbered k − P + 1 … k − 1 as running ("constant
 *      liar": their params are known, their results are not used), whether or
 *      not they have finished by then;
 *   4. gets a pruning rule built from the complete trials in its view.
 * So trial k's params are a pure function of (seed, P, the trials numbered
 * < k): the same seed gives the same params sequence whatever the timing, and
 * an interrupted study resumed with the same P continues exactly as an
 * uninterrupted one would. P = 1 is ordinary sequential TPE. The price: a
 * free worker may idle until trial k − P finishes.
 */
import { ConfigError, ErrorCode, ModelError } from '../../core/errors.js';
import type { MedianPrunerOptions } from './medianPruner.js';
import { medianPruneRule } from './medianPruner.js';
import type { Params, SearchSpace } from './space.js';
import { normalizeSpace } from './space.js';
import { StudyJournal } from './studyJournal.js';
import type { TpeOptions } from './tpeSampler.js';
import { TpeSampler } from './tpeSampler.js';
import type { Direction, Objective, Trial, TrialOutcome, TrialTask } from './trial.js';
import { runTrial } from './trial.js';
import type { WorkerObjective } from './workerPool.js';
import { TrialWorkerPool } from './workerPool.js';

export interface StudyOptions {
  readonly direction: Direction;
  readonly space: SearchSpace;
  /** Seed of every random draw of the study. */
  readonly seed: number;
  /** JSON-lines file that keeps the trials; re-opening it resumes the study. */
  readonly storage?: string;
  readonly sampler?: TpeOptions;
  /** Median pruner settings, or false for no pruning (default: Optuna's MedianPruner defaults). */
  readonly pruner?: MedianPrunerOptions | false;
  /** Monotonic clock in ms for trial durations (default `performance.now`). */
  readonly clock?: () => number;
}

export interface OptimizeOptions {
  /** New trials to run. */
  readonly nTrials: number;
  /** Trials in flight at once (worker threads for a WorkerObjective); default 1. */
  readonly parallelism?: number;
  /** Called after each trial is stored. */
  readonly onTrial?: (trial: Trial) => void;
}

/** An objective function (runs in this thread), or a module export run on worker threads. */
export type ObjectiveSource = Objective | WorkerObjective;

interface Runner {
  run(task: TrialTask): Promise<TrialOutcome>;
  close(): Promise<void>;
}

/** Opens a study, loading its earlier trials when `storage` exists. */
export function createStudy(opts: StudyOptions): Study {
  if (!Number.isInteger(opts.seed)) throw new ConfigError(`study seed must be an integer, got ${opts.seed}`);
  const space = normalizeSpace(opts.space);
  const header = { direction: opts.direction, seed: opts.seed, space };
  const opened = opts.storage === undefined ? null : StudyJournal.open(opts.storage, header);
  return new Study(opts, space, opened?.journal ?? null, opened?.trials ?? []);
}

export class Study {
  readonly direction: Direction;
  readonly seed: number;
  private readonly sampler: TpeSampler;
  private readonly pruner: MedianPrunerOptions | false;
  private readonly clock: () => number;
  /** Finished trials sorted by number. */
  private readonly done: Trial[];
  private busy = false;

  /** Use `createStudy`. */
  constructor(
    opts: StudyOptions,
    readonly space: SearchSpace,
    private readonly journal: StudyJournal | null,
    trials: Trial[],
  ) {
    this.direction = opts.direction;
    this.seed = opts.seed;
    this.sampler = new TpeSampler(space, opts.direction, opts.seed, opts.sampler);
    this.pruner = opts.pruner ?? {};
    this.clock = opts.clock ?? (() => performance.now());
    this.done = trials;
  }

  /** Finished trials, by number. */
  get trials(): readonly Trial[] {
    return this.done;
  }

  /** The complete trial with the best value (lowest number on ties); ModelError when none completed. */
  get bestTrial(): Trial {
    let best: Trial | undefined;
    const sign = this.direction === 'minimize' ? 1 : -1;
    for (const t of this.done) {
      if (t.state === 'complete' && (best === undefined || sign * (t.value! - best.value!) < 0)) best = t;
    }
    if (best === undefined) throw new ModelError(ErrorCode.NotFound, 'the study has no complete trial');
    return best;
  }

  get bestParams(): Readonly<Params> {
    return this.bestTrial.params;
  }

  /** Runs `nTrials` more trials, `parallelism` at a time, storing each as it finishes. */
  async optimize(objective: ObjectiveSource, opts: OptimizeOptions): Promise<void> {
    const lag = opts.parallelism ?? 1;
    if (!Number.isInteger(opts.nTrials) || opts.nTrials < 0)
      throw new ConfigError(`nTrials must be ≥ 0, got ${opts.nTrials}`);
    if (!Number.isInteger(lag) || lag < 1) throw new ConfigError(`parallelism must be ≥ 1, got ${lag}`);
    if (this.busy) throw new ConfigError('optimize() is already running on this study');
    this.busy = true;
    try {
      const runner: Runner =
        typeof objective === 'function'
          ? { run: (task) => runTrial(objective, task), close: async () => undefined }
          : await TrialWorkerPool.start(objective, lag);
      try {
        await this.schedule(runner, opts.nTrials, lag, opts.onTrial);
      } finally {
        await runner.close();
      }
    } finally {
      this.busy = false;
    }
  }

  private async schedule(
    runner: Runner,
    nTrials: number,
    lag: number,
    onTrial?: (t: Trial) => void,
  ): Promise<void> {
    const inFlight = new Map<number, { params: Params; done: Promise<Trial> }>();
    let next = this.done.length === 0 ? 0 : this.done[this.done.length - 1]!.number + 1;
    const end = next + nTrials;
    const oldestInFlight = (): number => {
      let m = Number.POSITIVE_INFINITY;
      for (const k of inFlight.keys()) m = Math.min(m, k);
      return m;
    };
    while (next < end || inFlight.size > 0) {
      // Trial `next` may start once every trial numbered ≤ next − lag has finished.
      while (next < end && oldestInFlight() > next - lag) {
        const k = next++;
        const task = this.ask(k, lag, inFlight);
        const t0 = this.clock();
        const done = runner
          .run(task)
          .then((o) => ({ ...o, params: task.params, durationMs: this.clock() - t0 }));
        inFlight.set(k, { params: task.params, done });
      }
      const finished = await Promise.race(Array.from(inFlight.values(), (f) => f.done));
      inFlight.delete(finished.number);
      this.store(finished);
      onTrial?.(finished);
    }
  }

  /** Trial k's task from its view (trials ≤ k − lag) and the params of trials k − lag + 1 … k − 1. */
  private ask(k: number, lag: number, inFlight: ReadonlyMap<number, { params: Params }>): TrialTask {
    const view = this.done.filter((t) => t.number <= k - lag);
    const running: Params[] = [];
    for (let j = Math.max(0, k - lag + 1); j < k; j++) {
      const p = inFlight.get(j)?.params ?? this.done.find((t) => t.number === j)?.params;
      if (p !== undefined) running.push(p as Params);
    }
    const params = this.sampler.sample(k, view, running);
    const pruneRule = this.pruner === false ? null : medianPruneRule(view, this.direction, this.pruner);
    return { number: k, params, pruneRule };
  }

  private store(t: Trial): void {
    this.journal?.append(t);
    let i = this.done.length;
    while (i > 0 && this.done[i - 1]!.number > t.number) i--;
    this.done.splice(i, 0, t);
  }
}
