import { describe, expect, it } from 'vitest';
import { randomInputs } from '../context/indicatorChecks.js';
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../indicator.js';
import { createIndicator, listIndicators } from '../registry.js';
import { PackedState } from './packedState.js';

const BARS = randomInputs(11, 400);

/** Every registered indicator with its default params. */
const NAMES = listIndicators().map((s) => s.name);

function packed(name: string): PackedState & Indicator {
  const ind = createIndicator(name);
  if (!(ind instanceof PackedState)) throw new Error(`${name} does not pack its state`);
  return ind as PackedState & Indicator;
}

function feed(ind: Indicator, bars: readonly FeatureInput[]): void {
  const input = emptyFeatureInput();
  for (const b of bars) {
    Object.assign(input, b);
    ind.update(input);
  }
}

/** value(k) of every output. */
function values(ind: Indicator): number[] {
  return ind.outputs.map((_, k) => ind.value(k));
}

describe.each(NAMES)('%s state', (name) => {
  it('writes every output at the offset, as value(k), and nothing around them', () => {
    const ind = createIndicator(name);
    const k = ind.outputs.length;
    const out = new Float64Array(k + 4).fill(-9);
    feed(ind, BARS.slice(0, 250));
    ind.write(out, 2);
    expect([...out.subarray(2, 2 + k)]).toEqual(values(ind));
    expect([out[0], out[1], out[k + 2], out[k + 3]]).toEqual([-9, -9, -9, -9]);
  });

  it('continues bit-identically after moving into a shared array, with its outputs at outputSlot', () => {
    const still = packed(name);
    const moved = packed(name);
    feed(still, BARS.slice(0, 150));
    feed(moved, BARS.slice(0, 150));
    const at = 5;
    const arena = new Float64Array(at + moved.stateSize + 3).fill(-9);
    moved.moveState(arena, at);
    expect(moved.snapshot()).toEqual(still.snapshot());
    const input = emptyFeatureInput();
    for (const b of BARS.slice(150)) {
      Object.assign(input, b);
      still.update(input);
      moved.update(input);
      const v = values(moved);
      const w = values(still);
      for (let q = 0; q < v.length; q++) {
        expect(Object.is(v[q], w[q])).toBe(true);
        expect(Object.is(arena[at + moved.outputSlot + q], v[q])).toBe(true);
      }
    }
    expect([...arena.subarray(0, at), ...arena.subarray(at + moved.stateSize)]).toEqual(Array(8).fill(-9));
    expect(moved.ready).toBe(still.ready);
  });

  it('restores and resets in place once moved', () => {
    const source = packed(name);
    feed(source, BARS.slice(0, 200));
    const moved = packed(name);
    const arena = new Float64Array(moved.stateSize + 1);
    moved.moveState(arena, 1);
    moved.restore(source.snapshot());
    expect(moved.snapshot()).toEqual(source.snapshot());
    moved.reset();
    expect(moved.snapshot()).toEqual(packed(name).snapshot());
  });
});
