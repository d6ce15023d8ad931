import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, parseIsoMicros } from '../core/time.js';
import { TimeZone } from './timeZone.js';

/** Local wall-clock 'YYYY-MM-DDTHH:MM' as µs since 1970-01-01T00:00 local. */
const local = (s: string): number => parseIsoMicros(`${s}:00Z`);

describe('TimeZone', () => {
  it('rejects an unknown zone with E_UNKNOWN_TIME_ZONE and the given location', () => {
    const err = (() => {
      try {
        TimeZone.of('Mars/Olympus_Mons', { file: 'x.csv', column: 'timestamp' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_UNKNOWN_TIME_ZONE', file: 'x.csv', column: 'timestamp' });
  });

  it('treats UTC as the identity', () => {
    const z = TimeZone.of('UTC');
    expect(z.isUtc).toBe(true);
    expect(z.toUtc(123_456_789)).toBe(123_456_789);
    expect(z.offsetAt(123_456_789)).toBe(0);
  });

  it('converts New York wall-clock time in winter and summer', () => {
    const ny = TimeZone.of('America/New_York');
    expect(ny.toUtc(local('2024-01-15T09:30'))).toBe(parseIsoMicros('2024-01-15T14:30:00Z'));
    expect(ny.toUtc(local('2024-07-15T09:30'))).toBe(parseIsoMicros('2024-07-15T13:30:00Z'));
    expect(ny.offsetAt(parseIsoMicros('2024-07-15T13:30:00Z'))).toBe(-4 * MICROS_PER_HOUR);
  });

  it("disambiguates like Temporal 'compatible': repeated time → earlier, skipped time → pushed forward", () => {
    const ny = TimeZone.of('America/New_York');
    // 2024-11-03 01:30 happens twice (EDT then EST): the first is 05:30Z.
    expect(ny.toUtc(local('2024-11-03T01:30'))).toBe(parseIsoMicros('2024-11-03T05:30:00Z'));
    // 2024-03-10 02:30 does not exist: read with the pre-change offset (EST) it is 07:30Z = 03:30 EDT.
    expect(ny.toUtc(local('2024-03-10T02:30'))).toBe(parseIsoMicros('2024-03-10T07:30:00Z'));
  });

  it('matches a per-instant Intl oracle across DST transitions (cache and transition search)', () => {
    const zone = TimeZone.of('Europe/Zurich');
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Europe/Zurich',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    const oracle = (us: number): number => {
      const ms = us / 1000;
      const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
      return (
        (Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - Math.floor(ms / 60_000) * 60_000) *
        1000
      );
    };
    // Every 7 minutes over the two 2000 transition days (26 March, 29 October), plus a spread over 30 years.
    const instants: number[] = [];
    for (const day of ['2000-03-25T12:00:00Z', '2000-10-28T12:00:00Z']) {
      for (
        let t = parseIsoMicros(day);
        t < parseIsoMicros(day) + 48 * MICROS_PER_HOUR;
        t += 7 * MICROS_PER_MINUTE
      ) {
        instants.push(t);
      }
    }
    for (let k = 0; k < 500; k++)
      instants.push(parseIsoMicros('1990-01-01T00:00:00Z') + k * 1_893_437 * 1_000_000);
    for (const t of instants) expect(zone.offsetAt(t)).toBe(oracle(t));
  });
});
