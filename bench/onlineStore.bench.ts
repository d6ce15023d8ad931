/**
 * Online feature store read (issue 3): a 5,000-symbol universe × 40 columns
 * from memory, and from Redis on loopback (its own redis-server via the test
 * harness) read by one EVALSHA (the default) and by pipelined HGETs, packed
 * binary values. Run: npx tsx bench/onlineStore.bench.ts
 */
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
const HASH = 'benchonline';

/** Latencies in ms of `reps` universe reads (after `warm` untimed ones), reusing one output buffer. */
async function readLatencies(store: OnlineStore, reps: number, warm: number): Promise<Float64Array> {
  const rng = new Rng(1);
  await store.update(HASH, COLS);
  const ids = Int32Array.from({ length: UNIVERSE }, (_, i) => i);
  const times = new Float64Array(UNIVERSE).fill(1_700_000_000_000_000);
  const matrix = Float64Array.from({ length: UNIVERSE * COLS }, () => rng.normal());
  await store.writeBatch(HASH, ids, times, matrix);
  const out = allocateVectors(UNIVERSE, COLS);
  for (let i = 0; i < warm; i++) await store.read(HASH, ids, out);
  const lat = new Float64Array(reps);
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await store.read(HASH, ids, out);
    lat[i] = performance.now() - t0;
  }
  if (out.matrix[123] !== matrix[123]) throw new Error('online read returned wrong values');
  return lat;
}

function reportLatency(what: string, lat: Float64Array, target: number, detail: string): void {
  report({
    name: `${what} p50`,
    value: quantile(lat, 0.5),
    unit: 'ms',
    target,
    higherIsBetter: false,
    detail,
  });
  report({
    name: `${what} p99`,
    value: quantile(lat, 0.99),
    unit: 'ms',
    target,
    higherIsBetter: false,
    detail,
  });
}

async function benchOnline(): Promise<void> {
  const detail = `${UNIVERSE} symbols × ${COLS} cols`;
  const mem = new MemoryOnlineStore();
  reportLatency('online read memory', await readLatencies(mem, 2000, 200), 2, `${detail}${loadNote()}`);
  await mem.teardown();

  if (redisServerPath() === undefined) {
    warnRedisMissing('the Redis online read benchmark');
    return;
  }
  const server = await startRedisServer();
  try {
    for (const readMode of ['script', 'pipeline'] as const) {
      const store = await RedisOnlineStore.connect({ connection: server.url, readMode });
      const lat = await readLatencies(store, 100, 10);
      reportLatency(
        `online read redis ${readMode}`,
        lat,
        10,
        `${detail}, loopback, packed f64, ${readMode}${loadNote()}`,
      );
      await store.teardown();
    }
  } finally {
    await server.stop();
  }
}

await benchOnline();
