/**
 * Plumbing shared by the built-in indicators: the outputs behind `value(k)` and
 * `write`, the `ready` latch, and snapshot/restore/reset over the state parts
 * each indicator declares once in its constructor, all packed into one run of
 * slots (PackedState) laid out as [ready, outputs…, parts…]. Each subclass
 * writes its code once, as `run` over a block of rows (a loop of its own, so
 * property accesses there stay monomorphic and its blocks inline), ends each
 * row with `if (!this.warm) this.settle()`, and inherits `update` as a
 * one-row block.
 */

import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';
import type { Stateful } from '../state/snapshotCodec.js';
import { type BoundedParam, formatToken, resolveParams } from './params.js';

/** Slot of the ready latch; the outputs follow it. */
const READY = 0;
const OUT = 1;

export abstract class BaseIndicator extends PackedState implements Indicator {
  readonly outputs: readonly string[];
  /** Current output values, index = output number (a view of the state's output slots). */
  protected out: Float64Array;
  /** Latched once every output has been valid together (mirrored in the READY slot for snapshots). */
  protected warm = false;

  constructor(token: string, outputs: readonly string[]) {
    super(token);
    this.outputs = outputs;
    this.out = new Float64Array(outputs.length);
  }

  /** Declares the state parts that snapshot/restore/reset cover, in a fixed order; ends the subclass constructor. */
  protected track(...parts: Stateful[]): void {
    this.pack(OUT + this.outputs.length, parts);
    this.outputSlot = OUT;
    this.moved();
    this.out.fill(Number.NaN);
  }

  protected override moved(): void {
    this.out = this.state.subarray(OUT, OUT + this.outputs.length);
  }

  protected override beforeSnapshot(): void {
    this.state[READY] = this.warm ? 1 : 0;
  }

  protected override restored(): void {
    this.warm = this.state[READY] === 1;
  }

  /** One bar, as a one-row block through `run`. */
  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  /** Rows [from, to) of `cols` (see Indicator.run): the indicator's one update code. */
  abstract run(
    cols: InputBlock,
    from: number,
    to: number,
    dst: Float64Array,
    at: number,
    stride: number,
  ): void;

  /**
   * True when `run` may hand the rest of its block to a loop that keeps the
   * state in locals (see Ema): the indicator is warm and at least two rows
   * remain. One-row blocks (streaming) stay on the blocks' push: V8 may
   * optimize `run` while every stream is still warming up, and calls in a loop
   * it never saw run are compiled without inlining, boxing every double passed
   * (measured: ~100 bytes of garbage per bar and indicator).
   */
  protected steady(rowsLeft: number): boolean {
    return this.warm && rowsLeft > 1;
  }

  /**
   * Makes the outputs `run` just wrote to dst[at …] the current ones (`value`,
   * `write`, the stream's slots) and latches `ready` once all are valid: for a
   * loop that writes rows straight to dst, per row until warm and once for the
   * block's last row.
   */
  protected adoptRow(dst: Float64Array, at: number): void {
    const out = this.out;
    for (let k = 0; k < out.length; k++) out[k] = dst[at + k]!;
    if (!this.warm) this.settle();
  }

  /** Latches `ready` when every output is valid; called from `update` until it is. */
  protected settle(): void {
    const out = this.out;
    for (let k = 0; k < out.length; k++) if (Number.isNaN(out[k])) return;
    this.warm = true;
  }

  value(k = 0): number {
    return this.out[k] ?? Number.NaN;
  }

  write(out: Float64Array, offset: number): void {
    const src = this.out;
    for (let k = 0; k < src.length; k++) out[offset + k] = src[k]!;
  }

  get ready(): boolean {
    return this.warm;
  }

  reset(): void {
    this.resetParts();
    this.out.fill(Number.NaN);
    this.warm = false;
  }
}

/** What an indicator family declares; `defineSpec` turns it into a registry IndicatorSpec. */
export interface IndicatorDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: readonly BoundedParam[];
  /** Output suffixes for resolved params. */
  readonly outputs: readonly string[] | ((params: readonly number[]) => readonly string[]);
  /** Builds the indicator from resolved params and its canonical token. */
  make(params: readonly number[], token: string): Indicator;
}

/** An IndicatorSpec whose `create`/`outputs` fill defaults and validate params (E_CONFIG) first. */
export function defineSpec(def: IndicatorDefinition): IndicatorSpec {
  const outs = def.outputs;
  return {
    name: def.name,
    description: def.description,
    params: def.params,
    outputs: (params) =>
      typeof outs === 'function' ? outs(resolveParams(def.name, def.params, params)) : outs,
    create: (params) => {
      const p = resolveParams(def.name, def.params, params);
      return def.make(p, formatToken(def.name, p));
    },
  };
}
