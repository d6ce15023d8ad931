/**
 * Starting a worker thread on one of our modules, from source or built. Run
 * from TypeScript source (tsx, vitest) a worker needs tsx's loader of its
 * own: Node 20 neither shares the parent's loader hooks with workers nor
 * applies `--import` from a worker's execArgv before loading its entry, so a
 * tiny eval'd bootstrap registers tsx's ESM API in the thread and then
 * imports the entry. Shared by the LightGBM trainer, the tuning pool and the
 * lake's scan workers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';
import { ConfigError } from './errors.js';

/** `./name.ts` next to a module run from source, `./name.js` next to a built one. */
export function siblingModule(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl);
}

/** A worker running `entry` (a .ts entry gets tsx's loader first); `workerData` is passed as is, `transferList` moved. */
export function startModuleWorker(
  entry: URL,
  workerData?: unknown,
  transferList?: TransferListItem[],
): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, transferList });
  const bootstrap =
    `import(${JSON.stringify(tsxEsmApiUrl())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, transferList, execArgv: [] });
}

let tsxApi: string | undefined;

/** ESM entry of 'tsx/esm/api', read from tsx's export map (require.resolve would pick the CommonJS one). */
function tsxEsmApiUrl(): string {
  if (tsxApi !== undefined) return tsxApi;
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = pkg.exports['./esm/api']?.import?.default;
  if (entry === undefined) {
    throw new ConfigError("tsx has no ESM 'tsx/esm/api' entry; cannot start a worker thread from source", {
      file: pkgPath,
      rule: 'tsx with an ESM API',
    });
  }
  tsxApi = pathToFileURL(join(dirname(pkgPath), entry)).href;
  return tsxApi;
}
