/**
 * Triple-barrier labels (López de Prado, AFML ch. 3). From the close of
 * event bar i, a profit-take barrier at +profitTake·σ_i and a stop-loss
 * barrier at −stopLoss·σ_i (log-return levels; σ_i from `ewmVolatility`, so
 * from bars ≤ i only) race a vertical barrier h bars later; the first one
 * touched decides the label, its bar's `ts` is t1.
 *
 * Rules (each one a choice a reader would otherwise have to guess):
 * - Touches are checked on closes by default, as in AFML. With
 *   touch 'highLow' they are checked on each bar's range: a bar that OPENS
 *   beyond a barrier fills at the open (gap); a bar whose range holds both
 *   barriers counts as a stop-loss, because the order inside the bar is
 *   unknown and the pessimistic reading cannot flatter a model; otherwise the
 *   return at touch is the barrier level itself.
 * - The vertical barrier's bar is checked for horizontal touches first.
 * - A row whose vertical barrier lies past its symbol's last bar gets NaN,
 *   even if a horizontal barrier was touched before the data ends: labelling
 *   only those would bias the tail towards touches.
 * - σ_i ≤ 0 or NaN (warm-up) → NaN: there is no barrier width.
 * - A multiplier of 0 disables that barrier.
 * With a trade side s (meta-labels) everything is read in side-adjusted
 * returns s·ln(p/c_i): the profit-take of a short is the price falling.
 */
import type { BarFrame } from '../core/barFrame.js';
import { DataError, ErrorCode } from '../core/errors.js';
import { intOption, nonNegativeOption } from './options.js';
import { assertPositivePrices } from './prices.js';
import { Barrier, type BarrierLabelColumns } from './types.js';
import { ewmVolatility } from './volatility.js';

export interface BarrierOptions {
  /** Vertical barrier, bars after the event (default 5). */
  horizon?: number;
  /** Profit-take distance in multiples of σ (default 1; 0 disables it). */
  profitTake?: number;
  /** Stop-loss distance in multiples of σ (default 1; 0 disables it). */
  stopLoss?: number;
  /** 'close' (default): touches on closes. 'highLow': on intrabar extremes (see module comment). */
  touch?: 'close' | 'highLow';
  /** EWM span of the volatility estimator, bars (default 20). */
  volSpan?: number;
  /** 1-bar returns in the volatility window (default 3 × volSpan). */
  volLookback?: number;
  /** Per-row σ of 1-bar log returns (fraction) to use instead of the estimator; its look-ahead is the caller's. */
  volatility?: Float64Array;
}

/**
 * Label encodings. 'ternary' (default): 1 profit-take, −1 stop-loss, 0 vertical.
 * 'binarySign': 1 when the return at exit is > 0 (every profit-take, and a
 * vertical exit above the entry), else 0. 'binaryUpper': 1 only for the
 * profit-take barrier, else 0.
 */
export type BarrierClasses = 'ternary' | 'binarySign' | 'binaryUpper';

export interface TripleBarrierOptions extends BarrierOptions {
  classes?: BarrierClasses;
}

/** Per-row trade side for meta-labelling: +1 long, −1 short, 0 or NaN no trade. */
export type SideColumn = Int8Array | Int32Array | Float64Array;

/** Triple-barrier label of every row; returns are log returns from the event close (fraction). */
export function tripleBarrierLabels(frame: BarFrame, opts: TripleBarrierOptions = {}): BarrierLabelColumns {
  return barrierLabels(frame, null, opts, opts.classes ?? 'ternary');
}

/**
 * The shared barrier race; `side` null means long every row. Rows whose side
 * is not ±1 get NaN. Used by tripleBarrierLabels and metaLabels.
 */
export function barrierLabels(
  frame: BarFrame,
  side: SideColumn | null,
  opts: BarrierOptions,
  classes: BarrierClasses,
): BarrierLabelColumns {
  const h = intOption('horizon', opts.horizon ?? 5, 1);
  const pt = nonNegativeOption('profitTake', opts.profitTake ?? 1);
  const sl = nonNegativeOption('stopLoss', opts.stopLoss ?? 1);
  const highLow = (opts.touch ?? 'close') === 'highLow';
  const n = frame.length;
  assertPositivePrices(frame, highLow ? ['open', 'high', 'low', 'close'] : ['close']);
  const volatility =
    opts.volatility ?? ewmVolatility(frame, { span: opts.volSpan, lookback: opts.volLookback });
  if (volatility.length !== n) {
    throw new DataError(ErrorCode.InvalidInput, `volatility has ${volatility.length} rows, the frame ${n}`, {
      column: 'volatility',
      rule: 'one value per frame row',
    });
  }

  const encoding = classes === 'ternary' ? 0 : classes === 'binarySign' ? 1 : 2;
  const { symbol, ts, open, high, low, close } = frame;
  const label = new Float64Array(n);
  const t1 = new Float64Array(n);
  const fwdReturn = new Float64Array(n);
  const endRow = new Int32Array(n);
  const barrier = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const s = side === null ? 1 : side[i]!;
    const last = i + h;
    const sigma = volatility[i]!;
    if (
      (s !== 1 && s !== -1) ||
      last >= n ||
      symbol[last] !== symbol[i] ||
      !(sigma > 0 && sigma < Infinity)
    ) {
      label[i] = t1[i] = fwdReturn[i] = Number.NaN;
      endRow[i] = -1;
      continue;
    }
    const c0 = close[i]!;
    // Side-adjusted log-return levels; ±Infinity when disabled, so the price tests below never fire.
    const up = pt > 0 ? pt * sigma : Number.POSITIVE_INFINITY;
    const dn = sl > 0 ? -sl * sigma : Number.NEGATIVE_INFINITY;
    const profitPx = c0 * Math.exp(s * up);
    const stopPx = c0 * Math.exp(s * dn);
    let code: number = Barrier.Vertical;
    let exit = last;
    let r = Number.NaN;
    for (let j = i + 1; j <= last; j++) {
      // The close, or with highLow the open (a gap through a barrier fills there).
      const px = highLow ? open[j]! : close[j]!;
      if (s * (px - stopPx) <= 0) {
        code = Barrier.StopLoss;
        r = s * Math.log(px / c0);
      } else if (s * (px - profitPx) >= 0) {
        code = Barrier.ProfitTake;
        r = s * Math.log(px / c0);
      } else if (highLow && s * ((s > 0 ? low[j]! : high[j]!) - stopPx) <= 0) {
        code = Barrier.StopLoss;
        r = dn;
      } else if (highLow && s * ((s > 0 ? high[j]! : low[j]!) - profitPx) >= 0) {
        code = Barrier.ProfitTake;
        r = up;
      }
      if (code !== Barrier.Vertical) {
        exit = j;
        break;
      }
    }
    if (code === Barrier.Vertical) r = s * Math.log(close[last]! / c0);
    barrier[i] = code;
    fwdReturn[i] = r;
    t1[i] = ts[exit]!;
    endRow[i] = exit;
    label[i] = encoding === 0 ? code : encoding === 1 ? (r > 0 ? 1 : 0) : code === Barrier.ProfitTake ? 1 : 0;
  }
  return { label, t1, fwdReturn, endRow, barrier, volatility };
}
