/** Labels: fixed-horizon, triple-barrier and meta-labels with declared windows, and uniqueness weights. */
export { type FixedHorizonOptions, fixedHorizonLabels } from './fixedHorizon.js';
export { metaLabels } from './metaLabels.js';
export {
  type BarrierClasses,
  type BarrierOptions,
  type SideColumn,
  type TripleBarrierOptions,
  tripleBarrierLabels,
} from './tripleBarrier.js';
export { Barrier, type BarrierLabelColumns, type LabelColumns } from './types.js';
export { averageUniqueness, concurrency } from './uniqueness.js';
export { DEFAULT_VOL_SPAN, ewmVolatility, type VolatilityOptions } from './volatility.js';
