import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { MICROS_PER_MINUTE, parseIsoMicros } from '../../core/time.js';
import { calendarByName } from './index.js';

const cal = calendarByName('nyse');
const at = parseIsoMicros;
const refData = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'shared',
  'refvec',
  'data',
);

function sessionOn(date: string) {
  const i = cal.sessionIndexOnDate(date);
  return i < 0 ? undefined : cal.session(i);
}

function tradingDaysIn(year: number): number {
  return cal.sessions(at(`${year}-01-01T00:00:00Z`), at(`${year + 1}-01-01T00:00:00Z`)).length;
}

describe('NYSE calendar', () => {
  it('opens 09:30 New York on both sides of the 2020 DST switch', () => {
    expect(sessionOn('2020-03-06')!.open).toBe(at('2020-03-06T14:30:00Z'));
    expect(sessionOn('2020-03-06')!.close).toBe(at('2020-03-06T21:00:00Z'));
    expect(sessionOn('2020-03-09')!.open).toBe(at('2020-03-09T13:30:00Z'));
    expect(sessionOn('2020-10-30')!.open).toBe(at('2020-10-30T13:30:00Z'));
    expect(sessionOn('2020-11-02')!.open).toBe(at('2020-11-02T14:30:00Z'));
    // Before 2007: first Sunday of April, last Sunday of October.
    expect(sessionOn('2006-03-31')!.open).toBe(at('2006-03-31T14:30:00Z'));
    expect(sessionOn('2006-04-03')!.open).toBe(at('2006-04-03T13:30:00Z'));
    expect(sessionOn('2006-10-27')!.open).toBe(at('2006-10-27T13:30:00Z'));
    expect(sessionOn('2006-10-30')!.open).toBe(at('2006-10-30T14:30:00Z'));
  });

  it.each([
    ['1994-04-27', 'Nixon funeral'],
    ['2001-09-11', 'September 11'],
    ['2001-09-14', 'September 11'],
    ['2004-06-11', 'Reagan funeral'],
    ['2007-01-02', 'Ford mourning'],
    ['2012-10-29', 'Hurricane Sandy'],
    ['2012-10-30', 'Hurricane Sandy'],
    ['2018-12-05', 'G. H. W. Bush mourning'],
    ['2025-01-09', 'Carter mourning'],
    ['1998-01-19', 'first MLK day'],
    ['2016-03-25', 'Good Friday'],
    ['2022-06-20', 'Juneteenth observed on Monday'],
    ['2027-06-18', 'Juneteenth observed on Friday'],
    ['2017-01-02', 'New Year on Sunday observed Monday'],
    ['2010-12-24', 'Christmas on Saturday observed Friday'],
    ['2015-07-03', 'Independence Day on Saturday observed Friday'],
    ['2019-11-28', 'Thanksgiving'],
  ])('is closed on %s (%s)', (date) => {
    expect(sessionOn(date)).toBeUndefined();
    expect(cal.isOpen(at(`${date}T16:00:00Z`))).toBe(false);
  });

  it.each([
    ['1997-01-20', 'MLK day before 1998'],
    ['2021-06-18', 'June 18 before Juneteenth became a holiday'],
    ['2021-12-31', 'Friday before a Saturday New Year'],
    ['2001-09-17', 'reopening after 9/11'],
    ['1999-12-31', 'millennium eve, full day'],
  ])('is open all day on %s (%s)', (date) => {
    const s = sessionOn(date)!;
    expect(s.earlyClose).toBe(false);
    expect(cal.barsPerSession(s, MICROS_PER_MINUTE)).toBe(390);
  });

  it.each([
    ['2019-11-29', '18:00'],
    ['2019-12-24', '18:00'],
    ['2019-07-03', '17:00'], // Wednesday, since 2013
    ['2018-07-03', '17:00'], // Tuesday
    ['2002-07-05', '17:00'], // Friday after a Thursday July 4, until 2012
    ['2003-12-26', '18:00'],
    ['1992-11-27', '19:00'], // 14:00 closes before 1993
  ])('closes early on %s at %s UTC', (date, utc) => {
    const s = sessionOn(date)!;
    expect(s.earlyClose).toBe(true);
    expect(s.close).toBe(at(`${date}T${utc}:00Z`));
  });

  it('counts 210 one-minute bars on a 13:00 close', () => {
    expect(cal.barsPerSession(sessionOn('2019-11-29')!, MICROS_PER_MINUTE)).toBe(210);
    expect(cal.barsPerSession(sessionOn('2019-11-29')!, 7 * MICROS_PER_MINUTE)).toBe(30);
    expect(cal.barsPerSession(sessionOn('2019-11-26')!, 60 * MICROS_PER_MINUTE)).toBe(7); // last bar 15:30–16:00
  });

  it('trades the shortened blizzard session of 1996-01-08 (11:00–14:00), unflagged as scheduled', () => {
    const s = sessionOn('1996-01-08')!;
    expect(s.open).toBe(at('1996-01-08T16:00:00Z'));
    expect(s.close).toBe(at('1996-01-08T19:00:00Z'));
    expect(s.earlyClose).toBe(false);
  });

  it.each([
    [2001, 248],
    [2012, 250],
    [2018, 251],
    [2019, 252],
    [2020, 253],
    [2021, 252],
    [2022, 251],
    [2023, 250],
    [2024, 252],
    [2025, 250],
  ])('has the published number of trading days in %i (%i)', (year, n) => {
    expect(tradingDaysIn(year)).toBe(n);
  });

  it('matches the trading days of real daily prices 1990-12-31..2001-09-27', () => {
    const dates = new Set<string>();
    for (const f of ['dowjones30_close.csv', 'msft_daily_ohlcv.csv']) {
      for (const line of readFileSync(join(refData, f), 'utf8').trim().split('\n').slice(1)) {
        dates.add(line.slice(0, 10));
      }
    }
    const expected = [...dates].sort();
    const got = cal
      .sessions(at(`${expected[0]}T00:00:00Z`), at(`${expected[expected.length - 1]}T23:59:59Z`))
      .map((s) => s.date);
    expect(got).toEqual(expected);
  });

  it('treats sessions as half-open [open, close)', () => {
    const s = sessionOn('2019-11-26')!;
    expect(cal.isOpen(s.open)).toBe(true);
    expect(cal.isOpen(s.open - 1)).toBe(false);
    expect(cal.isOpen(s.close - 1)).toBe(true);
    expect(cal.isOpen(s.close)).toBe(false);
    expect(cal.sessionAt(s.open + 1)).toEqual(s);
  });

  it('finds the next session over weekends and holidays', () => {
    expect(cal.nextSession(at('2019-11-28T12:00:00Z')).date).toBe('2019-11-29');
    expect(cal.nextSession(at('2001-09-11T12:00:00Z')).date).toBe('2001-09-17');
    const fri = sessionOn('2024-01-05')!;
    expect(cal.nextSession(fri.open).date).toBe('2024-01-05');
    expect(cal.nextSession(fri.open + 1).date).toBe('2024-01-08');
  });

  it('lists sessions whose open lies in [from, to), in order', () => {
    const s = cal.sessions(at('2024-12-23T14:30:00Z'), at('2025-01-03T14:30:00Z')).map((x) => x.date);
    expect(s).toEqual([
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
      '2025-01-02',
    ]);
  });

  it('raises a typed error outside 1990–2040 instead of guessing', () => {
    expect(() => cal.isOpen(at('1989-12-29T15:00:00Z'))).toThrow(DataError);
    expect(() => cal.nextSession(at('2041-06-01T00:00:00Z'))).toThrow(/coverage/);
    expect(() => cal.sessions(at('2040-12-01T00:00:00Z'), Number.POSITIVE_INFINITY)).toThrow(DataError);
  });
});
