import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, parseIsoMicros } from '../../core/time.js';
import { calendarByName } from './index.js';

const at = parseIsoMicros;

describe('fx24x5 calendar', () => {
  const fx = calendarByName('fx24x5');

  it('opens Sunday 17:00 New York and closes Friday 17:00, across a DST switch', () => {
    // 2024-03-10 is the DST switch Sunday: 17:00 EDT = 21:00 UTC.
    const mon = fx.session(fx.sessionIndexOnDate('2024-03-11'));
    expect(mon.open).toBe(at('2024-03-10T21:00:00Z'));
    expect(mon.close).toBe(at('2024-03-11T21:00:00Z'));
    const fri = fx.session(fx.sessionIndexOnDate('2024-03-08'));
    expect(fri.open).toBe(at('2024-03-07T22:00:00Z'));
    expect(fri.close).toBe(at('2024-03-08T22:00:00Z'));
    expect(fx.isOpen(at('2024-03-09T12:00:00Z'))).toBe(false);
    expect(fx.isOpen(at('2024-03-10T20:59:59Z'))).toBe(false);
    expect(fx.isOpen(at('2024-03-10T21:00:00Z'))).toBe(true);
  });

  it('has exactly one session per New York weekday, back to back within the week', () => {
    const week = fx.sessions(at('2024-03-10T00:00:00Z'), at('2024-03-16T00:00:00Z'));
    expect(week.map((s) => s.date)).toEqual([
      '2024-03-11',
      '2024-03-12',
      '2024-03-13',
      '2024-03-14',
      '2024-03-15',
    ]);
    for (let i = 1; i < week.length; i++) expect(week[i]!.open).toBe(week[i - 1]!.close);
    expect(fx.barsPerSession(week[1]!, MICROS_PER_MINUTE)).toBe(1440);
  });

  it('covers the coverage edges', () => {
    expect(fx.isOpen(fx.coverage.from)).toBe(true); // Monday 1990-01-01 opened Sunday evening
    expect(fx.isOpen(fx.coverage.to - 1)).toBe(true); // 2040-12-31 19:00 New York, Tuesday's session
  });
});

describe('always-open calendar', () => {
  const none = calendarByName('none');

  it('is open at every instant, one session per UTC day', () => {
    const t = at('2021-07-04T03:21:00Z');
    const s = none.sessionAt(t)!;
    expect(s.date).toBe('2021-07-04');
    expect(s.close - s.open).toBe(MICROS_PER_DAY);
    expect(none.isOpen(at('2021-07-03T23:59:59.999999Z'))).toBe(true);
    expect(none.barsPerSession(s, MICROS_PER_MINUTE)).toBe(1440);
    expect(none.sessions(at('2021-07-01T00:00:00Z'), at('2021-07-08T00:00:00Z'))).toHaveLength(7);
  });
});

describe('calendarByName', () => {
  it('builds each calendar once and names it', () => {
    expect(calendarByName('nyse')).toBe(calendarByName('nyse'));
    expect(calendarByName('fx24x5').name).toBe('fx24x5');
    expect(calendarByName('none').name).toBe('none');
  });

  it('rejects an unknown name with a typed error', () => {
    expect(() => calendarByName('lse' as never)).toThrow(/unknown calendar/);
  });
});
