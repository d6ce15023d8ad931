import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { parseIsoMicros } from '../../core/time.js';
import { TimeZone } from '../timeZone.js';
import { daysFromCivil, parseTimeOfDay, TimestampParser, type TimeUnit } from './timestampBytes.js';

const utc = TimeZone.of('UTC');
const iso = (s: string): number => parseIsoMicros(s);

function parse(text: string, unit: TimeUnit = 'auto', zone = utc, dateTime = '00:00'): number {
  const p = new TimestampParser(unit, zone, parseTimeOfDay(dateTime, 'dateTime'));
  const b = Buffer.from(text, 'latin1');
  return p.parse(b, 0, b.length);
}

describe('daysFromCivil', () => {
  it('agrees with Date.UTC over four centuries, leap days included', () => {
    for (let day = daysFromCivil(1900, 1, 1); day < daysFromCivil(2300, 1, 1); day += 17) {
      const d = new Date(day * 86_400_000);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
    }
  });
});

describe('TimestampParser', () => {
  it('reads ISO date-times with Z, offsets and microsecond fractions', () => {
    expect(parse('2001-03-30T21:30:00Z')).toBe(iso('2001-03-30T21:30:00Z'));
    expect(parse('2024-05-01T09:30:00-04:00')).toBe(iso('2024-05-01T13:30:00Z'));
    expect(parse('2024-05-01T09:30:00+0530')).toBe(iso('2024-05-01T04:00:00Z'));
    expect(parse('2024-05-01 09:30:00.123456Z')).toBe(iso('2024-05-01T09:30:00Z') + 123_456);
    expect(parse('2024-05-01T09:30:00.1234567Z')).toBe(iso('2024-05-01T09:30:00Z') + 123_456);
    expect(parse('2024-05-01T09:30Z')).toBe(iso('2024-05-01T09:30:00Z'));
  });

  it('reads naive date-times in the given zone and dates at `dateTime` there', () => {
    const ny = TimeZone.of('America/New_York');
    expect(parse('2024-01-16 09:30:00', 'iso', ny)).toBe(iso('2024-01-16T14:30:00Z'));
    expect(parse('2024-07-16 09:30:00', 'iso', ny)).toBe(iso('2024-07-16T13:30:00Z'));
    expect(parse('2024-07-16', 'auto', ny, '09:30')).toBe(iso('2024-07-16T13:30:00Z'));
    expect(parse('2024-07-16', 'date')).toBe(iso('2024-07-16T00:00:00Z'));
  });

  it('reads epochs in every unit, decimals and negatives truncated toward −∞', () => {
    const t = iso('2023-11-14T22:13:20Z');
    expect(parse('1700000000', 's')).toBe(t);
    expect(parse('1700000000.25', 's')).toBe(t + 250_000);
    expect(parse('1700000000000', 'ms')).toBe(t);
    expect(parse('1700000000000000', 'us')).toBe(t);
    expect(parse('1700000000000000999', 'ns')).toBe(t);
    expect(parse('-1500', 'ns')).toBe(-2);
    expect(parse('-1.5', 'ms')).toBe(-1500);
  });

  it("infers the epoch unit from the digit count in 'auto'", () => {
    const t = iso('2023-11-14T22:13:20Z');
    for (const text of ['1700000000', '1700000000000', '1700000000000000', '1700000000000000000']) {
      expect(parse(text)).toBe(t);
    }
  });

  it('returns NaN for malformed cells, including impossible dates and stray bytes', () => {
    for (const text of [
      '',
      'yesterday',
      '2024-02-30',
      '2024-13-01',
      '2024-01-01T25:00:00Z',
      '2024-01-01T10:00:00X',
      '2024-01-01T10:00:0',
      '12ab',
    ]) {
      expect(parse(text)).toBeNaN();
    }
    expect(parse('2024-01-01T10:00:00Z', 'date')).toBeNaN();
  });

  it('gives the same answer from its last-cell and last-date caches as from a fresh parser', () => {
    const p = new TimestampParser('auto', utc, 0);
    const cells = [
      '2024-01-02T14:30:00Z',
      '2024-01-02T14:30:00Z',
      '2024-01-02T14:31:00Z',
      '2024-01-03T14:31:00Z',
      'bad',
      '2024-01-03',
    ];
    for (const c of cells) {
      const b = Buffer.from(`xx,${c},yy`, 'latin1');
      const v = p.parse(b, 3, 3 + c.length);
      const fresh = parse(c);
      if (Number.isNaN(fresh)) expect(v).toBeNaN();
      else expect(v).toBe(fresh);
    }
  });
});

describe('parseTimeOfDay', () => {
  it('parses HH:MM[:SS] and rejects anything else with a ConfigError', () => {
    expect(parseTimeOfDay('09:30', 'dateTime')).toBe(9.5 * 3_600_000_000);
    expect(parseTimeOfDay('16:00:30', 'dateTime')).toBe((16 * 3600 + 30) * 1_000_000);
    expect(() => parseTimeOfDay('9:30', 'dateTime')).toThrow(ConfigError);
    expect(() => parseTimeOfDay('24:00', 'dateTime')).toThrow(ConfigError);
  });
});
