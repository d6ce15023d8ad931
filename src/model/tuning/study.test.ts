import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AlphaflowError, ErrorCode } from '../../core/errors.js';
import { quadraticValue } from './fixtureObjectives.js';
import type { SearchSpace } from './space.js';
import { categoricalParam, floatParam, intParam } from './space.js';
import type { StudyOptions } from './study.js';
import { createStudy } from './study.js';
import type { Trial, TrialContext } from './trial.js';
import { TrialPruned } from './trial.js';

const SPACE: SearchSpace = { x: floatParam(-5, 5), y: floatParam(-5, 5) };

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alphaflow-study-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function study(over: Partial<StudyOptions> = {}) {
  return createStudy({ direction: 'minimize', space: SPACE, seed: 42, pruner: false, ...over });
}

const quadratic = (t: TrialContext): number => quadraticValue(t.params.x as number, t.params.y as number);
const paramsOf = (trials: readonly Trial[]) => trials.map((t) => t.params);

function branin(x: number, y: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

describe('TPE search quality', () => {
  it('finds a lower Branin value than random search with the same budget (median over seeds)', async () => {
    const space = { x: floatParam(-5, 10), y: floatParam(0, 15) };
    const budget = 60;
    const best = async (seed: number, nStartupTrials: number): Promise<number> => {
      const s = createStudy({
        direction: 'minimize',
        space,
        seed,
        pruner: false,
        sampler: { nStartupTrials },
      });
      await s.optimize((t) => branin(t.params.x as number, t.params.y as number), { nTrials: budget });
      return s.bestTrial.value!;
    };
    const tpe: number[] = [];
    const random: number[] = [];
    for (let seed = 1; seed <= 9; seed++) {
      tpe.push(await best(seed, 10));
      random.push(await best(seed, budget));
    }
    // Branin's global minimum is 0.397887.
    expect(median(tpe)).toBeLessThan(median(random));
    expect(median(tpe)).toBeLessThan(0.397887 + 0.5);
  });
});

describe('reproducibility', () => {
  it('gives the same params sequence for the same seed, and another for another seed', async () => {
    const a = study();
    const b = study();
    const c = study({ seed: 43 });
    for (const s of [a, b, c]) await s.optimize(quadratic, { nTrials: 25 });
    expect(paramsOf(b.trials)).toEqual(paramsOf(a.trials));
    expect(paramsOf(c.trials)).not.toEqual(paramsOf(a.trials));
    expect(a.trials.map((t) => t.number)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('with parallelism 2, the params do not depend on which trial finishes first', async () => {
    const delayed =
      (delayOf: (n: number) => number) =>
      async (t: TrialContext): Promise<number> => {
        await new Promise((r) => setTimeout(r, delayOf(t.number)));
        return quadratic(t);
      };
    const runs: Trial[][] = [];
    // Even trials slow in one run, odd trials slow in the other: opposite completion orders.
    for (const slow of [0, 1]) {
      const s = study();
      const order: number[] = [];
      await s.optimize(
        delayed((n) => (n % 2 === slow ? 12 : 0)),
        { nTrials: 20, parallelism: 2, onTrial: (t) => order.push(t.number) },
      );
      runs.push([...s.trials]);
      expect(order).not.toEqual([...order].sort((x, y) => x - y));
    }
    expect(paramsOf(runs[1]!)).toEqual(paramsOf(runs[0]!));
    // Parallel TPE sees fewer results per ask than sequential TPE, so its sequence differs after the startup trials.
    const seq = study();
    await seq.optimize(quadratic, { nTrials: 20 });
    expect(paramsOf(runs[0]!)).not.toEqual(paramsOf(seq.trials));
    expect(paramsOf(runs[0]!).slice(0, 10)).toEqual(paramsOf(seq.trials).slice(0, 10));
  });
});

describe('storage and resume', () => {
  it('resumes: 10 trials, re-open, 5 more → 15, the first 10 unchanged, same as an uninterrupted run', async () => {
    const path = join(tempDir(), 'study.jsonl');
    const first = study({ storage: path });
    await first.optimize(quadratic, { nTrials: 10 });
    const stored = paramsOf(first.trials);

    const reopened = study({ storage: path });
    expect(reopened.trials).toEqual(first.trials);
    await reopened.optimize(quadratic, { nTrials: 5 });
    expect(reopened.trials.length).toBe(15);
    expect(paramsOf(reopened.trials).slice(0, 10)).toEqual(stored);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n').length).toBe(16);

    const straight = study();
    await straight.optimize(quadratic, { nTrials: 15 });
    expect(paramsOf(reopened.trials)).toEqual(paramsOf(straight.trials));
    const { params, value } = study({ storage: path }).bestTrial;
    expect({ params, value }).toEqual({ params: straight.bestParams, value: straight.bestTrial.value });
  });

  it('refuses to re-open a study file with another seed or space', async () => {
    const path = join(tempDir(), 'study.jsonl');
    await study({ storage: path }).optimize(quadratic, { nTrials: 2 });
    expect(() => study({ storage: path, seed: 7 })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput }),
    );
    expect(() => study({ storage: path, space: { x: floatParam(-5, 6), y: floatParam(-5, 5) } })).toThrow(
      AlphaflowError,
    );
  });

  it('drops a torn last line and heals the file; a corrupt inner line is a DataError', async () => {
    const path = join(tempDir(), 'study.jsonl');
    await study({ storage: path }).optimize(quadratic, { nTrials: 3 });
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, `${good}{"type":"trial","numb`);
    const healed = study({ storage: path });
    expect(healed.trials.length).toBe(3);
    expect(readFileSync(path, 'utf8')).toBe(good);
    // A whole last line that only lost its newline is kept.
    writeFileSync(path, good.slice(0, -1));
    expect(study({ storage: path }).trials.length).toBe(3);
    expect(readFileSync(path, 'utf8')).toBe(good);

    const lines = good.split('\n');
    lines[2] = '{"type":"trial","number":"one"}';
    writeFileSync(path, lines.join('\n'));
    expect(() => study({ storage: path })).toThrow(
      expect.objectContaining({ code: ErrorCode.CorruptFile, row: 3 }),
    );
  });

  it('keeps failed trials with their error, ignores them for the best trial, and goes on', async () => {
    const path = join(tempDir(), 'study.jsonl');
    const s = study({ storage: path });
    await s.optimize(
      (t) => {
        if (t.number === 3) throw new Error('model diverged');
        return quadratic(t);
      },
      { nTrials: 6 },
    );
    const failed = s.trials[3]!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('model diverged');
    expect(failed.value).toBeNull();
    expect(s.trials.filter((t) => t.state === 'complete').length).toBe(5);
    expect(study({ storage: path }).trials[3]).toEqual(failed);
  });
});

describe('pruning', () => {
  it('prunes a clearly bad trial after its first step', async () => {
    const s = study({ pruner: { nStartupTrials: 3, nWarmupSteps: 0 } });
    await s.optimize(
      (t) => {
        const bad = t.number === 6;
        for (let step = 0; step < 4; step++) {
          t.report(step, bad ? 1000 : 1 + step * 0.01);
          if (t.shouldPrune()) throw new TrialPruned();
        }
        return bad ? 1000 : 1.03;
      },
      { nTrials: 8 },
    );
    const t6 = s.trials[6]!;
    expect(t6.state).toBe('pruned');
    expect(t6.intermediate).toEqual([[0, 1000]]);
    expect(s.trials.filter((t) => t.state === 'pruned').map((t) => t.number)).toEqual([6]);
  });

  it('never prunes before nStartupTrials trials completed', async () => {
    const s = study({ pruner: { nStartupTrials: 10 } });
    await s.optimize(
      (t) => {
        t.report(0, t.number === 4 ? 1000 : 1);
        if (t.shouldPrune()) throw new TrialPruned();
        return 1;
      },
      { nTrials: 6 },
    );
    expect(s.trials.every((t) => t.state === 'complete')).toBe(true);
  });
});

describe('study API', () => {
  it('bestTrial follows the direction; no complete trial is a NotFound ModelError', async () => {
    const s = createStudy({ direction: 'maximize', space: { k: intParam(0, 20) }, seed: 1, pruner: false });
    expect(() => s.bestTrial).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
    await s.optimize((t) => -(((t.params.k as number) - 7) ** 2), { nTrials: 30 });
    const best = Math.max(...s.trials.map((t) => t.value!));
    expect(s.bestTrial.value).toBe(best);
    expect(s.bestParams).toEqual(s.trials.find((t) => t.value === best)!.params);
  });

  it('samples categorical and stepped int params inside the space', async () => {
    const space = { kind: categoricalParam(['gbdt', 'dart', 'goss']), leaves: intParam(8, 64, { step: 8 }) };
    const s = createStudy({ direction: 'minimize', space, seed: 3, pruner: false });
    await s.optimize((t) => (t.params.kind === 'dart' ? 0 : 1) + Math.abs((t.params.leaves as number) - 32), {
      nTrials: 40,
    });
    for (const t of s.trials) {
      expect(['gbdt', 'dart', 'goss']).toContain(t.params.kind);
      expect(((t.params.leaves as number) - 8) % 8).toBe(0);
    }
    expect(s.bestParams).toEqual({ kind: 'dart', leaves: 32 });
  });
});
