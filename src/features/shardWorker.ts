/**
 * Worker thread of ShardedFeatureEngine: owns the streams of the symbols
 * shardOf maps to it and runs the ordinary FeatureEngine on them. It sleeps in
 * Atomics.wait on the control word's sequence number, runs the command, and
 * counts itself done; replies other than "done" (snapshots, errors) are posted.
 * Restore bytes arrive on a MessagePort read synchronously, since a thread
 * blocked in Atomics.wait never runs its message handlers.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { AlphaflowError } from '../core/errors.js';
import { FeatureEngine } from './engine.js';
import { emptyFeatureInput } from './indicator.js';
import { InputBlock } from './inputBlock.js';
import {
  CTL_COMMAND,
  CTL_COUNT,
  CTL_DONE,
  CTL_SEQ,
  CTL_STATUS,
  ShardCommand,
  type ShardReply,
  ShardStatus,
  type ShardWorkerData,
  shardOf,
} from './shardedEngine.js';

const data = workerData as ShardWorkerData;
const post = (reply: ShardReply, transfer?: ArrayBuffer[]): void => parentPort!.postMessage(reply, transfer);
const failure = (kind: 'failed' | 'refused', err: unknown): ShardReply => ({
  kind,
  code: err instanceof AlphaflowError ? err.code : 'E_WORKER',
  message: err instanceof Error ? err.message : String(err),
});

let engine: FeatureEngine;
try {
  engine = new FeatureEngine(data.featureSet);
  engine.assertFeatureSetHash(data.hash);
} catch (err) {
  post(failure('failed', err));
  process.exit(1);
}
post({ kind: 'ready' });

const { shard, shards, capacity } = data;
const ctl = new Int32Array(data.control);
const cols = new InputBlock(capacity, data.inputs);
const symbolIds = new Int32Array(data.ids, 0, capacity);
const sectorIds = new Int32Array(data.ids, 4 * capacity, capacity);
const vectors = new Float64Array(data.vectors);
const width = engine.width;
const bar = emptyFeatureInput();
const mine = (s: number): boolean => shardOf(s, shards) === shard;
let staged: FeatureEngine | null = null;
// Sequence 0 is the start: the first command may be issued before this line runs, and must not be missed.
let seen = 0;

for (;;) {
  // A command is a new sequence number, not a wakeup: any notify wakes a waiter, and the caller's
  // notify for a command this worker already ran (the caller descheduled between its increment
  // and its notify) would otherwise run that command twice.
  while (Atomics.load(ctl, CTL_SEQ) === seen) Atomics.wait(ctl, CTL_SEQ, seen);
  seen = Atomics.load(ctl, CTL_SEQ);
  const command = Atomics.load(ctl, CTL_COMMAND);
  if (command === ShardCommand.Close) break;
  let status: number = ShardStatus.Ok;
  try {
    switch (command) {
      case ShardCommand.Tick: {
        const count = Atomics.load(ctl, CTL_COUNT);
        for (let i = 0; i < count; i++) {
          const s = symbolIds[i]!;
          if (!mine(s)) continue;
          cols.getRow(i, bar);
          bar.symbolId = s;
          bar.sectorId = sectorIds[i]!;
          engine.update(s, bar, vectors, i * width);
        }
        break;
      }
      case ShardCommand.Snapshot: {
        const bytes = engine.snapshot();
        post({ kind: 'snapshot', bytes }, [bytes.buffer as ArrayBuffer]);
        break;
      }
      case ShardCommand.Stage: {
        const bytes = receiveMessageOnPort(data.port)?.message as Uint8Array;
        staged = new FeatureEngine(data.featureSet);
        try {
          staged.restore(bytes, mine);
        } catch (err) {
          staged = null;
          post(failure('refused', err));
          status = ShardStatus.Refused;
        }
        break;
      }
      case ShardCommand.Commit:
        if (staged !== null) engine = staged;
        staged = null;
        break;
      case ShardCommand.Abort:
        staged = null;
        break;
      case ShardCommand.Reset:
        engine.reset();
        break;
    }
  } catch (err) {
    post(failure('failed', err));
    status = ShardStatus.Failed;
  }
  Atomics.store(ctl, CTL_STATUS + shard, status);
  Atomics.add(ctl, CTL_DONE, 1);
  Atomics.notify(ctl, CTL_DONE);
}
