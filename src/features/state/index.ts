/** Shared building blocks for incremental features: windows, smoothers, typical price and the snapshot codec. */
export { RingBuffer } from './ringBuffer.js';
export { RollingExtremum } from './rollingExtremum.js';
export { RollingMoments } from './rollingMoments.js';
export { RollingSum, RollingWeightedSum } from './rollingSum.js';
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
