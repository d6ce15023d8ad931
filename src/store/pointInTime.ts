/**
 * The point-in-time (bitemporal as-of) join, written ONCE; the offline store
 * reads the candidate rows from Parquet and hands them here.
 *
 * THE RULE, for a label event of symbol s at time t:
 *   1. Candidates are the feature rows of s with event time ts ≤ t AND
 *      knowledge time knownAt ≤ t (nothing learned after t may leak in), and,
 *      when maxAgeUs is set, ts ≥ t − maxAgeUs (too-old vectors are "none").
 *   2. The match is the candidate with the greatest ts (the latest state).
 *   3. Among candidates with that ts (restatements), the greatest knownAt wins:
 *      the latest version that was known at t.
 *   4. Rows identical in (s, ts, knownAt) — never stored by the offline store,
 *      which rejects them — resolve to the one with the higher row index.
 *   5. No candidate: the event's row is NaN, its matched ts and knownAt NaN.
 *
 * HOW (O((rows + events) log) and O(rows + events) in the usual case):
 *   A. A row becomes a candidate once t reaches its availability
 *      a = max(ts, knownAt), and stays one (apart from maxAgeUs), so the set of
 *      candidates only grows with t.
 *   B. Rows are bucketed by symbol (counting sort), each bucket ordered by a;
 *      events are bucketed by symbol, each bucket ordered by t. Most buckets
 *      arrive in order; rows read in (ts, known_at) order are nearly ordered
 *      by a (restated rows come late), so only their stragglers are sorted;
 *      other buckets are radix-sorted on their own.
 *   C. Per symbol one sweep: advance over rows with a ≤ t keeping the best row
 *      seen by steps 2–4; that best row is the match for t.
 *   D. maxAgeUs: the best row has the greatest ts of all candidates, so if it
 *      is too old every candidate is, and the answer is none.
 *   E. The sweep only records the matched row index per event; values are
 *      then copied in event order, so the big output is written sequentially.
 *
 * Hand-written rather than DuckDB's ASOF JOIN: ASOF matches on ONE inequality,
 * and the rule needs two (ts ≤ t and knownAt ≤ t) with the maximum taken over
 * ts. An ASOF on availability alone would return a late-arriving old row
 * instead of a newer row that was known earlier.
 */
import { DataError, ErrorCode } from '../core/errors.js';
import { checkFeatureRows, checkLabelEvents, type FeatureRows, type LabelEvents } from './featureRows.js';

/** The match of every event, aligned with the events. */
export interface PointInTimeResult {
  /** Row-major, events × nCols; NaN rows where nothing matched. */
  matrix: Float64Array;
  nCols: number;
  /** Event time of the matched feature row, epoch µs (NaN: none). */
  featureTs: Float64Array;
  /** Knowledge time of the matched feature row, epoch µs (NaN: none). */
  featureKnownAt: Float64Array;
}

export interface PointInTimeOptions {
  /** Rows older than t − maxAgeUs do not match (Feast's TTL), µs. Default: no limit. */
  maxAgeUs?: number;
}

/** Joins each label event to its feature row by THE RULE above. `rows` may come in any order. */
export function pointInTimeJoin(
  rows: FeatureRows,
  events: LabelEvents,
  opts: PointInTimeOptions = {},
): PointInTimeResult {
  checkFeatureRows(rows);
  checkLabelEvents(events);
  return pointInTimeJoinChecked(rows, events, opts);
}

/**
 * `pointInTimeJoin` for inputs that already passed `checkFeatureRows` and
 * `checkLabelEvents` (the offline store's own scan output): spares two
 * passes over tens of millions of values.
 */
export function pointInTimeJoinChecked(
  rows: FeatureRows,
  events: LabelEvents,
  opts: PointInTimeOptions = {},
): PointInTimeResult {
  const maxAge = opts.maxAgeUs ?? Number.POSITIVE_INFINITY;
  if (!(maxAge >= 0)) {
    throw new DataError(ErrorCode.InvalidInput, `maxAgeUs = ${maxAge} is negative`, {
      column: 'maxAgeUs',
      rule: 'maxAgeUs is ≥ 0 µs',
    });
  }
  const { ts, knownAt, matrix, nCols } = rows;
  const times = events.times;
  const nEvents = times.length;
  let nSym = 0;
  for (let i = 0; i < rows.symbolIds.length; i++) nSym = Math.max(nSym, rows.symbolIds[i]! + 1);
  for (let i = 0; i < nEvents; i++) nSym = Math.max(nSym, events.symbolIds[i]! + 1);

  // Step B.
  const avail = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) avail[i] = Math.max(ts[i]!, knownAt[i]!);
  const [rowStart, rowOrder] = orderBySymbolThenKey(rows.symbolIds, avail, nSym);
  const [evStart, evOrder] = orderBySymbolThenKey(events.symbolIds, times, nSym);

  // Step C: the matched row per event (−1: none).
  const match = new Int32Array(nEvents).fill(-1);
  for (let s = 0; s < nSym; s++) {
    let r = rowStart[s]!;
    const rEnd = rowStart[s + 1]!;
    let best = -1;
    let bestTs = Number.NEGATIVE_INFINITY;
    let bestKnown = Number.NEGATIVE_INFINITY;
    for (let k = evStart[s]!; k < evStart[s + 1]!; k++) {
      const e = evOrder[k]!;
      const t = times[e]!;
      for (; r < rEnd; r++) {
        const i = rowOrder[r]!;
        if (avail[i]! > t) break;
        const rt = ts[i]!;
        const rk = knownAt[i]!;
        // Steps 2, 3, 4.
        if (rt > bestTs || (rt === bestTs && (rk > bestKnown || (rk === bestKnown && i > best)))) {
          best = i;
          bestTs = rt;
          bestKnown = rk;
        }
      }
      // Step 1's maxAgeUs, via D.
      if (best >= 0 && bestTs >= t - maxAge) match[e] = best;
    }
  }

  // Step E: gather in event order, so the output is written sequentially (step 5: NaN where none).
  const out = new Float64Array(nEvents * nCols);
  const featureTs = new Float64Array(nEvents);
  const featureKnownAt = new Float64Array(nEvents);
  for (let e = 0; e < nEvents; e++) {
    const i = match[e]!;
    const dst = e * nCols;
    if (i < 0) {
      featureTs[e] = Number.NaN;
      featureKnownAt[e] = Number.NaN;
      for (let c = 0; c < nCols; c++) out[dst + c] = Number.NaN;
      continue;
    }
    featureTs[e] = ts[i]!;
    featureKnownAt[e] = knownAt[i]!;
    const src = i * nCols;
    for (let c = 0; c < nCols; c++) out[dst + c] = matrix[src + c]!;
  }
  return { matrix: out, nCols, featureTs, featureKnownAt };
}

/**
 * Indices ordered by (symbol id, key, index): bucket starts (nSym + 1 entries)
 * and the order. A stable counting sort by symbol, then each bucket that is
 * not already in key order is radix-sorted on its own (cache-sized pieces).
 */
function orderBySymbolThenKey(
  symbolIds: Int32Array,
  key: Float64Array,
  nSym: number,
): [Int32Array, Int32Array] {
  const n = symbolIds.length;
  const start = new Int32Array(nSym + 1);
  for (let i = 0; i < n; i++) start[symbolIds[i]! + 1]!++;
  let largest = 0;
  for (let s = 0; s < nSym; s++) {
    largest = Math.max(largest, start[s + 1]!);
    start[s + 1]! += start[s]!;
  }
  const fill = start.slice(0, nSym);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[symbolIds[i]!]!++] = i;
  const scratch = new SegmentScratch(largest);
  for (let s = 0; s < nSym; s++) {
    const lo = start[s]!;
    const hi = start[s + 1]!;
    let sorted = true;
    for (let k = lo + 1; k < hi && sorted; k++) sorted = key[order[k]!]! >= key[order[k - 1]!]!;
    if (!sorted) scratch.sortNearlySorted(order.subarray(lo, hi), key);
  }
  return [start, order];
}

/** Above this share of out-of-place entries a bucket is radix-sorted whole. */
const MAX_STRAGGLER_SHARE = 1 / 8;

/** 11-bit digits: 2,048 counters stay in L1 cache. */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * Buffers for sorting one bucket of indices by an integer key (µs times),
 * reused across buckets. Hand-written LSD radix sort: a comparator sort of
 * millions of indices is several times slower.
 */
class SegmentScratch {
  /** Two sets of (index, low word, high word) arrays; each pass moves from one to the other. */
  private idx2: Int32Array;
  private lo: Uint32Array;
  private hi: Uint32Array;
  private lo2: Uint32Array;
  private hi2: Uint32Array;
  private readonly count = new Int32Array(RADIX + 1);

  /** Split of a nearly sorted bucket: the in-order entries and the stragglers. */
  private readonly inOrder: Int32Array;
  private readonly stragglers: Int32Array;

  constructor(capacity: number) {
    this.inOrder = new Int32Array(capacity);
    this.stragglers = new Int32Array(capacity);
    this.idx2 = new Int32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.hi = new Uint32Array(capacity);
    this.lo2 = new Uint32Array(capacity);
    this.hi2 = new Uint32Array(capacity);
  }

  /**
   * Sorts `idx` (indices into `key`) by key when few entries are out of
   * place, as feature rows read in (ts, known_at) order are: a restated row
   * becomes available late. An entry is a straggler when some later entry
   * has a smaller key (one backward pass); the rest are in order by
   * construction, the few stragglers are sorted alone and merged back.
   * Entries with equal keys may change order (the join does not care).
   */
  sortNearlySorted(idx: Int32Array, key: Float64Array): void {
    const m = idx.length;
    const { inOrder, stragglers } = this;
    let nIn = m;
    let nOut = m;
    let min = Number.POSITIVE_INFINITY;
    // Filled back to front: both lists keep idx order.
    for (let k = m - 1; k >= 0; k--) {
      const i = idx[k]!;
      const v = key[i]!;
      if (v > min) stragglers[--nOut] = i;
      else {
        inOrder[--nIn] = i;
        min = v;
      }
    }
    const out = stragglers.subarray(nOut, m);
    if (out.length > m * MAX_STRAGGLER_SHARE) {
      this.radixSort(idx, key);
      return;
    }
    this.radixSort(out, key);
    let a = nIn;
    let b = 0;
    for (let k = 0; k < m; k++) {
      if (b === out.length || (a < m && key[inOrder[a]!]! <= key[out[b]!]!)) idx[k] = inOrder[a++]!;
      else idx[k] = out[b++]!;
    }
  }

  /**
   * Stably sorts `idx` (indices into `key`) by key: 11-bit digits of
   * key − min (< 2^53, kept as two 32-bit words that travel with the indices),
   * lowest first, only as many as the bucket's range needs.
   */
  radixSort(idx: Int32Array, key: Float64Array): void {
    const m = idx.length;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      const v = key[idx[k]!]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let { lo, hi, lo2, hi2, idx2 } = this;
    for (let k = 0; k < m; k++) {
      const d = key[idx[k]!]! - min;
      hi[k] = Math.floor(d / 4294967296);
      lo[k] = d % 4294967296;
    }
    let src = idx;
    const count = this.count;
    let passes = 0;
    for (let range = max - min; range >= 1; range = Math.floor(range / RADIX)) passes++;
    for (let p = 0; p < passes; p++) {
      count.fill(0);
      for (let k = 0; k < m; k++) count[digit(lo[k]!, hi[k]!, p) + 1]!++;
      for (let d = 0; d < RADIX; d++) count[d + 1]! += count[d]!;
      for (let k = 0; k < m; k++) {
        const at = count[digit(lo[k]!, hi[k]!, p)]!++;
        idx2[at] = src[k]!;
        lo2[at] = lo[k]!;
        hi2[at] = hi[k]!;
      }
      [src, idx2] = [idx2, src];
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    }
    if (src !== idx) idx.set(src.subarray(0, m));
    // Keep the full-size buffers whichever way the last pass left them.
    this.idx2 = idx2 === idx ? src : idx2;
    this.lo = lo;
    this.hi = hi;
    this.lo2 = lo2;
    this.hi2 = hi2;
  }
}

/** 11-bit digit `pass` (0 = lowest) of the 53-bit number hi·2^32 + lo. */
function digit(lo: number, hi: number, pass: number): number {
  switch (pass) {
    case 0:
      return lo & 0x7ff;
    case 1:
      return (lo >>> 11) & 0x7ff;
    case 2:
      return (lo >>> 22) | ((hi & 1) << 10);
    case 3:
      return (hi >>> 1) & 0x7ff;
    default:
      return (hi >>> 12) & 0x7ff;
  }
}
