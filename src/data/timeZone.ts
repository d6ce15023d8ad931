/**
 * IANA time zones for naive (offset-less) timestamps in input files: UTC
 * offsets and local wall-clock → UTC conversion. Hand-written over
 * `Intl.DateTimeFormat` (Node's own tz database) because no installed
 * package converts zones, and a per-row `Intl` call (~µs, allocating) would
 * cap ingest far below 1 M rows/s: offsets are cached per UTC day.
 */
import { DataError, ErrorCode, type ErrorLocation } from '../core/errors.js';
import { MICROS_PER_DAY, MICROS_PER_MILLI, type Micros } from '../core/time.js';

const MS_PER_DAY = 86_400_000;
const CACHE_SLOTS = 64;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z']);

/** A resolved IANA zone; `TimeZone.of` is the only way to get one. */
export class TimeZone {
  // Direct-mapped cache of per-UTC-day offsets (µs): [day start, transition) → off0, [transition, day end) → off1.
  private readonly cacheDay = new Float64Array(CACHE_SLOTS).fill(Number.NaN);
  private readonly cacheOff0 = new Float64Array(CACHE_SLOTS);
  private readonly cacheTransition = new Float64Array(CACHE_SLOTS);
  private readonly cacheOff1 = new Float64Array(CACHE_SLOTS);

  private constructor(
    /** Canonical zone name, e.g. 'America/New_York' or 'UTC'. */
    readonly name: string,
    private readonly format: Intl.DateTimeFormat | undefined,
  ) {}

  /** The zone called `name`; an unknown name is a DataError E_UNKNOWN_TIME_ZONE located at `where`. */
  static of(name: string, where: ErrorLocation = {}): TimeZone {
    if (UTC_NAMES.has(name)) return new TimeZone('UTC', undefined);
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new DataError(ErrorCode.UnknownTimeZone, `unknown time zone '${name}'`, {
        ...where,
        rule: 'IANA time zone name',
        cause,
      });
    }
    const canonical = format.resolvedOptions().timeZone;
    return new TimeZone(canonical, UTC_NAMES.has(canonical) ? undefined : format);
  }

  /** True for UTC (conversions are the identity). */
  get isUtc(): boolean {
    return this.format === undefined;
  }

  /** Offset local − UTC at instant `t`, µs. */
  offsetAt(t: Micros): number {
    if (this.format === undefined) return 0;
    const day = Math.floor(t / MICROS_PER_DAY);
    const slot = day & (CACHE_SLOTS - 1);
    if (this.cacheDay[slot] !== day) this.fillDay(day, slot);
    return t < this.cacheTransition[slot]! ? this.cacheOff0[slot]! : this.cacheOff1[slot]!;
  }

  /**
   * The UTC instant of local wall-clock time `local` (µs since 1970-01-01T00:00 local),
   * disambiguated like Temporal's 'compatible': a repeated wall time (clocks
   * going back) takes the earlier instant, a skipped one (clocks going
   * forward) is pushed forward by the length of the skip.
   */
  toUtc(local: number): Micros {
    if (this.format === undefined) return local;
    // A day either side lies outside any transition near `local` (zones shift at most once a day).
    const before = this.offsetAt(local - MICROS_PER_DAY);
    const after = this.offsetAt(local + MICROS_PER_DAY);
    const uBefore = local - before;
    const uAfter = local - after;
    const okBefore = this.offsetAt(uBefore) === before;
    const okAfter = this.offsetAt(uAfter) === after;
    if (okBefore && okAfter) return Math.min(uBefore, uAfter);
    if (okBefore) return uBefore;
    if (okAfter) return uAfter;
    return uBefore;
  }

  private fillDay(day: number, slot: number): void {
    const startMs = day * MS_PER_DAY;
    const lastMs = startMs + MS_PER_DAY - 1000;
    const off0 = this.rawOffsetMs(startMs);
    const off1 = this.rawOffsetMs(lastMs);
    let transitionMs = Number.POSITIVE_INFINITY;
    if (off0 !== off1) {
      // Binary search for the first whole second on the new offset.
      let lo = startMs;
      let hi = lastMs;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.rawOffsetMs(mid) === off0) lo = mid;
        else hi = mid;
      }
      transitionMs = hi;
    }
    this.cacheDay[slot] = day;
    this.cacheOff0[slot] = off0 * MICROS_PER_MILLI;
    this.cacheOff1[slot] = off1 * MICROS_PER_MILLI;
    this.cacheTransition[slot] = transitionMs * MICROS_PER_MILLI;
  }

  /** Offset at epoch-ms `ms` from the tz database, ms (whole seconds). */
  private rawOffsetMs(ms: number): number {
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of this.format!.formatToParts(ms)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
      }
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    return wall - (ms - (((ms % 1000) + 1000) % 1000));
  }
}
