/** The OnlineStore contract against a real redis-server started by the harness. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlphaflowError, ErrorCode } from '../../src/core/errors.js';
import { describeOnlineStoreContract } from '../../src/store/onlineStoreContract.js';
import { onlineKey } from '../../src/store/redisKeys.js';
import { RedisOnlineStore } from '../../src/store/redisOnlineStore.js';
import { RedisVectorReader } from '../../src/store/redisVectorReader.js';
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

  describeOnlineStoreContract('redis', {
    // A write chunk that does not divide the contract's 2,500-row batch.
    open: () => RedisOnlineStore.connect({ connection: server.url, writeChunk: 700 }),
    persistent: true,
  });

  it('refuses a stored vector of another width (E_FEATURE_SET_MISMATCH) and keeps serving reads after it', async () => {
    const writer = await RedisOnlineStore.connect({ connection: server.url });
    await writer.update('width', 2);
    await writer.writeBatch('width', Int32Array.of(0, 1), Float64Array.of(1, 1), Float64Array.of(1, 2, 3, 4));
    const reader = await RedisOnlineStore.connect({ connection: server.url });
    try {
      await reader.update('width', 3);
      await reader.update('ok', 2);
      await reader.writeBatch('ok', Int32Array.of(5), Float64Array.of(9), Float64Array.of(7, 8));
      try {
        await reader.read('width', Int32Array.of(2, 1, 0));
        expect.unreachable();
      } catch (err) {
        expect((err as AlphaflowError).code).toBe(ErrorCode.FeatureSetMismatch);
        expect((err as AlphaflowError).message).toContain('symbol 1 ');
      }
      // The failed read drained its replies: the connection is still in step.
      const r = await reader.read('ok', Int32Array.of(5, 6));
      expect(Array.from(r.eventTimes)).toEqual([9, Number.NaN]);
      expect(Array.from(r.matrix)).toEqual([7, 8, Number.NaN, Number.NaN]);
    } finally {
      await reader.teardown();
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
    const store = await RedisOnlineStore.connect({ connection: server.url });
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

  it('reads again after Redis dropped its connections (reconnects, resends once)', async () => {
    const store = await RedisOnlineStore.connect({ connection: server.url });
    const raw = new Redis(server.url);
    try {
      await store.update('drop', 2);
      await store.writeBatch('drop', Int32Array.of(0, 1), Float64Array.of(5, 6), Float64Array.of(1, 2, 3, 4));
      for (let round = 0; round < 3; round++) {
        await raw.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
        const r = await store.read('drop', Int32Array.of(1, 0));
        expect(Array.from(r.eventTimes)).toEqual([6, 5]);
        expect(Array.from(r.matrix)).toEqual([3, 4, 1, 2]);
      }
    } finally {
      raw.disconnect();
      await store.teardown();
    }
  });

  it('reads from the database and as the user its connection names; a wrong password is E_CONFIG', async () => {
    const raw = new Redis(server.url);
    await raw.acl('SETUSER', 'afreader', 'on', '>s3cret', '~*', '&*', '+@all');
    const url = `redis://afreader:s3cret@${server.host}:${server.port}/2`;
    const store = await RedisOnlineStore.connect({ connection: url });
    try {
      await store.update('db2', 1);
      await store.writeBatch('db2', Int32Array.of(3), Float64Array.of(8), Float64Array.of(0.25));
      expect(Array.from((await store.read('db2', Int32Array.of(3))).matrix)).toEqual([0.25]);
      // The vector lives in database 2 only, so the read connection did SELECT 2.
      expect(await raw.exists(onlineKey('db2', 3))).toBe(0);
      await raw.select(2);
      expect(await raw.exists(onlineKey('db2', 3))).toBe(1);
      const refused = await RedisVectorReader.open({
        host: server.host,
        port: server.port,
        username: 'afreader',
        password: 'wrong',
      }).catch((err: unknown) => err);
      expect((refused as AlphaflowError).code).toBe(ErrorCode.Config);
      expect((refused as AlphaflowError).message).toContain('WRONGPASS');
    } finally {
      await store.teardown();
      await raw.acl('DELUSER', 'afreader');
      raw.disconnect();
    }
  });
});
