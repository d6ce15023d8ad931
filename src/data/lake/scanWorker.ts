/**
 * Entry of a lake scan worker thread: its own DuckDB instance reads the
 * file groups it is sent and copies their rows into the caller's columns on
 * SharedArrayBuffer (partitionScan.ts `readGroup`), so DuckDB's per-chunk
 * hand-over and the copying leave the caller's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { type GroupJob, readGroup } from './partitionScan.js';

/** What the pool sends: the groups this worker reads at once, one connection each. */
export interface ScanRequest {
  jobs: GroupJob[];
}

export type ScanReply = { ok: true } | { ok: false; message: string };

const port = parentPort!;
const { threads, connections } = workerData as { threads: number; connections: number };
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conns = await Promise.all(Array.from({ length: connections }, () => db.connect()));

port.on('message', async (msg: ScanRequest | 'close') => {
  if (msg === 'close') {
    // Closed here, not by terminate(): DuckDB's native objects torn down with
    // a live thread can abort the whole process.
    for (const c of conns) c.closeSync();
    db.closeSync();
    port.close();
    return;
  }
  const { jobs } = msg;
  const settled = await Promise.allSettled(jobs.map((job, i) => readGroup(conns[i]!, job)));
  const failed = settled.find((s) => s.status === 'rejected');
  const reply: ScanReply =
    failed === undefined
      ? { ok: true }
      : {
          ok: false,
          message: failed.reason instanceof Error ? failed.reason.message : String(failed.reason),
        };
  port.postMessage(reply);
});
