/**
 * Plumbing shared by the built-in indicators: the outputs array behind
 * `value(k)`, the `ready` latch, and snapshot/restore/reset over the state
 * parts each indicator declares once in its constructor. Each subclass writes
 * its own `update` (so property accesses there stay monomorphic) and ends it
 * with `if (!this.warm) this.settle()`.
 */
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import { decodeState, encodeState, type StatePart, stateKind } from '../state/snapshotCodec.js';
import { type BoundedParam, formatToken, resolveParams } from './params.js';

export abstract class BaseIndicator implements Indicator {
  readonly outputs: readonly string[];
  /** Canonical token, e.g. 'rsi:14'. */
  readonly token: string;
  /** Current output values, index = output number. */
  protected readonly out: Float64Array;
  /** Latched once every output has been valid together. */
  protected warm = false;
  private readonly kind: number;
  private readonly meta = new Float64Array(1);
  private parts: readonly StatePart[] = [];

  constructor(token: string, outputs: readonly string[]) {
    this.token = token;
    this.outputs = outputs;
    this.kind = stateKind(token);
    this.out = new Float64Array(outputs.length).fill(Number.NaN);
  }

  /** Declares the state parts (blocks and raw arrays) that snapshot/restore/reset cover, in a fixed order. */
  protected track(...parts: StatePart[]): void {
    this.parts = [this.meta, this.out, ...parts];
  }

  /** Restores the indicator's own raw-array state after `reset` (blocks reset themselves). */
  protected resetOwn(): void {}

  abstract update(input: FeatureInput): void;

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

  snapshot(): Uint8Array {
    this.meta[0] = this.warm ? 1 : 0;
    return encodeState(this.kind, this.parts);
  }

  restore(bytes: Uint8Array): void {
    decodeState(this.kind, bytes, this.parts, this.token);
    this.warm = this.meta[0] === 1;
  }

  reset(): void {
    for (const p of this.parts) if (!(p instanceof Float64Array)) p.reset();
    this.out.fill(Number.NaN);
    this.warm = false;
    this.resetOwn();
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
