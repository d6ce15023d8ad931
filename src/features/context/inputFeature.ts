/**
 * Features read straight off the current bar's input, with no history:
 * quotes (`spread`, `obi`), the session clock (`tod`, `mtc`) and the
 * categorical ids (`symbol_id`, `sector_id`). None uses volume. Ready after the
 * first bar; NaN when the input they read is unknown.
 */
import { MICROS_PER_MINUTE } from '../../core/time.js';
import type { FeatureInput, Indicator, IndicatorSpec } from '../indicator.js';
import { PackedState } from '../state/packedState.js';

/** Slots: [bars seen, current value]. */
const SEEN = 0;
const VALUE = 1;
const SLOTS = 2;

/** A pure function of one bar's input. */
export type InputFunction = (input: FeatureInput) => number;

/** Quoted spread in bps of the mid: 1e4·(ask − bid)/((ask + bid)/2). */
export function spreadBps(input: FeatureInput): number {
  return (2e4 * (input.ask - input.bid)) / (input.ask + input.bid);
}

/** Order-book imbalance, fraction in [−1, 1]: (bidSize − askSize)/(bidSize + askSize); NaN for an empty book. */
export function bookImbalance(input: FeatureInput): number {
  const total = input.bidSize + input.askSize;
  return total > 0 ? (input.bidSize - input.askSize) / total : Number.NaN;
}

/** Minutes from the session open to the bar's open time. */
export function minutesSinceOpen(input: FeatureInput): number {
  return (input.ts - input.sessionOpen) / MICROS_PER_MINUTE;
}

/** Minutes from the bar's open time to the session close. */
export function minutesToClose(input: FeatureInput): number {
  return (input.sessionClose - input.ts) / MICROS_PER_MINUTE;
}

/** The interned symbol id (NaN when unknown, which the model treats as missing). */
export function symbolIdOf(input: FeatureInput): number {
  return input.symbolId >= 0 ? input.symbolId : Number.NaN;
}

/** The sector id (NaN when unknown). */
export function sectorIdOf(input: FeatureInput): number {
  return input.sectorId >= 0 ? input.sectorId : Number.NaN;
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

/** `fn` of `input`, for fn = INPUT_FUNCTIONS[code]: a switch, so that each call inlines. */
function inputValue(code: number, input: FeatureInput): number {
  switch (code) {
    case 0:
      return spreadBps(input);
    case 1:
      return bookImbalance(input);
    case 2:
      return minutesSinceOpen(input);
    case 3:
      return minutesToClose(input);
    case 4:
      return symbolIdOf(input);
    default:
      return sectorIdOf(input);
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
    const st = this.state;
    st[SEEN]!++;
    st[VALUE] = inputValue(this.code, input);
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
