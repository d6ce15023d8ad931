/**
 * Decimal numbers parsed straight from CSV bytes, without building a string
 * per cell. Hand-written because `Number(buf.toString(...))` allocates a
 * string per cell and is the largest cost of ingest. Results are correctly
 * rounded: the fast path takes a digit string whose integer value is
 * < 2^53 (so exact) and a power-of-ten exponent within ±22 (Clinger's exact
 * case: one IEEE multiply or divide); everything else falls back to `Number()`.
 */

const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const LOWER_E = 101;
const UPPER_E = 69;

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

/**
 * The number in buf[s, e) (spaces around it allowed); NaN when the bytes are
 * empty or not a plain decimal, in which case `specialNumber` tells the
 * literals (NaN, Inf, NA, …) from garbage.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  while (s < e && buf[s] === SPACE) s++;
  while (e > s && buf[e - 1] === SPACE) e--;
  let p = s;
  let neg = false;
  if (p < e && buf[p] === MINUS) {
    neg = true;
    p++;
  } else if (p < e && buf[p] === PLUS) {
    p++;
  }
  let mant = 0;
  let digits = 0;
  let exp = 0;
  while (p < e) {
    const d = buf[p]! - ZERO;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    digits++;
    p++;
  }
  if (p < e && buf[p] === DOT) {
    p++;
    while (p < e) {
      const d = buf[p]! - ZERO;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      exp--;
      digits++;
      p++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (p < e && (buf[p] === LOWER_E || buf[p] === UPPER_E)) {
    p++;
    let eneg = false;
    if (p < e && buf[p] === MINUS) {
      eneg = true;
      p++;
    } else if (p < e && buf[p] === PLUS) {
      p++;
    }
    const first = p;
    let ev = 0;
    while (p < e) {
      const d = buf[p]! - ZERO;
      if (d < 0 || d > 9) break;
      if (ev < 100_000) ev = ev * 10 + d;
      p++;
    }
    if (p === first) return Number.NaN;
    exp += eneg ? -ev : ev;
  }
  if (p !== e) return Number.NaN;
  if (mant === 0) return neg ? -0 : 0;
  // Partial sums below 2^53 are exact and rounding is monotonic, so mant < 2^53 means an exact read.
  if (mant < MAX_EXACT) {
    if (exp === 0) return neg ? -mant : mant;
    if (exp > 0 && exp <= 22) return neg ? -(mant * POW10[exp]!) : mant * POW10[exp]!;
    if (exp < 0 && exp >= -22) return neg ? -(mant / POW10[-exp]!) : mant / POW10[-exp]!;
  }
  return Number(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1'));
}

/**
 * Value of a non-decimal numeric literal in buf[s, e): NaN for an empty cell,
 * `NaN`, `NA`, `N/A` or `null`; ±Infinity for `Inf`/`Infinity` (any case,
 * optional sign); undefined for anything else (a non-numeric cell).
 */
export function specialNumber(buf: Uint8Array, s: number, e: number): number | undefined {
  const text = Buffer.from(buf.buffer, buf.byteOffset + s, e - s)
    .toString('latin1')
    .trim()
    .toLowerCase();
  switch (text) {
    case '':
    case 'nan':
    case 'na':
    case 'n/a':
    case 'null':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}
