import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisServerPath, startRedisServer, warnRedisMissing } from './redis.js';

const haveRedis = redisServerPath() !== undefined;
if (!haveRedis) warnRedisMissing('the Redis harness tests');

/** True when something accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.skipIf(!haveRedis)('redis test harness', () => {
  it('starts a persistence-free server on a loopback port and stop() kills it and removes its dir', async () => {
    const a = await startRedisServer();
    const b = await startRedisServer();
    try {
      expect(a.host).toBe('127.0.0.1');
      expect(a.port).not.toBe(b.port);
      const client = new Redis(a.url);
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      expect(await client.config('GET', 'dir')).toEqual(['dir', a.dir]);
      client.disconnect();
      expect(existsSync(a.dir)).toBe(true);
    } finally {
      await a.stop();
      await a.stop();
    }
    expect(existsSync(a.dir)).toBe(false);
    expect(await listening(a.port)).toBe(false);
    expect(await listening(b.port)).toBe(true);
    await b.stop();
    expect(await listening(b.port)).toBe(false);
  });
});
