import { describe, expect, it } from 'vitest';
import { randomInputs } from './context/indicatorChecks.js';
import { emptyFeatureInput } from './indicator.js';
import { InputBlock } from './inputBlock.js';
import { createIndicator, listIndicators } from './registry.js';

describe('InputBlock', () => {
  it('gives back the bar it was given, ids included', () => {
    const bar = { ...randomInputs(1, 1)[0]!, bid: 9.5, ask: 10.5, bidSize: 3, askSize: 4, vwap: 10 };
    const cols = new InputBlock(3);
    cols.setRow(2, bar);
    const back = emptyFeatureInput();
    cols.getRow(2, back);
    expect(back).toEqual(bar);
    expect(Number.isNaN(cols.close[0]!)).toBe(true);
  });
});

describe('run and update', () => {
  it('give the same values bit for bit for every registered indicator, whatever the block boundaries', () => {
    const bars = randomInputs(11, 300);
    const cols = InputBlock.fromInputs(bars);
    // Blocks of 1, 2, 37, 128 and the rest: boundaries inside and across every warm-up.
    const cuts = [0, 1, 3, 40, 168, bars.length];
    for (const spec of listIndicators()) {
      const stepwise = createIndicator(spec.name);
      const blockwise = createIndicator(spec.name);
      const k = stepwise.outputs.length;
      const expected = new Float64Array(bars.length * k);
      bars.forEach((b, i) => {
        stepwise.update(b);
        stepwise.write(expected, i * k);
      });
      const got = new Float64Array(bars.length * k);
      for (let c = 0; c + 1 < cuts.length; c++)
        blockwise.run!(cols, cuts[c]!, cuts[c + 1]!, got, cuts[c]! * k, k);
      expect(Array.from(got), spec.name).toEqual(Array.from(expected));
      expect(blockwise.snapshot(), spec.name).toEqual(stepwise.snapshot());
    }
  });
});
