/**
 * Base of the state building blocks. A block's state is `stateSize` float64
 * slots laid out exactly as its snapshot, at s[o …]: an array of its own until
 * `bind` moves it into a region of a larger one (its indicator's, and through
 * the engine one array per symbol stream), so a stream's numbers sit in one
 * contiguous run of memory reached through one array object, instead of
 * hundreds of separately allocated arrays.
 *
 * Double scalars live in the slots, since V8 keeps every double field in a heap
 * number of its own. Small integers (ring heads, counts) stay in fields, which
 * V8 stores inline, and are copied into their slots only for a snapshot
 * (`writeFields`/`readFields`): slot access costs more bytecode than a field,
 * V8 counts bytecode against a per-function inlining budget, and an indicator
 * whose blocks do not all inline boxes their double results on every bar (the
 * indicators with many blocks push same-type blocks through one loop for the
 * same reason). Blocks address their slots with literal offsets from `o` (each
 * documents its layout): a module constant costs a context load and a hole
 * check in bytecode.
 *
 * Integer sizes are stored as `n | 0`: a parameter read from an array that also
 * holds a fractional one (cci's 0.015) arrives as a heap number, and a single
 * such store turns the field into a boxed double for every instance of the
 * class, one more pointer to chase on every bar.
 */
import type { Stateful } from './snapshotCodec.js';

export abstract class SlotBlock implements Stateful {
  readonly stateSize: number;
  /** The array holding the slots (its own, or once bound a larger shared one) and the index of slot 0 in it. */
  protected s: Float64Array;
  protected o = 0;

  protected constructor(stateSize: number) {
    this.stateSize = stateSize | 0;
    this.s = new Float64Array(stateSize);
  }

  save(dst: Float64Array, at: number): void {
    this.writeFields();
    dst.set(this.s.subarray(this.o, this.o + this.stateSize), at);
  }

  load(src: Float64Array, at: number): void {
    this.s.set(src.subarray(at, at + this.stateSize), this.o);
    this.readFields();
  }

  bind(arena: Float64Array, at: number): void {
    this.writeFields();
    arena.set(this.s.subarray(this.o, this.o + this.stateSize), at);
    this.s = arena;
    this.o = at;
  }

  /** Copies field-held state into its slots (before the slots are read as a whole). */
  protected writeFields(): void {}

  /** Reads field-held state back from its slots (after they were written as a whole). */
  protected readFields(): void {}

  abstract reset(): void;
}
