/** The error strict validation throws: the whole report, located at the first offending row. */
import { DataError, ErrorCode } from '../../core/errors.js';
import type { Offense, RuleName, ValidationReport } from './types.js';

/** The specific error code of each rule (the `cause` of a ValidationError carries it). */
export const RULE_ERROR_CODE: Readonly<Record<RuleName, ErrorCode>> = {
  finite: ErrorCode.NonFinite,
  price_positive: ErrorCode.NegativePrice,
  volume_nonnegative: ErrorCode.InvalidInput,
  high_ge_open_close: ErrorCode.InvalidInput,
  low_le_open_close: ErrorCode.InvalidInput,
  unsorted: ErrorCode.Unsorted,
  duplicate: ErrorCode.Duplicate,
  gap: ErrorCode.InvalidInput,
  spike: ErrorCode.InvalidInput,
};

/**
 * E_VALIDATION_FAILED: file/row/column/rule name the first offending row in
 * file order, `cause` is a DataError with that rule's own code (E_NON_FINITE,
 * E_NEGATIVE_PRICE, E_UNSORTED, …), `report` has every count.
 */
export class ValidationError extends DataError {
  constructor(
    readonly report: ValidationReport,
    first: Offense,
  ) {
    const where = { file: first.file, row: first.row, column: first.column, rule: first.rule };
    const counts = Object.entries(report.counts)
      .filter(([, c]) => c > 0)
      .map(([r, c]) => `${c} ${r}`)
      .join(', ');
    const cause = new DataError(
      RULE_ERROR_CODE[first.rule],
      `${first.symbol}: ${first.column} = ${first.value}`,
      where,
    );
    super(ErrorCode.ValidationFailed, `validation failed (${counts})`, { ...where, cause });
  }
}
