/** Corporate action events: the facts behind adjusted prices. */
import type { Micros } from '../../core/time.js';

export interface SplitEvent {
  readonly kind: 'split';
  readonly symbol: string;
  /** First bar time that trades on the post-split basis (ex-date session open), epoch µs. */
  readonly exTs: Micros;
  /** New shares per old share (2 for a 2-for-1 split; 0.1 for a 1-for-10 reverse split). */
  readonly ratio: number;
  /** When the event was announced / learned; it must not affect data seen before this. */
  readonly knownAt: Micros;
}

export interface DividendEvent {
  readonly kind: 'dividend';
  readonly symbol: string;
  /** First bar time that trades ex-dividend, epoch µs. */
  readonly exTs: Micros;
  /** Cash per share, in price units. */
  readonly amount: number;
  readonly knownAt: Micros;
}

export type CorporateAction = SplitEvent | DividendEvent;
