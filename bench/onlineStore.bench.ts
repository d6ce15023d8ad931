/**
 * Online feature store read (issue 3): a 5,000-symbol universe × 40 columns
 * from memory, and from Redis on loopback (its own redis-server via the test
 * harness; one hash per symbol, one pipelined multi-get, packed f64 values),
 * under a real 64-hex feature-set hash. Run: npx tsx bench/onlineStore.bench.ts
 *
 * Latencies are taken as a scorer reads: once per tick, here a tick of
 * PACE_MS. Back-to-back reads on a shared 2-core box mostly time the OS
 * scheduler's slices (a read that spans a preemption waits for the other
 * processes), so those are reported too, without a target, next to the CPU
 * time each read costs (client; and the Redis server's mean from /proc).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Rng } from '../src/core/random.js';
import {
  allocateVectors,
  MemoryOnlineStore,
  type OnlineStore,
  RedisOnlineStore,
} from '../src/store/index.js';
import { redisServerPath, startRedisServer, warnRedisMissing } from '../test/harness/redis.js';
import { loadNote, quantile, report } from './report.js';

const UNIVERSE = 5_000;
const COLS = 40;
const HASH = createHash('sha256').update('bench online store').digest('hex');

interface Latencies {
  /** Wall time per read, ms. */
  wall: Float64Array;
  /** This process's CPU time per read (user + system), ms. */
  cpu: Float64Array;
}

/** Writes the universe once; returns the ids and the matrix written. */
async function fill(store: OnlineStore): Promise<{ ids: Int32Array; matrix: Float64Array }> {
  const rng = new Rng(1);
  await store.update(HASH, COLS);
  const ids = Int32Array.from({ length: UNIVERSE }, (_, i) => i);
  const times = new Float64Array(UNIVERSE).fill(1_700_000_000_000_000);
  const matrix = Float64Array.from({ length: UNIVERSE * COLS }, () => rng.normal());
  await store.writeBatch(HASH, ids, times, matrix);
  return { ids, matrix };
}

/** `reps` universe reads into one reused output, `paceMs` apart (0: back to back), after `warm` untimed ones. */
async function readLatencies(
  store: OnlineStore,
  data: { ids: Int32Array; matrix: Float64Array },
  reps: number,
  warm: number,
  paceMs: number,
): Promise<Latencies> {
  const out = allocateVectors(UNIVERSE, COLS);
  for (let i = 0; i < warm; i++) await store.read(HASH, data.ids, out);
  const wall = new Float64Array(reps);
  const cpu = new Float64Array(reps);
  for (let i = 0; i < reps; i++) {
    if (paceMs > 0) await sleep(paceMs);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await store.read(HASH, data.ids, out);
    wall[i] = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu[i] = (c.user + c.system) / 1000;
  }
  for (let k = 0; k < data.matrix.length; k += 997) {
    if (out.matrix[k] !== data.matrix[k]) throw new Error(`online read returned a wrong value at ${k}`);
  }
  return { wall, cpu };
}

function reportQuantiles(
  name: string,
  sample: Float64Array,
  target: number | undefined,
  detail: string,
): void {
  for (const [label, q] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    report({
      name: `${name} ${label}`,
      value: quantile(sample, q),
      unit: 'ms',
      ...(target === undefined ? {} : { target }),
      higherIsBetter: false,
      detail,
    });
  }
}

/** CPU time the process `pid` has used so far, ms (Linux /proc; undefined elsewhere). */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function benchMemory(detail: string): Promise<void> {
  const mem = new MemoryOnlineStore();
  const data = await fill(mem);
  const paced = await readLatencies(mem, data, 2000, 300, 1);
  reportQuantiles('online read memory', paced.wall, 2, `${detail}, one read per 1 ms tick${loadNote()}`);
  reportQuantiles(
    'online read memory cpu',
    paced.cpu,
    undefined,
    `${detail}, CPU time per read${loadNote()}`,
  );
  const tight = await readLatencies(mem, data, 2000, 0, 0);
  reportQuantiles('online read memory back-to-back', tight.wall, undefined, `${detail}${loadNote()}`);
  await mem.teardown();
}

async function benchRedis(detail: string): Promise<void> {
  const server = await startRedisServer();
  const raw = new Redis(server.url);
  try {
    const pid = Number(/process_id:(\d+)/.exec(await raw.info('server'))?.[1]);
    const store = await RedisOnlineStore.connect({ connection: server.url });
    const data = await fill(store);
    const reps = 300;
    const server0 = processCpuMs(pid);
    const paced = await readLatencies(store, data, reps, 30, 5);
    const server1 = processCpuMs(pid);
    const what = `${detail}, loopback, pipelined HGET, packed f64`;
    reportQuantiles('online read redis', paced.wall, 10, `${what}, one read per 5 ms tick${loadNote()}`);
    reportQuantiles(
      'online read redis client cpu',
      paced.cpu,
      undefined,
      `${what}, CPU time per read${loadNote()}`,
    );
    if (server0 !== undefined && server1 !== undefined) {
      report({
        name: 'online read redis server cpu mean',
        value: (server1 - server0) / reps,
        unit: 'ms',
        higherIsBetter: false,
        detail: `${what}, redis-server CPU per read (10 ms ticks over ${reps} reads)${loadNote()}`,
      });
    }
    const tight = await readLatencies(store, data, 100, 0, 0);
    reportQuantiles('online read redis back-to-back', tight.wall, undefined, `${what}${loadNote()}`);
    await store.teardown();
  } finally {
    raw.disconnect();
    await server.stop();
  }
}

const detail = `${UNIVERSE} symbols × ${COLS} cols`;
await benchMemory(detail);
if (redisServerPath() === undefined) warnRedisMissing('the Redis online read benchmark');
else await benchRedis(detail);
