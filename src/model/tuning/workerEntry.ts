/**
 * Worker-thread side of the trial pool: imports the objective module once
 * (so its data loads once per worker), then runs each trial it is sent and
 * posts the outcome back. Messages: in `TrialTask`; out `ready`, `fatal`
 * (the module or export could not be loaded) or `outcome`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Objective, TrialTask } from './trial.js';
import { runTrial } from './trial.js';
import type { WorkerInit } from './workerPool.js';

const port = parentPort!;
const init = workerData as WorkerInit;

try {
  const mod = (await import(init.moduleUrl)) as Record<string, unknown>;
  const objective = mod[init.exportName];
  if (typeof objective !== 'function')
    throw new Error(`${init.moduleUrl} exports no function '${init.exportName}'`);
  port.on('message', (task: TrialTask) => {
    void runTrial(objective as Objective, task).then((outcome) =>
      port.postMessage({ type: 'outcome', outcome }),
    );
  });
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
}
