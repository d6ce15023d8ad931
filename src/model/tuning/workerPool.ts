/**
 * A fixed pool of worker threads that evaluate trials. Functions cannot cross
 * threads, so the objective is named by module + export and each worker
 * imports it. Workers start through core/moduleWorker.ts (tsx's loader
 * first when run from source), the same under vitest and under `tsx`.
 * A worker that dies mid-trial fails that trial and is replaced.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { ConfigError } from '../../core/errors.js';
import { siblingModule, startModuleWorker } from '../../core/moduleWorker.js';
import type { TrialOutcome, TrialTask } from './trial.js';

/** Objective for worker threads: `exportName` of the module at `module` (path or file URL). */
export interface WorkerObjective {
  readonly module: string | URL;
  readonly exportName: string;
}

/** What a worker receives as workerData. */
export interface WorkerInit {
  readonly moduleUrl: string;
  readonly exportName: string;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'outcome'; outcome: TrialOutcome };

interface Slot {
  worker: Worker;
  task: TrialTask | null;
  resolve: ((o: TrialOutcome) => void) | null;
  /** Settles when the worker has loaded the objective. */
  ready: Promise<void>;
  loaded: boolean;
  /** The uncaught error that killed the worker, if any. */
  lastError: string | null;
}

const ENTRY = siblingModule(import.meta.url, 'workerEntry');

function spawn(init: WorkerInit): Worker {
  return startModuleWorker(ENTRY, init);
}

export class TrialWorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;

  private constructor(private readonly init: WorkerInit) {}

  /** Starts `size` workers and waits until each has loaded the objective (ConfigError when one cannot). */
  static async start(source: WorkerObjective, size: number): Promise<TrialWorkerPool> {
    const moduleUrl =
      source.module instanceof URL
        ? source.module.href
        : source.module.startsWith('file:')
          ? source.module
          : pathToFileURL(resolve(source.module)).href;
    const pool = new TrialWorkerPool({ moduleUrl, exportName: source.exportName });
    for (let i = 0; i < size; i++) pool.slots.push(pool.newSlot());
    try {
      await Promise.all(pool.slots.map((s) => s.ready));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private newSlot(): Slot {
    const worker = spawn(this.init);
    const slot: Slot = {
      worker,
      task: null,
      resolve: null,
      ready: Promise.resolve(),
      loaded: false,
      lastError: null,
    };
    slot.ready = new Promise<void>((ok, fail) => {
      worker.on('error', (err: Error) => {
        slot.lastError = err.message;
        if (!slot.loaded) {
          fail(
            new ConfigError(`tuning worker could not load ${this.init.moduleUrl}: ${err.message}`, {
              cause: err,
            }),
          );
        }
      });
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          slot.loaded = true;
          ok();
        } else if (m.type === 'fatal') {
          fail(new ConfigError(`tuning worker could not load the objective: ${m.message}`));
        } else {
          const done = slot.resolve;
          slot.task = null;
          slot.resolve = null;
          done?.(m.outcome);
        }
      });
      // An uncaught error kills the worker: fail its trial and put a fresh worker in its place.
      worker.on('exit', () => this.onExit(slot));
    });
    // Keep an early exit from surfacing as an unhandled rejection before start() awaits it.
    slot.ready.catch(() => undefined);
    return slot;
  }

  private onExit(slot: Slot): void {
    const { task, resolve: done } = slot;
    // A worker that never loaded already rejected `ready`; respawning it would loop.
    if (this.closed || !slot.loaded) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.newSlot();
    if (task !== null && done !== null) {
      done({
        number: task.number,
        state: 'failed',
        value: null,
        intermediate: [],
        error: slot.lastError === null ? 'tuning worker exited' : `tuning worker exited: ${slot.lastError}`,
      });
    }
  }

  /** Runs one trial on an idle worker (the caller keeps at most `size` trials in flight). */
  async run(task: TrialTask): Promise<TrialOutcome> {
    const slot = this.slots.find((s) => s.task === null);
    if (slot === undefined) throw new RangeError('no idle tuning worker: more trials in flight than workers');
    slot.task = task;
    await slot.ready;
    return new Promise<TrialOutcome>((ok) => {
      slot.resolve = ok;
      slot.worker.postMessage(task);
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
