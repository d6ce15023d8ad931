/**
 * Online vs offline, the training–serving skew check: the bars are replayed
 * tick by tick through the streaming engine into an online store (as live
 * would write it), and each tick's vectors, read back from that store, are
 * compared bit for bit with the offline rows for the same (symbol, time).
 * Used by `features diff` and by the demo.
 */
import type { BarFrame } from '../core/barFrame.js';
import { formatIsoMicros } from '../core/time.js';
import type { FeatureContext } from '../features/batch.js';
import type { ResolvedFeatureSet } from '../features/featureSet.js';
import { allocateVectors, type OnlineStore, type OnlineVectors } from '../store/onlineStore.js';
import type { ParquetOfflineStore } from '../store/parquetOfflineStore.js';
import { replayFeatures } from './featureReplay.js';

/** One differing value. */
export interface FeatureDifference {
  symbol: string;
  /** Bar time, ISO-8601 UTC. */
  time: string;
  column: string;
  /** null for NaN. */
  online: number | null;
  offline: number | null;
}

export interface OnlineOfflineDiff {
  ticks: number;
  vectorsCompared: number;
  /** Vectors with at least one value not bit-identical. */
  differing: number;
  /** Vectors the offline rows do not hold at all. */
  missingOffline: number;
  identical: boolean;
  /** The first differences found (at most `maxReported`). */
  differences: FeatureDifference[];
}

export interface DiffOptions {
  /** Compare every n-th tick (the engine still sees every bar). Default 1. */
  every?: number;
  /** Differences listed in the result. Default 10. */
  maxReported?: number;
  /** Online store key of the replay; default `${hash}-diff`, so live vectors are not overwritten. */
  key?: string;
  /** Worker threads of the streaming engine (0: the calling thread). Default 0. */
  threads?: number;
}

/**
 * Replays `bars` into `online` and compares with what `offline` answers
 * today for `fs` (the latest version of every stored row). Declares the key
 * on `online`; the caller owns both stores (and the online one's teardown).
 */
export async function diffOnlineOffline(
  bars: BarFrame,
  fs: ResolvedFeatureSet,
  context: FeatureContext,
  online: OnlineStore,
  offline: ParquetOfflineStore,
  opts: DiffOptions = {},
): Promise<OnlineOfflineDiff> {
  const every = opts.every ?? 1;
  const maxReported = opts.maxReported ?? 10;
  const key = opts.key ?? `${fs.hash}-diff`;
  const names = fs.columns.map((c) => c.name);
  const width = names.length;
  const stored = await offline.read({ hash: fs.hash, columns: names }, bars.symbols, {
    symbolIds: Int32Array.from({ length: bars.symbols.size }, (_, i) => i),
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
    asOf: Number.MAX_SAFE_INTEGER,
  });
  // Stored rows of each symbol: [cursor, end); ticks advance in time, so each cursor only moves forward.
  const nSym = bars.symbols.size;
  const cursor = new Int32Array(nSym).fill(-1);
  const cursorEnd = new Int32Array(nSym);
  for (let r = stored.ts.length - 1; r >= 0; r--) {
    const s = stored.symbolIds[r]!;
    if (s >= nSym) continue;
    cursor[s] = r;
    if (cursorEnd[s] === 0) cursorEnd[s] = r + 1;
  }
  await online.update(key, width);
  // One output per tick size: a universe's ticks mostly hold every symbol, so this keeps one or two.
  const outs = new Map<number, OnlineVectors>();
  const differences: FeatureDifference[] = [];
  let vectors = 0;
  let differing = 0;
  let missing = 0;
  let tickNo = 0;
  await replayFeatures(
    bars,
    fs,
    context,
    async (tick) => {
      const ids = tick.symbolIds.subarray(0, tick.count);
      const times = tick.eventTimes.subarray(0, tick.count);
      await online.writeBatch(key, ids, times, tick.vectors.subarray(0, tick.count * width));
      if (tickNo++ % every !== 0) return;
      let out = outs.get(tick.count);
      if (out === undefined) outs.set(tick.count, (out = allocateVectors(tick.count, width)));
      const got = await online.read(key, ids, out);
      for (let k = 0; k < tick.count; k++) {
        const s = ids[k]!;
        let r = cursor[s]!;
        while (r >= 0 && r + 1 < cursorEnd[s]! && stored.ts[r]! < tick.ts) r++;
        cursor[s] = r;
        vectors++;
        if (r < 0 || stored.ts[r] !== tick.ts || got.eventTimes[k] !== tick.ts) {
          missing++;
          continue;
        }
        let same = true;
        for (let j = 0; j < width; j++) {
          const a = got.matrix[k * width + j]!;
          const b = stored.matrix[r * width + j]!;
          if (Object.is(a, b)) continue;
          same = false;
          if (differences.length < maxReported) {
            differences.push({
              symbol: bars.symbols.name(s),
              time: formatIsoMicros(tick.ts),
              column: names[j]!,
              online: Number.isNaN(a) ? null : a,
              offline: Number.isNaN(b) ? null : b,
            });
          }
        }
        if (!same) differing++;
      }
    },
    { threads: opts.threads ?? 0 },
  );
  return {
    ticks: tickNo,
    vectorsCompared: vectors,
    differing,
    missingOffline: missing,
    identical: differing === 0 && missing === 0,
    differences,
  };
}
