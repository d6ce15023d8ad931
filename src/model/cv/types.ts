/**
 * Splitter contracts. A sample is one labelled row: its event time t0 and the
 * end of its label window t1 (epoch µs, t1 ≥ t0). Rows may come from many
 * symbols in any order; splits are made by TIME, never by row position.
 */

/** One train/test split: row indices into the t0/t1 arrays, ascending. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Embargo after each test block: a fraction of the samples' whole span (max t1 − min t0), or a duration in µs. */
export type Embargo = { readonly fraction: number } | { readonly micros: number };
