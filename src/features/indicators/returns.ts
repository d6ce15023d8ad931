/**
 * Returns over k bars: TTR's ROC (continuous ln C − ln C[−k] by default, or
 * discrete C/C[−k] − 1; fractions, not percent) and `logret`, the same
 * continuous return under the name feature sets usually use. O(1) per bar.
 */

import type { IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { RingBuffer } from '../state/ringBuffer.js';
import { BaseIndicator, defineSpec } from './base.js';

/** Return of the close over k bars, continuous (ln) or discrete; k leading NaNs. */
export class Roc extends BaseIndicator {
  private readonly past: RingBuffer;
  private readonly discrete: boolean;

  constructor(token: string, output: string, k: number, discrete: boolean) {
    super(token, [output]);
    this.past = new RingBuffer(k);
    this.discrete = discrete;
    this.track(this.past);
  }

  override run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const out = this.out;
    const discrete = this.discrete;
    // The ring holds closes for C/C[−k] − 1, log closes for ln C − ln C[−k] (TTR's diff(log(x), k)).
    const xs = discrete ? c.close : c.logClose;
    for (let i = from; i < to; i++, at += stride) {
      const x = xs[i]!;
      const old = this.past.push(x);
      out[0] = discrete ? x / old - 1 : x - old;
      if (!this.warm) this.settle();
      dst[at] = out[0]!;
    }
  }
}

const K = { name: 'k', default: 1, min: 1, integer: true } as const;

export const returnSpecs: IndicatorSpec[] = [
  defineSpec({
    name: 'roc',
    description:
      'Rate of change of the close over k bars as a fraction; discrete 0 = ln C − ln C[−k] (TTR default), 1 = C/C[−k] − 1',
    params: [K, { name: 'discrete', default: 0, min: 0, max: 1, integer: true }],
    outputs: ['roc'],
    make: (p, t) => new Roc(t, 'roc', p[0]!, p[1] === 1),
  }),
  defineSpec({
    name: 'logret',
    description: 'Log return of the close over k bars, ln C − ln C[−k]',
    params: [K],
    outputs: ['logret'],
    make: (p, t) => new Roc(t, 'logret', p[0]!, false),
  }),
];
