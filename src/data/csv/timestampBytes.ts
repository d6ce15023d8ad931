/**
 * Timestamps parsed straight from CSV bytes into epoch µs: integer (or
 * decimal) epochs in s/ms/µs/ns, ISO-8601 date-times with `Z`, an offset or
 * none (naive: read in the file's time zone), and `YYYY-MM-DD` dates.
 * Hand-written because `Date.parse` needs a string per cell, drops
 * sub-millisecond digits and reads naive times in the process's zone.
 */
import { ConfigError } from '../../core/errors.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../core/time.js';
import type { TimeZone } from '../timeZone.js';

/** How a timestamp column is written; 'auto' decides per cell (see `TimestampParser`). */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns' | 'iso' | 'date' | 'auto';

const SPACE = 32;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const ZERO = 48;
const UPPER_T = 84;
const LOWER_T = 116;
const UPPER_Z = 90;
const LOWER_Z = 122;

/** Longest cell the last-cell cache holds, bytes. */
const CACHE_BYTES = 40;

// Power-of-ten shift from the written unit to µs: digits to take from the fraction (or drop, when negative).
const EPOCH_SHIFT = { s: 6, ms: 3, us: 0, ns: -3 } as const;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 'HH:MM' or 'HH:MM:SS' → µs after midnight; a ConfigError names `option` when malformed. */
export function parseTimeOfDay(text: string, option: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const h = m ? Number(m[1]) : Number.NaN;
  const mi = m ? Number(m[2]) : Number.NaN;
  const s = m?.[3] !== undefined ? Number(m[3]) : 0;
  if (!(h < 24 && mi < 60 && s < 60)) {
    throw new ConfigError(`${option} must be 'HH:MM' or 'HH:MM:SS', got '${text}'`, { rule: 'time of day' });
  }
  return ((h * 60 + mi) * 60 + s) * MICROS_PER_SECOND;
}

/**
 * Parses timestamp cells of one column. 'auto' reads a cell with a '-' at
 * byte 4 as ISO/date and a number by its count of integer digits: ≤ 11
 * seconds, 12–14 ms, 15–17 µs, ≥ 18 ns (each covers 1973–5138 in its unit).
 * Fractions below 1 µs are truncated toward −∞. Remembers the last cell and
 * the last date: a time-major file repeats each stamp once per symbol, and
 * intraday files repeat each date hundreds of times.
 */
export class TimestampParser {
  private readonly lastCell = new Uint8Array(CACHE_BYTES);
  private lastCellLength = -1;
  private lastValue = Number.NaN;
  private readonly lastDate = new Uint8Array(10);
  private lastDayUs = Number.NaN;

  constructor(
    readonly unit: TimeUnit,
    /** Zone of naive date-times and dates. */
    private readonly zone: TimeZone,
    /** Local time of day, µs after midnight, given to date-only cells. */
    private readonly dateTimeUs: number,
  ) {}

  /** Epoch µs of buf[s, e), NaN when the cell is not a timestamp in this unit. */
  parse(buf: Uint8Array, s: number, e: number): number {
    while (s < e && buf[s] === SPACE) s++;
    while (e > s && buf[e - 1] === SPACE) e--;
    const n = e - s;
    if (n === this.lastCellLength && sameBytesFromEnd(buf, s, this.lastCell, n)) return this.lastValue;
    const v = this.parseCell(buf, s, e);
    if (n <= CACHE_BYTES) {
      for (let i = 0; i < n; i++) this.lastCell[i] = buf[s + i]!;
      this.lastCellLength = n;
      this.lastValue = v;
    }
    return v;
  }

  private parseCell(buf: Uint8Array, s: number, e: number): number {
    switch (this.unit) {
      case 'iso':
        return this.iso(buf, s, e, false);
      case 'date':
        return this.iso(buf, s, e, true);
      case 'auto':
        if (e - s >= 10 && buf[s + 4] === MINUS) return this.iso(buf, s, e, false);
        return parseEpoch(buf, s, e, autoUnit(buf, s, e));
      default:
        return parseEpoch(buf, s, e, this.unit);
    }
  }

  private iso(buf: Uint8Array, s: number, e: number, dateOnly: boolean): number {
    if (e - s < 10 || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) return Number.NaN;
    let dayUs = this.lastDayUs;
    if (!sameBytesFromEnd(buf, s, this.lastDate, 10)) {
      const y = digits(buf, s, 4);
      const mo = digits(buf, s + 5, 2);
      const d = digits(buf, s + 8, 2);
      if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) return Number.NaN;
      dayUs = daysFromCivil(y, mo, d) * MICROS_PER_DAY;
      for (let i = 0; i < 10; i++) this.lastDate[i] = buf[s + i]!;
      this.lastDayUs = dayUs;
    }
    if (e - s === 10) return this.zone.toUtc(dayUs + this.dateTimeUs);
    if (dateOnly) return Number.NaN;
    const sep = buf[s + 10];
    if (!(sep === UPPER_T || sep === LOWER_T || sep === SPACE) || e - s < 16 || buf[s + 13] !== COLON) {
      return Number.NaN;
    }
    const hh = digits(buf, s + 11, 2);
    const mm = digits(buf, s + 14, 2);
    let p = s + 16;
    let ss = 0;
    let frac = 0;
    if (p < e && buf[p] === COLON) {
      if (p + 3 > e) return Number.NaN;
      ss = digits(buf, p + 1, 2);
      p += 3;
      if (p < e && (buf[p] === DOT || buf[p] === COMMA)) {
        p++;
        let scale = 100_000;
        const first = p;
        while (p < e) {
          const dg = buf[p]! - ZERO;
          if (dg < 0 || dg > 9) break;
          frac += dg * scale;
          scale /= 10;
          p++;
        }
        if (p === first) return Number.NaN;
        frac = Math.floor(frac);
      }
    }
    if (!(hh < 24 && mm < 60 && ss < 60)) return Number.NaN;
    const local = dayUs + (hh * 60 + mm) * MICROS_PER_MINUTE + ss * MICROS_PER_SECOND + frac;
    if (p === e) return this.zone.toUtc(local);
    const c = buf[p];
    if (c === UPPER_Z || c === LOWER_Z) return p + 1 === e ? local : Number.NaN;
    if ((c !== PLUS && c !== MINUS) || p + 3 > e) return Number.NaN;
    const oh = digits(buf, p + 1, 2);
    let om = 0;
    p += 3;
    if (p < e && buf[p] === COLON) p++;
    if (p < e) {
      if (p + 2 > e) return Number.NaN;
      om = digits(buf, p, 2);
      p += 2;
    }
    if (p !== e || !(oh < 24 && om < 60)) return Number.NaN;
    const offset = (oh * 60 + om) * MICROS_PER_MINUTE;
    return c === PLUS ? local - offset : local + offset;
  }
}

/** True when buf[s, s + n) equals key[0, n) (compared from the end, where timestamps differ). */
function sameBytesFromEnd(buf: Uint8Array, s: number, key: Uint8Array, n: number): boolean {
  for (let i = n - 1; i >= 0; i--) if (buf[s + i] !== key[i]) return false;
  return true;
}

/** Value of `n` ASCII digits at buf[p]; NaN when any is not a digit. */
function digits(buf: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = buf[p + i]! - ZERO;
    if (!(d >= 0 && d <= 9)) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

function autoUnit(buf: Uint8Array, s: number, e: number): 's' | 'ms' | 'us' | 'ns' {
  let p = buf[s] === MINUS || buf[s] === PLUS ? s + 1 : s;
  const first = p;
  while (p < e && buf[p]! >= ZERO && buf[p]! <= ZERO + 9) p++;
  const n = p - first;
  return n <= 11 ? 's' : n <= 14 ? 'ms' : n <= 17 ? 'us' : 'ns';
}

/** Epoch in `unit` (integer, or decimal for s/ms/µs) → µs; NaN when malformed. */
function parseEpoch(buf: Uint8Array, s: number, e: number, unit: 's' | 'ms' | 'us' | 'ns'): number {
  let p = s;
  const neg = p < e && buf[p] === MINUS;
  if (neg || (p < e && buf[p] === PLUS)) p++;
  const intStart = p;
  while (p < e && buf[p]! >= ZERO && buf[p]! <= ZERO + 9) p++;
  const intEnd = p;
  let fracStart = p;
  let fracEnd = p;
  if (p < e && buf[p] === DOT) {
    fracStart = ++p;
    while (p < e && buf[p]! >= ZERO && buf[p]! <= ZERO + 9) p++;
    fracEnd = p;
  }
  if (p !== e || (intEnd === intStart && fracEnd === fracStart)) return Number.NaN;
  const shift = EPOCH_SHIFT[unit];
  const keepEnd = shift >= 0 ? intEnd : Math.max(intStart, intEnd + shift);
  let v = 0;
  for (let i = intStart; i < keepEnd; i++) v = v * 10 + (buf[i]! - ZERO);
  for (let k = 0; k < shift; k++) {
    const i = fracStart + k;
    v = v * 10 + (i < fracEnd ? buf[i]! - ZERO : 0);
  }
  if (!neg) return v;
  // Truncating toward −∞: any dropped non-zero digit moves a negative value one µs down.
  let dropped = false;
  for (let i = keepEnd; i < intEnd && !dropped; i++) dropped = buf[i] !== ZERO;
  for (let i = fracStart + Math.max(shift, 0); i < fracEnd && !dropped; i++) dropped = buf[i] !== ZERO;
  return dropped ? -v - 1 : -v;
}
