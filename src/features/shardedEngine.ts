/**
 * The streaming FeatureEngine split by symbol over worker threads, for
 * universe ticks: each worker owns the streams of its symbols (a symbol is the
 * partition key, as everywhere in alphaflow) and runs the ordinary engine on
 * them, so values are the single engine's bit for bit. A tick's bars and its
 * feature vectors sit in SharedArrayBuffers: the caller writes rows into
 * `input`, `tick(count)` wakes the workers through Atomics and resolves when
 * every row's vector is in `vectors`. Nothing is copied or posted per tick.
 *
 * Why threads: a tick of thousands of symbols is bound by memory latency (each
 * symbol's state is cold by the time its next bar comes), which a second core
 * hides almost as well as it would add arithmetic (see bench/features.bench.ts).
 *
 * A tick is all or nothing: its rows are checked on the calling thread against
 * the engine's input rules before any worker sees them (a rejected tick leaves
 * every stream as it was). Snapshots have FeatureEngine's format and bytes: a
 * single engine restores a sharded engine's snapshot and the other way round.
 * Built-in indicators only (workers resolve the feature set from its tokens).
 * Run the process with `--no-memory-reducer` for steady ticks (docs/latency.md).
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { DataError, ErrorCode } from '../core/errors.js';
import { siblingModule, startModuleWorker } from '../core/moduleWorker.js';
import { checkBar, firstBadTickRow } from './barRules.js';
import { FeatureEngine, grow } from './engine.js';
import type { FeatureSet, ResolvedFeatureSet } from './featureSet.js';
import { emptyFeatureInput, type FeatureInput } from './indicator.js';
import { INPUT_COLUMNS, InputBlock } from './inputBlock.js';

const ENTRY = siblingModule(import.meta.url, 'shardWorker');

/** Control words (Int32Array over a SharedArrayBuffer). */
export const CTL_SEQ = 0;
export const CTL_COMMAND = 1;
export const CTL_COUNT = 2;
export const CTL_DONE = 3;
/** Then one word per worker (CTL_STATUS + shard): how its last command ended, a ShardStatus. */
export const CTL_STATUS = 4;

/** Written by a worker before it counts itself done; for anything but Ok it has posted the error first. */
export const ShardStatus = { Ok: 0, Refused: 1, Failed: 2 } as const;

/** Commands in CTL_COMMAND. Stage restores the posted snapshot into a spare engine; Commit swaps it in, Abort drops it. */
export const ShardCommand = {
  Tick: 1,
  Snapshot: 2,
  Stage: 3,
  Commit: 4,
  Abort: 5,
  Reset: 6,
  Close: 7,
} as const;
export type ShardCommand = (typeof ShardCommand)[keyof typeof ShardCommand];

/** Symbols are dealt to workers in runs of this many ids, so neighbouring rows of `vectors` mostly share a writer. */
const SYMBOL_RUN = 8;

/** The worker that owns `symbolId`'s stream. */
export function shardOf(symbolId: number, shards: number): number {
  return Math.floor(symbolId / SYMBOL_RUN) % shards;
}

/** What a worker is started with. */
export interface ShardWorkerData {
  /** The feature set in its declarative form (a resolved one holds functions, which cannot cross threads)… */
  featureSet: FeatureSet;
  /** …and the hash it must resolve to. */
  hash: string;
  shard: number;
  shards: number;
  capacity: number;
  control: SharedArrayBuffer;
  inputs: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  vectors: SharedArrayBuffer;
  /** Where the snapshot to stage arrives (transferred to the worker). */
  port: MessagePort;
}

/**
 * What a worker posts: ready after start, a snapshot, a snapshot it would not
 * stage (its state untouched), or the failure of a command (its state unknown).
 */
export type ShardReply =
  | { kind: 'ready' }
  | { kind: 'snapshot'; bytes: Uint8Array }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'failed'; code: string; message: string };

export interface ShardedEngineOptions {
  /** Worker threads (≥ 1). */
  shards: number;
  /** Most rows (symbols) one tick may hold. */
  capacity: number;
}

interface Shard {
  worker: Worker;
  /** Replies not yet taken, and the taker waiting for the next one. */
  inbox: ShardReply[];
  waiter: ((reply: ShardReply) => void) | null;
  /** Where restore bytes go (read synchronously by the worker). */
  port: MessagePort;
  /** Resolves when the thread has exited (for whatever reason). */
  exited: Promise<void>;
}

/** A FeatureEngine whose symbols live in worker threads; one tick at a time. */
export class ShardedFeatureEngine {
  readonly featureSet: ResolvedFeatureSet;
  readonly hash: string;
  readonly width: number;
  readonly columnNames: readonly string[];
  readonly shards: number;
  readonly capacity: number;
  /** The tick's bars, row i = the bar of symbolIds[i] (log columns are left to the workers). */
  readonly input: InputBlock;
  /** Symbol id of each row; strictly ascending within a tick. */
  readonly symbolIds: Int32Array;
  /** Sector id of each row (-1 = none). */
  readonly sectorIds: Int32Array;
  /** Feature vectors of the last tick, row-major capacity × width; row i is input row i. */
  readonly vectors: Float64Array;
  /** Holds the snapshot format and the feature-set checks; it keeps no streams. */
  private readonly format: FeatureEngine;
  private readonly control: Int32Array;
  private readonly parts: Shard[];
  /** Last accepted event time per symbol id, µs (NaN: none). */
  private lastTs: Float64Array = new Float64Array(0);
  private busy = false;
  private closed = false;
  /** Set once a worker failed mid-command: its streams may be half-updated, so the engine refuses further work. */
  private broken: Error | null = null;
  /** Set when a worker thread died (it will never count itself done). */
  private dead: Error | null = null;
  private readonly scratch: FeatureInput = emptyFeatureInput();
  private readonly closeAtExit = (): void => void this.close();

  private constructor(fs: FeatureSet | ResolvedFeatureSet, opts: ShardedEngineOptions) {
    if (!Number.isInteger(opts.shards) || opts.shards < 1)
      throw new RangeError(`shards must be an integer ≥ 1, got ${opts.shards}`);
    if (!Number.isInteger(opts.capacity) || opts.capacity < 1)
      throw new RangeError(`capacity must be an integer ≥ 1, got ${opts.capacity}`);
    this.format = new FeatureEngine(fs);
    this.featureSet = this.format.featureSet;
    this.hash = this.format.hash;
    this.width = this.format.width;
    this.columnNames = this.format.columnNames;
    this.shards = opts.shards;
    this.capacity = opts.capacity;
    const shared = {
      control: new SharedArrayBuffer(4 * (CTL_STATUS + opts.shards)),
      inputs: new SharedArrayBuffer(8 * INPUT_COLUMNS * opts.capacity),
      ids: new SharedArrayBuffer(8 * opts.capacity),
      vectors: new SharedArrayBuffer(8 * opts.capacity * this.width),
    };
    this.control = new Int32Array(shared.control);
    this.input = new InputBlock(opts.capacity, shared.inputs);
    this.symbolIds = new Int32Array(shared.ids, 0, opts.capacity);
    this.sectorIds = new Int32Array(shared.ids, 4 * opts.capacity, opts.capacity);
    this.vectors = new Float64Array(shared.vectors);
    this.parts = [];
    for (let shard = 0; shard < opts.shards; shard++) {
      const { port1, port2 } = new MessageChannel();
      const data: ShardWorkerData = {
        featureSet: {
          name: this.featureSet.name,
          version: this.featureSet.version,
          features: this.columnNames.slice(),
        },
        hash: this.hash,
        shard,
        shards: opts.shards,
        capacity: opts.capacity,
        ...shared,
        port: port2,
      };
      const worker = startModuleWorker(ENTRY, data, [port2]);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const part: Shard = { worker, inbox: [], waiter: null, port: port1, exited };
      // A dead worker never counts itself done: its failure also wakes a waiting command.
      const died = (message: string): void => {
        this.dead ??= new Error(`feature shard worker ${shard}: ${message}`);
        deliver(part, { kind: 'failed', code: 'E_WORKER', message });
        Atomics.notify(this.control, CTL_DONE);
      };
      worker.on('message', (reply: ShardReply) => deliver(part, reply));
      worker.on('error', (err) => died(err.message));
      worker.on('exit', (code) => {
        if (!this.closed) died(`exited with code ${code}`);
      });
      worker.unref();
      this.parts.push(part);
    }
  }

  /** Starts `opts.shards` workers for feature set `fs` and resolves once each has built its engine. */
  static async start(
    fs: FeatureSet | ResolvedFeatureSet,
    opts: ShardedEngineOptions,
  ): Promise<ShardedFeatureEngine> {
    const engine = new ShardedFeatureEngine(fs, opts);
    process.once('beforeExit', engine.closeAtExit);
    for (const p of engine.parts) p.worker.ref();
    try {
      await engine.collect('ready');
    } catch (err) {
      await engine.close();
      throw err;
    } finally {
      for (const p of engine.parts) p.worker.unref();
    }
    return engine;
  }

  /** Writes `bar` (ids included) into tick row i; the workers derive its logs. */
  setRow(i: number, bar: FeatureInput): void {
    this.input.setValues(i, bar);
    this.symbolIds[i] = bar.symbolId;
    this.sectorIds[i] = bar.sectorId;
  }

  /**
   * Updates every symbol of rows [0, count) with its bar and fills their rows
   * of `vectors`. Throws the engine's typed input error (with the row, 1-based)
   * before anything changes when a row breaks a rule or the ids do not ascend.
   */
  async tick(count: number): Promise<void> {
    this.usable();
    if (!(count >= 0 && count <= this.capacity && Number.isInteger(count)))
      throw new RangeError(`tick of ${count} rows; this engine holds 0..${this.capacity}`);
    const bad = firstBadTickRow(this.symbolIds, this.input, count, this.lastTs);
    if (bad < count) throw this.rejection(bad);
    await this.command(ShardCommand.Tick, count);
    const maxId = count > 0 ? this.symbolIds[count - 1]! : -1;
    this.lastTs = grow(this.lastTs, maxId + 1);
    const { ts } = this.input;
    for (let i = 0; i < count; i++) this.lastTs[this.symbolIds[i]!] = ts[i]!;
  }

  /** Event time of the last accepted bar of `symbolId`, epoch µs; NaN before its first. */
  lastEventTime(symbolId: number): number {
    return symbolId < this.lastTs.length ? this.lastTs[symbolId]! : Number.NaN;
  }

  /** Throws E_FEATURE_SET_MISMATCH unless `expected` is this engine's feature-set hash. */
  assertFeatureSetHash(expected: string): void {
    this.format.assertFeatureSetHash(expected);
  }

  /** Every symbol's state in FeatureEngine's snapshot format (the same bytes a single engine would give). */
  async snapshot(): Promise<Uint8Array> {
    this.usable();
    const replies = await this.command(ShardCommand.Snapshot, 0, true);
    return this.format.mergeSnapshots(
      replies.map((r) => (r.kind === 'snapshot' ? r.bytes : new Uint8Array())),
    );
  }

  /**
   * Replaces every symbol's state with a FeatureEngine (or sharded) snapshot's.
   * All or nothing: each worker stages its symbols first, and only when every
   * one could are they swapped in; otherwise the engine keeps its state and
   * this throws the engine's typed error (E_FEATURE_SET_MISMATCH, E_CORRUPT_FILE).
   */
  async restore(bytes: Uint8Array): Promise<void> {
    this.usable();
    const lastTs = this.format.snapshotEventTimes(bytes);
    for (const part of this.parts) part.port.postMessage(bytes);
    const refused = await this.command(ShardCommand.Stage, 0);
    if (refused.length > 0) {
      await this.command(ShardCommand.Abort, 0);
      throw workerError(refused[0]!);
    }
    await this.command(ShardCommand.Commit, 0);
    this.lastTs = lastTs;
  }

  /** Forgets every symbol. */
  async reset(): Promise<void> {
    this.usable();
    await this.command(ShardCommand.Reset, 0);
    this.lastTs = new Float64Array(0);
  }

  /** Stops the workers; the engine is unusable afterwards. */
  async close(): Promise<void> {
    process.off('beforeExit', this.closeAtExit);
    if (this.closed) return;
    this.closed = true;
    // Unref'd workers would let the process end before their exit events come.
    for (const p of this.parts) p.worker.ref();
    Atomics.store(this.control, CTL_COMMAND, ShardCommand.Close);
    Atomics.add(this.control, CTL_SEQ, 1);
    Atomics.notify(this.control, CTL_SEQ);
    for (const p of this.parts) p.port.close();
    await Promise.all(this.parts.map((p) => p.exited));
  }

  private usable(): void {
    if (this.closed) throw new Error('sharded feature engine is closed');
    if (this.broken !== null) throw this.broken;
    if (this.busy) throw new Error('sharded feature engine: one command at a time (await the previous tick)');
  }

  /**
   * Runs one command on every worker and resolves when all are done: with every
   * worker's reply when `replies` (snapshots), else with the refusals (a staged
   * restore the worker would not take; its state is untouched). A failure, or a
   * worker that died, makes the engine refuse further work: its streams may be
   * half-updated.
   */
  private async command(cmd: ShardCommand, count: number, replies = false): Promise<ShardReply[]> {
    const ctl = this.control;
    this.busy = true;
    for (const p of this.parts) p.worker.ref();
    try {
      Atomics.store(ctl, CTL_COMMAND, cmd);
      Atomics.store(ctl, CTL_COUNT, count);
      Atomics.store(ctl, CTL_DONE, 0);
      Atomics.add(ctl, CTL_SEQ, 1);
      Atomics.notify(ctl, CTL_SEQ);
      for (;;) {
        const done = Atomics.load(ctl, CTL_DONE);
        if (done >= this.shards || this.dead !== null) break;
        const wait = Atomics.waitAsync(ctl, CTL_DONE, done);
        if (wait.async) await wait.value;
      }
      if (this.dead !== null) throw (this.broken = this.dead);
      // Replies are posted before the status is set, but arrive through the event loop: await them.
      const refusals: ShardReply[] = [];
      for (let k = 0; k < this.shards; k++) {
        const status = Atomics.load(ctl, CTL_STATUS + k);
        if (status === ShardStatus.Failed) throw (this.broken = workerError(await this.next(this.parts[k]!)));
        if (status === ShardStatus.Refused) refusals.push(await this.next(this.parts[k]!));
      }
      return replies ? await this.collect('snapshot') : refusals;
    } finally {
      this.busy = false;
      for (const p of this.parts) p.worker.unref();
    }
  }

  /** One reply of `kind` from every worker, in shard order; a failure instead rejects. */
  private async collect(kind: ShardReply['kind']): Promise<ShardReply[]> {
    const got = await Promise.all(this.parts.map((p) => this.next(p)));
    const failed = got.find((r) => r.kind !== kind);
    if (failed !== undefined) throw workerError(failed);
    return got;
  }

  /** The worker's next reply (callers keep the worker ref'd while they wait). */
  private next(part: Shard): Promise<ShardReply> {
    const r = part.inbox.shift();
    if (r !== undefined) return Promise.resolve(r);
    return new Promise((resolve) => {
      part.waiter = resolve;
    });
  }

  /** The typed error of row `i`, which firstBadTickRow refused. */
  private rejection(i: number): DataError {
    const s = this.symbolIds[i]!;
    if (i > 0 && s <= this.symbolIds[i - 1]!) {
      return new DataError(
        ErrorCode.InvalidInput,
        `tick row ${i + 1}: symbol id ${s} after ${this.symbolIds[i - 1]} (one bar per symbol, ids ascending)`,
        { row: i + 1, column: 'symbolId', rule: 'symbol ids of a tick strictly ascend' },
      );
    }
    const input = this.scratch;
    this.input.getRow(i, input);
    input.symbolId = s;
    try {
      checkBar(s, input, this.lastEventTime(s));
    } catch (err) {
      if (err instanceof DataError)
        return new DataError(err.code, `tick row ${i + 1}: ${err.message}`, { row: i + 1, cause: err });
      throw err;
    }
    throw new Error(`tick row ${i + 1} was refused but passes checkBar`);
  }
}

function deliver(part: Shard, reply: ShardReply): void {
  const waiter = part.waiter;
  if (waiter !== null) {
    part.waiter = null;
    waiter(reply);
  } else {
    part.inbox.push(reply);
  }
}

/** The typed error a worker reported (its code kept), or one for a reply out of turn. */
function workerError(reply: ShardReply): Error {
  if (reply.kind !== 'failed' && reply.kind !== 'refused')
    return new Error(`feature shard worker replied '${reply.kind}' out of turn`);
  const message = `feature shard worker: ${reply.message}`;
  if (!(Object.values(ErrorCode) as string[]).includes(reply.code)) return new Error(message);
  return new DataError(reply.code as ErrorCode, message, { rule: 'feature shard workers run every command' });
}
