import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../core/errors.js';
import { validateBars } from '../validate/validateBars.js';
import { ValidationError } from '../validate/validationError.js';
import { DuplicateSymbolError, loadCsv, loadCsvFiles } from './loadCsv.js';
import { tempCsv } from './tempCsv.testkit.js';
import type { CsvLoadOptions } from './types.js';

const HEADER = 'timestamp,symbol,open,high,low,close,volume\n';

async function loadError(
  content: string,
  opts: CsvLoadOptions = {},
): Promise<{ err: unknown; path: string }> {
  const path = tempCsv('bad.csv', content);
  const err = await loadCsv(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, path };
}

/** Loads cleanly, then strict validation throws: the error. */
async function strictError(content: string): Promise<{ err: unknown; path: string }> {
  const path = tempCsv('bad.csv', content);
  const r = await loadCsv(path);
  try {
    validateBars(r.frame, { mode: 'strict', origin: r.origin });
    return { err: undefined, path };
  } catch (err) {
    return { err, path };
  }
}

describe('bad input: loader errors name file, row, column and rule', () => {
  it('empty file → E_EMPTY_FILE', async () => {
    const { err, path } = await loadError('');
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_EMPTY_FILE', file: path, row: undefined, column: undefined });
  });

  it('header without data rows → E_EMPTY_FILE at row 2', async () => {
    const { err, path } = await loadError(HEADER);
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_EMPTY_FILE', file: path, row: 2, column: undefined });
  });

  it('wrong header (no timestamp column) → E_BAD_HEADER naming the missing column', async () => {
    const { err, path } = await loadError('when,symbol,open,high,low,close\n2024-01-02,A,1,1,1,1\n');
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_BAD_HEADER',
      file: path,
      row: 1,
      column: 'timestamp',
      rule: 'required column',
    });
  });

  it('missing header (data on line 1) → E_BAD_HEADER', async () => {
    const { err, path } = await loadError('2024-01-02,A,1,1,1,1,5\n2024-01-03,A,1,1,1,1,5\n');
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_BAD_HEADER', file: path, row: 1, column: 'timestamp' });
  });

  it('some but not all of open/high/low → E_BAD_HEADER naming the absent one', async () => {
    const { err, path } = await loadError('timestamp,symbol,open,low,close\n2024-01-02,A,1,1,1\n');
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_BAD_HEADER', file: path, row: 1, column: 'high' });
  });

  it('a column name twice → E_BAD_HEADER', async () => {
    const { err, path } = await loadError(
      'timestamp,symbol,open,high,low,close,close\n2024-01-02,A,1,1,1,1,1\n',
    );
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_BAD_HEADER',
      file: path,
      row: 1,
      column: 'close',
      rule: 'unique column names',
    });
  });

  it('no symbol column and no symbol option → E_BAD_HEADER', async () => {
    const { err, path } = await loadError('timestamp,open,high,low,close\n2024-01-02,1,1,1,1\n');
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_BAD_HEADER', file: path, row: 1, column: 'symbol' });
  });

  it('symbol option and a symbol column → ConfigError', async () => {
    const { err, path } = await loadError(`${HEADER}2024-01-02,A,1,1,1,1,5\n`, { symbol: 'B' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: 'E_CONFIG', file: path, column: 'symbol' });
  });

  it('non-numeric cell → E_NOT_NUMERIC', async () => {
    const { err, path } = await loadError(
      `${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n2024-01-03,A,1,abc,0.5,1.5,10\n`,
    );
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_NOT_NUMERIC',
      file: path,
      row: 3,
      column: 'high',
      rule: 'numeric cell',
    });
  });

  it('unparseable timestamp → E_INVALID_INPUT', async () => {
    const { err, path } = await loadError(
      `${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n2024-02-30,A,1,2,0.5,1.5,10\n`,
    );
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_INVALID_INPUT',
      file: path,
      row: 3,
      column: 'timestamp',
      rule: 'timestamp format',
    });
  });

  it('a row with the wrong number of fields → E_INVALID_INPUT', async () => {
    const { err, path } = await loadError(`${HEADER}2024-01-02,A,1,2,0.5,1.5\n`);
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_INVALID_INPUT',
      file: path,
      row: 2,
      column: 'volume',
      rule: 'field count matches the header',
    });
  });

  it('unknown time zone → E_UNKNOWN_TIME_ZONE on the timestamp column', async () => {
    const { err, path } = await loadError(`${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n`, {
      timeZone: 'America/Gotham',
    });
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({
      code: 'E_UNKNOWN_TIME_ZONE',
      file: path,
      row: undefined,
      column: 'timestamp',
    });
  });

  it('the same symbol in two files → E_DUPLICATE_SYMBOL naming both files', async () => {
    const a = tempCsv('a.csv', `${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n2024-01-02,B,1,2,0.5,1.5,10\n`);
    const b = tempCsv('b.csv', `${HEADER}2024-01-02,C,1,2,0.5,1.5,10\n2024-01-02,B,1,2,0.5,1.5,10\n`);
    const err = await loadCsvFiles([a, b]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateSymbolError);
    expect(err).toMatchObject({
      code: 'E_DUPLICATE_SYMBOL',
      file: b,
      row: 3,
      column: 'symbol',
      symbol: 'B',
      files: [a, b],
    });
    expect((err as Error).message).toContain(a);
    expect((err as Error).message).toContain(b);
  });

  it('the same symbol option for two files → E_DUPLICATE_SYMBOL', async () => {
    const a = tempCsv('a.csv', 'timestamp,open,high,low,close\n2024-01-02,1,1,1,1\n');
    const b = tempCsv('b.csv', 'timestamp,open,high,low,close\n2024-01-03,1,1,1,1\n');
    const err = await loadCsvFiles([a, b], { symbol: 'X' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateSymbolError);
    expect(err).toMatchObject({ code: 'E_DUPLICATE_SYMBOL', file: b, row: 2, column: undefined });
  });
});

describe('bad input: value faults fail strict validation (E_VALIDATION_FAILED, cause with the rule code)', () => {
  const rows = (bad: string): string =>
    `${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n${bad}\n2024-01-04,A,1,2,0.5,1.5,10\n`;

  it('NaN → rule finite, cause E_NON_FINITE', async () => {
    const { err, path } = await strictError(rows('2024-01-03,A,1,2,0.5,NaN,10'));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      code: 'E_VALIDATION_FAILED',
      file: path,
      row: 3,
      column: 'close',
      rule: 'finite',
    });
    expect((err as ValidationError).cause).toMatchObject({
      code: 'E_NON_FINITE',
      file: path,
      row: 3,
      column: 'close',
    });
  });

  it('Inf → rule finite, cause E_NON_FINITE', async () => {
    const { err, path } = await strictError(rows('2024-01-03,A,1,2,0.5,1.5,Inf'));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      code: 'E_VALIDATION_FAILED',
      file: path,
      row: 3,
      column: 'volume',
      rule: 'finite',
    });
    expect((err as ValidationError).cause).toMatchObject({ code: 'E_NON_FINITE' });
  });

  it('negative price → rule price_positive, cause E_NEGATIVE_PRICE', async () => {
    const { err, path } = await strictError(rows('2024-01-03,A,1,2,-0.5,1.5,10'));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      code: 'E_VALIDATION_FAILED',
      file: path,
      row: 3,
      column: 'low',
      rule: 'price_positive',
    });
    expect((err as ValidationError).cause).toMatchObject({ code: 'E_NEGATIVE_PRICE' });
  });

  it('unsorted times → rule unsorted on the late row, cause E_UNSORTED', async () => {
    const { err, path } = await strictError(
      `${HEADER}2024-01-02,A,1,2,0.5,1.5,10\n2024-01-04,A,1,2,0.5,1.5,10\n2024-01-03,A,1,2,0.5,1.5,10\n`,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      code: 'E_VALIDATION_FAILED',
      file: path,
      row: 4,
      column: 'timestamp',
      rule: 'unsorted',
    });
    expect((err as ValidationError).cause).toMatchObject({ code: 'E_UNSORTED' });
    expect((err as ValidationError).report.counts.unsorted).toBe(1);
  });
});
