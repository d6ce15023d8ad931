/**
 * Look-ahead tests: a label at row i may depend only on bars in its declared
 * window [t_i, t1_i] and on volatility from bars ≤ t_i (the `lookback` bars
 * before it). Mutating every bar after the window, or every bar before the
 * volatility window, must leave the row's outputs bit-identical.
 */
import { describe, expect, it } from 'vitest';
import { BarFrame } from '../core/barFrame.js';
import { Rng } from '../core/random.js';
import { fixedHorizonLabels } from './fixedHorizon.js';
import { randomWalkFrame } from './fixtures.js';
import { metaLabels } from './metaLabels.js';
import { tripleBarrierLabels } from './tripleBarrier.js';
import type { LabelColumns } from './types.js';

type Labeler = (frame: BarFrame) => LabelColumns & { volatility?: Float64Array; barrier?: Int8Array };

const LOOKBACK = 30;
const rng = new Rng(20240611);
const frame = randomWalkFrame(rng, 3, 400, 0.004);
const sides = new Int8Array(frame.length);
for (let i = 0; i < sides.length; i++) sides[i] = rng.int(3) - 1;

const barrierOpts = { horizon: 12, volSpan: 10, volLookback: LOOKBACK, profitTake: 1.5, stopLoss: 1 };
const labelers: Array<[string, Labeler, number]> = [
  ['fixed horizon', (f) => fixedHorizonLabels(f, { horizon: 12, classes: 'ternary' }), 0],
  ['triple barrier on closes', (f) => tripleBarrierLabels(f, barrierOpts), LOOKBACK],
  [
    'triple barrier on high/low',
    (f) => tripleBarrierLabels(f, { ...barrierOpts, touch: 'highLow' }),
    LOOKBACK,
  ],
  ['meta-labels', (f) => metaLabels(f, sides, barrierOpts), LOOKBACK],
];

/** A deep copy whose rows in [from, to) are all scaled by one random factor per bar (OHLC stay consistent). */
function mutated(src: BarFrame, from: number, to: number, r: Rng): BarFrame {
  const f = BarFrame.concat(src.symbols, [src]);
  for (let k = from; k < to; k++) {
    const m = Math.exp(0.05 * r.normal());
    f.open[k] = f.open[k]! * m;
    f.high[k] = f.high[k]! * m;
    f.low[k] = f.low[k]! * m;
    f.close[k] = f.close[k]! * m;
  }
  return f;
}

function row(out: ReturnType<Labeler>, i: number): number[] {
  return [
    out.label[i]!,
    out.t1[i]!,
    out.fwdReturn[i]!,
    out.endRow[i]!,
    out.volatility?.[i] ?? 0,
    out.barrier?.[i] ?? 0,
  ];
}

describe.each(labelers)('%s', (_name, labeler, lookback) => {
  const base = labeler(frame);
  const cuts = [150, 420, 700, 1050];

  it('has enough labelled rows for the checks to mean something', () => {
    let labelled = 0;
    for (let i = 0; i < frame.length; i++) if (!Number.isNaN(base.label[i])) labelled++;
    expect(labelled).toBeGreaterThan(frame.length / 4);
  });

  it('ignores every bar after the label window', () => {
    for (const k of cuts) {
      const out = labeler(mutated(frame, k, frame.length, new Rng(k)));
      let checked = 0;
      for (let i = 0; i < k; i++) {
        if (base.endRow[i]! < 0 || base.endRow[i]! >= k) continue;
        expect(row(out, i)).toEqual(row(base, i));
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
    }
  });

  it('ignores every bar before the volatility window', () => {
    for (const k of cuts) {
      const out = labeler(mutated(frame, 0, k, new Rng(k)));
      let checked = 0;
      for (let i = k + lookback; i < frame.length; i++) {
        expect(row(out, i)).toEqual(row(base, i));
        if (base.endRow[i]! >= 0) checked++;
      }
      expect(checked).toBeGreaterThan(50);
    }
  });

  it('does see a bar inside the window (control: the checks above can fail)', () => {
    const i = base.endRow.findIndex((e, k) => e > k + 1);
    // A 50 % jump on the bar after the event crosses any barrier and any threshold there.
    const f = BarFrame.concat(frame.symbols, [frame]);
    for (let k = i + 1; k < frame.length; k++) {
      for (const col of [f.open, f.high, f.low, f.close]) col[k] = col[k]! * (sides[i] === -1 ? 0.5 : 1.5);
    }
    expect(row(labeler(f), i)).not.toEqual(row(base, i));
  });
});
