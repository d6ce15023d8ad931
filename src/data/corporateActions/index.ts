/** Corporate actions: split and dividend events, their input, and back-adjusted bars. */
export { type AdjustmentFactors, adjustBars, adjustmentFactors } from './backAdjust.js';
export {
  type CorporateActionCsvOptions,
  CorporateActionSchema,
  corporateActionsFromObjects,
  loadCorporateActionsCsv,
} from './readCorporateActions.js';
export type { CorporateAction, DividendEvent, SplitEvent } from './types.js';
