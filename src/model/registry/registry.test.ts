import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ErrorCode } from '../../core/errors.js';
import { hashTrainingData, sha256Hex } from './manifest.js';
import type { RegisterInput, RegistryOptions } from './registry.js';
import { ModelRegistry } from './registry.js';

const T0 = 1_700_000_000_000_000;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alphaflow-registry-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A registry over a fresh folder with a clock that ticks one second per call. */
function registry(over: Partial<RegistryOptions> = {}): ModelRegistry {
  let now = T0;
  return new ModelRegistry({ root: join(tempDir(), 'models'), clock: () => (now += 1_000_000), ...over });
}

function input(modelText: string, over: Partial<RegisterInput> = {}): RegisterInput {
  return {
    kind: 'lightgbm',
    featureSetHash: 'fs-abc',
    featureNames: ['rsi_14', 'ret_1'],
    trainWindow: { from: T0 - 86_400_000_000, to: T0 },
    labelSpec: { type: 'tripleBarrier', horizonBars: 10, up: 0.02, down: 0.01 },
    cvMetrics: { auc: 0.61, logloss: 0.66 },
    adversarialAuc: 0.55,
    params: { num_leaves: 31, learning_rate: 0.05 },
    dataHash: 'data-123',
    modelText,
    ...over,
  };
}

const entries = (dir: string): string[] => readdirSync(dir).sort();

describe('model registry', () => {
  it('round-trips manifests and model text', () => {
    const reg = registry();
    expect(reg.list()).toEqual([]);
    expect(reg.latest()).toBeUndefined();
    const a = reg.register(input('tree 1\n'));
    const b = reg.register(input('tree 2 ✓\n', { cvMetrics: { auc: 0.63 } }));
    expect([a.version, b.version]).toEqual(['v0001', 'v0002']);
    expect(a.createdAt).toBe(T0 + 1_000_000);
    expect(b.createdAt).toBe(T0 + 2_000_000);
    expect([a.parent, b.parent]).toEqual([null, 'v0001']);
    expect(b.modelSha256).toBe(sha256Hex('tree 2 ✓\n'));
    expect(b.modelBytes).toBe(Buffer.byteLength('tree 2 ✓\n'));
    expect(b.labelSpec).toEqual({ type: 'tripleBarrier', horizonBars: 10, up: 0.02, down: 0.01 });

    const reopened = new ModelRegistry({ root: reg.root, clock: () => 0 });
    expect(reopened.list()).toEqual([a, b]);
    expect(reopened.get('v0002')).toEqual(b);
    expect(reopened.latest()).toEqual(b);
    expect(reopened.loadModelText('v0001')).toBe('tree 1\n');
    expect(reopened.loadModelText('v0002')).toBe('tree 2 ✓\n');
    expect(() => reopened.get('v0003')).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
  });

  it('promotes and rolls back through the promotion history', () => {
    const reg = registry();
    for (const t of ['a', 'b', 'c']) reg.register(input(t));
    expect(reg.production()).toBeUndefined();
    reg.promote('v0001');
    reg.promote('v0003');
    reg.promote('v0003');
    reg.promote('v0002');
    expect(reg.production()).toBe('v0002');
    expect(reg.rollback()).toBe('v0003');
    expect(reg.rollback()).toBe('v0001');
    expect(reg.production()).toBe('v0001');
    expect(() => reg.rollback()).toThrow(expect.objectContaining({ code: ErrorCode.Registry }));
    expect(() => reg.promote('v0009')).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
    expect(reg.production()).toBe('v0001');
  });

  it('a writer that throws mid-registration leaves no partial version', () => {
    let calls = 0;
    let failOn = 0;
    const reg = registry({
      writeFile: (path, text) => {
        if (++calls === failOn) throw new Error('disk full');
        writeFileSync(path, text);
      },
    });
    reg.register(input('first'));
    reg.promote('v0001');
    const before = entries(reg.root);
    calls = 0;
    failOn = 2;
    // Call 1 writes model.txt, call 2 (the manifest) fails.
    expect(() => reg.register(input('second'))).toThrow('disk full');
    expect(entries(reg.root)).toEqual(before);
    expect(reg.list().map((m) => m.version)).toEqual(['v0001']);

    failOn = 0;
    reg.register(input('third'));
    calls = 0;
    failOn = 1;
    // The production pointer is written via temp + rename: a failure keeps the old one.
    expect(() => reg.promote('v0002')).toThrow('disk full');
    expect(reg.production()).toBe('v0001');
    expect(entries(reg.root)).toEqual(['production.json', 'v0001', 'v0002']);
  });

  it('detects corrupted model files on register and on load', () => {
    const reg = registry();
    expect(() => reg.register(input('model', { modelSha256: sha256Hex('other') }))).toThrow(
      expect.objectContaining({ code: ErrorCode.CorruptModel }),
    );
    const flipping = registry({ writeFile: (path, text) => writeFileSync(path, text.replace('7', '8')) });
    expect(() => flipping.register(input('tree 7'))).toThrow(
      expect.objectContaining({ code: ErrorCode.CorruptModel }),
    );
    expect(flipping.list()).toEqual([]);
    expect(entries(flipping.root)).toEqual([]);

    const m = reg.register(input('tree 7', { modelSha256: sha256Hex('tree 7') }));
    const file = join(reg.root, m.version, m.modelFile);
    writeFileSync(file, 'tree 8');
    expect(() => reg.loadModelText(m.version)).toThrow(
      expect.objectContaining({ code: ErrorCode.CorruptModel }),
    );
    expect(() => reg.promote(m.version)).toThrow(expect.objectContaining({ code: ErrorCode.CorruptModel }));
    expect(reg.production()).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('tree 8');
  });

  it('rejects bad manifests and unknown parents without writing', () => {
    const reg = registry();
    const bad: Array<Partial<RegisterInput>> = [
      { trainWindow: { from: T0, to: T0 } },
      { featureNames: ['a', 'a'] },
      { featureNames: [] },
      { cvMetrics: { auc: Number.NaN } },
      { adversarialAuc: 1.5 },
      { kind: '' },
    ];
    for (const over of bad) {
      expect(() => reg.register(input('m', over))).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidInput }),
      );
    }
    expect(() => reg.register(input('m', { parent: 'v0007' }))).toThrow(
      expect.objectContaining({ code: ErrorCode.NotFound }),
    );
    expect(reg.list()).toEqual([]);
  });

  it('works inside a Parquet lake folder and ignores foreign entries', () => {
    const lake = tempDir();
    mkdirSync(join(lake, 'bars', 'symbol=AAPL'), { recursive: true });
    writeFileSync(join(lake, 'bars', 'symbol=AAPL', 'part-0.parquet'), 'PAR1');
    const root = join(lake, '_models');
    mkdirSync(join(root, 'notes'), { recursive: true });
    mkdirSync(join(root, '.tmp-crashed'));
    writeFileSync(join(root, '.tmp-crashed', 'model.txt'), 'half');
    writeFileSync(join(root, 'README'), 'hands off');
    const reg = new ModelRegistry({ root, clock: () => T0 });
    const m = reg.register(input('m1'));
    expect(m.version).toBe('v0001');
    expect(reg.list().map((x) => x.version)).toEqual(['v0001']);
    expect(readFileSync(join(lake, 'bars', 'symbol=AAPL', 'part-0.parquet'), 'utf8')).toBe('PAR1');
  });
});

describe('hashTrainingData', () => {
  const base = () => ({
    X: Float32Array.of(1, 2, 3, 4),
    nRows: 2,
    nCols: 2,
    y: Float32Array.of(0, 1),
    featureNames: ['a', 'b'],
  });

  it('depends on content only, not on buffer layout', () => {
    const backing = new Float32Array(10);
    backing.set([1, 2, 3, 4], 3);
    const view = { ...base(), X: backing.subarray(3, 7) };
    expect(hashTrainingData(view)).toBe(hashTrainingData(base()));
  });

  it('changes with any value, name, shape or weight', () => {
    const h = hashTrainingData(base());
    const variants = [
      { ...base(), X: Float32Array.of(1, 2, 3, 5) },
      { ...base(), y: Float32Array.of(1, 1) },
      { ...base(), featureNames: ['a', 'c'] },
      { ...base(), nRows: 4, nCols: 1 },
      { ...base(), weight: Float32Array.of(1, 1) },
    ];
    for (const v of variants) expect(hashTrainingData(v)).not.toBe(h);
  });
});
