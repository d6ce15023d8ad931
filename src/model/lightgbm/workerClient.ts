/**
 * The training worker thread of one engine, so the caller's event loop keeps
 * turning while LightGBM works. The thread starts on first use and is kept
 * for later trainings (starting one costs a few hundred ms: the TypeScript
 * loader, koffi, the library); jobs run one at a time, in order. An idle
 * worker does not keep the process alive.
 *
 * Inputs are copied by structured clone, shared when they live in a
 * SharedArrayBuffer, or moved (transferred) on request.
 */
import type { Worker } from 'node:worker_threads';
import { ErrorCode, NativeError } from '../../core/errors.js';
import { siblingModule, startModuleWorker } from '../../core/moduleWorker.js';
import type { GbdtParams, ModelLogger, TrainData } from '../engine.js';
import type { TrainOutcome } from './train.js';
import { reviveError, type TrainRequest, type WorkerMessage } from './workerProtocol.js';

/** Per-job settings that stay on the caller's side (logger, signal) or shape the transfer. */
export interface WorkerJobOptions {
  validation: TrainData | undefined;
  logger: ModelLogger | undefined;
  signal: AbortSignal | undefined;
  transferInputs: boolean;
}

interface Job {
  request: TrainRequest;
  transferList: ArrayBuffer[];
  options: WorkerJobOptions;
  resolve: (o: TrainOutcome) => void;
  reject: (err: unknown) => void;
  onAbort: () => void;
}

const WORKER_URL = siblingModule(import.meta.url, 'worker');

/** One worker thread training jobs in order. */
export class TrainingWorker {
  private worker: Worker | undefined;
  private current: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly libraryPath: string) {}

  /** Trains in the worker; resolves with the outcome, rejects with the worker's typed error. */
  run(data: TrainData, params: GbdtParams, options: WorkerJobOptions): Promise<TrainOutcome> {
    return new Promise<TrainOutcome>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
      const job: Job = {
        request: {
          id: this.nextId++,
          libraryPath: this.libraryPath,
          data,
          validation: options.validation,
          params,
          cancelFlag,
        },
        transferList: options.transferInputs ? transferables([data, options.validation]) : [],
        options,
        resolve,
        reject,
        onAbort: () => {
          Atomics.store(cancelFlag, 0, 1);
          // A job still waiting in the queue is dropped right away.
          const at = this.queue.indexOf(job);
          if (at >= 0) {
            this.queue.splice(at, 1);
            reject(options.signal?.reason);
          }
        },
      };
      options.signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the thread; queued and running jobs are rejected. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    const closed = new NativeError(ErrorCode.Native, 'the LightGBM engine was closed', {
      rule: 'engine open',
    });
    for (const job of this.queue.splice(0)) this.finish(job, () => job.reject(closed));
    if (this.current !== undefined) {
      const job = this.current;
      this.current = undefined;
      this.finish(job, () => job.reject(closed));
    }
    if (w !== undefined) await w.terminate();
  }

  private pump(): void {
    if (this.current !== undefined) return;
    const job = this.queue.shift();
    if (job === undefined) {
      this.worker?.unref();
      return;
    }
    let w: Worker;
    try {
      w = this.worker ?? this.start();
      w.postMessage(job.request, job.transferList);
    } catch (err) {
      // The thread could not start, or the inputs cannot be cloned: fail this job, go on with the next.
      this.finish(job, () => job.reject(err));
      this.pump();
      return;
    }
    this.current = job;
    w.ref();
  }

  private start(): Worker {
    const w = startWorker();
    this.worker = w;
    w.on('message', (m: WorkerMessage) => this.onMessage(m));
    const lost = (why: string, cause?: unknown) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const job = this.current;
      this.current = undefined;
      if (job !== undefined) {
        this.finish(job, () =>
          job.reject(new NativeError(ErrorCode.Native, `training worker ${why}`, { cause })),
        );
      }
      this.pump();
    };
    w.on('error', (err) => lost(`failed: ${err.message}`, err));
    w.on('exit', (code) => lost(`exited with code ${code}`));
    return w;
  }

  private onMessage(m: WorkerMessage): void {
    const job = this.current;
    if (job === undefined || m.id !== job.request.id) return;
    if (m.kind === 'log') {
      try {
        job.options.logger?.(m.event);
      } catch (err) {
        // A throwing logger fails its job instead of becoming an uncaught exception of the process.
        Atomics.store(job.request.cancelFlag, 0, 1);
        job.reject(err);
      }
      return;
    }
    this.current = undefined;
    this.finish(job, () => {
      if (m.kind === 'done') job.resolve(m.outcome);
      else if (m.kind === 'error') job.reject(reviveError(m.error));
      else job.reject(job.options.signal?.reason ?? new DOMException('training was aborted', 'AbortError'));
    });
    this.pump();
  }

  private finish(job: Job, settle: () => void): void {
    job.options.signal?.removeEventListener('abort', job.onAbort);
    settle();
  }
}

/** Starts the training thread (see core/moduleWorker.ts). */
function startWorker(): Worker {
  return startModuleWorker(WORKER_URL);
}

/** ArrayBuffers that can be moved to the worker: whole, non-shared buffers behind the inputs. */
function transferables(sets: ReadonlyArray<TrainData | undefined>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const d of sets) {
    if (d === undefined) continue;
    for (const a of [d.X, d.y, d.weight]) {
      if (a === undefined || !(a.buffer instanceof ArrayBuffer)) continue;
      if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
    }
  }
  return [...out];
}
