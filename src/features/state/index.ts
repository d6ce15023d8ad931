/**
 * Shared building blocks for incremental features: windows, smoothers, typical
 * price, the slot-packed state every built-in indicator keeps, and the
 * snapshot codec.
 */
export { Cells } from './cells.js';
export { MaxAgeRing } from './maxAgeRing.js';
export { PackedState } from './packedState.js';
export { PreviousBar, PreviousValue, RingBuffer } from './ringBuffer.js';
export { RollingExtremum } from './rollingExtremum.js';
export { RollingMoments } from './rollingMoments.js';
export { RollingSum, RollingWeightedSum } from './rollingSum.js';
export { SlotBlock } from './slotBlock.js';
export { Ema, WilderSum } from './smoothing.js';
export {
  decodeState,
  encodeState,
  type Stateful,
  type StatePart,
  stateKind,
  stateSlots,
} from './snapshotCodec.js';
export { typicalPrice } from './typicalPrice.js';
