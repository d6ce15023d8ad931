import { describe, expect, it } from 'vitest';
import { dateToEpochDay, epochDayToDate } from '../../core/time.js';
import {
  easterSunday,
  epochDayOf,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekday,
  yearOf,
} from './civilDate.js';

describe('civil date arithmetic', () => {
  it('knows weekdays on both sides of the epoch', () => {
    expect(weekday(0)).toBe(4); // 1970-01-01 Thursday
    expect(weekday(-1)).toBe(3);
    expect(weekday(dateToEpochDay('2024-02-29'))).toBe(4);
    expect(epochDayOf(2024, 2, 29)).toBe(dateToEpochDay('2024-02-29'));
    expect(yearOf(dateToEpochDay('1999-12-31'))).toBe(1999);
  });

  it('finds n-th and last weekdays', () => {
    expect(epochDayToDate(nthWeekdayOfMonth(2019, 11, 4, 4))).toBe('2019-11-28'); // Thanksgiving
    expect(epochDayToDate(nthWeekdayOfMonth(2024, 1, 1, 3))).toBe('2024-01-15'); // MLK day
    expect(epochDayToDate(lastWeekdayOfMonth(2021, 5, 1))).toBe('2021-05-31'); // Memorial Day on the 31st
    expect(epochDayToDate(lastWeekdayOfMonth(2006, 10, 0))).toBe('2006-10-29');
  });

  it.each([
    [1990, '1990-04-15'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2038, '2038-04-25'],
  ])('dates Easter %i on %s', (year, date) => {
    expect(epochDayToDate(easterSunday(year))).toBe(date);
  });
});
