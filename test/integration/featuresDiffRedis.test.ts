/** `alphaflow features diff` with the online store in a real redis-server (switched on by config, here the environment). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDataCommands } from '../../src/cli/commands/data.js';
import { registerFeatureCommands } from '../../src/cli/commands/features.js';
import { runCli } from '../../src/cli/runCli.testkit.js';
import { type RedisServer, redisServerPath, startRedisServer, warnRedisMissing } from '../harness/redis.js';

const haveRedis = redisServerPath() !== undefined;
if (!haveRedis) warnRedisMissing('the features diff over Redis integration test');

describe.skipIf(!haveRedis)('features diff over Redis', () => {
  let server: RedisServer;
  const dir = mkdtempSync(join(tmpdir(), 'af-diff-redis-'));
  const lake = join(dir, 'lake');
  const groups = [registerDataCommands, registerFeatureCommands];
  beforeAll(async () => {
    server = await startRedisServer();
    process.env.ALPHAFLOW_REDIS_URL = server.url;
  });
  afterAll(async () => {
    delete process.env.ALPHAFLOW_REDIS_URL;
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays through Redis bit-identically to the offline store, and leaves nothing behind', async () => {
    const gen = await runCli(groups, [
      'data',
      'generate',
      '--lake',
      lake,
      '--symbols',
      '20',
      '--days',
      '1',
      '--json',
    ]);
    expect(gen.exitCode).toBeUndefined();
    expect((await runCli(groups, ['features', 'build', '--lake', lake, '--json'])).exitCode).toBeUndefined();
    const d = await runCli(groups, ['features', 'diff', '--lake', lake, '--json']);
    expect(d.exitCode).toBeUndefined();
    const r = JSON.parse(d.stdout);
    expect(r).toMatchObject({ onlineStore: 'redis', identical: true, differing: 0, missingOffline: 0 });
    expect(r.vectorsCompared).toBe(JSON.parse(gen.stdout).bars);
    const client = new Redis(server.url);
    try {
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
    }
  }, 120_000);
});
