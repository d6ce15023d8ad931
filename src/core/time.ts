/**
 * Time in alphaflow is integer epoch microseconds, UTC, held in plain numbers
 * (exact up to 2^53 µs ≈ year 2255) and in Float64Array columns.
 */

/** Epoch microseconds, UTC (integer-valued). */
export type Micros = number & { readonly __unit?: 'Micros' };

export const MICROS_PER_MILLI = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60_000_000;
export const MICROS_PER_HOUR = 3_600_000_000;
export const MICROS_PER_DAY = 86_400_000_000;

/** Epoch milliseconds → epoch µs. */
export function fromMillis(ms: number): Micros {
  return Math.round(ms * MICROS_PER_MILLI);
}

/** Epoch µs → epoch milliseconds (may be fractional). */
export function toMillis(us: Micros): number {
  return us / MICROS_PER_MILLI;
}

/** ISO-8601 string with an explicit offset or `Z` → epoch µs; NaN when unparseable. */
export function parseIsoMicros(iso: string): Micros {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return Number.NaN;
  // Date.parse drops sub-millisecond digits: recover them from the fraction.
  const frac = /\.(\d{4,6})/.exec(iso);
  const extra = frac ? Number(frac[1]!.padEnd(6, '0').slice(3, 6)) : 0;
  return ms * MICROS_PER_MILLI + extra;
}

/** Epoch µs → ISO-8601 UTC string with microseconds when they are non-zero. */
export function formatIsoMicros(us: Micros): string {
  const ms = Math.floor(us / MICROS_PER_MILLI);
  const sub = us - ms * MICROS_PER_MILLI;
  const base = new Date(ms).toISOString();
  if (sub === 0) return base;
  return `${base.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
}

/** UTC calendar day of an epoch µs instant, as 'YYYY-MM-DD'. */
export function utcDate(us: Micros): string {
  return new Date(Math.floor(us / MICROS_PER_MILLI)).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date (UTC). */
export function dateToEpochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** 'YYYY-MM-DD' for a number of days since 1970-01-01. */
export function epochDayToDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
