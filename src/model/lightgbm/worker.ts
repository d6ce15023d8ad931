/**
 * Entry point of the training worker thread: runs each posted TrainRequest
 * to completion, one at a time, posting log events as they happen and then
 * the model text or the error. Started only by workerClient.ts.
 */
import { parentPort } from 'node:worker_threads';
import { loadLightgbm } from './ffi.js';
import { trainLightgbm } from './train.js';
import { serializeError, type TrainRequest, type WorkerMessage } from './workerProtocol.js';

const port = parentPort;
if (port !== null) {
  const post = (m: WorkerMessage) => port.postMessage(m);
  port.on('message', (req: TrainRequest) => {
    const { id } = req;
    try {
      const outcome = trainLightgbm(loadLightgbm(req.libraryPath), req.data, req.params, {
        validation: req.validation,
        logger: (event) => post({ id, kind: 'log', event }),
        isCancelled: () => Atomics.load(req.cancelFlag, 0) === 1,
      });
      post({ id, kind: 'done', outcome });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') post({ id, kind: 'aborted' });
      else post({ id, kind: 'error', error: serializeError(err) });
    }
  });
}
