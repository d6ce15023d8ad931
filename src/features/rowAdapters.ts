/**
 * The two bridges between `Indicator.update` (one bar as a FeatureInput) and
 * `Indicator.run` (rows as InputBlock), so that an indicator writes its code
 * once and can be driven either way: the built-ins write `run` and get
 * `update` from `updateByRun`; an indicator from elsewhere that only has
 * `update` is driven over blocks by `runByUpdate`. The scratch row and input
 * are module-wide: JavaScript is single-threaded and an indicator never calls
 * into another one while it updates.
 */

import { emptyFeatureInput, type FeatureInput, type Indicator } from './indicator.js';
import { InputBlock } from './inputBlock.js';

const ROW = new InputBlock(1);
const INPUT = emptyFeatureInput();
/** Where `updateByRun` lets `run` write its outputs (stride 0, so the widest indicator fits). */
const SINK = new Float64Array(64);

/** One bar into an indicator whose code is its `run`: the bar as a one-row block. */
export function updateByRun(ind: Required<Pick<Indicator, 'run'>>, input: FeatureInput): void {
  ROW.setRow(0, input);
  ind.run(ROW, 0, 1, SINK, 0, 0);
}

/** Rows [from, to) into an indicator that only has `update` (same contract as `Indicator.run`). */
export function runByUpdate(
  ind: Indicator,
  cols: InputBlock,
  from: number,
  to: number,
  dst: Float64Array,
  at: number,
  stride: number,
): void {
  for (let i = from; i < to; i++, at += stride) {
    cols.getRow(i, INPUT);
    ind.update(INPUT);
    ind.write(dst, at);
  }
}
