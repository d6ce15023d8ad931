/**
 * Trials: the record a study keeps per evaluated parameter set, the context
 * an objective sees while it runs (params, intermediate reports, pruning),
 * and `runTrial`, the one place an objective is called — in the main thread
 * or inside a worker thread alike.
 */
import type { PruneRule } from './medianPruner.js';
import { shouldPruneAt } from './medianPruner.js';
import type { Params } from './space.js';

export type Direction = 'minimize' | 'maximize';

export type TrialState = 'complete' | 'pruned' | 'failed';

/** One finished trial. */
export interface Trial {
  /** 0-based; fixes the trial's randomness and what it may see of other trials. */
  readonly number: number;
  readonly params: Readonly<Params>;
  readonly state: TrialState;
  /** Objective value when complete, else null. */
  readonly value: number | null;
  /** (step, value) pairs in report order, e.g. the running CV score after each fold. */
  readonly intermediate: ReadonlyArray<readonly [number, number]>;
  /** Wall time of the evaluation, ms. */
  readonly durationMs: number;
  /** Why a failed trial failed. */
  readonly error: string | null;
}

/** What the objective sees of its trial. */
export interface TrialContext {
  readonly number: number;
  readonly params: Readonly<Params>;
  /** Records the value after `step` (e.g. fold index); the pruner judges the latest report. */
  report(step: number, value: number): void;
  /** True when the latest report is bad enough to stop (then throw `new TrialPruned()`). */
  shouldPrune(): boolean;
}

/** An objective: the value to minimize or maximize for the trial's params. */
export type Objective = (trial: TrialContext) => Promise<number> | number;

/** Thrown by an objective to stop a trial the pruner rejected. */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}

/** A trial handed to an objective runner (plain data: it crosses to worker threads). */
export interface TrialTask {
  readonly number: number;
  readonly params: Params;
  readonly pruneRule: PruneRule | null;
}

/** How an evaluation ended (plain data: it crosses back from worker threads). */
export interface TrialOutcome {
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  readonly intermediate: Array<[number, number]>;
  readonly error: string | null;
}

/** Runs `objective` on one task; never throws — errors become a failed outcome. */
export async function runTrial(objective: Objective, task: TrialTask): Promise<TrialOutcome> {
  const intermediate: Array<[number, number]> = [];
  const ctx: TrialContext = {
    number: task.number,
    params: task.params,
    report(step, value) {
      if (!Number.isInteger(step) || step < 0)
        throw new RangeError(`step must be an integer ≥ 0, got ${step}`);
      if (intermediate.some(([s]) => s === step)) throw new RangeError(`step ${step} was already reported`);
      intermediate.push([step, value]);
    },
    shouldPrune() {
      const last = intermediate[intermediate.length - 1];
      return last !== undefined && shouldPruneAt(task.pruneRule, last[0], last[1]);
    },
  };
  const base = { number: task.number, intermediate };
  try {
    const value = await objective(ctx);
    // Non-finite values cannot be ranked (and JSON cannot hold them): Optuna fails NaN too.
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return { ...base, state: 'failed', value: null, error: `objective returned ${String(value)}` };
    }
    return { ...base, state: 'complete', value, error: null };
  } catch (err) {
    // By name, not instanceof: an objective module may hold its own copy of this class.
    if (err instanceof Error && err.name === 'TrialPruned')
      return { ...base, state: 'pruned', value: null, error: null };
    return { ...base, state: 'failed', value: null, error: err instanceof Error ? err.message : String(err) };
  }
}
