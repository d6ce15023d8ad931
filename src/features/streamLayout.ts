/**
 * How the engine lays out one symbol stream in memory: the state of every
 * indicator of the stream in ONE Float64Array (each built-in moves its
 * PackedState there; an indicator from elsewhere keeps its own state and
 * `write`s its outputs into a part reserved for them), and the slot each
 * output column is read from after an update. A universe tick then reads one
 * contiguous block per symbol, and a row is gathered from that block in one
 * loop instead of a call per indicator. For blocks of rows (batch mode) it
 * also says where each indicator's outputs go: straight into the output
 * matrix when the indicator's outputs are consecutive columns, else through a
 * scratch block and a gather.
 */
import type { ResolvedFeature } from './featureSet.js';
import type { Indicator } from './indicator.js';
import { PackedState } from './state/packedState.js';

/** An indicator's `run`, called with the indicator as `this`. */
export type RunFunction = NonNullable<Indicator['run']>;

/** One symbol's indicators and the array holding their state. */
export interface Stream {
  readonly indicators: readonly Indicator[];
  readonly state: Float64Array;
  /**
   * Per indicator: its `run` when it is a built-in, else undefined. The
   * layout's array, shared by every stream: the engine calls these rather
   * than `indicators[j].run`, a lookup by name over some thirty classes that
   * costs more than many an indicator's update.
   */
  readonly runs: readonly (RunFunction | undefined)[];
}

export class StreamLayout {
  /** Slots of a stream's state array. */
  readonly size: number;
  /** Per indicator: where an indicator that keeps its own state writes its outputs after each update; -1 for a built-in. */
  readonly writeAt: Int32Array;
  /** Per output column: the slot holding its value after an update. */
  readonly source: Int32Array;
  /** Per indicator: the column of output 0 when its outputs are all columns, in order; else -1. */
  readonly firstColumn: Int32Array;
  /** Per indicator: its number of outputs. */
  readonly outputCount: Int32Array;
  /** Largest outputCount. */
  readonly maxOutputs: number;
  /** Per indicator: the built-in's `run` (the same function for every instance of its feature), else undefined. */
  private readonly runs: (RunFunction | undefined)[] = [];
  private readonly features: readonly ResolvedFeature[];
  /** Per indicator: where its state (or, for a foreign one, its outputs) starts. */
  private readonly at: Int32Array;

  /** The layout for `features` with `width` output columns, measured on one probe instance of each. */
  constructor(features: readonly ResolvedFeature[], width: number) {
    this.features = features;
    this.at = new Int32Array(features.length);
    this.writeAt = new Int32Array(features.length).fill(-1);
    this.source = new Int32Array(width);
    this.firstColumn = new Int32Array(features.length).fill(-1);
    this.outputCount = new Int32Array(features.length);
    let size = 0;
    let maxOutputs = 1;
    for (let j = 0; j < features.length; j++) {
      const f = features[j]!;
      const probe = f.create();
      this.at[j] = size;
      let first = size;
      const n = f.outputs.length;
      this.outputCount[j] = n;
      maxOutputs = Math.max(maxOutputs, n);
      if (
        f.selected.length === n &&
        f.selected.every((q, k) => q === k && f.columnIndex[k] === f.columnIndex[0]! + k)
      )
        this.firstColumn[j] = f.columnIndex[0]!;
      if (probe instanceof PackedState && typeof probe.run === 'function') {
        first += probe.outputSlot;
        size += probe.stateSize;
        this.runs.push(probe.run);
      } else {
        this.writeAt[j] = size;
        size += f.outputs.length;
        this.runs.push(undefined);
      }
      for (let q = 0; q < f.selected.length; q++) this.source[f.columnIndex[q]!] = first + f.selected[q]!;
    }
    this.size = size;
    this.maxOutputs = maxOutputs;
  }

  /** The columns (output number, column) an indicator's outputs go to. */
  routes(j: number): { readonly selected: readonly number[]; readonly columnIndex: readonly number[] } {
    return this.features[j]!;
  }

  /** Fresh indicators for one symbol, their state moved into one new array. */
  createStream(): Stream {
    const state = new Float64Array(this.size);
    let shared = true;
    const indicators = this.features.map((f, j) => {
      const ind = f.create();
      if (this.writeAt[j]! < 0 && ind instanceof PackedState) ind.moveState(state, this.at[j]!);
      if (this.runs[j] !== undefined && ind.run !== this.runs[j]) shared = false;
      return ind;
    });
    // A feature whose instances are not all of one class gets its own table.
    const runs = shared
      ? this.runs
      : indicators.map((ind, j) => (this.runs[j] === undefined ? undefined : ind.run));
    return { indicators, state, runs };
  }
}
