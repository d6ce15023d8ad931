import { describe, expect, it } from 'vitest';
import { SymbolTable } from '../../core/symbols.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, parseIsoMicros } from '../../core/time.js';
import { loadCsv, loadCsvFiles } from './loadCsv.js';
import { tempCsv } from './tempCsv.testkit.js';

const iso = (s: string): number => parseIsoMicros(s);

describe('loadCsv vendor layouts', () => {
  it('Yahoo daily: detected, dates at 00:00 UTC, Adj Close kept beside the raw close', async () => {
    const path = tempCsv(
      'aapl.csv',
      'Date,Open,High,Low,Close,Adj Close,Volume\n' +
        '2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700\n' +
        '2024-01-03,184.22,185.88,183.43,184.25,183.55,58414500\n',
    );
    const r = await loadCsv(path, { symbol: 'AAPL' });
    expect(r.layout).toBe('yahoo');
    expect(r.rows).toBe(2);
    expect(r.frame.bar(0)).toEqual({
      symbol: 'AAPL',
      ts: iso('2024-01-02T00:00:00Z'),
      open: 187.15,
      high: 188.44,
      low: 183.89,
      close: 185.64,
      volume: 82488700,
      vwap: Number.NaN,
      trades: 0,
      // knownAt = ts + the inferred 1-day interval.
      knownAt: iso('2024-01-03T00:00:00Z'),
    });
    expect(Array.from(r.adjClose!)).toEqual([184.94, 183.55]);
    expect(r.columns).toEqual({ ohlc: true, volume: true, vwap: false, trades: false, adjClose: true });
  });

  it('Polygon aggregates: epoch-ms t, vw → vwap, n → trades, grouped `T` ticker column', async () => {
    const path = tempCsv(
      'poly.csv',
      'T,v,vw,o,c,h,l,t,n\n' +
        'MSFT,1000,400.5,400,401,402,399,1704205800000,17\n' +
        'AAPL,2000,185.5,185,186,187,184,1704205800000,30\n' +
        'MSFT,1500,401.5,401,402,403,400,1704205860000,21\n',
    );
    const r = await loadCsv(path);
    expect(r.layout).toBe('polygon');
    expect(r.frame.symbols.list()).toEqual(['MSFT', 'AAPL']);
    // Sorted by (symbol id, ts): MSFT (id 0) rows first.
    expect(Array.from(r.frame.symbol)).toEqual([0, 0, 1]);
    expect(r.frame.bar(1)).toMatchObject({
      symbol: 'MSFT',
      ts: iso('2024-01-02T14:31:00Z'),
      vwap: 401.5,
      trades: 21,
    });
    expect(r.frame.bar(2)).toMatchObject({
      symbol: 'AAPL',
      open: 185,
      high: 187,
      low: 184,
      close: 186,
      volume: 2000,
    });
    // File lines follow the rows through the sort.
    expect(Array.from(r.origin.rows)).toEqual([2, 4, 3]);
  });

  it('Alpaca bars: RFC 3339 times, trade_count, optional symbol column', async () => {
    const path = tempCsv(
      'alpaca.csv',
      'symbol,timestamp,open,high,low,close,volume,trade_count,vwap\n' +
        'SPY,2024-01-02T14:30:00Z,472.16,472.5,471.9,472.3,120000,950,472.2\n' +
        'SPY,2024-01-02T14:31:00Z,472.3,472.8,472.1,472.7,90000,700,472.5\n',
    );
    const r = await loadCsv(path);
    expect(r.layout).toBe('alpaca');
    expect(r.frame.bar(1)).toMatchObject({
      symbol: 'SPY',
      ts: iso('2024-01-02T14:31:00Z'),
      trades: 700,
      vwap: 472.5,
    });
    expect(r.intervalUs).toBe(MICROS_PER_MINUTE);
  });

  it('generic layout with custom column names, a time zone and epoch seconds', async () => {
    const naive = tempCsv(
      'naive.csv',
      'time,ticker,o,h,l,last,qty\n2024-07-01 09:30:00,XYZ,10,11,9,10.5,100\n',
    );
    const a = await loadCsv(naive, {
      layout: 'generic',
      columns: {
        timestamp: 'time',
        symbol: 'ticker',
        open: 'o',
        high: 'h',
        low: 'l',
        close: 'last',
        volume: 'qty',
      },
      timeZone: 'America/New_York',
    });
    expect(a.frame.bar(0)).toMatchObject({
      symbol: 'XYZ',
      ts: iso('2024-07-01T13:30:00Z'),
      close: 10.5,
      volume: 100,
    });
    // One bar: no interval to infer, so knownAt = ts.
    expect(a.frame.knownAt[0]).toBe(a.frame.ts[0]);

    const secs = tempCsv('secs.csv', 'timestamp,open,high,low,close,volume\n1700000000,1,2,0.5,1.5,10\n');
    const b = await loadCsv(secs, { symbol: 'S', timeUnit: 's', knownAt: 42 });
    expect(b.frame.ts[0]).toBe(1_700_000_000_000_000);
    expect(b.frame.knownAt[0]).toBe(42);
  });

  it('dates stamped at the NYSE open with timeZone + dateTime', async () => {
    const path = tempCsv(
      'd.csv',
      'timestamp,open,high,low,close,volume\n2001-09-17,1,2,0.5,1.5,10\n2001-09-18,1,2,0.5,1.5,10\n',
    );
    const r = await loadCsv(path, { symbol: 'MSFT', timeZone: 'America/New_York', dateTime: '09:30' });
    expect(Array.from(r.frame.ts)).toEqual([iso('2001-09-17T13:30:00Z'), iso('2001-09-18T13:30:00Z')]);
    expect(r.frame.knownAt[0]).toBe(iso('2001-09-17T13:30:00Z') + MICROS_PER_DAY);
  });

  it('single-price file: open = high = low = close, volume NaN and marked unknown', async () => {
    const path = tempCsv(
      'fx.csv',
      'timestamp,timestamp_zurich,close\n1996-03-31T22:00:00Z,1996-04-01 00:00:00,1.193\n',
    );
    const r = await loadCsv(path, { symbol: 'USDCHF' });
    expect(r.frame.bar(0)).toMatchObject({ open: 1.193, high: 1.193, low: 1.193, close: 1.193, trades: 0 });
    expect(r.frame.volume[0]).toBeNaN();
    expect(r.columns.ohlc).toBe(false);
    expect(r.origin.files[0]!.volumeKnown).toBe(false);
    expect(r.origin.files[0]!.columnNames).toMatchObject({ ts: 'timestamp', open: 'close', close: 'close' });
  });

  it('sorts a time-major multi-symbol file into (symbol, ts) order and keeps duplicates and out-of-order rows', async () => {
    const path = tempCsv(
      'multi.csv',
      'timestamp,symbol,open,high,low,close,volume\n' +
        '2024-01-02T14:32:00Z,B,1,1,1,1,1\n' +
        '2024-01-02T14:30:00Z,A,2,2,2,2,2\n' +
        '2024-01-02T14:30:00Z,B,3,3,3,3,3\n' +
        '2024-01-02T14:31:00Z,A,4,4,4,4,4\n' +
        '2024-01-02T14:31:00Z,A,5,5,5,5,5\n',
    );
    const r = await loadCsv(path);
    expect(r.frame.symbols.list()).toEqual(['B', 'A']);
    expect(Array.from(r.frame.close)).toEqual([3, 1, 2, 4, 5]);
    expect(Array.from(r.origin.rows)).toEqual([4, 2, 3, 5, 6]);
  });

  it('interns quoted symbols, with escaped quotes and surrounding spaces, to one id per name', async () => {
    const path = tempCsv(
      'q.csv',
      'timestamp,symbol,open,high,low,close,volume\n' +
        '1,"BRK ""B""",1,1,1,1,1\n' +
        '2, BRK.A ,1,1,1,1,1\n' +
        '3,"BRK ""B""",1,1,1,1,1\n' +
        '4,BRK.A,1,1,1,1,1\n',
    );
    const r = await loadCsv(path, { timeUnit: 's' });
    expect(r.frame.symbols.list()).toEqual(['BRK "B"', 'BRK.A']);
    expect(Array.from(r.frame.symbol)).toEqual([0, 0, 1, 1]);
  });

  it('loads the same frame with 7-byte chunks as with the default', async () => {
    const lines = ['timestamp,symbol,open,high,low,close,volume'];
    for (let i = 0; i < 200; i++) {
      lines.push(
        `${1_700_000_000 + 60 * i},"S${i % 3}",${100 + i}.25,${101 + i}.5,${99 + i},${100 + i}.125,${i * 7}`,
      );
    }
    const path = tempCsv('chunks.csv', `${lines.join('\r\n')}\r\n`);
    const a = await loadCsv(path);
    const b = await loadCsv(path, { chunkBytes: 7 });
    expect(b.frame.length).toBe(200);
    for (const f of ['symbol', 'ts', 'open', 'high', 'low', 'close', 'volume', 'knownAt'] as const) {
      expect(Array.from(b.frame[f])).toEqual(Array.from(a.frame[f]));
    }
    expect(b.frame.bar(0)).toMatchObject({
      symbol: 'S0',
      ts: 1_700_000_000_000_000,
      open: 100.25,
      close: 100.125,
      volume: 0,
    });
  });
});

describe('loadCsvFiles', () => {
  it('merges files over one symbol table in symbol order, with per-file origins', async () => {
    const a = tempCsv('a.csv', 'timestamp,open,high,low,close\n2024-01-02,1,1,1,1\n2024-01-03,2,2,2,2\n');
    const b = tempCsv('b.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,5,5,5,5,4.5,100\n');
    const symbols = new SymbolTable();
    const r = await loadCsvFiles(
      [
        { path: a, symbol: 'AAA' },
        { path: b, symbol: 'BBB' },
      ],
      { symbols },
    );
    expect(r.frame.length).toBe(3);
    expect(symbols.list()).toEqual(['AAA', 'BBB']);
    expect(Array.from(r.frame.close)).toEqual([1, 2, 5]);
    expect(Array.from(r.origin.symbolFile)).toEqual([0, 1]);
    expect(r.origin.files.map((f) => f.path)).toEqual([a, b]);
    expect(Array.from(r.origin.rows)).toEqual([2, 3, 2]);
    expect(r.adjClose![0]).toBeNaN();
    expect(r.adjClose![2]).toBe(4.5);
    expect(r.files.map((f) => f.layout)).toEqual(['generic', 'yahoo']);
  });
});
