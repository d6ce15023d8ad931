/**
 * Column shapes shared by the label makers. Every label declares its window
 * [t0, t1]: t0 is the event bar's `ts` (the row's own time, not repeated
 * here) and t1 the `ts` of the bar where the label is decided. Nothing after
 * t1 may influence it; splitters purge on these windows.
 */

/** Labels for every row of a BarFrame, aligned with its rows. */
export interface LabelColumns {
  /** Class per row; NaN where no label exists (window runs past the symbol's data, no volatility, no side). */
  readonly label: Float64Array;
  /** Window end: `ts` of the bar that decided the label, epoch µs; NaN where `label` is NaN. */
  readonly t1: Float64Array;
  /** Log return from the event bar's close to the exit, fraction; NaN where `label` is NaN. */
  readonly fwdReturn: Float64Array;
  /** Frame row of the window's last bar (same symbol as the row); -1 where `label` is NaN. */
  readonly endRow: Int32Array;
}

/** Which barrier decided a barrier label: profit-take, stop-loss, or the vertical (time) barrier. */
export const Barrier = { ProfitTake: 1, StopLoss: -1, Vertical: 0 } as const;

/** Triple-barrier and meta labels: the label columns plus the barrier that fired and the width used. */
export interface BarrierLabelColumns extends LabelColumns {
  /** `Barrier` code per row (0 also where `label` is NaN). */
  readonly barrier: Int8Array;
  /** σ of 1-bar log returns the horizontal barriers were scaled by, fraction; NaN in the warm-up. */
  readonly volatility: Float64Array;
}
