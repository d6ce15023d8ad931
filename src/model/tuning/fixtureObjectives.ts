/**
 * Objectives for study.test.ts that run on worker threads, which import them
 * by module path (a test file cannot be imported outside vitest).
 */
import type { TrialContext } from './trial.js';

/** (x − 1)² + (y + 2)², the pure part shared with the in-thread tests. */
export function quadraticValue(x: number, y: number): number {
  return (x - 1) ** 2 + (y + 2) ** 2;
}

/** Delay in ms derived from the params, so trials finish in an order unrelated to their numbers. */
function jitterMs(x: number): number {
  return Math.floor((Math.abs(Math.sin(x * 12.9898) * 43758.5453) % 1) * 25);
}

/** The quadratic after a params-derived delay. */
export async function jitteredQuadratic(trial: TrialContext): Promise<number> {
  const x = trial.params.x as number;
  const y = trial.params.y as number;
  await new Promise((r) => setTimeout(r, jitterMs(x)));
  return quadraticValue(x, y);
}

/** Kills its worker thread on trial 2 (an uncaught error outside the objective's promise). */
export async function crashesOnTrialTwo(trial: TrialContext): Promise<number> {
  if (trial.number === 2) {
    setTimeout(() => {
      throw new Error('worker blew up');
    }, 0);
    await new Promise(() => undefined);
  }
  return quadraticValue(trial.params.x as number, trial.params.y as number);
}
