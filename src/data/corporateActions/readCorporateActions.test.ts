import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { parseIsoMicros } from '../../core/time.js';
import { tempCsv } from '../csv/tempCsv.testkit.js';
import { corporateActionsFromObjects, loadCorporateActionsCsv } from './readCorporateActions.js';

const t = (s: string): number => parseIsoMicros(s);

describe('loadCorporateActionsCsv', () => {
  it('reads splits (n, new:old) and dividends; a date-only announcement counts from the end of that day', async () => {
    const path = tempCsv(
      'ca.csv',
      'Symbol,Type,Ex_Date,Value,Announced\n' +
        'ACME,dividend,2024-01-04,1.02,2023-12-15\n' +
        'ACME,split,2024-01-08,2:1,2024-01-05T12:00:00Z\n' +
        'TINY,split,2024-02-01,1:10,2024-01-20\n' +
        'BIG,split,2024-03-01,3,2024-02-01\n',
    );
    expect(await loadCorporateActionsCsv(path)).toEqual([
      {
        kind: 'dividend',
        symbol: 'ACME',
        exTs: t('2024-01-04T00:00:00Z'),
        amount: 1.02,
        knownAt: t('2023-12-16T00:00:00Z'),
      },
      {
        kind: 'split',
        symbol: 'ACME',
        exTs: t('2024-01-08T00:00:00Z'),
        ratio: 2,
        knownAt: t('2024-01-05T12:00:00Z'),
      },
      {
        kind: 'split',
        symbol: 'TINY',
        exTs: t('2024-02-01T00:00:00Z'),
        ratio: 0.1,
        knownAt: t('2024-01-21T00:00:00Z'),
      },
      {
        kind: 'split',
        symbol: 'BIG',
        exTs: t('2024-03-01T00:00:00Z'),
        ratio: 3,
        knownAt: t('2024-02-02T00:00:00Z'),
      },
    ]);
  });

  it('stamps ex-dates like the bar loader (timeZone + dateTime) and announcements at local midnight after', async () => {
    const path = tempCsv(
      'ca.csv',
      'symbol,type,ex_date,value,announced\nACME,split,2024-07-08,2,2024-07-01\n',
    );
    const [e] = await loadCorporateActionsCsv(path, { timeZone: 'America/New_York', dateTime: '09:30' });
    expect(e).toMatchObject({ exTs: t('2024-07-08T13:30:00Z'), knownAt: t('2024-07-02T04:00:00Z') });
  });

  it('names file, row and column of a bad event', async () => {
    const cases: Array<[string, string, string]> = [
      ['ACME,merger,2024-01-04,1,2024-01-01', 'type', 'E_INVALID_INPUT'],
      ['ACME,split,2024-01-04,-2,2024-01-01', 'value', 'E_INVALID_INPUT'],
      ['ACME,dividend,2024-01-04,abc,2024-01-01', 'value', 'E_NOT_NUMERIC'],
      ['ACME,dividend,04/01/2024,1,2024-01-01', 'ex_date', 'E_INVALID_INPUT'],
      [',dividend,2024-01-04,1,2024-01-01', 'symbol', 'E_INVALID_INPUT'],
    ];
    for (const [row, column, code] of cases) {
      const path = tempCsv(
        'ca.csv',
        `symbol,type,ex_date,value,announced\nACME,split,2024-01-02,2,2024-01-01\n${row}\n`,
      );
      const err = await loadCorporateActionsCsv(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect(err).toMatchObject({ code, file: path, row: 3, column });
    }
  });

  it('rejects a missing column and an empty file', async () => {
    const noAnnounced = tempCsv('ca.csv', 'symbol,type,ex_date,value\nACME,split,2024-01-02,2\n');
    await expect(loadCorporateActionsCsv(noAnnounced)).rejects.toMatchObject({
      code: 'E_BAD_HEADER',
      row: 1,
      column: 'announced',
    });
    await expect(loadCorporateActionsCsv(tempCsv('empty.csv', ''))).rejects.toMatchObject({
      code: 'E_EMPTY_FILE',
    });
  });
});

describe('corporateActionsFromObjects', () => {
  it('accepts valid events and names the item and field of an invalid one', () => {
    const ok = { kind: 'split', symbol: 'ACME', exTs: 1_000_000, ratio: 2, knownAt: 0 };
    expect(corporateActionsFromObjects([ok])).toEqual([ok]);
    let err: unknown;
    try {
      corporateActionsFromObjects([
        ok,
        { kind: 'dividend', symbol: 'ACME', exTs: 1.5, amount: 1, knownAt: 0 },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_INVALID_INPUT', row: 2, column: 'exTs' });
    expect(() => corporateActionsFromObjects([{ ...ok, ratio: Number.POSITIVE_INFINITY }])).toThrow(
      DataError,
    );
    expect(() => corporateActionsFromObjects([{ ...ok, kind: 'spinoff' }])).toThrow(
      /kind|discriminator|Invalid/i,
    );
  });
});
