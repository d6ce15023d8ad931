/**
 * Worker threads that read lake file groups (scanWorker.ts), kept alive
 * across reads because starting one (its own DuckDB, tsx's loader under
 * TypeScript) costs more than a read. Workers start through
 * core/moduleWorker.ts (tsx's loader first when run from source).
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startModuleWorker } from '../../core/moduleWorker.js';
import type { GroupJob, GroupReader } from './partitionScan.js';
import type { ScanReply, ScanRequest } from './scanWorker.js';

const ENTRY = siblingModule(import.meta.url, 'scanWorker');

/** Per-worker DuckDB setup. */
export interface ScanWorkerOptions {
  /** Worker threads. */
  workers: number;
  /** DuckDB threads of each worker's instance. */
  threads: number;
  /** File groups each worker reads at once (one connection each): overlaps DuckDB's decoding with copying. */
  connections: number;
  /** Scans of fewer rows stay on the calling thread. */
  minRows: number;
}

interface Slot {
  worker: Worker;
  settle: ((reply: ScanReply) => void) | null;
}

/** A fixed pool of scan workers; `read` sends each worker its share of the groups. */
export class ScanWorkerPool implements GroupReader {
  readonly size: number;
  readonly minRows: number;
  /** Started on the first scan that needs them: most reads are small. */
  private readonly slots: Slot[] = [];
  private closed = false;
  /**
   * A lake left open must still let its process end cleanly: when nothing
   * else is left to run, close the workers the graceful way.
   */
  private readonly closeAtExit = (): void => this.close();

  constructor(private readonly opts: ScanWorkerOptions) {
    this.size = opts.workers * opts.connections;
    this.minRows = opts.minRows;
  }

  /** Reads `jobs` (at most `size`), `connections` per worker; rejects with the first failure's message. */
  async read(jobs: readonly GroupJob[]): Promise<void> {
    const c = this.opts.connections;
    if (this.slots.length === 0) process.once('beforeExit', this.closeAtExit);
    while (this.slots.length < this.opts.workers) this.slots.push(this.spawn());
    const replies = await Promise.all(
      this.slots.map((slot, w) => {
        const mine = jobs.slice(w * c, (w + 1) * c);
        return mine.length === 0 ? ({ ok: true } as const) : this.request(slot, { jobs: mine });
      }),
    );
    for (const r of replies) if (!r.ok) throw new Error(r.message);
  }

  /** Stops the workers once their DuckDB is closed (the process waits for that). */
  close(): void {
    process.off('beforeExit', this.closeAtExit);
    if (this.closed) return;
    this.closed = true;
    for (const s of this.slots) {
      s.worker.ref();
      s.worker.postMessage('close');
    }
  }

  private request(slot: Slot, req: ScanRequest): Promise<ScanReply> {
    return new Promise((resolve) => {
      slot.settle = resolve;
      slot.worker.ref();
      slot.worker.postMessage(req);
    });
  }

  private spawn(): Slot {
    const data = { threads: this.opts.threads, connections: this.opts.connections };
    const worker = startModuleWorker(ENTRY, data);
    const slot: Slot = { worker, settle: null };
    const finish = (reply: ScanReply): void => {
      const settle = slot.settle;
      slot.settle = null;
      worker.unref();
      settle?.(reply);
    };
    worker.on('message', finish);
    worker.on('error', (err) => finish({ ok: false, message: `lake scan worker failed: ${err.message}` }));
    worker.on('exit', (code) => {
      finish({ ok: false, message: `lake scan worker exited with code ${code}` });
      // A dead worker is replaced so later reads still have it.
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.spawn();
    });
    // An idle worker must not keep the process alive; a busy one must. After
    // the listeners: attaching a 'message' listener refs the worker's port again.
    worker.unref();
    return slot;
  }
}
