/** Bar validation: rules, report, strict/repair modes. */
export { inferBarInterval } from './barInterval.js';
export { gapCheckable, missingBars } from './calendarGaps.js';
export { robustSigma } from './robustSigma.js';
export {
  type BarField,
  type Offense,
  type RowAction,
  RowFlag,
  type RowOrigin,
  RULE_SEVERITY,
  RULES,
  type RuleName,
  type SourceFile,
  type ValidateOptions,
  type ValidationMode,
  type ValidationReport,
  type ValidationResult,
} from './types.js';
export { validateBars } from './validateBars.js';
export { RULE_ERROR_CODE, ValidationError } from './validationError.js';
