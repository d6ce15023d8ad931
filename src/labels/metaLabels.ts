/**
 * Meta-labels (López de Prado, AFML ch. 3.6): given a primary model's side
 * per row, label 1 when that side's trade would have hit its profit-take
 * first or ended above its entry at the vertical barrier, else 0. The
 * secondary model then learns WHEN to act on the primary, not which way.
 * Same barrier race and rules as tripleBarrier.ts, read in side-adjusted
 * returns; `fwdReturn` is the trade's own log return (side × move).
 */
import type { BarFrame } from '../core/barFrame.js';
import { DataError, ErrorCode } from '../core/errors.js';
import { type BarrierOptions, barrierLabels, type SideColumn } from './tripleBarrier.js';
import type { BarrierLabelColumns } from './types.js';

/** Meta-label per row (1 / 0), NaN where the side is 0 or NaN or the window is incomplete. */
export function metaLabels(
  frame: BarFrame,
  side: SideColumn,
  opts: BarrierOptions = {},
): BarrierLabelColumns {
  if (side.length !== frame.length) {
    throw new DataError(ErrorCode.InvalidInput, `side has ${side.length} rows, the frame ${frame.length}`, {
      column: 'side',
      rule: 'one value per frame row',
    });
  }
  for (let i = 0; i < side.length; i++) {
    const s = side[i]!;
    if (s !== 1 && s !== -1 && s !== 0 && !Number.isNaN(s)) {
      throw new DataError(ErrorCode.InvalidInput, `side is ${s} at frame row ${i}`, {
        column: 'side',
        rule: 'side ∈ {−1, 0, +1} or NaN',
      });
    }
  }
  return barrierLabels(frame, side, opts, 'binarySign');
}
