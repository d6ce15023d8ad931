import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../core/errors.js';
import { jitteredQuadratic } from './fixtureObjectives.js';
import { floatParam } from './space.js';
import { createStudy } from './study.js';

const FIXTURES = new URL('./fixtureObjectives.ts', import.meta.url);

const study = () =>
  createStudy({
    direction: 'minimize',
    space: { x: floatParam(-5, 5), y: floatParam(-5, 5) },
    seed: 42,
    pruner: false,
  });

describe('trials on worker threads', () => {
  it('gives the same trials as the same schedule run in this thread, though completions come out of order', async () => {
    const viaWorkers = study();
    const completed: number[] = [];
    await viaWorkers.optimize(
      { module: FIXTURES, exportName: 'jitteredQuadratic' },
      { nTrials: 16, parallelism: 2, onTrial: (t) => completed.push(t.number) },
    );
    const local = study();
    await local.optimize(jitteredQuadratic, { nTrials: 16, parallelism: 2 });
    expect(viaWorkers.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(viaWorkers.trials.map((t) => [t.params, t.value])).toEqual(
      local.trials.map((t) => [t.params, t.value]),
    );
    expect(completed).not.toEqual([...completed].sort((a, b) => a - b));
  });

  it('a worker that dies fails its trial and is replaced', async () => {
    const s = study();
    await s.optimize({ module: FIXTURES, exportName: 'crashesOnTrialTwo' }, { nTrials: 4 });
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'failed', 'complete']);
    expect(s.trials[2]!.error).toBe('tuning worker exited: worker blew up');
  });

  it('a missing export is a ConfigError', async () => {
    await expect(
      study().optimize({ module: FIXTURES, exportName: 'nope' }, { nTrials: 1 }),
    ).rejects.toMatchObject({
      code: ErrorCode.Config,
    });
  });
});
