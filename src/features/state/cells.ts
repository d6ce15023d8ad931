/**
 * A few plain numbers of an indicator's own state (a running total, the last
 * valid close…) as a state block, so they are snapshotted, reset and packed
 * with the rest of the indicator's state.
 */
import { SlotBlock } from './slotBlock.js';

export class Cells extends SlotBlock {
  private readonly initial: Float64Array;

  /** One cell per value of `initial`, which is also what `reset` restores. */
  constructor(initial: readonly number[]) {
    super(initial.length);
    this.initial = Float64Array.from(initial);
    this.reset();
  }

  get(i: number): number {
    return this.s[this.o + i]!;
  }

  set(i: number, v: number): void {
    this.s[this.o + i] = v;
  }

  reset(): void {
    this.s.set(this.initial, this.o);
  }
}
