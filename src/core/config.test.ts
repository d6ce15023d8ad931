import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('loadConfig', () => {
  it('defaults need no server', () => {
    const c = loadConfig(undefined, {});
    expect(c.onlineStore).toEqual({ kind: 'memory' });
    expect(c.lake.root).toBe('.alphaflow/lake');
  });

  it('reads a file and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'af-cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ lake: { root: '/data/lake' }, seed: 7 }));
    expect(loadConfig(file, {}).lake.root).toBe('/data/lake');
    const c = loadConfig(file, { ALPHAFLOW_LAKE: '/x', ALPHAFLOW_REDIS_URL: 'redis://127.0.0.1:7000' });
    expect(c.lake.root).toBe('/x');
    expect(c.onlineStore).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:7000' });
    expect(c.seed).toBe(7);
  });

  it('rejects an unknown adapter kind naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'af-cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ onlineStore: { kind: 'redsi' } }));
    const err = (() => {
      try {
        loadConfig(file, {});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).column).toBe('onlineStore.kind');
    expect((err as ConfigError).file).toBe(file);
  });
});
