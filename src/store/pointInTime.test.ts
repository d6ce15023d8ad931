import { describe, expect, it } from 'vitest';
import { AlphaflowError, ErrorCode } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { FeatureRows, LabelEvents } from './featureRows.js';
import { type PointInTimeResult, pointInTimeJoin } from './pointInTime.js';

/**
 * Deliberately naive oracle: for every event, scan every row and keep the
 * best candidate by the rule's plain words. O(events × rows), no sorting.
 */
function oracle(
  rows: FeatureRows,
  events: LabelEvents,
  maxAgeUs = Number.POSITIVE_INFINITY,
): PointInTimeResult {
  const n = events.times.length;
  const { nCols } = rows;
  const matrix = new Float64Array(n * nCols).fill(Number.NaN);
  const featureTs = new Float64Array(n).fill(Number.NaN);
  const featureKnownAt = new Float64Array(n).fill(Number.NaN);
  for (let e = 0; e < n; e++) {
    const t = events.times[e]!;
    let best = -1;
    for (let i = 0; i < rows.ts.length; i++) {
      const candidate =
        rows.symbolIds[i] === events.symbolIds[e] &&
        rows.ts[i]! <= t &&
        rows.knownAt[i]! <= t &&
        rows.ts[i]! >= t - maxAgeUs;
      if (!candidate) continue;
      const later =
        best < 0 ||
        rows.ts[i]! > rows.ts[best]! ||
        (rows.ts[i] === rows.ts[best] && rows.knownAt[i]! >= rows.knownAt[best]!);
      if (later) best = i;
    }
    if (best < 0) continue;
    featureTs[e] = rows.ts[best]!;
    featureKnownAt[e] = rows.knownAt[best]!;
    for (let c = 0; c < nCols; c++) matrix[e * nCols + c] = rows.matrix[best * nCols + c]!;
  }
  return { matrix, nCols, featureTs, featureKnownAt };
}

function rowsOf(
  list: Array<[symbol: number, ts: number, knownAt: number, ...values: number[]]>,
): FeatureRows {
  const nCols = list[0]!.length - 3;
  return {
    symbolIds: Int32Array.from(list, (r) => r[0]),
    ts: Float64Array.from(list, (r) => r[1]),
    knownAt: Float64Array.from(list, (r) => r[2]),
    matrix: Float64Array.from(list.flatMap((r) => r.slice(3))),
    nCols,
  };
}

function eventsOf(list: Array<[symbol: number, time: number]>): LabelEvents {
  return { symbolIds: Int32Array.from(list, (e) => e[0]), times: Float64Array.from(list, (e) => e[1]) };
}

/** Random rows with many ties: small time grid, restatements, late and instant knowledge, gaps. */
function randomCase(rng: Rng, nRows: number, nEvents: number, nSym: number): [FeatureRows, LabelEvents] {
  const nCols = 3;
  const symbolIds = new Int32Array(nRows);
  const ts = new Float64Array(nRows);
  const knownAt = new Float64Array(nRows);
  const matrix = new Float64Array(nRows * nCols);
  const seen = new Set<string>();
  for (let i = 0; i < nRows; i++) {
    let s: number;
    let t: number;
    let k: number;
    do {
      // Symbol nSym - 1 never gets rows: its events must all miss.
      s = rng.int(nSym - 1);
      t = rng.int(60) * 10;
      const lag = rng.next();
      k = t + (lag < 0.3 ? 0 : lag < 0.8 ? rng.int(3) * 10 : rng.int(40) * 10);
    } while (seen.has(`${s}/${t}/${k}`));
    seen.add(`${s}/${t}/${k}`);
    symbolIds[i] = s;
    ts[i] = t;
    knownAt[i] = k;
    for (let c = 0; c < nCols; c++) matrix[i * nCols + c] = rng.normal();
  }
  const ev = eventsOf(Array.from({ length: nEvents }, () => [rng.int(nSym), rng.int(100) * 10 - 50]));
  return [{ symbolIds, ts, knownAt, matrix, nCols }, ev];
}

function expectSame(got: PointInTimeResult, want: PointInTimeResult): void {
  expect(Array.from(got.featureTs)).toEqual(Array.from(want.featureTs));
  expect(Array.from(got.featureKnownAt)).toEqual(Array.from(want.featureKnownAt));
  expect(Array.from(got.matrix)).toEqual(Array.from(want.matrix));
}

describe('pointInTimeJoin', () => {
  it('never leaks a restatement learned later into an earlier event', () => {
    const t = 1_000_000;
    const rows = rowsOf([
      [0, t, t, 1.0],
      [0, t, t + 10, 2.0],
    ]);
    const r = pointInTimeJoin(
      rows,
      eventsOf([
        [0, t + 20],
        [0, t + 5],
        [0, t - 1],
      ]),
    );
    expect(Array.from(r.matrix)).toEqual([2.0, 1.0, Number.NaN]);
    expect(Array.from(r.featureTs)).toEqual([t, t, Number.NaN]);
    expect(Array.from(r.featureKnownAt)).toEqual([t + 10, t, Number.NaN]);
  });

  it('takes a newer row known earlier over an older row that arrived late', () => {
    // Row A: ts 1 known at 10 (late); row B: ts 5 known at 6. At t = 10 both are known; B is later in event time.
    const rows = rowsOf([
      [0, 1, 10, 100],
      [0, 5, 6, 500],
    ]);
    const r = pointInTimeJoin(
      rows,
      eventsOf([
        [0, 10],
        [0, 7],
        [0, 5],
      ]),
    );
    expect(Array.from(r.matrix)).toEqual([500, 500, Number.NaN]);
  });

  it('matches an event at exactly the row time only when the row is also known by then', () => {
    const rows = rowsOf([
      [0, 100, 100, 1],
      [0, 200, 201, 2],
    ]);
    const r = pointInTimeJoin(
      rows,
      eventsOf([
        [0, 100],
        [0, 200],
        [0, 201],
      ]),
    );
    expect(Array.from(r.matrix)).toEqual([1, 1, 2]);
  });

  it('leaves the past unchanged when the future is mutated (look-ahead)', () => {
    const rng = new Rng(11);
    const [rows, events] = randomCase(rng, 400, 300, 6);
    const cut = 300;
    const before = pointInTimeJoin(rows, events);
    const future = structuredClone(rows);
    // Everything not yet known at `cut` changes value, and a pile of new late rows appears.
    for (let i = 0; i < future.ts.length; i++) {
      if (Math.max(future.ts[i]!, future.knownAt[i]!) > cut) future.matrix[i * 3] = 1e9 + i;
    }
    const extra = rowsOf(
      Array.from({ length: 50 }, (_, i) => [i % 6, rng.int(60) * 10, cut + 1 + i, 7, 7, 7]),
    );
    const merged: FeatureRows = {
      symbolIds: Int32Array.from([...future.symbolIds, ...extra.symbolIds]),
      ts: Float64Array.from([...future.ts, ...extra.ts]),
      knownAt: Float64Array.from([...future.knownAt, ...extra.knownAt]),
      matrix: Float64Array.from([...future.matrix, ...extra.matrix]),
      nCols: 3,
    };
    const after = pointInTimeJoin(merged, events);
    let checked = 0;
    for (let e = 0; e < events.times.length; e++) {
      if (events.times[e]! > cut) continue;
      checked++;
      expect(after.featureTs[e]).toEqual(before.featureTs[e]);
      expect(after.featureKnownAt[e]).toEqual(before.featureKnownAt[e]);
      expect(Array.from(after.matrix.subarray(e * 3, e * 3 + 3))).toEqual(
        Array.from(before.matrix.subarray(e * 3, e * 3 + 3)),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('agrees with the naive oracle on random data with ties, restatements and missing symbols', () => {
    const rng = new Rng(20240611);
    let matched = 0;
    let missed = 0;
    for (let round = 0; round < 25; round++) {
      const [rows, events] = randomCase(rng, 1 + rng.int(300), 1 + rng.int(300), 2 + rng.int(8));
      const got = pointInTimeJoin(rows, events);
      expectSame(got, oracle(rows, events));
      for (const v of got.featureTs)
        if (Number.isNaN(v)) missed++;
        else matched++;
    }
    // The random cases really exercise both outcomes.
    expect(matched).toBeGreaterThan(1000);
    expect(missed).toBeGreaterThan(300);
  });

  it('agrees with the naive oracle when times span up to 2^52 µs either side of 1970, in shuffled order', () => {
    const rng = new Rng(77);
    for (const span of [2 ** 20, 2 ** 33, 2 ** 44, 2 ** 52]) {
      const n = 600;
      const at = (): number => Math.floor((rng.next() - 0.5) * span);
      const ts = Float64Array.from({ length: n }, at);
      const rows: FeatureRows = {
        symbolIds: Int32Array.from({ length: n }, () => rng.int(3)),
        ts,
        knownAt: Float64Array.from(
          ts,
          (t) => t + (rng.next() < 0.5 ? 0 : Math.floor(rng.next() * span * 0.01)),
        ),
        matrix: Float64Array.from({ length: n }, (_, i) => i),
        nCols: 1,
      };
      const events = eventsOf(Array.from({ length: 700 }, () => [rng.int(4), at()]));
      expectSame(pointInTimeJoin(rows, events), oracle(rows, events));
    }
  });

  it('agrees with the naive oracle on rows in stored (day, symbol, ts, knownAt) order, few or many restated', () => {
    const rng = new Rng(31);
    // 2 %: the late-known restatements are sorted alone and merged; 40 %: the bucket is sorted whole.
    for (const share of [0.02, 0.4]) {
      const list: Array<[number, number, number, number]> = [];
      for (let day = 0; day < 3; day++)
        for (let s = 0; s < 4; s++)
          for (let m = 0; m < 60; m++) {
            const t = day * 1000 + m * 10;
            list.push([s, t, t + 10, rng.normal()]);
            if (rng.next() < share) list.push([s, t, t + 10 + (1 + rng.int(50)) * 10, rng.normal()]);
          }
      const rows = rowsOf(list);
      const events = eventsOf(Array.from({ length: 400 }, () => [rng.int(5), rng.int(3100)]));
      expectSame(pointInTimeJoin(rows, events), oracle(rows, events));
    }
  });

  it('agrees with the naive oracle under maxAgeUs', () => {
    const rng = new Rng(5);
    for (let round = 0; round < 10; round++) {
      const [rows, events] = randomCase(rng, 200, 200, 4);
      const maxAgeUs = rng.int(5) * 20;
      expectSame(pointInTimeJoin(rows, events, { maxAgeUs }), oracle(rows, events, maxAgeUs));
    }
  });

  it('handles empty inputs', () => {
    const none = pointInTimeJoin(rowsOf([[0, 1, 1, 1]]), eventsOf([]));
    expect(none.matrix.length).toBe(0);
    const empty: FeatureRows = {
      symbolIds: new Int32Array(0),
      ts: new Float64Array(0),
      knownAt: new Float64Array(0),
      matrix: new Float64Array(0),
      nCols: 2,
    };
    expect(Array.from(pointInTimeJoin(empty, eventsOf([[3, 5]])).matrix)).toEqual([Number.NaN, Number.NaN]);
  });

  it('rejects misaligned columns and non-µs times with typed errors', () => {
    const bad = rowsOf([[0, 1, 1, 1]]);
    bad.knownAt = Float64Array.of(1, 2);
    expect(() => pointInTimeJoin(bad, eventsOf([[0, 1]]))).toThrow(AlphaflowError);
    try {
      pointInTimeJoin(rowsOf([[0, 1, 1, 1]]), eventsOf([[0, Number.NaN]]));
      expect.unreachable();
    } catch (err) {
      expect((err as AlphaflowError).code).toBe(ErrorCode.NonFinite);
    }
  });
});
