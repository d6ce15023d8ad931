/** The OnlineStore contract against a real redis-server started by the harness. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlphaflowError, ErrorCode } from '../../src/core/errors.js';
import { describeOnlineStoreContract } from '../../src/store/onlineStoreContract.js';
import { onlineKey } from '../../src/store/redisKeys.js';
import { RedisOnlineStore } from '../../src/store/redisOnlineStore.js';
import { type RedisServer, redisServerPath, startRedisServer, warnRedisMissing } from '../harness/redis.js';

const haveRedis = redisServerPath() !== undefined;
if (!haveRedis) warnRedisMissing('the Redis online store integration tests');

describe.skipIf(!haveRedis)('Redis online store', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeOnlineStoreContract('redis script read', {
    open: () => RedisOnlineStore.connect({ connection: server.url, readMode: 'script', writeChunk: 700 }),
    persistent: true,
  });
  describeOnlineStoreContract('redis pipeline read', {
    open: () => RedisOnlineStore.connect({ connection: server.url, readMode: 'pipeline' }),
    persistent: true,
  });

  it('refuses a stored vector of another width (E_FEATURE_SET_MISMATCH) in both read modes', async () => {
    const writer = await RedisOnlineStore.connect({ connection: server.url });
    await writer.update('width', 2);
    await writer.writeBatch('width', Int32Array.of(0, 1), Float64Array.of(1, 1), Float64Array.of(1, 2, 3, 4));
    try {
      for (const readMode of ['script', 'pipeline'] as const) {
        const reader = await RedisOnlineStore.connect({ connection: server.url, readMode });
        await reader.update('width', 3);
        try {
          await reader.read('width', Int32Array.of(1));
          expect.unreachable();
        } catch (err) {
          expect((err as AlphaflowError).code).toBe(ErrorCode.FeatureSetMismatch);
        } finally {
          await reader.close();
        }
      }
    } finally {
      await writer.teardown();
    }
  });

  it('stores one Redis hash per symbol under the documented key, value = packed f64 little-endian', async () => {
    const store = await RedisOnlineStore.connect({ connection: server.url });
    try {
      await store.update('layout', 2);
      await store.writeBatch(
        'layout',
        Int32Array.of(12),
        Float64Array.of(1_700_000_000_000_000),
        Float64Array.of(1.5, -2),
      );
      // A plain client reads the raw value: the key and byte layout are part of the contract.
      const raw = new Redis(server.url);
      const key = onlineKey('layout', 12);
      expect(key).toBe('af:fs:{layout}:sym:12');
      expect(await raw.type(key)).toBe('hash');
      const v = await raw.hgetBuffer(key, 'v');
      raw.disconnect();
      expect(v?.length).toBe(24);
      expect([v!.readDoubleLE(0), v!.readDoubleLE(8), v!.readDoubleLE(16)]).toEqual([
        1_700_000_000_000_000, 1.5, -2,
      ]);
    } finally {
      await store.teardown();
    }
  });

  it('reloads its scripts after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const store = await RedisOnlineStore.connect({ connection: server.url, readMode: 'script' });
    try {
      await store.update('flush', 1);
      const raw = new Redis(server.url);
      await raw.script('FLUSH');
      raw.disconnect();
      await store.writeBatch('flush', Int32Array.of(0), Float64Array.of(5), Float64Array.of(3));
      expect(Array.from((await store.read('flush', Int32Array.of(0))).matrix)).toEqual([3]);
    } finally {
      await store.teardown();
    }
  });
});
