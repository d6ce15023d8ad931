/**
 * How the engine lays out one symbol stream in memory: the state of every
 * indicator of the stream in ONE Float64Array (each built-in moves its
 * PackedState there; an indicator from elsewhere keeps its own state and
 * `write`s its outputs into a part reserved for them), and the slot each
 * output column is read from after an update. A universe tick then reads one
 * contiguous block per symbol, and a row is gathered from that block in one
 * loop instead of a call per indicator.
 */
import type { ResolvedFeature } from './featureSet.js';
import type { Indicator } from './indicator.js';
import { PackedState } from './state/packedState.js';

/** One symbol's indicators and the array holding their state. */
export interface Stream {
  readonly indicators: readonly Indicator[];
  readonly state: Float64Array;
}

export class StreamLayout {
  /** Slots of a stream's state array. */
  readonly size: number;
  /** Per indicator: where an indicator that keeps its own state writes its outputs after each update; -1 for a built-in. */
  readonly writeAt: Int32Array;
  /** Per output column: the slot holding its value after an update. */
  readonly source: Int32Array;
  private readonly features: readonly ResolvedFeature[];
  /** Per indicator: where its state (or, for a foreign one, its outputs) starts. */
  private readonly at: Int32Array;

  /** The layout for `features` with `width` output columns, measured on one probe instance of each. */
  constructor(features: readonly ResolvedFeature[], width: number) {
    this.features = features;
    this.at = new Int32Array(features.length);
    this.writeAt = new Int32Array(features.length).fill(-1);
    this.source = new Int32Array(width);
    let size = 0;
    for (let j = 0; j < features.length; j++) {
      const f = features[j]!;
      const probe = f.create();
      this.at[j] = size;
      let first = size;
      if (probe instanceof PackedState) {
        first += probe.outputSlot;
        size += probe.stateSize;
      } else {
        this.writeAt[j] = size;
        size += f.outputs.length;
      }
      for (let q = 0; q < f.selected.length; q++) this.source[f.columnIndex[q]!] = first + f.selected[q]!;
    }
    this.size = size;
  }

  /** Fresh indicators for one symbol, their state moved into one new array. */
  createStream(): Stream {
    const state = new Float64Array(this.size);
    const indicators = this.features.map((f, j) => {
      const ind = f.create();
      if (ind instanceof PackedState) ind.moveState(state, this.at[j]!);
      return ind;
    });
    return { indicators, state };
  }
}
