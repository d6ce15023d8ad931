/** Input checks shared by the label makers: prices must be finite and positive for log returns. */
import type { BarFrame } from '../core/barFrame.js';
import { DataError, ErrorCode } from '../core/errors.js';

export type PriceField = 'open' | 'high' | 'low' | 'close';

/** Throws DataError unless every value of `fields` is finite and > 0 (log returns need it). */
export function assertPositivePrices(frame: BarFrame, fields: readonly PriceField[]): void {
  for (const f of fields) {
    const col = frame[f];
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (v > 0 && v < Number.POSITIVE_INFINITY) continue;
      const where = `${frame.symbols.name(frame.symbol[i]!)} at frame row ${i}`;
      if (!Number.isFinite(v)) {
        throw new DataError(ErrorCode.NonFinite, `${f} is ${v} (${where})`, {
          column: f,
          rule: 'finite price',
        });
      }
      throw new DataError(ErrorCode.NegativePrice, `${f} is ${v} (${where})`, {
        column: f,
        rule: 'price > 0',
      });
    }
  }
}
