import { describe, expect, it } from 'vitest';
import { BarFrame } from '../../core/barFrame.js';
import { SymbolTable } from '../../core/symbols.js';
import { MICROS_PER_DAY, parseIsoMicros } from '../../core/time.js';
import { calendarByName } from '../calendar/index.js';
import { loadCsv } from '../csv/loadCsv.js';
import { tempCsv } from '../csv/tempCsv.testkit.js';
import { RowFlag, type ValidationReport } from './types.js';
import { validateBars } from './validateBars.js';
import { ValidationError } from './validationError.js';

const nyse = calendarByName('nyse');

/**
 * 40 NYSE sessions of one symbol, daily bars, with planted faults. The clean
 * series has closes 100·exp(Σ 0.004·sin(1.7 i)) (|returns| ≤ 0.4 %), open =
 * previous close, high = max(o, c) + 0.5, low = min(o, c) − 0.5, volume 1000.
 * Planted (each on its own row, none touching another's neighbours):
 *   i = 5, 8   high = max(open, close) − 0.01   → 2 × high_ge_open_close
 *   i = 11     low = −1                         → 1 × price_positive
 *   i = 14     close = NaN                      → 1 × finite
 *   i = 17     volume = Inf                     → 1 × finite
 *   i = 20, 23 the row written twice            → 2 × duplicate
 *   i = 26, 27 written in swapped order         → 1 × unsorted (row 26, after 27 in the file)
 *   i = 30     not written                      → 1 × gap (one session missing)
 *   i ≥ 34     closes × 1.1 (a 9.5 % jump at 34, ≈ 24 robust σ) → 1 × spike
 * Expected repair: drop 2 + 1 + 1 + 1 + 2 = 7 rows; flag 26 (unsorted), 31 (gap), 34 (spike).
 */
function plantedCsv(): { content: string; lineOf: Map<string, number>; sessions: string[] } {
  const sessions = nyse
    .sessions(parseIsoMicros('2024-01-02T00:00:00Z'), parseIsoMicros('2024-04-01T00:00:00Z'))
    .slice(0, 40)
    .map((s) => s.date);
  const closes: number[] = [];
  let c = 100;
  for (let i = 0; i < 40; i++) {
    c *= Math.exp(0.004 * Math.sin(1.7 * i));
    closes.push(i >= 34 ? c * 1.1 : c);
  }
  const row = (i: number): string[] => {
    const open = i === 0 ? 100 : i === 34 ? closes[33]! : closes[i - 1]!;
    const close = closes[i]!;
    return [
      sessions[i]!,
      'ACME',
      String(open),
      String(Math.max(open, close) + 0.5),
      String(Math.min(open, close) - 0.5),
      String(close),
      '1000',
    ];
  };
  const lines: Array<{ tag: string; cells: string[] }> = [];
  for (let i = 0; i < 40; i++) {
    if (i === 30) continue;
    const cells = row(i);
    if (i === 5 || i === 8) cells[3] = String(Math.max(Number(cells[2]), Number(cells[5])) - 0.01);
    if (i === 11) cells[4] = '-1';
    if (i === 14) cells[5] = 'NaN';
    if (i === 17) cells[6] = 'Inf';
    lines.push({ tag: String(i), cells });
    if (i === 20 || i === 23) lines.push({ tag: `${i}dup`, cells: row(i) });
  }
  const k26 = lines.findIndex((l) => l.tag === '26');
  [lines[k26], lines[k26 + 1]] = [lines[k26 + 1]!, lines[k26]!];
  const lineOf = new Map(lines.map((l, k) => [l.tag, k + 2]));
  const content = `timestamp,symbol,open,high,low,close,volume\n${lines.map((l) => l.cells.join(',')).join('\n')}\n`;
  return { content, lineOf, sessions };
}

const EXPECTED_COUNTS: ValidationReport['counts'] = {
  finite: 2,
  price_positive: 1,
  volume_nonnegative: 0,
  high_ge_open_close: 2,
  low_le_open_close: 0,
  unsorted: 1,
  duplicate: 2,
  gap: 1,
  spike: 1,
};

describe('validateBars on a CSV with planted faults', () => {
  it('counts every rule exactly and repair drops exactly the faulty rows', async () => {
    const { content, lineOf } = plantedCsv();
    const path = tempCsv('planted.csv', content);
    const loaded = await loadCsv(path);
    expect(loaded.rows).toBe(41);
    const { report, frame, flags, origin } = validateBars(loaded.frame, {
      mode: 'repair',
      calendar: nyse,
      origin: loaded.origin,
    });
    expect(report.counts).toEqual(EXPECTED_COUNTS);
    expect(report.errors).toBe(2 + 1 + 2 + 1 + 2);
    expect(report.calendar).toBe('nyse');
    expect(report.intervalUs).toBe(MICROS_PER_DAY);

    const line = (tag: string): number => lineOf.get(tag)!;
    expect(report.dropped.map((d) => [d.row, d.rules])).toEqual(
      [
        [line('5'), ['high_ge_open_close']],
        [line('8'), ['high_ge_open_close']],
        [line('11'), ['price_positive']],
        [line('14'), ['finite']],
        [line('17'), ['finite']],
        [line('20dup'), ['duplicate']],
        [line('23dup'), ['duplicate']],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(report.dropped.every((d) => d.file === path && d.symbol === 'ACME')).toBe(true);
    expect(report.flagged.map((f) => [f.row, f.rules])).toEqual([
      [line('26'), ['unsorted']],
      [line('31'), ['gap']],
      [line('34'), ['spike']],
    ]);
    expect(report.rows).toBe(41);
    expect(report.kept).toBe(34);
    expect(frame.length).toBe(34);
    expect(origin!.rows.length).toBe(34);
    // Flags line up with the kept frame.
    const flagAt = (tag: string): number => flags[origin!.rows.indexOf(line(tag))]!;
    expect(flagAt('26')).toBe(RowFlag.unsorted);
    expect(flagAt('31')).toBe(RowFlag.gap);
    expect(flagAt('34')).toBe(RowFlag.spike);
    expect(flags.filter((f) => f !== 0).length).toBe(3);
    // The repaired frame passes strict validation; its holes are now gaps: the planted one plus
    // one per dropped non-duplicate row (i = 5, 8, 11, 14, 17).
    const again = validateBars(frame, { mode: 'strict', calendar: nyse }).report;
    expect(again.errors).toBe(0);
    expect(again.counts.gap).toBe(1 + 5);
  });

  it('strict mode throws ValidationError at the first offending file row, carrying the same report', async () => {
    const { content, lineOf } = plantedCsv();
    const path = tempCsv('planted.csv', content);
    const loaded = await loadCsv(path);
    let err: unknown;
    try {
      validateBars(loaded.frame, { mode: 'strict', calendar: nyse, origin: loaded.origin });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      code: 'E_VALIDATION_FAILED',
      file: path,
      row: lineOf.get('5'),
      column: 'high',
      rule: 'high_ge_open_close',
    });
    expect((err as ValidationError).report.counts).toEqual(EXPECTED_COUNTS);
    expect((err as ValidationError).report.examples.duplicate.map((o) => o.row)).toEqual([
      lineOf.get('20dup'),
      lineOf.get('23dup'),
    ]);
  });

  it('without a calendar gaps are not checked; spikeK raises or lowers the bar', async () => {
    const { content } = plantedCsv();
    const loaded = await loadCsv(tempCsv('planted.csv', content));
    const none = validateBars(loaded.frame, {
      mode: 'repair',
      origin: loaded.origin,
      calendar: calendarByName('none'),
    });
    expect(none.report.counts.gap).toBe(0);
    expect(none.report.calendar).toBe('none');
    // The jump is ≈ 24 robust σ: k = 30 misses it, k = 5 (default) finds it.
    expect(
      validateBars(loaded.frame, { mode: 'repair', origin: loaded.origin, spikeK: 30 }).report.counts.spike,
    ).toBe(0);
  });
});

describe('validateBars without an origin', () => {
  it('reports frame indices, cannot see file order, and still finds value faults', () => {
    const symbols = new SymbolTable(['X']);
    const f = BarFrame.allocate(symbols, 3);
    f.ts.set([0, 60e6, 60e6]);
    f.open.set([1, 1, 1]);
    f.high.set([2, 0.5, 2]);
    f.low.set([0.5, 0.5, 0.5]);
    f.close.set([1.5, 1, 1]);
    f.volume.set([1, 1, 1]);
    const { report, frame } = validateBars(f, { mode: 'repair' });
    expect(report.counts.high_ge_open_close).toBe(1);
    expect(report.counts.duplicate).toBe(1);
    expect(report.counts.unsorted).toBe(0);
    expect(report.dropped).toEqual([
      { index: 1, symbol: 'X', rules: ['high_ge_open_close'] },
      { index: 2, symbol: 'X', rules: ['duplicate'] },
    ]);
    expect(report.examples.high_ge_open_close[0]).toEqual({
      rule: 'high_ge_open_close',
      index: 1,
      symbol: 'X',
      column: 'high',
      value: 0.5,
    });
    expect(Array.from(frame.ts)).toEqual([0]);
  });

  it('treats NaN volume as a fault only when the source had a volume column', async () => {
    const path = tempCsv('fx.csv', 'timestamp,close\n2024-01-02T00:00:00Z,1.1\n2024-01-02T00:30:00Z,1.2\n');
    const loaded = await loadCsv(path, { symbol: 'EURUSD' });
    expect(validateBars(loaded.frame, { mode: 'strict', origin: loaded.origin }).report.errors).toBe(0);
    expect(validateBars(loaded.frame, { mode: 'repair' }).report.counts.finite).toBe(2);
  });

  it('does not mutate the input frame in repair mode', async () => {
    const { content } = plantedCsv();
    const loaded = await loadCsv(tempCsv('planted.csv', content));
    const before = Array.from(loaded.frame.close);
    validateBars(loaded.frame, { mode: 'repair', origin: loaded.origin });
    expect(Array.from(loaded.frame.close)).toEqual(before);
  });
});
