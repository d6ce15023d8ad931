/**
 * Features read straight off the current bar's input, with no history:
 * quotes (`spread`, `obi`), the session clock (`tod`, `mtc`) and the
 * categorical ids (`symbol_id`, `sector_id`). None uses volume. Ready after the
 * first bar; NaN when the input they read is unknown.
 */
import { MICROS_PER_MINUTE } from '../../core/time.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import type { InputBlock } from '../inputBlock.js';
import { updateByRun } from '../rowAdapters.js';
import { PackedState } from '../state/packedState.js';

/** Slots: [bars seen, current value]. */
const SEEN = 0;
const VALUE = 1;
const SLOTS = 2;

/** A pure function of one bar: row i of a block. */
export type InputFunction = (c: InputBlock, i: number) => number;

/** Quoted spread in bps of the mid: 1e4·(ask − bid)/((ask + bid)/2). */
export function spreadBps(c: InputBlock, i: number): number {
  const ask = c.ask[i]!;
  const bid = c.bid[i]!;
  return (2e4 * (ask - bid)) / (ask + bid);
}

/** Order-book imbalance, fraction in [−1, 1]: (bidSize − askSize)/(bidSize + askSize); NaN for an empty book. */
export function bookImbalance(c: InputBlock, i: number): number {
  const bidSize = c.bidSize[i]!;
  const askSize = c.askSize[i]!;
  const total = bidSize + askSize;
  return total > 0 ? (bidSize - askSize) / total : Number.NaN;
}

/** Minutes from the session open to the bar's open time. */
export function minutesSinceOpen(c: InputBlock, i: number): number {
  return (c.ts[i]! - c.sessionOpen[i]!) / MICROS_PER_MINUTE;
}

/** Minutes from the bar's open time to the session close. */
export function minutesToClose(c: InputBlock, i: number): number {
  return (c.sessionClose[i]! - c.ts[i]!) / MICROS_PER_MINUTE;
}

/** The interned symbol id (NaN when unknown, which the model treats as missing). */
export function symbolIdOf(c: InputBlock): number {
  return c.symbolId >= 0 ? c.symbolId : Number.NaN;
}

/** The sector id (NaN when unknown). */
export function sectorIdOf(c: InputBlock): number {
  return c.sectorId >= 0 ? c.sectorId : Number.NaN;
}

/** The input functions by code; InputFeature switches on the code (see there). */
const INPUT_FUNCTIONS: readonly InputFunction[] = [
  spreadBps,
  bookImbalance,
  minutesSinceOpen,
  minutesToClose,
  symbolIdOf,
  sectorIdOf,
];

/** `fn` of row i, for fn = INPUT_FUNCTIONS[code]: a switch, so that each call inlines. */
function inputValue(code: number, c: InputBlock, i: number): number {
  switch (code) {
    case 0:
      return spreadBps(c, i);
    case 1:
      return bookImbalance(c, i);
    case 2:
      return minutesSinceOpen(c, i);
    case 3:
      return minutesToClose(c, i);
    case 4:
      return symbolIdOf(c);
    default:
      return sectorIdOf(c);
  }
}

/**
 * An indicator whose value is `fn` of the latest bar, fn one of the input
 * functions above. It dispatches on a code rather than calling a stored `fn`:
 * a call through a field that holds six different functions is not inlined,
 * and its double result would be boxed on every bar.
 */
export class InputFeature extends PackedState implements Indicator {
  readonly outputs: readonly string[];
  private readonly code: number;

  constructor(
    readonly name: string,
    fn: InputFunction,
  ) {
    super(name);
    this.code = INPUT_FUNCTIONS.indexOf(fn);
    if (this.code < 0) throw new RangeError(`input feature '${name}': not one of the input functions`);
    this.outputs = [name];
    this.pack(SLOTS, []);
    this.outputSlot = VALUE;
    this.reset();
  }

  update(input: FeatureInput): void {
    updateByRun(this, input);
  }

  run(c: InputBlock, from: number, to: number, dst: Float64Array, at: number, stride: number): void {
    const st = this.state;
    const code = this.code;
    for (let i = from; i < to; i++, at += stride) {
      st[SEEN]!++;
      const v = inputValue(code, c, i);
      st[VALUE] = v;
      dst[at] = v;
    }
  }

  value(): number {
    return this.state[VALUE]!;
  }

  write(out: Float64Array, offset: number): void {
    out[offset] = this.state[VALUE]!;
  }

  get ready(): boolean {
    return this.state[SEEN]! > 0;
  }

  reset(): void {
    this.state[SEEN] = 0;
    this.state[VALUE] = Number.NaN;
  }
}

/** An IndicatorSpec that also says whether its output is a category code rather than a number. */
export interface ContextIndicatorSpec extends IndicatorSpec {
  /** True when the model must treat the output as categorical. */
  readonly categorical: boolean;
}

function inputSpec(
  name: string,
  description: string,
  fn: InputFunction,
  categorical = false,
): ContextIndicatorSpec {
  return {
    name,
    description,
    params: [],
    categorical,
    outputs: () => [name],
    create: () => new InputFeature(name, fn),
  };
}

/** Registry entries of the input features. */
export const spreadSpec = inputSpec('spread', 'Quoted spread at the bar close, bps of the mid', spreadBps);
export const obiSpec = inputSpec(
  'obi',
  'Top-of-book imbalance (bidSize − askSize)/(bidSize + askSize)',
  bookImbalance,
);
export const todSpec = inputSpec('tod', 'Minutes from the session open to the bar open', minutesSinceOpen);
export const mtcSpec = inputSpec('mtc', 'Minutes from the bar open to the session close', minutesToClose);
export const symbolIdSpec = inputSpec('symbol_id', 'Interned symbol id (categorical)', symbolIdOf, true);
export const sectorIdSpec = inputSpec('sector_id', 'Sector id (categorical)', sectorIdOf, true);
