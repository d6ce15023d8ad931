/**
 * In-memory online store (the embedded default): one table per feature set,
 * preallocated typed arrays indexed directly by symbol id, so a universe read
 * is a gather over two arrays with no key building or hashing per symbol.
 */
import {
  checkRead,
  checkWriteBatch,
  DeclaredWidths,
  type OnlineStore,
  type OnlineVectors,
} from './onlineStore.js';

/** Shortest run of consecutive ids worth a block copy (its two subarray views cost about one short row loop). */
const RUN_COPY_MIN_ROWS = 4;

/** One feature set's latest vectors; slot = symbol id. */
interface VectorTable {
  nCols: number;
  /** Event time per symbol id, epoch µs; NaN where none. */
  eventTimes: Float64Array;
  /** capacity × nCols, row-major. */
  matrix: Float64Array;
}

export interface MemoryOnlineStoreOptions {
  /** Symbol slots preallocated per feature set (grows by doubling past it). Default 1024. */
  initialSymbols?: number;
}

/** Online store held in this process's memory. */
export class MemoryOnlineStore implements OnlineStore {
  private readonly widths = new DeclaredWidths();
  private readonly tables = new Map<string, VectorTable>();
  private readonly initialSymbols: number;

  constructor(opts: MemoryOnlineStoreOptions = {}) {
    this.initialSymbols = Math.max(1, opts.initialSymbols ?? 1024);
  }

  async update(fsHash: string, nCols: number): Promise<void> {
    if (this.widths.declare(fsHash, nCols)) {
      this.tables.set(fsHash, {
        nCols,
        eventTimes: new Float64Array(this.initialSymbols).fill(Number.NaN),
        matrix: new Float64Array(this.initialSymbols * nCols).fill(Number.NaN),
      });
    }
  }

  width(fsHash: string): number {
    return this.widths.get(fsHash);
  }

  async writeBatch(
    fsHash: string,
    symbolIds: Int32Array,
    eventTimes: Float64Array,
    matrix: Float64Array,
  ): Promise<void> {
    const nCols = this.widths.get(fsHash);
    checkWriteBatch(fsHash, nCols, symbolIds, eventTimes, matrix);
    let maxId = -1;
    for (let i = 0; i < symbolIds.length; i++) if (symbolIds[i]! > maxId) maxId = symbolIds[i]!;
    const t = this.ensureCapacity(fsHash, maxId + 1);
    const times = t.eventTimes;
    const m = t.matrix;
    for (let i = 0; i < symbolIds.length; i++) {
      const id = symbolIds[i]!;
      const ts = eventTimes[i]!;
      // `!(ts < stored)` also takes the write when the slot is empty (NaN).
      if (!(ts < times[id]!)) {
        times[id] = ts;
        const src = i * nCols;
        const dst = id * nCols;
        for (let c = 0; c < nCols; c++) m[dst + c] = matrix[src + c]!;
      }
    }
  }

  async read(fsHash: string, symbolIds: Int32Array, out?: OnlineVectors): Promise<OnlineVectors> {
    const nCols = this.widths.get(fsHash);
    const res = checkRead(fsHash, nCols, symbolIds, out);
    const t = this.tables.get(fsHash)!;
    const times = t.eventTimes;
    const m = t.matrix;
    const outTimes = res.eventTimes;
    const outM = res.matrix;
    const cap = times.length;
    const n = symbolIds.length;
    let i = 0;
    while (i < n) {
      const id = symbolIds[i]!;
      if (id >= cap) {
        outTimes[i] = Number.NaN;
        outM.fill(Number.NaN, i * nCols, (i + 1) * nCols);
        i++;
        continue;
      }
      // A universe is usually a run of consecutive ids: one block copy per run
      // instead of one per symbol.
      let end = i + 1;
      while (end < n && symbolIds[end] === id + (end - i) && id + (end - i) < cap) end++;
      const rows = end - i;
      if (rows >= RUN_COPY_MIN_ROWS) {
        outTimes.set(times.subarray(id, id + rows), i);
        outM.set(m.subarray(id * nCols, (id + rows) * nCols), i * nCols);
      } else {
        for (let r = 0; r < rows; r++) {
          outTimes[i + r] = times[id + r]!;
          const src = (id + r) * nCols;
          const dst = (i + r) * nCols;
          for (let c = 0; c < nCols; c++) outM[dst + c] = m[src + c]!;
        }
      }
      i = end;
    }
    return res;
  }

  async close(): Promise<void> {}

  async teardown(): Promise<void> {
    this.tables.clear();
    this.widths.clear();
  }

  private ensureCapacity(fsHash: string, symbols: number): VectorTable {
    const t = this.tables.get(fsHash)!;
    const cap = t.eventTimes.length;
    if (symbols <= cap) return t;
    let next = cap;
    while (next < symbols) next *= 2;
    const eventTimes = new Float64Array(next).fill(Number.NaN);
    eventTimes.set(t.eventTimes);
    const matrix = new Float64Array(next * t.nCols).fill(Number.NaN);
    matrix.set(t.matrix);
    t.eventTimes = eventTimes;
    t.matrix = matrix;
    return t;
  }
}
