import { describe, expect, it } from 'vitest';
import { SymbolTable } from './symbols.js';
import { dateToEpochDay, epochDayToDate, formatIsoMicros, parseIsoMicros, utcDate } from './time.js';

describe('time', () => {
  it('parses ISO strings to epoch µs keeping sub-millisecond digits', () => {
    expect(parseIsoMicros('1970-01-01T00:00:01Z')).toBe(1_000_000);
    expect(parseIsoMicros('2024-01-02T14:30:00.123456Z')).toBe(Date.UTC(2024, 0, 2, 14, 30) * 1000 + 123_456);
    expect(parseIsoMicros('2024-01-02T09:30:00-05:00')).toBe(Date.UTC(2024, 0, 2, 14, 30) * 1000);
    expect(Number.isNaN(parseIsoMicros('yesterday'))).toBe(true);
  });

  it('formats µs back to ISO', () => {
    expect(formatIsoMicros(Date.UTC(2024, 0, 2) * 1000 + 5)).toBe('2024-01-02T00:00:00.000005Z');
    expect(formatIsoMicros(Date.UTC(2024, 0, 2) * 1000)).toBe('2024-01-02T00:00:00.000Z');
  });

  it('converts dates and epoch days', () => {
    expect(dateToEpochDay('1970-01-02')).toBe(1);
    expect(epochDayToDate(19_724)).toBe('2024-01-02');
    expect(utcDate(Date.UTC(2024, 0, 2, 23, 59) * 1000)).toBe('2024-01-02');
  });
});

describe('SymbolTable', () => {
  it('interns names to dense ids once', () => {
    const t = new SymbolTable(['AAPL']);
    expect(t.intern('MSFT')).toBe(1);
    expect(t.intern('AAPL')).toBe(0);
    expect(t.lookup('NOPE')).toBe(-1);
    expect(t.name(1)).toBe('MSFT');
    expect(t.size).toBe(2);
    expect(() => t.name(5)).toThrow(RangeError);
  });
});
