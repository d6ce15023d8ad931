/**
 * The real (and TTR's synthetic) datasets in shared/refvec/data ingest and
 * validate cleanly with the right calendar. Expected counts and first/last
 * times are the ones data/README.md and datasets_meta.csv state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIsoMicros } from '../../src/core/time.js';
import { calendarByName } from '../../src/data/calendar/index.js';
import { loadCsv } from '../../src/data/csv/index.js';
import { validateBars } from '../../src/data/validate/index.js';

const DATA = join(import.meta.dirname, '../../../shared/refvec/data');

/** Data lines of a CSV counted independently of the loader. */
function dataLines(file: string): number {
  return (
    readFileSync(join(DATA, file), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0).length - 1
  );
}

describe('refvec datasets ingest and validate cleanly', () => {
  it('MSFT daily (NYSE): 249 bars stamped at the session open, no faults, no gaps (9/11 closure is in the calendar)', async () => {
    const nyse = calendarByName('nyse');
    const r = await loadCsv(join(DATA, 'msft_daily_ohlcv.csv'), {
      symbol: 'MSFT',
      timeZone: 'America/New_York',
      dateTime: '09:30',
    });
    expect(r.rows).toBe(249);
    expect(r.frame.length).toBe(dataLines('msft_daily_ohlcv.csv'));
    expect(formatIsoMicros(r.frame.ts[0]!)).toBe('2000-09-27T13:30:00.000Z');
    expect(formatIsoMicros(r.frame.ts[248]!)).toBe('2001-09-27T13:30:00.000Z');
    expect(r.frame.bar(0)).toMatchObject({
      open: 63.4375,
      high: 63.5625,
      low: 59.8125,
      close: 60.625,
      volume: 53077800,
    });
    for (let i = 0; i < r.frame.length; i++) expect(nyse.sessionAt(r.frame.ts[i]!)?.open).toBe(r.frame.ts[i]);
    const { report } = validateBars(r.frame, { mode: 'strict', calendar: nyse, origin: r.origin });
    expect(report.errors).toBe(0);
    expect(report.counts.gap).toBe(0);
    expect(report.calendar).toBe('nyse');
  });

  it('TTR synthetic daily (no calendar): 5550 bars 1985-01-02 .. 2006-12-29, no faults', async () => {
    const r = await loadCsv(join(DATA, 'ttrc_SYNTHETIC_ohlcv.csv'), { symbol: 'TTRC' });
    expect(r.rows).toBe(5550);
    expect(r.frame.length).toBe(dataLines('ttrc_SYNTHETIC_ohlcv.csv'));
    expect(formatIsoMicros(r.frame.ts[0]!)).toBe('1985-01-02T00:00:00.000Z');
    expect(formatIsoMicros(r.frame.ts[5549]!)).toBe('2006-12-29T00:00:00.000Z');
    const { report } = validateBars(r.frame, {
      mode: 'strict',
      calendar: calendarByName('none'),
      origin: r.origin,
    });
    expect(report.errors).toBe(0);
    expect(report.counts.gap).toBe(0);
  });

  it('USDCHF 30-minute prints (fx24x5): 62,496 single-price bars, volume unknown, no faults', async () => {
    const r = await loadCsv(join(DATA, 'usdchf_30m.csv'), { symbol: 'USDCHF' });
    expect(r.rows).toBe(62_496);
    expect(r.frame.length).toBe(dataLines('usdchf_30m.csv'));
    expect(r.columns).toEqual({ ohlc: false, volume: false, vwap: false, trades: false, adjClose: false });
    expect(formatIsoMicros(r.frame.ts[0]!)).toBe('1996-03-31T22:00:00.000Z');
    expect(formatIsoMicros(r.frame.ts[62_495]!)).toBe('2001-03-30T21:30:00.000Z');
    expect(r.frame.bar(62_495)).toMatchObject({ open: 1.7429, high: 1.7429, low: 1.7429, close: 1.7429 });
    expect(r.intervalUs).toBe(30 * 60 * 1e6);
    const { report } = validateBars(r.frame, {
      mode: 'strict',
      calendar: calendarByName('fx24x5'),
      origin: r.origin,
    });
    expect(report.errors).toBe(0);
    expect(report.calendar).toBe('fx24x5');
  });

  it('USDCHF 4-hour derived OHLC (fx24x5): 8074 bars, no volume column, no faults', async () => {
    const r = await loadCsv(join(DATA, 'usdchf_4h_ohlc_derived.csv'), { symbol: 'USDCHF' });
    expect(r.rows).toBe(8074);
    expect(r.frame.length).toBe(dataLines('usdchf_4h_ohlc_derived.csv'));
    expect(r.columns.ohlc).toBe(true);
    expect(r.columns.volume).toBe(false);
    expect(formatIsoMicros(r.frame.ts[0]!)).toBe('1996-03-31T20:00:00.000Z');
    expect(formatIsoMicros(r.frame.ts[8073]!)).toBe('2001-03-30T20:00:00.000Z');
    expect(r.frame.bar(0)).toMatchObject({ open: 1.193, high: 1.1941, low: 1.193, close: 1.1931 });
    const { report } = validateBars(r.frame, {
      mode: 'strict',
      calendar: calendarByName('fx24x5'),
      origin: r.origin,
    });
    expect(report.errors).toBe(0);
  });
});
