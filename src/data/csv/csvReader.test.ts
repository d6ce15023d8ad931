import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { type CsvFields, cellText, readCsv } from './csvReader.js';
import { tempCsv } from './tempCsv.testkit.js';

/** Every record as [line, ...cells]. */
async function records(
  content: string | Uint8Array,
  chunkBytes?: number,
): Promise<Array<[number, ...string[]]>> {
  const path = tempCsv('t.csv', content);
  const out: Array<[number, ...string[]]> = [];
  const sink = {
    row(buf: Buffer, f: CsvFields, line: number) {
      const cells: string[] = [];
      for (let i = 0; i < f.count; i++) cells.push(cellText(buf, f, i));
      out.push([line, ...cells]);
    },
  };
  const n = await readCsv(path, sink, chunkBytes === undefined ? {} : { chunkBytes });
  expect(n).toBe(out.length);
  return out;
}

const TRICKY = '\uFEFFa,b,c\r\n' + '1,"x, y",3\r\n' + '\r\n' + '"he said ""hi""",,"multi\nline"\n' + '4,5,6';

const EXPECTED: Array<[number, ...string[]]> = [
  [1, 'a', 'b', 'c'],
  [2, '1', 'x, y', '3'],
  [4, 'he said "hi"', '', 'multi\nline'],
  [6, '4', '5', '6'],
];

describe('readCsv', () => {
  it('handles a BOM, CRLF, quotes with commas, escaped quotes, embedded newlines, blank lines and no final newline', async () => {
    expect(await records(TRICKY)).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk size (records split across reads, buffer growth)', async () => {
    for (const chunk of [1, 2, 3, 5, 7, 16]) expect(await records(TRICKY, chunk)).toEqual(EXPECTED);
  });

  it('keeps empty trailing fields and a trailing newline produces no extra record', async () => {
    expect(await records('a,b\n1,\n,\n')).toEqual([
      [1, 'a', 'b'],
      [2, '1', ''],
      [3, '', ''],
    ]);
  });

  it('reads records wider than its initial field arrays', async () => {
    const cells = Array.from({ length: 150 }, (_, i) => `c${i}`);
    expect(await records(`${cells.join(',')}\n${cells.join(',')}\n`)).toEqual([
      [1, ...cells],
      [2, ...cells],
    ]);
  });

  it('reads UTF-8 cells', async () => {
    expect(await records('sym\nNESN.SW\nÄBB\n')).toEqual([
      [1, 'sym'],
      [2, 'NESN.SW'],
      [3, 'ÄBB'],
    ]);
  });

  it('rejects an unterminated quote with the line it started on', async () => {
    const path = tempCsv('bad.csv', 'a,b\n1,"open\n2,3\n');
    const err = await readCsv(path, { row() {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'E_INVALID_INPUT', file: path, row: 2, rule: 'csv-quote' });
  });

  it('reads nothing from an empty file', async () => {
    expect(await records('')).toEqual([]);
    expect(await records('\uFEFF\n\r\n')).toEqual([]);
  });
});
